import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { CoursesService } from '@probity/courses';
import { Conflict, NotFound } from '@probity/i18n';
import { type AuthUser, UsersService, hasRole } from '@probity/identity';
import { CohortCalendar } from './cohort-calendar.service';
import { cohortStatusOn } from './cohort-status';
import type { Cohort } from './entities/cohort.entity';
import { CohortRepository } from './repositories/cohort.repository';
import { NotificationRepository } from './repositories/notification.repository';
import { type PartnerInvitation, PartnerRepository, type PartnerView } from './repositories/partner.repository';

/**
 * Partner academies by consent: a partnership is an invitation the partner's administrator accepts
 * or declines; until then nothing of its people is shown or enrolled.
 */
@Injectable()
export class PartnersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cohorts: CohortRepository,
    private readonly partners: PartnerRepository,
    private readonly notifications: NotificationRepository,
    private readonly users: UsersService,
    private readonly courses: CoursesService,
    private readonly audit: AuditService,
    private readonly calendar: CohortCalendar,
  ) {}

  /** The academies whose people take part: the owner and the partners that accepted. */
  async academiesOf(cohort: Cohort, manager?: EntityManager): Promise<string[]> {
    return [cohort.academyId, ...(await this.partners.acceptedAcademyIds(cohort.id, manager))];
  }

  /** Invites academies to a new cohort and tells their administrators, in the caller's transaction. */
  async invite(manager: EntityManager, actor: AuthUser, cohort: Cohort, academyIds: string[]): Promise<void> {
    await this.partners.invite(manager, cohort.id, academyIds, actor.id);
    for (const adminId of await this.users.activeAdminIds(academyIds, manager)) {
      await this.notifications.queue(manager, adminId, 'partner_invited', `partner_invited:${cohort.id}`, {
        cohortId: cohort.id,
        cohortName: cohort.name,
        startsOn: cohort.startsOn,
      });
    }
  }

  /** Every partnership of a cohort with where it stands, for both academies' cohort pages. */
  partnersOf(cohortId: string): Promise<PartnerView[]> {
    return this.partners.views(cohortId);
  }

  /**
   * Invitations to the actor's academy (academy administrators): pending ones first, then those
   * decided. An invitation shows what the partner needs to decide and nothing of the owner's people.
   */
  async invitations(actor: AuthUser): Promise<PartnerInvitation[]> {
    if (!hasRole(actor, 'academy_admin') || !actor.academyId) return [];
    const rows = await this.partners.invitations(actor.academyId);
    // The title is read from the cohort's frozen version (CoursesService.snapshot, cached): each version once.
    const titles = new Map<string, Record<string, string>>();
    for (const versionId of new Set(rows.map((r) => r.courseVersionId)))
      titles.set(versionId, { ...(await this.courses.snapshot(versionId)).snapshot.course.title });
    const days = await this.calendar.days(rows.map((r) => r.ownerAcademyId));
    return rows.map(({ state, closedAt, firstDay, lastDay, ...row }) => ({
      ...row,
      cohortStatus: cohortStatusOn({ state, closedAt, startsOn: firstDay, endsOn: lastDay }, days.get(row.ownerAcademyId)!),
      courseTitle: titles.get(row.courseVersionId) ?? null,
    }));
  }

  /** The partner academy's administrator accepts or declines an invitation, once; audited. */
  async decidePartnership(actor: AuthUser, cohortId: string, academyId: string, decision: 'accepted' | 'declined'): Promise<PartnerView> {
    if (!hasRole(actor, 'academy_admin') || actor.academyId !== academyId) throw new NotFound('invitation');
    await this.dataSource.transaction(async (manager) => {
      const partner = await this.partners.findForUpdate(manager, cohortId, academyId);
      if (!partner) throw new NotFound('invitation');
      const cohort = await this.cohorts.get(cohortId, manager);
      if (partner.status !== 'invited') throw new Conflict('invitation_decided', { status: partner.status });
      if (cohort.status === 'closed') throw new Conflict('cohort_closed');
      await this.partners.decide(manager, cohortId, academyId, decision, actor.id);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId,
        action: decision === 'accepted' ? 'cohort.partnership_accepted' : 'cohort.partnership_declined',
        entityType: 'cohort',
        entityId: cohortId,
        before: { status: 'invited' },
        after: { status: decision, ownerAcademyId: cohort.academyId, partnerAcademyId: academyId },
      });
    });
    return (await this.partners.views(cohortId)).find((p) => p.academyId === academyId)!;
  }
}
