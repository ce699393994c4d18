import zlib, { crc32, deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { EMBLEM_MAX_SIDE, UnusableEmblemError, assertUsableEmblem, prepareEmblem } from './emblem';
import { encodePng, sampleEmblem } from '../../../../test/support/sample-certificates';

const png = (width: number, height: number, alpha: number): Buffer => encodePng(width, height, () => [31, 58, 95, alpha]);

/** Just the markers prepareEmblem reads: SOI, then a baseline frame header. */
function jpegHeader(components: number): Buffer {
  return Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20, components, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
}

function reason(image: Buffer): string | undefined {
  try {
    assertUsableEmblem(image);
    return undefined;
  } catch (error) {
    return error instanceof UnusableEmblemError ? error.code : 'other';
  }
}

describe('prepareEmblem', () => {
  it('keeps the transparency of a PNG as a soft mask', () => {
    const emblem = prepareEmblem(sampleEmblem());
    expect(emblem).toMatchObject({ width: 256, height: 256, colorSpace: 'DeviceRGB', filter: 'FlateDecode' });
    expect(emblem.alpha).toBeDefined();
  });

  it('leaves out the mask of an opaque PNG', () => {
    expect(prepareEmblem(png(8, 8, 255)).alpha).toBeUndefined();
  });

  it('scales a large upload down to at most 512 pixels', () => {
    const emblem = prepareEmblem(png(1200, 800, 200));
    expect(Math.max(emblem.width, emblem.height)).toBeLessThanOrEqual(512);
    expect(emblem.width / emblem.height).toBeCloseTo(1.5, 1);
  });

  it('passes a JPEG through as it is', () => {
    expect(prepareEmblem(jpegHeader(3))).toMatchObject({ width: 32, height: 16, colorSpace: 'DeviceRGB', filter: 'DCTDecode' });
    expect(prepareEmblem(jpegHeader(1)).colorSpace).toBe('DeviceGray');
  });

  it('refuses what a PDF/A certificate cannot hold', () => {
    expect(reason(jpegHeader(4))).toBe('emblem.cmyk');
    expect(reason(Buffer.from('GIF89a'))).toBe('emblem.format');
    expect(reason(png(4, 4, 255).subarray(0, 40))).toBe('emblem.corrupt');
    expect(reason(png(4, 4, 255))).toBeUndefined();
  });
});

// ---- Bounded decoding: the header is read before anything is decoded ---------------------------------------

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG written byte by byte: any size, depth, colour type and interlacing, rows of 0x55 (filter 0), `extra` bytes of data after them. */
function pngFile(o: { width: number; height: number; depth?: number; colorType?: number; interlace?: number; extra?: number }): Buffer {
  const { width, height, depth = 8, colorType = 6, interlace = 0, extra = 0 } = o;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colorType;
  ihdr[12] = interlace;
  const rowBytes = (w: number): number => Math.ceil((w * depth * CHANNELS[colorType]) / 8);
  const passes = interlace
    ? ADAM7.map(([x, y, dx, dy]) => [Math.ceil(Math.max(0, width - x) / dx), Math.ceil(Math.max(0, height - y) / dy)])
    : [[width, height]];
  const size = passes.reduce((sum, [w, h]) => sum + (w > 0 ? h * (1 + rowBytes(w)) : 0), 0);
  const data = Buffer.alloc(size + extra, 0x55);
  data.fill(0, size);
  let at = 0;
  for (const [w, h] of passes) {
    for (let y = 0; y < h && w > 0; y++) {
      data[at] = 0; // filter type None
      at += 1 + rowBytes(w);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(colorType === 3 ? [chunk('PLTE', Buffer.alloc(3 << depth, 0x40))] : []),
    chunk('IDAT', deflateSync(data, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The signature and IHDR of a PNG, nothing more. */
function pngHeader(width: number, height: number, depth: number, colorType: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colorType;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)]);
}

/** A JPEG's markers up to its frame header (SOF0), after an APP0 segment and fill bytes. */
function jpegOf(width: number, height: number, before: number[] = []): Buffer {
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  return Buffer.from([0xff, 0xd8, ...app0, ...before, 0xff, 0xff, ...sof]);
}

/**
 * The reason, and what it cost: whether the image was decoded (pngjs) and the output cap of every inflate.
 * Counted, not timed: a timing bound fails on a loaded machine and says nothing on a fast one.
 */
function watchedReason(image: Buffer): { reason: string | undefined; decoded: number; inflateCaps: (number | undefined)[] } {
  const inflate = jest.spyOn(zlib, 'inflateSync');
  const decode = jest.spyOn(PNG.sync, 'read');
  try {
    const result = reason(image);
    return {
      reason: result,
      decoded: decode.mock.calls.length,
      inflateCaps: inflate.mock.calls.map((call) => call[1]?.maxOutputLength),
    };
  } finally {
    inflate.mockRestore();
    decode.mockRestore();
  }
}

describe('prepareEmblem on large or hostile images', () => {
  it(`takes PNGs up to ${EMBLEM_MAX_SIDE} × ${EMBLEM_MAX_SIDE}, scaled down`, () => {
    const emblem = prepareEmblem(pngFile({ width: EMBLEM_MAX_SIDE, height: EMBLEM_MAX_SIDE }));
    expect(emblem).toMatchObject({ width: 512, height: 512 });
  });

  it('refuses a larger PNG from its header, before decoding it', () => {
    // A real, decodable 4096 × 4096 image (75 kB): it used to be decoded whole, for about a second.
    const huge = watchedReason(pngFile({ width: 4096, height: 4096 }));
    expect(huge.reason).toBe('emblem.dimensions');
    // Nothing was inflated or decoded: the header alone decided.
    expect(huge).toMatchObject({ decoded: 0, inflateCaps: [] });
    expect(reason(pngFile({ width: EMBLEM_MAX_SIDE + 1, height: 1 }))).toBe('emblem.dimensions');
    expect(reason(pngFile({ width: 1, height: EMBLEM_MAX_SIDE + 1 }))).toBe('emblem.dimensions');
    // Only the header: the size is known without any image data.
    const header = pngHeader(8000, 8000, 8, 6);
    expect(reason(header)).toBe('emblem.dimensions');
    try {
      assertUsableEmblem(header);
    } catch (error) {
      expect((error as UnusableEmblemError).params).toEqual({ max: EMBLEM_MAX_SIDE, width: 8000, height: 8000 });
    }
  });

  it('refuses 16-bit PNGs from their header', () => {
    expect(reason(pngFile({ width: 4, height: 4, depth: 16, colorType: 6 }))).toBe('emblem.depth');
    expect(reason(pngFile({ width: 4, height: 4, depth: 16, colorType: 0 }))).toBe('emblem.depth');
    expect(reason(pngHeader(2048, 2048, 16, 2))).toBe('emblem.depth');
  });

  it('refuses headers no PNG has', () => {
    expect(reason(pngFile({ width: 0, height: 4 }))).toBe('emblem.corrupt');
    expect(reason(pngFile({ width: 4, height: 4, depth: 4, colorType: 6 }))).toBe('emblem.corrupt');
    expect(reason(pngFile({ width: 4, height: 4, interlace: 2 }))).toBe('emblem.corrupt');
  });

  it('decodes interlaced PNGs of every colour type and depth', () => {
    for (const [colorType, depth] of [
      [6, 8],
      [2, 8],
      [4, 8],
      [0, 1],
      [0, 4],
      [3, 1],
      [3, 2],
      [3, 8],
    ]) {
      for (const [width, height] of [
        [1, 1],
        [5, 3],
        [13, 17],
        [300, 2],
      ]) {
        expect([colorType, depth, width, height, reason(pngFile({ width, height, depth, colorType, interlace: 1 }))]).toEqual([
          colorType,
          depth,
          width,
          height,
          undefined,
        ]);
      }
    }
  });

  it('refuses an interlaced PNG whose data inflates to more than its header declares, without inflating it all', () => {
    // 120 MB of zeros after a 64 × 64 image deflate to some 120 kB: pngjs inflated all of them (0.3 s and 120 MB at least).
    const bomb = pngFile({ width: 64, height: 64, interlace: 1, extra: 120 * 1024 * 1024 });
    expect(bomb.length).toBeLessThan(512 * 1024);
    const watched = watchedReason(bomb);
    expect(watched.reason).toBe('emblem.corrupt');
    // One inflate, capped at what a 64 × 64 RGBA interlaced image can hold (about 16.5 kB), and no decode.
    expect(watched.decoded).toBe(0);
    expect(watched.inflateCaps).toHaveLength(1);
    expect(watched.inflateCaps[0]).toBeGreaterThan(64 * 64 * 4);
    expect(watched.inflateCaps[0]).toBeLessThan(64 * 64 * 4 + 1024);
  });

  it('reads a JPEG’s size from its frame header and refuses one too large', () => {
    expect(prepareEmblem(jpegOf(2048, 1024))).toMatchObject({ width: 2048, height: 1024, filter: 'DCTDecode' });
    expect(prepareEmblem(jpegOf(40, 30, [0xff, 0xd0]))).toMatchObject({ width: 40, height: 30 });
    expect(reason(jpegOf(4000, 3000))).toBe('emblem.dimensions');
    expect(reason(jpegOf(100, 0))).toBe('emblem.corrupt');
    // The scan before any frame header: nothing to read the size from.
    expect(reason(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0, 0xff, 0xd9, 0, 0]))).toBe('emblem.corrupt');
  });
});
