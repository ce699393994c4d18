import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  BREAKDOWNS,
  type Breakdown,
  MEASURES,
  type ReportFormat,
  ReportsService,
  TrainingReportQueryDto,
  formatMeasure,
  knowledgeChart,
  peopleChart,
  reportText,
} from '@probity/evaluation';
import { type Locale, ValidationFailed, pick, translate, validated } from '@probity/i18n';
import { AcademiesService, type AuthUser, CurrentUser, PageAuth, hasRole } from '@probity/identity';
import { sendReportFile } from '../api/reports.controller';
import { barChartSvg } from './reports-svg';
import { ctx, fieldErrors, render } from './page';

const ADMINS = ['academy_admin', 'platform_admin'] as const;
const FIELDS = ['academyId', 'from', 'to', 'by', 'margin'] as const;
/** The page shows a breakdown by sex until another is chosen. */
const DEFAULT_BY: Breakdown = 'sex';

/** The query's filter fields as the form sends them (text, '' when absent). */
function formOf(request: FastifyRequest): Record<(typeof FIELDS)[number], string> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const text = (key: string): string => {
    const value = query[key];
    return typeof value === 'string' ? value.trim() : '';
  };
  return { academyId: text('academyId'), from: text('from'), to: text('to'), by: text('by'), margin: text('margin') };
}

/**
 * The training report on a page (academy and platform administrators): a form of filters that works without
 * JavaScript (GET), the totals, and per chosen breakdown two SVG bar charts, each with its data table beside it; links
 * to the same report as CSV, XLSX and PDF (each download audited). Urdu right to left, the charts mirrored.
 */
@ApiExcludeController()
@Controller()
export class ReportsPages {
  constructor(
    private readonly reports: ReportsService,
    private readonly academies: AcademiesService,
  ) {}

  @Get('reports/training')
  @PageAuth(...ADMINS)
  async training(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    const form = formOf(request);
    const academies = hasRole(user, 'platform_admin')
      ? (await this.academies.list({ limit: 500, offset: 0 })).items.map((a) => ({
          id: a.id,
          name: `${pick(a.name, locale).text} (${a.code})`,
          selected: a.id === form.academyId,
        }))
      : undefined;
    const model = {
      form,
      academies,
      breakdowns: BREAKDOWNS.map((by) => ({ by, label: translate(locale, `reports:by.${by}`), selected: by === (form.by || DEFAULT_BY) })),
    };
    try {
      const query = await validated(TrainingReportQueryDto, { ...form, by: form.by || DEFAULT_BY });
      const report = await this.reports.training(user, query);
      const academy = report.filters.academyId ? await this.academies.get(report.filters.academyId) : undefined;
      const text = reportText(report, locale, {
        academyName: academy ? `${pick(academy.name, locale).text} (${academy.code})` : undefined,
        timeZone: user.timeZone,
      });
      const breakdown = text.breakdowns[0];
      const by = breakdown.name;
      const value = (id: (typeof MEASURES)[number], n: number | null): string => formatMeasure(locale, id, n);
      // The downloads carry the same filters (every breakdown is in each file, so not `by`) and the page's language.
      const links = new URLSearchParams();
      for (const field of FIELDS) if (field !== 'by' && form[field]) links.set(field, form[field]);
      links.set('lang', locale);
      await render(request, reply, 'evaluation/report-training', 'reports:title', {
        ...model,
        report: {
          scope: text.scope,
          filters: text.filters,
          definitions: text.definitions,
          columns: text.columns,
          totals: text.columns.map((c) => ({ label: c.label, value: value(c.id, text.totals[c.id]) })),
          empty: text.totals.enrolled + text.totals.completed + text.totals.certified + text.totals.learners === 0,
          by,
          people: {
            title: translate(locale, 'reports:chart.people_title', { by }),
            svg: barChartSvg(peopleChart(text, breakdown), locale, text.dir),
            caption: translate(locale, 'reports:chart.table_people', { by }),
            columns: ['enrolled', 'completed', 'certified'].map((id) => translate(locale, `reports:measures.${id}`)),
            rows: breakdown.rows.map((r) => ({
              label: r.label,
              values: [r.enrolled, r.completed, r.certified].map((n) => value('enrolled', n)),
            })),
          },
          knowledge: {
            title: translate(locale, 'reports:chart.knowledge_title', { by }),
            svg: barChartSvg(knowledgeChart(text, breakdown), locale, text.dir),
            caption: translate(locale, 'reports:chart.table_knowledge', { by }),
            columns: (['learners', 'meanGain', 'meanNormalisedGain', 'improved', 'improvedPercent'] as const).map((id) =>
              translate(locale, `reports:measures.${id}`),
            ),
            rows: breakdown.rows.map((r) => ({
              label: r.label,
              values: (['learners', 'meanGain', 'meanNormalisedGain', 'improved', 'improvedPercent'] as const).map((id) =>
                value(id, r[id]),
              ),
            })),
          },
          downloads: (['csv', 'xlsx', 'pdf'] as const).map((format) => ({
            href: `/reports/training.${format}?${links.toString()}`,
            label: translate(locale, `reports:export.${format}`),
          })),
        },
      });
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      await render(
        request,
        reply,
        'evaluation/report-training',
        'reports:title',
        { ...model, errors: fieldErrors(request, error.violations) },
        400,
      );
    }
  }

  @Get('reports/training.csv')
  @PageAuth(...ADMINS)
  async csv(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    await this.download(request, reply, user, 'csv');
  }

  @Get('reports/training.xlsx')
  @PageAuth(...ADMINS)
  async xlsx(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    await this.download(request, reply, user, 'xlsx');
  }

  @Get('reports/training.pdf')
  @PageAuth(...ADMINS)
  async pdf(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    await this.download(request, reply, user, 'pdf');
  }

  /** The same export as the API's, for a signed-in browser (its session, not a token); audited the same way. */
  private async download(request: FastifyRequest, reply: FastifyReply, user: AuthUser, format: ReportFormat): Promise<void> {
    const locale: Locale = ctx(request).probity.locale;
    const query = await validated(TrainingReportQueryDto, formOf(request));
    await sendReportFile(reply, await this.reports.export(user, query, format, locale));
  }
}
