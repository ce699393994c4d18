import type { CohortState, CohortStatus } from './entities/cohort.entity';

/**
 * A cohort's status is derived when it is read, never moved by a job: `closed` once an administrator closed it
 * (`cohorts.status` = `closed`, `closed_at` set), `finished` after its last day, `running` from its first day (or
 * from the day staff started it early: the stored `running`), `planned` before. "Today" is the date in the owner
 * academy's time zone. The stored column keeps only what staff decided (`planned`, `running`, `closed`).
 */
export function cohortStatusOn(
  cohort: { state: CohortState; startsOn: string; endsOn: string; closedAt: Date | null },
  today: string,
): CohortStatus {
  if (cohort.state === 'closed' || cohort.closedAt) return 'closed';
  if (today > cohort.endsOn) return 'finished';
  if (today >= cohort.startsOn || cohort.state === 'running') return 'running';
  return 'planned';
}

/** Today's date (YYYY-MM-DD) in UTC: a cohort's status until its academy's own date is known. */
export function utcToday(): string {
  return new Date().toISOString().slice(0, 10);
}
