import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { CohortsService } from '@probity/cohorts';
import { Conflict, type FieldViolation, NotFound, ValidationFailed } from '@probity/i18n';
import { AcademiesService, type AuthUser, type Page, UsersService } from '@probity/identity';
import type { LocaleMap } from '@probity/i18n';
import type { MissionState } from './assistance-model';
import type { CreateMissionDto, MissionExpertDto, MissionListQueryDto, UpdateMissionDto } from './dto/missions.dto';
import { MISSION_LIMITS } from './dto/missions.dto';
import type { AssistanceInstitution } from './entities/institution.entity';
import type { MissionFollowUp } from './entities/mission-record.entity';
import type { AgendaItem, Mission } from './entities/mission.entity';
import type { AssistanceRequest } from './entities/request.entity';
import { type MissionAccess, MissionAccessService } from './mission-access.service';
import { RequestAccessService } from './request-access.service';
import { type MissionChanges, type MissionExpertRow, MissionsRepository } from './repositories/missions.repository';
import { ParticipationRepository } from './repositories/participation.repository';

/** The moves of a mission: who makes them is a facility manager; each is one conditional UPDATE. */
export const MISSION_MOVES = {
  start: { from: ['planned'], to: 'running' },
  deliver: { from: ['running'], to: 'delivered' },
  cancel: { from: ['planned', 'running'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly MissionState[]; to: MissionState }>;
export type MissionMove = keyof typeof MISSION_MOVES;
const MOVES = Object.keys(MISSION_MOVES) as MissionMove[];

/** A mission's plan (dates, place, agenda, experts, cohort) changes while it is planned or running. */
export const CHANGEABLE: readonly MissionState[] = ['planned', 'running'];

/** An expert on a mission, with the flags a manager weighs (never a filter). */
export interface MissionExpertView extends MissionExpertRow {
  /** The expert works for the requesting institution, or their account belongs to its academy. */
  conflict: boolean;
  /** No vetting, or it expires before the mission's last day. */
  vettingExpired: boolean;
}

/** A mission as one reader sees it, and what they may do with it now. */
export interface MissionView extends MissionAccess {
  experts: MissionExpertView[];
  cohort: { id: string; name: string } | null;
  issuingAcademy: { id: string; code: string; name: LocaleMap } | null;
  followUps: MissionFollowUp[];
  participantCount: number;
  certificateCount: number;
  /** The moves the reader may make now. */
  actions: MissionMove[];
  /** The reader may change the plan (a manager, while planned or running). */
  editable: boolean;
  /** The reader may keep participants and the register (a manager or the lead, unless cancelled). */
  keepsRegister: boolean;
  /** The reader may issue certificates of participation now (a manager; delivered, stand-alone). */
  mayIssue: boolean;
}

/** A mission of a list. */
export interface MissionSummary {
  mission: Mission;
  reference: string;
  title: string;
  locale: string;
  institution: AssistanceInstitution;
}

const AUDIT: Record<MissionMove, string> = {
  start: 'assistance.mission.started',
  deliver: 'assistance.mission.delivered',
  cancel: 'assistance.mission.cancelled',
};

/**
 * Missions (issue 14 point 4, ADR 0012): a facility manager makes an approved request a mission (dates, venue or
 * online, agenda, experts with exactly one lead, the academy that signs its certificates), changes it while it is
 * planned or running, links a cohort of the requesting academy (then attendance, tests and certificates are the
 * cohort's) and moves it planned → running → delivered (which schedules the 3- and 6-month follow-ups), or cancels it.
 * Every change is audited in its own transaction.
 */
@Injectable()
export class MissionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly missions: MissionsRepository,
    private readonly participation: ParticipationRepository,
    private readonly access: MissionAccessService,
    private readonly requestAccess: RequestAccessService,
    private readonly academies: AcademiesService,
    private readonly users: UsersService,
    private readonly cohorts: CohortsService,
    private readonly audit: AuditService,
  ) {}

  /** Makes an approved request a mission (facility managers): 409 request_not_approved, mission_exists, expert_archived. */
  async create(actor: AuthUser, requestId: string, dto: CreateMissionDto): Promise<MissionView> {
    const id = await this.dataSource
      .transaction(async (manager) => {
        const access = await this.requestAccess.access(actor, requestId, manager, true);
        this.requestAccess.requireManager(access);
        const { request, institution } = access;
        if (request.status !== 'approved') throw new Conflict('request_not_approved');
        if (await this.missions.existsForRequest(manager, requestId)) throw new Conflict('mission_exists');
        const online = dto.online ?? false;
        const venue = dto.venue ?? '';
        const agenda = dto.agenda ?? [];
        checkPlan({ startsOn: dto.startsOn, endsOn: dto.endsOn, venue, online, agenda });
        await this.checkExperts(manager, dto.experts);
        const issuingAcademyId = dto.issuingAcademyId ?? institution.academyId ?? null;
        if (issuingAcademyId) await this.academies.get(issuingAcademyId, manager);
        const mission = await this.missions.insert(manager, {
          requestId,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
          venue,
          online,
          agenda: agenda.map(({ day, time, topic }) => ({ day, time, topic })),
          issuingAcademyId,
          createdBy: actor.id,
        });
        await this.missions.replaceExperts(manager, mission.id, dto.experts);
        await this.record(manager, actor, mission, institution, request, 'assistance.mission.created', null, {
          ...plan(mission),
          experts: dto.experts.map((e) => ({ expertId: e.expertId, lead: e.lead })),
        });
        return mission.id;
      })
      .catch(uniqueMission);
    return this.get(actor, id);
  }

  /** Missions the reader may see: managers all; experts those they are on; focal points their institution's. */
  async list(actor: AuthUser, query: MissionListQueryDto): Promise<Page<MissionSummary>> {
    const scope = await this.access.scope(actor);
    const { rows, total } = await this.missions.page(scope, query.status, query.limit ?? 50, query.offset ?? 0);
    const institutions = await this.institutionsOf(rows.map((r) => r.institutionId));
    return {
      items: rows.map((r) => ({ ...r, institution: institutions.get(r.institutionId)! })),
      total,
    };
  }

  async get(actor: AuthUser, id: string): Promise<MissionView> {
    return this.view(await this.access.access(actor, id));
  }

  /** The mission made of a request, for the request's page (managers and the requesting side). */
  async idForRequest(actor: AuthUser, requestId: string): Promise<string | null> {
    await this.requestAccess.access(actor, requestId);
    return this.missions.idForRequest(requestId);
  }

  /** Changes the plan (managers, while planned or running): dates, place, agenda, the issuing academy. */
  async update(actor: AuthUser, id: string, dto: UpdateMissionDto): Promise<MissionView> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, id, manager, true);
      this.access.requireManager(access);
      const { mission } = access;
      if (!CHANGEABLE.includes(mission.status)) throw new Conflict('mission_moved_on');
      const changes: MissionChanges = {};
      if (dto.startsOn !== undefined) changes.startsOn = dto.startsOn;
      if (dto.endsOn !== undefined) changes.endsOn = dto.endsOn;
      if (dto.venue !== undefined) changes.venue = dto.venue;
      if (dto.online !== undefined) changes.online = dto.online;
      if (dto.agenda !== undefined) changes.agenda = dto.agenda.map(({ day, time, topic }) => ({ day, time, topic }));
      if (dto.issuingAcademyId !== undefined) changes.issuingAcademyId = dto.issuingAcademyId;
      const after = { ...mission, ...changes };
      checkPlan(after);
      if ((changes.startsOn || changes.endsOn) && (await this.participation.marksOutside(manager, id, after.startsOn, after.endsOn)))
        throw new ValidationFailed([{ field: changes.startsOn ? 'startsOn' : 'endsOn', constraint: 'invalid' }]);
      if (changes.issuingAcademyId) await this.academies.get(changes.issuingAcademyId, manager);
      const before = plan(mission);
      const now = plan(after);
      const keys = Object.keys(now).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(now[k]));
      if (!keys.length) return;
      if (!(await this.missions.update(manager, id, changes, CHANGEABLE))) throw new Conflict('mission_moved_on');
      await this.record(
        manager,
        actor,
        mission,
        access.institution,
        access.request,
        'assistance.mission.updated',
        pickKeys(before, keys),
        pickKeys(now, keys),
      );
    });
    return this.get(actor, id);
  }

  /** Replaces the mission's experts (managers, while planned or running): exactly one lead, none archived. */
  async setExperts(actor: AuthUser, id: string, experts: MissionExpertDto[]): Promise<MissionView> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, id, manager, true);
      this.access.requireManager(access);
      if (!CHANGEABLE.includes(access.mission.status)) throw new Conflict('mission_moved_on');
      const before = (await this.missions.experts([id], manager)).map((e) => ({ expertId: e.id, lead: e.lead }));
      // Experts already on the mission stay even when archived since; only newcomers must be on the roster.
      await this.checkExperts(
        manager,
        experts,
        before.map((e) => e.expertId),
      );
      const after = experts.map((e) => ({ expertId: e.expertId, lead: e.lead }));
      const sorted = (list: { expertId: string; lead: boolean }[]) =>
        JSON.stringify([...list].sort((a, b) => a.expertId.localeCompare(b.expertId)));
      if (sorted(before) === sorted(after)) return;
      await this.missions.replaceExperts(manager, id, after);
      await this.record(
        manager,
        actor,
        access.mission,
        access.institution,
        access.request,
        'assistance.mission.experts_changed',
        { experts: before },
        { experts: after },
      );
    });
    return this.get(actor, id);
  }

  /**
   * Runs the mission as a cohort of the requesting institution's academy (managers; `null` unlinks it): the cohort
   * must exist and belong to that academy, else 404 (a regional organisation has no academy, so no cohort).
   */
  async setCohort(actor: AuthUser, id: string, cohortId: string | null): Promise<MissionView> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, id, manager, true);
      this.access.requireManager(access);
      const { mission, institution } = access;
      if (!CHANGEABLE.includes(mission.status)) throw new Conflict('mission_moved_on');
      if (cohortId) {
        const cohort = await this.cohorts.find(cohortId, manager);
        if (!cohort || !institution.academyId || cohort.academyId !== institution.academyId) throw new NotFound('cohort');
      }
      if (mission.cohortId === cohortId) return;
      if (!(await this.missions.setCohort(manager, id, cohortId, CHANGEABLE))) throw new Conflict('mission_moved_on');
      await this.record(
        manager,
        actor,
        mission,
        institution,
        access.request,
        cohortId ? 'assistance.mission.cohort_linked' : 'assistance.mission.cohort_unlinked',
        { cohortId: mission.cohortId },
        { cohortId },
      );
    });
    return this.get(actor, id);
  }

  start(actor: AuthUser, id: string): Promise<MissionView> {
    return this.move(actor, id, 'start');
  }

  /** Delivered: `delivered_at` stamped, and the 3- and 6-month follow-ups of its recommendations scheduled. */
  deliver(actor: AuthUser, id: string): Promise<MissionView> {
    return this.move(actor, id, 'deliver');
  }

  cancel(actor: AuthUser, id: string): Promise<MissionView> {
    return this.move(actor, id, 'cancel');
  }

  /** One move by a manager: a conditional UPDATE (another state, or moved a moment before: 409 mission_moved_on). */
  private async move(actor: AuthUser, id: string, move: MissionMove): Promise<MissionView> {
    const { from, to } = MISSION_MOVES[move];
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, id, manager);
      this.access.requireManager(access);
      if (!(await this.missions.move(manager, id, from, to))) throw new Conflict('mission_moved_on');
      const after: Record<string, unknown> = { status: to };
      if (move === 'deliver')
        after.followUps = (await this.missions.scheduleFollowUps(manager, id)).map((f) => ({ wave: f.wave, dueOn: f.dueOn }));
      await this.record(
        manager,
        actor,
        access.mission,
        access.institution,
        access.request,
        AUDIT[move],
        { status: access.mission.status },
        after,
      );
    });
    return this.get(actor, id);
  }

  // ---- views ----------------------------------------------------------------------------------------------

  async view(access: MissionAccess): Promise<MissionView> {
    const { mission, request, institution, manager } = access;
    const experts = await this.expertViews(mission, request, institution);
    const cohort = mission.cohortId ? await this.cohorts.find(mission.cohortId) : undefined;
    const academy = mission.issuingAcademyId ? await this.academies.get(mission.issuingAcademyId).catch(() => null) : null;
    const [followUps, participantCount, certificateCount] = await Promise.all([
      this.missions.followUps(mission.id),
      this.participation.count(mission.id),
      this.participation.certificates(mission.id).then((c) => c.length),
    ]);
    return {
      ...access,
      experts,
      cohort: cohort ? { id: cohort.id, name: cohort.name } : null,
      issuingAcademy: academy ? { id: academy.id, code: academy.code, name: academy.name } : null,
      followUps,
      participantCount,
      certificateCount,
      actions: manager ? MOVES.filter((m) => (MISSION_MOVES[m].from as readonly MissionState[]).includes(mission.status)) : [],
      editable: manager && CHANGEABLE.includes(mission.status),
      keepsRegister: this.access.keepsRegister(access) && mission.status !== 'cancelled',
      mayIssue: manager && mission.status === 'delivered' && !mission.cohortId,
    };
  }

  /** The mission's experts with their flags, judged against the request's institution and the mission's last day. */
  private async expertViews(
    mission: Mission,
    request: AssistanceRequest,
    institution: AssistanceInstitution,
  ): Promise<MissionExpertView[]> {
    const rows = await this.missions.experts([mission.id]);
    const accounts = rows.map((r) => r.userId).filter((u): u is string => u !== null);
    const academyOf = new Map((await this.users.facts(accounts)).map((f) => [f.id, f.academyId]));
    return rows.map(({ missionId: _missionId, ...row }) => ({
      ...row,
      conflict:
        row.institutionId === request.institutionId ||
        (institution.academyId !== null && row.userId !== null && academyOf.get(row.userId) === institution.academyId),
      vettingExpired: !row.vettingExpiresOn || row.vettingExpiresOn < mission.endsOn,
    }));
  }

  private async institutionsOf(ids: string[]): Promise<Map<string, AssistanceInstitution>> {
    return this.access.institutionsByIds(ids);
  }

  // ---- rules ----------------------------------------------------------------------------------------------

  /** Exactly one lead, each expert once, every expert on the roster (404) and not archived (409) unless kept. */
  private async checkExperts(manager: EntityManager, experts: MissionExpertDto[], kept: string[] = []): Promise<void> {
    const problems: FieldViolation[] = [];
    if (experts.filter((e) => e.lead).length !== 1) problems.push({ field: 'experts', constraint: 'invalid' });
    const seen = new Set<string>();
    for (const [i, e] of experts.entries()) {
      if (seen.has(e.expertId)) problems.push({ field: `experts.${i}.expertId`, constraint: 'invalid' });
      seen.add(e.expertId);
    }
    if (problems.length) throw new ValidationFailed(problems);
    const found = new Map((await this.missions.roster(manager, [...seen])).map((e) => [e.id, e]));
    for (const e of experts) {
      const expert = found.get(e.expertId);
      if (!expert) throw new NotFound('expert');
      if (expert.archived && !kept.includes(expert.id)) throw new Conflict('expert_archived');
    }
  }

  private record(
    manager: EntityManager,
    actor: AuthUser,
    mission: Mission,
    institution: AssistanceInstitution,
    request: AssistanceRequest,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: institution.academyId,
      action,
      entityType: 'assistance_mission',
      entityId: mission.id,
      before,
      after: after ? { reference: request.reference, ...after } : null,
    });
  }
}

/** The plan's own rules: the last day on or after the first, a venue unless online, agenda days within the dates. */
function checkPlan(p: { startsOn: string; endsOn: string; venue: string; online: boolean; agenda: AgendaItem[] }): void {
  const problems: FieldViolation[] = [];
  if (p.endsOn < p.startsOn) problems.push({ field: 'endsOn', constraint: 'endsBeforeStart' });
  else if (daysBetween(p.startsOn, p.endsOn) > MISSION_LIMITS.days) problems.push({ field: 'endsOn', constraint: 'invalid' });
  if (!p.online && !p.venue) problems.push({ field: 'venue', constraint: 'isNotEmpty' });
  for (const [i, item] of p.agenda.entries())
    if (item.day < p.startsOn || item.day > p.endsOn) problems.push({ field: `agenda.${i}.day`, constraint: 'invalid' });
  if (problems.length) throw new ValidationFailed(problems);
}

/** Days of [from, to], both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Each day of [from, to], both included. */
export function missionDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** What the audit trail keeps of a mission's plan. */
function plan(m: Pick<Mission, 'startsOn' | 'endsOn' | 'venue' | 'online' | 'agenda' | 'issuingAcademyId'>): Record<string, unknown> {
  const { startsOn, endsOn, venue, online, agenda, issuingAcademyId } = m;
  return { startsOn, endsOn, venue, online, agenda, issuingAcademyId };
}

function pickKeys(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}

/** Two managers making the same request a mission at once: the unique constraint answers, as the check does. */
function uniqueMission(error: unknown): never {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (driver?.code === '23505' && driver.constraint === 'assistance_missions_request') throw new Conflict('mission_exists');
  throw error;
}
