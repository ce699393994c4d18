import type { Font } from 'fontkit';

/**
 * Two changes to fontkit 2.0.4 internals (pinned in package.json; the unit tests fail if either stops applying).
 *
 * 1. It crashes ("Cannot read properties of null (reading 'xCoordinate')") on GPOS mark-attachment
 *    lookups whose anchor offset is NULL, which the OpenType spec allows and Noto Nastaliq Urdu has:
 *    "ناز" cannot be shaped. Reported as foliojs/fontkit#367, fixed by the still-open PR #374. Until a
 *    release has it, such a lookup is skipped as HarfBuzz does (MarkArray::apply returns false, so
 *    that a later subtable may still apply).
 * 2. pdfkit's font subsetting decodes every glyph's outline again in every document only to see
 *    whether it is composite; the decoded outline of a static font never changes, so it is kept.
 *
 * fontkit exports neither class, so their prototypes are reached through a font's objects.
 */
export function patchFontkit(font: Font): void {
  skipNullGposAnchors(font);
  keepDecodedGlyphs(font);
}

class NullAnchor extends Error {}
/** Thrown from applyAnchor to leave the lookup it is in; one instance, as it never escapes. */
const NO_ANCHOR = new NullAnchor('null GPOS anchor');

interface Anchor {
  xCoordinate: number;
  yCoordinate: number;
}

interface GposProcessor {
  applyAnchor: (this: GposProcessor, markRecord: { markAnchor: Anchor | null }, baseAnchor: Anchor | null, baseGlyphIndex: number) => void;
  applyLookup: (this: GposProcessor, lookupType: number, table: unknown) => boolean;
  __skipsNullAnchors?: true;
}

function skipNullGposAnchors(font: Font): void {
  const engine = (font as unknown as { _layoutEngine?: { engine?: { GPOSProcessor?: GposProcessor | null } } })._layoutEngine?.engine;
  const processor = engine?.GPOSProcessor;
  if (!processor) return;
  const prototype = Object.getPrototypeOf(processor) as GposProcessor;
  if (prototype.__skipsNullAnchors) return;
  if (typeof prototype.applyAnchor !== 'function' || typeof prototype.applyLookup !== 'function') {
    throw new Error('fontkit internals changed: review fontkit-patches.ts');
  }
  const { applyAnchor, applyLookup } = prototype;
  prototype.applyAnchor = function (markRecord, baseAnchor, baseGlyphIndex) {
    if (!baseAnchor || !markRecord.markAnchor) throw NO_ANCHOR;
    applyAnchor.call(this, markRecord, baseAnchor, baseGlyphIndex);
  };
  prototype.applyLookup = function (lookupType, table) {
    try {
      return applyLookup.call(this, lookupType, table);
    } catch (error) {
      if (error === NO_ANCHOR) return false;
      throw error;
    }
  };
  prototype.__skipsNullAnchors = true;
}

interface TtfGlyph {
  _font: { _variationProcessor?: unknown };
  _decode: (this: TtfGlyph) => unknown;
  __decoded?: unknown;
  __keepsDecoded?: true;
}

function keepDecodedGlyphs(font: Font): void {
  const prototype = Object.getPrototypeOf(font.getGlyph(0)) as TtfGlyph;
  if (prototype.__keepsDecoded) return;
  if (typeof prototype._decode !== 'function') throw new Error('fontkit internals changed: review fontkit-patches.ts');
  const decode = prototype._decode;
  prototype._decode = function () {
    // A variable font's outlines depend on the variation: those are decoded every time, as before.
    if (this._font._variationProcessor) return decode.call(this);
    if (!Object.prototype.hasOwnProperty.call(this, '__decoded')) this.__decoded = decode.call(this);
    return this.__decoded;
  };
  prototype.__keepsDecoded = true;
}
