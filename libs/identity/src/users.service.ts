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
import { administers, canSeeAcademy, hasRole, type AuthUser } from './auth-user';
import type { CreateUserDto } from './dto/create-user.dto';
import { CreateUserDto as CreateUserSchema } from './dto/create-user.dto';
import type { Page, UserListQueryDto } from './dto/list-query.dto';
import type { UpdateUserProfileDto } from './dto/update-user-profile.dto';
import { ROLES, type Role, type User } from './entities/user.entity';
import { PASSWORD_MIN_LENGTH, passwordProblems } from './password-policy';
import { hashPassword } from './passwords';
import { type AgencyType, PERSON_LISTS, type PersonFunction, type PersonListField, type Sex, personValueFromText } from './people';
import { AcademiesRepository } from './repositories/academies.repository';
import { type PersonFacts, UsersRepository } from './repositories/users.repository';
import { FACILITY_MANAGED_ROLES, canSeePerson, facilityManages, grantRefusal, mayBeWithoutAcademy, roleChangeRefusal } from './role-grants';

export type { PersonFacts } from './repositories/users.repository';

/** What the API shows of a user: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  fullName: string;
  roles: Role[];
  academyId: string | null;
  locale: string;
  /** The controlled lists (null: not recorded); see people.ts. */
  sex: Sex | null;
  agencyType: AgencyType | null;
  function: PersonFunction | null;
  agency: string | null;
  rank: string | null;
  active: boolean;
  createdAt: Date;
}

export function userView(user: User): UserView {
  const { id, email, fullName, roles, academyId, locale, sex, agencyType, agency, rank, active, createdAt } = user;
  return { id, email, fullName, roles, academyId, locale, sex, agencyType, function: user.function, agency, rank, active, createdAt };
}

/** The fields of how a person is described that administrators change (`PATCH /api/v1/users/:id`). */
const PROFILE_FIELDS = ['sex', 'agencyType', 'function', 'agency', 'rank'] as const;
type ProfileChanges = Partial<Pick<User, (typeof PROFILE_FIELDS)[number]>>;

/**
 * Whether `actor` may change how `target` is described: administrators of the target's academy (platform
 * administrators: of every academy), and only a platform administrator for a platform administrator; facility
 * managers for the people who hold only experts' and focal points' roles (`facilityManages`).
 * Pages show their edit links by this rule.
 */
export function mayEditProfile(actor: AuthUser, target: { roles: Role[]; academyId: string | null }): boolean {
  return (
    ((hasRole(actor, 'platform_admin') || !target.roles.includes('platform_admin')) && administers(actor, target.academyId)) ||
    facilityManages(actor, target)
  );
}

/** The CSV columns of the controlled lists, and the field each fills (`agencyType` is accepted as a header too). */
const LIST_COLUMNS: [PersonListField, string[]][] = [
  ['sex', ['sex']],
  ['agencyType', ['agency_type', 'agencyType']],
  ['function', ['function']],
];

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
    private readonly users: UsersRepository,
    private readonly academies: AcademiesRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser | null, dto: CreateUserDto): Promise<UserView> {
    return this.dataSource.transaction((manager) => this.createIn(manager, actor, dto));
  }

  /**
   * The rules of who may create whom, then the insert and its audit entry, in `manager`'s transaction: for a
   * caller that must create the account and its own rows at once (assistance's expert accounts), `create` otherwise.
   */
  async createIn(manager: EntityManager, actor: AuthUser | null, dto: CreateUserDto): Promise<UserView> {
    const roles = [...new Set(dto.roles)];
    if (actor) this.assertMayGrant(actor, roles, dto.academyId ?? null);
    if (!mayBeWithoutAcademy(roles) && !dto.academyId) throw new ValidationFailed([{ field: 'academyId', constraint: 'isNotEmpty' }]);
    if (dto.academyId && !(await this.academies.exists(dto.academyId, manager))) throw new NotFound('academy');
    const email = dto.email.trim().toLowerCase();
    if (await this.users.emailTaken(manager, email)) throw new Conflict('email_taken', { email });
    const user = await this.users.create(manager, {
      email,
      passwordHash: await hashPassword(dto.password),
      fullName: dto.fullName.trim(),
      roles,
      academyId: dto.academyId ?? null,
      locale: dto.locale,
      sex: dto.sex ?? null,
      agencyType: dto.agencyType ?? null,
      function: dto.function ?? null,
      agency: dto.agency?.trim() || null,
      rank: dto.rank?.trim() || null,
    });
    const view = userView(user);
    await this.audit.record(manager, {
      actorId: actor?.id ?? null,
      academyId: user.academyId,
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      after: {
        email: view.email,
        fullName: view.fullName,
        roles: view.roles,
        academyId: view.academyId,
        locale: view.locale,
        sex: view.sex,
        agencyType: view.agencyType,
        function: view.function,
      },
    });
    return view;
  }

  /**
   * An academy admin manages only their own academy and cannot make platform administrators, facility managers or
   * experts; a facility manager makes only experts and partner focal points (see role-grants.ts).
   */
  private assertMayGrant(actor: AuthUser, roles: Role[], academyId: string | null): void {
    const refusal = grantRefusal(actor, roles, academyId);
    if (refusal) throw refusal;
  }

  /**
   * One page of the people `actor` sees (`canSeePerson`): platform administrators everybody (or one academy's);
   * academy administrators their academy; facility managers whoever holds an expert's or a focal point's role, and
   * themselves (and their academy's people too when they administer it).
   */
  async list(actor: AuthUser, query: UserListQueryDto): Promise<Page<UserView>> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    let found: [User[], number];
    if (hasRole(actor, 'platform_admin')) found = await this.users.page({ academyId: query.academyId, q: query.q }, limit, offset);
    else if (hasRole(actor, 'facility_manager')) {
      const academyId = hasRole(actor, 'academy_admin') ? (actor.academyId ?? undefined) : undefined;
      found = await this.users.page({ academyId, holding: FACILITY_MANAGED_ROLES, selfId: actor.id, q: query.q }, limit, offset);
    } else if (actor.academyId) found = await this.users.page({ academyId: actor.academyId, q: query.q }, limit, offset);
    else found = [[], 0];
    const [users, total] = found;
    return { items: users.map(userView), total };
  }

  async get(actor: AuthUser, id: string): Promise<UserView> {
    const user = await this.users.find(id);
    if (!user || !canSeePerson(actor, user)) throw new NotFound('user');
    return userView(user);
  }

  async setRoles(actor: AuthUser, id: string, roles: Role[]): Promise<UserView> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.findForUpdate(manager, id);
      if (!user || !canSeePerson(actor, user)) throw new NotFound('user');
      const wanted = ROLES.filter((role) => roles.includes(role));
      const refusal = roleChangeRefusal(actor, user, wanted);
      if (refusal) throw refusal;
      if (user.id === actor.id && hasRole(actor, 'platform_admin') && !wanted.includes('platform_admin')) {
        throw new Conflict('cannot_drop_own_admin');
      }
      // A person without an academy keeps only roles that need none (platform administrator, the Facility's).
      if (!user.academyId && !mayBeWithoutAcademy(wanted)) throw new ValidationFailed([{ field: 'academyId', constraint: 'isNotEmpty' }]);
      const before = user.roles;
      user.roles = wanted;
      await this.users.save(manager, user);
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
   * How a person is described (sex, agency type, function, agency, rank), changed by an administrator of their
   * academy: fields left out stay, null clears. The old and new values of what changed are audited in the
   * same transaction; nothing changed, nothing written.
   */
  async updateProfile(actor: AuthUser, id: string, dto: UpdateUserProfileDto): Promise<UserView> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.findForUpdate(manager, id);
      if (!user || !canSeePerson(actor, user)) throw new NotFound('user');
      if (user.roles.includes('platform_admin') && !hasRole(actor, 'platform_admin')) throw new Forbidden('platform_admin_protected');
      if (!mayEditProfile(actor, user)) throw new Forbidden();
      const wanted: ProfileChanges = {
        ...(dto.sex !== undefined ? { sex: dto.sex } : {}),
        ...(dto.agencyType !== undefined ? { agencyType: dto.agencyType } : {}),
        ...(dto.function !== undefined ? { function: dto.function } : {}),
        ...(dto.agency !== undefined ? { agency: dto.agency?.trim() || null } : {}),
        ...(dto.rank !== undefined ? { rank: dto.rank?.trim() || null } : {}),
      };
      const changed = PROFILE_FIELDS.filter((field) => field in wanted && wanted[field] !== user[field]);
      if (!changed.length) return userView(user);
      const before = Object.fromEntries(changed.map((field) => [field, user[field]])) as ProfileChanges;
      const after = Object.fromEntries(changed.map((field) => [field, wanted[field]])) as ProfileChanges;
      await this.users.setProfile(manager, id, after);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: user.academyId,
        action: 'user.profile_changed',
        entityType: 'user',
        entityId: id,
        before,
        after,
      });
      return userView({ ...user, ...after });
    });
  }

  /**
   * CSV with a header row: email, fullName, password, roles (separated by ";"), locale, sex, agency_type,
   * function, agency, rank. The lists' columns take a code or its label in any of the six languages, in any
   * case. Each good line is created in its own transaction; bad lines are reported by line number and
   * nothing of them is written.
   */
  async importCsv(actor: AuthUser, csv: string, academyId?: string): Promise<ImportResult> {
    const target = hasRole(actor, 'platform_admin') ? academyId : (actor.academyId ?? undefined);
    if (!target) throw new ValidationFailed([{ field: 'academyId', constraint: 'isNotEmpty' }]);
    if (!isUUID(target)) throw new ValidationFailed([{ field: 'academyId', constraint: 'isUuid' }]);
    const academy = await this.academies.find(target);
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
      const lists: Partial<Record<PersonListField, string>> = {};
      const unknown: FieldViolation[] = [];
      for (const [field, columns] of LIST_COLUMNS) {
        const text = columns.map((column) => record[column]).find((value) => value !== undefined && value !== '');
        if (text === undefined) continue;
        const code = personValueFromText(field, text);
        if (code) lists[field] = code;
        else
          unknown.push({
            field,
            constraint: 'personListValue',
            params: { value: text.slice(0, 60), codes: PERSON_LISTS[field].join(', ') },
          });
      }
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
        ...lists,
        agency: record.agency || undefined,
        rank: record.rank || undefined,
      });
      const violations = [...unknown, ...violationsOf(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }))];
      if (violations.length) {
        result.errors.push({ line, code: 'validation_failed', violations });
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
    const { rows, total } = await this.users.countByRole(academyId ?? null);
    const byRole = Object.fromEntries(ROLES.map((role) => [role, rows.find((r) => r.role === role)?.n ?? 0])) as Record<Role, number>;
    return { total, byRole };
  }

  // ---- for other contexts ---------------------------------------------------------------------
  // Plain reads by id with no access check, for other contexts' display (names on lists, certificates)
  // and mail (the language to write in): the caller has already decided the reader may see these people.
  // Ids not found are absent from the map. `manager` lets a caller read inside its own transaction.

  /** Each person's full name, by id. */
  displayNames(ids: string[], manager?: EntityManager): Promise<Map<string, string>> {
    return ids.length ? this.users.displayNames(ids, manager) : Promise.resolve(new Map<string, string>());
  }

  /** Each person's interface locale, by id. */
  localesOf(ids: string[], manager?: EntityManager): Promise<Map<string, string>> {
    return ids.length ? this.users.localesOf(ids, manager) : Promise.resolve(new Map<string, string>());
  }

  /** Where and in which language to write to each person (the mail of notifications), by id. */
  contacts(ids: string[]): Promise<Map<string, { email: string; locale: string }>> {
    return ids.length ? this.users.contacts(ids) : Promise.resolve(new Map<string, { email: string; locale: string }>());
  }

  /**
   * Active learners of the academies whose name, address or agency contains `q` (any, when empty),
   * except `excludeIds`, by name: who could be enrolled (the caller decided the actor may see them).
   */
  learnerCandidates(filter: {
    academyIds: string[];
    q: string;
    excludeIds: string[];
    limit: number;
  }): Promise<{ id: string; fullName: string; email: string; agency: string | null }[]> {
    return filter.academyIds.length ? this.users.learnerCandidates(filter) : Promise.resolve([]);
  }

  /** Whether each person is active, their academy and roles, by id (enrolment decides with these). */
  facts(ids: string[], manager?: EntityManager): Promise<PersonFacts[]> {
    return ids.length ? this.users.facts(ids, manager) : Promise.resolve([]);
  }

  /** The ids among `ids` of active trainers of the academy. */
  activeTrainerIds(ids: string[], academyId: string, manager?: EntityManager): Promise<string[]> {
    return ids.length ? this.users.activeTrainerIds(ids, academyId, manager) : Promise.resolve([]);
  }

  /** Active administrators of the academies. */
  activeAdminIds(academyIds: string[], manager?: EntityManager): Promise<string[]> {
    return this.users.activeAdminIds(academyIds, manager);
  }

  /**
   * The active people holding `role`, of every academy and none, by name: whom a context tells of something
   * that concerns a role rather than a person (a new request for assistance, to the facility managers).
   */
  activeWithRole(role: Role, manager?: EntityManager): Promise<{ id: string; locale: string; email: string; fullName: string }[]> {
    return this.users.activeWithRole(role, manager);
  }

  /** The people of the academies who have one of the addresses. */
  byEmails(emails: string[], academyIds: string[], manager?: EntityManager): Promise<{ id: string; email: string }[]> {
    return this.users.byEmails(emails, academyIds, manager);
  }

  /** The first platform administrator, from PROBITY_ADMIN_EMAIL/PASSWORD, only on an empty platform. */
  async ensureFirstAdmin(email: string | undefined, password: string | undefined, locale: Locale = 'en'): Promise<boolean> {
    if (!email || !password) return false;
    return this.dataSource.transaction(async (manager) => {
      await this.users.lockFirstAdmin(manager);
      if ((await this.users.countPlatformAdmins(manager)) > 0) return false;
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
