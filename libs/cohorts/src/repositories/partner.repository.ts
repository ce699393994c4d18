import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CohortPartner, type CohortState, type CohortStatus, type PartnerStatus } from '../entities/cohort.entity';

/** A partner academy of a cohort and where the invitation stands. */
export interface PartnerView {
  academyId: string;
  status: PartnerStatus;
  invitedAt: Date;
  invitedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
}

/** An invitation to the actor's academy to take part in another academy's cohort. */
export interface PartnerInvitation {
  cohortId: string;
  cohortName: string;
  ownerAcademyId: string;
  courseVersionId: string;
  startsOn: string;
  endsOn: string;
  /** As of today in the owner academy (`cohortStatusOn`). */
  cohortStatus: CohortStatus;
  status: PartnerStatus;
  invitedAt: Date;
  decidedAt: Date | null;
  invitedBy: string | null;
  /** The course's title in every language it has, so the partner knows what they are asked to join. */
  courseTitle: Record<string, string> | null;
}

/**
 * An invitation as `cohort_partners` and `cohorts` have it, with what the cohort's status is derived from (its stored
 * state, closing and days); the course's title comes from courses and the status from the calendar (`PartnersService`).
 */
export type PartnerInvitationRow = Omit<PartnerInvitation, 'courseTitle' | 'cohortStatus'> & {
  state: CohortState;
  closedAt: Date | null;
  firstDay: string;
  lastDay: string;
};

/** Partnerships of cohorts with other academies (`cohort_partners`). */
@Injectable()
export class PartnerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  isAccepted(cohortId: string, academyId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(CohortPartner, { cohortId, academyId, status: 'accepted' });
  }

  async acceptedAcademyIds(cohortId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const accepted = await manager.findBy(CohortPartner, { cohortId, status: 'accepted' });
    return accepted.map((p) => p.academyId);
  }

  async invite(manager: EntityManager, cohortId: string, academyIds: string[], invitedBy: string): Promise<void> {
    await manager.insert(
      CohortPartner,
      academyIds.map((academyId) => ({ cohortId, academyId, status: 'invited' as const, invitedBy })),
    );
  }

  findForUpdate(manager: EntityManager, cohortId: string, academyId: string): Promise<CohortPartner | null> {
    return manager.findOne(CohortPartner, { where: { cohortId, academyId }, lock: { mode: 'pessimistic_write' } });
  }

  async decide(
    manager: EntityManager,
    cohortId: string,
    academyId: string,
    decision: 'accepted' | 'declined',
    decidedBy: string,
  ): Promise<void> {
    await manager.update(CohortPartner, { cohortId, academyId }, { status: decision, decidedBy, decidedAt: new Date() });
  }

  /** Every partnership of a cohort, with who invited and who decided by name. */
  views(cohortId: string): Promise<PartnerView[]> {
    return this.dataSource.query<PartnerView[]>(
      `SELECT p.academy_id AS "academyId", p.status, p.invited_at AS "invitedAt", p.decided_at AS "decidedAt",
              i.full_name AS "invitedBy", d.full_name AS "decidedBy"
         FROM cohort_partners p LEFT JOIN users i ON i.id = p.invited_by LEFT JOIN users d ON d.id = p.decided_by
        WHERE p.cohort_id = $1 ORDER BY p.invited_at, p.academy_id`,
      [cohortId],
    );
  }

  /** Invitations to an academy, pending ones first (at most 200). */
  invitations(academyId: string): Promise<PartnerInvitationRow[]> {
    return this.dataSource.query<PartnerInvitationRow[]>(
      `SELECT c.id AS "cohortId", c.name AS "cohortName", c.academy_id AS "ownerAcademyId", c.course_version_id AS "courseVersionId",
              c.starts_on AS "startsOn", c.ends_on AS "endsOn", c.status AS "state", c.closed_at AS "closedAt",
              to_char(c.starts_on, 'YYYY-MM-DD') AS "firstDay", to_char(c.ends_on, 'YYYY-MM-DD') AS "lastDay", p.status, p.invited_at AS "invitedAt",
              p.decided_at AS "decidedAt", i.full_name AS "invitedBy"
         FROM cohort_partners p JOIN cohorts c ON c.id = p.cohort_id LEFT JOIN users i ON i.id = p.invited_by
        WHERE p.academy_id = $1
        ORDER BY (p.status = 'invited') DESC, p.invited_at DESC LIMIT 200`,
      [academyId],
    );
  }
}
