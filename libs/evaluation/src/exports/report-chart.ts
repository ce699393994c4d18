import { translate } from '@probity/i18n';
import type { FlatMeasures, LabelledBreakdown, ReportText } from '../reports-labels';

/**
 * A horizontal bar chart of one breakdown, independent of how it is drawn: the page draws it as SVG, the PDF with
 * pdfkit. Each group is a value of the breakdown, each series a measure.
 */
export interface BarChart {
  id: string;
  title: string;
  description: string;
  series: { id: keyof FlatMeasures; label: string; color: string }[];
  groups: { label: string; values: (number | null)[] }[];
  /** The end of the axis (a round number at or above every value) and its ticks. */
  max: number;
  ticks: number[];
  percent: boolean;
}

export const COLORS = { enrolled: '#18407a', completed: '#4d82c8', certified: '#1c6b3a', improvedPercent: '#8a4b08' } as const;

/** People enrolled, completed and certified per value of the breakdown. */
export function peopleChart(text: ReportText, breakdown: LabelledBreakdown): BarChart {
  const t = (key: string, options: Record<string, unknown> = {}): string => translate(text.locale, `reports:${key}`, options);
  const series = (['enrolled', 'completed', 'certified'] as const).map((id) => ({ id, label: t(`measures.${id}`), color: COLORS[id] }));
  const groups = breakdown.rows.map((row) => ({ label: row.label, values: series.map((s) => row[s.id]) }));
  const top = Math.max(0, ...groups.flatMap((g) => g.values.map((v) => v ?? 0)));
  return {
    id: `people-${breakdown.by}`,
    title: t('chart.people_title', { by: breakdown.name }),
    description: t('chart.people_desc', { by: breakdown.name, count: top }),
    series,
    groups,
    ...scale(top),
    percent: false,
  };
}

/** The share of people with both tests whose knowledge increased, per value of the breakdown. */
export function knowledgeChart(text: ReportText, breakdown: LabelledBreakdown): BarChart {
  const t = (key: string, options: Record<string, unknown> = {}): string => translate(text.locale, `reports:${key}`, options);
  const learners = breakdown.rows.reduce((sum, row) => sum + row.learners, 0);
  return {
    id: `knowledge-${breakdown.by}`,
    title: t('chart.knowledge_title', { by: breakdown.name }),
    description: t('chart.knowledge_desc', { by: breakdown.name, count: learners }),
    series: [{ id: 'improvedPercent', label: t('measures.improvedPercent'), color: COLORS.improvedPercent }],
    groups: breakdown.rows.map((row) => ({ label: row.label, values: [row.improvedPercent] })),
    max: 100,
    ticks: [0, 25, 50, 75, 100],
    percent: true,
  };
}

/** A round end for the axis (1, 2 or 5 times a power of ten) and four or five ticks. */
export function scale(top: number): { max: number; ticks: number[] } {
  if (top <= 0) return { max: 1, ticks: [0, 1] };
  const magnitude = 10 ** Math.floor(Math.log10(top));
  const step =
    [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => top / s <= 5 && Number.isInteger(s)) ?? magnitude;
  const max = Math.ceil(top / step) * step;
  return { max, ticks: Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step) };
}
