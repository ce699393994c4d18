import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CohortsService, EnrolmentsService } from '@probity/cohorts';
import { academyFactory, userFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

(browserAvailable() ? describe : describe.skip)('courses in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let trainer: Awaited<ReturnType<typeof userFactory>>;
  let learner: Awaited<ReturnType<typeof userFactory>>;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    const academy = await academyFactory(t.app, {
      code: 'GEW',
      defaultLocale: 'ka',
      name: { en: 'Georgian Academy', ka: 'საქართველოს აკადემია' },
    });
    trainer = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id, locale: 'en' });
    learner = await userFactory(t.app, { roles: ['learner'], academyId: academy.id, locale: 'ka' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function login(page: Page, user: { email: string; password: string }): Promise<void> {
    await page.goto(`${url}/login?lang=en`);
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${url}/dashboard`);
  }

  it('a trainer builds a course, translates its title into Georgian side by side, and publishes; a learner reads it in Urdu and Georgian', async () => {
    // Authoring, entirely through forms (no script on these pages).
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, trainer);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Courses' }).click();
    await page.getByLabel('Code').fill('SEAL-101');
    await page.getByLabel('Title').fill('Sealing seized drugs');
    await page.getByLabel('Summary').fill('How to seal, log and store seized drugs.');
    await page.getByRole('button', { name: 'Create the course' }).click();
    await page.waitForURL(/\/courses\/[0-9a-f-]+\?edit=en/);
    const courseUrl = page.url().split('?')[0];
    await page.locator('#m-title').fill('Sealing and storage');
    await page.getByRole('button', { name: 'Add the module' }).click();
    await page.getByText('Add a lesson to this module').click();
    await page.locator('.add-lesson input[name=title]').fill('Seal numbers');
    await page
      .locator('.add-lesson textarea[name=body]')
      .fill(
        '## Why seal numbers matter\n\nWrite the **seal number** on the transfer log.\n\n| Bag | Seal |\n| --- | --- |\n| RB-17 | 0041873 |',
      );
    await page.getByRole('button', { name: 'Add the lesson' }).click();
    await page.waitForSelector('.flash-success');
    expect(await page.locator('ol.lessons li').count()).toBe(1);

    // Side-by-side translation into Georgian: untranslated texts are highlighted.
    await page.goto(`${courseUrl}/translate?from=en&to=ka`);
    expect(await page.locator('tr.missing').count()).toBe(5);
    expect(await page.locator('tr[data-key="course:title"] td.source').innerText()).toContain('Sealing seized drugs');
    await page.locator('tr[data-key="course:title"] textarea').fill('ამოღებული ნარკოტიკების დალუქვა');
    const lessonRows = page.locator('tr[data-key^="lesson:"]');
    await lessonRows.nth(0).locator('textarea').fill('ლუქის ნომრები');
    await lessonRows
      .nth(1)
      .locator('textarea')
      .fill('## რატომ არის მნიშვნელოვანი ლუქის ნომერი\n\nჩაწერეთ **ლუქის ნომერი** გადაცემის ჟურნალში.');
    await page.screenshot({ path: join(ARTIFACTS, 'translate-ka.png'), fullPage: true });
    await page.getByRole('button', { name: /Save the ქართული texts/ }).click();
    await page.waitForSelector('.flash-success');
    expect(await page.locator('.flash-success').innerText()).toContain('60%');
    expect(await page.locator('tr.missing').count()).toBe(2);

    await page.goto(courseUrl);
    await page.getByRole('button', { name: 'Publish a new version' }).click();
    await page.waitForSelector('.flash-success');
    expect(await page.locator('.flash-success').innerText()).toContain('Version 1');
    await context.close();

    // Learners read what they are enrolled in: the trainer runs a cohort of version 1.
    const { rows } = await t.db.query<{ id: string }>('SELECT id FROM course_versions ORDER BY published_at DESC LIMIT 1');
    const cohorts = t.app.get(CohortsService);
    const runner = { ...trainer, locale: 'en' as const };
    const cohort = await cohorts.create(runner, {
      courseVersionId: rows[0].id,
      name: 'Pilot',
      locale: 'ka',
      startsOn: '2027-01-01',
      endsOn: '2027-02-01',
      trainerIds: [trainer.id],
    });
    await t.app.get(EnrolmentsService).enrol(runner, cohort.id, [learner.id]);

    // Reading, as a learner: Urdu falls back with a notice (the lesson has no Urdu text), right to left.
    const reader = await browser.newPage();
    await login(reader, learner);
    await reader.goto(`${url}/catalog?lang=ur`);
    expect(await reader.getAttribute('html', 'dir')).toBe('rtl');
    await reader.locator('.course-card h2 a').first().click();
    await reader.locator('.lesson-list a').first().click();
    await reader.waitForURL(/\/lessons\//);
    expect(await reader.getAttribute('html', 'dir')).toBe('rtl');
    expect(await reader.locator('#fallback-notice').isVisible()).toBe(true);
    expect(await reader.locator('#fallback-notice').innerText()).toMatch(/\p{Script=Arabic}/u);
    expect(await reader.locator('.prose').getAttribute('lang')).toBe('ka');
    await reader.screenshot({ path: join(ARTIFACTS, 'lesson-ur.png'), fullPage: true });

    // Georgian: the frozen Georgian text, no notice.
    await reader.goto(`${reader.url().split('?')[0]}?lang=ka`);
    expect(await reader.getAttribute('html', 'lang')).toBe('ka');
    expect(await reader.locator('#fallback-notice').count()).toBe(0);
    expect(await reader.locator('.lesson h1').innerText()).toBe('ლუქის ნომრები');
    expect(await reader.locator('.prose h2').innerText()).toBe('რატომ არის მნიშვნელოვანი ლუქის ნომერი');
    await reader.screenshot({ path: join(ARTIFACTS, 'lesson-ka.png'), fullPage: true });
  });
});
