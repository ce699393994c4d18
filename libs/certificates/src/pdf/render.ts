import { type PreparedEmblem, UnusableEmblemError, drawEmblem, prepareEmblem } from './emblem';
import { type Weight } from './fonts';
import { createDocument, finish } from './pdf-document';
import { drawQr } from './qr';
import { type Direction, type Scripts, scriptsFor } from './text-layout';
import { type Box, type Paragraph, drawParagraph, paragraph } from './typeset';

export type CertificateLocale = 'en' | 'ru' | 'ka' | 'uk' | 'ur' | 'sw';

/** Everything already translated by the caller: strings ready to print. */
export interface CertificateView {
  locale: CertificateLocale;
  direction: Direction;
  heading: string;
  holderName: string;
  statement: string;
  courseTitle: string;
  /** Cohort, dates, hours, result, course version, serial. */
  details: { label: string; value: string }[];
  academyName: string;
  signatories: { name: string; title: string }[];
  /** PNG or JPEG uploaded by the academy (check it on upload with assertUsableEmblem). */
  emblem?: Buffer;
  verifyLabel: string;
  /** Shown as text beside the QR code. */
  verifyUrl: string;
  /** What the QR code holds and the verify link opens: `${publicUrl}/verify/${code}#${signature}`. */
  qrPayload: string;
  serial: string;
  code: string;
  /** Bilingual certificate: the same texts in a second language, shown smaller under each part. */
  second?: CertificateText;
  metadata: { title: string; author: string; subject: string; keywords?: string };
}

/** The texts of a certificate in one language (the second language of a bilingual one). */
export type CertificateText = Omit<CertificateView, 'second' | 'emblem' | 'qrPayload' | 'verifyUrl' | 'serial' | 'code' | 'metadata'>;

const PAGE = { width: 841.89, height: 595.28 };
const COLOR = { navy: '#1f3a5f', gold: '#a47f3c', ink: '#1c1c1e', muted: '#596170', hairline: '#cdb98f' };
const CONTENT = { left: 64, right: PAGE.width - 64, top: 48, bottom: PAGE.height - 46 };
const QR_SIDE = 86;
const QR_TEXT_WIDTH = 176;
/** The second language is set this much smaller than the first. */
const SECOND = 0.55;

export async function renderCertificate(view: CertificateView): Promise<Buffer> {
  // An emblem stored before today's limits (2048 × 2048, 8 bits) is left out rather than failing the certificate.
  const emblem = view.emblem ? usableEmblem(view.emblem) : undefined;
  const doc = createDocument({ ...view.metadata, lang: view.locale });
  drawFrame(doc);
  const bandTop = drawBottomBand(doc, view);
  drawMainColumn(doc, view, emblem, bandTop - 14);
  return finish(doc);
}

interface Lang {
  direction: Direction;
  scripts: Scripts;
}

function langOf(text: CertificateText): Lang {
  return { direction: text.direction, scripts: scriptsFor(text.locale) };
}

interface TextSpec {
  size: number;
  weight?: Weight;
  color?: string;
  maxWidth: number;
  shrinkTo?: number;
}

function para(text: string, lang: Lang, spec: TextSpec): Paragraph {
  return paragraph(text, { weight: 'regular', color: COLOR.ink, ...spec, ...lang });
}

// ---------------------------------------------------------------- frame

function drawFrame(doc: PDFKit.PDFDocument): void {
  doc.save();
  doc
    .lineWidth(2.4)
    .strokeColor(COLOR.navy)
    .rect(18, 18, PAGE.width - 36, PAGE.height - 36)
    .stroke();
  doc
    .lineWidth(0.8)
    .strokeColor(COLOR.gold)
    .rect(25, 25, PAGE.width - 50, PAGE.height - 50)
    .stroke();
  doc
    .lineWidth(0.4)
    .strokeColor(COLOR.gold)
    .rect(29, 29, PAGE.width - 58, PAGE.height - 58)
    .stroke();
  for (const [x, y] of [
    [25, 25],
    [PAGE.width - 25, 25],
    [25, PAGE.height - 25],
    [PAGE.width - 25, PAGE.height - 25],
  ]) {
    diamond(doc, x, y, 6);
  }
  doc.restore();
}

function diamond(doc: PDFKit.PDFDocument, x: number, y: number, radius: number): void {
  doc
    .moveTo(x, y - radius)
    .lineTo(x + radius, y)
    .lineTo(x, y + radius)
    .lineTo(x - radius, y)
    .closePath()
    .fillColor(COLOR.gold)
    .fill();
}

// ---------------------------------------------------------------- main column

/** Something stacked in the main column, with the space it wants above it. */
interface Block {
  height: number;
  gap: number;
  draw(top: number): void;
}

/** Long texts (and bilingual Urdu above all) make the column smaller, step by step, until it fits. */
const SHRINK_STEP = 0.94;
const SMALLEST_SCALE = 0.4;

function drawMainColumn(doc: PDFKit.PDFDocument, view: CertificateView, emblem: PreparedEmblem | undefined, bottom: number): void {
  const available = bottom - CONTENT.top;
  let scale = 1;
  let blocks = mainBlocks(doc, view, emblem, scale);
  while (stackHeight(blocks) > available && scale * SHRINK_STEP >= SMALLEST_SCALE) {
    scale *= SHRINK_STEP;
    blocks = mainBlocks(doc, view, emblem, scale);
  }
  // Spare room goes into the gaps, so that the column fills the page evenly rather than floating.
  const spare = Math.max(0, available - stackHeight(blocks));
  const stretch = Math.min(spare / (blocks.length + 1), 10);
  let top = CONTENT.top + (spare - stretch * (blocks.length - 1)) / 2;
  blocks.forEach((block, i) => {
    if (i > 0) top += block.gap + stretch;
    block.draw(top);
    top += block.height;
  });
}

function stackHeight(blocks: Block[]): number {
  return blocks.reduce((sum, block, i) => sum + block.height + (i > 0 ? block.gap : 0), 0);
}

function mainBlocks(doc: PDFKit.PDFDocument, view: CertificateView, emblem: PreparedEmblem | undefined, scale: number): Block[] {
  const first = langOf(view);
  const second = view.second;
  const secondLang = second ? langOf(second) : first;
  const width = CONTENT.right - CONTENT.left;
  const box: Box = { left: CONTENT.left, width, direction: view.direction };
  const s = (size: number): number => size * scale;
  const text = (value: string, lang: Lang, spec: TextSpec, gap: number): Block => textBlock(doc, para(value, lang, spec), box, gap);
  const pair = (primary: string, secondary: string | undefined, spec: TextSpec, gap: number, secondGap: number): Block[] => {
    const blocks = [text(primary, first, spec, gap)];
    if (secondary !== undefined && secondary !== primary) {
      const smaller = { ...spec, size: Math.max(spec.size * SECOND, 7.5), weight: 'regular' as const };
      blocks.push(text(secondary, secondLang, smaller, secondGap));
    }
    return blocks;
  };

  const blocks: Block[] = [];
  if (emblem) blocks.push(emblemBlock(doc, emblem, s(62)));
  blocks.push(...pair(view.academyName, second?.academyName, { size: s(13), color: COLOR.navy, maxWidth: 560 }, s(8), s(2)));
  blocks.push(
    ...pair(view.heading, second?.heading, { size: s(31), weight: 'bold', color: COLOR.navy, maxWidth: 640, shrinkTo: 0.75 }, s(12), s(2)),
  );
  blocks.push(ruleBlock(doc, s(12)));
  blocks.push(...pair(view.holderName, second?.holderName, { size: s(29), weight: 'bold', maxWidth: 640, shrinkTo: 0.7 }, s(12), s(2)));
  blocks.push(...pair(view.statement, second?.statement, { size: s(13), color: COLOR.muted, maxWidth: 600 }, s(8), s(1)));
  blocks.push(
    ...pair(view.courseTitle, second?.courseTitle, { size: s(19), weight: 'bold', color: COLOR.navy, maxWidth: 620 }, s(6), s(2)),
  );
  if (view.details.length > 0) blocks.push(detailsBlock(doc, view, scale));
  return blocks;
}

function textBlock(doc: PDFKit.PDFDocument, value: Paragraph, box: Box, gap: number): Block {
  return { height: value.height, gap, draw: (top) => drawParagraph(doc, value, box, top, 'center') };
}

function emblemBlock(doc: PDFKit.PDFDocument, emblem: PreparedEmblem, side: number): Block {
  return { height: side, gap: 0, draw: (top) => drawEmblem(doc, emblem, { x: (PAGE.width - side) / 2, y: top, side }) };
}

function ruleBlock(doc: PDFKit.PDFDocument, gap: number): Block {
  const half = 90;
  return {
    height: 8,
    gap,
    draw: (top) => {
      const y = top + 4;
      const centre = PAGE.width / 2;
      doc.save();
      doc.lineWidth(0.7).strokeColor(COLOR.gold);
      doc
        .moveTo(centre - half, y)
        .lineTo(centre - 9, y)
        .stroke();
      doc
        .moveTo(centre + 9, y)
        .lineTo(centre + half, y)
        .stroke();
      diamond(doc, centre, y, 3.5);
      doc.restore();
    },
  };
}

// ---------------------------------------------------------------- details

/** A detail's label, value and (bilingual) second value: slots aligned on one baseline across a row. */
type Cell = (Paragraph | undefined)[];

const SLOT_GAP = 2;

function detailsBlock(doc: PDFKit.PDFDocument, view: CertificateView, scale: number): Block {
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

// ---------------------------------------------------------------- bottom band: QR and signatures

/** Draws the QR block (in the corner where the reading starts) and the signatures; returns the band's top. */
function drawBottomBand(doc: PDFKit.PDFDocument, view: CertificateView): number {
  const rtl = view.direction === 'rtl';
  const qrLeft = rtl ? CONTENT.right - QR_SIDE : CONTENT.left;
  const qrTop = CONTENT.bottom - QR_SIDE;
  drawQr(doc, view.qrPayload, qrLeft, qrTop, QR_SIDE, COLOR.ink);
  const textBox: Box = { left: rtl ? qrLeft - 6 - QR_TEXT_WIDTH : qrLeft + QR_SIDE + 6, width: QR_TEXT_WIDTH, direction: view.direction };
  const textTop = drawVerifyText(doc, view, textBox, qrTop + QR_SIDE / 12);

  const reserved = QR_SIDE + 6 + QR_TEXT_WIDTH + 24;
  const area: Box = {
    left: rtl ? CONTENT.left : CONTENT.left + reserved,
    width: CONTENT.right - CONTENT.left - reserved,
    direction: view.direction,
  };
  const signaturesTop = drawSignatures(doc, view, area);
  return Math.min(qrTop, textTop, signaturesTop);
}

/** Label, URL and code beside the QR code, from its top down (or higher, if long); returns the top used. */
function drawVerifyText(doc: PDFKit.PDFDocument, view: CertificateView, box: Box, preferredTop: number): number {
  const lang = langOf(view);
  const latin: Lang = { direction: 'ltr', scripts: scriptsFor('en') };
  const parts = [para(view.verifyLabel, lang, { size: 8.5, color: COLOR.muted, maxWidth: box.width })];
  if (view.second && view.second.verifyLabel !== view.verifyLabel) {
    parts.push(para(view.second.verifyLabel, langOf(view.second), { size: 7, color: COLOR.muted, maxWidth: box.width }));
  }
  const url = urlParagraph(view.verifyUrl, latin, box.width);
  parts.push(url);
  parts.push(para(view.code, latin, { size: 11, weight: 'bold', color: COLOR.ink, maxWidth: box.width, shrinkTo: 0.7 }));

  const gap = 3;
  const height = parts.reduce((sum, part) => sum + part.height, 0) + gap * (parts.length - 1);
  const top = Math.min(preferredTop, CONTENT.bottom - height);
  let y = top;
  for (const part of parts) {
    drawParagraph(doc, part, box, y, 'start');
    if (part === url) {
      const left = box.direction === 'rtl' ? box.left + box.width - url.width : box.left;
      doc.link(left, y, url.width, url.height, view.qrPayload);
    }
    y += part.height + gap;
  }
  return top;
}

/** URLs have no spaces to wrap at: shrink a little, then break after a slash. */
function urlParagraph(url: string, lang: Lang, maxWidth: number): Paragraph {
  const spec = { size: 8.5, color: COLOR.navy, maxWidth, shrinkTo: 0.85 };
  const whole = para(url, lang, spec);
  if (whole.width <= maxWidth) return whole;
  return para(url.replace(/\/(?=[^/]+$)/, '/ '), lang, { ...spec, shrinkTo: undefined });
}

function drawSignatures(doc: PDFKit.PDFDocument, view: CertificateView, area: Box): number {
  const count = view.signatories.length;
  if (count === 0) return CONTENT.bottom;
  const slot = area.width / count;
  const lineWidth = Math.min(slot - 28, 190);
  const stacks = view.signatories.map((signatory, i) => signatureStack(view, i, slot - 12));
  const stackHeight = Math.max(...stacks.map((stack) => stack.reduce((sum, part) => sum + part.height + 2, 0)));
  const lineY = CONTENT.bottom - stackHeight - 6;
  stacks.forEach((stack, i) => {
    const column = view.direction === 'rtl' ? count - 1 - i : i;
    const box: Box = { left: area.left + column * slot, width: slot, direction: view.direction };
    const centre = box.left + slot / 2;
    doc
      .save()
      .lineWidth(0.6)
      .strokeColor(COLOR.ink)
      .moveTo(centre - lineWidth / 2, lineY)
      .lineTo(centre + lineWidth / 2, lineY)
      .stroke()
      .restore();
    let y = lineY + 6;
    for (const part of stack) {
      drawParagraph(doc, part, box, y, 'center');
      y += part.height + 2;
    }
  });
  // Room above the line for a stamp or a handwritten signature on a printed copy.
  return lineY - 26;
}

function signatureStack(view: CertificateView, i: number, width: number): Paragraph[] {
  const lang = langOf(view);
  const { name, title } = view.signatories[i];
  const stack = [
    para(name, lang, { size: 10.5, weight: 'bold', maxWidth: width, shrinkTo: 0.8 }),
    para(title, lang, { size: 8.5, color: COLOR.muted, maxWidth: width }),
  ];
  const other = view.second?.signatories[i];
  if (view.second && other && (other.name !== name || other.title !== title)) {
    // One line for the second language: its spelling of the name, if it differs, and the title.
    const line = other.name !== name ? `${other.name}, ${other.title}` : other.title;
    stack.push(para(line, langOf(view.second), { size: 7.5, color: COLOR.muted, maxWidth: width }));
  }
  return stack;
}

function usableEmblem(image: Buffer): PreparedEmblem | undefined {
  try {
    return prepareEmblem(image);
  } catch (error) {
    if (error instanceof UnusableEmblemError) return undefined;
    throw error;
  }
}
