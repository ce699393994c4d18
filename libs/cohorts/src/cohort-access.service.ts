import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Conflict, Forbidden, NotFound } from '@probity/i18n';
import { type AuthUser, administers, hasRole } from '@probity/identity';
import { CohortCalendar } from './cohort-calendar.service';
import type { Cohort } from './entities/cohort.entity';
import { CohortRepository } from './repositories/cohort.repository';
import { PartnerRepository } from './repositories/partner.repository';

/** Who the actor is for a cohort: which people's records they may see and change. */
export interface CohortAccess {
  cohort: Cohort;
  /** Owner academy staff, its trainers, platform administrators: everyone's records. */
  staff: boolean;
  /** A partner academy's administrator: only their own academy's people. */
  academyScope?: string;
  /** Listed as a trainer of this cohort. */
  trainer: boolean;
}

/** Access to a cohort, decided in one place for every cohort service, and the audit entries of cohort events. */
@Injectable()
export class CohortAccessService {
  constructor(
    private readonly cohorts: CohortRepository,
    private readonly partners: PartnerRepository,
    private readonly audit: AuditService,
    private readonly calendar: CohortCalendar,
  ) {}

  async access(actor: AuthUser, cohortId: string, manager?: EntityManager, lock = false): Promise<CohortAccess> {
    const cohort = await this.cohorts.find(cohortId, manager, lock);
    if (!cohort) throw new NotFound('cohort');
    await this.calendar.derive([cohort], manager);
    const trainer = hasRole(actor, 'trainer') && (await this.cohorts.isTrainer(cohortId, actor.id, manager));
    if (administers(actor, cohort.academyId) || trainer) {
      return { cohort, staff: true, trainer };
    }
    if (hasRole(actor, 'academy_admin') && actor.academyId && (await this.partners.isAccepted(cohortId, actor.academyId, manager))) {
      return { cohort, staff: false, academyScope: actor.academyId, trainer: false };
    }
    throw new NotFound('cohort');
  }

  /** Staff who run the cohort: its trainers, the owner academy's administrators, platform administrators. */
  async runner(actor: AuthUser, cohortId: string, manager?: EntityManager, lock = false): Promise<Cohort> {
    const access = await this.access(actor, cohortId, manager, lock);
    if (!access.staff) throw new Forbidden();
    return access.cohort;
  }

  /** A closed cohort changes no more. */
  open(cohort: Cohort): void {
    if (cohort.status === 'closed') throw new Conflict('cohort_closed');
  }

  /** An audit entry of a cohort event, in the owner academy's chain, in the caller's transaction. */
  record(
    manager: EntityManager,
    actor: AuthUser | null,
    cohort: Cohort,
    action: string,
    entityType: string,
    entityId: string,
    before: object | null,
    after: object | null,
    subjects?: string[],
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor?.id ?? null,
      academyId: cohort.academyId,
      action,
      entityType,
      entityId,
      before: before as Record<string, unknown> | null,
      after: after as Record<string, unknown> | null,
      subjects,
    });
  }
}
