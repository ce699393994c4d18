import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';
import { Course } from './course.entity';

/** A module of a course (named so to stay clear of Nest's own modules). */
@Entity('course_modules')
@Index('course_modules_course_position', ['courseId', 'position'])
export class CourseModule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'course_id' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id', foreignKeyConstraintName: 'course_modules_course_fk' })
  course?: Course;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'jsonb' })
  title: LocaleMap;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  objectives: LocaleMap[];

  /** The module's part of the case study, Markdown per locale, and its sanitized HTML. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  scenario: LocaleMap;

  @Column({ type: 'jsonb', name: 'scenario_html', default: () => `'{}'` })
  scenarioHtml: LocaleMap;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags: string[];
}
