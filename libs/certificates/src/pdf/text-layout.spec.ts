import { FONTS } from './fonts';
import { type CertificateLocale } from './render';
import { sampleCertificate } from '../../../../test/support/sample-certificates';
import { type Line, type TextStyle, layoutLine, layoutParagraph, scriptsFor } from './text-layout';

const style = (locale: string, direction: 'ltr' | 'rtl' = locale === 'ur' ? 'rtl' : 'ltr'): TextStyle => ({
  size: 12,
  weight: 'regular',
  direction,
  scripts: scriptsFor(locale),
});

const visual = (line: Line): [string, string][] =>
  line.runs.filter((run) => run.text.trim() !== '').map((run) => [run.font, run.text.trim()]);

describe('layoutLine', () => {
  it('orders a Latin serial inside Urdu from right to left, each run in its own font', () => {
    expect(visual(layoutLine('سند PRB-2026-7 ہے', style('ur')))).toEqual([
      ['nastaliq-regular', 'ہے'],
      ['sans-regular', 'PRB-2026-7'],
      ['nastaliq-regular', 'سند'],
    ]);
  });

  it('keeps Urdu digits left to right (reversed beforehand, because fontkit reverses Arabic script)', () => {
    expect(visual(layoutLine('سال ۲۰۲۶', style('ur')))).toEqual([
      ['nastaliq-regular', '۶۲۰۲'],
      ['nastaliq-regular', 'سال'],
    ]);
  });

  it('mirrors brackets in right-to-left text', () => {
    expect(visual(layoutLine('(کورس)', style('ur')))).toEqual([['nastaliq-regular', ')کورس(']]);
  });

  it('sets a Georgian name in an English line in the Georgian font', () => {
    expect(visual(layoutLine('Nino ნინო ბერიძე', style('en')))).toEqual([
      ['sans-regular', 'Nino'],
      ['georgian-regular', 'ნინო ბერიძე'],
    ]);
  });

  it('sets Latin inside Georgian text in the Georgian font, which has Latin letters', () => {
    expect(visual(layoutLine('NAPOR-ის კურსი', style('ka')))).toEqual([['georgian-regular', 'NAPOR-ის კურსი']]);
  });

  it('gives the space between Urdu and Latin to the Latin font (a Nastaliq space is too slight)', () => {
    const line = layoutLine('گروپ · Cohort', style('ur'));
    expect(line.runs.find((run) => run.text.includes('·'))?.font).toBe('sans-regular');
  });

  it('replaces characters that no font has (PDF/A forbids the .notdef glyph)', () => {
    expect(visual(layoutLine('Li 李', style('en')))).toEqual([['sans-regular', 'Li \uFFFD']]);
  });

  it('drops bidi control characters but honours them', () => {
    const line = layoutLine('سند \u2066PRB-1 ہے\u2069', style('ur'));
    expect(line.runs.map((run) => run.text).join('')).not.toMatch(/[\u2066-\u2069]/);
    expect(visual(line)[0][1]).toBe('PRB-1');
  });
});

describe('layoutParagraph', () => {
  it('wraps at spaces within the width', () => {
    const lines = layoutParagraph('Investigating without coercion: the NAPOR course', style('en'), 120);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(120.5);
  });

  it('wraps Urdu keeping the logical start on the first line', () => {
    const lines = layoutParagraph('جبر کے بغیر تفتیش: NAPOR کورس', style('ur'), 90);
    expect(lines.length).toBeGreaterThan(1);
    expect(visual(lines[0]).at(-1)?.[1]).toContain('جبر');
  });

  it('gives Nastaliq lines the height of their ink', () => {
    const [heading] = layoutParagraph('تکمیل کی سند', { ...style('ur'), size: 30 }, 600);
    const [latin] = layoutParagraph('Certificate', { ...style('en'), size: 30 }, 600);
    expect(heading.ascent).toBeGreaterThan(latin.ascent * 1.5);
  });
});

describe('fonts', () => {
  it('shapes "ناز", on which fontkit 2.0.4 crashes (null GPOS anchor) unless patched', () => {
    expect(FONTS['nastaliq-regular'].shape('ناز').run.glyphs.length).toBeGreaterThan(0);
    expect(FONTS['nastaliq-bold'].shape('ڈاکٹر فرح ناز').run.glyphs.length).toBeGreaterThan(0);
  });

  it.each<CertificateLocale>(['en', 'ru', 'uk', 'ka', 'ur', 'sw'])('%s: every sample text shapes without .notdef', (locale) => {
    const view = sampleCertificate(locale);
    const texts = [
      view.heading,
      view.holderName,
      view.statement,
      view.courseTitle,
      view.academyName,
      view.verifyLabel,
      ...view.details.flatMap((detail) => [detail.label, detail.value]),
      ...view.signatories.flatMap((signatory) => [signatory.name, signatory.title]),
    ];
    for (const weight of ['regular', 'bold'] as const) {
      for (const text of texts) {
        for (const line of layoutParagraph(text, { ...style(locale), weight }, 400)) {
          for (const run of line.runs) expect(FONTS[run.font].shape(run.text).run.glyphs.filter((glyph) => glyph.id === 0)).toEqual([]);
        }
      }
    }
  });
});
