import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotFound } from '@probity/i18n';
import { type AuthUser, UsersService } from '@probity/identity';
import { type MissionExpertFacts, type MissionFacts, OutcomesRepository, type RecommendationRow } from './repositories/outcomes.repository';
import { RequestAccessService, managesFacility } from './request-access.service';

/**
 * How one reader stands to a mission's outcomes: a facility manager, its lead expert (the account of the mission's lead
 * expert), one of its experts, or the host (a focal point or academy administrator of the requesting institution).
 */
export interface OutcomeAccess {
  mission: MissionFacts;
  experts: MissionExpertFacts[];
  manager: boolean;
  lead: boolean;
  expert: boolean;
  host: boolean;
  /** The institution the reader speaks for (focal point, academy administrator), if any. */
  institutionId: string | null;
}

/**
 * Who may reach a mission's report, recommendations and evaluation, decided here only (ADR 0012): facility managers,
 * the mission's experts and the requesting institution's people. Anyone else is told there is no such thing (404).
 * Each service then says what each of these may do.
 */
@Injectable()
export class OutcomeAccessService {
  constructor(
    private readonly outcomes: OutcomesRepository,
    private readonly requests: RequestAccessService,
    private readonly users: UsersService,
  ) {}

  /** The reader's standing; `entity` names what a stranger is told was not found. */
  async standing(actor: AuthUser, missionId: string, manager?: EntityManager, lock = false): Promise<OutcomeAccess | null> {
    const mission = await this.outcomes.mission(missionId, manager, lock);
    if (!mission) return null;
    const experts = await this.outcomes.experts(missionId, manager);
    const mine = experts.filter((e) => e.userId === actor.id);
    const institutionId = await this.requests.requesterInstitutionId(actor, manager);
    return {
      mission,
      experts,
      manager: managesFacility(actor),
      lead: mine.some((e) => e.lead),
      expert: mine.length > 0,
      host: institutionId !== null && institutionId === mission.institutionId,
      institutionId,
    };
  }

  /** The standing of a reader who may see the mission's outcomes at all; otherwise 404 (`entity`). */
  async access(actor: AuthUser, missionId: string, entity: string, manager?: EntityManager, lock = false): Promise<OutcomeAccess> {
    const access = await this.standing(actor, missionId, manager, lock);
    if (!access || !(access.manager || access.expert || access.host)) throw new NotFound(entity);
    return access;
  }

  /**
   * Who marks a recommendation's progress: facility managers, and the people of the institution that owns it (its
   * focal points, its academy's administrators), or of the requesting institution when no institution owns it.
   */
  mayMark(
    actor: AuthUser,
    institutionId: string | null,
    recommendation: Pick<RecommendationRow, 'ownerInstitutionId' | 'institutionId'>,
  ): boolean {
    if (managesFacility(actor)) return true;
    return institutionId !== null && institutionId === (recommendation.ownerInstitutionId ?? recommendation.institutionId);
  }

  /** The institution the reader speaks for, if any. */
  institutionOf(actor: AuthUser, manager?: EntityManager): Promise<string | null> {
    return this.requests.requesterInstitutionId(actor, manager);
  }

  /**
   * The active people who speak for these institutions: their focal points, and the administrators of those that are
   * academies. Per institution, so that a caller can tell whose people it writes to.
   */
  async peopleOf(institutionIds: string[], manager?: EntityManager): Promise<Map<string, string[]>> {
    const ids = [...new Set(institutionIds)];
    const { focalPoints, academies } = await this.outcomes.institutionPeople(ids, manager);
    const byInstitution = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
    for (const f of focalPoints) byInstitution.get(f.institutionId)?.add(f.userId);
    for (const a of academies)
      for (const userId of await this.users.activeAdminIds([a.academyId], manager)) byInstitution.get(a.institutionId)?.add(userId);
    const everyone = [...new Set([...byInstitution.values()].flatMap((s) => [...s]))];
    const active = new Set((await this.users.facts(everyone, manager)).filter((f) => f.active).map((f) => f.id));
    return new Map([...byInstitution].map(([id, people]) => [id, [...people].filter((p) => active.has(p))]));
  }

  /** People's names, by id (the caller decided the reader may see them). */
  displayNames(ids: string[], manager?: EntityManager): Promise<Map<string, string>> {
    return this.users.displayNames([...new Set(ids)], manager);
  }
}
