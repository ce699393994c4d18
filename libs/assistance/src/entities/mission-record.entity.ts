import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AgencyType, PersonFunction, Sex } from '@probity/identity';
import type { RecommendationState } from '../assistance-model';

/**
 * Someone who took part in a mission (issue 14 point 4): a learner of Probity (`user_id`) or a guest added by name,
 * described for reporting with identity's lists (a CHECK per list in migration 1796510000000).
 */
@Entity('assistance_mission_participants')
@Index('assistance_mission_participants_mission', ['missionId'])
export class MissionParticipant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'mission_id' })
  missionId: string;

  @Column({ type: 'uuid', name: 'user_id', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 200, name: 'full_name' })
  fullName: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  sex: Sex | null;

  @Column({ type: 'varchar', length: 30, name: 'agency_type', nullable: true })
  agencyType: AgencyType | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  function: PersonFunction | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;

  @Column({ type: 'varchar', length: 200, default: '' })
  organisation: string;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** A participant's presence on one day of a stand-alone mission (a mission run as a cohort uses the cohort's register). */
@Entity('assistance_mission_attendance')
export class MissionAttendance {
  @PrimaryColumn({ type: 'uuid', name: 'participant_id' })
  participantId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'boolean' })
  present: boolean;

  @Column({ type: 'uuid', name: 'recorded_by', nullable: true })
  recordedBy: string | null;

  @Column({ type: 'timestamptz', name: 'recorded_at', default: () => 'now()' })
  recordedAt: Date;
}

/** A certificate of participation: a record signed with the issuing academy's Ed25519 key, verifiable by its code. */
@Entity('assistance_participation_certificates')
@Index('assistance_participation_certificates_mission', ['missionId'])
export class ParticipationCertificate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'participant_id', unique: true })
  participantId: string;

  @Column({ type: 'uuid', name: 'mission_id' })
  missionId: string;

  @Column({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  @Column({ type: 'varchar', length: 24, unique: true })
  code: string;

  @Column({ type: 'jsonb' })
  record: Record<string, unknown>;

  @Column({ type: 'text' })
  signature: string;

  @Column({ type: 'varchar', length: 64 })
  kid: string;

  @Column({ type: 'uuid', name: 'issued_by', nullable: true })
  issuedBy: string | null;

  @Column({ type: 'timestamptz', name: 'issued_at', default: () => 'now()' })
  issuedAt: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', name: 'revoked_reason', nullable: true })
  revokedReason: string | null;

  /** The SHA-256 of the record as signed, kept when the holder was erased (ADR 0014) before their name left it. */
  @Column({ type: 'char', length: 64, name: 'record_sha256', nullable: true })
  recordSha256: string | null;

  @Column({ type: 'timestamptz', name: 'holder_erased_at', nullable: true })
  holderErasedAt: Date | null;
}

/** The lead expert's report of a mission: activities and findings (in `locale`); a draft until submitted. */
@Entity('assistance_mission_reports')
export class MissionReport {
  @PrimaryColumn({ type: 'uuid', name: 'mission_id' })
  missionId: string;

  @Column({ type: 'uuid', name: 'author_id', nullable: true })
  authorId: string | null;

  @Column({ type: 'varchar', length: 5 })
  locale: string;

  @Column({ type: 'text', default: '' })
  activities: string;

  @Column({ type: 'text', default: '' })
  findings: string;

  @Column({ type: 'timestamptz', name: 'submitted_at', nullable: true })
  submittedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** A recommendation of a mission report, with an owner (an institution or a named body) and a due date. */
@Entity('assistance_recommendations')
@Index('assistance_recommendations_position', ['missionId', 'position'], { unique: true })
export class Recommendation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'mission_id' })
  missionId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 200 })
  owner: string;

  /** When the owner is an institution of the facility: its focal points mark the recommendation's progress. */
  @Column({ type: 'uuid', name: 'owner_institution_id', nullable: true })
  ownerInstitutionId: string | null;

  @Column({ type: 'date', name: 'due_on' })
  dueOn: string;

  @Column({ type: 'varchar', length: 20, default: 'not_started' })
  status: RecommendationState;

  @Column({ type: 'uuid', name: 'updated_by', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** One mark of a recommendation's progress, with a note; `wave` 3 or 6 when given at that follow-up. */
@Entity('assistance_recommendation_updates')
@Index('assistance_recommendation_updates_recommendation', ['recommendationId', 'at'])
export class RecommendationUpdate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'recommendation_id' })
  recommendationId: string;

  @Column({ type: 'smallint', nullable: true })
  wave: 3 | 6 | null;

  @Column({ type: 'varchar', length: 20 })
  status: RecommendationState;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid', nullable: true })
  by: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}

/** A mission's 3- or 6-month follow-up of its recommendations: due from its last day, its owners notified once. */
@Entity('assistance_mission_follow_ups')
export class MissionFollowUp {
  @PrimaryColumn({ type: 'uuid', name: 'mission_id' })
  missionId: string;

  @PrimaryColumn({ type: 'smallint' })
  wave: 3 | 6;

  @Column({ type: 'date', name: 'due_on' })
  dueOn: string;

  @Column({ type: 'timestamptz', name: 'notified_at', nullable: true })
  notifiedAt: Date | null;
}

/** Who was asked to evaluate a mission and whether they answered (the day only), apart from the answers. */
@Entity('assistance_evaluation_invitations')
export class EvaluationInvitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'mission_id' })
  missionId: string;

  @Column({ type: 'varchar', length: 20 })
  respondent: EvaluationRespondent;

  @Column({ type: 'uuid', name: 'user_id', nullable: true })
  userId: string | null;

  @Column({ type: 'uuid', name: 'participant_id', nullable: true })
  participantId: string | null;

  @Column({ type: 'date', name: 'answered_on', nullable: true })
  answeredOn: string | null;
}

/** An evaluation's answers, in the survey engine's shape, with no link to who gave them. */
@Entity('assistance_evaluations')
@Index('assistance_evaluations_mission', ['missionId', 'respondent'])
export class MissionEvaluation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'mission_id' })
  missionId: string;

  @Column({ type: 'varchar', length: 20 })
  respondent: EvaluationRespondent;

  @Column({ type: 'uuid', name: 'template_id' })
  templateId: string;

  @Column({ type: 'jsonb' })
  answers: Record<string, unknown>;
}

export type EvaluationRespondent = 'participant' | 'expert' | 'host';
