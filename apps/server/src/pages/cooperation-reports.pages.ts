import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TOPICS } from '@probity/assistance';
import {
  COOPERATION_FORMATS,
  type CooperationFormat,
  CooperationReportQueryDto,
  CooperationReportingService,
  type CooperationTable,
  type CooperationText,
  cooperationText,
} from '@probity/cooperation';
import { type BarChart, countryName } from '@probity/evaluation';
import { type Locale, ValidationFailed, formatNumber, translate, validated } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { sendReportFile } from '../api/reports.controller';
import { barChartSvg } from './reports-svg';
import { ctx, fieldErrors, render } from './page';

const READERS = ['facility_manager', 'platform_admin', 'academy_admin'] as const;
const FIELDS = ['from', 'to', 'country', 'topic'] as const;
type Form = Record<(typeof FIELDS)[number], string>;
/** The bars' colours, one per series (a table's columns), dark enough on white for text beside them. */
const COLORS = ['#18407a', '#4d82c8', '#1c6b3a', '#8a4b08', '#6b2d5c', '#5a5a12', '#0f5e63'];

/** The query's filter fields as the form sends them (text, '' when absent). */
function formOf(request: FastifyRequest): Form {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const text = (key: string): string => {
    const value = query[key];
    return typeof value === 'string' ? value.trim() : '';
  };
  return { from: text('from'), to: text('to'), country: text('country'), topic: text('topic') };
}

/** A round end for the axis (1, 2 or 5 times a power of ten) and its ticks. */
function scale(top: number): { max: number; ticks: number[] } {
  if (top <= 0) return { max: 1, ticks: [0, 1] };
  const magnitude = 10 ** Math.floor(Math.log10(top));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => top / s <= 5 && Number.isInteger(s)) ?? magnitude;
  const max = Math.ceil(top / step) * step;
  return { max, ticks: Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step) };
}

/** A table's chart: a group per row, a bar per column. `barChartSvg` draws by label and colour only. */
function chartOf(locale: Locale, table: CooperationTable): BarChart {
  const groups = table.rows.map((row) => ({ label: row.label, values: row.values }));
  const top = Math.max(0, ...groups.flatMap((g) => g.values.map((v) => v ?? 0)));
  return {
    id: `chart-${table.id.replace(/_/g, '-')}`,
    title: table.name,
    description: translate(locale, 'cooperation_reports:chart.desc', { name: table.name, max: formatNumber(locale, top) }),
    series: table.columns.map((c, i) => ({
      id: c.id as BarChart['series'][number]['id'],
      label: c.label,
      color: COLORS[i % COLORS.length],
    })),
    groups,
    ...scale(top),
    percent: false,
  };
}

/**
 * The cooperation initiatives' report on a page (facility managers, platform administrators, academy administrators
 * for their academy's initiatives): a filter form that works without JavaScript (GET), the key figures, the countries ×
 * countries matrix as a table (row and column headers, a caption), each breakdown with a small SVG bar chart and its
 * data table beside it, links to the same figures as CSV and XLSX (each download audited). Urdu right to left.
 */
@ApiExcludeController()
@Controller()
export class CooperationReportsPages {
  constructor(private readonly reports: CooperationReportingService) {}

  @Get('initiatives/reports')
  @PageAuth(...READERS)
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
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
      const query = await validated(CooperationReportQueryDto, form);
      const report = await this.reports.report(user, query);
      const links = new URLSearchParams();
      for (const field of FIELDS) if (form[field]) links.set(field, form[field]);
      links.set('lang', locale);
      await render(request, reply, 'cooperation/reports', 'cooperation_reports:title', {
        ...model,
        report: this.reportModel(cooperationText(report, locale), locale, links),
      });
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      await render(
        request,
        reply,
        'cooperation/reports',
        'cooperation_reports:title',
        { ...model, errors: fieldErrors(request, error.violations) },
        400,
      );
    }
  }

  @Get('initiatives/reports.csv')
  @PageAuth(...READERS)
  async csv(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    await this.download(request, reply, user, 'csv');
  }

  @Get('initiatives/reports.xlsx')
  @PageAuth(...READERS)
  async xlsx(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    await this.download(request, reply, user, 'xlsx');
  }

  /** The same export as the API's, for a signed-in browser (its session, not a token); audited the same way. */
  private async download(request: FastifyRequest, reply: FastifyReply, user: AuthUser, format: CooperationFormat): Promise<void> {
    const query = await validated(CooperationReportQueryDto, formOf(request));
    await sendReportFile(reply, await this.reports.export(user, query, format, ctx(request).probity.locale));
  }

  private reportModel(text: CooperationText, locale: Locale, links: URLSearchParams) {
    const number = (value: number | null): string => (value === null ? '—' : formatNumber(locale, value));
    const t = (key: string, options: Record<string, unknown> = {}): string => translate(locale, `cooperation_reports:${key}`, options);
    return {
      filters: text.filters,
      summary: text.summary.map((s) => ({ id: s.id, label: s.label, value: number(s.value) })),
      empty: text.summary.every((s) => !s.value),
      sections: text.sections.map((section) => ({
        id: section.id.replace(/_/g, '-'),
        name: section.name,
        tables: section.tables.map((table) => ({
          id: table.id.replace(/_/g, '-'),
          name: table.name,
          matrix: table.matrix ?? false,
          caption: table.matrix ? t('matrix.caption') : t('chart.table', { name: table.name }),
          corner: table.matrix ? t('matrix.corner') : table.name,
          svg: table.chart && table.rows.length ? barChartSvg(chartOf(locale, table), locale, text.dir) : undefined,
          columns: table.columns.map((c) => c.label),
          rows: table.rows.map((row, r) => ({
            code: row.code,
            label: row.label,
            cells: row.values.map((value, c) => ({
              value: number(value),
              diagonal: (table.matrix ?? false) && r === c,
            })),
          })),
          none: table.rows.length === 0,
        })),
      })),
      definitions: text.definitions,
      downloads: COOPERATION_FORMATS.map((format) => ({
        href: `/initiatives/reports.${format}?${links.toString()}`,
        label: t(`export.${format}`),
      })),
    };
  }
}
