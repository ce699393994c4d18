import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ATTENDANCE_STATUSES, AttendanceService, type AttendanceStatus, CreateSessionDto } from '@probity/cohorts';
import { fromZonedLocal } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { CohortOverviewPage } from './cohort-overview.page';
import { errorFlash, formError, formText, redirect, render, validateForm, STAFF } from './page';

type Body = Record<string, unknown>;
const str = formText;

/** A cohort's sessions: adding one, and its register (one row per learner, four choices, big enough for a phone). */
@ApiExcludeController()
@Controller('cohorts')
export class CohortSessionsPages {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly overviewPage: CohortOverviewPage,
  ) {}

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
    if (form.errors) return this.overviewPage.show(request, reply, user, id, { sessionForm: { ...body, errors: form.errors } }, 400);
    try {
      await this.attendance.addSession(user, id, form.dto);
      redirect(reply, `/cohorts/${id}#sessions`, { kind: 'success', key: 'cohorts:overview.session_added' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.overviewPage.show(request, reply, user, id, { sessionForm: { ...body, errors, message } }, 400);
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
}
