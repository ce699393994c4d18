import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A lesson a learner has completed in a cohort (kept across withdrawal and re-enrolment). */
@Entity('lesson_completions')
export class LessonCompletion {
  @PrimaryColumn({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId: string;

  @PrimaryColumn({ type: 'uuid', name: 'lesson_id' })
  lessonId: string;

  @Column({ type: 'timestamptz', name: 'completed_at', default: () => 'now()' })
  completedAt: Date;
}

/** An assessment a learner has passed in a cohort, as the assessments context reports it. */
@Entity('assessment_passes')
export class AssessmentPass {
  @PrimaryColumn({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId: string;

  @PrimaryColumn({ type: 'uuid', name: 'assessment_id' })
  assessmentId: string;

  @Column({ type: 'timestamptz', name: 'passed_at', default: () => 'now()' })
  passedAt: Date;
}

export const NOTIFICATION_KINDS = ['enrolled', 'session_reminder', 'completed', 'partner_invited'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The outbox: written in the transaction of the event, sent by the worker, shown in the inbox. */
@Entity('notifications')
@Index('notifications_user_created', ['userId', 'createdAt'])
@Index('notifications_unsent', ['sentAt', 'createdAt'])
@Index('notifications_dedupe', ['userId', 'kind', 'dedupeKey'], { unique: true })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Column({ type: 'varchar', length: 30 })
  kind: NotificationKind;

  /** What the message is about (ids, names, dates); the text is made in the reader's language. */
  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  /** Makes a notification idempotent (e.g. one reminder per session and learner). */
  @Column({ type: 'varchar', length: 200, name: 'dedupe_key' })
  dedupeKey: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt: Date | null;

  /** How many times a worker claimed the message to mail it (at most `MAX_ATTEMPTS` in `NotificationsService`). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', name: 'read_at', nullable: true })
  readAt: Date | null;

  /** Until when one worker holds the message to mail it; a lapsed claim (a worker that died) may be taken over. */
  @Column({ type: 'timestamptz', name: 'claimed_until', nullable: true })
  claimedUntil: Date | null;

  /** Which claim holds the message: only that claim's worker marks it sent or failed. */
  @Column({ type: 'uuid', name: 'claim_token', nullable: true })
  claimToken: string | null;

  /** Not tried again before this time (back-off after an SMTP error). */
  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  /** The mail server's answer to the last failed attempt. */
  @Column({ type: 'varchar', length: 500, name: 'last_error', nullable: true })
  lastError: string | null;
}
