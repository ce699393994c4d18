import { Workbook, type Worksheet } from 'exceljs';
import { type Cell, type ReportFile, countryName, periodText, sheetName } from '@probity/evaluation';
import { type Locale, direction, formatDate, pick, translate } from '@probity/i18n';
import { personValueKey } from '@probity/identity';
import { OUTCOME_COUNTS } from './cooperation-model';
import type { Counted, CooperationReport } from './reporting.service';
import type { OutcomeGroup } from './repositories/reporting.repository';

/** Export formats of the cooperation report, both built from the same report object as the JSON answer. */
export const COOPERATION_FORMATS = ['csv', 'xlsx'] as const;
export type CooperationFormat = (typeof COOPERATION_FORMATS)[number];

export interface CooperationRow {
  code: string | null;
  label: string;
  values: (number | null)[];
}

/**
 * A table of the report: a breakdown (one row per value), a set of figures, or the countries × countries matrix
 * (`matrix`: its columns are the same countries as its rows); `chart`: worth a bar chart on the page.
 */
export interface CooperationTable {
  id: string;
  name: string;
  columns: { id: string; label: string }[];
  rows: CooperationRow[];
  chart: boolean;
  matrix?: boolean;
}

export interface CooperationSection {
  id: 'initiatives' | 'links' | 'participants' | 'action_items' | 'outcomes';
  name: string;
  tables: CooperationTable[];
}

/** The report in one language's words: what the page, the CSV and the workbook show. */
export interface CooperationText {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  title: string;
  filters: { label: string; value: string }[];
  summary: { id: string; label: string; value: number }[];
  sections: CooperationSection[];
  definitions: { term: string; text: string }[];
  generatedAt: string;
  generatedBy?: string;
  exportId?: string;
}

const DEFINITIONS = ['period', 'country', 'initiatives', 'links', 'matrix', 'participants', 'once', 'action_items', 'overdue', 'outcomes'];

/** The report in `locale`'s words; `generatedBy` and `exportId` are printed on exports. */
export function cooperationText(
  report: CooperationReport,
  locale: Locale,
  context: { generatedBy?: string; exportId?: string } = {},
): CooperationText {
  const t = (key: string, options: Record<string, unknown> = {}): string => translate(locale, `cooperation_reports:${key}`, options);
  const { filters, initiatives, matrix, participants, actionItems, outcomes } = report;
  const country = (key: string | null): string => (key === null ? translate(locale, 'people:not_recorded') : countryName(locale, key));
  const count = (id: string, column: string, rows: Counted[], name: (key: string | null) => string): CooperationTable => ({
    id,
    name: t(`tables.${id}`),
    columns: [{ id: column, label: t(`columns.${column}`) }],
    rows: rows.map((g) => ({ code: g.key, label: name(g.key), values: [g.n] })),
    chart: true,
  });
  const person = (field: 'sex' | 'agencyType') => (key: string | null) => translate(locale, personValueKey(field, key));
  const countColumns = [
    { id: 'reports', label: t('columns.reports') },
    ...OUTCOME_COUNTS.map((c) => ({ id: c, label: t(`outcomes.${c}`) })),
  ];
  const countValues = (g: OutcomeGroup): number[] => [g.reports, ...OUTCOME_COUNTS.map((c) => g[c])];
  const academy = filters.academy ? pick(filters.academy.name, locale).text : t('filters.all_academies');
  return {
    locale,
    dir: direction(locale),
    title: t('title'),
    filters: [
      { label: t('filters.scope'), value: academy },
      { label: t('filters.period'), value: periodText(locale, filters.from, filters.to) },
      { label: t('filters.country'), value: filters.country ? countryName(locale, filters.country) : t('filters.all_countries') },
      {
        label: t('filters.topic'),
        value: filters.topic ? translate(locale, `assistance:topics.${filters.topic}`) : t('filters.all_topics'),
      },
    ],
    summary: [
      { id: 'initiatives', label: t('figures.initiatives'), value: initiatives.total },
      { id: 'institutions', label: t('figures.institutions'), value: initiatives.institutions },
      { id: 'countries', label: t('figures.countries'), value: matrix.countries.length },
      { id: 'people', label: t('figures.people'), value: participants.people },
      { id: 'participations', label: t('figures.participations'), value: participants.participations },
      { id: 'done', label: t('figures.done'), value: actionItems.done },
      { id: 'overdue', label: t('figures.overdue'), value: actionItems.overdue },
      { id: 'reports', label: t('figures.reports'), value: outcomes.total.reports },
    ],
    sections: [
      {
        id: 'initiatives',
        name: t('sections.initiatives'),
        tables: [count('initiatives_by_topic', 'initiatives', initiatives.byTopic, (key) => translate(locale, `assistance:topics.${key}`))],
      },
      {
        id: 'links',
        name: t('sections.links'),
        tables: [
          {
            id: 'country_pairs',
            name: t('tables.country_pairs'),
            columns: [{ id: 'initiatives', label: t('columns.initiatives') }],
            rows: initiatives.byCountryPair.map((p) => ({
              code: `${p.a}-${p.b}`,
              label: t('pair', { a: countryName(locale, p.a), b: countryName(locale, p.b) }),
              values: [p.n],
            })),
            chart: true,
          },
          {
            id: 'country_matrix',
            name: t('tables.country_matrix'),
            columns: matrix.countries.map((c) => ({ id: c, label: countryName(locale, c) })),
            rows: matrix.countries.map((c, i) => ({ code: c, label: countryName(locale, c), values: matrix.cells[i] })),
            chart: false,
            matrix: true,
          },
        ],
      },
      {
        id: 'participants',
        name: t('sections.participants'),
        tables: [
          count('people_by_sex', 'people', participants.bySex, person('sex')),
          count('people_by_agency_type', 'people', participants.byAgencyType, person('agencyType')),
          count('people_by_country', 'people', participants.byCountry, country),
        ],
      },
      {
        id: 'action_items',
        name: t('sections.action_items'),
        tables: [
          {
            id: 'action_items_by_state',
            name: t('tables.action_items_by_state'),
            columns: [{ id: 'action_items', label: t('columns.action_items') }],
            rows: (['done', 'overdue', 'open', 'dropped', 'total'] as const).map((state) => ({
              code: state,
              label: t(`action_states.${state}`),
              values: [actionItems[state]],
            })),
            chart: true,
          },
        ],
      },
      {
        id: 'outcomes',
        name: t('sections.outcomes'),
        tables: [
          {
            id: 'outcomes_total',
            name: t('tables.outcomes_total'),
            columns: [{ id: 'value', label: t('columns.value') }],
            rows: OUTCOME_COUNTS.map((c) => ({ code: c, label: t(`outcomes.${c}`), values: [outcomes.total[c]] })),
            chart: true,
          },
          {
            id: 'outcomes_by_wave',
            name: t('tables.outcomes_by_wave'),
            columns: countColumns,
            rows: outcomes.byWave.map((w) => ({ code: String(w.wave), label: t(`waves.${w.wave}`), values: countValues(w) })),
            chart: false,
          },
          {
            id: 'outcomes_by_month',
            name: t('tables.outcomes_by_month'),
            columns: countColumns,
            rows: outcomes.byMonth.map((m) => ({
              code: m.month,
              label: monthName(locale, m.month),
              values: countValues(m),
            })),
            chart: false,
          },
        ],
      },
    ],
    definitions: DEFINITIONS.map((key) => ({ term: t(`definitions.${key}_term`), text: t(`definitions.${key}`) })),
    generatedAt: formatDate(locale, report.generatedAt, 'datetime', 'UTC'),
    generatedBy: context.generatedBy,
    exportId: context.exportId,
  };
}

/**
 * The whole report as one long table (the CSV): one number per row, named by its section, table, value (code and
 * words) and measure (for the matrix: the other country). The key figures come first. An empty cell: none.
 */
export function cooperationTable(text: CooperationText): { header: string[]; rows: Cell[][] } {
  const t = (key: string): string => translate(text.locale, `cooperation_reports:export.${key}`);
  const summary = translate(text.locale, 'cooperation_reports:summary.heading');
  return {
    header: [t('section'), t('table'), t('code'), t('label'), t('measure'), t('value')],
    rows: [
      ...text.summary.map((s): Cell[] => [summary, summary, s.id, s.label, s.label, s.value]),
      ...text.sections.flatMap((section) =>
        section.tables.flatMap((table) =>
          table.rows.flatMap((row) =>
            table.columns.map((column, i): Cell[] => [
              section.name,
              table.name,
              table.matrix ? `${row.code}-${column.id}` : row.code,
              row.label,
              column.label,
              row.values[i],
            ]),
          ),
        ),
      ),
    ],
  };
}

/**
 * The report as a workbook: a sheet of filters, key figures and definitions, then one sheet per section, each table a
 * block with a header row and its numbers as numbers (the matrix with the countries across). Right to left in Urdu.
 */
export async function cooperationXlsx(text: CooperationText, generatedAt: Date): Promise<Buffer> {
  const t = (key: string): string => translate(text.locale, `cooperation_reports:${key}`);
  const workbook = new Workbook();
  workbook.creator = 'Probity';
  workbook.created = generatedAt;
  workbook.title = text.title;
  const taken = new Set<string>();
  const sheet = (name: string): Worksheet =>
    workbook.addWorksheet(sheetName(name, taken), { views: [{ rightToLeft: text.dir === 'rtl' }] });

  const about = sheet(t('export.sheet_about'));
  about.columns = [{ width: 34 }, { width: 80 }];
  about.addRow([text.title]).font = { bold: true, size: 13 };
  for (const f of text.filters) about.addRow([f.label, f.value]);
  about.addRow([t('export.generated_at'), text.generatedAt]);
  if (text.generatedBy) about.addRow([t('export.generated_by'), text.generatedBy]);
  if (text.exportId) about.addRow([t('export.export_id'), text.exportId]);
  about.addRow([]);
  about.addRow([t('summary.heading')]).font = { bold: true };
  for (const s of text.summary) about.addRow([s.label, s.value]).getCell(2).numFmt = '0';
  about.addRow([]);
  about.addRow([t('definitions.heading')]).font = { bold: true };
  for (const d of text.definitions) {
    const row = about.addRow([d.term, d.text]);
    row.getCell(1).alignment = { vertical: 'top' };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }

  for (const section of text.sections) {
    const ws = sheet(section.name);
    const widest = Math.max(...section.tables.map((table) => table.columns.length));
    ws.columns = [{ width: 40 }, { width: 16 }, ...Array.from({ length: widest }, () => ({ width: 16 }))];
    section.tables.forEach((table, n) => {
      if (n > 0) ws.addRow([]);
      const header = ws.addRow([table.name, t('export.code'), ...table.columns.map((c) => c.label)]);
      header.font = { bold: true };
      header.alignment = { wrapText: true, vertical: 'top' };
      if (!table.rows.length) ws.addRow([t('chart.none')]);
      for (const r of table.rows) {
        const row = ws.addRow([r.label, r.code, ...r.values]);
        table.columns.forEach((_, i) => (row.getCell(3 + i).numFmt = '0'));
      }
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An export ready to hand out (the training report's file shape, with the cooperation report's formats). */
export type CooperationFile = ReportFile<CooperationFormat>;

export async function cooperationFile(format: CooperationFormat, text: CooperationText, generatedAt: Date): Promise<CooperationFile> {
  const filename = `cooperation-report-${generatedAt.toISOString().slice(0, 10)}.${format}`;
  switch (format) {
    case 'csv':
      return { format, filename, contentType: 'text/csv; charset=utf-8', table: cooperationTable(text) };
    case 'xlsx':
      return {
        format,
        filename,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body: await cooperationXlsx(text, generatedAt),
      };
  }
}

/** A month (`YYYY-MM`) in words: "March 2026". */
export function monthName(locale: Locale, month: string): string {
  return new Intl.DateTimeFormat(locale === 'ur' ? 'ur-PK' : locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}
