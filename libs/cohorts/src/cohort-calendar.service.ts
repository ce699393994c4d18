import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { zonedDate } from '@probity/i18n';
import { AcademiesService } from '@probity/identity';
import { cohortStatusOn } from './cohort-status';
import type { Cohort, CohortState, CohortStatus } from './entities/cohort.entity';

/** How long a process keeps an academy's time zone before reading it again. */
const TIME_ZONE_SECONDS = 300;

/**
 * Today in each academy's time zone, for the status of its cohorts (`cohortStatusOn`): a cohort of Tbilisi is
 * running from midnight in Tbilisi. Time zones are read through `AcademiesService` and kept per process for
 * TIME_ZONE_SECONDS: a cohort is read on every answer saved, and an academy's time zone all but never changes (when
 * it does, statuses follow within five minutes; nothing is decided from a stale one but what a page shows).
 */
@Injectable()
export class CohortCalendar {
  private readonly zones = new Map<string, { zone: string; until: number }>();

  constructor(private readonly academies: AcademiesService) {}

  /** Today's date (YYYY-MM-DD) in the academy's time zone. */
  async today(academyId: string, manager?: EntityManager): Promise<string> {
    const now = Date.now();
    let kept = this.zones.get(academyId);
    if (!kept || kept.until < now) {
      kept = { zone: (await this.academies.get(academyId, manager)).timeZone, until: now + TIME_ZONE_SECONDS * 1000 };
      if (this.zones.size > 1000) this.zones.clear();
      this.zones.set(academyId, kept);
    }
    return zonedDate(new Date(now), kept.zone);
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
