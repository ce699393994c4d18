import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  EVALUATION_RESPONDENTS,
  FOLLOW_UP_WAVES,
  MissionEvaluationDto,
  MissionEvaluationsService,
  MissionReportDto,
  MissionReportsService,
  RECOMMENDATION_STATES,
  REPORT_LIMITS,
  RecommendationStatusDto,
  type RecommendationView,
  RecommendationsService,
  type ReportView,
} from '@probity/assistance';
import type { SurveyAnswerInput } from '@probity/evaluation';
import {
  type FieldViolation,
  LANGUAGE_NAMES,
  LOCALES,
  type Locale,
  ProbityError,
  ValidationFailed,
  direction,
  pick,
  translate,
  validated,
} from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { violationMessage } from '../http/errors';
import { ctx, errorFlash, formError, formText, redirect, render } from './page';

type Body = Record<string, unknown>;
const PARTIES = ['facility_manager', 'platform_admin', 'partner_focal_point', 'academy_admin', 'expert'] as const;
/** Empty rows the report form offers for new recommendations. */
const BLANK_ROWS = 3;

/** A recommendation row of the report form, as typed. */
interface RowInput {
  body: string;
  owner: string;
  ownerInstitutionId: string;
  dueOn: string;
}

/**
 * The overdue recommendations a person may see, for the dashboard (the facility manager's above all): how many and the
 * first five, or undefined when there are none. `dashboard.pages.ts` may put it in its model as `overdueRecommendations`
 * and `views/pages/dashboard.hbs` show it (see `assistance/recommendations-panel.hbs` for the markup).
 */
export async function overdueRecommendationsPanel(
  recommendations: RecommendationsService,
  user: AuthUser,
  locale: Locale,
): Promise<{ total: number; items: ReturnType<typeof recommendationRow>[] } | undefined> {
  const page = await recommendations.overdue(user, 5);
  if (!page.total) return undefined;
  return { total: page.total, items: page.items.map((v) => recommendationRow(v, locale)) };
}

function recommendationRow(view: RecommendationView, locale: Locale) {
  const r = view.recommendation;
  const pendingWaves = r.dueWaves.filter((w) => !r.answeredWaves.includes(w));
  return {
    id: r.id,
    missionId: r.missionId,
    reference: r.reference,
    title: r.title,
    position: r.position,
    body: r.body,
    owner: r.owner,
    ownerInstitution: view.ownerInstitutionName ? pick(view.ownerInstitutionName, locale).text : null,
    dueOn: r.dueOn,
    status: r.status,
    statusText: translate(locale, `outcomes:states.${r.status}`),
    overdue: r.overdue,
    pendingWaves: pendingWaves.map((w) => translate(locale, `outcomes:waves.${w}`)).join(', '),
    mayMark: view.mayMark,
    states: RECOMMENDATION_STATES.map((s) => ({ value: s, label: translate(locale, `outcomes:states.${s}`), selected: s === r.status })),
    waves: FOLLOW_UP_WAVES.filter((w) => r.dueWaves.includes(w)).map((w) => ({
      value: w,
      label: translate(locale, `outcomes:waves.${w}`),
      selected: w === pendingWaves[0],
    })),
  };
}

/**
 * A mission's outcomes on pages, without JavaScript (issue 14 point 5): the report (a form for the lead expert while
 * it is a draft, a read view for the others), the recommendations with a status form for their owners (overdue first),
 * and the evaluation (a form for the invited, results per kind of respondent for facility managers and the host).
 * What a page offers comes from the services' own answers (`editable`, `mayMark`, `mayReadResults`).
 */
@ApiExcludeController()
@Controller('assistance')
export class AssistanceOutcomesPages {
  constructor(
    private readonly reports: MissionReportsService,
    private readonly recommendations: RecommendationsService,
    private readonly evaluations: MissionEvaluationsService,
  ) {}

  // ---- the report ---------------------------------------------------------------------------------------------

  @Get('missions/:id/report')
  @PageAuth(...PARTIES)
  async reportPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: {
      form?: { locale: string; activities: string; findings: string; rows: RowInput[] };
      errors?: Record<string, string>;
      message?: string;
    } = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const view = await this.reports.get(user, id);
    const report = view.report;
    const reportLocale = (model.form?.locale ?? report?.locale ?? locale) as Locale;
    const errors = model.errors ?? {};
    const rows: RowInput[] = model.form?.rows ?? [
      ...view.recommendations.map((r) => ({
        body: r.body,
        owner: r.owner,
        ownerInstitutionId: r.ownerInstitutionId ?? '',
        dueOn: r.dueOn,
      })),
      ...Array.from({ length: BLANK_ROWS }, () => ({ body: '', owner: '', ownerInstitutionId: '', dueOn: '' })),
    ];
    const institutions = [
      { value: '', label: translate(locale, 'outcomes:report.no_institution') },
      { value: view.mission.institutionId, label: pick(view.mission.institutionName, locale).text },
      ...[...view.institutionNames]
        .filter(([institutionId]) => institutionId !== view.mission.institutionId)
        .map(([institutionId, name]) => ({ value: institutionId, label: pick(name, locale).text })),
    ];
    await render(
      request,
      reply,
      'assistance/report',
      'outcomes:report.title',
      {
        mission: this.missionModel(view, locale),
        state: !report ? 'none' : report.submittedAt ? 'submitted' : 'draft',
        stateText: translate(locale, `outcomes:report.states.${!report ? 'none' : report.submittedAt ? 'submitted' : 'draft'}`),
        editable: view.editable,
        follows: view.follows,
        submittedAt: report?.submittedAt,
        author: view.authorName,
        reportLocale,
        reportDir: direction(reportLocale),
        activities: model.form?.activities ?? report?.activities ?? '',
        findings: model.form?.findings ?? report?.findings ?? '',
        locales: LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], selected: l === reportLocale })),
        limits: REPORT_LIMITS,
        message: model.message,
        errors,
        rows: rows.map((row, i) => ({
          index: i,
          number: i + 1,
          ...row,
          errors: {
            body: errors[`rows.${i}.body`],
            owner: errors[`rows.${i}.owner`],
            ownerInstitutionId: errors[`rows.${i}.ownerInstitutionId`],
            dueOn: errors[`rows.${i}.dueOn`],
          },
          institutions: institutions.map((o) => ({ ...o, selected: o.value === row.ownerInstitutionId })),
        })),
        recommendations: view.recommendations.map((r) => ({
          id: r.id,
          position: r.position,
          body: r.body,
          owner: r.owner,
          ownerInstitution: r.ownerInstitutionId ? pick(view.institutionNames.get(r.ownerInstitutionId) ?? {}, locale).text : null,
          dueOn: r.dueOn,
          statusText: translate(locale, `outcomes:states.${r.status}`),
          status: r.status,
          overdue: Boolean(report?.submittedAt) && r.overdue,
        })),
      },
      status,
      { titleParams: { reference: view.mission.reference } },
    );
  }

  @Post('missions/:id/report')
  @PageAuth(...PARTIES)
  async saveReport(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const rows: RowInput[] = [];
    for (let i = 0; i < REPORT_LIMITS.recommendations + BLANK_ROWS && `rec_body_${i}` in body; i++)
      rows.push({
        body: formText(body, `rec_body_${i}`),
        owner: formText(body, `rec_owner_${i}`),
        ownerInstitutionId: formText(body, `rec_institution_${i}`),
        dueOn: formText(body, `rec_due_${i}`),
      });
    const form = { locale: formText(body, 'locale'), activities: formText(body, 'activities'), findings: formText(body, 'findings'), rows };
    // Rows left wholly empty are not recommendations; the others keep their row number for the errors.
    const filled = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.body || row.owner || row.dueOn);
    try {
      const dto = await validated(MissionReportDto, {
        locale: form.locale,
        activities: form.activities,
        findings: form.findings,
        recommendations: filled.map(({ row }) => ({
          body: row.body,
          owner: row.owner,
          ...(row.ownerInstitutionId ? { ownerInstitutionId: row.ownerInstitutionId } : {}),
          dueOn: row.dueOn,
        })),
      });
      await this.reports.save(user, id, dto);
    } catch (error) {
      if (!(error instanceof ProbityError)) throw error;
      const locale = ctx(request).probity.locale;
      const violations = error instanceof ValidationFailed ? error.violations : [];
      const errors = rowErrors(
        violations,
        filled.map((f) => f.index),
        locale,
      );
      const message = formError(request, error).message;
      return this.reportPage(request, reply, user, id, { form, errors, message }, error.status);
    }
    if (formText(body, 'then') === 'submit') return this.submitReport(request, reply, user, id);
    redirect(reply, `/assistance/missions/${id}/report`, { kind: 'success', key: 'outcomes:report.saved' });
  }

  @Post('missions/:id/report/submit')
  @PageAuth(...PARTIES)
  async submitReport(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    try {
      await this.reports.submit(user, id);
    } catch (error) {
      // An incomplete report: the form again, each missing part marked.
      if (error instanceof ValidationFailed) {
        const locale = ctx(request).probity.locale;
        const errors = rowErrors(error.violations, [], locale);
        const message = translate(locale, 'outcomes:report.incomplete');
        return this.reportPage(request, reply, user, id, { errors, message }, 400);
      }
      return redirect(reply, `/assistance/missions/${id}/report`, errorFlash(request, error));
    }
    redirect(reply, `/assistance/missions/${id}/report`, { kind: 'success', key: 'outcomes:report.submitted_now' });
  }

  // ---- recommendations ------------------------------------------------------------------------------------------

  @Get('recommendations')
  @PageAuth(...PARTIES)
  async recommendationsPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    const query = (request.query ?? {}) as Body;
    const missionId = typeof query.missionId === 'string' && /^[0-9a-f-]{36}$/i.test(query.missionId) ? query.missionId : undefined;
    const onlyOverdue = query.overdue === 'true';
    const [overdue, all] = await Promise.all([
      this.recommendations.list(user, { overdue: 'true', missionId, limit: 200, offset: 0 }),
      onlyOverdue ? undefined : this.recommendations.list(user, { missionId, limit: 200, offset: 0 }),
    ]);
    await render(request, reply, 'assistance/recommendations', 'outcomes:recommendations.title', {
      missionId,
      onlyOverdue,
      overdue: overdue.items.map((v) => recommendationRow(v, locale)),
      overdueTotal: overdue.total,
      all: all?.items.map((v) => recommendationRow(v, locale)),
      allTotal: all?.total ?? 0,
      back: missionId ? `?missionId=${missionId}` : '',
    });
  }

  @Get('recommendations/:id')
  @PageAuth(...PARTIES)
  async recommendationPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const details = await this.recommendations.get(user, id);
    await render(
      request,
      reply,
      'assistance/recommendation',
      'outcomes:recommendation.title',
      {
        r: recommendationRow(details, locale),
        history: details.history.map((h) => ({
          statusText: translate(locale, `outcomes:states.${h.status}`),
          wave: h.wave ? translate(locale, `outcomes:waves.${h.wave}`) : null,
          note: h.note,
          by: h.byName,
          at: h.at,
        })),
      },
      200,
      { titleParams: { reference: details.recommendation.reference, number: details.recommendation.position } },
    );
  }

  @Post('recommendations/:id/status')
  @PageAuth(...PARTIES)
  async markRecommendation(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const back = formText(body, 'back') === 'list' ? '/assistance/recommendations' : `/assistance/recommendations/${id}`;
    try {
      const wave = formText(body, 'wave');
      const dto = await validated(RecommendationStatusDto, {
        status: formText(body, 'status'),
        note: formText(body, 'note'),
        ...(wave ? { wave } : {}),
      });
      await this.recommendations.mark(user, id, dto);
    } catch (error) {
      return redirect(reply, back, errorFlash(request, error));
    }
    redirect(reply, back, { kind: 'success', key: 'outcomes:recommendation.marked' });
  }

  // ---- the evaluation --------------------------------------------------------------------------------------------

  @Get('missions/:id/evaluation')
  @PageAuth()
  async evaluationPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; respondent?: string } = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const form = await this.evaluations.form(user, id);
    const text = (map: Record<string, string | undefined>): string => pick(map, locale).text;
    const likert = [1, 2, 3, 4, 5].map((v) => translate(locale, `evaluation:likert.${v}`));
    const values = model.values ?? {};
    const errors = model.errors ?? {};
    const open = form.invitations.filter((i) => !i.answered);
    await render(
      request,
      reply,
      'assistance/evaluation',
      'outcomes:evaluation.title',
      {
        mission: {
          id: form.mission.id,
          reference: form.mission.reference,
          title: form.mission.title,
          dir: direction(form.mission.requestLocale as Locale),
        },
        title: text(form.template.title),
        intro: text(form.template.intro),
        invitations: form.invitations.map((i) => ({ ...i, label: translate(locale, `outcomes:respondents.${i.respondent}`) })),
        respondents: open.map((i) => ({
          value: i.respondent,
          label: translate(locale, `outcomes:respondents.${i.respondent}`),
          checked: (model.respondent ?? open[0]?.respondent) === i.respondent,
        })),
        chooseRespondent: open.length > 1,
        canAnswer: open.length > 0,
        answeredAll: form.invitations.length > 0 && open.length === 0,
        notInvited: form.invitations.length === 0,
        mayReadResults: form.mayReadResults,
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
      { titleParams: { reference: form.mission.reference } },
    );
  }

  @Post('missions/:id/evaluation')
  @PageAuth()
  async answerEvaluation(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const form = await this.evaluations.form(user, id);
    const values: Record<string, string> = {};
    const answers: SurveyAnswerInput[] = [];
    for (const item of form.items) {
      const value = formText(body, `q:${item.id}`);
      if (!value) continue;
      values[item.id] = value;
      answers.push(item.type === 'open_text' ? { itemId: item.id, text: value } : { itemId: item.id, value: Number(value) });
    }
    const respondent = formText(body, 'respondent');
    try {
      const dto = await validated(MissionEvaluationDto, {
        answers,
        ...((EVALUATION_RESPONDENTS as readonly string[]).includes(respondent) ? { respondent } : {}),
      });
      await this.evaluations.answer(user, id, dto);
    } catch (error) {
      if (!(error instanceof ProbityError)) throw error;
      const locale = ctx(request).probity.locale;
      if (error instanceof ValidationFailed)
        return this.evaluationPage(
          request,
          reply,
          user,
          id,
          { values, respondent, errors: itemErrors(error.violations, answers, locale) },
          400,
        );
      return this.evaluationPage(
        request,
        reply,
        user,
        id,
        { values, respondent, message: formError(request, error).message },
        error.status,
      );
    }
    redirect(reply, `/assistance/missions/${id}/evaluation`, { kind: 'success', key: 'outcomes:evaluation.thanks' });
  }

  @Get('missions/:id/evaluation/results')
  @PageAuth()
  async resultsPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const results = await this.evaluations.results(user, id);
    const likert = [1, 2, 3, 4, 5].map((v) => translate(locale, `evaluation:likert.${v}`));
    const bars = (counts: number[]): { label: string; count: number; percent: number }[] => {
      const n = counts.reduce((a, b) => a + b, 0);
      return counts.map((count, i) => ({ label: likert[i] ?? String(i + 1), count, percent: n ? Math.round((100 * count) / n) : 0 }));
    };
    await render(
      request,
      reply,
      'assistance/evaluation-results',
      'outcomes:results.title',
      {
        mission: {
          id: results.mission.id,
          reference: results.mission.reference,
          title: results.mission.title,
          dir: direction(results.mission.requestLocale as Locale),
        },
        title: pick(results.template.title, locale).text,
        minResponses: results.minResponses,
        groups: results.groups.map((g) => ({
          respondent: g.respondent,
          label: translate(locale, `outcomes:respondents_plural.${g.respondent}`),
          invited: g.invited,
          responses: g.responses,
          shown: g.shown,
          items: g.items.map((i, index) => ({
            number: index + 1,
            text: pick(i.item.text, locale).text,
            likert: i.item.type === 'likert',
            open: i.item.type === 'open_text',
            n: i.n,
            mean: i.mean,
            bars: bars(i.counts),
            answers: i.answers,
          })),
        })),
      },
      200,
      { titleParams: { reference: results.mission.reference } },
    );
  }

  private missionModel(view: ReportView, locale: Locale) {
    return {
      id: view.mission.id,
      reference: view.mission.reference,
      title: view.mission.title,
      dir: direction(view.mission.requestLocale as Locale),
      lang: view.mission.requestLocale,
      institution: pick(view.mission.institutionName, locale).text,
      startsOn: view.mission.startsOn,
      endsOn: view.mission.endsOn,
      statusText: translate(locale, `outcomes:mission_states.${view.mission.status}`),
      experts: view.experts.map((e) => ({ name: e.fullName, lead: e.lead })),
    };
  }
}

/** Each problem beside its field: `recommendations.<n>.<field>` becomes the form's row (`rows.<row>.<field>`). */
function rowErrors(violations: FieldViolation[], rowOf: number[], locale: Locale): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const v of violations) {
    const match = /^recommendations\.(\d+)\.(\w+)$/.exec(v.field);
    const key = match ? `rows.${rowOf[Number(match[1])] ?? Number(match[1])}.${match[2]}` : v.field;
    // The form's own labels (violationMessage falls back to the field's name given when `fields:` lacks it).
    const label = translate(locale, `outcomes:fields.${match ? match[2] : v.field}`, { defaultValue: v.field });
    const message = violationMessage(locale, { ...v, field: label });
    errors[key] = errors[key] ? `${errors[key]} ${message}` : message;
  }
  return errors;
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
