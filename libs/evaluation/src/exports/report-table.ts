import { translate } from '@probity/i18n';
import { type FlatMeasures, MEASURES, type ReportText } from '../reports-labels';

export type Cell = string | number | null;

/**
 * The whole report as one table (the CSV): a header, the totals, then every value of every breakdown. Numbers stay
 * numbers (a dot for decimals); an empty cell is a mean of nobody. Column names in the report's language.
 */
export function reportTable(text: ReportText): { header: string[]; rows: Cell[][] } {
  const t = (key: string): string => translate(text.locale, `reports:${key}`);
  const values = (m: FlatMeasures): Cell[] => MEASURES.map((id) => m[id]);
  const total = t('export.total');
  return {
    header: [t('export.breakdown'), t('export.code'), t('export.value'), ...text.columns.map((c) => c.label)],
    rows: [
      [total, null, total, ...values(text.totals)],
      ...text.breakdowns.flatMap((b) => b.rows.map((row): Cell[] => [b.name, row.code, row.label, ...values(row)])),
    ],
  };
}
