import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  FOLLOW_UP_LIMITS,
  FollowUpAnswersService,
  FollowUpResponseDto,
  FollowUpResultsService,
  FollowUpsService,
  MAX_WAVES,
  MIN_RESPONSES_FLOOR,
  ScheduleFollowUpsDto,
  SupervisorContactDto,
  WAVE_MONTHS,
} from '@probity/evaluation';
import {
  LANGUAGE_NAMES,
  LOCALES,
  type Locale,
  type LocaleMap,
  ProbityError,
  ValidationFailed,
  pick,
  translate,
  validated,
} from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { supervisorNotice } from '../api/dto/follow-ups.response';
import { violationMessage } from '../http/errors';
import { answerModel, formAnswers, itemErrors, resultsModel } from './follow-up-forms';
import { STAFF, ctx, formError, formText, redirect, render } from './page';

type Body = Record<string, unknown>;

/**
 * Follow-up waves on pages, without JavaScript: the cohort's staff set the waves and read each wave's results (in
 * aggregate); a learner names their supervisor (and reads what the supervisor will receive) and answers their own
 * questionnaires. A supervisor's page is `FollowUpLinkPages` (`/f/<token>`, no account).
 */
@ApiExcludeController()
@Controller()
export class FollowUpsPages {
  constructor(
    private readonly followUps: FollowUpsService,
    private readonly answers: FollowUpAnswersService,
    private readonly results: FollowUpResultsService,
  ) {}

  // ---- staff: the schedule, results ----------------------------------------------------------------------

  @Get('cohorts/:id/follow-ups')
  @PageAuth(...STAFF)
  async schedulePage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const schedule = await this.followUps.schedule(user, id);
    const given = (model.form as { months?: string[]; minResponses?: string } | undefined) ?? undefined;
    const months = given?.months ?? (schedule.waves.length ? schedule.waves.map((w) => String(w.wave.months)) : ['3', '6']);
    await render(
      request,
      reply,
      'evaluation/follow-up-schedule',
      'followups:schedule.title',
      {
        cohort: schedule.cohort,
        waves: schedule.waves.map(({ wave, started, counts }) => ({ id: wave.id, months: wave.months, started, counts })),
        fields: Array.from({ length: MAX_WAVES }, (_, i) => ({ index: i, number: i + 1, value: months[i] ?? '' })),
        minResponses: given?.minResponses ?? String(schedule.minResponses),
        floor: MIN_RESPONSES_FLOOR,
        range: WAVE_MONTHS,
        ...model,
      },
      status,
      { titleParams: { name: schedule.cohort.name } },
    );
  }

  @Post('cohorts/:id/follow-ups')
  @PageAuth(...STAFF)
  async setSchedule(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const months = Array.from({ length: MAX_WAVES }, (_, i) => formText(body, `months${i}`));
    const form = { months, minResponses: formText(body, 'minResponses') };
    try {
      const dto = await validated(ScheduleFollowUpsDto, {
        waves: months.filter(Boolean).map((m) => ({ months: m })),
        ...(form.minResponses ? { minResponses: form.minResponses } : {}),
      });
      await this.followUps.setSchedule(user, id, dto);
    } catch (error) {
      const { message } = formError(request, error);
      // `waves.<n>.months` is the n-th filled field: the message goes beside the field it came from.
      const filled = months.flatMap((m, i) => (m ? [i] : []));
      const errors: Record<string, string> = {};
      for (const v of error instanceof ValidationFailed ? error.violations : []) {
        const wave = /^waves\.(\d+)/.exec(v.field);
        const key = wave ? `months${filled[Number(wave[1])] ?? 0}` : v.field;
        const text = violationMessage(ctx(request).probity.locale, wave ? { ...v, field: 'months' } : v);
        errors[key] = errors[key] ? `${errors[key]} ${text}` : text;
      }
      return this.schedulePage(request, reply, user, id, { form, errors, message }, error instanceof ProbityError ? error.status : 400);
    }
    redirect(reply, `/cohorts/${id}/follow-ups`, { kind: 'success', key: 'followups:schedule.saved' });
  }

  @Get('follow-ups/waves/:id/results')
  @PageAuth(...STAFF)
  async resultsPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const results = await this.results.results(user, id);
    await render(request, reply, 'evaluation/follow-up-results', 'followups:results.title', resultsModel(results, locale), 200, {
      titleParams: { name: results.cohort.name },
    });
  }

  // ---- learners: their follow-ups and supervisor -------------------------------------------------------

  @Get('follow-ups')
  @PageAuth()
  async minePage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const mine = await this.answers.mine(user);
    await render(request, reply, 'evaluation/follow-up-mine', 'followups:mine.title', {
      invitations: mine.invitations.map(({ invitation, wave, cohort, status }) => ({
        id: invitation.id,
        cohortName: cohort.name,
        months: wave.months,
        status,
        open: status === 'open',
        expiresAt: invitation.expiresAt,
      })),
      cohorts: mine.cohorts.map((c) => ({
        id: c.cohort.id,
        name: c.cohort.name,
        completedAt: c.completedAt,
        supervisor: c.contact && { name: c.contact.name, language: LANGUAGE_NAMES[c.contact.locale] },
        editable: c.editable,
        waveMonths: c.waveMonths.join(', '),
      })),
    });
  }

  @Get('follow-ups/cohorts/:id/supervisor')
  @PageAuth()
  async supervisorPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const standing = await this.followUps.supervisor(user, id);
    const form = (model.form as Record<string, string> | undefined) ?? {
      name: standing.contact?.name ?? '',
      email: standing.contact?.email ?? '',
      locale: standing.contact?.locale ?? locale,
    };
    await render(
      request,
      reply,
      'evaluation/follow-up-contact',
      'followups:supervisor.title',
      {
        cohort: standing.cohort,
        contact: standing.contact,
        editable: standing.editable,
        waveMonths: standing.waveMonths.join(', '),
        notice: supervisorNotice(locale, LOCALES.includes(form.locale as Locale) ? (form.locale as Locale) : undefined),
        languages: LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code], selected: code === form.locale })),
        form,
        limits: FOLLOW_UP_LIMITS,
        ...model,
      },
      status,
      { titleParams: { name: standing.cohort.name } },
    );
  }

  @Post('follow-ups/cohorts/:id/supervisor')
  @PageAuth()
  async setSupervisor(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const form = { name: formText(body, 'name'), email: formText(body, 'email'), locale: formText(body, 'locale') };
    try {
      await this.followUps.setSupervisor(user, id, await validated(SupervisorContactDto, form));
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.supervisorPage(request, reply, user, id, { form, errors, message }, error instanceof ProbityError ? error.status : 400);
    }
    redirect(reply, '/follow-ups', { kind: 'success', key: 'followups:supervisor.saved' });
  }

  // ---- learners: answering ----------------------------------------------------------------------------

  @Get('follow-ups/:id')
  @PageAuth()
  async answerPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: { values?: Record<string, string[]>; errors?: Record<string, string>; message?: string } = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const form = await this.answers.learnerForm(user, id);
    const text = (map: LocaleMap): string => pick(map, locale, form.cohort.locale as Locale).text;
    await render(
      request,
      reply,
      'evaluation/follow-up-answer',
      'followups:answer.title',
      {
        ...answerModel(form, locale, model),
        action: `/follow-ups/${id}`,
        csrfName: '_csrf',
        csrfValue: ctx(request).probity.csrfToken,
        respondent: 'learner',
        lead: translate(locale, 'followups:answer.lead_learner', {
          course: text(form.courseTitle),
          months: form.wave.months,
          count: form.wave.months,
        }),
        back: '/follow-ups',
      },
      status,
    );
  }

  @Post('follow-ups/:id')
  @PageAuth()
  async answer(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const form = await this.answers.learnerForm(user, id);
    const { values, answers } = formAnswers(form.items, (request.body ?? {}) as Body);
    try {
      await this.answers.learnerAnswer(user, id, await validated(FollowUpResponseDto, { answers }));
    } catch (error) {
      if (!(error instanceof ProbityError)) throw error;
      const locale = ctx(request).probity.locale;
      if (error instanceof ValidationFailed)
        return this.answerPage(request, reply, user, id, { values, errors: itemErrors(error.violations, answers, locale) }, 400);
      return this.answerPage(request, reply, user, id, { values, message: formError(request, error).message }, error.status);
    }
    redirect(reply, '/follow-ups', { kind: 'success', key: 'followups:answer.thanks' });
  }
}
