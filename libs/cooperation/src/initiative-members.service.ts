import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AssistanceInstitution, InstitutionsService, managesFacility } from '@probity/assistance';
import { AuditService } from '@probity/audit';
import { NotificationsService } from '@probity/cohorts';
import { Conflict, Forbidden, NotFound, pick, type Locale } from '@probity/i18n';
import { type AuthUser, UsersService } from '@probity/identity';
import type { MembershipState } from './cooperation-model';
import type { Initiative } from './entities/initiative.entity';
import { type InitiativeAccess, InitiativeAccessService, LIVE_INITIATIVE } from './initiative-access.service';
import { InitiativesRepository } from './repositories/initiatives.repository';

/**
 * The institutions of an initiative, by consent (ADR 0013, as cohort partners in ADR 0009): an owner adds an academy,
 * which is `invited` (the lead academy's own is `accepted`) until its administrator or focal point accepts or declines,
 * once; a facility manager adds regional organisations and agencies, `accepted` at once; an academy's administrator who
 * runs an initiative may invite academies only. The invited academy's administrators are told, in their language. An
 * institution leaves only while nothing of it is recorded (participants, action items, outcomes).
 */
@Injectable()
export class InitiativeMembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly initiatives: InitiativesRepository,
    private readonly access: InitiativeAccessService,
    private readonly institutions: InstitutionsService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** Adds an institution (owners, while planned or held): 404 unknown, 403 not an academy for an academy owner, 409 already in. */
  async add(actor: AuthUser, initiativeId: string, institutionId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.owned(actor, initiativeId, manager);
      const { initiative } = access;
      const institution = (await this.institutions.byIds([institutionId])).get(institutionId);
      if (!institution) throw new NotFound('assistance_institution');
      if (institution.kind !== 'academy' && !managesFacility(actor)) throw new Forbidden();
      const status: MembershipState =
        institution.kind !== 'academy' || (institution.academyId !== null && institution.academyId === initiative.leadAcademyId)
          ? 'accepted'
          : 'invited';
      const membership = await this.initiatives.insertMembership(manager, { initiativeId, institutionId, status, invitedBy: actor.id });
      if (!membership) throw new Conflict('already_member');
      await this.record(manager, actor, initiative, 'cooperation.member.added', null, { institutionId, status });
      if (status === 'invited') await this.tellInvited(manager, actor, initiative, institution);
    });
  }

  /** The invited institution's administrator or focal point accepts: from now on its people may be added. */
  accept(actor: AuthUser, initiativeId: string, institutionId: string): Promise<void> {
    return this.decide(actor, initiativeId, institutionId, 'accepted');
  }

  decline(actor: AuthUser, initiativeId: string, institutionId: string): Promise<void> {
    return this.decide(actor, initiativeId, institutionId, 'declined');
  }

  /** Takes an institution off (owners), only while nothing of it is recorded (409 membership_in_use). */
  async remove(actor: AuthUser, initiativeId: string, institutionId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.owned(actor, initiativeId, manager);
      const membership = await this.initiatives.membership(initiativeId, institutionId, manager);
      if (!membership) throw new NotFound('assistance_institution');
      if (await this.initiatives.membershipInUse(manager, initiativeId, institutionId)) throw new Conflict('membership_in_use');
      await this.initiatives.deleteMembership(manager, initiativeId, institutionId);
      await this.record(
        manager,
        actor,
        access.initiative,
        'cooperation.member.removed',
        { institutionId, status: membership.status },
        null,
      );
    });
  }

  /**
   * The institutions an owner may add: every academy (its institution made if it never asked for assistance) and, for a
   * facility manager, the facility's other institutions (regional organisations, agencies).
   */
  async candidates(actor: AuthUser, initiativeId: string): Promise<AssistanceInstitution[]> {
    const access = await this.access.access(actor, initiativeId);
    this.access.requireOwner(access);
    const present = new Set((await this.initiatives.memberships([initiativeId])).map((m) => m.institutionId));
    const rows = new Map((await this.institutions.academyInstitutions(actor)).map((i) => [i.id, i]));
    if (managesFacility(actor))
      for (let offset = 0; offset < 2000; offset += 200) {
        const page = await this.institutions.list(actor, 200, offset);
        for (const view of page.items) rows.set(view.institution.id, view.institution);
        if (offset + 200 >= page.total) break;
      }
    return [...rows.values()].filter((i) => !present.has(i.id));
  }

  private async decide(actor: AuthUser, initiativeId: string, institutionId: string, status: MembershipState): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, initiativeId, manager, true);
      if (access.institutionId !== institutionId || !access.membership) {
        // An owner who does not speak for the institution may not decide for it; anyone else does not see it.
        if (access.owner) throw new Forbidden();
        throw new NotFound('assistance_institution');
      }
      if (!LIVE_INITIATIVE.includes(access.initiative.status)) throw new Conflict('initiative_moved_on');
      if (!(await this.initiatives.decide(manager, initiativeId, institutionId, status, actor.id)))
        throw new Conflict('invitation_decided');
      await this.record(
        manager,
        actor,
        access.initiative,
        status === 'accepted' ? 'cooperation.member.accepted' : 'cooperation.member.declined',
        { institutionId, status: 'invited' },
        { institutionId, status },
      );
    });
  }

  /** The initiative, locked, if the actor runs it and it is planned or held. */
  private async owned(actor: AuthUser, initiativeId: string, manager: EntityManager): Promise<InitiativeAccess> {
    const access = await this.access.access(actor, initiativeId, manager, true);
    this.access.requireOwner(access);
    if (!LIVE_INITIATIVE.includes(access.initiative.status)) throw new Conflict('initiative_moved_on');
    return access;
  }

  /** Tells the invited academy's active administrators, each with the title in their own language. */
  private async tellInvited(
    manager: EntityManager,
    actor: AuthUser,
    initiative: Initiative,
    institution: AssistanceInstitution,
  ): Promise<void> {
    if (!institution.academyId) return;
    const admins = (await this.users.activeAdminIds([institution.academyId], manager)).filter((id) => id !== actor.id);
    const locales = await this.users.localesOf(admins, manager);
    for (const userId of admins) {
      const locale = (locales.get(userId) ?? 'en') as Locale;
      await this.notifications.queueMessage(manager, userId, 'cooperation_invitation', `${initiative.id}:${institution.id}`, {
        messageKey: 'cooperation:notify.invited',
        params: { reference: initiative.reference, title: pick(initiative.title, locale).text, author: actor.fullName },
        dates: { startsOn: initiative.startsOn, endsOn: initiative.endsOn },
        link: `/initiatives/${initiative.id}`,
      });
    }
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
      before: before ? { reference: initiative.reference, ...before } : null,
      after: after ? { reference: initiative.reference, ...after } : null,
    });
  }
}
