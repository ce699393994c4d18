/** The main column of the certificate, centred and stacked: emblem, academy, heading, holder, course and details. */
import { type CertificateView } from './certificate-view';
import { type PreparedEmblem, drawEmblem } from './emblem';
import { detailsBlock } from './details-grid';
import { diamond } from './frame';
import { type Block, type Lang, type TextSpec, COLOR, CONTENT, PAGE, langOf, para } from './page-layout';
import { type Box, type Paragraph, drawParagraph } from './typeset';

/** The second language is set this much smaller than the first. */
const SECOND = 0.55;

/** Long texts (and bilingual Urdu above all) make the column smaller, step by step, until it fits. */
const SHRINK_STEP = 0.94;
const SMALLEST_SCALE = 0.4;

export function drawMainColumn(doc: PDFKit.PDFDocument, view: CertificateView, emblem: PreparedEmblem | undefined, bottom: number): void {
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
