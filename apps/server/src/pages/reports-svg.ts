import { type BarChart, formatPercent } from '@probity/evaluation';
import { type Locale, formatNumber } from '@probity/i18n';

const WIDTH = 640;
const LABEL = 180;
const VALUE_ROOM = 56;
const BAR = 14;
const BAR_GAP = 3;
const GROUP_GAP = 12;
/** Room for a group's name, Nastaliq's tall letters included. */
const MIN_GROUP = 36;
const LEGEND = 28;
const AXIS = 26;
const LABEL_CHARS = 30;

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A horizontal bar chart as server-rendered SVG: `role="img"` named by its <title> and described by its <desc>, for a
 * screen reader one image (the table beside it carries the numbers). Bars start at the reading start: the left in
 * left-to-right languages, the right in Urdu. No script, no external resource.
 */
export function barChartSvg(chart: BarChart, locale: Locale, dir: 'ltr' | 'rtl'): string {
  const rtl = dir === 'rtl';
  const area = WIDTH - LABEL - VALUE_ROOM;
  const groupHeight = Math.max(MIN_GROUP, chart.series.length * (BAR + BAR_GAP) - BAR_GAP + GROUP_GAP);
  const height = LEGEND + chart.groups.length * groupHeight + AXIS;
  /** x of a point `offset` from the start edge. */
  const x = (offset: number): number => (rtl ? WIDTH - offset : offset);
  /** The left edge of a span `offset` from the start edge, `width` wide. */
  const left = (offset: number, width: number): number => (rtl ? WIDTH - offset - width : offset);
  // Every text carries the page's direction, so its anchor is logical: `start` is the right edge of Urdu text.
  const start = 'start';
  const end = 'end';
  const number = (value: number): string => (chart.percent ? formatPercent(locale, value) : formatNumber(locale, value));
  const text = (offset: number, y: number, anchor: string, content: string, extra = ''): string =>
    `<text x="${x(offset).toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" direction="${dir}"${extra}>${escape(content)}</text>`;
  const parts: string[] = [];
  parts.push(
    `<title id="${chart.id}-title">${escape(chart.title)}</title>`,
    `<desc id="${chart.id}-desc">${escape(chart.description)}</desc>`,
  );

  // Legend: a swatch and each series' name.
  let offset = 0;
  for (const s of chart.series) {
    parts.push(`<rect x="${left(offset, 12).toFixed(1)}" y="6" width="12" height="12" fill="${s.color}"/>`);
    parts.push(text(offset + 18, 16, start, s.label, ' class="legend"'));
    offset += 18 + s.label.length * 7 + 18;
  }

  // Grid lines at the ticks, then the groups.
  const top = LEGEND;
  const bottom = LEGEND + chart.groups.length * groupHeight;
  for (const tick of chart.ticks) {
    const at = LABEL + (area * tick) / chart.max;
    parts.push(`<line x1="${x(at).toFixed(1)}" y1="${top}" x2="${x(at).toFixed(1)}" y2="${bottom}" class="grid"/>`);
    parts.push(text(at, bottom + 16, 'middle', number(tick), ' class="tick"'));
  }
  chart.groups.forEach((group, g) => {
    const y = LEGEND + g * groupHeight;
    const label = group.label.length > LABEL_CHARS ? `${group.label.slice(0, LABEL_CHARS - 1)}…` : group.label;
    const bars = chart.series.length * (BAR + BAR_GAP) - BAR_GAP;
    const middle = y + bars / 2 + 4;
    parts.push(text(LABEL - 8, middle, end, label, ' class="group"'));
    chart.series.forEach((s, i) => {
      const value = group.values[i];
      const barTop = y + i * (BAR + BAR_GAP);
      const length = value ? Math.max(1, (area * value) / chart.max) : 0;
      if (length)
        parts.push(
          `<rect x="${left(LABEL, length).toFixed(1)}" y="${barTop}" width="${length.toFixed(1)}" height="${BAR}" fill="${s.color}"/>`,
        );
      parts.push(text(LABEL + length + 4, barTop + BAR - 3, start, value === null ? '—' : number(value), ' class="value"'));
    });
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" ` +
    `viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${parts.join('')}</svg>`
  );
}
