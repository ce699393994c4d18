import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { zonedDate } from '@probity/i18n';
import { AcademiesService } from '@probity/identity';
import { cohortStatusOn } from './cohort-status';
import type { Cohort, CohortState, CohortStatus } from './entities/cohort.entity';

/**
 * Today in each academy's time zone, for the status of its cohorts (`cohortStatusOn`): a cohort of Tbilisi is
 * running from midnight in Tbilisi. Time zones are read through `AcademiesService`, each academy once per call.
 */
@Injectable()
export class CohortCalendar {
  constructor(private readonly academies: AcademiesService) {}

  /** Today's date (YYYY-MM-DD) in the academy's time zone. */
  async today(academyId: string, manager?: EntityManager): Promise<string> {
    return zonedDate(new Date(), (await this.academies.get(academyId, manager)).timeZone);
  }

  /** Today in each of the academies' time zones. */
  async days(academyIds: Iterable<string>, manager?: EntityManager): Promise<Map<string, string>> {
    const days = new Map<string, string>();
    for (const id of new Set(academyIds)) days.set(id, await this.today(id, manager));
    return days;
  }

  /** Sets each cohort's status as of today in its academy; answers the same cohorts. */
  async derive<T extends Cohort | null | undefined>(cohorts: T[], manager?: EntityManager): Promise<T[]> {
    const present = cohorts.filter((c): c is NonNullable<T> => Boolean(c));
    const days = await this.days(
      present.map((c) => c.academyId),
      manager,
    );
    for (const cohort of present) cohort.deriveStatus(days.get(cohort.academyId));
    return cohorts;
  }

  /** The status of a cohort read as plain columns (not as an entity), as of today in its academy. */
  async statusOf(
    cohort: { academyId: string; state: CohortState; startsOn: string; endsOn: string; closedAt: Date | null },
    manager?: EntityManager,
  ): Promise<CohortStatus> {
    return cohortStatusOn(cohort, await this.today(cohort.academyId, manager));
  }
}
