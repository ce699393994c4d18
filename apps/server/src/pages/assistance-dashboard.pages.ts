import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  FACILITY_FORMATS,
  type FacilityFormat,
  FacilityReportQueryDto,
  FacilityReportService,
  type FacilityTable,
  type FacilityText,
  type FacilityWorklists,
  TOPICS,
  facilityText,
} from '@probity/assistance';
import { type BarChart, countryName } from '@probity/evaluation';
import { type Locale, ValidationFailed, formatDate, formatNumber, pick, translate, validated } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { sendReportFile } from '../api/reports.controller';
import { barChartSvg } from './reports-svg';
import { ctx, fieldErrors, render } from './page';

const MANAGERS = ['facility_manager', 'platform_admin'] as const;
const FIELDS = ['from', 'to', 'country', 'topic'] as const;
type Form = Record<(typeof FIELDS)[number], string>;
/** The bars' colours, one per series (a table's columns), dark enough on white for text beside them. */
const COLORS = ['#18407a', '#4d82c8', '#1c6b3a', '#8a4b08', '#6b2d5c'];
/** A recommendation's text on the list is cut here (the mission's page has it whole). */
const BODY_CHARS = 240;

/** The query's filter fields as the form sends them (text, '' when absent). */
function formOf(request: FastifyRequest): Form {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const text = (key: string): string => {
    const value = query[key];
    return typeof value === 'string' ? value.trim() : '';
  };
  return { from: text('from'), to: text('to'), country: text('country'), topic: text('topic') };
}

/** A round end for the axis (1, 2, 2.5 or 5 times a power of ten) and its ticks. */
function scale(top: number): { max: number; ticks: number[] } {
  if (top <= 0) return { max: 1, ticks: [0, 1] };
  const magnitude = 10 ** Math.floor(Math.log10(top));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => top / s <= 5 && Number.isInteger(s)) ?? magnitude;
  const max = Math.ceil(top / step) * step;
  return { max, ticks: Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step) };
}

/**
 * A table's chart: a group per row, a bar per column (a total column left out: it is the sum of the others). The
 * series' ids are the table's columns; `barChartSvg` draws by label and colour only.
 */
function chartOf(locale: Locale, table: FacilityTable): BarChart {
  const columns = table.columns.map((c, i) => ({ ...c, i })).filter((c) => c.id !== 'total' || table.columns.length === 1);
  const groups = table.rows.map((row) => ({ label: row.label, values: columns.map((c) => row.values[c.i]) }));
  const top = Math.max(0, ...groups.flatMap((g) => g.values.map((v) => v ?? 0)));
  return {
    id: `chart-${table.id.replace(/_/g, '-')}`,
    title: table.name,
    description: translate(locale, 'facility:chart.desc', { name: table.name, max: formatNumber(locale, top) }),
    series: columns.map((c, i) => ({ id: c.id as BarChart['series'][number]['id'], label: c.label, color: COLORS[i % COLORS.length] })),
    groups,
    ...scale(top),
    percent: false,
  };
}

/** Whole days from one UTC day to another. */
function daysBetween(from: Date, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from.toISOString().slice(0, 10))) / 86_400_000));
}

/**
 * The facility's dashboard on a page (facility managers and platform administrators): a filter form that works
 * without JavaScript (GET), the key figures, each table of the report with a small SVG bar chart and its data table
 * beside it, links to the same figures as CSV and XLSX (each download audited), the recommendations overdue now and
 * the requests waiting for screening or a decision. Urdu right to left, the charts mirrored.
 */
@ApiExcludeController()
@Controller()
export class AssistanceDashboardPages {
  constructor(private readonly reports: FacilityReportService) {}

  @Get('assistance/dashboard')
  @PageAuth(...MANAGERS)
  async dashboard(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    const form = formOf(request);
    const model = {
      form,
      countries: (await this.reports.countries(user)).map((code) => ({
        code,
        name: countryName(locale, code),
        selected: code === form.country,
      })),
      topics: TOPICS.map((topic) => ({
        topic,
        label: translate(locale, `assistance:topics.${topic}`),
        selected: topic === form.topic,
      })),
    };
    try {
      const query = await validated(FacilityReportQueryDto, form);
      const report = await this.reports.report(user, query);
      const lists = await this.reports.worklists(user, query);
      const links = new URLSearchParams();
      for (const field of FIELDS) if (form[field]) links.set(field, form[field]);
      links.set('lang', locale);
      await render(request, reply, 'assistance/dashboard', 'facility:title', {
        ...model,
        report: this.reportModel(facilityText(report, locale), locale, links),
        lists: this.listsModel(lists, locale, report.today),
      });
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      await render(
        request,
        reply,
        'assistance/dashboard',
        'facility:title',
        { ...model, errors: fieldErrors(request, error.violations) },
        400,
      );
    }
  }

  @Get('assistance/dashboard.csv')
  @PageAuth(...MANAGERS)
  async csv(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    await this.download(request, reply, user, 'csv');
  }

  @Get('assistance/dashboard.xlsx')
  @PageAuth(...MANAGERS)
  async xlsx(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    await this.download(request, reply, user, 'xlsx');
  }

  /** The same export as the API's, for a signed-in browser (its session, not a token); audited the same way. */
  private async download(request: FastifyRequest, reply: FastifyReply, user: AuthUser, format: FacilityFormat): Promise<void> {
    const query = await validated(FacilityReportQueryDto, formOf(request));
    await sendReportFile(reply, await this.reports.export(user, query, format, ctx(request).probity.locale));
  }

  private reportModel(text: FacilityText, locale: Locale, links: URLSearchParams) {
    const number = (value: number | null): string => (value === null ? '—' : formatNumber(locale, value));
    return {
      filters: text.filters,
      summary: text.summary.map((s) => ({ id: s.id, label: s.label, value: number(s.value) })),
      empty: text.summary.every((s) => !s.value),
      sections: text.sections.map((section) => ({
        id: section.id,
        name: section.name,
        tables: section.tables.map((table) => ({
          id: table.id.replace(/_/g, '-'),
          name: table.name,
          caption: translate(locale, 'facility:chart.table', { name: table.name }),
          svg: table.chart && table.rows.length ? barChartSvg(chartOf(locale, table), locale, text.dir) : undefined,
          columns: table.columns.map((c) => c.label),
          rows: table.rows.map((row) => ({ label: row.label, values: row.values.map(number) })),
          none: table.rows.length === 0,
        })),
      })),
      definitions: text.definitions,
      downloads: FACILITY_FORMATS.map((format) => ({
        href: `/assistance/dashboard.${format}?${links.toString()}`,
        label: translate(locale, `facility:export.${format}`),
      })),
    };
  }

  private listsModel(lists: FacilityWorklists, locale: Locale, today: string) {
    const t = (key: string, options: Record<string, unknown> = {}): string => translate(locale, `facility:worklists.${key}`, options);
    return {
      overdue: lists.overdue.rows.map((r) => ({
        requestId: r.requestId,
        reference: r.reference,
        institution: pick(r.institution, locale).text,
        body: r.body.length > BODY_CHARS ? `${r.body.slice(0, BODY_CHARS - 1)}…` : r.body,
        owner: r.owner,
        dueOn: formatDate(locale, r.dueOn),
        status: translate(locale, `facility:recommendation_states.${r.status}`),
        why: [...(r.pastDue ? [t('past_due')] : []), ...(r.missedWave ? [t('missed_wave', { months: r.missedWave })] : [])].join(' · '),
      })),
      overdueCount: t('overdue_count', { count: lists.overdue.total }),
      overdueMore: lists.overdue.total > lists.overdue.rows.length,
      awaiting: lists.awaiting.rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        title: r.title,
        institution: pick(r.institution, locale).text,
        topic: translate(locale, `assistance:topics.${r.topic}`),
        status: translate(locale, `assistance:states.${r.status}`),
        submitted: formatDate(locale, r.submittedAt),
        waiting: t('days', { count: daysBetween(new Date(r.submittedAt), today) }),
      })),
      awaitingCount: t('awaiting_count', { count: lists.awaiting.total }),
      awaitingMore: lists.awaiting.total > lists.awaiting.rows.length,
    };
  }
}
