import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { XMLValidator } from 'fast-xml-parser';
import { type CertificateLocale, type CertificateView, renderCertificate } from './render';
import { sampleCertificate } from '../../../../test/support/sample-certificates';

const run = promisify(execFile);
const ARTIFACTS = join(__dirname, '..', '..', '..', '..', 'test-artifacts', 'certificates');
const TOOLS = ['/usr/bin/pdftotext', '/usr/bin/pdftoppm', '/usr/bin/zbarimg'];

let work: string;

beforeAll(async () => {
  await waitForTools();
  work = mkdtempSync(join(tmpdir(), 'probity-certificates-'));
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * poppler-utils and zbar-tools are Debian packages (apt-get install poppler-utils zbar-tools). On a
 * developer's machine they may still be installing: wait for them a while, but not in CI.
 */
async function waitForTools(): Promise<void> {
  const deadline = Date.now() + (process.env.CI ? 0 : 5 * 60_000);
  for (;;) {
    const missing = TOOLS.filter((tool) => !existsSync(tool));
    if (missing.length === 0) return;
    if (Date.now() >= deadline) throw new Error(`missing ${missing.join(', ')}: apt-get install poppler-utils zbar-tools`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

async function textOf(pdf: Buffer, name: string): Promise<string> {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  const { stdout } = await run('pdftotext', ['-q', file, '-']);
  return stdout.replace(/\s+/g, ' ');
}

async function pngOf(pdf: Buffer, name: string): Promise<string> {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  await run('pdftoppm', ['-r', '150', '-png', '-singlefile', file, join(work, name)]);
  return join(work, `${name}.png`);
}

describe('renderCertificate', () => {
  it.each<[CertificateLocale, string]>([
    ['en', 'Margaret O’Connell-Whitfield'],
    ['ru', 'Дмитрий Сергеевич Волков'],
    ['uk', 'Олена Коваленко'],
    ['ka', 'ნინო ბერიძე'],
  ])('%s: the holder, the course and the serial are in the text layer', async (locale, holder) => {
    const view = sampleCertificate(locale, { second: locale === 'ka' ? 'en' : undefined });
    const text = await textOf(await renderCertificate(view), `text-${locale}`);
    expect(text).toContain(holder);
    expect(text).toContain(view.courseTitle);
    expect(text).toContain(view.serial);
    expect(text).toContain(view.code);
  });

  it('is PDF/A-2b: identification, sRGB output intent, embedded fonts, well-formed XMP that says what Info says', async () => {
    const view = sampleCertificate('ur', { second: 'en' });
    const title = 'Q&A <draft> — "NAPOR" course';
    const pdf = await renderCertificate({ ...view, metadata: { ...view.metadata, title } });
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-1.7\n%\xFF\xFF\xFF\xFF')).toBe(true);
    expect(raw).toMatch(/\/OutputIntents \[\d+ 0 R\]/);
    expect(raw).toMatch(/\/S \/GTS_PDFA1/);
    expect(raw).toMatch(/trailer\s*<<[^]*\/ID \[/);
    expect(raw).not.toMatch(/\/Encrypt|\/JavaScript|\/Interpolate true/);

    const file = join(work, 'pdfa.pdf');
    writeFileSync(file, pdf);
    const meta = (await run('pdfinfo', ['-meta', file])).stdout;
    expect(XMLValidator.validate(meta)).toBe(true);
    expect(meta).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(meta).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(meta).toContain('Q&#38;A &#60;draft&#62; — &#34;NAPOR&#34; course');
    expect((await run('pdfinfo', [file])).stdout).toMatch(/Title:\s+Q&A <draft> — "NAPOR" course/);

    const fonts = (await run('pdffonts', [file])).stdout.trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+Noto\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('prints both languages of a bilingual certificate', async () => {
    const view = sampleCertificate('ka', { second: 'en' });
    const text = await textOf(await renderCertificate(view), 'ka-en');
    for (const part of [
      'დასრულების სერტიფიკატი',
      'Certificate of Completion',
      'Nino Beridze',
      'Investigating without coercion: the NAPOR course',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('writes Ukrainian ґ, і, ї and є', async () => {
    const view = sampleCertificate('uk');
    const text = await textOf(await renderCertificate(view), 'uk-letters');
    for (const word of ['Ґалаґан', 'Ігор', 'Київська', 'Євгенія']) expect(text).toContain(word);
  });

  it('sets a Georgian name on an English certificate in the Georgian font', async () => {
    const view = sampleCertificate('en', { holderName: 'ნინო ბერიძე (Nino Beridze)' });
    const pdf = await renderCertificate(view);
    expect(await textOf(pdf, 'en-georgian')).toContain('ნინო ბერიძე (Nino Beridze)');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansGeorgian-Bold/);
  });

  it.each<CertificateLocale>(['en', 'ur'])('%s: the QR code decodes to the payload', async (locale) => {
    const view = sampleCertificate(locale);
    const png = await pngOf(await renderCertificate(view), `qr-${locale}`);
    const { stdout } = await run('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', png]);
    expect(stdout.trim()).toBe(view.qrPayload);
  });

  it.each<CertificateLocale>(['en', 'ur'])('%s: long texts, many details and signatories still fit (stress-%s.png)', async (locale) => {
    const view = stressCertificate(locale);
    const pdf = await renderCertificate(view);
    writeFileSync(join(ARTIFACTS, `stress-${locale}.pdf`), pdf);
    writeFileSync(join(ARTIFACTS, `stress-${locale}.png`), readFileSync(await pngOf(pdf, `stress-${locale}`)));
    if (locale === 'en') expect(await textOf(pdf, 'stress-en')).toContain(view.details[7].value);
  });

  it.each<[string, CertificateLocale, CertificateLocale | undefined]>([
    ['en', 'en', undefined],
    ['ru', 'ru', undefined],
    ['uk', 'uk', undefined],
    ['ka', 'ka', 'en'],
    ['ur', 'ur', undefined],
    ['sw', 'sw', undefined],
    ['ur-en', 'ur', 'en'],
  ])('%s: writes a PNG snapshot (and the PDF) to look at', async (name, locale, second) => {
    const pdf = await renderCertificate(sampleCertificate(locale, { second }));
    writeFileSync(join(ARTIFACTS, `${name}.pdf`), pdf);
    writeFileSync(join(ARTIFACTS, `${name}.png`), readFileSync(await pngOf(pdf, `snapshot-${name}`)));
  });
});

function stressCertificate(locale: CertificateLocale): CertificateView {
  const view = sampleCertificate(locale, { emblem: false, second: 'en' });
  const long = (text: string, times: number): string => Array.from({ length: times }, () => text).join(' ');
  return {
    ...view,
    holderName: `${view.holderName} ${view.holderName} ${view.holderName}`,
    courseTitle: long(view.courseTitle, 3),
    details: [
      ...view.details,
      { label: view.details[0].label, value: long(view.details[3].value, 2) },
      { label: 'ID', value: 'X-000-LAST' },
    ],
    signatories: [...view.signatories, ...view.signatories],
    verifyLabel: long(view.verifyLabel, 3),
    second: view.second && { ...view.second, signatories: [...view.second.signatories, ...view.second.signatories] },
  };
}
