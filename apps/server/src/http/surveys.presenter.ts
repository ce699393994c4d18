import type { SurveyResults } from '@probity/evaluation';
import { type Locale, type LocaleMap, pick, translate } from '@probity/i18n';
import { type CsvValue, toCsv } from './csv';

/** The widest single choice (10 options): one column per value. */
const VALUES = 10;

/**
 * A cohort's survey results as a spreadsheet, for the API and the results page alike: the count and rate first, then
 * one row per scale and per question (answers, mean, count per value). Under the threshold only the count and rate;
 * open answers are on the page, not in the file.
 */
export function surveyResultsCsv(results: SurveyResults, locale: Locale): string {
  const text = (map: LocaleMap): string => pick(map, locale, results.cohort.locale as Locale).text;
  const counts = (values: number[]): CsvValue[] => Array.from({ length: VALUES }, (_, i) => values[i] ?? null);
  const blank = counts([]);
  const header = ['kind', 'position', 'scale', 'text', 'n', 'mean', ...Array.from({ length: VALUES }, (_, i) => String(i + 1))];
  const rows: CsvValue[][] = [
    ['responses', null, null, results.cohort.name, results.responses, null, ...blank],
    ['completed', null, null, null, results.completed, null, ...blank],
    ['response_rate', null, null, null, results.responseRate, null, ...blank],
    ...results.scales.map((s) => [
      'scale',
      null,
      s.scale,
      translate(locale, `evaluation:scales.${s.scale}`),
      s.n,
      s.mean,
      ...counts(s.counts),
    ]),
    ...results.items.map((i) => [i.item.type, i.item.position + 1, i.item.scale, text(i.item.text), i.n, i.mean, ...counts(i.counts)]),
  ];
  return toCsv(header, rows);
}
