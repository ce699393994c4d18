import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';

/**
 * The largest emblem taken, in pixels per side. Its size is read from the PNG's IHDR or the JPEG's frame
 * header before anything is decoded, so that decoding (at most 2048 × 2048 at 8 bits: 16 MB of RGBA, some
 * 100 ms) never holds the event loop for long. A 62 pt emblem printed at 300 dpi needs about 260 pixels.
 */
export const EMBLEM_MAX_SIDE = 2048;

export type UnusableEmblemCode = 'emblem.format' | 'emblem.cmyk' | 'emblem.corrupt' | 'emblem.dimensions' | 'emblem.depth';

/** Thrown for an emblem that cannot go into a PDF/A certificate; `code` names the reason, `params` its figures. */
export class UnusableEmblemError extends Error {
  constructor(
    readonly code: UnusableEmblemCode,
    message: string,
    readonly params: Record<string, number> = {},
  ) {
    super(message);
    this.name = 'UnusableEmblemError';
  }
}

/** An emblem decoded, scaled down and compressed once, ready to be embedded in any number of PDFs. */
export interface PreparedEmblem {
  width: number;
  height: number;
  colorSpace: 'DeviceRGB' | 'DeviceGray';
  filter: 'FlateDecode' | 'DCTDecode';
  data: Buffer;
  /** 8-bit alpha, deflated: a soft mask (PDF/A-2 allows them). */
  alpha?: Buffer;
}

/** A 62 pt emblem printed at 300 dpi needs about 260 pixels; more only makes the PDF heavier. */
const MAX_SIDE = 512;
const CACHE_SIZE = 16;
const cache = new Map<string, PreparedEmblem>();

/** Use on upload: throws UnusableEmblemError for what renderCertificate would refuse. */
export function assertUsableEmblem(image: Buffer): void {
  prepareEmblem(image);
}

export function prepareEmblem(image: Buffer): PreparedEmblem {
  const key = createHash('sha256').update(image).digest('base64');
  let prepared = cache.get(key);
  if (!prepared) {
    prepared = isPng(image) ? preparePng(image) : isJpeg(image) ? prepareJpeg(image) : unsupported();
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, prepared);
  }
  return prepared;
}

/** Draws the emblem centred in the box, keeping its proportions. */
export function drawEmblem(doc: PDFKit.PDFDocument, emblem: PreparedEmblem, box: { x: number; y: number; side: number }): void {
  const scale = Math.min(box.side / emblem.width, box.side / emblem.height);
  const width = emblem.width * scale;
  const height = emblem.height * scale;
  const image = doc.ref({
    Type: 'XObject',
    Subtype: 'Image',
    Width: emblem.width,
    Height: emblem.height,
    BitsPerComponent: 8,
    ColorSpace: emblem.colorSpace,
    Filter: emblem.filter,
    ...(emblem.alpha ? { SMask: softMask(doc, emblem, emblem.alpha) } : {}),
  });
  image.end(emblem.data);
  (doc.page.xobjects as Record<string, PDFKit.PDFKitReference>).Emblem = image;
  doc.save();
  doc.transform(width, 0, 0, -height, box.x + (box.side - width) / 2, box.y + (box.side - height) / 2 + height);
  doc.addContent('/Emblem Do');
  doc.restore();
}

function softMask(doc: PDFKit.PDFDocument, emblem: PreparedEmblem, alpha: Buffer): PDFKit.PDFKitReference {
  const mask = doc.ref({
    Type: 'XObject',
    Subtype: 'Image',
    Width: emblem.width,
    Height: emblem.height,
    BitsPerComponent: 8,
    ColorSpace: 'DeviceGray',
    Filter: 'FlateDecode',
  });
  mask.end(alpha);
  return mask;
}

function unsupported(): never {
  throw new UnusableEmblemError('emblem.format', 'The emblem must be a PNG or a JPEG image');
}

function isPng(image: Buffer): boolean {
  return image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

function isJpeg(image: Buffer): boolean {
  return image[0] === 0xff && image[1] === 0xd8;
}

/** Bit depths each PNG colour type allows (PNG spec, table 11.1). */
const PNG_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Samples per pixel of each colour type (a palette index is one). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

interface PngHeader {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlaced: boolean;
}

function corrupt(message: string): UnusableEmblemError {
  return new UnusableEmblemError('emblem.corrupt', `The emblem is not a readable PNG: ${message}`);
}

function checkSides(width: number, height: number): void {
  if (width > EMBLEM_MAX_SIDE || height > EMBLEM_MAX_SIDE) {
    throw new UnusableEmblemError(
      'emblem.dimensions',
      `The emblem is ${width} × ${height} pixels; at most ${EMBLEM_MAX_SIDE} × ${EMBLEM_MAX_SIDE} are taken`,
      { max: EMBLEM_MAX_SIDE, width, height },
    );
  }
}

/** The PNG's IHDR (which must come first), read and checked before any decoding. */
function pngHeader(image: Buffer): PngHeader {
  if (image.length < 33 || image.readUInt32BE(8) !== 13 || image.toString('latin1', 12, 16) !== 'IHDR') throw corrupt('no IHDR header');
  const width = image.readUInt32BE(16);
  const height = image.readUInt32BE(20);
  const [depth, colorType, compression, filter, interlace] = image.subarray(24, 29);
  if (width === 0 || height === 0) throw corrupt('an empty image');
  checkSides(width, height);
  if (depth === 16) {
    throw new UnusableEmblemError('emblem.depth', 'The emblem is a 16-bit PNG; save it with 8 bits per channel', { depth });
  }
  if (!PNG_DEPTHS[colorType]?.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1) {
    throw corrupt(`an invalid header (colour type ${colorType}, ${depth} bits, interlace ${interlace})`);
  }
  return { width, height, depth, colorType, interlaced: interlace === 1 };
}

/** The size of an image's filtered data once inflated: one filter byte per row, rows of whole bytes (Adam7: per pass). */
function inflatedSize(header: PngHeader): number {
  const bits = header.depth * PNG_CHANNELS[header.colorType];
  const rows = (width: number, height: number): number => (width && height ? height * (Math.ceil((width * bits) / 8) + 1) : 0);
  if (!header.interlaced) return rows(header.width, header.height);
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ];
  return passes.reduce(
    (sum, [x, y, dx, dy]) => sum + rows(Math.max(0, Math.ceil((header.width - x) / dx)), Math.max(0, Math.ceil((header.height - y) / dy))),
    0,
  );
}

/**
 * Inflates the image data with a cap of what the header declares. pngjs caps it itself for plain PNGs but
 * not for interlaced ones: there a 512 kB upload could inflate to half a gigabyte.
 */
function checkImageData(image: Buffer, header: PngHeader): void {
  const parts: Buffer[] = [];
  for (let at = 8; at + 12 <= image.length;) {
    const length = image.readUInt32BE(at);
    const type = image.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > image.length) throw corrupt(`the ${type} chunk is cut off`);
    if (type === 'IDAT') parts.push(image.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  try {
    inflateSync(Buffer.concat(parts), { maxOutputLength: inflatedSize(header) });
  } catch (error) {
    throw corrupt(error instanceof RangeError ? 'more image data than its header declares' : (error as Error).message);
  }
}

function preparePng(image: Buffer): PreparedEmblem {
  const header = pngHeader(image);
  if (header.interlaced) checkImageData(image, header);
  let png: PNG;
  try {
    png = PNG.sync.read(image);
  } catch (error) {
    throw new UnusableEmblemError('emblem.corrupt', `The emblem is not a readable PNG: ${(error as Error).message}`);
  }
  const { width, height, rgba } = downscale(png.width, png.height, png.data);
  const rgb = Buffer.alloc(width * height * 3);
  const alpha = Buffer.alloc(width * height);
  let opaque = true;
  for (let i = 0; i < width * height; i++) {
    rgba.copy(rgb, i * 3, i * 4, i * 4 + 3);
    alpha[i] = rgba[i * 4 + 3];
    opaque &&= alpha[i] === 255;
  }
  return {
    width,
    height,
    colorSpace: 'DeviceRGB',
    filter: 'FlateDecode',
    data: deflateSync(rgb),
    alpha: opaque ? undefined : deflateSync(alpha),
  };
}

/** Box filter by a whole factor, averaging colour weighted by alpha so that edges do not darken. */
function downscale(width: number, height: number, rgba: Buffer): { width: number; height: number; rgba: Buffer } {
  const factor = Math.ceil(Math.max(width, height) / MAX_SIDE);
  if (factor <= 1) return { width, height, rgba };
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  const out = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sum = [0, 0, 0, 0];
      for (let dy = 0; dy < factor; dy++) {
        for (let dx = 0; dx < factor; dx++) {
          const i = ((y * factor + dy) * width + x * factor + dx) * 4;
          const a = rgba[i + 3];
          for (let c = 0; c < 3; c++) sum[c] += rgba[i + c] * a;
          sum[3] += a;
        }
      }
      const o = (y * w + x) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = sum[3] === 0 ? 0 : Math.round(sum[c] / sum[3]);
      out[o + 3] = Math.round(sum[3] / (factor * factor));
    }
  }
  return { width: w, height: h, rgba: out };
}

/** JPEG goes in as it is (DCTDecode); only its frame header is read. CMYK would need a CMYK output intent. */
function prepareJpeg(image: Buffer): PreparedEmblem {
  const frame = jpegFrame(image);
  if (frame.width === 0 || frame.height === 0) throw new UnusableEmblemError('emblem.corrupt', 'The emblem JPEG declares no size');
  checkSides(frame.width, frame.height);
  if (frame.components === 4) {
    throw new UnusableEmblemError('emblem.cmyk', 'The emblem is a CMYK JPEG; PDF/A with an sRGB output intent needs RGB or grey');
  }
  if ((frame.components !== 1 && frame.components !== 3) || frame.precision !== 8) {
    throw new UnusableEmblemError('emblem.format', `The emblem JPEG has ${frame.components} components of ${frame.precision} bits`);
  }
  return {
    width: frame.width,
    height: frame.height,
    colorSpace: frame.components === 1 ? 'DeviceGray' : 'DeviceRGB',
    filter: 'DCTDecode',
    data: image,
  };
}

const START_OF_FRAME = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Markers that stand alone, without a length: TEM and RST0–7. */
const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7]);

/** The frame header (SOFn), found by walking the segments before the scan: each step moves forward, so it is linear. */
function jpegFrame(image: Buffer): { precision: number; width: number; height: number; components: number } {
  let pos = 2;
  while (pos + 9 < image.length) {
    if (image[pos] !== 0xff) break;
    const marker = image[pos + 1];
    if (marker === 0xff) {
      pos++; // a fill byte before a marker
      continue;
    }
    if (STANDALONE.has(marker)) {
      pos += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // the scan (or the end) before any frame header
    const length = image.readUInt16BE(pos + 2);
    if (START_OF_FRAME.has(marker)) {
      return {
        precision: image[pos + 4],
        height: image.readUInt16BE(pos + 5),
        width: image.readUInt16BE(pos + 7),
        components: image[pos + 9],
      };
    }
    pos += 2 + length;
  }
  throw new UnusableEmblemError('emblem.corrupt', 'The emblem JPEG has no frame header');
}
