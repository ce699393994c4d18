import { Injectable } from '@nestjs/common';
import { CoursesService } from '@probity/courses';
import type { LocaleMap } from '@probity/i18n';
import { type AuthUser, hasRole } from '@probity/identity';
import { CohortCalendar } from './cohort-calendar.service';
import { requiredAssessments } from './completion';
import type { Cohort } from './entities/cohort.entity';
import { PartnersService } from './partners.service';
import type { RosterEntry } from './progress.service';
import { CohortRepository } from './repositories/cohort.repository';
import type { PartnerInvitation } from './repositories/partner.repository';
import { SessionRepository } from './repositories/session.repository';

/** A cohort as a dashboard lists it: its status (derived), course title, open enrolments and sessions. */
export interface CohortSummary {
  cohort: Cohort;
  courseTitle: LocaleMap;
  enrolled: number;
  sessions: number;
}

/** A session that has ended and whose register nobody has taken yet. */
export interface RegisterDue {
  cohort: Cohort;
  sessionId: string;
  title: string | null;
  startsAt: Date;
}

/** A test of a learner's cohort that their to-do may list: frozen in the cohort's version. */
export interface LearnerTest {
  id: string;
  kind: string;
  title: LocaleMap;
  maxAttempts: number | null;
  /** The cohort's completion requires it (and the learner has not passed it yet). */
  required: boolean;
}

/**
 * The tests a learner may still have to sit in one of their cohorts, for their to-do: while their enrolment is in
 * progress in a cohort not closed (as for the next lesson), the assessments the cohort's version froze, less the
 * required ones they already passed, in the version's order. Whether an attempt is open, handed in or used up is the
 * assessments context's to say: the dashboard asks it (cohorts never imports assessments).
 */
export function learnerTests(
  cohort: Pick<Cohort, 'status' | 'completion'>,
  contributions: Record<string, unknown>,
  entry: Pick<RosterEntry, 'status' | 'unmet'>,
): LearnerTest[] {
  if (entry.status !== 'in_progress' || cohort.status === 'closed') return [];
  const listed = Array.isArray(contributions.assessments)
    ? (contributions.assessments as { id: string; kind: string; title: LocaleMap; maxAttempts?: number | null }[])
    : [];
  const required = new Set(requiredAssessments(contributions, cohort.completion.requiredAssessmentIds ?? null));
  return listed
    .filter((a) => !required.has(a.id) || entry.unmet.includes(`assessment:${a.id}`))
    .map((a) => ({ id: a.id, kind: a.kind, title: a.title, maxAttempts: a.maxAttempts ?? null, required: required.has(a.id) }));
}

/** At most this many cohorts and registers on a dashboard. */
const DASHBOARD_LIMIT = 20;

/**
 * What cohort staff have to do next, for their dashboards: a trainer's cohorts, the registers of sessions held and
 * not taken, cohorts with no session yet; an academy administrator's invitations to answer, finished cohorts to close
 * and cohorts nobody is enrolled in. Each list is what the pages it links to will act on.
 */
@Injectable()
export class CohortTasksService {
  constructor(
    private readonly cohorts: CohortRepository,
    private readonly sessions: SessionRepository,
    private readonly partners: PartnersService,
    private readonly calendar: CohortCalendar,
    private readonly courses: CoursesService,
  ) {}

  private async summaries(who: { trainerId: string } | { academyId: string }): Promise<CohortSummary[]> {
    const rows = await this.cohorts.summaries(who, DASHBOARD_LIMIT);
    await this.calendar.derive(rows.map((r) => r.cohort));
    const result: CohortSummary[] = [];
    for (const row of rows) {
      const { snapshot } = await this.courses.snapshot(row.cohort.courseVersionId);
      result.push({ ...row, courseTitle: snapshot.course.title });
    }
    return result;
  }

  /** A trainer's cohorts (closed ones last) and what they have to do in those not closed. */
  async teaching(actor: AuthUser): Promise<{ cohorts: CohortSummary[]; registersDue: RegisterDue[]; unscheduled: CohortSummary[] }> {
    if (!hasRole(actor, 'trainer')) return { cohorts: [], registersDue: [], unscheduled: [] };
    const cohorts = await this.summaries({ trainerId: actor.id });
    const open = cohorts.filter((c) => c.cohort.status !== 'closed');
    const byId = new Map(open.map((c) => [c.cohort.id, c.cohort]));
    const due = await this.sessions.registersDue(
      open.filter((c) => c.enrolled > 0).map((c) => c.cohort.id),
      DASHBOARD_LIMIT,
    );
    return {
      cohorts,
      registersDue: due.map((s) => ({ cohort: byId.get(s.cohortId)!, sessionId: s.id, title: s.title, startsAt: s.startsAt })),
      unscheduled: open.filter((c) => c.sessions === 0 && (c.cohort.status === 'planned' || c.cohort.status === 'running')),
    };
  }

  /** An academy administrator's invitations to answer, finished cohorts to close, planned or running cohorts with nobody enrolled. */
  async academy(actor: AuthUser): Promise<{ invitations: PartnerInvitation[]; toClose: CohortSummary[]; toEnrol: CohortSummary[] }> {
    if (!hasRole(actor, 'academy_admin') || !actor.academyId) return { invitations: [], toClose: [], toEnrol: [] };
    const [invitations, cohorts] = await Promise.all([this.partners.invitations(actor), this.summaries({ academyId: actor.academyId })]);
    return {
      invitations: invitations.filter((i) => i.status === 'invited'),
      toClose: cohorts.filter((c) => c.cohort.status === 'finished'),
      toEnrol: cohorts.filter((c) => c.enrolled === 0 && (c.cohort.status === 'planned' || c.cohort.status === 'running')),
    };
  }
}
