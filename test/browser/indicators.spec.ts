import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type Locale, translate } from '@probity/i18n';
import { PASSWORD, academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser, login } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/** Latin words of four letters or more in what a person reads, but for the product's name. */
function english(text: string): string[] {
  return (text.match(/[A-Za-z]{4,}/g) ?? []).filter((word) => !['Probity'].includes(word));
}

const TITLE = {
  en: 'Officials trained, by sex',
  uk: 'Навчені посадові особи, за статтю',
  ur: 'تربیت یافتہ اہلکار، جنس کے لحاظ سے',
  ru: 'Обученные должностные лица, по полу',
};

(browserAvailable() ? describe : describe.skip)('the indicator register in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let admin: Awaited<ReturnType<typeof userFactory>>;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    const academy = await academyFactory(t.app, {
      code: 'UAI',
      country: 'UA',
      timeZone: 'Europe/Kyiv',
      name: { en: 'Ukrainian Academy', uk: 'Українська академія', ur: 'یوکرینی اکیڈمی' },
      defaultLocale: 'uk',
    });
    admin = await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id, fullName: 'Олена Коваль', locale: 'en' });
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id });
    const token = await tokenFor(t.http, admin);
    const version = await versionFactory(t.app, admin, { lessons: 1 });
    const cohort = (
      await t
        .http()
        .post('/api/v1/cohorts')
        .set(...bearer(token))
        .send({
          courseVersionId: version.versionId,
          name: 'Київ',
          locale: 'uk',
          startsOn: '2026-10-01',
          endsOn: '2026-11-15',
          trainerIds: [trainer.id],
          completion: { minAttendancePercent: 0, requireAllLessons: true },
        })
        .expect(201)
    ).body.id;
    const ids: string[] = [];
    for (const [i, sex] of ['female', 'female', 'male', 'not_stated'].entries()) {
      const created = await t
        .http()
        .post('/api/v1/users')
        .set(...bearer(token))
        .send({
          email: `learner${i}.${Math.random().toString(36).slice(2, 7)}@indicators.test`,
          password: PASSWORD,
          fullName: `Слухач ${i}`,
          roles: ['learner'],
          academyId: academy.id,
          locale: 'uk',
          sex,
        })
        .expect(201);
      ids.push(created.body.id);
    }
    await t
      .http()
      .post(`/api/v1/cohorts/${cohort}/enrolments`)
      .set(...bearer(token))
      .send({ userIds: ids })
      .expect(201);
    await t
      .http()
      .post('/api/v1/indicators')
      .set(...bearer(token))
      .send({
        code: 'EU-1.1',
        title: TITLE,
        description: {
          en: 'Counted from enrolments in cohorts.',
          uk: 'Рахується за зарахуваннями до груп.',
          ur: 'گروپوں میں داخلوں سے گنا جاتا ہے۔',
        },
        measure: 'people_trained',
        breakdown: 'sex',
        periodKind: 'quarter',
        baselineValue: 2,
        baselineDate: '2025-12-31',
        targetValue: 10,
        targetDate: '2027-12-31',
      })
      .expect(201);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(page: Page, locale: Locale): Promise<void> {
    await page.goto(`${url}/indicators?lang=${locale}`);
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    expect(await page.getAttribute('html', 'dir')).toBe(locale === 'ur' ? 'rtl' : 'ltr');
    expect(await page.locator('h1').innerText()).toBe(translate(locale, 'indicators:title'));
  }

  /** The chart is an image named and described, with a table beside it: caption, column and row headers. */
  async function chartHasTable(page: Page, locale: 'uk' | 'ur'): Promise<void> {
    const figure = page.locator('figure.indicator-figure').first();
    const svg = figure.locator('svg[role="img"]');
    await expect(svg.count()).resolves.toBe(1);
    expect(await svg.locator('title').textContent()).toBe(translate(locale, 'indicators:chart.title', { title: TITLE[locale] }));
    expect(await svg.locator('desc').textContent()).toContain(translate(locale, 'indicators:chart.desc_table'));
    const table = figure.locator('table');
    expect(await table.locator('caption').innerText()).toBe(translate(locale, 'indicators:table.caption', { title: TITLE[locale] }));
    expect(await table.locator('thead th[scope="col"]').count()).toBe(4);
    // One row per quarter from the first after the baseline to the current one, each with its value.
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(4);
    expect(await table.locator('tbody th[scope="row"]').first().innerText()).toBe(
      translate(locale, 'indicators:period.quarter', { n: 1, year: 2026 }),
    );
    // The breakdown of the latest value by sex: two women, one man, one who prefers not to say.
    const breakdown = page.locator('table.indicator-breakdown');
    expect(await breakdown.locator('caption').innerText()).toContain(translate(locale, 'reports:by.sex'));
    expect(await breakdown.locator('tbody tr').first().innerText()).toMatch(
      new RegExp(`^${translate(locale, 'people:sex.female')}\\s+2\\s+2$`),
    );
    // Baseline → current → target, and the progress in words.
    expect(await page.locator('.indicator-path .baseline').innerText()).toContain(
      translate(locale, 'indicators:summary.baseline', { value: '2', date: '' }).split(':')[0],
    );
    expect(await page.locator('.indicator-path .current').innerText()).not.toBe(translate(locale, 'indicators:summary.no_current'));
    expect(await page.locator('.indicator-progress').innerText()).not.toBe('');
  }

  it('in Ukrainian: the chart with its table, the breakdown, and not a word of English', async () => {
    const page = await browser.newPage();
    await login(page, url, admin);
    await open(page, 'uk');
    await chartHasTable(page, 'uk');
    expect(english(await page.locator('main').innerText())).toEqual([]);
    expect(english(await page.locator('nav.main-nav').innerText())).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'indicators-uk.png'), fullPage: true });
    await page
      .locator('figure.indicator-figure')
      .first()
      .screenshot({ path: join(ARTIFACTS, 'indicators-uk-chart.png') });
    await page.close();
  });

  it('in Urdu: right to left, time runs from the right, every text in Urdu', async () => {
    const page = await browser.newPage();
    await login(page, url, admin);
    await open(page, 'ur');
    await chartHasTable(page, 'ur');
    // In the SVG's 640-wide box, the first period's column is the rightmost: time runs in the reading direction.
    const columns = await page
      .locator('figure.indicator-figure svg rect.column')
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('x'))));
    expect(columns.length).toBeGreaterThanOrEqual(4);
    expect(columns[0]).toBeGreaterThan(columns[columns.length - 1]);
    expect(await page.locator('figure.indicator-figure svg text').first().getAttribute('direction')).toBe('rtl');
    expect(english(await page.locator('main').innerText())).toEqual([]);
    expect(english(await page.locator('nav.main-nav').innerText())).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'indicators-ur.png'), fullPage: true });
    await page
      .locator('figure.indicator-figure')
      .first()
      .screenshot({ path: join(ARTIFACTS, 'indicators-ur-chart.png') });
    await page.close();
  });

  it('creates an indicator through the form without script, the errors beside their fields, in Ukrainian', async () => {
    const page = await browser.newPage();
    await page.route('**/*.js', (route) => route.abort());
    await login(page, url, admin);
    await page.goto(`${url}/indicators/new?lang=uk`);
    expect(await page.getAttribute('html', 'lang')).toBe('uk');
    const submit = async (): Promise<void> => {
      await page.locator('form.indicator-form button[type="submit"]').first().click();
      await page.waitForLoadState('domcontentloaded');
    };
    // The shape first: a code with a space, no title.
    await page.locator('#code').fill('два слова');
    await page.locator('#measure').selectOption('mean_satisfaction');
    await page.locator('#breakdown').selectOption('sex');
    await submit();
    expect(await page.getAttribute('html', 'lang')).toBe('uk');
    expect(await page.locator('#code').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#code').getAttribute('aria-describedby')).toBe('code-hint code-error');
    expect(await page.locator('#code-error').innerText()).toContain(translate('uk', 'fields:code'));
    expect(await page.locator('#title-error').innerText()).toContain(translate('uk', 'fields:title'));
    await page.screenshot({ path: join(ARTIFACTS, 'indicator-form-uk.png'), fullPage: true });
    // What was typed is still there; then the rule across fields: anonymous answers have no breakdown by sex.
    expect(await page.locator('#code').inputValue()).toBe('два слова');
    await page.locator('#code').fill('EU-1.2');
    await page.locator('#title_uk').fill('Середня задоволеність навчанням');
    await submit();
    expect(await page.locator('#breakdown-error').innerText()).toBe(
      translate('uk', 'validation:indicatorBreakdown', { field: translate('uk', 'fields:breakdown') }),
    );
    expect(await page.locator('#title_uk').inputValue()).toBe('Середня задоволеність навчанням');
    await page.locator('#breakdown').selectOption('country');
    await page.locator('form.indicator-form button[type="submit"]').first().click();
    await page.waitForURL(/\/indicators#indicator-/);
    expect(await page.locator('.flash').first().innerText()).toContain(translate('uk', 'indicators:form.created'));
    expect(await page.locator('article.indicator h2').allInnerTexts()).toContain('Середня задоволеність навчанням');
    await page.close();
  });
});
