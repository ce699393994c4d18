import PDFDocument from 'pdfkit';
import {
  type Direction,
  FONTS,
  type FontKey,
  type Paragraph,
  type Scripts,
  drawParagraph,
  paragraph,
  scriptsFor,
} from '@probity/certificates';
import { type Locale, formatNumber, translate } from '@probity/i18n';
import { type MeasureId, type ReportText, formatMeasure, formatPercent } from '../reports-labels';
import { type BarChart, knowledgeChart, peopleChart } from './report-chart';

/** A4 portrait, in points. */
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 48;
const CONTENT = PAGE_WIDTH - 2 * MARGIN;
/** Room kept free at the foot of every page for its footer. */
const FOOT = 28;
const INK = '#1d2433';
const MUTED = '#5b6475';
const LINE = '#d5dae3';
const LABEL_COLUMN = 128;
const PEOPLE: readonly MeasureId[] = ['enrolled', 'completed', 'certified'];
const KNOWLEDGE: readonly MeasureId[] = ['learners', 'meanGain', 'meanNormalisedGain', 'improved', 'improvedPercent'];

/**
 * The report as a PDF a project manager can send: title, whose people and which period, when and by whom it was made
 * (and the export's number, as the audit trail has it), the totals, then per breakdown a bar chart and its table, and
 * the definitions. Set in the Noto fonts the certificates use, in every script; Urdu right to left (lines, tables and
 * bars mirrored).
 */
export async function reportPdf(text: ReportText): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: text.locale,
    displayTitle: true,
    // No default font: Helvetica has none of the scripts, and every run is set in a registered Noto font.
    font: '',
    info: { Title: `${text.title} · ${text.scope}`, Author: text.generatedBy ?? 'Probity', Subject: text.title, Creator: 'Probity' },
  });
  for (const [key, { font }] of Object.entries(FONTS) as [FontKey, (typeof FONTS)[FontKey]][]) {
    // pdfkit takes an already parsed fontkit font (anything with layout()); its typings don't say so.
    doc.registerFont(key, font as unknown as PDFKit.Mixins.PDFFontSource);
  }
  const page = new Pages(doc, text.dir, text.locale);
  const t = (key: string, options: Record<string, unknown> = {}): string => translate(text.locale, `reports:${key}`, options);

  page.block(text.title, { size: 20, weight: 'bold' });
  page.block(text.scope, { size: 12, color: MUTED, gap: 10 });
  page.pairs([
    ...text.filters.map((f) => [f.label, f.value] as [string, string]),
    [t('export.generated_at'), text.generatedAt],
    ...(text.generatedBy ? [[t('export.generated_by'), text.generatedBy] as [string, string]] : []),
    ...(text.exportId ? [[t('export.export_id'), text.exportId] as [string, string]] : []),
  ]);

  page.heading(t('totals.heading'));
  page.pairs(
    text.columns.map((c) => [c.label, formatMeasure(text.locale, c.id, text.totals[c.id])]),
    true,
  );

  const label = (id: MeasureId): string => text.columns.find((c) => c.id === id)?.label ?? id;
  for (const breakdown of text.breakdowns) {
    // Per breakdown: people (enrolled, completed, certified), then knowledge gain; each a chart and its table.
    for (const [title, caption, chart, ids] of [
      ['chart.people_title', 'chart.table_people', peopleChart(text, breakdown), PEOPLE],
      ['chart.knowledge_title', 'chart.table_knowledge', knowledgeChart(text, breakdown), KNOWLEDGE],
    ] as const) {
      page.heading(t(title, { by: breakdown.name }));
      if (breakdown.rows.length) page.chart(chart, text.locale);
      page.block(t(caption, { by: breakdown.name }), { size: 8, color: MUTED, gap: 2 });
      page.table(
        breakdown.name,
        ids.map(label),
        breakdown.rows.map((row) => [row.label, ...ids.map((id) => formatMeasure(text.locale, id, row[id]))]),
      );
    }
  }

  page.heading(t('definitions.heading'));
  for (const d of text.definitions) {
    page.block(d.term, { size: 9, weight: 'bold', gap: 1 });
    page.block(d.text, { size: 9, gap: 6 });
  }
  page.footers(t('export.footer', { title: text.title }));
  return finish(doc);
}

interface BlockStyle {
  size: number;
  weight?: 'regular' | 'bold';
  color?: string;
  gap?: number;
  width?: number;
}

/** A flow of blocks down A4 pages: starts a new page when the next block does not fit; mirrors x for right to left. */
class Pages {
  private y = MARGIN;
  private readonly scripts: Scripts;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly dir: Direction,
    locale: string,
  ) {
    this.scripts = scriptsFor(locale);
  }

  /** A paragraph in the page's direction. */
  para(text: string, style: BlockStyle): Paragraph {
    return paragraph(text, {
      size: style.size,
      weight: style.weight ?? 'regular',
      color: style.color ?? INK,
      direction: this.dir,
      scripts: this.scripts,
      maxWidth: style.width ?? CONTENT,
    });
  }

  /** The left edge of a span `offset` points from the start edge (left, or right in Urdu), `width` wide. */
  x(offset: number, width: number): number {
    return this.dir === 'rtl' ? PAGE_WIDTH - MARGIN - offset - width : MARGIN + offset;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  room(height: number): void {
    if (this.y + height <= PAGE_HEIGHT - MARGIN - FOOT) return;
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.y = MARGIN;
  }

  /** Draws `para` in a cell `offset` from the start edge; `end`: against the cell's far edge (numbers). */
  place(para: Paragraph, offset: number, width: number, top: number, end = false): void {
    const direction: Direction = end ? (this.dir === 'rtl' ? 'ltr' : 'rtl') : this.dir;
    drawParagraph(this.doc, para, { left: this.x(offset, width), width, direction }, top, 'start');
  }

  block(text: string, style: BlockStyle): void {
    const para = this.para(text, style);
    this.room(para.height);
    this.place(para, 0, CONTENT, this.y);
    this.y += para.height + (style.gap ?? 4);
  }

  heading(text: string): void {
    this.y += 10;
    const para = this.para(text, { size: 13, weight: 'bold' });
    // A heading never ends a page: it keeps room for a few lines after it.
    this.room(para.height + 60);
    this.place(para, 0, CONTENT, this.y);
    this.y += para.height + 6;
  }

  /** Label and value per line (filters, totals); `numbers`: values against the far edge of their column. */
  pairs(pairs: [string, string][], numbers = false): void {
    const labelWidth = numbers ? 300 : 150;
    const valueWidth = numbers ? 80 : CONTENT - labelWidth - 8;
    for (const [label, value] of pairs) {
      const l = this.para(label, { size: 9.5, color: MUTED, width: labelWidth });
      const v = this.para(value, { size: 9.5, weight: numbers ? 'bold' : 'regular', width: valueWidth });
      const height = Math.max(l.height, v.height);
      this.room(height);
      this.place(l, 0, labelWidth, this.y);
      this.place(v, labelWidth + 8, valueWidth, this.y, numbers);
      this.y += height + 3;
    }
  }

  /** A table: the first column names the value, the others are numbers; the header repeats on each new page. */
  table(first: string, headers: string[], rows: string[][]): void {
    const width = (CONTENT - LABEL_COLUMN) / headers.length;
    const offsets = [0, ...headers.map((_, i) => LABEL_COLUMN + i * width)];
    const widths = [LABEL_COLUMN, ...headers.map(() => width)];
    const head = (): void => {
      const cells = [first, ...headers].map((h, i) => this.para(h, { size: 7, weight: 'bold', color: MUTED, width: widths[i] - 4 }));
      const height = Math.max(...cells.map((c) => c.height));
      this.room(height + 16);
      cells.forEach((c, i) => this.place(c, offsets[i] + 2, widths[i] - 4, this.y, i > 0));
      this.y += height + 3;
      this.rule();
    };
    head();
    for (const row of rows) {
      const cells = row.map((value, i) => this.para(value, { size: 8, width: widths[i] - 4 }));
      const height = Math.max(...cells.map((c) => c.height));
      if (this.y + height > PAGE_HEIGHT - MARGIN - FOOT) {
        this.room(PAGE_HEIGHT);
        head();
      }
      cells.forEach((c, i) => this.place(c, offsets[i] + 2, widths[i] - 4, this.y, i > 0));
      this.y += height + 3;
      this.rule();
    }
    this.y += 6;
  }

  private rule(): void {
    this.doc
      .moveTo(MARGIN, this.y)
      .lineTo(PAGE_WIDTH - MARGIN, this.y)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke();
    this.y += 3;
  }

  /** Horizontal bars: per group its label at the start edge, a bar per series growing away from it, its value after it. */
  chart(chart: BarChart, locale: Locale): void {
    const barArea = CONTENT - LABEL_COLUMN - 40;
    const bar = 7;
    const groupGap = 6;
    const number = (value: number): string => (chart.percent ? formatPercent(locale, value) : formatNumber(locale, value));
    // Legend: a swatch and the series' name, one after the other.
    const names = chart.series.map((s) => this.para(s.label, { size: 8, color: MUTED, width: 160 }));
    const legend = Math.max(10, ...names.map((n) => n.height));
    this.room(legend + 40);
    let offset = 0;
    chart.series.forEach((s, i) => {
      this.doc.rect(this.x(offset, 8), this.y + (legend - 8) / 2, 8, 8).fill(s.color);
      this.place(names[i], offset + 12, names[i].width + 2, this.y);
      offset += 12 + names[i].width + 14;
    });
    this.y += legend + 6;
    for (const group of chart.groups) {
      const label = this.para(group.label, { size: 8, width: LABEL_COLUMN - 6 });
      const height = Math.max(label.height, chart.series.length * (bar + 1.5)) + groupGap;
      this.room(height);
      this.place(label, 0, LABEL_COLUMN - 6, this.y);
      chart.series.forEach((s, i) => {
        const value = group.values[i];
        const top = this.y + i * (bar + 1.5);
        const length = value ? Math.max(0.8, (barArea * value) / chart.max) : 0;
        if (length) this.doc.rect(this.x(LABEL_COLUMN, length), top, length, bar).fill(s.color);
        const shown = this.para(value === null ? '—' : number(value), { size: 6.5, color: MUTED, width: 38 });
        this.place(shown, LABEL_COLUMN + length + 2, shown.width + 1, top - 1);
      });
      this.y += height;
    }
    // The axis: the largest value a full bar stands for, under the bars' start and end.
    const axis = this.para(number(chart.max), { size: 6.5, color: MUTED, width: 60 });
    const zero = this.para(number(0), { size: 6.5, color: MUTED, width: 30 });
    this.room(axis.height + 4);
    this.doc
      .moveTo(this.x(LABEL_COLUMN, 0), this.y)
      .lineTo(this.x(LABEL_COLUMN + barArea, 0), this.y)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke();
    this.place(zero, LABEL_COLUMN, zero.width + 1, this.y + 1);
    this.place(axis, LABEL_COLUMN + barArea - axis.width, axis.width + 1, this.y + 1);
    this.y += axis.height + 8;
  }

  /** "Training report · page 2 / 3" at the foot of every page. */
  footers(label: string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      const para = this.para(`${label} · ${i + 1} / ${range.count}`, { size: 7, color: MUTED });
      this.place(para, 0, CONTENT, PAGE_HEIGHT - MARGIN + 10);
    }
  }
}

function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
