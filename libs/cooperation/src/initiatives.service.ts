import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AssistanceInstitution, InstitutionsService, MissionAccessService, managesFacility } from '@probity/assistance';
import { AuditService } from '@probity/audit';
import { CohortsService } from '@probity/cohorts';
import { Conflict, type FieldViolation, Forbidden, type LocaleMap, NotFound, ValidationFailed } from '@probity/i18n';
import { AcademiesService, type AuthUser, type Page } from '@probity/identity';
import type { InitiativeState } from './cooperation-model';
import {
  type CreateInitiativeDto,
  INITIATIVE_LIMITS,
  type InitiativeLinksDto,
  type InitiativeListQueryDto,
  type UpdateInitiativeDto,
} from './dto/initiatives.dto';
import type { Initiative, InitiativeAgendaItem, Membership } from './entities/initiative.entity';
import type { InitiativeFollowUp } from './entities/record.entity';
import { type InitiativeAccess, InitiativeAccessService, LIVE_INITIATIVE } from './initiative-access.service';
import { type InitiativeChanges, InitiativesRepository } from './repositories/initiatives.repository';
import { InitiativeParticipationRepository } from './repositories/participation.repository';

/** The moves of an initiative, each one conditional UPDATE by an owner. */
export const INITIATIVE_MOVES = {
  hold: { from: ['planned'], to: 'held' },
  close: { from: ['held'], to: 'closed' },
  cancel: { from: ['planned'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly InitiativeState[]; to: InitiativeState }>;
export type InitiativeMove = keyof typeof INITIATIVE_MOVES;
const MOVES = Object.keys(INITIATIVE_MOVES) as InitiativeMove[];

/** An initiative's plan changes while it is planned. */
export const INITIATIVE_CHANGEABLE: readonly InitiativeState[] = ['planned'];

/** A member institution as the reader sees it, and what they may do with it. */
export interface InitiativeMemberView {
  membership: Membership;
  institution: AssistanceInstitution;
  /** The reader speaks for this invited institution and may accept or decline. */
  mayDecide: boolean;
  /** An owner may take the institution off (nothing of it recorded yet). */
  mayRemove: boolean;
}

/** An initiative as one reader sees it, and what they may do with it now. */
export interface InitiativeView extends InitiativeAccess {
  leadAcademy: { id: string; code: string; name: LocaleMap } | null;
  /** The reader sees only the invitation: title, dates, who invites; nothing of people, links, agenda or files. */
  invitation: boolean;
  /** Every member (owners and accepted members); the reader's own only for an invitation. */
  members: InitiativeMemberView[];
  cohorts: { id: string; name: string }[];
  /** Linked missions; `reference` null when the reader may not see the mission itself. */
  missions: { id: string; reference: string | null }[];
  followUps: InitiativeFollowUp[];
  /** Participants the reader may see. */
  participantCount: number;
  actions: InitiativeMove[];
  editable: boolean;
  managesMembers: boolean;
  keepsParticipants: boolean;
  readsRecord: boolean;
  uploadsMaterials: boolean;
}

const AUDIT: Record<InitiativeMove, string> = {
  hold: 'cooperation.initiative.held',
  close: 'cooperation.initiative.closed',
  cancel: 'cooperation.initiative.cancelled',
};

/**
 * Cooperation initiatives (issue 15 point 1, ADR 0013): a facility manager creates one for the facility, an academy's
 * administrator for their academy (whose institution becomes its first, accepted member); owners change the plan
 * while it is planned, link cohorts of member academies and missions of the facility, and move it planned → held
 * (which schedules the 3- and 6-month follow-ups) → closed, or cancel it. Every change is audited in its transaction.
 */
@Injectable()
export class InitiativesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly initiatives: InitiativesRepository,
    private readonly participation: InitiativeParticipationRepository,
    private readonly access: InitiativeAccessService,
    private readonly institutions: InstitutionsService,
    private readonly missionAccess: MissionAccessService,
    private readonly cohorts: CohortsService,
    private readonly academies: AcademiesService,
    private readonly audit: AuditService,
  ) {}

  /** Creates an initiative: of the facility (managers), or of the creator's academy (academy administrators); else 403. */
  async create(actor: AuthUser, dto: CreateInitiativeDto): Promise<InitiativeView> {
    if (!this.access.mayCreate(actor)) throw new Forbidden();
    const id = await this.dataSource.transaction(async (manager) => {
      // A facility manager's (or platform administrator's) initiative is the facility's; an academy administrator's, their academy's.
      const leadAcademyId = managesFacility(actor) ? null : actor.academyId;
      const plan = {
        title: dto.title,
        purpose: dto.purpose ?? {},
        format: dto.format,
        topic: dto.topic,
        startsOn: dto.startsOn,
        endsOn: dto.endsOn,
        venue: dto.venue ?? '',
        online: dto.online ?? false,
        agenda: agendaOf(dto.agenda ?? []),
        budgetLine: dto.budgetLine ?? '',
      };
      checkPlan(plan);
      const reference = await this.initiatives.nextReference(manager, Number(dto.startsOn.slice(0, 4)));
      const initiative = await this.initiatives.insert(manager, { ...plan, reference, leadAcademyId, createdBy: actor.id });
      await this.record(manager, actor, initiative, 'cooperation.initiative.created', null, { ...plan, leadAcademyId });
      if (leadAcademyId) {
        // The lead academy takes part from the start: its institution (made now if it never asked the facility), accepted.
        const institution = await this.institutions.forNewRequest(manager, actor);
        await this.initiatives.insertMembership(manager, {
          initiativeId: initiative.id,
          institutionId: institution.id,
          status: 'accepted',
          invitedBy: actor.id,
        });
        await this.record(manager, actor, initiative, 'cooperation.member.added', null, {
          institutionId: institution.id,
          status: 'accepted',
        });
      }
      return initiative.id;
    });
    return this.get(actor, id);
  }

  /** The initiatives the reader may see: managers all; academy administrators their academy's and their members'; participants theirs. */
  async list(actor: AuthUser, query: InitiativeListQueryDto): Promise<Page<InitiativeView>> {
    const scope = await this.access.scope(actor);
    const { rows, total } = await this.initiatives.page(scope, query.status, query.limit ?? 50, query.offset ?? 0);
    const items: InitiativeView[] = [];
    for (const row of rows) items.push(await this.view(await this.access.access(actor, row.id), actor, false));
    return { items, total };
  }

  async get(actor: AuthUser, id: string): Promise<InitiativeView> {
    return this.view(await this.access.access(actor, id), actor, true);
  }

  /** Changes the plan (owners, while planned): title, purpose, format, topic, dates, place, agenda, budget line. */
  async update(actor: AuthUser, id: string, dto: UpdateInitiativeDto): Promise<InitiativeView> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, id, manager, true);
      this.access.requireOwner(access);
      const { initiative } = access;
      if (!INITIATIVE_CHANGEABLE.includes(initiative.status)) throw new Conflict('initiative_moved_on');
      const changes: InitiativeChanges = {};
      if (dto.title !== undefined) changes.title = dto.title;
      if (dto.purpose !== undefined) changes.purpose = dto.purpose;
      if (dto.format !== undefined) changes.format = dto.format;
      if (dto.topic !== undefined) changes.topic = dto.topic;
      if (dto.startsOn !== undefined) changes.startsOn = dto.startsOn;
      if (dto.endsOn !== undefined) changes.endsOn = dto.endsOn;
      if (dto.venue !== undefined) changes.venue = dto.venue;
      if (dto.online !== undefined) changes.online = dto.online;
      if (dto.agenda !== undefined) changes.agenda = agendaOf(dto.agenda);
      if (dto.budgetLine !== undefined) changes.budgetLine = dto.budgetLine;
      const before = planOf(initiative);
      const after = { ...before, ...changes };
      checkPlan(after);
      if ((changes.startsOn || changes.endsOn) && (await this.participation.marksOutside(manager, id, after.startsOn, after.endsOn)))
        throw new ValidationFailed([{ field: changes.startsOn ? 'startsOn' : 'endsOn', constraint: 'invalid' }]);
      const keys = (Object.keys(after) as (keyof typeof after)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      if (!keys.length) return;
      if (!(await this.initiatives.update(manager, id, changes, INITIATIVE_CHANGEABLE))) throw new Conflict('initiative_moved_on');
      await this.record(
        manager,
        actor,
        initiative,
        'cooperation.initiative.updated',
        Object.fromEntries(keys.map((k) => [k, before[k]])),
        Object.fromEntries(keys.map((k) => [k, after[k]])),
      );
    });
    return this.get(actor, id);
  }

  /** Held: the 3- and 6-month follow-ups scheduled from the last day. */
  hold(actor: AuthUser, id: string): Promise<InitiativeView> {
    return this.move(actor, id, 'hold');
  }

  close(actor: AuthUser, id: string): Promise<InitiativeView> {
    return this.move(actor, id, 'close');
  }

  cancel(actor: AuthUser, id: string): Promise<InitiativeView> {
    return this.move(actor, id, 'cancel');
  }

  /**
   * Replaces what the initiative builds on (owners, unless closed or cancelled): cohorts of its lead academy or of an
   * accepted member academy, and missions the owner may see; anything else is 404.
   */
  async setLinks(actor: AuthUser, id: string, dto: InitiativeLinksDto): Promise<InitiativeView> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, id, manager, true);
      this.access.requireOwner(access);
      const { initiative } = access;
      if (!LIVE_INITIATIVE.includes(initiative.status)) throw new Conflict('initiative_moved_on');
      const cohortIds = [...new Set(dto.cohortIds)];
      const missionIds = [...new Set(dto.missionIds)];
      const academies = await this.memberAcademies(manager, initiative);
      for (const cohortId of cohortIds) {
        const cohort = await this.cohorts.find(cohortId, manager);
        if (!cohort || !academies.has(cohort.academyId)) throw new NotFound('cohort');
      }
      for (const missionId of missionIds) await this.missionAccess.access(actor, missionId, manager);
      const before = await this.initiatives.links(id, manager);
      const was = {
        cohortIds: before
          .filter((l) => l.cohortId)
          .map((l) => l.cohortId!)
          .sort(),
        missionIds: before
          .filter((l) => l.missionId)
          .map((l) => l.missionId!)
          .sort(),
      };
      const now = { cohortIds: [...cohortIds].sort(), missionIds: [...missionIds].sort() };
      if (JSON.stringify(was) === JSON.stringify(now)) return;
      await this.initiatives.replaceLinks(manager, id, cohortIds, missionIds);
      await this.record(manager, actor, initiative, 'cooperation.initiative.links_changed', was, now);
    });
    return this.get(actor, id);
  }

  // ---- views ----------------------------------------------------------------------------------------------

  /** What the reader sees of an initiative (`full`: links resolved too, for the initiative's own page and API). */
  async view(access: InitiativeAccess, actor: AuthUser, full = true): Promise<InitiativeView> {
    const { initiative, owner } = access;
    const invitation = this.access.invitationOnly(access);
    const live = LIVE_INITIATIVE.includes(initiative.status);
    const leadAcademy = initiative.leadAcademyId ? await this.academies.get(initiative.leadAcademyId).catch(() => null) : null;
    const memberships = invitation ? (access.membership ? [access.membership] : []) : await this.initiatives.memberships([initiative.id]);
    const institutions = await this.institutions.byIds(memberships.map((m) => m.institutionId));
    const withParticipants = owner && live ? await this.institutionsWithParticipants(initiative.id) : new Set<string>();
    const members = memberships
      .filter((m) => institutions.has(m.institutionId))
      .map((membership) => ({
        membership,
        institution: institutions.get(membership.institutionId)!,
        mayDecide: membership.status === 'invited' && access.institutionId === membership.institutionId && live,
        mayRemove: owner && live && !withParticipants.has(membership.institutionId),
      }));
    let cohorts: InitiativeView['cohorts'] = [];
    let missions: InitiativeView['missions'] = [];
    if (!invitation && full) {
      const links = await this.initiatives.links(initiative.id);
      for (const link of links) {
        if (link.cohortId) {
          const cohort = await this.cohorts.find(link.cohortId);
          if (cohort) cohorts.push({ id: cohort.id, name: cohort.name });
        }
        if (link.missionId) {
          const reference = await this.missionAccess
            .access(actor, link.missionId)
            .then((m) => m.request.reference)
            .catch(() => null);
          missions.push({ id: link.missionId, reference });
        }
      }
    } else {
      cohorts = [];
      missions = [];
    }
    const keeps = owner || this.access.acceptedMember(access);
    const participantScope = owner ? null : this.access.acceptedMember(access) && access.institutionId ? [access.institutionId] : [];
    return {
      ...access,
      leadAcademy: leadAcademy ? { id: leadAcademy.id, code: leadAcademy.code, name: leadAcademy.name } : null,
      invitation,
      members,
      cohorts,
      missions,
      followUps: invitation ? [] : await this.initiatives.followUps(initiative.id),
      participantCount:
        participantScope && participantScope.length === 0 ? 0 : await this.participation.count(initiative.id, participantScope),
      actions: owner ? MOVES.filter((m) => (INITIATIVE_MOVES[m].from as readonly InitiativeState[]).includes(initiative.status)) : [],
      editable: owner && INITIATIVE_CHANGEABLE.includes(initiative.status),
      managesMembers: owner && live,
      keepsParticipants: keeps && live,
      readsRecord: !invitation,
      uploadsMaterials: owner && initiative.status !== 'cancelled',
    };
  }

  // ---- rules ----------------------------------------------------------------------------------------------

  /** One move by an owner: a conditional UPDATE (another state, or moved a moment before: 409 initiative_moved_on). */
  private async move(actor: AuthUser, id: string, move: InitiativeMove): Promise<InitiativeView> {
    const { from, to } = INITIATIVE_MOVES[move];
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, id, manager);
      this.access.requireOwner(access);
      if (!(await this.initiatives.move(manager, id, from, to))) throw new Conflict('initiative_moved_on');
      const after: Record<string, unknown> = { status: to };
      if (move === 'hold')
        after.followUps = (await this.initiatives.scheduleFollowUps(manager, id)).map((f) => ({ wave: f.wave, dueOn: f.dueOn }));
      await this.record(manager, actor, access.initiative, AUDIT[move], { status: access.initiative.status }, after);
    });
    return this.get(actor, id);
  }

  /** The academies whose cohorts the initiative may build on: the lead academy and accepted member academies. */
  private async memberAcademies(manager: EntityManager, initiative: Initiative): Promise<Set<string>> {
    const academies = new Set<string>();
    if (initiative.leadAcademyId) academies.add(initiative.leadAcademyId);
    const accepted = (await this.initiatives.memberships([initiative.id], manager)).filter((m) => m.status === 'accepted');
    for (const institution of (await this.institutions.byIds(accepted.map((m) => m.institutionId))).values())
      if (institution.academyId) academies.add(institution.academyId);
    return academies;
  }

  private async institutionsWithParticipants(initiativeId: string): Promise<Set<string>> {
    return new Set((await this.participation.participants(initiativeId, null)).map((p) => p.institutionId));
  }

  private record(
    manager: EntityManager,
    actor: AuthUser,
    initiative: Initiative,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: initiative.leadAcademyId,
      action,
      entityType: 'cooperation_initiative',
      entityId: initiative.id,
      before,
      after: after ? { reference: initiative.reference, ...after } : null,
    });
  }
}

interface Plan {
  title: LocaleMap;
  purpose: LocaleMap;
  format: Initiative['format'];
  topic: Initiative['topic'];
  startsOn: string;
  endsOn: string;
  venue: string;
  online: boolean;
  agenda: InitiativeAgendaItem[];
  budgetLine: string;
}

function planOf(i: Initiative): Plan {
  const { title, purpose, format, topic, startsOn, endsOn, venue, online, agenda, budgetLine } = i;
  return { title, purpose, format, topic, startsOn, endsOn, venue, online, agenda, budgetLine };
}

function agendaOf(items: InitiativeAgendaItem[]): InitiativeAgendaItem[] {
  return items
    .map(({ day, time, topic }) => ({ day, time, topic }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.time.localeCompare(b.time));
}

/** The plan's own rules: the last day on or after the first (at most 60 days), a venue unless online, agenda within the dates. */
function checkPlan(p: Pick<Plan, 'startsOn' | 'endsOn' | 'venue' | 'online' | 'agenda'>): void {
  const problems: FieldViolation[] = [];
  if (p.endsOn < p.startsOn) problems.push({ field: 'endsOn', constraint: 'endsBeforeStart' });
  else if (initiativeDays(p.startsOn, p.endsOn).length > INITIATIVE_LIMITS.days) problems.push({ field: 'endsOn', constraint: 'invalid' });
  if (!p.online && !p.venue) problems.push({ field: 'venue', constraint: 'isNotEmpty' });
  for (const [i, item] of p.agenda.entries())
    if (item.day < p.startsOn || item.day > p.endsOn) problems.push({ field: `agenda.${i}.day`, constraint: 'invalid' });
  if (problems.length) throw new ValidationFailed(problems);
}

/** Each day of [from, to], both included. */
export function initiativeDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end && days.length <= 366; t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
