import { type Weight } from './fonts';
import { type Direction, type Line, type Scripts, layoutLine, layoutParagraph } from './text-layout';

export interface ParagraphSpec {
  size: number;
  weight: Weight;
  color: string;
  direction: Direction;
  scripts: Scripts;
  maxWidth: number;
  /** Shrink down to this share of `size` to stay on one line before wrapping (names, headings). */
  shrinkTo?: number;
}

export interface Paragraph {
  lines: Line[];
  size: number;
  color: string;
  height: number;
  width: number;
}

export type Align = 'center' | 'start';

const LINE_GAP = 0.12;

export function paragraph(text: string, spec: ParagraphSpec): Paragraph {
  let size = spec.size;
  if (spec.shrinkTo !== undefined) {
    const single = layoutLine(text, { ...spec, size });
    if (single.width > spec.maxWidth) size = Math.max(spec.size * spec.shrinkTo, (size * spec.maxWidth) / single.width);
  }
  const lines = layoutParagraph(text, { ...spec, size }, spec.maxWidth);
  return {
    lines,
    size,
    color: spec.color,
    height: lines.reduce((sum, line) => sum + line.ascent + line.descent, 0) + (lines.length - 1) * LINE_GAP * size,
    width: Math.max(0, ...lines.map((line) => line.width)),
  };
}

/** Box edges in page coordinates; `start` follows the page's direction. */
export interface Box {
  left: number;
  width: number;
  direction: Direction;
}

export function drawParagraph(doc: PDFKit.PDFDocument, para: Paragraph, box: Box, top: number, align: Align): void {
  let y = top;
  doc.fillColor(para.color);
  for (const line of para.lines) {
    drawLine(doc, line, lineStart(line, box, align), y + line.ascent);
    y += line.ascent + line.descent + LINE_GAP * para.size;
  }
}

function lineStart(line: Line, box: Box, align: Align): number {
  if (align === 'center') return box.left + (box.width - line.width) / 2;
  return box.direction === 'rtl' ? box.left + box.width - line.width : box.left;
}

function drawLine(doc: PDFKit.PDFDocument, line: Line, x: number, baseline: number): void {
  let cursor = x;
  for (const run of line.runs) {
    doc.font(run.font).fontSize(run.size);
    doc.text(run.text, cursor, baseline, { lineBreak: false, baseline: 'alphabetic', features: [] });
    cursor += run.width;
  }
}
