import type { IndicatorChart } from '@probity/evaluation';

const WIDTH = 640;
const HEIGHT = 250;
const AXIS_ROOM = 64;
const END_ROOM = 16;
const LEGEND = 30;
const LABELS = 42;
const MAX_LABELS = 10;
const COLORS = { value: '#18407a', manual: '#8a4b08', baseline: '#6b6b6b', target: '#1c6b3a' } as const;

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * An indicator's values per period as a column chart in server-rendered SVG, with its baseline (dashed) and target
 * (solid) as lines across: `role="img"` named by its <title> and described by its <desc> (the table beside it carries
 * the numbers). Time runs in the reading direction: left to right, and right to left in Urdu. No script, no external
 * resource. The current period's column is paler (provisional); a value entered by hand has its own colour.
 */
export function indicatorChartSvg(
  chart: IndicatorChart,
  labels: { legend: Record<'value' | 'provisional' | 'manual', string> },
  dir: 'ltr' | 'rtl',
): string {
  const rtl = dir === 'rtl';
  const top = LEGEND;
  const bottom = HEIGHT - LABELS;
  const area = WIDTH - AXIS_ROOM - END_ROOM;
  const span = chart.max - chart.min || 1;
  /** x of a point `offset` from the start edge. */
  const x = (offset: number): number => (rtl ? WIDTH - offset : offset);
  const left = (offset: number, width: number): number => (rtl ? WIDTH - offset - width : offset);
  const y = (value: number): number => bottom - ((value - chart.min) * (bottom - top)) / span;
  const text = (offset: number, at: number, anchor: string, content: string, extra = ''): string =>
    `<text x="${x(offset).toFixed(1)}" y="${at.toFixed(1)}" text-anchor="${anchor}" direction="${dir}"${extra}>${escape(content)}</text>`;
  const parts: string[] = [
    `<title id="${chart.id}-title">${escape(chart.title)}</title>`,
    `<desc id="${chart.id}-desc">${escape(chart.description)}</desc>`,
  ];

  // Legend: what the columns and the two lines are.
  let offset = 0;
  const legend = (swatch: (at: string, end: string) => string, label: string): void => {
    const at = left(offset, 14);
    parts.push(swatch(at.toFixed(1), (at + 14).toFixed(1)));
    parts.push(text(offset + 20, 17, 'start', label, ' class="legend"'));
    offset += 20 + label.length * 6.5 + 20;
  };
  const square = (extra: string) => (at: string) => `<rect x="${at}" y="6" width="14" height="14"${extra}/>`;
  const stroke = (extra: string) => (at: string, end: string) => `<line x1="${at}" y1="13" x2="${end}" y2="13" stroke-width="2"${extra}/>`;
  legend(square(` fill="${COLORS.value}"`), labels.legend.value);
  if (chart.points.some((p) => p.source === 'provisional'))
    legend(square(` fill="${COLORS.value}" fill-opacity="0.45"`), labels.legend.provisional);
  if (chart.points.some((p) => p.source === 'manual')) legend(square(` fill="${COLORS.manual}"`), labels.legend.manual);
  if (chart.baseline) legend(stroke(` stroke="${COLORS.baseline}" stroke-dasharray="4 3"`), chart.baseline.label);
  if (chart.target) legend(stroke(` stroke="${COLORS.target}"`), chart.target.label);

  // Grid and the axis's values at the ticks.
  for (const tick of chart.ticks) {
    if (tick.value < chart.min || tick.value > chart.max) continue;
    parts.push(
      `<line x1="${x(AXIS_ROOM).toFixed(1)}" y1="${y(tick.value).toFixed(1)}" x2="${x(WIDTH - END_ROOM).toFixed(1)}" y2="${y(tick.value).toFixed(1)}" class="grid"/>`,
    );
    parts.push(text(AXIS_ROOM - 6, y(tick.value) + 4, 'end', tick.text, ' class="tick"'));
  }

  // One column per period; every k-th period named below, so that at most MAX_LABELS names fit.
  const slot = chart.points.length ? area / chart.points.length : area;
  const bar = Math.max(4, Math.min(36, slot * 0.6));
  const every = Math.ceil(chart.points.length / MAX_LABELS);
  chart.points.forEach((point, i) => {
    const middle = AXIS_ROOM + slot * i + slot / 2;
    if (point.value !== null) {
      const from = y(Math.max(chart.min, Math.min(0, point.value)));
      const to = y(Math.max(0, point.value));
      const height = Math.max(1, from - to);
      const fill = point.source === 'manual' ? COLORS.manual : COLORS.value;
      const pale = point.source === 'provisional' ? ' fill-opacity="0.45"' : '';
      parts.push(
        `<rect x="${left(middle - bar / 2, bar).toFixed(1)}" y="${to.toFixed(1)}" width="${bar.toFixed(1)}" height="${height.toFixed(1)}" fill="${fill}"${pale} class="column"/>`,
      );
      if (chart.points.length <= 12) parts.push(text(middle, to - 4, 'middle', point.text, ' class="value"'));
    }
    if (i % every === 0 || i === chart.points.length - 1) parts.push(text(middle, bottom + 16, 'middle', point.label, ' class="period"'));
  });

  // The baseline and the target across the whole width, drawn over the columns.
  const across = (value: number, color: string, dash: string): string =>
    `<line x1="${x(AXIS_ROOM).toFixed(1)}" y1="${y(value).toFixed(1)}" x2="${x(WIDTH - END_ROOM).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="${color}" stroke-width="2"${dash}/>`;
  if (chart.baseline) parts.push(across(chart.baseline.value, COLORS.baseline, ' stroke-dasharray="6 4" class="baseline"'));
  if (chart.target) parts.push(across(chart.target.value, COLORS.target, ' class="target"'));
  parts.push(
    `<line x1="${x(AXIS_ROOM).toFixed(1)}" y1="${y(0).toFixed(1)}" x2="${x(WIDTH - END_ROOM).toFixed(1)}" y2="${y(0).toFixed(1)}" class="axis"/>`,
  );

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="indicator-chart" role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" ` +
    `viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" preserveAspectRatio="xMinYMin meet">${parts.join('')}</svg>`
  );
}
