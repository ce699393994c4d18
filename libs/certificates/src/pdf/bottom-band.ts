/** The bottom band of the certificate: the QR code with the verify link and code, and the signatures. */
import { type CertificateView } from './certificate-view';
import { type Lang, COLOR, CONTENT, langOf, para } from './page-layout';
import { drawQr } from './qr';
import { scriptsFor } from './text-layout';
import { type Box, type Paragraph, drawParagraph } from './typeset';

const QR_SIDE = 86;
const QR_TEXT_WIDTH = 176;

/** Draws the QR block (in the corner where the reading starts) and the signatures; returns the band's top. */
export function drawBottomBand(doc: PDFKit.PDFDocument, view: CertificateView): number {
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
