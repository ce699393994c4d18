import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { JobQueue } from '@probity/database';
import { JobsService } from '@probity/jobs';
import { PrivacyExportsService } from '@probity/privacy';
import { PrivacyExportsProcessor } from '../../apps/worker/src/privacy-exports.processor';
import { academyFactory, userFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser, login } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

interface Case {
  lang: 'uk' | 'ur';
  dir: 'ltr' | 'rtl';
  code: string;
  learnerName: string;
  /** The academy's notice in the learner's language, and a phrase of it the page must show. */
  notice: string;
  phrase: string;
  /** What the page and the archive say in that language (the catalogue's own words, written out). */
  waiting: string;
  ready: string;
  failed: string;
  summaryHeading: string;
}

const CASES: Case[] = [
  {
    lang: 'uk',
    dir: 'ltr',
    code: 'PRIVUK',
    learnerName: 'Олена Ковальчук',
    notice:
      '## Хто ми\nАкадемія обробляє ваші дані лише для навчання та сертифікації.\n\n## Ваші права\n- Ви можете завантажити свої дані.',
    phrase: 'обробляє ваші дані лише для навчання',
    waiting: 'Очікує своєї черги.',
    ready: 'Ваше вивантаження готове.',
    failed: 'Це вивантаження не вдалося створити. Будь ласка, запросіть свої дані ще раз.',
    summaryHeading: 'Ваші персональні дані в Probity',
  },
  {
    lang: 'ur',
    dir: 'rtl',
    code: 'PRIVUR',
    learnerName: 'عائشہ خان',
    notice:
      '## ہم کون ہیں\nاکیڈمی آپ کا ڈیٹا صرف تربیت اور اسناد کے لیے استعمال کرتی ہے۔\n\n## آپ کے حقوق\n- آپ اپنا ڈیٹا ڈاؤن لوڈ کر سکتے ہیں۔',
    phrase: 'آپ کا ڈیٹا صرف تربیت اور اسناد کے لیے',
    waiting: 'اپنی باری کے انتظار میں ہے۔',
    ready: 'آپ کی برآمد تیار ہے۔',
    failed: 'یہ برآمد تیار نہیں ہو سکی۔ براہِ کرم اپنا ڈیٹا دوبارہ طلب کریں۔',
    summaryHeading: 'Probity کے پاس آپ کا ذاتی ڈیٹا',
  },
];

/**
 * Issue 16 in a real browser, in Ukrainian and in Urdu (right to left): an academy's administrator publishes its
 * privacy notice on the admin page; a learner of the academy who signs in is shown it before the page they asked
 * for, in their language, acknowledges it and lands there; the public page shows it too. Then the learner asks for
 * their data on /me/privacy and watches the export: waiting, a bar that moves as the worker reads the tables (the
 * page polls its JSON form), then the download link, whose ZIP has a summary in their language with their name.
 * Without JavaScript the same page shows the state at load time and a link to load it again.
 */
(browserAvailable() ? describe : describe.skip)('privacy notice and “Download my data” in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The worker's step for a queued export: the processor's own handler, as the queue calls it. */
  const runExport = (jobId: string): Promise<void> =>
    new PrivacyExportsProcessor(t.app.get(JobQueue), t.app.get(PrivacyExportsService)).handle(jobId);

  const expectLanguage = async (page: Page, c: Case): Promise<void> => {
    expect(await page.getAttribute('html', 'lang')).toBe(c.lang);
    expect(await page.getAttribute('html', 'dir')).toBe(c.dir);
  };

  it.each(CASES)('in $lang: the notice comes first, then the export shows its progress and its download', async (c) => {
    const academy = await academyFactory(t.app, { code: c.code, defaultLocale: c.lang });
    const admin = await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id, locale: 'en' });
    const learner = await userFactory(t.app, { roles: ['learner'], academyId: academy.id, locale: c.lang, fullName: c.learnerName });

    // The administrator publishes the academy's notice on the admin page (in English and in the academy's language).
    const adminContext = await browser.newContext();
    const adminPage = await adminContext.newPage();
    await login(adminPage, url, admin);
    await adminPage.goto(`${url}/admin/privacy-notice`);
    await adminPage.locator('#body_en').fill('## Who we are\nThe academy processes your data for training and certification only.');
    await adminPage.locator(`#body_${c.lang}`).fill(c.notice);
    expect(await adminPage.locator(`#body_${c.lang}`).getAttribute('dir')).toBe(c.dir);
    await adminPage.locator('#notice-form button[type=submit]').click();
    // Published: the administrator, of the academy too, is now asked to acknowledge it before their next page.
    await adminPage.waitForURL(/\/privacy\/acknowledge\?next=/);
    expect(await adminPage.locator('#notice-version').count()).toBe(1);
    await adminContext.close();

    // The learner wants their inbox; they sign in and are shown the notice first, in their language.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/inbox`);
    await page.waitForURL(/\/login\?next=/);
    await page.locator('#email').fill(learner.email);
    await page.locator('#password').fill(learner.password);
    await page.locator('form[action="/login"] button').click();
    await page.waitForURL(/\/privacy\/acknowledge\?next=%2Finbox/);
    await expectLanguage(page, c);
    const notice = page.locator('#privacy-notice');
    expect(await notice.getAttribute('lang')).toBe(c.lang);
    expect(await notice.getAttribute('dir')).toBe(c.dir);
    expect(await notice.innerText()).toContain(c.phrase);
    expect(await page.locator('#notice-fell-back').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, `privacy-acknowledge-${c.lang}.png`), fullPage: true });
    await page.locator('#acknowledge button[type=submit]').click();
    await page.waitForURL(`${url}/inbox`);
    await expectLanguage(page, c);
    expect(await page.locator('.flash-success').count()).toBe(1);

    // The public page of the academy shows the same notice to anyone.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${url}/privacy/${c.code}?lang=${c.lang}`);
    await expectLanguage(visitor, c);
    expect(await visitor.locator('#privacy-notice').getAttribute('dir')).toBe(c.dir);
    expect(await visitor.locator('#privacy-notice').innerText()).toContain(c.phrase);
    expect(await visitor.locator('#notice-version').count()).toBe(1);
    await visitor.context().close();

    // "Download my data": the export waits for the worker, with its state and a labelled bar.
    await page.goto(`${url}/me/privacy`);
    await expectLanguage(page, c);
    expect(await page.locator('#no-exports').count()).toBe(1);
    await page.locator('#export-start').click();
    const job = page.locator('#exports .export-job');
    await job.waitFor();
    expect(await job.getAttribute('data-state')).toBe('queued');
    const jobId = (await job.getAttribute('data-job'))!;
    const bar = page.locator(`#export-progress-${jobId}`);
    expect(await page.locator(`label[for="export-progress-${jobId}"]`).count()).toBe(1);
    expect(await page.locator(`#export-status-${jobId}`).getAttribute('aria-live')).toBe('polite');
    expect(await page.locator(`#export-status-${jobId} .export-state`).innerText()).toBe(c.waiting);

    // Without JavaScript the page shows the same state at load time, and a link to load it again.
    const still = await browser.newContext({ storageState: await context.storageState(), javaScriptEnabled: false });
    const plain = await still.newPage();
    await plain.goto(`${url}/me/privacy`);
    expect(await plain.locator(`#export-status-${jobId} .export-state`).innerText()).toBe(c.waiting);
    expect(await plain.locator('#export-refresh a').getAttribute('href')).toBe('/me/privacy#my-data');
    expect(await plain.locator('meta[http-equiv=refresh]').count()).toBe(0);

    // The worker announces its tables and reads some (the same calls its run makes): the bar follows.
    const jobs = t.app.get(JobsService);
    await jobs.start(jobId, 40);
    await jobs.progress(jobId, 10);
    await page.locator(`.export-job[data-job="${jobId}"][data-state="active"]`).waitFor();
    await page.waitForFunction(
      (id) => (document.getElementById(`export-progress-${id}`) as HTMLProgressElement | null)?.value === 10,
      jobId,
    );
    expect(await bar.getAttribute('max')).toBe('40');
    expect(await page.locator(`#export-status-${jobId} .export-count`).innerText()).toMatch(/10.*40|40.*10/);
    await page.screenshot({ path: join(ARTIFACTS, `privacy-export-progress-${c.lang}.png`), fullPage: true });
    await plain.reload();
    expect(await plain.locator(`#export-progress-${jobId}`).getAttribute('value')).toBe('10');

    // The worker's run ends: the bar turns into the download link, without reloading the page.
    await runExport(jobId);
    const link = page.locator(`.export-ready[data-job="${jobId}"] a.export-download`);
    await link.waitFor();
    expect(await page.locator(`#export-status-${jobId} .export-state`).innerText()).toBe(c.ready);
    expect(await bar.count()).toBe(0);
    expect(await page.locator('#export-refresh').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, `privacy-export-ready-${c.lang}.png`), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^probity-export-\d{4}-\d{2}-\d{2}\.zip$/);
    const zip = await JSZip.loadAsync(await readFile(await download.path()));
    const html = await zip.file('index.html')!.async('string');
    expect(html).toContain(`<html lang="${c.lang}" dir="${c.dir}">`);
    expect(html).toContain(`<h1>${c.summaryHeading}</h1>`);
    expect(html).toContain(c.learnerName);
    expect(JSON.parse(await zip.file('data/users.json')!.async('string'))).toEqual([
      expect.objectContaining({ id: learner.id, full_name: c.learnerName }),
    ]);

    // Loaded again without JavaScript, the export is listed as ready with the same link.
    await plain.reload();
    expect(await plain.locator(`.export-ready[data-job="${jobId}"] a.export-download`).getAttribute('href')).toBe(
      await link.getAttribute('href'),
    );
    expect(await plain.locator('#export-refresh').count()).toBe(0);

    // An export whose run fails (the service marks its job failed) is shown as failed, in the person's language.
    await page.locator('#export-start').click();
    const second = page.locator('#exports .export-job[data-state="queued"]');
    await second.waitFor();
    const failingId = (await second.getAttribute('data-job'))!;
    await jobs.fail(failingId, 'user not found');
    await page.locator(`.export-job[data-job="${failingId}"][data-state="failed"]`).waitFor();
    expect(await page.locator(`#export-status-${failingId} .export-state`).innerText()).toBe(c.failed);
    expect(await page.locator(`#export-progress-${failingId}`).count()).toBe(0);
    await plain.reload();
    expect(await plain.locator(`#export-status-${failingId} .export-state`).innerText()).toBe(c.failed);
    expect(await plain.locator('#export-refresh').count()).toBe(0);
    await still.close();
    await context.close();
  });
});
