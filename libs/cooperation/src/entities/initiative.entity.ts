import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Topic } from '@probity/assistance';
import type { LocaleMap } from '@probity/i18n';
import type { InitiativeFormat, InitiativeState, MembershipState } from '../cooperation-model';

/** One item of an initiative's agenda: a day, a time, what happens. */
export interface InitiativeAgendaItem {
  day: string;
  time: string;
  topic: string;
}

/**
 * A cooperation initiative (issue 15, ADR 0013): an event bringing agencies of several countries together, run by a
 * facility manager (`lead_academy_id` null) or by an academy. Titles and purpose per language.
 */
@Entity('cooperation_initiatives')
@Index('cooperation_initiatives_lead_academy', ['leadAcademyId'])
export class Initiative {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `CI-<year>-<number>`, from the sequence `cooperation_initiative_number`. */
  @Column({ type: 'varchar', length: 20, unique: true })
  reference: string;

  @Column({ type: 'uuid', name: 'lead_academy_id', nullable: true })
  leadAcademyId: string | null;

  @Column({ type: 'jsonb' })
  title: LocaleMap;

  @Column({ type: 'jsonb', default: {} })
  purpose: LocaleMap;

  @Column({ type: 'varchar', length: 30 })
  format: InitiativeFormat;

  @Column({ type: 'varchar', length: 40 })
  topic: Topic;

  @Column({ type: 'varchar', length: 20, default: 'planned' })
  status: InitiativeState;

  @Column({ type: 'date', name: 'starts_on' })
  startsOn: string;

  @Column({ type: 'date', name: 'ends_on' })
  endsOn: string;

  @Column({ type: 'varchar', length: 300, default: '' })
  venue: string;

  @Column({ type: 'boolean', default: false })
  online: boolean;

  @Column({ type: 'jsonb', default: [] })
  agenda: InitiativeAgendaItem[];

  /** Where the money comes from, as the project's budget names it (free text). */
  @Column({ type: 'varchar', length: 300, name: 'budget_line', default: '' })
  budgetLine: string;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** An institution taking part (the facility's `assistance_institutions`); an invited academy until it accepts. */
@Entity('cooperation_memberships')
@Index('cooperation_memberships_institution', ['institutionId'])
export class Membership {
  @PrimaryColumn({ type: 'uuid', name: 'initiative_id' })
  initiativeId: string;

  @PrimaryColumn({ type: 'uuid', name: 'institution_id' })
  institutionId: string;

  @Column({ type: 'varchar', length: 20 })
  status: MembershipState;

  @Column({ type: 'uuid', name: 'invited_by', nullable: true })
  invitedBy: string | null;

  @Column({ type: 'uuid', name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** What an initiative builds on: a cohort (training) or a technical assistance mission, one per row. */
@Entity('cooperation_links')
export class InitiativeLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'initiative_id' })
  initiativeId: string;

  @Column({ type: 'uuid', name: 'cohort_id', nullable: true })
  cohortId: string | null;

  @Column({ type: 'uuid', name: 'mission_id', nullable: true })
  missionId: string | null;
}
