import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';
import type { TemplateKind } from '../follow-up-model';
import type { SurveyItemType, SurveyOption, SurveyScale } from '../survey-model';

/**
 * A survey template: platform-wide (`academy_id` null, kept by platform administrators) or one academy's. Once a
 * cohort uses it, it never changes (a copy is made to change it), so every answer refers to the text that was asked.
 */
@Entity('survey_templates')
@Index('survey_templates_academy', ['academyId'])
export class SurveyTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The owner academy (identity's; foreign key `survey_templates_academy_fk` in the migration), null: platform-wide. */
  @Column({ type: 'uuid', name: 'academy_id', nullable: true })
  academyId: string | null;

  /** A stable name of a standard template seeded on every database (`napor-end-of-course`); null for the others. */
  @Column({ type: 'varchar', length: 60, nullable: true, unique: true })
  code: string | null;

  /** A reaction survey, or a follow-up questionnaire (for learners or their supervisors, see `follow-up-model.ts`). */
  @Column({ type: 'varchar', length: 30, default: 'reaction' })
  kind: TemplateKind;

  @Column({ type: 'jsonb' })
  title: LocaleMap;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  intro: LocaleMap;

  /** The template this one was copied from, if any. */
  @Column({ type: 'uuid', name: 'copied_from', nullable: true })
  copiedFrom: string | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}

/** One question of a template, in its place. */
@Entity('survey_template_items')
@Index('survey_template_items_position', ['templateId', 'position'], { unique: true })
export class SurveyTemplateItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'template_id' })
  templateId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 20 })
  type: SurveyItemType;

  /** Likert items only: the scale the item belongs to. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  scale: SurveyScale | null;

  @Column({ type: 'jsonb' })
  text: LocaleMap;

  /** Single-choice items only: the options, numbered 1…n in this order. */
  @Column({ type: 'jsonb', nullable: true })
  options: SurveyOption[] | null;

  @Column({ type: 'boolean', default: true })
  required: boolean;
}
