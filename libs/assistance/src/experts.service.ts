import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Conflict, type FieldViolation, Forbidden, NotFound, ValidationFailed } from '@probity/i18n';
import { type AuthUser, type Page, type UserView, UsersService, hasRole } from '@probity/identity';
import type {
  CreateExpertAccountDto,
  CreateExpertDto,
  ExpertProfileFieldsDto,
  ExpertSearchQueryDto,
  ExpertSelfDto,
  UpdateExpertDto,
} from './dto/experts.dto';
import type { Expert, ExpertLanguage } from './entities/expert.entity';
import {
  type AvailabilityWindow,
  type ExpertMatch,
  type ExpertMission,
  ExpertsRepository,
  type RequestForMatching,
} from './repositories/experts.repository';

/** An expert as the API and the pages show them: the profile, languages, windows, and (one expert) missions. */
export interface ExpertView {
  expert: Expert;
  languages: Pick<ExpertLanguage, 'language' | 'level'>[];
  availability: AvailabilityWindow[];
  /** Vetted, and the vetting runs at least to today. */
  vettingValid: boolean;
  /** Only when one expert is read. */
  missions?: ExpertMission[];
}

/** A request's ranked experts. */
export interface MatchResult {
  request: RequestForMatching;
  items: ExpertMatch[];
}

/** Who keeps the roster. */
const MANAGERS = ['facility_manager', 'platform_admin'] as const;
export const DEFAULT_MATCHES = 20;

/** Today's calendar day (UTC): vetting is judged against it. */
const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * The expert roster (issue 14 point 3, ADR 0012): facility managers (and platform administrators) keep it (create,
 * change, archive, give an expert an account); an expert reads their own profile and keeps their own languages and
 * availability, and sees nothing of other experts; nobody else sees the roster (403). Every change is audited in its
 * own transaction. Matching ranks active experts for a request (`ExpertsRepository.match`, one statement).
 */
@Injectable()
export class ExpertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ExpertsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /** Whether the reader keeps the roster (the one rule the API and the pages ask). */
  manages(actor: AuthUser): boolean {
    return hasRole(actor, ...MANAGERS);
  }

  async search(actor: AuthUser, query: ExpertSearchQueryDto): Promise<Page<ExpertView>> {
    this.requireManager(actor);
    if (query.available_from && query.available_to && query.available_to < query.available_from)
      throw new ValidationFailed([{ field: 'available_to', constraint: 'endsBeforeStart' }]);
    const { rows, total } = await this.repository.search(
      {
        topic: query.topic,
        language: query.language,
        minLevel: query.minLevel,
        country: query.country,
        availableFrom: query.available_from,
        availableTo: query.available_to,
        q: query.q?.trim() || undefined,
        archived: query.archived === 'true',
      },
      query.limit ?? 50,
      query.offset ?? 0,
    );
    return { items: await this.views(rows), total };
  }

  /** One expert: managers any; an expert only themselves (another expert is unknown to them, 404). */
  async get(actor: AuthUser, id: string): Promise<ExpertView> {
    const expert = await this.repository.find(id);
    if (!this.manages(actor)) {
      if (!hasRole(actor, 'expert')) throw new Forbidden();
      if (!expert || expert.userId !== actor.id) throw new NotFound('expert');
    }
    if (!expert) throw new NotFound('expert');
    return this.detail(expert);
  }

  /** The signed-in expert's own profile (404 when no profile is linked to their account). */
  async mine(actor: AuthUser): Promise<ExpertView> {
    if (!hasRole(actor, 'expert')) throw new Forbidden();
    const expert = await this.repository.findByUser(actor.id);
    if (!expert) throw new NotFound('expert');
    return this.detail(expert);
  }

  async create(actor: AuthUser, dto: CreateExpertDto): Promise<ExpertView> {
    this.requireManager(actor);
    await this.check(dto, dto);
    const id = await this.dataSource
      .transaction(async (manager) => {
        if (await this.repository.emailTaken(manager, dto.email)) throw new Conflict('expert_email_taken', { email: dto.email });
        const expert = await this.repository.insert(manager, {
          fullName: dto.fullName,
          email: dto.email,
          sex: dto.sex ?? null,
          country: dto.country,
          institutionId: dto.institutionId ?? null,
          organisation: dto.organisation ?? '',
          publicOfficial: dto.publicOfficial ?? false,
          topics: unique(dto.topics ?? []),
          vettedOn: dto.vettedOn ?? null,
          vettingExpiresOn: dto.vettingExpiresOn ?? null,
          bio: dto.bio ?? '',
          createdBy: actor.id,
        });
        await this.repository.replaceLanguages(manager, expert.id, dto.languages ?? []);
        await this.repository.replaceAvailability(manager, expert.id, dto.availability ?? []);
        await this.record(manager, actor, expert.id, 'assistance_expert.created', null, {
          ...profile(expert),
          languages: dto.languages ?? [],
          availability: dto.availability ?? [],
        });
        return expert.id;
      })
      .catch(uniqueEmail(dto.email));
    return this.get(actor, id);
  }

  /** Changes a profile (fields left out stay; the lists given replace the old ones); archived experts refuse (409). */
  async update(actor: AuthUser, id: string, dto: UpdateExpertDto): Promise<ExpertView> {
    this.requireManager(actor);
    await this.dataSource
      .transaction(async (manager) => {
        const expert = await this.changeable(manager, id);
        await this.check(dto, { ...expert, ...given(dto) });
        if (dto.email !== undefined && (await this.repository.emailTaken(manager, dto.email, id)))
          throw new Conflict('expert_email_taken', { email: dto.email });
        const before = await this.snapshot(manager, expert);
        const { languages, availability, topics, ...fields } = given(dto);
        Object.assign(expert, fields, topics ? { topics: unique(topics as string[]) } : {});
        await this.repository.save(manager, expert);
        if (languages) await this.repository.replaceLanguages(manager, id, dto.languages ?? []);
        if (availability) await this.repository.replaceAvailability(manager, id, dto.availability ?? []);
        await this.recordChanges(manager, actor, id, before, await this.snapshot(manager, expert), [expert.userId]);
      })
      .catch(uniqueEmail(dto.email ?? ''));
    return this.get(actor, id);
  }

  /** Takes an expert off the roster: kept with their missions, never matched again, no longer changed. */
  async archive(actor: AuthUser, id: string): Promise<ExpertView> {
    this.requireManager(actor);
    await this.dataSource.transaction(async (manager) => {
      const expert = await this.repository.find(id, manager, true);
      if (!expert) throw new NotFound('expert');
      if (expert.archivedAt) return;
      expert.archivedAt = new Date();
      await this.repository.save(manager, expert);
      await this.record(manager, actor, id, 'assistance_expert.archived', null, { email: expert.email }, [expert.userId]);
    });
    return this.get(actor, id);
  }

  /** An expert changes their own languages and availability (audited like a manager's change). */
  async updateMine(actor: AuthUser, dto: ExpertSelfDto): Promise<ExpertView> {
    if (!hasRole(actor, 'expert')) throw new Forbidden();
    const id = await this.dataSource.transaction(async (manager) => {
      const expert = await this.repository.findByUser(actor.id, manager, true);
      if (!expert) throw new NotFound('expert');
      if (expert.archivedAt) throw new Conflict('expert_archived');
      await this.check(dto, expert);
      const before = await this.snapshot(manager, expert);
      if (dto.languages) await this.repository.replaceLanguages(manager, expert.id, dto.languages);
      if (dto.availability) await this.repository.replaceAvailability(manager, expert.id, dto.availability);
      await this.recordChanges(manager, actor, expert.id, before, await this.snapshot(manager, expert));
      return expert.id;
    });
    return this.get(actor, id);
  }

  /**
   * Gives an expert an account with role `expert` (no academy): in one transaction, the expert's row locked first, the
   * account made by identity's `UsersService.createIn` (its rules and its audit entry) and linked to the profile
   * (audited here). An expert with an account already, or two managers at once: 409 expert_has_account for the second,
   * and no account is left behind unlinked.
   */
  async createAccount(actor: AuthUser, id: string, dto: CreateExpertAccountDto): Promise<{ expert: ExpertView; user: UserView }> {
    this.requireManager(actor);
    let email = '';
    const user = await this.dataSource
      .transaction(async (manager) => {
        const expert = await this.repository.find(id, manager, true);
        if (!expert) throw new NotFound('expert');
        if (expert.archivedAt) throw new Conflict('expert_archived');
        if (expert.userId) throw new Conflict('expert_has_account');
        email = expert.email;
        const created = await this.users.createIn(manager, actor, {
          email: expert.email,
          password: dto.password,
          fullName: expert.fullName,
          roles: ['expert'],
          locale: dto.locale,
          sex: expert.sex,
        });
        if (!(await this.repository.link(manager, id, created.id))) throw new Conflict('expert_has_account');
        await this.record(
          manager,
          actor,
          id,
          'assistance_expert.account_created',
          { userId: null },
          { userId: created.id, email: created.email },
          [created.id],
        );
        return created;
      })
      .catch(uniqueUserEmail(() => email));
    return { expert: await this.get(actor, id), user };
  }

  /** The institutions an expert may work for (the profile form's choices). */
  institutionChoices(): ReturnType<ExpertsRepository['institutions']> {
    return this.repository.institutions();
  }

  /** Active experts ranked for a request (facility managers): score and its parts, covered days, flags. */
  async matches(actor: AuthUser, requestId: string, limit = DEFAULT_MATCHES): Promise<MatchResult> {
    this.requireManager(actor);
    const request = await this.repository.requestForMatching(requestId);
    if (!request) throw new NotFound('assistance_request');
    return { request, items: await this.repository.match(requestId, limit) };
  }

  // ---- rules ----------------------------------------------------------------------------------------------

  private requireManager(actor: AuthUser): void {
    if (!this.manages(actor)) throw new Forbidden();
  }

  /** The expert, locked, if it may change: unknown 404, archived 409. */
  private async changeable(manager: EntityManager, id: string): Promise<Expert> {
    const expert = await this.repository.find(id, manager, true);
    if (!expert) throw new NotFound('expert');
    if (expert.archivedAt) throw new Conflict('expert_archived');
    return expert;
  }

  /**
   * The rules across fields: each language once, each window ending on or after its first day, the vetting expiring
   * after it was done, a known institution. `merged`: the profile as it would be after the change.
   */
  private async check(
    dto: ExpertSelfDto & Partial<ExpertProfileFieldsDto>,
    merged: Partial<Pick<Expert, 'vettedOn' | 'vettingExpiresOn' | 'institutionId'>>,
  ): Promise<void> {
    const problems: FieldViolation[] = [];
    const seen = new Set<string>();
    for (const [i, l] of (dto.languages ?? []).entries()) {
      if (seen.has(l.language)) problems.push({ field: `languages.${i}.language`, constraint: 'languageTwice' });
      seen.add(l.language);
    }
    for (const [i, w] of (dto.availability ?? []).entries())
      if (w.to < w.from) problems.push({ field: `availability.${i}.to`, constraint: 'endsBeforeStart' });
    if (merged.vettedOn && merged.vettingExpiresOn && merged.vettingExpiresOn <= merged.vettedOn)
      problems.push({ field: 'vettingExpiresOn', constraint: 'endsBeforeStart' });
    if (dto.institutionId && !(await this.repository.institutionExists(dto.institutionId)))
      problems.push({ field: 'institutionId', constraint: 'unknownInstitution' });
    if (problems.length) throw new ValidationFailed(problems);
  }

  // ---- views and audit --------------------------------------------------------------------------------------

  private async views(experts: Expert[]): Promise<ExpertView[]> {
    const ids = experts.map((e) => e.id);
    const [languages, windows] = await Promise.all([this.repository.languages(ids), this.repository.availability(ids)]);
    const day = today();
    return experts.map((expert) => ({
      expert,
      languages: languages.filter((l) => l.expertId === expert.id).map(({ language, level }) => ({ language, level })),
      availability: windows.filter((w) => w.expertId === expert.id),
      vettingValid: Boolean(expert.vettedOn && expert.vettingExpiresOn && expert.vettingExpiresOn >= day),
    }));
  }

  private async detail(expert: Expert): Promise<ExpertView> {
    const [view] = await this.views([expert]);
    return { ...view, missions: await this.repository.missions(expert.id) };
  }

  /** What the audit trail keeps of a profile: its fields, languages and windows. */
  private async snapshot(manager: EntityManager, expert: Expert): Promise<Record<string, unknown>> {
    const languages = (await this.repository.languages([expert.id], manager)).map((l) => `${l.language}:${l.level}`);
    const availability = (await this.repository.availability([expert.id], manager)).map(
      (w) => `${w.from}..${w.to}${w.note ? ` ${w.note}` : ''}`,
    );
    return { ...profile(expert), languages, availability };
  }

  /** `assistance_expert.updated` with what changed, before and after; nothing changed, nothing written. */
  private async recordChanges(
    manager: EntityManager,
    actor: AuthUser,
    id: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    subjects?: (string | null)[],
  ): Promise<void> {
    const keys = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (!keys.length) return;
    const pick = (from: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, from[k]]));
    await this.record(manager, actor, id, 'assistance_expert.updated', pick(before), pick(after), subjects);
  }

  private record(
    manager: EntityManager,
    actor: AuthUser,
    id: string,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
    subjects?: (string | null)[],
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: null,
      action,
      entityType: 'assistance_expert',
      entityId: id,
      before,
      after,
      subjects,
    });
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** The fields of a change that were given (undefined: left as it is; null: cleared). */
function given<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function profile(e: Expert): Record<string, unknown> {
  const { fullName, email, sex, country, institutionId, organisation, publicOfficial, topics, vettedOn, vettingExpiresOn, bio } = e;
  return { fullName, email, sex, country, institutionId, organisation, publicOfficial, topics, vettedOn, vettingExpiresOn, bio };
}

/** Two managers adding the same e-mail at once: the unique constraint answers, as a 409 like the check before it. */
function uniqueEmail(email: string) {
  return (error: unknown): never => {
    const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
    if (driver?.code === '23505' && driver.constraint === 'assistance_experts_email') throw new Conflict('expert_email_taken', { email });
    throw error;
  };
}

/** An account made with the same address elsewhere in the meantime: users' unique index answers, as identity's 409. */
function uniqueUserEmail(email: () => string) {
  return (error: unknown): never => {
    const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
    if (driver?.code === '23505' && driver.constraint === 'users_email_key') throw new Conflict('email_taken', { email: email() });
    throw error;
  };
}
