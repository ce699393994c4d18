import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type Locale, translate } from '@probity/i18n';
import { PASSWORD, academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser, login } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/** Latin words of four letters or more in what a person reads, but for the names of file formats. */
function english(text: string): string[] {
  return (text.match(/[A-Za-z]{4,}/g) ?? []).filter((word) => !['XLSX', 'Probity'].includes(word));
}

(browserAvailable() ? describe : describe.skip)('the training report in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let admin: Awaited<ReturnType<typeof userFactory>>;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    const academy = await academyFactory(t.app, {
      code: 'GEB',
      country: 'GE',
      name: { en: 'Georgian Academy', ru: 'Грузинская академия', ur: 'جارجیائی اکیڈمی' },
      defaultLocale: 'ka',
    });
    admin = await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id, fullName: 'ნინო ბერიძე', locale: 'en' });
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id });
    const adminToken = await tokenFor(t.http, admin);
    const version = await versionFactory(t.app, admin, { lessons: 1 });
    const cohort = (
      await t
        .http()
        .post('/api/v1/cohorts')
        .set(...bearer(adminToken))
        .send({
          courseVersionId: version.versionId,
          name: 'Tbilisi',
          locale: 'ka',
          startsOn: '2026-10-01',
          endsOn: '2026-11-15',
          trainerIds: [trainer.id],
          completion: { minAttendancePercent: 0, requireAllLessons: true },
        })
        .expect(201)
    ).body.id;
    const described = [
      { sex: 'female', agencyType: 'police', function: 'investigator' },
      { sex: 'female', agencyType: 'prosecution', function: 'prosecutor' },
      { sex: 'male', agencyType: 'customs', function: 'analyst' },
      {},
    ];
    const ids: string[] = [];
    for (const [i, description] of described.entries()) {
      const email = `learner${i}.${Math.random().toString(36).slice(2, 7)}@browser.test`;
      const created = await t
        .http()
        .post('/api/v1/users')
        .set(...bearer(adminToken))
        .send({
          email,
          password: PASSWORD,
          fullName: `Learner ${i}`,
          roles: ['learner'],
          academyId: academy.id,
          locale: 'ka',
          ...description,
        })
        .expect(201);
      ids.push(created.body.id);
      if (i < 2) {
        await t
          .http()
          .post(`/api/v1/cohorts/${cohort}/enrolments`)
          .set(...bearer(adminToken))
          .send({ userIds: [created.body.id] })
          .expect(201);
        await t
          .http()
          .post(`/api/v1/cohorts/${cohort}/lessons/${version.lessonIds[0]}/complete`)
          .set(...bearer(await tokenFor(t.http, { email, password: PASSWORD })))
          .expect(200);
      }
    }
    await t
      .http()
      .post(`/api/v1/cohorts/${cohort}/enrolments`)
      .set(...bearer(adminToken))
      .send({ userIds: ids.slice(2) })
      .expect(201);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(page: Page, locale: Locale, query = ''): Promise<void> {
    await page.goto(`${url}/reports/training?lang=${locale}${query}`);
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    expect(await page.getAttribute('html', 'dir')).toBe(locale === 'ur' ? 'rtl' : 'ltr');
    expect(await page.locator('h1').innerText()).toBe(translate(locale, 'reports:title'));
  }

  /** Each chart is an image named and described, with a table beside it: caption, column and row headers. */
  async function chartsHaveTables(page: Page, locale: Locale, by: string): Promise<void> {
    for (const id of ['people', 'knowledge']) {
      const figure = page.locator(`#chart-${id}`);
      const svg = figure.locator('svg[role="img"]');
      await expect(svg.count()).resolves.toBe(1);
      const title = await svg.locator('title').textContent();
      expect(title).toBe(translate(locale, `reports:chart.${id}_title`, { by: translate(locale, `reports:by.${by}`) }));
      expect(await svg.locator('desc').textContent()).toContain(translate(locale, `reports:by.${by}`));
      const table = figure.locator('table');
      expect(await table.locator('caption').innerText()).toBe(
        translate(locale, `reports:chart.table_${id}`, { by: translate(locale, `reports:by.${by}`) }),
      );
      expect(await table.locator('thead th[scope="col"]').count()).toBeGreaterThanOrEqual(4);
      expect(await table.locator('tbody th[scope="row"]').count()).toBeGreaterThanOrEqual(2);
    }
  }

  it('in Russian: counts, charts with their tables, and not a word of English', async () => {
    const page = await browser.newPage();
    await login(page, url, admin);
    await open(page, 'ru');
    await chartsHaveTables(page, 'ru', 'sex');
    // Female: 2 enrolled, 2 completed; male 1; not recorded 1.
    const people = page.locator('#chart-people tbody tr');
    expect(await people.nth(0).innerText()).toMatch(new RegExp(`^${translate('ru', 'people:sex.female')}\\s+2\\s+2\\s+0$`));
    expect(await people.last().innerText()).toMatch(new RegExp(`^${translate('ru', 'people:not_recorded')}\\s+1\\s+0\\s+0$`));
    expect(english(await page.locator('main').innerText())).toEqual([]);
    expect(english(await page.locator('nav.main-nav').innerText())).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-ru.png'), fullPage: true });
    await page.locator('#chart-people').screenshot({ path: join(ARTIFACTS, 'report-ru-chart.png') });
    await page.close();
  });

  it('in Urdu: right to left, the bars start at the right, every text in Urdu', async () => {
    const page = await browser.newPage();
    await login(page, url, admin);
    await open(page, 'ur', '&by=agencyType');
    await chartsHaveTables(page, 'ur', 'agencyType');
    // In the SVG's 640-wide box, the bars' start edge is the right one: each bar ends where the labels begin.
    const bars = await page
      .locator('#chart-people svg rect[height="14"]')
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('x')) + Number(r.getAttribute('width'))));
    expect(bars.length).toBeGreaterThan(0);
    for (const end of bars) expect(end).toBeCloseTo(640 - 180, 0);
    const main = await page.locator('main').innerText();
    expect(main).toContain(translate('ur', 'people:agencyType.police'));
    expect(english(main)).toEqual([]);
    // The table reads right to left too: its first column (the row names) is at the right.
    const table = await page.locator('#chart-people table').boundingBox();
    const rowName = await page.locator('#chart-people tbody th').first().boundingBox();
    expect(table && rowName && rowName.x + rowName.width > table.x + table.width / 2).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'report-ur.png'), fullPage: true });
    await page.locator('#chart-people').screenshot({ path: join(ARTIFACTS, 'report-ur-chart.png') });
    await page.close();
  });

  it('works without JavaScript: the filters are a plain form, and the downloads are files', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, url, admin);
    await open(page, 'ru');
    await page.locator('#by').selectOption('function');
    await page.locator('#from').fill('2020-01-01');
    await page.getByRole('button', { name: translate('ru', 'reports:filters.show') }).click();
    await page.waitForURL(/by=function/);
    expect(await page.locator('#breakdown-heading').innerText()).toBe(translate('ru', 'reports:by.function'));
    await chartsHaveTables(page, 'ru', 'function');
    const href = await page.getByRole('link', { name: translate('ru', 'reports:export.pdf') }).getAttribute('href');
    expect(href).toMatch(/^\/reports\/training\.pdf\?.*from=2020-01-01.*lang=ru/);
    const pdf = await page.request.get(`${url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await context.close();
  });
});
