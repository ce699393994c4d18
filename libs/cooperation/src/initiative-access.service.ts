import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RequestAccessService, managesFacility } from '@probity/assistance';
import { Forbidden, NotFound } from '@probity/i18n';
import { type AuthUser, hasRole } from '@probity/identity';
import type { Initiative, Membership } from './entities/initiative.entity';
import type { InitiativeScope } from './repositories/initiatives.repository';
import { InitiativesRepository } from './repositories/initiatives.repository';
import { InitiativeParticipationRepository } from './repositories/participation.repository';

/** An initiative as one reader may reach it, and in which capacity. */
export interface InitiativeAccess {
  initiative: Initiative;
  /** Runs it: a facility manager or platform administrator, or an administrator of its lead academy. */
  owner: boolean;
  /** The institution the reader acts for (their focal point tie, or their academy's institution), if any. */
  institutionId: string | null;
  /** That institution's membership of the initiative, whatever its state. */
  membership: Membership | null;
  /** The reader takes part with their account. */
  participant: boolean;
}

/** States in which the initiative's people, members and register still change. */
export const LIVE_INITIATIVE: readonly Initiative['status'][] = ['planned', 'held'];

/**
 * Who may reach an initiative, decided here only (ADR 0013): its owners (facility managers and platform administrators
 * always, and the lead academy's administrators), the administrators and focal points of a member institution (an
 * invited or declined one sees the invitation only), and people who take part with their account. Anyone else is told
 * there is no such initiative (404). Exported so that outcomes, the directory and reporting decide alike.
 */
@Injectable()
export class InitiativeAccessService {
  constructor(
    private readonly initiatives: InitiativesRepository,
    private readonly participation: InitiativeParticipationRepository,
    private readonly requestAccess: RequestAccessService,
  ) {}

  /** Whether the actor runs the initiative. */
  isOwner(actor: AuthUser, initiative: Pick<Initiative, 'leadAcademyId'>): boolean {
    if (managesFacility(actor)) return true;
    return initiative.leadAcademyId !== null && hasRole(actor, 'academy_admin') && actor.academyId === initiative.leadAcademyId;
  }

  /** Whether the actor may create initiatives: facility managers (the facility's) and academy administrators (their academy's). */
  mayCreate(actor: AuthUser): boolean {
    return managesFacility(actor) || (hasRole(actor, 'academy_admin') && actor.academyId !== null);
  }

  /** The institution the actor acts for: a focal point's tie, or an academy administrator's academy (if it has one yet). */
  actingInstitutionId(actor: AuthUser, manager?: EntityManager): Promise<string | null> {
    if (!hasRole(actor, 'partner_focal_point', 'academy_admin')) return Promise.resolve(null);
    return this.requestAccess.requesterInstitutionId(actor, manager);
  }

  /** What the reader's list of initiatives holds. */
  async scope(actor: AuthUser): Promise<InitiativeScope> {
    return {
      all: managesFacility(actor),
      leadAcademyId: hasRole(actor, 'academy_admin') ? actor.academyId : null,
      institutionId: await this.actingInstitutionId(actor),
      userId: actor.id,
    };
  }

  /** The initiative if the actor may reach it (`lock`: held for the caller's transaction); otherwise 404. */
  async access(actor: AuthUser, id: string, manager?: EntityManager, lock = false): Promise<InitiativeAccess> {
    const initiative = await this.initiatives.find(id, manager, lock);
    if (!initiative) throw new NotFound('initiative');
    const owner = this.isOwner(actor, initiative);
    const institutionId = await this.actingInstitutionId(actor, manager);
    const membership = institutionId ? await this.initiatives.membership(id, institutionId, manager) : null;
    const participant = await this.participation.isParticipant(id, actor.id, manager);
    if (!owner && !membership && !participant) throw new NotFound('initiative');
    return { initiative, owner, institutionId, membership, participant };
  }

  /** An institution's membership of the initiative (the caller decided the reader may know it). */
  membershipOf(initiativeId: string, institutionId: string, manager?: EntityManager): Promise<Membership | null> {
    return this.initiatives.membership(initiativeId, institutionId, manager);
  }

  /** The reader speaks for an institution that accepted. */
  acceptedMember(access: InitiativeAccess): boolean {
    return access.membership?.status === 'accepted';
  }

  /** The reader sees only an invitation (or a declined one): title, dates, who invites; nothing of people or files. */
  invitationOnly(access: InitiativeAccess): boolean {
    return !access.owner && !access.participant && !this.acceptedMember(access);
  }

  requireOwner(access: InitiativeAccess): void {
    if (!access.owner) throw new Forbidden();
  }

  /** Owners and people of accepted members (and participants) read the initiative's materials, links and agenda. */
  mayReadRecord(access: InitiativeAccess): boolean {
    return !this.invitationOnly(access);
  }

  /**
   * Whose participants the reader sees and keeps: every institution's (owners: null), their own accepted institution's
   * (its academy's administrators and focal points), or none (403).
   */
  participantScope(access: InitiativeAccess): string[] | null {
    if (access.owner) return null;
    if (this.acceptedMember(access) && access.institutionId) return [access.institutionId];
    throw new Forbidden();
  }

  /** Whether the reader keeps participants of the institution. */
  keepsParticipantsOf(access: InitiativeAccess, institutionId: string): boolean {
    return access.owner || (this.acceptedMember(access) && access.institutionId === institutionId);
  }
}
