import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoursesService } from '@probity/courses';
import {
  CreateIndicatorDto,
  INDICATOR_BREAKDOWNS,
  INDICATOR_MEASURES,
  type IndicatorView,
  IndicatorsService,
  ManualValueDto,
  PERIOD_KINDS,
  UpdateIndicatorDto,
  indicatorText,
  periodName,
} from '@probity/evaluation';
import { LANGUAGE_NAMES, LOCALES, type Locale, type LocaleMap, direction, pick, translate, validated } from '@probity/i18n';
import { AcademiesService, type AuthUser, CurrentUser, PageAuth, hasRole } from '@probity/identity';
import { indicatorChartSvg } from './indicators-svg';
import { ctx, errorFlash, formError, formText, redirect, render } from './page';

type Body = Record<string, unknown>;
const ADMINS = ['academy_admin', 'platform_admin'] as const;
/** The text fields given per language. */
const TEXTS = ['title', 'description', 'unit'] as const;
const NUMBERS = ['margin', 'baselineValue', 'targetValue'] as const;
const OPTIONAL = ['country', 'courseId', 'breakdown', 'baselineDate', 'targetDate', ...NUMBERS] as const;

/** A form's number as a number when it reads as one; otherwise the text, which the DTO then refuses in words. */
function numberOf(text: string): number | string {
  return /^-?\d+([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : text;
}

/** The posted form as it was typed (text fields per language under `<field>_<locale>`). */
function formOf(body: Body): Record<string, string> {
  const form: Record<string, string> = {};
  for (const key of ['code', 'measure', 'periodKind', 'academyId', ...OPTIONAL]) form[key] = formText(body, key);
  form.country = form.country.toUpperCase();
  for (const field of TEXTS) for (const locale of LOCALES) form[`${field}_${locale}`] = formText(body, `${field}_${locale}`);
  return form;
}

/**
 * The form as the API's body: texts per language (empty ones left out), numbers as numbers; an empty optional field is
 * left out when creating and cleared (null) when editing, so that the same DTO decides.
 */
function inputOf(form: Record<string, string>, creating: boolean): Body {
  const texts = (field: (typeof TEXTS)[number]): LocaleMap =>
    Object.fromEntries(LOCALES.filter((l) => form[`${field}_${l}`]).map((l) => [l, form[`${field}_${l}`]]));
  const input: Body = { code: form.code, title: texts('title'), description: texts('description'), unit: texts('unit') };
  for (const key of OPTIONAL) {
    const value = form[key];
    if (value) input[key] = (NUMBERS as readonly string[]).includes(key) ? numberOf(value) : value;
    else if (!creating && key !== 'margin') input[key] = null;
  }
  if (creating) {
    input.measure = form.measure;
    input.periodKind = form.periodKind;
    if (form.academyId) input.academyId = form.academyId === 'platform' ? null : form.academyId;
  }
  return input;
}

/** An indicator as the form shows it. */
function formFromIndicator(view: IndicatorView): Record<string, string> {
  const i = view.indicator;
  const form: Record<string, string> = {
    code: i.code,
    measure: i.measure,
    periodKind: i.periodKind,
    academyId: i.academyId ?? 'platform',
    country: i.country ?? '',
    courseId: i.courseId ?? '',
    breakdown: i.breakdown ?? '',
    margin: i.margin ? String(i.margin) : '',
    baselineValue: i.baselineValue === null ? '' : String(i.baselineValue),
    baselineDate: i.baselineDate ?? '',
    targetValue: i.targetValue === null ? '' : String(i.targetValue),
    targetDate: i.targetDate ?? '',
  };
  for (const field of TEXTS) for (const locale of LOCALES) form[`${field}_${locale}`] = i[field][locale] ?? '';
  return form;
}

/**
 * The indicator register on pages (academy and platform administrators): every indicator with its filters, baseline
 * → current → target, the progress in words, an SVG chart of its values per period with the baseline and target
 * lines and the same numbers in a table beside it; a form to create and change one that works without JavaScript,
 * each error tied to its field; computing now and entering a value by hand. Urdu right to left, the charts mirrored.
 */
@ApiExcludeController()
@Controller()
export class IndicatorsPages {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly academies: AcademiesService,
    private readonly courses: CoursesService,
  ) {}

  @Get('indicators')
  @PageAuth(...ADMINS)
  async register(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    const archived = (request.query as Body | undefined)?.archived === 'true';
    const page = await this.indicators.list(user, { limit: 200, archived });
    const names = new Map<string, string>();
    const dir = direction(locale);
    const legend = {
      value: translate(locale, 'indicators:chart.legend_value'),
      provisional: translate(locale, 'indicators:chart.legend_provisional'),
      manual: translate(locale, 'indicators:chart.legend_manual'),
    };
    const items = [];
    for (const [index, view] of page.items.entries()) {
      const academyId = view.indicator.academyId;
      if (academyId && !names.has(academyId)) {
        const academy = await this.academies.get(academyId);
        names.set(academyId, `${pick(academy.name, locale).text} (${academy.code})`);
      }
      const text = indicatorText(view, locale, { academyName: academyId ? names.get(academyId) : undefined, index });
      items.push({ ...text, svg: indicatorChartSvg(text.chart, { legend }, dir) });
    }
    await render(request, reply, 'evaluation/indicators', 'indicators:title', { indicators: items, archived, total: page.total });
  }

  @Get('indicators/new')
  @PageAuth(...ADMINS)
  async newPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    await render(
      request,
      reply,
      'evaluation/indicator-form',
      'indicators:form.new_title',
      await this.formModel(request, user, { creating: true, form: { periodKind: 'quarter' }, ...model }),
      status,
    );
  }

  @Post('indicators')
  @PageAuth(...ADMINS)
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const form = formOf((request.body ?? {}) as Body);
    try {
      const dto = await validated(CreateIndicatorDto, inputOf(form, true));
      const view = await this.indicators.create(user, dto);
      redirect(reply, `/indicators#indicator-${view.indicator.id}`, { kind: 'success', key: 'indicators:form.created' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.newPage(request, reply, user, { form, errors, message }, 400);
    }
  }

  @Get('indicators/:id/edit')
  @PageAuth(...ADMINS)
  async editPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const view = await this.indicators.get(user, id);
    if (!view.editable) return redirect(reply, '/indicators', { kind: 'error', key: 'indicators:form.read_only' });
    const periods = [...view.periods].reverse().map((p) => ({
      label: p.label,
      name: periodName(locale, view.indicator.periodKind, p.label),
      selected: p.label === (model.manual as Body | undefined)?.period,
    }));
    await render(
      request,
      reply,
      'evaluation/indicator-form',
      'indicators:form.edit_title',
      await this.formModel(request, user, {
        creating: false,
        indicator: {
          id,
          code: view.indicator.code,
          title: pick(view.indicator.title, locale).text,
          archived: Boolean(view.indicator.archivedAt),
        },
        form: formFromIndicator(view),
        measureName: translate(locale, `indicators:measures.${view.indicator.measure}`),
        periodKindName: translate(locale, `indicators:period_kinds.${view.indicator.periodKind}`),
        periods,
        manual: { period: '', value: '', note: '' },
        ...model,
      }),
      status,
      { titleParams: { code: view.indicator.code } },
    );
  }

  @Post('indicators/:id')
  @PageAuth(...ADMINS)
  async update(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const form = formOf((request.body ?? {}) as Body);
    try {
      const dto = await validated(UpdateIndicatorDto, inputOf(form, false));
      await this.indicators.update(user, id, dto);
      redirect(reply, `/indicators#indicator-${id}`, { kind: 'success', key: 'indicators:form.saved' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.editPage(request, reply, user, id, { form, errors, message }, 400);
    }
  }

  @Post('indicators/:id/values')
  @PageAuth(...ADMINS)
  async enter(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const manual = { period: formText(body, 'period'), value: formText(body, 'value'), note: formText(body, 'note') };
    try {
      const dto = await validated(ManualValueDto, { value: manual.value ? numberOf(manual.value) : undefined, note: manual.note });
      await this.indicators.enter(user, id, manual.period, dto);
      redirect(reply, `/indicators#indicator-${id}`, { kind: 'success', key: 'indicators:manual.saved' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.editPage(request, reply, user, id, { manual, manualErrors: errors, manualMessage: message }, 400);
    }
  }

  @Post('indicators/:id/compute')
  @PageAuth(...ADMINS)
  async compute(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    try {
      const { run } = await this.indicators.compute(user, id);
      redirect(reply, `/indicators#indicator-${id}`, {
        kind: 'success',
        key: 'indicators:compute.done',
        params: { count: run.periods, changed: run.changed },
      });
    } catch (error) {
      redirect(reply, `/indicators#indicator-${id}`, errorFlash(request, error));
    }
  }

  @Post('indicators/:id/archive')
  @PageAuth(...ADMINS)
  async archive(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    try {
      await this.indicators.archive(user, id);
      redirect(reply, '/indicators', { kind: 'success', key: 'indicators:form.archived' });
    } catch (error) {
      redirect(reply, '/indicators', errorFlash(request, error));
    }
  }

  /** What the form needs besides the values: the lists to choose from, in the page's language. */
  private async formModel(request: FastifyRequest, user: AuthUser, model: Body): Promise<Body> {
    const locale: Locale = ctx(request).probity.locale;
    const form = (model.form ?? {}) as Record<string, string>;
    const t = (key: string): string => translate(locale, `indicators:${key}`);
    const platform = hasRole(user, 'platform_admin');
    const academies = platform
      ? [
          { id: 'platform', name: t('form.platform_wide'), selected: !form.academyId || form.academyId === 'platform' },
          ...(await this.academies.list({ limit: 500, offset: 0 })).items.map((a) => ({
            id: a.id,
            name: `${pick(a.name, locale).text} (${a.code})`,
            selected: a.id === form.academyId,
          })),
        ]
      : undefined;
    const courses = (await this.courses.list(user, 200, 0)).items.map((c) => ({
      id: c.id,
      name: `${pick(c.title, locale).text} (${c.code})`,
      selected: c.id === form.courseId,
    }));
    return {
      ...model,
      academies,
      courses,
      measures: INDICATOR_MEASURES.map((m) => ({ value: m, label: t(`measures.${m}`), selected: m === form.measure })),
      periodKinds: PERIOD_KINDS.map((k) => ({ value: k, label: t(`period_kinds.${k}`), selected: k === form.periodKind })),
      breakdowns: INDICATOR_BREAKDOWNS.map((b) => ({
        value: b,
        label: translate(locale, `reports:by.${b}`),
        selected: b === form.breakdown,
      })),
      languages: LOCALES.map((l) => ({
        locale: l,
        name: LANGUAGE_NAMES[l],
        dir: direction(l),
        title: form[`title_${l}`] ?? '',
        description: form[`description_${l}`] ?? '',
        unit: form[`unit_${l}`] ?? '',
      })),
    };
  }
}
