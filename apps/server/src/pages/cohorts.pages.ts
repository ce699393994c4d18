import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ATTENDANCE_STATUSES,
  AttendanceService,
  type AttendanceStatus,
  CohortsService,
  CreateCohortDto,
  CreateSessionDto,
  EXCUSED_RULES,
  EnrolmentsService,
  PartnersService,
  requiredAssessments,
} from '@probity/cohorts';
import { ResultsService } from '@probity/assessments';
import { CoursesService } from '@probity/courses';
import { LANGUAGE_NAMES, LOCALES, type Locale, type LocaleMap, NotFound, fromZonedLocal, pick, translate } from '@probity/i18n';
import { AcademiesService, type AuthUser, CurrentUser, PageAuth, UsersService, administers, hasRole } from '@probity/identity';
import { explainSkipped, rosterCsv } from '../http/presenters';
import { unmetText } from './learn.pages';
import { asList, ctx, errorFlash, formError, formText, redirect, render, validateForm, STAFF } from './page';

const ROSTER_PAGE = 100;
type Body = Record<string, unknown>;
function memo<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key)!;
  };
}
const str = formText;

/** Running a cohort through the pages: create, enrol, sessions, registers, overview, close. */
@ApiExcludeController()
@Controller('cohorts')
export class CohortsPages {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly partners: PartnersService,
    private readonly enrolments: EnrolmentsService,
    private readonly attendance: AttendanceService,
    private readonly courses: CoursesService,
    private readonly academies: AcademiesService,
    private readonly users: UsersService,
    private readonly results: ResultsService,
  ) {}

  @Get()
  @PageAuth(...STAFF)
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const [{ items }, catalog, academies, trainers, invitations] = await Promise.all([
      this.cohorts.list(user, 200, 0),
      this.courses.catalog(locale, user),
      this.academies.list({ limit: 500 }),
      user.academyId ? this.users.list(user, { limit: 500, academyId: user.academyId }) : Promise.resolve({ items: [], total: 0 }),
      this.partners.invitations(user),
    ]);
    const academyName = new Map(academies.items.map((a) => [a.id, pick(a.name, locale).text]));
    await render(
      request,
      reply,
      'cohorts/list',
      'cohorts:list.title',
      {
        cohorts: items,
        invitations: invitations.map((i) => ({
          ...i,
          partnerAcademyId: user.academyId,
          academyName: academyName.get(i.ownerAcademyId) ?? '',
          courseTitle: i.courseTitle ? pick(i.courseTitle, locale).text : '',
          pending: i.status === 'invited',
          statusLabel: translate(locale, `cohorts:partners.status.${i.status}`),
        })),
        canCreate: hasRole(user, 'academy_admin', 'trainer') && Boolean(user.academyId),
        versions: catalog.items.map((i) => ({ id: i.versionId, label: `${i.title} (v${i.number})` })),
        trainers: trainers.items
          .filter((u) => u.roles.includes('trainer'))
          .map((u) => ({ id: u.id, name: u.fullName, checked: u.id === user.id })),
        partners: academies.items.filter((a) => a.id !== user.academyId).map((a) => ({ id: a.id, name: pick(a.name, locale).text })),
        locales: LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code] })),
        excusedRules: EXCUSED_RULES,
        form: { locale, minAttendancePercent: 80, requireAllLessons: true, excused: 'exclude' },
        ...model,
      },
      status,
    );
  }

  @Post()
  @PageAuth('academy_admin', 'trainer')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const values = {
      courseVersionId: str(body, 'courseVersionId'),
      name: str(body, 'name'),
      locale: str(body, 'locale'),
      startsOn: str(body, 'startsOn'),
      endsOn: str(body, 'endsOn'),
      trainerIds: asList(body.trainerIds),
      partnerAcademyIds: asList(body.partnerAcademyIds),
      capacity: str(body, 'capacity') || undefined,
      venue: str(body, 'venue') || undefined,
      completion: {
        minAttendancePercent: str(body, 'minAttendancePercent') || '80',
        requireAllLessons: body.requireAllLessons === 'on',
        excused: str(body, 'excused') || 'exclude',
      },
    };
    const again = (model: Body, status: number): Promise<void> => this.list(request, reply, user, { form: { ...body, ...model } }, status);
    const form = await validateForm(request, CreateCohortDto, values);
    if (form.errors) return again({ errors: form.errors }, 400);
    try {
      const cohort = await this.cohorts.create(user, form.dto);
      redirect(reply, `/cohorts/${cohort.id}`, { kind: 'success', key: 'cohorts:list.created', params: { name: cohort.name } });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return again({ errors, message }, 400);
    }
  }

  @Get(':id')
  @PageAuth(...STAFF)
  async overview(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('q') q?: string,
    model: Body = {},
    status = 200,
    @Query('page') page?: string,
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

  /** The partner academy's administrator accepts or declines an invitation from the cohorts page. */
  @Post(':id/partners/:academyId/:decision')
  @PageAuth('academy_admin')
  async decide(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('academyId', ParseUUIDPipe) academyId: string,
    @Param('decision') decision: string,
  ): Promise<void> {
    if (decision !== 'accept' && decision !== 'decline') throw new NotFound('invitation');
    try {
      await this.partners.decidePartnership(user, id, academyId, decision === 'accept' ? 'accepted' : 'declined');
      redirect(reply, decision === 'accept' ? `/cohorts/${id}` : '/cohorts', {
        kind: 'success',
        key: decision === 'accept' ? 'cohorts:partners.accepted_flash' : 'cohorts:partners.declined_flash',
      });
    } catch (error) {
      const { message } = formError(request, error);
      return this.list(request, reply, user, { pageError: message }, 409);
    }
  }

  /** The assessments a learner must pass, ticked on the cohort page. */
  @Post(':id/completion')
  @PageAuth('academy_admin', 'trainer', 'platform_admin')
  async requiredAssessments(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    try {
      const { completed } = await this.cohorts.setRequiredAssessments(user, id, asList(body.required));
      redirect(reply, `/cohorts/${id}#required`, { kind: 'success', key: 'cohorts:overview.required_saved', params: { count: completed } });
    } catch (error) {
      const { message } = formError(request, error);
      return this.overview(request, reply, user, id, undefined, { pageError: message }, 400);
    }
  }

  private async attendanceGrid(cohortId: string, sessionIds: string[]): Promise<Map<string, AttendanceStatus>> {
    if (!sessionIds.length) return new Map();
    const rows = await this.attendance.attendanceMarks(cohortId);
    return new Map(rows.map((r) => [`${r.sessionId}:${r.userId}`, r.status]));
  }

  @Get(':id/roster.csv')
  @PageAuth(...STAFF)
  async csv(@Res() reply: FastifyReply, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const { items } = await this.enrolments.roster(user, id);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cohort-${id}.csv"`)
      .send(rosterCsv(items));
  }

  @Post(':id/enrol')
  @PageAuth(...STAFF)
  async enrol(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const locale = ctx(request).probity.locale;
    try {
      const result = str(body, 'emails')
        ? await this.enrolments.enrolByEmails(user, id, str(body, 'emails'))
        : await this.enrolments.enrol(user, id, asList(body.userIds));
      return this.overview(
        request,
        reply,
        user,
        id,
        undefined,
        { enrolResult: { enrolled: result.enrolled.length, skipped: explainSkipped(result.skipped, locale) } },
        200,
      );
    } catch (error) {
      const { message } = formError(request, error);
      return this.overview(request, reply, user, id, undefined, { pageError: message, emails: str(body, 'emails') }, 400);
    }
  }

  @Post(':id/withdraw/:userId')
  @PageAuth(...STAFF)
  async withdraw(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
  ): Promise<void> {
    await this.enrolments.withdraw(user, id, userId, str((request.body ?? {}) as Body, 'reason'));
    redirect(reply, `/cohorts/${id}#roster`, { kind: 'success', key: 'cohorts:overview.withdrawn' });
  }

  @Post(':id/sessions')
  @PageAuth(...STAFF)
  async addSession(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const date = str(body, 'date');
    // Entered as wall-clock times of the academy's time zone, stored as instants.
    const iso = (time: string): string =>
      date && time ? (fromZonedLocal(`${date}T${time}`, user.timeZone ?? 'UTC')?.toISOString() ?? '') : '';
    const form = await validateForm(request, CreateSessionDto, {
      startsAt: iso(str(body, 'startTime')),
      endsAt: iso(str(body, 'endTime')),
      venue: str(body, 'venue') || undefined,
      title: str(body, 'title') || undefined,
    });
    if (form.errors) return this.overview(request, reply, user, id, undefined, { sessionForm: { ...body, errors: form.errors } }, 400);
    try {
      await this.attendance.addSession(user, id, form.dto);
      redirect(reply, `/cohorts/${id}#sessions`, { kind: 'success', key: 'cohorts:overview.session_added' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.overview(request, reply, user, id, undefined, { sessionForm: { ...body, errors, message } }, 400);
    }
  }

  /** The register: one row per learner, four choices, big enough for a phone. */
  @Get(':id/sessions/:sessionId/register')
  @PageAuth(...STAFF)
  async registerForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
  ): Promise<void> {
    const { cohort, session, learners } = await this.attendance.register(user, id, sessionId);
    await render(request, reply, 'cohorts/register', 'cohorts:register.title', {
      cohort,
      session,
      learners: learners.map((l) => ({
        ...l,
        choices: ATTENDANCE_STATUSES.map((s) => ({ value: s, checked: (l.status ?? 'present') === s })),
      })),
    });
  }

  @Post(':id/sessions/:sessionId/register')
  @PageAuth(...STAFF)
  async saveRegister(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    // Every mark goes to the service as posted: it checks them with the API's DTO (a status it does not know is refused).
    const records = Object.entries(body)
      .filter(([key]) => key.startsWith('a:'))
      .map(([key, value]) => ({ userId: key.slice(2), status: value as AttendanceStatus }));
    try {
      const result = await this.attendance.saveAttendance(user, id, sessionId, { records });
      redirect(reply, `/cohorts/${id}#attendance`, { kind: 'success', key: 'cohorts:register.saved', params: { count: result.saved } });
    } catch (error) {
      redirect(reply, `/cohorts/${id}/sessions/${sessionId}/register`, errorFlash(request, error));
    }
  }

  @Post(':id/status')
  @PageAuth(...STAFF)
  async status(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    if (body.status === 'closed') {
      const result = await this.cohorts.close(user, id);
      redirect(reply, `/cohorts/${id}`, {
        kind: 'success',
        key: 'cohorts:overview.closed',
        params: { completed: result.completed, notCompleted: result.notCompleted },
      });
      return;
    }
    await this.cohorts.setStatus(user, id, body.status === 'running' ? 'running' : 'planned');
    redirect(reply, `/cohorts/${id}`, { kind: 'success', key: 'cohorts:overview.status_saved' });
  }
}
