import { Workbook, type Worksheet } from 'exceljs';
import { type Cell, type ReportFile, countryName, periodText, sheetName } from '@probity/evaluation';
import { type Locale, direction, formatDate, pick, translate } from '@probity/i18n';
import { personValueKey } from '@probity/identity';
import { MISSION_STATES } from './assistance-model';
import type { Counted, FacilityReport } from './facility-report.service';

/** Export formats of the facility's report, both built from the same report object as the JSON answer. */
export const FACILITY_FORMATS = ['csv', 'xlsx'] as const;
export type FacilityFormat = (typeof FACILITY_FORMATS)[number];

/** How a number is shown in a spreadsheet: a whole count, or days to one decimal. */
export type NumberFormat = '0' | '0.0';

export interface FacilityRow {
  code: string | null;
  label: string;
  values: (number | null)[];
  /** The row's own number format (a table of mixed figures); otherwise its columns'. */
  format?: NumberFormat;
}

/** A table of the report: a breakdown (one row per value) or a set of figures; `chart`: worth a bar chart on the page. */
export interface FacilityTable {
  id: string;
  name: string;
  columns: { id: string; label: string; format: NumberFormat }[];
  rows: FacilityRow[];
  chart: boolean;
}

export interface FacilitySection {
  id: 'requests' | 'missions' | 'people' | 'recommendations';
  name: string;
  tables: FacilityTable[];
}

/** The report in one language's words: what the page, the CSV and the workbook show. */
export interface FacilityText {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  title: string;
  filters: { label: string; value: string }[];
  summary: { id: string; label: string; value: number | null; format: NumberFormat }[];
  sections: FacilitySection[];
  definitions: { term: string; text: string }[];
  generatedAt: string;
  generatedBy?: string;
  exportId?: string;
}

const DEFINITIONS = ['period', 'country', 'requests', 'decision_days', 'missions', 'people', 'once', 'recommendations', 'overdue'];

/** The report in `locale`'s words; `generatedBy` and `exportId` are printed on exports. */
export function facilityText(
  report: FacilityReport,
  locale: Locale,
  context: { generatedBy?: string; exportId?: string } = {},
): FacilityText {
  const t = (key: string, options: Record<string, unknown> = {}): string => translate(locale, `facility:${key}`, options);
  const { filters, requests, missions, people, recommendations: recs } = report;
  const count = (id: string, label: string, rows: Counted[], name: (key: string | null) => string): FacilityTable => ({
    id,
    name: t(`tables.${id}`),
    columns: [{ id: label, label: t(`columns.${label}`), format: '0' }],
    rows: rows.map((g) => ({ code: g.key, label: name(g.key), values: [g.n] })),
    chart: true,
  });
  const country = (none: string) => (key: string | null) => (key === null ? none : countryName(locale, key));
  const person = (field: 'sex' | 'agencyType') => (key: string | null) => translate(locale, personValueKey(field, key));
  const figures = (id: string, rows: [string, number | null, NumberFormat?][], column: string, chart: boolean): FacilityTable => ({
    id,
    name: t(`tables.${id}`),
    columns: [{ id: column, label: t(`columns.${column}`), format: '0' }],
    rows: rows.map(([code, value, format]) => ({ code, label: t(`figures.${code}`), values: [value], ...(format ? { format } : {}) })),
    chart,
  });
  const institution = filters.institution
    ? filters.institution.id
      ? pick(filters.institution.name, locale).text
      : t('filters.institution_none')
    : t('filters.all_institutions');
  return {
    locale,
    dir: direction(locale),
    title: t('title'),
    filters: [
      { label: t('filters.institution'), value: institution },
      { label: t('filters.period'), value: periodText(locale, filters.from, filters.to) },
      { label: t('filters.country'), value: filters.country ? countryName(locale, filters.country) : t('filters.all_countries') },
      {
        label: t('filters.topic'),
        value: filters.topic ? translate(locale, `assistance:topics.${filters.topic}`) : t('filters.all_topics'),
      },
    ],
    summary: [
      { id: 'requests', label: t('figures.requests'), value: requests.total, format: '0' },
      { id: 'decided', label: t('figures.decided'), value: requests.decisionDays.n, format: '0' },
      { id: 'median_days', label: t('figures.median_days'), value: requests.decisionDays.median, format: '0.0' },
      { id: 'delivered', label: t('figures.delivered'), value: missions.byState.delivered, format: '0' },
      { id: 'reached', label: t('figures.reached'), value: people.reached, format: '0' },
      { id: 'implemented', label: t('figures.implemented'), value: recs.implemented, format: '0' },
      { id: 'overdue', label: t('figures.overdue'), value: recs.overdue, format: '0' },
    ],
    sections: [
      {
        id: 'requests',
        name: t('sections.requests'),
        tables: [
          {
            id: 'requests_by_state',
            name: t('tables.requests_by_state'),
            columns: [{ id: 'requests', label: t('columns.requests'), format: '0' }],
            rows: Object.entries(requests.byState).map(([state, n]) => ({
              code: state,
              label: translate(locale, `assistance:states.${state}`),
              values: [n],
            })),
            chart: true,
          },
          count('requests_by_country', 'requests', requests.byCountry, country(t('regional'))),
          count('requests_by_topic', 'requests', requests.byTopic, (key) => translate(locale, `assistance:topics.${key}`)),
          figures(
            'decision_days',
            [
              ['median_days', requests.decisionDays.median, '0.0'],
              ['mean_days', requests.decisionDays.mean, '0.0'],
              ['decided', requests.decisionDays.n],
            ],
            'value',
            false,
          ),
        ],
      },
      {
        id: 'missions',
        name: t('sections.missions'),
        tables: [
          {
            id: 'missions_by_state',
            name: t('tables.missions_by_state'),
            columns: [{ id: 'missions', label: t('columns.missions'), format: '0' }],
            rows: MISSION_STATES.map((state) => ({ code: state, label: t(`mission_states.${state}`), values: [missions.byState[state]] })),
            chart: true,
          },
          {
            id: 'missions_by_format',
            name: t('tables.missions_by_format'),
            columns: [...MISSION_STATES, 'total' as const].map((id) => ({
              id,
              label: id === 'total' ? t('columns.total') : t(`mission_states.${id}`),
              format: '0' as const,
            })),
            rows: missions.byFormat.map((row) => ({
              code: row.format,
              label: translate(locale, `assistance:formats.${row.format}`),
              values: [...MISSION_STATES.map((s) => row[s]), row.total],
            })),
            chart: true,
          },
        ],
      },
      {
        id: 'people',
        name: t('sections.people'),
        tables: [
          figures('people_reached', [['reached', people.reached]], 'people', false),
          count('people_by_sex', 'people', people.bySex, person('sex')),
          count('people_by_agency_type', 'people', people.byAgencyType, person('agencyType')),
          count('people_by_country', 'people', people.byCountry, country(translate(locale, 'people:not_recorded'))),
        ],
      },
      {
        id: 'recommendations',
        name: t('sections.recommendations'),
        tables: [
          figures(
            'recommendations_by_state',
            [
              ['implemented', recs.implemented],
              ['in_progress', recs.inProgress],
              ['not_started', recs.notStarted],
              ['overdue', recs.overdue],
              ['total_recommendations', recs.total],
            ],
            'recommendations',
            true,
          ),
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
 * words) and measure. The key figures come first. Numbers stay numbers (a dot for decimals); an empty cell: none.
 */
export function facilityTable(text: FacilityText): { header: string[]; rows: Cell[][] } {
  const t = (key: string): string => translate(text.locale, `facility:export.${key}`);
  const summary = translate(text.locale, 'facility:summary.heading');
  return {
    header: [t('section'), t('table'), t('code'), t('label'), t('measure'), t('value')],
    rows: [
      ...text.summary.map((s): Cell[] => [summary, summary, s.id, s.label, s.label, s.value]),
      ...text.sections.flatMap((section) =>
        section.tables.flatMap((table) =>
          table.rows.flatMap((row) =>
            table.columns.map((column, i): Cell[] => [section.name, table.name, row.code, row.label, column.label, row.values[i]]),
          ),
        ),
      ),
    ],
  };
}

/**
 * The report as a workbook: a sheet of filters, key figures and definitions, then one sheet per section (requests,
 * missions, people, recommendations), each table a block with a header row and its numbers as numbers. Right to left
 * in Urdu.
 */
export async function facilityXlsx(text: FacilityText, generatedAt: Date): Promise<Buffer> {
  const t = (key: string): string => translate(text.locale, `facility:${key}`);
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
  for (const s of text.summary) about.addRow([s.label, s.value]).getCell(2).numFmt = s.format;
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
    ws.columns = [{ width: 40 }, { width: 24 }, ...Array.from({ length: widest }, () => ({ width: 16 }))];
    section.tables.forEach((table, n) => {
      if (n > 0) ws.addRow([]);
      const header = ws.addRow([table.name, t('export.code'), ...table.columns.map((c) => c.label)]);
      header.font = { bold: true };
      header.alignment = { wrapText: true, vertical: 'top' };
      for (const r of table.rows) {
        const row = ws.addRow([r.label, r.code, ...r.values]);
        table.columns.forEach((c, i) => (row.getCell(3 + i).numFmt = r.format ?? c.format));
      }
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An export ready to hand out (the training report's file shape, with the facility's formats). */
export type FacilityFile = ReportFile<FacilityFormat>;

export async function facilityFile(format: FacilityFormat, text: FacilityText, generatedAt: Date): Promise<FacilityFile> {
  const filename = `facility-report-${generatedAt.toISOString().slice(0, 10)}.${format}`;
  switch (format) {
    case 'csv':
      return { format, filename, contentType: 'text/csv; charset=utf-8', table: facilityTable(text) };
    case 'xlsx':
      return {
        format,
        filename,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body: await facilityXlsx(text, generatedAt),
      };
  }
}
