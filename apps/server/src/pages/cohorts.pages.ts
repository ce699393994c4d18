import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CohortsService, CreateCohortDto, EXCUSED_RULES, PartnersService } from '@probity/cohorts';
import { CoursesService } from '@probity/courses';
import { LANGUAGE_NAMES, LOCALES, NotFound, pick, translate } from '@probity/i18n';
import { AcademiesService, type AuthUser, CurrentUser, PageAuth, UsersService, hasRole } from '@probity/identity';
import { CohortOverviewPage } from './cohort-overview.page';
import { asList, ctx, formError, formText, redirect, render, validateForm, STAFF } from './page';

type Body = Record<string, unknown>;
const str = formText;

/**
 * Running a cohort through the pages: create, partnerships, overview, rules, close. Its roster is changed in
 * CohortRosterPages, its sessions and registers in CohortSessionsPages.
 */
@ApiExcludeController()
@Controller('cohorts')
export class CohortsPages {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly partners: PartnersService,
    private readonly courses: CoursesService,
    private readonly academies: AcademiesService,
    private readonly users: UsersService,
    private readonly overviewPage: CohortOverviewPage,
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
    @Query('page') page?: string,
  ): Promise<void> {
    return this.overviewPage.show(request, reply, user, id, {}, 200, { q, page });
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
      return this.overviewPage.show(request, reply, user, id, { pageError: message }, 400);
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
