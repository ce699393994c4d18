import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Forbidden, NotFound } from '@probity/i18n';
import { type AuthUser, hasRole } from '@probity/identity';
import type { AssistanceInstitution } from './entities/institution.entity';
import type { AssistanceRequest } from './entities/request.entity';
import { InstitutionsRepository } from './repositories/institutions.repository';
import { RequestsRepository } from './repositories/requests.repository';

/** A request as one reader may reach it: as a focal point of its institution (requester), as a facility manager, or both. */
export interface RequestAccess {
  request: AssistanceRequest;
  institution: AssistanceInstitution;
  requester: boolean;
  manager: boolean;
}

/** Facility managers and platform administrators screen and decide every request. */
export function managesFacility(actor: AuthUser): boolean {
  return hasRole(actor, 'facility_manager', 'platform_admin');
}

/**
 * Who may reach a request, decided here only (ADR 0012): a focal point of the requesting institution (a person tied to
 * it in `assistance_focal_points` with the role partner_focal_point, or an administrator of the academy it is), or a
 * facility manager. Anyone else is told there is no such request (404).
 */
@Injectable()
export class RequestAccessService {
  constructor(
    private readonly requests: RequestsRepository,
    private readonly institutions: InstitutionsRepository,
  ) {}

  /** The institution the actor files requests for, if it exists yet (an academy's is made with its first request). */
  async requesterInstitutionId(actor: AuthUser, manager?: EntityManager): Promise<string | null> {
    if (hasRole(actor, 'partner_focal_point')) {
      const tie = await this.institutions.focalPointOf(actor.id, manager);
      if (tie) return tie.institutionId;
    }
    if (hasRole(actor, 'academy_admin') && actor.academyId)
      return (await this.institutions.forAcademy(actor.academyId, manager))?.id ?? null;
    return null;
  }

  /** Whether the actor may file requests at all: a tied focal point, or an academy administrator. */
  async mayFile(actor: AuthUser): Promise<boolean> {
    if (hasRole(actor, 'academy_admin') && actor.academyId) return true;
    return hasRole(actor, 'partner_focal_point') && (await this.institutions.focalPointOf(actor.id)) !== null;
  }

  /** The request if the actor may reach it (`lock`: held for the caller's transaction); otherwise 404. */
  async access(actor: AuthUser, id: string, manager?: EntityManager, lock = false): Promise<RequestAccess> {
    const request = await this.requests.find(id, manager, lock);
    if (!request) throw new NotFound('assistance_request');
    const isManager = managesFacility(actor);
    const requester = (await this.requesterInstitutionId(actor, manager)) === request.institutionId;
    if (!isManager && !requester) throw new NotFound('assistance_request');
    const institution = await this.institutions.find(request.institutionId, manager);
    if (!institution) throw new NotFound('assistance_request');
    return { request, institution, requester, manager: isManager };
  }

  requireRequester(access: RequestAccess): void {
    if (!access.requester) throw new Forbidden();
  }

  requireManager(access: RequestAccess): void {
    if (!access.manager) throw new Forbidden();
  }
}
