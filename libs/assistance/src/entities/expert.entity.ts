import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Sex } from '@probity/identity';
import type { LanguageLevel, Topic } from '../assistance-model';

/**
 * An expert of the roster (issue 14 point 3, ADR 0012). `user_id`: their account (role `expert`) once they have one;
 * `institution_id`: the institution they work for, when it is one of the facility's (a request from it is a conflict).
 */
@Entity('assistance_experts')
@Index('assistance_experts_topics', ['topics'])
export class Expert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'user_id', nullable: true, unique: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 200, name: 'full_name' })
  fullName: string;

  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  sex: Sex | null;

  @Column({ type: 'varchar', length: 2 })
  country: string;

  @Column({ type: 'uuid', name: 'institution_id', nullable: true })
  institutionId: string | null;

  /** Where they work, as they name it. */
  @Column({ type: 'varchar', length: 200, default: '' })
  organisation: string;

  @Column({ type: 'boolean', name: 'public_official', default: false })
  publicOfficial: boolean;

  @Column({ type: 'varchar', length: 40, array: true, default: () => "'{}'" })
  topics: Topic[];

  @Column({ type: 'date', name: 'vetted_on', nullable: true })
  vettedOn: string | null;

  @Column({ type: 'date', name: 'vetting_expires_on', nullable: true })
  vettingExpiresOn: string | null;

  @Column({ type: 'text', default: '' })
  bio: string;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', name: 'archived_at', nullable: true })
  archivedAt: Date | null;
}

/** A language an expert works in (ISO 639 code) and their level (CEFR, or native). */
@Entity('assistance_expert_languages')
@Index('assistance_expert_languages_language', ['language', 'expertId'])
export class ExpertLanguage {
  @PrimaryColumn({ type: 'uuid', name: 'expert_id' })
  expertId: string;

  @PrimaryColumn({ type: 'varchar', length: 3 })
  language: string;

  @Column({ type: 'varchar', length: 6 })
  level: LanguageLevel;
}

/** A window of days an expert is available: `[from, to)` as a PostgreSQL `daterange` (text `[2027-03-01,2027-04-01)`). */
@Entity('assistance_expert_availability')
@Index('assistance_expert_availability_expert', ['expertId'])
export class ExpertAvailability {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'expert_id' })
  expertId: string;

  @Column({ type: 'daterange' })
  available: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  note: string;
}
