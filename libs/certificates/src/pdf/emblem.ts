import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';

/** Thrown for an emblem that cannot go into a PDF/A certificate; `code` names the reason. */
export class UnusableEmblemError extends Error {
  constructor(
    readonly code: 'emblem.format' | 'emblem.cmyk' | 'emblem.corrupt',
    message: string,
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

function preparePng(image: Buffer): PreparedEmblem {
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

function jpegFrame(image: Buffer): { precision: number; width: number; height: number; components: number } {
  let pos = 2;
  while (pos + 9 < image.length) {
    if (image[pos] !== 0xff) break;
    const marker = image[pos + 1];
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
