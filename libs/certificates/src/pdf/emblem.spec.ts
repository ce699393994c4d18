import { UnusableEmblemError, assertUsableEmblem, prepareEmblem } from './emblem';
import { encodePng, sampleEmblem } from './sample-certificates';

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
