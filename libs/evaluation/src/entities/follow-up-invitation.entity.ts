import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Respondent, StoredFollowUpAnswers } from '../follow-up-model';

/**
 * One person asked in one wave about one learner: the learner themself, or their supervisor. Confidential, not
 * anonymous (ADR 0010): the answer belongs to its invitation, and is shown only in aggregate. One per wave, learner
 * and respondent. A supervisor's invitation carries the state of its mails (the invitation, two reminders), claimed
 * by one worker at a time.
 */
@Entity('follow_up_invitations')
@Index('follow_up_invitations_one', ['waveId', 'learnerId', 'respondent'], { unique: true })
@Index('follow_up_invitations_learner', ['learnerId'])
export class FollowUpInvitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'wave_id' })
  waveId: string;

  /** The learner the questions are about (identity's; foreign key in the migration). */
  @Column({ type: 'uuid', name: 'learner_id' })
  learnerId: string;

  @Column({ type: 'varchar', length: 12 })
  respondent: Respondent;

  /** The supervisor asked (supervisor invitations only). */
  @Column({ type: 'uuid', name: 'contact_id', nullable: true })
  contactId: string | null;

  /** The learner's completion plus the wave's months: when it became due. */
  @Column({ type: 'timestamptz', name: 'due_at' })
  dueAt: Date;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  /** Learner: put in the outbox when created; supervisor: the first mail. Reminders count from here. */
  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt: Date | null;

  /** No answer is taken after this ({@link ANSWER_DAYS} after `sent_at`). */
  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  /** Reminders sent: 0, 1 (after 7 days), 2 (after 14). */
  @Column({ type: 'int', name: 'reminders_sent', default: 0 })
  remindersSent: number;

  @Column({ type: 'timestamptz', name: 'last_sent_at', nullable: true })
  lastSentAt: Date | null;

  @Column({ type: 'timestamptz', name: 'answered_at', nullable: true })
  answeredAt: Date | null;

  /** The supervisor's mails: the worker that holds the next one, until when, tries of it, its back-off. */
  @Column({ type: 'uuid', name: 'claim_token', nullable: true })
  claimToken: string | null;

  @Column({ type: 'timestamptz', name: 'claimed_until', nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'varchar', length: 500, name: 'last_error', nullable: true })
  lastError: string | null;
}

/** A link mailed to a supervisor: only the SHA-256 of its random token. Every mail (the invitation, each reminder) has its own. */
@Entity('follow_up_links')
@Index('follow_up_links_invitation', ['invitationId'])
export class FollowUpLink {
  @PrimaryColumn({ type: 'bytea', name: 'token_sha256' })
  tokenSha256: Buffer;

  @Column({ type: 'uuid', name: 'invitation_id' })
  invitationId: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** The answers of one invitation, written once with the invitation's `answered_at`. */
@Entity('follow_up_responses')
export class FollowUpResponse {
  @PrimaryColumn({ type: 'uuid', name: 'invitation_id' })
  invitationId: string;

  @Column({ type: 'jsonb' })
  answers: StoredFollowUpAnswers;
}
