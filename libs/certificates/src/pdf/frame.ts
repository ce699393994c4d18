import { COLOR, PAGE } from './page-layout';

/** The double border of the page, with a diamond at each corner. */
export function drawFrame(doc: PDFKit.PDFDocument): void {
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

export function diamond(doc: PDFKit.PDFDocument, x: number, y: number, radius: number): void {
  doc
    .moveTo(x, y - radius)
    .lineTo(x + radius, y)
    .lineTo(x, y + radius)
    .lineTo(x - radius, y)
    .closePath()
    .fillColor(COLOR.gold)
    .fill();
}
