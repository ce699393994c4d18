import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { type TokenClaims, tokenStillValidSql } from '@probity/identity';
import { Attempt, AttemptResponse } from '../entities/attempt.entity';
import type { ResponseValue } from '../scoring';

/** An attempt handed in (not in progress), as the gradebook counts it. */
export interface HandedInRow {
  user_id: string;
  assessment_id: string;
  status: string;
  percent: string | null;
  passed: boolean | null;
  number: number;
}

/** One answer of a graded attempt, for item statistics. */
export interface GradedResponseRow {
  attempt_id: string;
  item_id: string;
  value: { optionIds?: string[] };
  points: string | null;
  max_points: string;
}

/**
 * Attempts and their answers (`attempts`, `responses`). Methods that change rows or lock them run in
 * the caller's transaction and take its manager first; reads take a manager last, the pool's by default.
 */
@Injectable()
export class AttemptRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- attempts ---------------------------------------------------------------------------------

  /** The attempt by id; with `userId`, only when it is that learner's. */
  find(id: string, userId?: string, manager: EntityManager = this.dataSource.manager): Promise<Attempt | null> {
    return manager.findOneBy(Attempt, { id, ...(userId ? { userId } : {}) });
  }

  /** The attempt (with `userId`, only that learner's), locked until the caller's transaction ends. */
  lock(manager: EntityManager, id: string, userId?: string): Promise<Attempt | null> {
    return manager.findOne(Attempt, { where: { id, ...(userId ? { userId } : {}) }, lock: { mode: 'pessimistic_write' } });
  }

  /** The attempt of an existing answer (a foreign key), locked until the caller's transaction ends. */
  lockExisting(manager: EntityManager, id: string): Promise<Attempt> {
    return manager.findOneOrFail(Attempt, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** A learner's attempts at one assessment of a cohort, newest first. */
  ofLearner(cohortId: string, assessmentId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<Attempt[]> {
    return manager.find(Attempt, { where: { cohortId, assessmentId, userId }, order: { number: 'DESC' } });
  }

  /** A learner's attempts in a cohort, at every assessment, newest first. */
  inCohort(cohortId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<Attempt[]> {
    return manager.find(Attempt, { where: { cohortId, userId }, order: { number: 'DESC' } });
  }

  create(
    manager: EntityManager,
    fields: Pick<
      Attempt,
      'cohortId' | 'assessmentId' | 'userId' | 'number' | 'seed' | 'status' | 'shown' | 'locale' | 'deadline' | 'maxScore'
    >,
  ): Promise<Attempt> {
    return manager.save(manager.create(Attempt, fields));
  }

  save(manager: EntityManager, attempt: Attempt): Promise<Attempt> {
    return manager.save(attempt);
  }

  /** Attempts in progress past their deadline, the longest overdue first. */
  async expiredIds(limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM attempts WHERE status = 'in_progress' AND deadline < now() ORDER BY deadline LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Every attempt of the cohort handed in (in progress ones left out), in the order of their numbers. */
  handedIn(cohortId: string, manager: EntityManager = this.dataSource.manager): Promise<HandedInRow[]> {
    return manager.query<HandedInRow[]>(
      `SELECT user_id, assessment_id, status, percent, passed, number FROM attempts WHERE cohort_id = $1 AND status <> 'in_progress' ORDER BY number`,
      [cohortId],
    );
  }

  /** The learners who handed in each of the assessments in the cohort (for blind candidate numbers). */
  handedInBy(
    cohortId: string,
    assessmentIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ assessment_id: string; user_id: string }[]> {
    return manager.query<{ assessment_id: string; user_id: string }[]>(
      `SELECT DISTINCT assessment_id, user_id FROM attempts WHERE cohort_id = $1 AND assessment_id = ANY($2) AND status <> 'in_progress'`,
      [cohortId, assessmentIds],
    );
  }

  // ---- responses --------------------------------------------------------------------------------

  /**
   * Autosave, the hot path of an exam: one prepared statement on the pool TypeORM manages. It writes
   * only while the attempt is the learner's, in progress, before its deadline, for an item it shows,
   * and while the learner's account is active and, given the API token's `ver` and `jti`, the token
   * still counts (identity's own condition, `tokenStillValidSql`). Undefined when nothing was written.
   */
  async saveResponse(
    userId: string,
    attemptId: string,
    itemId: string,
    value: ResponseValue,
    token?: Pick<TokenClaims, 'ver' | 'jti'>,
  ): Promise<Date | undefined> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const { rows } = await pool.query<{ saved_at: Date }>({
      name: 'probity_save_response',
      text: `INSERT INTO responses (attempt_id, item_id, value, max_points, saved_at)
       SELECT a.id, $3::uuid, $4::jsonb, (s->>'maxPoints')::numeric, now()
         FROM attempts a JOIN users u ON u.id = a.user_id AND ${tokenStillValidSql('u', 5, 6)} CROSS JOIN LATERAL jsonb_array_elements(a.shown) s
        WHERE a.id = $1 AND a.user_id = $2 AND a.status = 'in_progress' AND (a.deadline IS NULL OR a.deadline > now()) AND s->>'itemId' = $3::uuid::text
       ON CONFLICT (attempt_id, item_id) DO UPDATE SET value = EXCLUDED.value, saved_at = now()
       RETURNING saved_at`,
      values: [attemptId, userId, itemId, JSON.stringify(value), token?.ver ?? null, token?.jti ?? null],
    });
    return rows[0]?.saved_at;
  }

  /** The answers saved in an attempt. */
  responses(attemptId: string, manager: EntityManager = this.dataSource.manager): Promise<AttemptResponse[]> {
    return manager.find(AttemptResponse, { where: { attemptId } });
  }

  /** Every item's points of a submitted attempt in one statement (unanswered items get a row too, so the gradebook sees them). */
  async writePoints(
    manager: EntityManager,
    attemptId: string,
    scored: { itemId: string; maxPoints: number; points: number | null }[],
  ): Promise<void> {
    if (!scored.length) return;
    await manager.query(
      `INSERT INTO responses (attempt_id, item_id, value, max_points, points)
       SELECT $1, s.item_id, '{}', s.max_points, s.points
         FROM unnest($2::uuid[], $3::numeric[], $4::numeric[]) AS s(item_id, max_points, points)
       ON CONFLICT (attempt_id, item_id) DO UPDATE SET points = EXCLUDED.points`,
      [attemptId, scored.map((s) => s.itemId), scored.map((s) => s.maxPoints), scored.map((s) => s.points)],
    );
  }

  /** The answer, locked until the caller's transaction ends. */
  lockResponse(manager: EntityManager, id: string): Promise<AttemptResponse | null> {
    return manager.findOne(AttemptResponse, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** An answer known to exist (a foreign key points at it). */
  response(id: string, manager: EntityManager = this.dataSource.manager): Promise<AttemptResponse> {
    return manager.findOneByOrFail(AttemptResponse, { id });
  }

  /** An answer's final points (from a grader, or an upheld appeal). */
  async gradeResponse(
    manager: EntityManager,
    id: string,
    grade: Pick<AttemptResponse, 'points' | 'gradedBy' | 'gradedAt'> & Partial<Pick<AttemptResponse, 'rubricLevels' | 'comment'>>,
  ): Promise<void> {
    await manager.update(AttemptResponse, id, grade);
  }

  /** The cohort of the attempt an answer belongs to; undefined when there is no such answer. */
  async cohortOfResponse(responseId: string, manager: EntityManager = this.dataSource.manager): Promise<string | undefined> {
    const [row] = await manager.query<{ cohort_id: string }[]>(
      'SELECT a.cohort_id FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE r.id = $1',
      [responseId],
    );
    return row?.cohort_id;
  }

  /** Every answer of the cohort's graded attempts at the assessment. */
  gradedResponses(cohortId: string, assessmentId: string, manager: EntityManager = this.dataSource.manager): Promise<GradedResponseRow[]> {
    return manager.query<GradedResponseRow[]>(
      `SELECT r.attempt_id, r.item_id, r.value, r.points, r.max_points FROM responses r JOIN attempts a ON a.id = r.attempt_id
        WHERE a.cohort_id = $1 AND a.assessment_id = $2 AND a.status = 'graded'`,
      [cohortId, assessmentId],
    );
  }
}
