import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { translate } from '@probity/i18n';
import { academyFactory, userFactory, versionFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser, login } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

(browserAvailable() ? describe : describe.skip)('running a cohort in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let admin: Awaited<ReturnType<typeof userFactory>>;
  let trainer: Awaited<ReturnType<typeof userFactory>>;
  let tamar: Awaited<ReturnType<typeof userFactory>>;
  let fatima: Awaited<ReturnType<typeof userFactory>>;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    const academy = await academyFactory(t.app, {
      code: 'GEZ',
      defaultLocale: 'ka',
      name: { en: 'Georgian Academy', ka: 'საქართველოს აკადემია' },
      timeZone: 'Asia/Tbilisi',
    });
    admin = await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id, locale: 'en', fullName: 'Nino Beridze' });
    trainer = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id, locale: 'en', fullName: 'Giorgi Kapanadze' });
    tamar = await userFactory(t.app, { roles: ['learner'], academyId: academy.id, locale: 'ka', fullName: 'თამარ ჯაფარიძე' });
    fatima = await userFactory(t.app, { roles: ['learner'], academyId: academy.id, locale: 'ur', fullName: 'فاطمہ احمد' });
    await versionFactory(t.app, trainer, { lessons: 2 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an admin creates a cohort and enrols from a CSV, a trainer takes the register, learners complete lessons in Georgian and Urdu', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, url, admin);
    await page.goto(`${url}/cohorts?lang=en`);
    await page.getByLabel('Name').fill('Tbilisi, spring 2027');
    await page.getByLabel('Language of instruction').selectOption('ka');
    await page.getByLabel('Start date').fill('2027-03-01');
    await page.getByLabel('End date').fill('2027-04-30');
    await page.getByLabel('Giorgi Kapanadze').check();
    await page.getByLabel('Minimum attendance (%)').fill('50');
    await page.getByRole('button', { name: 'Create the cohort' }).click();
    await page.waitForURL(/\/cohorts\/[0-9a-f-]{36}$/);
    const cohortUrl = page.url();
    await page.getByLabel('Email addresses').fill(`email\n${tamar.email}\n${fatima.email}\nunknown@example.test\n`);
    await page.getByRole('button', { name: 'Enrol these addresses' }).click();
    expect(await page.locator('#enrol .flash').innerText()).toContain('2 learners enrolled');
    expect(await page.locator('.skipped').innerText()).toContain('unknown@example.test');
    await page.locator('#s-date').fill('2027-03-02');
    await page.locator('#s-start').fill('06:00');
    await page.locator('#s-end').fill('12:00');
    await page.getByRole('button', { name: 'Add the session' }).click();
    await page.waitForSelector('.flash-success');
    // Entered as Tbilisi time (UTC+4), stored as the instant, shown again in Tbilisi time.
    const [stored] = (await t.db.query<{ starts_at: Date }>(`SELECT starts_at FROM cohort_sessions ORDER BY starts_at DESC LIMIT 1`)).rows;
    expect(stored.starts_at.toISOString()).toBe('2027-03-02T02:00:00.000Z');
    expect(await page.locator('ol.sessions li').first().innerText()).toMatch(/06:00/);
    expect(await page.locator('#sessions, .session-form').first().innerText()).toContain('Asia/Tbilisi');
    await context.close();

    // The trainer takes the register on a phone-sized screen.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const mobile = await phone.newPage();
    await login(mobile, url, trainer);
    await mobile.goto(`${cohortUrl}?lang=en`);
    await mobile.getByRole('link', { name: 'Take the register' }).click();
    await mobile.locator(`input[name="a:${tamar.id}"][value="present"]`).check();
    await mobile.locator(`input[name="a:${fatima.id}"][value="late"]`).check();
    await mobile.screenshot({ path: join(ARTIFACTS, 'register-phone.png'), fullPage: true });
    await mobile.getByRole('button', { name: 'Save the register' }).click();
    await mobile.waitForSelector('.flash-success');
    expect(await mobile.locator('.grid-table td').allInnerTexts()).toEqual(expect.arrayContaining(['P', 'L']));
    await phone.close();

    // Tamar, in Georgian: the dashboard's progress moves when she completes a lesson.
    for (const [person, locale] of [
      [tamar, 'ka'],
      [fatima, 'ur'],
    ] as const) {
      const reader = await (await browser.newContext()).newPage();
      await login(reader, url, person);
      expect(await reader.getAttribute('html', 'lang')).toBe(locale);
      expect(await reader.getAttribute('html', 'dir')).toBe(locale === 'ur' ? 'rtl' : 'ltr');
      const meter = reader.locator('.my-cohort .meter').first();
      expect(await meter.innerText()).toContain(translate(locale, 'cohorts:my.lessons', { done: 0, total: 2 }));
      await reader.locator('.my-cohort h3 a').click();
      await reader.locator('.lesson-list a').first().click();
      await reader.locator('.complete-box button').click();
      await reader.waitForSelector('.done-mark');
      await reader.goto(`${url}/dashboard`);
      expect(await reader.locator('.my-cohort .meter').first().innerText()).toContain(
        translate(locale, 'cohorts:my.lessons', { done: 1, total: 2 }),
      );
      expect(await reader.locator('.my-cohort progress').first().getAttribute('value')).toBe('1');
      await reader.screenshot({ path: join(ARTIFACTS, `learner-dashboard-${locale}.png`), fullPage: true });
      if (locale === 'ur') {
        // The last lesson meets the last rule: completed, at once.
        await reader.locator('.my-cohort h3 a').click();
        await reader.locator('.lesson-list a').nth(1).click();
        await reader.locator('.complete-box button').click();
        await reader.waitForSelector('.done-mark');
        await reader.goto(`${url}/dashboard`);
        expect(await reader.locator('.my-cohort .status-completed').innerText()).toBe(translate('ur', 'cohorts:status.completed'));
        await reader.screenshot({ path: join(ARTIFACTS, 'learner-completed-ur.png'), fullPage: true });
      }
      await reader.context().close();
    }
  });
});
