import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AttachSurveyDto,
  DEFAULT_MIN_RESPONSES,
  MIN_RESPONSES_FLOOR,
  type SurveyAnswerInput,
  SurveyAnswersService,
  SurveyResponseDto,
  SurveyResultsService,
  SurveysService,
} from '@probity/evaluation';
import {
  type FieldViolation,
  type Locale,
  type LocaleMap,
  ProbityError,
  ValidationFailed,
  pick,
  translate,
  validated,
} from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { violationMessage } from '../http/errors';
import { surveyResultsCsv } from '../http/surveys.presenter';
import { ctx, errorFlash, formError, formText, redirect, render, STAFF } from './page';

type Body = Record<string, unknown>;
const LIKERT = [1, 2, 3, 4, 5];

/**
 * Reaction surveys on pages: the cohort's staff attach one and read its results (and compare cohorts on a template);
 * a learner who completed the course answers it, without JavaScript, and is told that the answers are stored
 * without their name.
 */
@ApiExcludeController()
@Controller()
export class SurveysPages {
  constructor(
    private readonly surveys: SurveysService,
    private readonly answers: SurveyAnswersService,
    private readonly results: SurveyResultsService,
  ) {}

  // ---- staff: attach, close ---------------------------------------------------------------------------

  @Get('cohorts/:id/survey')
  @PageAuth(...STAFF)
  async attachPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const { cohort, survey } = await this.surveys.ofCohort(user, id);
    const { items } = await this.surveys.listTemplates(user, 200, 0);
    const usable = items.filter((s) => s.template.academyId === null || s.template.academyId === cohort.academyId);
    const results = survey ? await this.results.results(user, survey.id) : undefined;
    const current = usable.find((s) => s.template.id === survey?.templateId);
    await render(
      request,
      reply,
      'evaluation/attach',
      'evaluation:attach.title',
      {
        cohort,
        survey,
        templateTitle: current ? pick(current.template.title, locale, cohort.locale as Locale).text : undefined,
        counts: results && {
          responses: results.responses,
          completed: results.completed,
          rate: results.responseRate ?? 0,
          shown: results.shown,
        },
        closed: Boolean(survey?.closedAt),
        templates: usable.map((s) => ({
          id: s.template.id,
          title: pick(s.template.title, locale, cohort.locale as Locale).text,
          items: s.itemCount,
          platform: s.template.academyId === null,
          selected: s.template.id === ((model.form as Body | undefined)?.templateId ?? survey?.templateId),
        })),
        form: { minResponses: survey?.minResponses ?? DEFAULT_MIN_RESPONSES },
        floor: MIN_RESPONSES_FLOOR,
        ...model,
      },
      status,
      { titleParams: { name: cohort.name } },
    );
  }

  @Post('cohorts/:id/survey')
  @PageAuth(...STAFF)
  async attach(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const form = { templateId: formText(body, 'templateId'), minResponses: formText(body, 'minResponses') };
    const again = (extra: Body): Promise<void> => this.attachPage(request, reply, user, id, { form, ...extra }, 400);
    try {
      const dto = await validated(AttachSurveyDto, {
        templateId: form.templateId,
        ...(form.minResponses ? { minResponses: form.minResponses } : {}),
      });
      await this.surveys.attach(user, id, dto);
    } catch (error) {
      const { message, errors } = formError(request, error);
      return again({ errors, message });
    }
    redirect(reply, `/cohorts/${id}/survey`, { kind: 'success', key: 'evaluation:attach.saved' });
  }

  @Post('cohorts/:id/survey/close')
  @PageAuth(...STAFF)
  async close(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    try {
      const { survey } = await this.surveys.ofCohort(user, id);
      if (survey) await this.surveys.close(user, survey.id);
      redirect(reply, `/cohorts/${id}/survey`, { kind: 'success', key: 'evaluation:attach.closed_now' });
    } catch (error) {
      redirect(reply, `/cohorts/${id}/survey`, errorFlash(request, error));
    }
  }

  // ---- learners: answer -------------------------------------------------------------------------------

  @Get('surveys/:id')
  @PageAuth()
  async answerPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: { values?: Record<string, string>; errors?: Record<string, string>; message?: string } = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const form = await this.answers.form(user, id);
    const text = (map: LocaleMap): string => pick(map, locale, form.cohort.locale as Locale).text;
    const likert = LIKERT.map((v) => translate(locale, `evaluation:likert.${v}`));
    const values = model.values ?? {};
    const errors = model.errors ?? {};
    await render(
      request,
      reply,
      'evaluation/answer',
      'evaluation:answer.title',
      {
        survey: form.survey,
        cohortName: form.cohort.name,
        title: text(form.template.title),
        intro: text(form.template.intro),
        standing: form.standing,
        canAnswer: form.standing === 'open',
        preview: form.standing === 'preview',
        showForm: form.standing === 'open' || form.standing === 'preview',
        message: model.message,
        errorCount: Object.keys(errors).length,
        items: form.items.map((item, i) => ({
          id: item.id,
          number: i + 1,
          text: text(item.text),
          required: item.required,
          likert: item.type === 'likert',
          choice: item.type === 'single_choice',
          open: item.type === 'open_text',
          value: values[item.id] ?? '',
          error: errors[item.id],
          options:
            item.type === 'likert'
              ? likert.map((label, n) => ({ value: n + 1, label, checked: values[item.id] === String(n + 1) }))
              : (item.options ?? []).map((o, n) => ({ value: n + 1, label: text(o.text), checked: values[item.id] === String(n + 1) })),
        })),
      },
      status,
    );
  }

  @Post('surveys/:id')
  @PageAuth()
  async answer(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const form = await this.answers.form(user, id);
    const values: Record<string, string> = {};
    const answers: SurveyAnswerInput[] = [];
    for (const item of form.items) {
      const value = formText(body, `q:${item.id}`);
      if (!value) continue;
      values[item.id] = value;
      answers.push(item.type === 'open_text' ? { itemId: item.id, text: value } : { itemId: item.id, value: Number(value) });
    }
    try {
      const dto = await validated(SurveyResponseDto, { answers });
      await this.answers.respond(user, id, dto);
    } catch (error) {
      if (!(error instanceof ProbityError)) throw error;
      const locale = ctx(request).probity.locale;
      if (error instanceof ValidationFailed)
        return this.answerPage(request, reply, user, id, { values, errors: itemErrors(error.violations, answers, locale) }, 400);
      return this.answerPage(request, reply, user, id, { values, message: formError(request, error).message }, error.status);
    }
    redirect(reply, '/dashboard', { kind: 'success', key: 'evaluation:answer.thanks' });
  }

  // ---- staff: results ---------------------------------------------------------------------------------

  @Get('surveys/:id/results')
  @PageAuth(...STAFF)
  async resultsPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const r = await this.results.results(user, id);
    const text = (map: LocaleMap): string => pick(map, locale, r.cohort.locale as Locale).text;
    const likert = LIKERT.map((v) => translate(locale, `evaluation:likert.${v}`));
    const bars = (counts: number[], labels: string[]): { label: string; count: number; percent: number }[] => {
      const n = counts.reduce((a, b) => a + b, 0);
      return counts.map((count, i) => ({ label: labels[i] ?? String(i + 1), count, percent: n ? Math.round((100 * count) / n) : 0 }));
    };
    await render(request, reply, 'evaluation/results', 'evaluation:results.title', {
      survey: r.survey,
      cohort: r.cohort,
      title: text(r.template.title),
      templateId: r.template.id,
      responses: r.responses,
      completed: r.completed,
      rate: r.responseRate ?? 0,
      shown: r.shown,
      minResponses: r.survey.minResponses,
      closed: Boolean(r.survey.closedAt),
      scales: r.scales.map((s) => ({
        label: translate(locale, `evaluation:scales.${s.scale}`),
        n: s.n,
        mean: s.mean,
        bars: bars(s.counts, likert),
      })),
      items: r.items.map((i, index) => ({
        number: index + 1,
        text: text(i.item.text),
        scaleLabel: i.item.scale ? translate(locale, `evaluation:scales.${i.item.scale}`) : undefined,
        open: i.item.type === 'open_text',
        likert: i.item.type === 'likert',
        n: i.n,
        mean: i.mean,
        bars: bars(i.counts, i.item.type === 'likert' ? likert : (i.item.options ?? []).map((o) => text(o.text))),
        answers: i.answers,
      })),
    });
  }

  @Get('surveys/:id/results.csv')
  @PageAuth(...STAFF)
  async resultsCsv(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const results = await this.results.export(user, id, 'csv');
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="survey-${id}.csv"`)
      .send(surveyResultsCsv(results, ctx(request).probity.locale));
  }

  @Get('surveys/templates/:id/comparison')
  @PageAuth(...STAFF)
  async comparisonPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const c = await this.results.comparison(user, id);
    await render(request, reply, 'evaluation/comparison', 'evaluation:comparison.title', {
      title: pick(c.template.title, locale).text,
      scales: c.scales.map((s) => translate(locale, `evaluation:scales.${s}`)),
      rows: c.rows.map((r) => ({
        cohortName: r.cohortName,
        cohortId: r.survey.cohortId,
        surveyId: r.survey.id,
        academy: pick(r.academy.name as LocaleMap, locale).text,
        responses: r.responses,
        completed: r.completed,
        rate: r.responseRate ?? 0,
        means: r.scales.map((s) => s.mean),
        overall: r.overall.mean,
      })),
      belowThreshold: c.belowThreshold,
    });
  }
}

/** Each problem beside its question: `answers.<itemId>` from the service, `answers.<index>.<field>` from the DTO. */
function itemErrors(violations: FieldViolation[], answers: SurveyAnswerInput[], locale: Locale): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const v of violations) {
    const [, key] = v.field.split('.');
    const itemId = /^\d+$/.test(key ?? '') ? answers[Number(key)]?.itemId : key;
    if (!itemId) continue;
    const message = violationMessage(locale, { ...v, field: 'answer' });
    errors[itemId] = errors[itemId] ? `${errors[itemId]} ${message}` : message;
  }
  return errors;
}
