import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';

/** The draft a trainer edits. Learners only ever see a published, frozen version of it. */
@Entity('courses')
@Index('courses_academy_code_key', ['academyId', 'code'], { unique: true })
export class Course {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The owner academy (identity's; foreign key `courses_academy_fk` in the migrations, no relation across libs). */
  @Column({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  /** Short code, unique within the academy: "NAPOR-CI". */
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'jsonb' })
  title: LocaleMap;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  summary: LocaleMap;

  /** Learning objectives, each a text per locale. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  objectives: LocaleMap[];

  /** Competencies trained (tag ids such as "chain-of-custody"). */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags: string[];

  /** Other academies may run cohorts of a shared course. */
  @Column({ type: 'boolean', default: false })
  shared: boolean;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
