import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';
import { CourseModule } from './course-module.entity';

@Entity('lessons')
@Index('lessons_module_position', ['moduleId', 'position'])
export class Lesson {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'module_id' })
  moduleId: string;

  @ManyToOne(() => CourseModule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'module_id', foreignKeyConstraintName: 'lessons_module_fk' })
  module?: CourseModule;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'jsonb' })
  title: LocaleMap;

  /** Markdown per locale, as the author wrote it. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  body: LocaleMap;

  /** Sanitized HTML per locale, rendered once when the body is saved. */
  @Column({ type: 'jsonb', name: 'body_html', default: () => `'{}'` })
  bodyHtml: LocaleMap;

  @Column({ type: 'int', name: 'duration_minutes', default: 0 })
  durationMinutes: number;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags: string[];
}
