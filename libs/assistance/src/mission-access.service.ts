import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Forbidden, NotFound } from '@probity/i18n';
import { type AuthUser, hasRole } from '@probity/identity';
import type { AssistanceInstitution } from './entities/institution.entity';
import type { Mission } from './entities/mission.entity';
import type { AssistanceRequest } from './entities/request.entity';
import { InstitutionsService } from './institutions.service';
import { RequestAccessService, managesFacility } from './request-access.service';
import { MissionsRepository } from './repositories/missions.repository';

/** A mission as one reader may reach it, and in which capacity. */
export interface MissionAccess {
  mission: Mission;
  request: AssistanceRequest;
  institution: AssistanceInstitution;
  /** A facility manager (or platform administrator): everything. */
  manager: boolean;
  /** A focal point (or academy administrator) of the requesting institution: reads. */
  host: boolean;
  /** An expert on the mission (by their account). */
  expert: boolean;
  /** The mission's lead expert: keeps the participants and the register. */
  lead: boolean;
}

/** Who may reach the missions at all: managers, experts, and the requesting side. */
export const MISSION_READERS = ['facility_manager', 'platform_admin', 'expert', 'partner_focal_point', 'academy_admin'] as const;

/**
 * Who may reach a mission, decided here only (ADR 0012): facility managers every mission; an expert the missions they
 * are on; a focal point (or academy administrator) their institution's. Anyone else is told there is no such mission
 * (404); the API refuses other roles outright (403).
 */
@Injectable()
export class MissionAccessService {
  constructor(
    private readonly missions: MissionsRepository,
    private readonly requestAccess: RequestAccessService,
    private readonly institutions: InstitutionsService,
  ) {}

  /** The scope of the reader's mission list: all, their institution's, the ones they are on. */
  async scope(actor: AuthUser): Promise<{ all: boolean; institutionId: string | null; expertUserId: string | null }> {
    if (!hasRole(actor, ...MISSION_READERS)) throw new Forbidden();
    return {
      all: managesFacility(actor),
      institutionId: await this.requestAccess.requesterInstitutionId(actor),
      expertUserId: hasRole(actor, 'expert') ? actor.id : null,
    };
  }

  /** The mission if the actor may reach it (`lock`: held for the caller's transaction); otherwise 404. */
  async access(actor: AuthUser, id: string, manager?: EntityManager, lock = false): Promise<MissionAccess> {
    if (!hasRole(actor, ...MISSION_READERS)) throw new Forbidden();
    const mission = await this.missions.find(id, manager, lock);
    if (!mission) throw new NotFound('mission');
    const request = await this.missions.request(mission.requestId, manager);
    if (!request) throw new NotFound('mission');
    const isManager = managesFacility(actor);
    const host = (await this.requestAccess.requesterInstitutionId(actor, manager)) === request.institutionId;
    const role = hasRole(actor, 'expert') ? await this.missions.expertRole(id, actor.id, manager) : null;
    if (!isManager && !host && !role) throw new NotFound('mission');
    const institution = (await this.institutions.byIds([request.institutionId])).get(request.institutionId);
    if (!institution) throw new NotFound('mission');
    return { mission, request, institution, manager: isManager, host, expert: role !== null, lead: role?.lead === true };
  }

  /** Institutions by id, for the lists (the caller decided the reader may see them). */
  institutionsByIds(ids: string[]): Promise<Map<string, AssistanceInstitution>> {
    return this.institutions.byIds(ids);
  }

  requireManager(access: MissionAccess): void {
    if (!access.manager) throw new Forbidden();
  }

  /** Participants and the register: managers and the lead expert. */
  keepsRegister(access: MissionAccess): boolean {
    return access.manager || access.lead;
  }

  requireRegisterKeeper(access: MissionAccess): void {
    if (!this.keepsRegister(access)) throw new Forbidden();
  }
}
