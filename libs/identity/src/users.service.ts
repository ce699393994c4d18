import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { isUUID, validate } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import {
  BadInput,
  Conflict,
  Forbidden,
  NotFound,
  ProbityError,
  type FieldViolation,
  type Locale,
  ValidationFailed,
  isLocale,
  violationsOf,
} from '@probity/i18n';
import { canSeeAcademy, hasRole, type AuthUser } from './auth-user';
import type { CreateUserDto } from './dto/create-user.dto';
import { CreateUserDto as CreateUserSchema } from './dto/create-user.dto';
import type { Page, UserListQueryDto } from './dto/list-query.dto';
import { Academy } from './entities/academy.entity';
import { ROLES, type Role, User } from './entities/user.entity';
import { PASSWORD_MIN_LENGTH, passwordProblems } from './password-policy';
import { hashPassword } from './passwords';

/** What the API shows of a user: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  fullName: string;
  roles: Role[];
  academyId: string | null;
  locale: string;
  sex: string | null;
  agency: string | null;
  rank: string | null;
  active: boolean;
  createdAt: Date;
}

/** What other contexts need to decide about a person (enrolment: active, which academy, which roles). */
export type PersonFacts = Pick<User, 'id' | 'active' | 'academyId' | 'roles'>;

export function userView(user: User): UserView {
  const { id, email, fullName, roles, academyId, locale, sex, agency, rank, active, createdAt } = user;
  return { id, email, fullName, roles, academyId, locale, sex, agency, rank, active, createdAt };
}

/** One line of an import that could not be created; `message` is translated by the caller. */
export interface ImportLineError {
  line: number;
  code: string;
  params?: Record<string, unknown>;
  violations?: FieldViolation[];
}

export interface ImportResult {
  created: number;
  errors: ImportLineError[];
}

const IMPORT_MAX_LINES = 5000;

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser | null, dto: CreateUserDto): Promise<UserView> {
    return this.dataSource.transaction((manager) => this.createIn(manager, actor, dto));
  }

  /** The rules of who may create whom, then the insert and its audit entry, in `manager`'s transaction. */
  private async createIn(manager: EntityManager, actor: AuthUser | null, dto: CreateUserDto): Promise<UserView> {
    const roles = [...new Set(dto.roles)];
    const platformAdmin = roles.includes('platform_admin');
    if (actor) this.assertMayGrant(actor, roles, dto.academyId ?? null);
    if (!platformAdmin && !dto.academyId) throw new ValidationFailed([{ field: 'academyId', constraint: 'isNotEmpty' }]);
    if (dto.academyId && !(await manager.existsBy(Academy, { id: dto.academyId }))) throw new NotFound('academy');
    const email = dto.email.trim().toLowerCase();
    if (await manager.existsBy(User, { email })) throw new Conflict('email_taken', { email });
    const user = await manager.save(
      manager.create(User, {
        email,
        passwordHash: await hashPassword(dto.password),
        fullName: dto.fullName.trim(),
        roles,
        academyId: dto.academyId ?? null,
        locale: dto.locale,
        sex: dto.sex ?? null,
        agency: dto.agency?.trim() || null,
        rank: dto.rank?.trim() || null,
      }),
    );
    const view = userView(user);
    await this.audit.record(manager, {
      actorId: actor?.id ?? null,
      academyId: user.academyId,
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      after: { email: view.email, fullName: view.fullName, roles: view.roles, academyId: view.academyId, locale: view.locale },
    });
    return view;
  }

  /** An academy admin manages only their own academy and cannot make platform administrators. */
  private assertMayGrant(actor: AuthUser, roles: Role[], academyId: string | null): void {
    if (hasRole(actor, 'platform_admin')) return;
    if (!hasRole(actor, 'academy_admin')) throw new Forbidden();
    if (roles.includes('platform_admin')) throw new Forbidden('role_not_grantable', { role: 'platform_admin' });
    if (academyId !== actor.academyId) throw new Forbidden('other_academy');
  }

  async list(actor: AuthUser, query: UserListQueryDto): Promise<Page<UserView>> {
    const academyId = hasRole(actor, 'platform_admin') ? query.academyId : (actor.academyId ?? undefined);
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (academyId) qb.andWhere('u.academy_id = :academyId', { academyId });
    if (query.q) qb.andWhere('(u.full_name ILIKE :q OR u.email ILIKE :q)', { q: `%${query.q.replace(/[%_\\]/g, '\\$&')}%` });
    const [users, total] = await qb
      .orderBy('u.full_name', 'ASC')
      .take(query.limit ?? 50)
      .skip(query.offset ?? 0)
      .getManyAndCount();
    return { items: users.map(userView), total };
  }

  async get(actor: AuthUser, id: string): Promise<UserView> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user || !canSeeAcademy(actor, user.academyId)) throw new NotFound('user');
    return userView(user);
  }

  async setRoles(actor: AuthUser, id: string, roles: Role[]): Promise<UserView> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user || !canSeeAcademy(actor, user.academyId)) throw new NotFound('user');
      const wanted = ROLES.filter((role) => roles.includes(role));
      this.assertMayGrant(actor, wanted, user.academyId);
      if (user.roles.includes('platform_admin') && !hasRole(actor, 'platform_admin')) throw new Forbidden();
      if (user.id === actor.id && hasRole(actor, 'platform_admin') && !wanted.includes('platform_admin')) {
        throw new Conflict('cannot_drop_own_admin');
      }
      const before = user.roles;
      user.roles = wanted;
      await manager.save(user);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: user.academyId,
        action: 'user.roles_changed',
        entityType: 'user',
        entityId: user.id,
        before: { roles: before },
        after: { roles: wanted },
      });
      return userView(user);
    });
  }

  /**
   * CSV with a header row: email, fullName, password, roles (separated by ";"), locale, sex, agency, rank.
   * Each good line is created in its own transaction; bad lines are reported by line number.
   */
  async importCsv(actor: AuthUser, csv: string, academyId?: string): Promise<ImportResult> {
    const target = hasRole(actor, 'platform_admin') ? academyId : (actor.academyId ?? undefined);
    if (!target) throw new ValidationFailed([{ field: 'academyId', constraint: 'isNotEmpty' }]);
    if (!isUUID(target)) throw new ValidationFailed([{ field: 'academyId', constraint: 'isUuid' }]);
    const academy = await this.dataSource.getRepository(Academy).findOneBy({ id: target });
    if (!academy || !canSeeAcademy(actor, academy.id)) throw new NotFound('academy');
    let records: { record: Record<string, string>; line: number }[];
    try {
      // With `info`, each row arrives as {record, info}; `info.lines` is the row's line in the file.
      const rows = parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
        columns: (header: string[]) => header.map((h) => h.trim()),
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
        info: true,
      }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
      records = rows.map(({ record, info }) => ({ record, line: info.lines }));
    } catch (error) {
      throw new BadInput('csv_unreadable', { reason: error instanceof Error ? error.message : String(error) });
    }
    if (records.length > IMPORT_MAX_LINES) throw new BadInput('csv_too_many_lines', { max: IMPORT_MAX_LINES });
    const header = records.length ? Object.keys(records[0].record) : [];
    const missing = ['email', 'fullName', 'password'].filter((column) => !header.includes(column));
    if (records.length === 0 || missing.length)
      throw new BadInput('csv_missing_columns', { columns: missing.join(', ') || 'email, fullName, password' });

    const result: ImportResult = { created: 0, errors: [] };
    for (const { record, line } of records) {
      const dto = plainToInstance(CreateUserSchema, {
        email: record.email,
        fullName: record.fullName,
        password: record.password,
        roles: (record.roles || 'learner')
          .split(/[;|]/)
          .map((r) => r.trim())
          .filter(Boolean),
        academyId: academy.id,
        locale: isLocale(record.locale) ? record.locale : record.locale || academy.defaultLocale,
        sex: record.sex || undefined,
        agency: record.agency || undefined,
        rank: record.rank || undefined,
      });
      const violations = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
      if (violations.length) {
        result.errors.push({
          line,
          code: 'validation_failed',
          violations: violationsOf(violations),
        });
        continue;
      }
      try {
        await this.dataSource.transaction((manager) => this.createIn(manager, actor, dto));
        result.created++;
      } catch (error) {
        if (!(error instanceof ProbityError)) throw error;
        result.errors.push({ line, code: error.code, params: error.params });
      }
    }
    return result;
  }

  /** People per role, for one academy or (platform administrators) all of them. */
  async countByRole(academyId?: string): Promise<{ total: number; byRole: Record<Role, number> }> {
    const rows = await this.dataSource.query<{ role: Role; n: number }[]>(
      `SELECT r.role, count(*)::int AS n FROM users u CROSS JOIN LATERAL unnest(u.roles) AS r(role)
        WHERE u.active AND ($1::uuid IS NULL OR u.academy_id = $1) GROUP BY r.role`,
      [academyId ?? null],
    );
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      'SELECT count(*)::int AS total FROM users WHERE active AND ($1::uuid IS NULL OR academy_id = $1)',
      [academyId ?? null],
    );
    const byRole = Object.fromEntries(ROLES.map((role) => [role, rows.find((r) => r.role === role)?.n ?? 0])) as Record<Role, number>;
    return { total, byRole };
  }

  // ---- for other contexts ---------------------------------------------------------------------
  // Plain reads by id with no access check, for other contexts' display (names on lists, certificates)
  // and mail (the language to write in): the caller has already decided the reader may see these people.
  // Ids not found are absent from the map. `manager` lets a caller read inside its own transaction.

  /** Each person's full name, by id. */
  async displayNames(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await manager.query<{ id: string; full_name: string }[]>('SELECT id, full_name FROM users WHERE id = ANY($1)', [ids]);
    return new Map(rows.map((r) => [r.id, r.full_name]));
  }

  /** Each person's interface locale, by id. */
  async localesOf(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await manager.query<{ id: string; locale: string }[]>('SELECT id, locale FROM users WHERE id = ANY($1)', [ids]);
    return new Map(rows.map((r) => [r.id, r.locale]));
  }

  /** Whether each person is active, their academy and roles, by id (enrolment decides with these). */
  async facts(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<PersonFacts[]> {
    if (!ids.length) return [];
    return manager.query<PersonFacts[]>('SELECT id, active, academy_id AS "academyId", roles FROM users WHERE id = ANY($1)', [ids]);
  }

  /** The ids among `ids` of active trainers of the academy. */
  async activeTrainerIds(ids: string[], academyId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM users WHERE id = ANY($1) AND academy_id = $2 AND 'trainer' = ANY(roles) AND active`,
      [ids, academyId],
    );
    return rows.map((r) => r.id);
  }

  /** Active administrators of the academies. */
  async activeAdminIds(academyIds: string[], manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM users WHERE academy_id = ANY($1) AND 'academy_admin' = ANY(roles) AND active`,
      [academyIds],
    );
    return rows.map((r) => r.id);
  }

  /** The people of the academies who have one of the addresses. */
  byEmails(emails: string[], academyIds: string[]): Promise<{ id: string; email: string }[]> {
    return this.dataSource.query<{ id: string; email: string }[]>(
      'SELECT id, email FROM users WHERE email = ANY($1) AND academy_id = ANY($2)',
      [emails, academyIds],
    );
  }

  /** The first platform administrator, from PROBITY_ADMIN_EMAIL/PASSWORD, only on an empty platform. */
  async ensureFirstAdmin(email: string | undefined, password: string | undefined, locale: Locale = 'en'): Promise<boolean> {
    if (!email || !password) return false;
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(7075)');
      const admins = await manager.createQueryBuilder(User, 'u').where(`'platform_admin' = ANY(u.roles)`).getCount();
      if (admins > 0) return false;
      const problems = passwordProblems(password);
      if (problems.length)
        throw new Error(
          `PROBITY_ADMIN_PASSWORD is not acceptable (${problems.join(', ')}): use at least ${PASSWORD_MIN_LENGTH} characters, not only spaces, and not a common password`,
        );
      await this.createIn(manager, null, { email, password, fullName: 'Platform administrator', roles: ['platform_admin'], locale });
      return true;
    });
  }
}
