import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AgencyType, PersonFunction, Sex } from '@probity/identity';
import type { ActionItemState, OutcomeWave } from '../cooperation-model';

/** Someone who took part for an institution: a person with an account (`user_id`) or a guest, described for reporting. */
@Entity('cooperation_participants')
@Index('cooperation_participants_initiative', ['initiativeId', 'institutionId'])
export class Participant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'initiative_id' })
  initiativeId: string;

  @Column({ type: 'uuid', name: 'institution_id' })
  institutionId: string;

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

  @Column({ type: 'uuid', name: 'added_by', nullable: true })
  addedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** A participant's presence on one day of the initiative. */
@Entity('cooperation_attendance')
export class Attendance {
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

/** A file of an initiative (programme, presentations, conclusions), checked by content, kept in PostgreSQL. */
@Entity('cooperation_materials')
@Index('cooperation_materials_initiative', ['initiativeId'])
export class Material {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'initiative_id' })
  initiativeId: string;

  @Column({ type: 'varchar', length: 200, name: 'file_name' })
  fileName: string;

  @Column({ type: 'varchar', length: 100, name: 'media_type' })
  mediaType: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'uuid', name: 'uploaded_by', nullable: true })
  uploadedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** An agreed action item: an owner institution (a member), a due date, a status with its history. */
@Entity('cooperation_action_items')
@Index('cooperation_action_items_position', ['initiativeId', 'position'], { unique: true })
export class ActionItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'initiative_id' })
  initiativeId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'uuid', name: 'owner_institution_id' })
  ownerInstitutionId: string;

  @Column({ type: 'date', name: 'due_on' })
  dueOn: string;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status: ActionItemState;

  @Column({ type: 'uuid', name: 'updated_by', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** One change of an action item's status, with a note. */
@Entity('cooperation_action_item_updates')
@Index('cooperation_action_item_updates_item', ['actionItemId', 'at'])
export class ActionItemUpdate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'action_item_id' })
  actionItemId: string;

  @Column({ type: 'varchar', length: 20 })
  status: ActionItemState;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid', nullable: true })
  by: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}

/** An initiative's 3- or 6-month follow-up: due from its last day, its institutions asked once. */
@Entity('cooperation_follow_ups')
export class InitiativeFollowUp {
  @PrimaryColumn({ type: 'uuid', name: 'initiative_id' })
  initiativeId: string;

  @PrimaryColumn({ type: 'smallint' })
  wave: OutcomeWave;

  @Column({ type: 'date', name: 'due_on' })
  dueOn: string;

  @Column({ type: 'timestamptz', name: 'notified_at', nullable: true })
  notifiedAt: Date | null;
}

/** What an institution reports at a follow-up: aggregate counts and a short note; never cases or operations. */
@Entity('cooperation_outcome_reports')
@Index('cooperation_outcome_reports_once', ['initiativeId', 'institutionId', 'wave'], { unique: true })
export class OutcomeReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'initiative_id' })
  initiativeId: string;

  @Column({ type: 'uuid', name: 'institution_id' })
  institutionId: string;

  @Column({ type: 'smallint' })
  wave: OutcomeWave;

  @Column({ type: 'int', name: 'joint_investigations', default: 0 })
  jointInvestigations: number;

  @Column({ type: 'int', name: 'mla_requests', default: 0 })
  mlaRequests: number;

  @Column({ type: 'int', name: 'extradition_requests', default: 0 })
  extraditionRequests: number;

  @Column({ type: 'int', name: 'joint_operations', default: 0 })
  jointOperations: number;

  @Column({ type: 'int', name: 'information_exchanges', default: 0 })
  informationExchanges: number;

  @Column({ type: 'int', name: 'mous_signed', default: 0 })
  mousSigned: number;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid', name: 'submitted_by', nullable: true })
  submittedBy: string | null;

  @Column({ type: 'timestamptz', name: 'submitted_at', default: () => 'now()' })
  submittedAt: Date;
}
