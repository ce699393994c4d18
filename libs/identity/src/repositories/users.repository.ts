import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Role, User } from '../entities/user.entity';

/** What other contexts need to decide about a person (enrolment: active, which academy, which roles). */
export type PersonFacts = Pick<User, 'id' | 'active' | 'academyId' | 'roles'>;

/** The advisory lock under which the first platform administrator is created (one server at a time). */
const FIRST_ADMIN_LOCK = 7075;

/**
 * The people (`users`). Methods that change rows or lock them run in the caller's transaction and
 * take its manager first; reads take a manager last, the pool's by default.
 */
/**
 * Whether the person `u` is due for erasure by the retention run, with `$1` the academy and `$2` the moment before
 * which their last activity must lie: a person of the academy, not erased yet, not a platform administrator, whose last
 * sign-in (or, never signed in, their account's creation) is older than `$2`. An active academy administrator is due
 * only while another active one of the academy stays: one who is not due, or who was seen more recently (the id breaks
 * a tie), so that of the academy's administrators who all stopped signing in the one seen last stays and the academy
 * is never left without one.
 *
 * Retention's rule (issue 16 point 4, ADR 0014), kept here beside the columns it reads (`erased_at`, `last_seen_at`).
 */
const INACTIVE = `
  u.academy_id = $1 AND u.erased_at IS NULL AND NOT ('platform_admin' = ANY(u.roles))
  AND coalesce(u.last_seen_at, u.created_at) < $2
  AND NOT (
    u.active AND 'academy_admin' = ANY(u.roles)
    AND NOT EXISTS (
      SELECT 1 FROM users v
       WHERE v.academy_id = u.academy_id AND v.id <> u.id AND v.active AND v.erased_at IS NULL AND 'academy_admin' = ANY(v.roles)
         AND ('platform_admin' = ANY(v.roles)
              OR coalesce(v.last_seen_at, v.created_at) >= $2
              OR (coalesce(v.last_seen_at, v.created_at), v.id) > (coalesce(u.last_seen_at, u.created_at), u.id))
    )
  )`;

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  emailTaken(manager: EntityManager, email: string): Promise<boolean> {
    return manager.existsBy(User, { email });
  }

  create(manager: EntityManager, fields: Partial<User>): Promise<User> {
    return manager.save(manager.create(User, fields));
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.findOneBy(User, { id });
  }

  findForUpdate(manager: EntityManager, id: string): Promise<User | null> {
    return manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Saves the user's roles (the only column its callers change on the entity). */
  save(manager: EntityManager, user: User): Promise<User> {
    return manager.save(user);
  }

  /** A user row with its password hash (which is never selected otherwise), optionally locked. */
  withPasswordHash(
    where: { email: string } | { id: string },
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<User | null> {
    const qb = manager.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash');
    if ('email' in where) qb.where('u.email = :email', { email: where.email });
    else qb.where('u.id = :id', { id: where.id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /**
   * One page of people by name, of one academy or all, whose name or address contains `q`. With `holding`, the
   * people holding one of those roles, `selfId` and (if given) the people of `academyId`.
   */
  page(
    filter: { academyId?: string; holding?: readonly Role[]; selfId?: string; q?: string },
    limit: number,
    offset: number,
  ): Promise<[User[], number]> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (filter.holding) {
      const whose = ['u.roles && :holding', 'u.id = :selfId', ...(filter.academyId ? ['u.academy_id = :academyId'] : [])];
      qb.andWhere(`(${whose.join(' OR ')})`, { holding: [...filter.holding], selfId: filter.selfId ?? null, academyId: filter.academyId });
    } else if (filter.academyId) qb.andWhere('u.academy_id = :academyId', { academyId: filter.academyId });
    if (filter.q) qb.andWhere('(u.full_name ILIKE :q OR u.email ILIKE :q)', { q: `%${filter.q.replace(/[%_\\]/g, '\\$&')}%` });
    return qb.orderBy('u.full_name', 'ASC').take(limit).skip(offset).getManyAndCount();
  }

  /** Active people per role, and in all, of one academy or (no academy) the whole platform. */
  async countByRole(academyId: string | null): Promise<{ rows: { role: Role; n: number }[]; total: number }> {
    const rows = await this.dataSource.query<{ role: Role; n: number }[]>(
      `SELECT r.role, count(*)::int AS n FROM users u CROSS JOIN LATERAL unnest(u.roles) AS r(role)
        WHERE u.active AND ($1::uuid IS NULL OR u.academy_id = $1) GROUP BY r.role`,
      [academyId],
    );
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      'SELECT count(*)::int AS total FROM users WHERE active AND ($1::uuid IS NULL OR academy_id = $1)',
      [academyId],
    );
    return { rows, total };
  }

  /** How a person is described for reporting (sex, agency type, function, agency, rank): only the fields given. */
  async setProfile(
    manager: EntityManager,
    id: string,
    fields: Partial<Pick<User, 'sex' | 'agencyType' | 'function' | 'agency' | 'rank'>>,
  ): Promise<void> {
    await manager.update(User, { id }, fields);
  }

  async setActive(manager: EntityManager, id: string, active: boolean): Promise<void> {
    await manager.update(User, { id }, { active });
  }

  async setPasswordHash(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager.update(User, { id }, { passwordHash });
  }

  /**
   * Erasure's part of the users row (ADR 0014): the name and e-mail become a pseudonym, free text and the password go,
   * the account is closed and every token issued before stops counting. Sex, agency type and function stay: they are
   * categories the cohort statistics and donor reports count by, not free text.
   */
  async pseudonymise(manager: EntityManager, id: string, fullName: string, email: string): Promise<void> {
    await manager.query(
      `UPDATE users SET full_name = $2, email = $3, password_hash = NULL, agency = NULL, rank = NULL, active = false,
              erased_at = now(), token_version = token_version + 1, updated_at = now()
        WHERE id = $1`,
      [id, fullName, email],
    );
  }

  /** A successful sign-in: the person's last activity, from which retention counts (issue 16 point 4). */
  async markSeen(id: string): Promise<void> {
    await this.dataSource.query('UPDATE users SET last_seen_at = now() WHERE id = $1', [id]);
  }

  /** The people of the academy due for erasure by retention (see {@link INACTIVE}), the longest unseen first. */
  async inactive(academyId: string, seenBefore: Date, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT u.id FROM users u WHERE ${INACTIVE} ORDER BY coalesce(u.last_seen_at, u.created_at), u.id`,
      [academyId, seenBefore],
    );
    return rows.map((r) => r.id);
  }

  /**
   * In the caller's transaction: locks the person's row, then asks again whether they are still due (they may have
   * signed in, been erased, or become the academy's last administrator since the list was read).
   */
  async lockIfInactive(manager: EntityManager, userId: string, academyId: string, seenBefore: Date): Promise<boolean> {
    await manager.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [userId]);
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM users u WHERE u.id = $3 AND ${INACTIVE}`, [academyId, seenBefore, userId]);
    return rows.length > 0;
  }

  /** Raises the token version: every token issued before stops counting. */
  async bumpTokenVersion(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [id]);
  }

  async tokenVersion(manager: EntityManager, id: string): Promise<number> {
    const [row] = await manager.query<{ token_version: number }[]>('SELECT token_version FROM users WHERE id = $1', [id]);
    return row.token_version;
  }

  /** Takes the lock under which the first platform administrator is made, until the transaction ends. */
  async lockFirstAdmin(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
  }

  countPlatformAdmins(manager: EntityManager): Promise<number> {
    return manager.createQueryBuilder(User, 'u').where(`'platform_admin' = ANY(u.roles)`).getCount();
  }

  // ---- plain reads for other contexts (see UsersService) ------------------------------------------

  async displayNames(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    const rows = await manager.query<{ id: string; full_name: string }[]>('SELECT id, full_name FROM users WHERE id = ANY($1)', [ids]);
    return new Map(rows.map((r) => [r.id, r.full_name]));
  }

  async localesOf(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    const rows = await manager.query<{ id: string; locale: string }[]>('SELECT id, locale FROM users WHERE id = ANY($1)', [ids]);
    return new Map(rows.map((r) => [r.id, r.locale]));
  }

  async contacts(ids: string[]): Promise<Map<string, { email: string; locale: string }>> {
    const rows = await this.dataSource.query<{ id: string; email: string; locale: string }[]>(
      'SELECT id, email, locale FROM users WHERE id = ANY($1)',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { email: r.email, locale: r.locale }]));
  }

  learnerCandidates(filter: {
    academyIds: string[];
    q: string;
    excludeIds: string[];
    limit: number;
  }): Promise<{ id: string; fullName: string; email: string; agency: string | null }[]> {
    const { academyIds, q, excludeIds, limit } = filter;
    return this.dataSource.query(
      `SELECT u.id, u.full_name AS "fullName", u.email, u.agency FROM users u
        WHERE u.academy_id = ANY($1) AND 'learner' = ANY(u.roles) AND u.active
          AND ($2 = '' OR u.full_name ILIKE $3 OR u.email ILIKE $3 OR u.agency ILIKE $3)
          AND NOT (u.id = ANY($4::uuid[]))
        ORDER BY u.full_name LIMIT $5`,
      [academyIds, q, `%${q.replace(/[%_\\]/g, '\\$&')}%`, excludeIds, limit],
    );
  }

  facts(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<PersonFacts[]> {
    return manager.query<PersonFacts[]>('SELECT id, active, academy_id AS "academyId", roles FROM users WHERE id = ANY($1)', [ids]);
  }

  async activeTrainerIds(ids: string[], academyId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM users WHERE id = ANY($1) AND academy_id = $2 AND 'trainer' = ANY(roles) AND active`,
      [ids, academyId],
    );
    return rows.map((r) => r.id);
  }

  async activeAdminIds(academyIds: string[], manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM users WHERE academy_id = ANY($1) AND 'academy_admin' = ANY(roles) AND active`,
      [academyIds],
    );
    return rows.map((r) => r.id);
  }

  /** The active people holding `role`, by name. */
  activeWithRole(
    role: Role,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; locale: string; email: string; fullName: string }[]> {
    return manager.query(
      `SELECT id, locale, email, full_name AS "fullName" FROM users WHERE $1 = ANY(roles) AND active ORDER BY full_name, id`,
      [role],
    );
  }

  byEmails(
    emails: string[],
    academyIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; email: string }[]> {
    return manager.query<{ id: string; email: string }[]>('SELECT id, email FROM users WHERE email = ANY($1) AND academy_id = ANY($2)', [
      emails,
      academyIds,
    ]);
  }
}
