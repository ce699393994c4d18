import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ResultsService } from '@probity/assessments';
import { AttendanceService, type AttendanceStatus, CohortsService, EnrolmentsService, requiredAssessments } from '@probity/cohorts';
import { LANGUAGE_NAMES, type Locale, type LocaleMap, pick, translate } from '@probity/i18n';
import { AcademiesService, type AuthUser, administers } from '@probity/identity';
import { unmetText } from './learn.pages';
import { ctx, render } from './page';

const ROSTER_PAGE = 100;
type Body = Record<string, unknown>;
function memo<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key)!;
  };
}

/**
 * The overview of a cohort for the staff who run it (and a partner academy's view of it): roster, sessions,
 * attendance grid, rules, knowledge gain. Its pages' forms show it again with their result or their errors.
 */
@Injectable()
export class CohortOverviewPage {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly enrolments: EnrolmentsService,
    private readonly attendance: AttendanceService,
    private readonly academies: AcademiesService,
    private readonly results: ResultsService,
  ) {}

  /** The last argument is the address's roster search (`q`) and roster page (`page`). */
  async show(
    request: FastifyRequest,
    reply: FastifyReply,
    user: AuthUser,
    id: string,
    model: Body = {},
    status = 200,
    { q, page }: { q?: string; page?: string } = {},
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const current = Math.max(1, Number.parseInt(page ?? '1', 10) || 1);
    const { access, version, trainers, partners, sessions } = await this.cohorts.details(user, id);
    const academies = partners.length ? (await this.academies.list({ limit: 500 })).items : [];
    const { items } = await this.enrolments.roster(user, id);
    const query = typeof q === 'string' ? q.slice(0, 100) : '';
    const candidates = access.cohort.status === 'closed' ? [] : await this.enrolments.candidates(user, id, query, 50);
    const held = sessions.filter((s) => s.registerTakenAt);
    const grid = await this.attendanceGrid(
      id,
      held.map((s) => s.id),
    );
    // Knowledge gain (pre-test vs post-test) for the staff who run the cohort.
    const frozen = (version.snapshot.contributions.assessments ?? []) as { id: string; kind: string; title: LocaleMap }[];
    const kinds = frozen.map((x) => x.kind);
    const required = new Set(requiredAssessments(version.snapshot.contributions, access.cohort.completion.requiredAssessmentIds ?? null));
    const knowledgeGain =
      access.staff && kinds.includes('pre_test') && kinds.includes('post_test')
        ? (await this.results.gradebook(user, id, { cohort: access.cohort, items })).knowledgeGain
        : undefined;
    const active = items.filter((i) => i.status !== 'withdrawn');
    // Labels are looked up once per page, not once per row and cell (a roster may have 1,000 rows).
    const label = memo((key: string) => translate(locale, key));
    const ruleText = memo((rule: string) => unmetText(locale, rule, access.cohort.completion.minAttendancePercent));
    await render(
      request,
      reply,
      'cohorts/overview',
      'cohorts:overview.title',
      {
        cohort: access.cohort,
        staff: access.staff,
        partnerView: !access.staff,
        courseTitle: pick(version.snapshot.course.title, locale, access.cohort.locale as Locale).text,
        versionNumber: version.number,
        languageName: LANGUAGE_NAMES[access.cohort.locale as Locale],
        trainers,
        // Both academies see where each partnership stands: invited, accepted or declined, by whom and when.
        partners: partners.map((p) => ({
          ...p,
          name: pick(academies.find((a) => a.id === p.academyId)?.name ?? {}, locale).text,
          statusLabel: translate(locale, `cohorts:partners.status.${p.status}`),
          own: p.academyId === user.academyId,
        })),
        sessions: sessions.map((s) => ({ ...s, held: Boolean(s.registerTakenAt) })),
        heldSessions: held.map((s, i) => ({ id: s.id, number: i + 1, startsAt: s.startsAt })),
        // The whole cohort is counted; one page of it is shown (small pages on slow connections).
        roster: items.slice((current - 1) * ROSTER_PAGE, current * ROSTER_PAGE).map((i) => ({
          ...i,
          percentLessons: i.progress.lessonsTotal ? Math.round((100 * i.progress.lessonsDone) / i.progress.lessonsTotal) : 100,
          withdrawn: i.status === 'withdrawn',
          statusLabel: label(`cohorts:status.${i.status}`),
          withdrawLabel:
            i.status === 'in_progress' ? translate(locale, 'cohorts:overview.withdraw_person', { name: i.fullName }) : undefined,
          left: i.unmet.map(ruleText),
          marks: held.map((s) => {
            const mark = grid.get(`${s.id}:${i.userId}`) ?? 'absent';
            return { mark, letter: label(`cohorts:marks.${mark}`) };
          }),
        })),
        counts: {
          enrolled: active.length,
          completed: active.filter((i) => i.status === 'completed').length,
          atRisk: active.filter((i) => i.atRisk).length,
        },
        rosterPage: current,
        rosterPrev: current > 1 ? current - 1 : undefined,
        rosterNext: current * ROSTER_PAGE < items.length ? current + 1 : undefined,
        rosterPages: Math.max(1, Math.ceil(items.length / ROSTER_PAGE)),
        knowledgeGain,
        canSetRules: access.staff && access.cohort.status !== 'closed',
        canIssue: administers(user, access.cohort.academyId),
        assessments: frozen.map((a) => ({
          id: a.id,
          kind: a.kind,
          title: pick(a.title, locale, access.cohort.locale as Locale).text,
          required: required.has(a.id),
        })),
        candidates,
        withdrawText: translate(locale, 'cohorts:overview.withdraw'),
        q: query,
        closed: access.cohort.status === 'closed',
        ...model,
      },
      status,
    );
  }

  private async attendanceGrid(cohortId: string, sessionIds: string[]): Promise<Map<string, AttendanceStatus>> {
    if (!sessionIds.length) return new Map();
    const rows = await this.attendance.attendanceMarks(cohortId);
    return new Map(rows.map((r) => [`${r.sessionId}:${r.userId}`, r.status]));
  }
}
