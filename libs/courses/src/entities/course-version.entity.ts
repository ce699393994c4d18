import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Course } from './course.entity';
import type { VersionSnapshot } from '../snapshot';

/** A published course: the whole tree frozen as it was, never changed afterwards. */
@Entity('course_versions')
@Index('course_versions_course_number_key', ['courseId', 'number'], { unique: true })
export class CourseVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'course_id' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_id', foreignKeyConstraintName: 'course_versions_course_fk' })
  course?: Course;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'timestamptz', name: 'published_at' })
  publishedAt: Date;

  @Column({ type: 'uuid', name: 'published_by', nullable: true })
  publishedBy: string | null;

  /** Locales in which every text of the version is present. */
  @Column({ type: 'text', array: true })
  locales: string[];

  @Column({ type: 'jsonb' })
  snapshot: VersionSnapshot;
}
