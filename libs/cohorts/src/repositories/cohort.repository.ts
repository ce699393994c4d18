import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Cohort, CohortTrainer } from '../entities/cohort.entity';

/**
 * The cohorts and their trainers. Methods that change rows or lock them run in the caller's
 * transaction and take its manager first; reads take a manager last, the pool's by default.
 */
@Injectable()
export class CohortRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<Cohort | null> {
    return manager.findOne(Cohort, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  get(id: string, manager: EntityManager = this.dataSource.manager): Promise<Cohort> {
    return manager.findOneByOrFail(Cohort, { id });
  }

  isTrainer(cohortId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(CohortTrainer, { cohortId, userId });
  }

  create(manager: EntityManager, fields: Partial<Cohort>): Promise<Cohort> {
    return manager.save(manager.create(Cohort, fields));
  }

  save(manager: EntityManager, cohort: Cohort): Promise<Cohort> {
    return manager.save(cohort);
  }

  async addTrainers(manager: EntityManager, cohortId: string, userIds: string[]): Promise<void> {
    await manager.insert(
      CohortTrainer,
      userIds.map((userId) => ({ cohortId, userId })),
    );
  }

  /** The cohort's trainers by name, for its page. */
  trainers(cohortId: string): Promise<{ id: string; fullName: string }[]> {
    return this.dataSource.query(
      `SELECT u.id, u.full_name AS "fullName" FROM cohort_trainers t JOIN users u ON u.id = t.user_id WHERE t.cohort_id = $1 ORDER BY u.full_name`,
      [cohortId],
    );
  }

  /**
   * One page of the cohorts someone may see (every one on the platform, those of their academy or
   * where it is an accepted partner, those they train), with the count of open enrolments.
   */
  async page(
    who: { platform: boolean; academyAdmin: boolean; academyId: string | null; userId: string },
    limit: number,
    offset: number,
  ): Promise<{ rows: { cohort: Cohort; enrolled: number }[]; total: number }> {
    const rows = await this.dataSource.query<{ id: string; total: number; enrolled: number }[]>(
      `SELECT c.id, count(*) OVER ()::int AS total,
              (SELECT count(*)::int FROM enrolments e WHERE e.cohort_id = c.id AND e.status <> 'withdrawn') AS enrolled
         FROM cohorts c
        WHERE $1::boolean
           OR ($2::boolean AND (c.academy_id = $3 OR EXISTS (SELECT 1 FROM cohort_partners p WHERE p.cohort_id = c.id AND p.academy_id = $3 AND p.status = 'accepted')))
           OR EXISTS (SELECT 1 FROM cohort_trainers t WHERE t.cohort_id = c.id AND t.user_id = $4)
        ORDER BY c.starts_on DESC, c.name LIMIT $5 OFFSET $6`,
      [who.platform, who.academyAdmin, who.academyId, who.userId, limit, offset],
    );
    const cohorts = rows.length ? await this.dataSource.getRepository(Cohort).findBy(rows.map((r) => ({ id: r.id }))) : [];
    const byId = new Map(cohorts.map((c) => [c.id, c]));
    return { rows: rows.map((r) => ({ cohort: byId.get(r.id)!, enrolled: r.enrolled })), total: rows[0]?.total ?? 0 };
  }

  /**
   * Cohorts with their counts of open enrolments and of sessions, for the dashboards: those someone trains (`trainerId`,
   * closed ones last) or those of an academy not closed (`academyId`), the latest first, at most `limit`.
   */
  async summaries(
    who: { trainerId: string } | { academyId: string },
    limit: number,
  ): Promise<{ cohort: Cohort; enrolled: number; sessions: number }[]> {
    const where =
      'trainerId' in who
        ? `EXISTS (SELECT 1 FROM cohort_trainers t WHERE t.cohort_id = c.id AND t.user_id = $1)`
        : `c.academy_id = $1 AND c.status <> 'closed' AND c.closed_at IS NULL`;
    const rows = await this.dataSource.query<{ id: string; enrolled: number; sessions: number }[]>(
      `SELECT c.id,
              (SELECT count(*)::int FROM enrolments e WHERE e.cohort_id = c.id AND e.status <> 'withdrawn') AS enrolled,
              (SELECT count(*)::int FROM cohort_sessions s WHERE s.cohort_id = c.id) AS sessions
         FROM cohorts c
        WHERE ${where}
        ORDER BY (c.status = 'closed'), c.starts_on DESC, c.name, c.id LIMIT $2`,
      ['trainerId' in who ? who.trainerId : who.academyId, limit],
    );
    const cohorts = rows.length ? await this.dataSource.getRepository(Cohort).findBy(rows.map((r) => ({ id: r.id }))) : [];
    const byId = new Map(cohorts.map((c) => [c.id, c]));
    return rows.map((r) => ({ cohort: byId.get(r.id)!, enrolled: r.enrolled, sessions: r.sessions }));
  }

  /** The academy's cohorts neither closed nor past their last day (`today`, in the academy), the soonest first (at most `limit`). */
  liveOfAcademy(academyId: string, today: string, limit: number, manager: EntityManager = this.dataSource.manager): Promise<Cohort[]> {
    return manager
      .getRepository(Cohort)
      .createQueryBuilder('c')
      .where('c.academy_id = :academyId', { academyId })
      .andWhere(`c.status <> 'closed' AND c.closed_at IS NULL AND c.ends_on >= CAST(:today AS date)`, { today })
      .orderBy('c.starts_on', 'ASC')
      .addOrderBy('c.name', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Whether someone runs a cohort of the version (as trainer or administrator) and whether they are enrolled in one. */
  async versionRelation(
    versionId: string,
    who: { userId: string; trainer: boolean; academyAdmin: boolean; academyId: string | null },
  ): Promise<{ staff: boolean; learner: boolean }> {
    const [row] = await this.dataSource.query<{ staff: boolean; learner: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM cohorts c WHERE c.course_version_id = $1 AND (
                EXISTS (SELECT 1 FROM cohort_trainers t WHERE t.cohort_id = c.id AND t.user_id = $2 AND $3::boolean)
                OR ($4::boolean AND (c.academy_id = $5
                    OR EXISTS (SELECT 1 FROM cohort_partners p WHERE p.cohort_id = c.id AND p.academy_id = $5 AND p.status = 'accepted'))))) AS staff,
              EXISTS (SELECT 1 FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id
                       WHERE e.user_id = $2 AND c.course_version_id = $1 AND e.status <> 'withdrawn') AS learner`,
      [versionId, who.userId, who.trainer, who.academyAdmin, who.academyId],
    );
    return row;
  }
}
