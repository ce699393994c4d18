/** The details of a certificate (cohort, dates, hours, result, serial) in a grid between two hairlines. */
import { type CertificateView } from './certificate-view';
import { type Block, COLOR, CONTENT, PAGE, langOf, para } from './page-layout';
import { type Box, type Paragraph, drawParagraph } from './typeset';

/** A detail's label, value and (bilingual) second value: slots aligned on one baseline across a row. */
type Cell = (Paragraph | undefined)[];

const SLOT_GAP = 2;

export function detailsBlock(doc: PDFKit.PDFDocument, view: CertificateView, scale: number): Block {
  const columns = columnCount(view.details.length);
  const gridWidth = Math.min(CONTENT.right - CONTENT.left, columns * 200);
  const cellWidth = gridWidth / columns;
  const cells = view.details.map((_, i) => detailCell(view, i, cellWidth - 16, scale));
  const rows: Row[] = [];
  for (let i = 0; i < cells.length; i += columns) rows.push(rowOf(cells.slice(i, i + columns)));
  const rowGap = 8 * scale;
  const padding = 7 * scale;
  const height = rows.reduce((sum, row) => sum + row.height, 0) + rowGap * (rows.length - 1) + 2 * padding;
  const gridLeft = (PAGE.width - gridWidth) / 2;

  return {
    height,
    gap: 16 * scale,
    draw: (top) => {
      hairline(doc, gridLeft, gridLeft + gridWidth, top);
      hairline(doc, gridLeft, gridLeft + gridWidth, top + height);
      let y = top + padding;
      for (const row of rows) {
        row.cells.forEach((cell, c) => {
          const column = view.direction === 'rtl' ? columns - 1 - c : c;
          drawCell(doc, row, cell, { left: gridLeft + column * cellWidth, width: cellWidth, direction: view.direction }, y);
        });
        y += row.height + rowGap;
      }
    },
  };
}

function columnCount(items: number): number {
  if (items <= 4) return items;
  return items <= 6 ? 3 : 4;
}

function detailCell(view: CertificateView, i: number, width: number, scale: number): Cell {
  const first = langOf(view);
  const { label, value } = view.details[i];
  const other = view.second?.details[i];
  const size = (preferred: number, least: number): number => Math.max(preferred * scale, least);
  // Both labels share a line ("Cohort · Поток"); the values, longer, each get their own.
  const labels = other && other.label !== label ? `${label} · ${other.label}` : label;
  return [
    para(labels, first, { size: size(8.5, 7), color: COLOR.muted, maxWidth: width }),
    para(value, first, { size: size(11, 8.5), weight: 'bold', maxWidth: width }),
    view.second && other && other.value !== value
      ? para(other.value, langOf(view.second), { size: size(8, 6.5), maxWidth: width })
      : undefined,
  ];
}

interface Row {
  cells: Cell[];
  /** Per slot: the tallest first-line ascent in the row (the shared baseline) and the slot's top. */
  ascents: number[];
  tops: number[];
  height: number;
}

function rowOf(cells: Cell[]): Row {
  const slots = Math.max(...cells.map((cell) => cell.length));
  const ascents: number[] = [];
  const tops: number[] = [];
  let y = 0;
  for (let k = 0; k < slots; k++) {
    const parts = cells.map((cell) => cell[k]).filter((part): part is Paragraph => part !== undefined && part.lines.length > 0);
    if (parts.length === 0) {
      ascents.push(0);
      tops.push(y);
      continue;
    }
    const ascent = Math.max(...parts.map((part) => part.lines[0].ascent));
    const below = Math.max(...parts.map((part) => part.height - part.lines[0].ascent));
    if (k > 0) y += SLOT_GAP;
    ascents.push(ascent);
    tops.push(y);
    y += ascent + below;
  }
  return { cells, ascents, tops, height: y };
}

function drawCell(doc: PDFKit.PDFDocument, row: Row, cell: Cell, box: Box, top: number): void {
  cell.forEach((part, k) => {
    if (!part || part.lines.length === 0) return;
    drawParagraph(doc, part, box, top + row.tops[k] + row.ascents[k] - part.lines[0].ascent, 'center');
  });
}

function hairline(doc: PDFKit.PDFDocument, from: number, to: number, y: number): void {
  doc.save().lineWidth(0.5).strokeColor(COLOR.hairline).moveTo(from, y).lineTo(to, y).stroke().restore();
}
