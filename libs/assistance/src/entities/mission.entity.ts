import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { MissionState } from '../assistance-model';

/** One item of a mission's agenda: a day, a time, what happens (in the mission's language). */
export interface AgendaItem {
  day: string;
  time: string;
  topic: string;
}

/**
 * A mission made of an approved request (issue 14 point 4, ADR 0012): dates, venue or online, agenda, experts. It may
 * run as a cohort of an existing course version (`cohort_id`, cohorts'), or stand alone.
 */
@Entity('assistance_missions')
@Index('assistance_missions_cohort', ['cohortId'])
export class Mission {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'request_id', unique: true })
  requestId: string;

  @Column({ type: 'varchar', length: 20, default: 'planned' })
  status: MissionState;

  @Column({ type: 'date', name: 'starts_on' })
  startsOn: string;

  @Column({ type: 'date', name: 'ends_on' })
  endsOn: string;

  @Column({ type: 'varchar', length: 300, default: '' })
  venue: string;

  @Column({ type: 'boolean', default: false })
  online: boolean;

  @Column({ type: 'jsonb', default: [] })
  agenda: AgendaItem[];

  @Column({ type: 'uuid', name: 'cohort_id', nullable: true })
  cohortId: string | null;

  /** The academy in whose name certificates of participation are signed (its Ed25519 key). */
  @Column({ type: 'uuid', name: 'issuing_academy_id', nullable: true })
  issuingAcademyId: string | null;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** An expert on a mission; one lead expert per mission (a partial unique index). */
@Entity('assistance_mission_experts')
@Index('assistance_mission_experts_expert', ['expertId'])
export class MissionExpert {
  @PrimaryColumn({ type: 'uuid', name: 'mission_id' })
  missionId: string;

  @PrimaryColumn({ type: 'uuid', name: 'expert_id' })
  expertId: string;

  @Column({ type: 'boolean', default: false })
  lead: boolean;
}
