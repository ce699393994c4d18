/**
 * Writes the web fonts of the pages: `libs/web/assets/fonts/*.woff2`, subsets per script of the Noto fonts that npm
 * installs (issue 17 point 5: no page over 150 kB on a first load). The full TrueType files stay for the certificates'
 * PDF (`libs/certificates/src/pdf/fonts.ts`) and for old page URLs (`/fonts/*.ttf`).
 *
 * Run after upgrading a font package or adding a symbol outside these ranges: `npm run fonts`. The layout
 * (`apps/server/views/layouts/main.hbs`) declares each file with the `unicode-range` printed here, and only for the
 * pages whose language needs it: Latin for every page but Urdu's, Cyrillic for Russian and Ukrainian, Georgian for
 * Georgian, Nastaliq for Urdu. The Nastaliq subset keeps every layout feature (its joining and stacking live in GSUB
 * and GPOS), the regular weight only: the bold file would double an Urdu page's weight, and browsers embolden it.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from '@probity/i18n';

// subset-font (hb-subset of HarfBuzz in WebAssembly, then WOFF2) ships no types: its one function as its README has it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const subsetFont = require('subset-font') as (font: Buffer, text: string, options: { targetFormat: 'woff2' }) => Promise<Buffer>;

type Range = [number, number];

interface Subset {
  file: string;
  source: [string, string];
  /** What the `@font-face` rule claims (`unicode-range`); the file holds all of it, but for Urdu (below). */
  ranges: Range[];
}

const r = (from: number, to = from): Range => [from, to];

const NOTO_SANS_400: [string, string] = ['@expo-google-fonts/noto-sans', '400Regular/NotoSans_400Regular.ttf'];
const NOTO_SANS_700: [string, string] = ['@expo-google-fonts/noto-sans', '700Bold/NotoSans_700Bold.ttf'];
const GEORGIAN_400: [string, string] = ['@expo-google-fonts/noto-sans-georgian', '400Regular/NotoSansGeorgian_400Regular.ttf'];
const GEORGIAN_700: [string, string] = ['@expo-google-fonts/noto-sans-georgian', '700Bold/NotoSansGeorgian_700Bold.ttf'];
const NASTALIQ_400: [string, string] = ['@expo-google-fonts/noto-nastaliq-urdu', '400Regular/NotoNastaliqUrdu_400Regular.ttf'];

/** Basic Latin, Latin-1, general punctuation and the few symbols the pages use (arrows, minus, euro). */
const LATIN: Range[] = [
  r(0x20, 0x7e),
  r(0xa0, 0xff),
  r(0x131),
  r(0x152, 0x153),
  r(0x2bb, 0x2bc),
  r(0x2c6),
  r(0x2da),
  r(0x2dc),
  r(0x2000, 0x206f),
  r(0x20ac),
  r(0x2122),
  r(0x2190, 0x2193),
  r(0x2212),
  r(0x2215),
  r(0xfeff),
  r(0xfffd),
];
/**
 * Latin Extended-A and Romanian's comma letters: the names of Europe (Kazlauskienė, Łukasz, Şahin); downloaded only by a
 * page that shows one. Rarer Latin (Extended-B, Vietnamese) comes from the system's fonts.
 */
const LATIN_EXT: Range[] = [r(0x100, 0x130), r(0x132, 0x151), r(0x154, 0x17f), r(0x218, 0x21b), r(0x1e9e)];
/** Russian, Ukrainian and the Cyrillic of Central Asia (Kyrgyz, Kazakh: ң ө ү қ), the hryvnia and the numero signs. */
const CYRILLIC: Range[] = [r(0x301), r(0x400, 0x45f), r(0x490, 0x4ff), r(0x20b4), r(0x2116)];
const GEORGIAN: Range[] = [r(0x10a0, 0x10ff), r(0x1c90, 0x1cbf), r(0x2d00, 0x2d2f)];
/** The Arabic-script blocks the Urdu face answers for; the file holds the Urdu alphabet of them (below). */
const ARABIC: Range[] = [r(0x600, 0x6ff), r(0x750, 0x77f), r(0xfb50, 0xfdff), r(0xfe70, 0xfeff), r(0x200c, 0x200f)];
/** Urdu's letters, vowel marks, digits and punctuation, and the joiners and direction marks. */
const URDU =
  'ءآأؤئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھۂۃیےۓ' +
  '\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654\u0655\u0656\u0670' +
  '۰۱۲۳۴۵۶۷۸۹،؛؟۔٪٫٬' +
  '\u200c\u200d\u200e\u200f';

const SUBSETS: Subset[] = [
  { file: 'noto-sans-latin-400.woff2', source: NOTO_SANS_400, ranges: LATIN },
  { file: 'noto-sans-latin-700.woff2', source: NOTO_SANS_700, ranges: LATIN },
  { file: 'noto-sans-latin-ext-400.woff2', source: NOTO_SANS_400, ranges: LATIN_EXT },
  { file: 'noto-sans-latin-ext-700.woff2', source: NOTO_SANS_700, ranges: LATIN_EXT },
  { file: 'noto-sans-cyrillic-400.woff2', source: NOTO_SANS_400, ranges: CYRILLIC },
  { file: 'noto-sans-cyrillic-700.woff2', source: NOTO_SANS_700, ranges: CYRILLIC },
  { file: 'noto-sans-georgian-400.woff2', source: GEORGIAN_400, ranges: GEORGIAN },
  { file: 'noto-sans-georgian-700.woff2', source: GEORGIAN_700, ranges: GEORGIAN },
  { file: 'noto-nastaliq-urdu-400.woff2', source: NASTALIQ_400, ranges: ARABIC },
];

const within = (ranges: Range[], code: number): boolean => ranges.some(([from, to]) => code >= from && code <= to);

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, suffix) : path.endsWith(suffix) ? [path] : [];
  });
}

/**
 * The characters a subset keeps: its whole ranges, except for Nastaliq, whose joining forms make each letter costly:
 * the Urdu alphabet, and whatever else of its ranges the Urdu catalogues and the seed content (lessons, glossary,
 * names) use.
 */
function characters(root: string, subset: Subset): string {
  const chars = new Set<number>();
  if (subset.source !== NASTALIQ_400) {
    for (const [from, to] of subset.ranges) for (let c = from; c <= to; c++) chars.add(c);
  } else {
    const files = [...filesUnder(join(root, 'libs', 'i18n', 'locales', 'ur'), '.json'), ...filesUnder(join(root, 'seed'), '')];
    const text = URDU + files.map((path) => readFileSync(path, 'utf8')).join('\n');
    for (const c of text) if (within(subset.ranges, c.codePointAt(0)!)) chars.add(c.codePointAt(0)!);
  }
  return String.fromCodePoint(...[...chars].sort((a, b) => a - b));
}

function unicodeRange(ranges: Range[]): string {
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
  return ranges.map(([from, to]) => (from === to ? `U+${hex(from)}` : `U+${hex(from)}-${hex(to)}`)).join(', ');
}

async function main(): Promise<void> {
  const root = projectRoot();
  const out = join(root, 'libs', 'web', 'assets', 'fonts');
  mkdirSync(out, { recursive: true });
  for (const subset of SUBSETS) {
    const [pkg, file] = subset.source;
    const source = readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file));
    const woff2 = await subsetFont(source, characters(root, subset), { targetFormat: 'woff2' });
    writeFileSync(join(out, subset.file), woff2);
    console.log(`${subset.file}: ${(woff2.length / 1024).toFixed(1)} kB, unicode-range: ${unicodeRange(subset.ranges)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
