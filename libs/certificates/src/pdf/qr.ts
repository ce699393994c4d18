import { create } from 'qrcode';

/** Dark modules of a QR symbol as horizontal bars: [row, firstColumn, length], in module units. */
export interface QrMatrix {
  size: number;
  bars: [number, number, number][];
}

export function qrMatrix(payload: string): QrMatrix {
  const { modules } = create(payload, { errorCorrectionLevel: 'M' });
  const bars: [number, number, number][] = [];
  for (let row = 0; row < modules.size; row++) {
    let column = 0;
    while (column < modules.size) {
      if (!modules.get(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < modules.size && modules.get(row, column)) column++;
      bars.push([row, start, column - start]);
    }
  }
  return { size: modules.size, bars };
}

/**
 * Draws the symbol as vector rectangles, filling `side` points from (x, y) including the quiet
 * zone of four modules that scanners need.
 */
export function drawQr(doc: PDFKit.PDFDocument, payload: string, x: number, y: number, side: number, color: string): void {
  const { size, bars } = qrMatrix(payload);
  const module = side / (size + 8);
  const origin = { x: x + 4 * module, y: y + 4 * module };
  doc.save();
  for (const [row, column, length] of bars) {
    // A hair of overlap so that no seam shows between neighbouring rows when rasterised.
    doc.rect(origin.x + column * module, origin.y + row * module, length * module, module + 0.01);
  }
  doc.fillColor(color).fill();
  doc.restore();
}
