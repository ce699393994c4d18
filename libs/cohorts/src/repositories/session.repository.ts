import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AttendanceStatus, CohortSession } from '../entities/session.entity';

/**
 * Classroom sessions and their registers (`cohort_sessions`, `attendance`). Methods that change rows
 * or lock them run in the caller's transaction and take its manager first; reads take a manager last.
 */
@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(manager: EntityManager, fields: Partial<CohortSession>): Promise<CohortSession> {
    return manager.save(manager.create(CohortSession, fields));
  }

  find(cohortId: string, sessionId: string, manager: EntityManager = this.dataSource.manager): Promise<CohortSession | null> {
    return manager.findOneBy(CohortSession, { id: sessionId, cohortId });
  }

  findForUpdate(manager: EntityManager, cohortId: string, sessionId: string): Promise<CohortSession | null> {
    return manager.findOne(CohortSession, { where: { id: sessionId, cohortId }, lock: { mode: 'pessimistic_write' } });
  }

  ofCohort(cohortId: string, manager: EntityManager = this.dataSource.manager): Promise<CohortSession[]> {
    return manager.find(CohortSession, { where: { cohortId }, order: { startsAt: 'ASC' } });
  }

  /** The first session of the cohort that has not ended yet. */
  next(cohortId: string, manager: EntityManager = this.dataSource.manager): Promise<CohortSession | null> {
    return manager
      .getRepository(CohortSession)
      .createQueryBuilder('s')
      .where('s.cohort_id = :id AND s.ends_at > now()', { id: cohortId })
      .orderBy('s.starts_at', 'ASC')
      .getOne();
  }

  /** Sessions of the cohorts that have ended without their register being taken, the oldest first (at most `limit`). */
  registersDue(
    cohortIds: string[],
    limit: number,
  ): Promise<{ id: string; cohortId: string; title: string | null; startsAt: Date; endsAt: Date }[]> {
    if (!cohortIds.length) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT s.id, s.cohort_id AS "cohortId", s.title, s.starts_at AS "startsAt", s.ends_at AS "endsAt"
         FROM cohort_sessions s
        WHERE s.cohort_id = ANY($1::uuid[]) AND s.ends_at < now() AND s.register_taken_at IS NULL
        ORDER BY s.starts_at, s.id LIMIT $2`,
      [cohortIds, limit],
    );
  }

  /** Sessions of the cohort and how many of them have had their register taken. */
  async counts(cohortId: string, manager: EntityManager = this.dataSource.manager): Promise<{ total: number; held: number }> {
    const [sessions] = await manager.query<{ total: number; held: number }[]>(
      `SELECT count(*)::int AS total, count(register_taken_at)::int AS held FROM cohort_sessions WHERE cohort_id = $1`,
      [cohortId],
    );
    return sessions;
  }

  async markRegisterTaken(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.update(CohortSession, sessionId, { registerTakenAt: new Date() });
  }

  /** The learners of a session's register (enrolments that count) with their mark, if any. */
  register(
    cohortId: string,
    sessionId: string,
  ): Promise<{ userId: string; fullName: string; agency: string | null; status: string | null }[]> {
    return this.dataSource.query(
      `SELECT u.id AS "userId", u.full_name AS "fullName", u.agency, a.status
         FROM enrolments e JOIN users u ON u.id = e.user_id
         LEFT JOIN attendance a ON a.session_id = $2 AND a.user_id = e.user_id
        WHERE e.cohort_id = $1 AND e.status IN ('in_progress', 'completed')
        ORDER BY u.full_name`,
      [cohortId, sessionId],
    );
  }

  /** Records a learner's mark for a session; the last write wins. */
  async saveMark(manager: EntityManager, sessionId: string, userId: string, status: AttendanceStatus, recordedBy: string): Promise<void> {
    await manager.query(
      `INSERT INTO attendance (session_id, user_id, status, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, now())
           ON CONFLICT (session_id, user_id) DO UPDATE SET status = EXCLUDED.status, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
      [sessionId, userId, status, recordedBy],
    );
  }

  /** Every attendance mark of the cohort's held sessions. */
  marks(cohortId: string): Promise<{ sessionId: string; userId: string; status: AttendanceStatus }[]> {
    return this.dataSource.query(
      `SELECT a.session_id AS "sessionId", a.user_id AS "userId", a.status FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id
        WHERE s.cohort_id = $1 AND s.register_taken_at IS NOT NULL`,
      [cohortId],
    );
  }
}
