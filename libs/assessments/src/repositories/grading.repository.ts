import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentRelease } from '../entities/attempt.entity';
import { CohortAssessmentSettings, Mark } from '../entities/grading.entity';

/** The first and second marks of an answer, side by side for whoever agrees the grade. */
export interface QueueMark {
  role: string;
  grader: string;
  points: number;
  rubricLevels: number[] | null;
  comment: string | null;
}

/** One answer waiting for a grader, with its learner and how far its marking has come. */
export interface QueueRow {
  response_id: string;
  attempt_id: string;
  item_id: string;
  assessment_id: string;
  value: { text?: string };
  max_points: string;
  user_id: string;
  full_name: string;
  /** First and second marks given so far (agreed and appeal marks are not counted). */
  marks: number;
  /** Whether the first mark is the asking grader's own. */
  mine_first: boolean;
  mark_list: QueueMark[] | null;
}

/**
 * Grading by hand (`marks`, `cohort_assessment_settings`, `assessment_releases`). Methods that change
 * rows run in the caller's transaction and take its manager first; reads take a manager last.
 */
@Injectable()
export class GradingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- settings of an assessment in a cohort ----------------------------------------------------

  findSettings(
    cohortId: string,
    assessmentId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CohortAssessmentSettings | null> {
    return manager.findOneBy(CohortAssessmentSettings, { cohortId, assessmentId });
  }

  /** Settings not yet stored (what a cohort has until its staff change them). */
  newSettings(fields: CohortAssessmentSettings): CohortAssessmentSettings {
    return this.dataSource.manager.create(CohortAssessmentSettings, fields);
  }

  saveSettings(manager: EntityManager, settings: CohortAssessmentSettings): Promise<CohortAssessmentSettings> {
    return manager.save(settings);
  }

  // ---- marks ------------------------------------------------------------------------------------

  /** Every mark an answer received, oldest first. */
  marks(responseId: string, manager: EntityManager = this.dataSource.manager): Promise<Mark[]> {
    return manager.find(Mark, { where: { responseId }, order: { createdAt: 'ASC' } });
  }

  addMark(
    manager: EntityManager,
    fields: Pick<Mark, 'responseId' | 'graderId' | 'role' | 'points' | 'rubricLevels' | 'comment'>,
  ): Promise<Mark> {
    return manager.save(manager.create(Mark, fields));
  }

  /** Whether the person gave the answer any mark (then they may not decide its appeal). */
  async hasMarked(responseId: string, graderId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const graders = await manager.query<{ grader_id: string }[]>('SELECT grader_id FROM marks WHERE response_id = $1', [responseId]);
    return graders.some((g) => g.grader_id === graderId);
  }

  /**
   * Answers of the cohort that wait for a grader: of attempts awaiting grading, without final points,
   * in the order they were handed in. Each comes with its learner's name (a display join on `users`,
   * ADR 0005), how many first and second marks it has, whether the first is `graderId`'s own, and
   * those marks with their graders' names.
   */
  queue(cohortId: string, graderId: string, manager: EntityManager = this.dataSource.manager): Promise<QueueRow[]> {
    return manager.query<QueueRow[]>(
      `SELECT r.id AS response_id, r.attempt_id, r.item_id, a.assessment_id, r.value, r.max_points, a.user_id, u.full_name,
              (SELECT count(*)::int FROM marks m WHERE m.response_id = r.id AND m.role IN ('first', 'second')) AS marks,
              EXISTS (SELECT 1 FROM marks m WHERE m.response_id = r.id AND m.role = 'first' AND m.grader_id = $2) AS mine_first,
              (SELECT json_agg(json_build_object('role', m.role, 'grader', g.full_name, 'points', m.points, 'rubricLevels', m.rubric_levels,
                                                 'comment', m.comment) ORDER BY m.created_at)
                 FROM marks m JOIN users g ON g.id = m.grader_id WHERE m.response_id = r.id AND m.role IN ('first', 'second')) AS mark_list
         FROM responses r JOIN attempts a ON a.id = r.attempt_id JOIN users u ON u.id = a.user_id
        WHERE a.cohort_id = $1 AND a.status = 'awaiting_grading' AND r.points IS NULL
        ORDER BY a.submitted_at, r.id`,
      [cohortId, graderId],
    );
  }

  // ---- release of results -----------------------------------------------------------------------

  findRelease(cohortId: string, assessmentId: string, manager: EntityManager = this.dataSource.manager): Promise<AssessmentRelease | null> {
    return manager.findOneBy(AssessmentRelease, { cohortId, assessmentId });
  }

  isReleased(cohortId: string, assessmentId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(AssessmentRelease, { cohortId, assessmentId });
  }

  addRelease(manager: EntityManager, cohortId: string, assessmentId: string, releasedBy: string): Promise<AssessmentRelease> {
    return manager.save(manager.create(AssessmentRelease, { cohortId, assessmentId, releasedBy }));
  }
}
