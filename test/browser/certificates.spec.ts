import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Browser } from 'playwright-core';
import { CertificatesService } from '@probity/certificates';
import { PASSWORD, academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser, login } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';
import type * as Worker from '../../apps/worker/src/worker.module';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

(browserAvailable() ? describe : describe.skip)('certificates in a real browser', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: Browser;
  let url: string;
  let admin: Awaited<ReturnType<typeof userFactory>>;
  let cohortId: string;

  beforeAll(async () => {
    t = await createTestApp({ listen: true, env: { PROBITY_PUBLIC_URL: 'http://probity.test' } });
    url = baseUrl(t.app);
    // The real worker, on the same database: it takes the issuance job from pg-boss.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { WorkerModule } = require('../../apps/worker/src/worker.module') as typeof Worker;
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    const academy = await academyFactory(t.app, { code: 'GEB', defaultLocale: 'ka' });
    admin = await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id, locale: 'en', fullName: 'Nino Beridze' });
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id });
    const version = await versionFactory(t.app, admin, { lessons: 1 });
    const adminToken = await tokenFor(t.http, admin);
    cohortId = (
      await t
        .http()
        .post('/api/v1/cohorts')
        .set(...bearer(adminToken))
        .send({
          courseVersionId: version.versionId,
          name: 'Tbilisi, autumn 2026',
          locale: 'ka',
          startsOn: '2026-10-01',
          endsOn: '2026-11-15',
          trainerIds: [trainer.id],
          completion: { minAttendancePercent: 0, requireAllLessons: true },
        })
        .expect(201)
    ).body.id;
    const names = ['თამარ ჯაფარიძე', 'Олена Коваленко', 'Giorgi Kapanadze'];
    for (const [i, fullName] of names.entries()) {
      const learner = await userFactory(t.app, {
        roles: ['learner'],
        academyId: academy.id,
        fullName,
        locale: (['ka', 'uk', 'en'] as const)[i],
      });
      await t
        .http()
        .post(`/api/v1/cohorts/${cohortId}/enrolments`)
        .set(...bearer(adminToken))
        .send({ userIds: [learner.id] })
        .expect(201);
      await t
        .http()
        .post(`/api/v1/cohorts/${cohortId}/lessons/${version.lessonIds[0]}/complete`)
        .set(...bearer(await tokenFor(t.http, learner)))
        .expect(200);
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  it('an academy admin issues the cohort’s certificates from the page with a live progress bar, then revokes one', async () => {
    const page = await (await browser.newContext()).newPage();
    await login(page, url, admin);
    await page.goto(`${url}/cohorts/${cohortId}?lang=en`);
    await page.locator(`a[href="/cohorts/${cohortId}/certificates"]`).click();
    await page.locator('#issue').click();
    await page.waitForURL(/\/jobs\//);
    expect(await page.locator('#job-progress').count()).toBe(1);
    await page.locator('.job-issued').waitFor({ timeout: 30_000 });
    expect(await page.locator('.job-issued').innerText()).toContain('3 certificates issued');
    expect(await page.locator('#job-progress').getAttribute('value')).toBe('3');
    await page.screenshot({ path: join(ARTIFACTS, 'certificates-job-en.png'), fullPage: true });
    await page.locator(`a[href="/cohorts/${cohortId}/certificates"]`).click();
    expect(await page.locator('table.certificates tbody tr').count()).toBe(3);
    // Asked again: the bar runs, then the page says that nobody was issued now and why.
    await page.locator('#issue').click();
    await page.waitForURL(/\/jobs\//);
    await page.locator('.job-before').waitFor({ timeout: 30_000 });
    expect(await page.locator('.job-issued').innerText()).toBe('0 certificates issued.');
    expect(await page.locator('.job-before').innerText()).toBe('3 people already had a certificate and were skipped.');
    expect(await page.locator('.job-resumed').count()).toBe(0);
    await page.locator(`a[href="/cohorts/${cohortId}/certificates"]`).click();
    const first = page.locator('table.certificates tbody tr').first();
    await first.locator('input[name=reason]').fill('Issued in error: the final session was missed');
    await first.locator('button[type=submit]').click();
    expect(await page.locator('.flash-success').innerText()).toContain('revoked');
    expect(await page.locator('table.certificates tbody tr').first().innerText()).toContain('Issued in error');
  });

  it('shows the verify page for a valid, a revoked and an unknown code in Georgian, Urdu and Ukrainian; the QR’s signature is checked in the browser', async () => {
    const certificates = await t.app.get(CertificatesService).list({ ...admin, locale: 'en' }, { cohortId });
    const revoked = certificates.find((c) => c.revokedAt)!;
    const valid = certificates.find((c) => !c.revokedAt)!;
    const token = await t.app.get(CertificatesService).qrToken(valid);
    const page = await (await browser.newContext({ viewport: { width: 412, height: 900 } })).newPage();
    for (const lang of ['ka', 'ur', 'uk'] as const) {
      await page.goto(`${url}/verify/${valid.code.toLowerCase()}?lang=${lang}#${token}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator('.verify-result.is-valid').count()).toBe(1);
      expect(await page.locator('.record .holder').innerText()).toBe(valid.record.holder.name);
      expect(await page.locator('.record .serial').innerText()).toBe(valid.serial);
      expect(await page.locator('.signature-ok').count()).toBe(1);
      await page.locator('.paper-result.paper-ok').waitFor({ timeout: 10_000 });
      expect(await page.locator('.paper-result').innerText()).toContain(valid.serial);
      await page.screenshot({ path: join(ARTIFACTS, `verify-valid-${lang}.png`), fullPage: true });
      await page.goto(`${url}/verify/${revoked.code}?lang=${lang}`);
      expect(await page.locator('.verify-result.is-revoked').count()).toBe(1);
      expect(await page.locator('.revocation').innerText()).toContain('Issued in error');
      await page.screenshot({ path: join(ARTIFACTS, `verify-revoked-${lang}.png`), fullPage: true });
      const unknown = await page.goto(`${url}/verify/7KQ4M9XT2CJ?lang=${lang}`);
      expect(unknown?.status()).toBe(404);
      expect(await page.locator('.verify-unknown').count()).toBe(1);
      expect(await page.locator('form[action="/verify"] input[name=code]').count()).toBe(1);
    }
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    // A QR code whose signed facts belong to another certificate is flagged.
    await page.goto(`${url}/verify/${revoked.code}?lang=en#${token}`);
    await page.locator('.paper-result.paper-bad').waitFor({ timeout: 10_000 });
    // The revoked certificate's own QR code is genuine, but the academy's revocation list names it.
    await page.goto(`${url}/verify/${revoked.code}?lang=en&again=1#${await t.app.get(CertificatesService).qrToken(revoked)}`);
    await page.locator('.paper-result.paper-bad').waitFor({ timeout: 10_000 });
    expect(await page.locator('.paper-result').innerText()).toContain('the academy has revoked this certificate');
    // Typing the code in the form leads to the same page.
    await page.goto(`${url}/verify?lang=en`);
    await page.locator('#code').fill(` ${valid.code.slice(0, 4)}-${valid.code.slice(4)} `);
    await page.locator('form[action="/verify"] button').click();
    expect(await page.locator('.record .serial').innerText()).toBe(valid.serial);
  });

  it('checks the QR code without the server, with the keys and page the browser kept', async () => {
    const certificates = await t.app.get(CertificatesService).list({ ...admin, locale: 'en' }, { cohortId });
    const valid = certificates.find((c) => !c.revokedAt)!;
    const token = await t.app.get(CertificatesService).qrToken(valid);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/verify/${valid.code}?lang=en#${token}`);
    await page.locator('.paper-result.paper-ok').waitFor({ timeout: 10_000 });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await context.setOffline(true);
    await page.goto(`${url}/verify/${valid.code}#${token}`);
    await page.locator('.paper-result.paper-ok').waitFor({ timeout: 10_000 });
    const offline = await page.locator('.paper-result').innerText();
    expect(offline).toContain(valid.record.holder.name);
    // It says that the keys and the revocation list are the ones saved earlier, not fresh ones.
    expect(offline).toContain('cannot be reached');
    expect(offline).toContain('list of revoked certificates used here was saved');
    await page.screenshot({ path: join(ARTIFACTS, 'verify-offline-en.png'), fullPage: true });
    await context.setOffline(false);
  });

  it('an academy admin sets the certificate design: emblem, a signatory in two languages, bilingual by default', async () => {
    const page = await (await browser.newContext()).newPage();
    await login(page, url, admin);
    await page.goto(`${url}/admin/certificates/design?lang=en`);
    const emblem = await page.screenshot({ clip: { x: 0, y: 0, width: 64, height: 64 } });
    await page.locator('#emblem-file').setInputFiles({ name: 'emblem.png', mimeType: 'image/png', buffer: emblem });
    await page.locator('input[name="s0:name:en"]').fill('Giorgi Kapanadze');
    await page.locator('input[name="s0:name:ka"]').fill('გიორგი კაპანაძე');
    await page.locator('input[name="s0:title:en"]').fill('Rector');
    await page.locator('input[name="s0:title:ka"]').fill('რექტორი');
    await page.locator('#bilingual').check();
    await page.locator('#design button[type=submit]').click();
    expect(await page.locator('.flash-success').innerText()).toContain('saved');
    expect(await page.locator('img.emblem-preview').count()).toBe(1);
    expect(await page.locator('input[name="s0:name:ka"]').inputValue()).toBe('გიორგი კაპანაძე');
    expect(await page.locator('#bilingual').isChecked()).toBe(true);
    // A file that is not an image is refused with the form shown again, and nothing changes.
    await page.locator('#emblem-file').setInputFiles({ name: 'emblem.png', mimeType: 'image/png', buffer: Buffer.from('hello') });
    await page.locator('#design button[type=submit]').click();
    expect(await page.locator('.flash-error').innerText()).toMatch(/PNG or JPEG/);
    await page.goto(`${url}/admin/certificates/design?lang=en`);
    expect(await page.locator('img.emblem-preview').count()).toBe(1);
    // The preview in Georgian: the academy chose bilingual, so Georgian and English, with the signatory.
    const preview = await page.request.get(`${url}/admin/certificates/design/preview?lang=ka`);
    expect(preview.status()).toBe(200);
    const file = join(ARTIFACTS, 'certificates', 'design-preview-ka.pdf');
    mkdirSync(join(ARTIFACTS, 'certificates'), { recursive: true });
    writeFileSync(file, await preview.body());
    const text = (await promisify(execFile)('pdftotext', [file, '-'])).stdout;
    expect(text).toContain('გიორგი კაპანაძე');
    expect(text).toContain('Giorgi Kapanadze');
  });

  it('lets the learner download the PDF and the credential from the dashboard', async () => {
    const certificates = await t.app.get(CertificatesService).list({ ...admin, locale: 'en' }, { cohortId });
    const mine = certificates.find((c) => c.record.holder.name === 'Олена Коваленко')!;
    const [{ email }] = (await t.db.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [mine.userId])).rows;
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await login(page, url, { email, password: PASSWORD });
    expect(await page.locator('#my-certificates .my-certificate').count()).toBe(1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`a[href="/my/certificates/${mine.id}/pdf"]`).click(),
    ]);
    // The academy prints bilingual certificates by default (set in the design test above): Georgian and English.
    expect(download.suggestedFilename()).toBe(`${mine.serial}-ka-en.pdf`);
    const answer = await page.request.get(`${url}/my/certificates/${mine.id}/credential`);
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toMatchObject({
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      proof: { cryptosuite: 'eddsa-rdfc-2022' },
    });
  });
});
