import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { EnrolmentStatus } from '../entities/enrolment.entity';

/** What the progress query counts for one enrolment. */
export interface ProgressRow {
  enrolment_id: string;
  user_id: string;
  full_name: string;
  email: string;
  academy_id: string | null;
  agency: string | null;
  status: EnrolmentStatus;
  enrolled_at: Date;
  completed_at: Date | null;
  lessons_done: number;
  attended: number;
  excused: number;
  passed: string[] | null;
}

/**
 * What learners have done in a cohort (`lesson_completions`, `assessment_passes`) and the progress
 * query over enrolments, attendance and those. Writes take the caller's manager first.
 */
@Injectable()
export class ProgressRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records a lesson as done (repeat is harmless). */
  async addLessonCompletion(manager: EntityManager, cohortId: string, userId: string, lessonId: string): Promise<void> {
    await manager.query(`INSERT INTO lesson_completions (cohort_id, user_id, lesson_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      cohortId,
      userId,
      lessonId,
    ]);
  }

  /** Records an assessment as passed (repeat is harmless). */
  async addAssessmentPass(manager: EntityManager, cohortId: string, userId: string, assessmentId: string): Promise<void> {
    await manager.query(`INSERT INTO assessment_passes (cohort_id, user_id, assessment_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      cohortId,
      userId,
      assessmentId,
    ]);
  }

  async lessonsDone(cohortId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const done = await manager.query<{ lesson_id: string }[]>(
      'SELECT lesson_id FROM lesson_completions WHERE cohort_id = $1 AND user_id = $2',
      [cohortId, userId],
    );
    return done.map((d) => d.lesson_id);
  }

  /**
   * Progress of the cohort's learners in one query: lessons done (of `lessonIds`), attendance over
   * held sessions, assessments passed; ordered by name.
   */
  rows(
    cohortId: string,
    lessonIds: string[],
    filter: { userId?: string; academyIds?: string[]; includeWithdrawn?: boolean },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ProgressRow[]> {
    return manager.query<ProgressRow[]>(
      `SELECT e.id AS enrolment_id, e.user_id, u.full_name, u.email, u.academy_id, u.agency, e.status, e.enrolled_at, e.completed_at,
              coalesce(l.done, 0) AS lessons_done, coalesce(a.attended, 0) AS attended, coalesce(a.excused, 0) AS excused, p.passed
         FROM enrolments e
         JOIN users u ON u.id = e.user_id
         LEFT JOIN (SELECT user_id, count(*)::int AS done FROM lesson_completions WHERE cohort_id = $1 AND lesson_id = ANY($2::uuid[]) GROUP BY user_id) l ON l.user_id = e.user_id
         LEFT JOIN (SELECT a.user_id, count(*) FILTER (WHERE a.status IN ('present', 'late'))::int AS attended, count(*) FILTER (WHERE a.status = 'excused')::int AS excused
                      FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id
                     WHERE s.cohort_id = $1 AND s.register_taken_at IS NOT NULL GROUP BY a.user_id) a ON a.user_id = e.user_id
         LEFT JOIN (SELECT user_id, array_agg(assessment_id::text) AS passed FROM assessment_passes WHERE cohort_id = $1 GROUP BY user_id) p ON p.user_id = e.user_id
        WHERE e.cohort_id = $1
          AND ($3::uuid IS NULL OR e.user_id = $3)
          AND ($4::uuid[] IS NULL OR u.academy_id = ANY($4::uuid[]))
          AND ($5::boolean OR e.status <> 'withdrawn')
        ORDER BY u.full_name, e.enrolled_at`,
      [cohortId, lessonIds, filter.userId ?? null, filter.academyIds ?? null, filter.includeWithdrawn ?? false],
    );
  }
}
