import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { UnmetRule } from '../completion';
import { Enrolment, type EnrolmentStatus } from '../entities/enrolment.entity';

/** An enrolment that counts for a learner's record: in progress or completed (not withdrawn, not closed as not completed). */
export interface OpenEnrolment {
  id: string;
  status: Extract<EnrolmentStatus, 'in_progress' | 'completed'>;
}

/**
 * Enrolment periods (`enrolments`). Methods that change rows or lock them run in the caller's
 * transaction and take its manager first; reads take a manager last, the pool's by default.
 */
@Injectable()
export class EnrolmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Locks the learner's enrolment in the cohort that counts (in progress or completed) until the
   * caller's transaction ends, so that what depends on it (completion, an attempt, a certificate)
   * is decided one at a time. Undefined when there is none.
   */
  async lockOpenEnrolment(manager: EntityManager, cohortId: string, userId: string): Promise<OpenEnrolment | undefined> {
    const [enrolment] = await manager.query<OpenEnrolment[]>(
      `SELECT id, status FROM enrolments WHERE cohort_id = $1 AND user_id = $2 AND status IN ('in_progress', 'completed') FOR UPDATE`,
      [cohortId, userId],
    );
    return enrolment;
  }

  /** Locks every enrolment of the cohort that counts, in one order (by id), so that concurrent lockers do not deadlock. */
  lockOpenEnrolments(manager: EntityManager, cohortId: string): Promise<{ id: string; user_id: string }[]> {
    return manager.query<{ id: string; user_id: string }[]>(
      `SELECT id, user_id FROM enrolments WHERE cohort_id = $1 AND status IN ('in_progress', 'completed') ORDER BY id FOR UPDATE`,
      [cohortId],
    );
  }

  findInProgressForUpdate(manager: EntityManager, cohortId: string, userId: string): Promise<Enrolment | null> {
    return manager.findOne(Enrolment, { where: { cohortId, userId, status: 'in_progress' }, lock: { mode: 'pessimistic_write' } });
  }

  /** Enrolments not withdrawn: the seats taken. */
  async countNotWithdrawn(cohortId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ count }] = await manager.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM enrolments WHERE cohort_id = $1 AND status <> 'withdrawn'`,
      [cohortId],
    );
    return count;
  }

  async countCompleted(cohortId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ n }] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM enrolments WHERE cohort_id = $1 AND status = 'completed'`,
      [cohortId],
    );
    return n;
  }

  /** Whether the learner has an enrolment in the cohort that is not withdrawn. */
  async hasNotWithdrawn(cohortId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM enrolments WHERE cohort_id = $1 AND user_id = $2 AND status <> 'withdrawn'`,
      [cohortId, userId],
    );
    return rows.length > 0;
  }

  /** The status of the learner's enrolment in the cohort that is not withdrawn, if any. */
  async statusOf(cohortId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<EnrolmentStatus | undefined> {
    const [enrolment] = await manager.query<{ status: EnrolmentStatus }[]>(
      `SELECT status FROM enrolments WHERE cohort_id = $1 AND user_id = $2 AND status <> 'withdrawn'`,
      [cohortId, userId],
    );
    return enrolment?.status;
  }

  /** The cohorts whose course the learner completed, the latest completion first. */
  async completedCohortIdsOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ cohort_id: string }[]>(
      `SELECT cohort_id FROM enrolments WHERE user_id = $1 AND status = 'completed' ORDER BY completed_at DESC`,
      [userId],
    );
    return rows.map((r) => r.cohort_id);
  }

  /** How many learners completed each of the cohorts (cohorts nobody completed are left out). */
  async completedCounts(cohortIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    if (!cohortIds.length) return new Map();
    const rows = await manager.query<{ cohort_id: string; n: number }[]>(
      `SELECT cohort_id, count(*)::int AS n FROM enrolments WHERE cohort_id = ANY($1::uuid[]) AND status = 'completed' GROUP BY cohort_id`,
      [cohortIds],
    );
    return new Map(rows.map((r) => [r.cohort_id, r.n]));
  }

  /** Who completed each of the cohorts and when (optionally one learner only), the earliest completion first. */
  async completions(
    cohortIds: string[],
    userId?: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ cohortId: string; userId: string; completedAt: Date }[]> {
    if (!cohortIds.length) return [];
    return manager.query(
      `SELECT cohort_id AS "cohortId", user_id AS "userId", completed_at AS "completedAt" FROM enrolments
        WHERE cohort_id = ANY($1::uuid[]) AND status = 'completed' AND completed_at IS NOT NULL AND ($2::uuid IS NULL OR user_id = $2)
        ORDER BY completed_at, id`,
      [cohortIds, userId ?? null],
    );
  }

  /** The cohorts a learner is enrolled in (not withdrawn), the latest enrolment first. */
  async cohortIdsOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ cohort_id: string }[]>(
      `SELECT cohort_id FROM enrolments WHERE user_id = $1 AND status <> 'withdrawn' ORDER BY enrolled_at DESC`,
      [userId],
    );
    return rows.map((r) => r.cohort_id);
  }

  create(manager: EntityManager, cohortId: string, userId: string, enrolledBy: string): Promise<Enrolment> {
    return manager.save(manager.create(Enrolment, { cohortId, userId, status: 'in_progress', enrolledBy }));
  }

  async withdraw(manager: EntityManager, id: string, reason: string | null): Promise<void> {
    await manager.update(Enrolment, id, { status: 'withdrawn', withdrawnAt: new Date(), withdrawalReason: reason });
  }

  async markNotCompleted(manager: EntityManager, id: string, unmet: UnmetRule[]): Promise<void> {
    await manager.update(Enrolment, id, { status: 'not_completed', unmetRules: unmet });
  }

  /** Completes an enrolment still in progress; false when it no longer was. */
  async markCompleted(manager: EntityManager, id: string): Promise<boolean> {
    const done = await manager.query<unknown[]>(
      `WITH changed AS (UPDATE enrolments SET status = 'completed', completed_at = now() WHERE id = $1 AND status = 'in_progress' RETURNING id) SELECT id FROM changed`,
      [id],
    );
    return done.length > 0;
  }

  /** People with an enrolment in the cohort that is not withdrawn. */
  async enrolledUserIds(cohortId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM enrolments WHERE cohort_id = $1 AND status <> 'withdrawn'`,
      [cohortId],
    );
    return rows.map((r) => r.user_id);
  }
}
