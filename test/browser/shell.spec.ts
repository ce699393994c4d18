import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { LANGUAGE_NAMES, LOCALES, type Locale, translate } from '@probity/i18n';
import { academyFactory, userFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

/** A character of each language's own script, to tell what a person actually reads. */
const SCRIPT: Record<Locale, RegExp> = {
  en: /^[\p{Script=Latin}\p{P}\p{N}\s]+$/u,
  sw: /^[\p{Script=Latin}\p{P}\p{N}\s]+$/u,
  ru: /\p{Script=Cyrillic}/u,
  uk: /\p{Script=Cyrillic}/u,
  ka: /\p{Script=Georgian}/u,
  ur: /\p{Script=Arabic}/u,
};

(browserAvailable() ? describe : describe.skip)('the web shell in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let admin: Awaited<ReturnType<typeof userFactory>>;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    const academy = await academyFactory(t.app, {
      code: 'GEB',
      defaultLocale: 'ka',
      name: { en: 'Georgian Academy', ka: 'საქართველოს აკადემია' },
    });
    admin = await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id, fullName: 'ნინო ბერიძე', locale: 'en' });
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

  it('logs in, then switches through all six languages; Urdu is right-to-left, every text in its script', async () => {
    const page = await browser.newPage();
    await login(page, admin);
    expect(await page.locator('h1').innerText()).toContain('ნინო ბერიძე');
    for (const locale of LOCALES) {
      await page.getByRole('link', { name: LANGUAGE_NAMES[locale], exact: true }).click();
      await page.waitForURL(new RegExp(`lang=${locale}`));
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      expect(await page.getAttribute('html', 'dir')).toBe(locale === 'ur' ? 'rtl' : 'ltr');
      const nav = (await page.locator('nav.main-nav').innerText()).trim();
      expect(nav).toContain(translate(locale, 'common:nav.dashboard'));
      expect(nav).toMatch(SCRIPT[locale]);
      const heading = (await page.locator('h2').first().innerText()).trim();
      expect(heading).toBe(translate(locale, 'common:dashboard.academy.heading'));
      expect(heading).toMatch(SCRIPT[locale]);
      if (locale === 'ur') {
        // Laid out right to left: the brand sits at the right edge, the navigation to its left.
        const brand = await page.locator('.brand').boundingBox();
        const menu = await page.locator('nav.main-nav').boundingBox();
        expect(brand && menu && brand.x > menu.x).toBe(true);
      }
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-${locale}.png`), fullPage: true });
    }
    // The choice sticks for the next page.
    await page.goto(`${url}/admin/users`);
    expect(await page.getAttribute('html', 'lang')).toBe('sw');
  });

  it('serves its own fonts: Georgian and Nastaliq load from Probity, not from the machine', async () => {
    const page = await browser.newPage();
    const fonts: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/fonts/') && response.ok()) fonts.push(new URL(response.url()).pathname);
    });
    await login(page, admin);
    await page.goto(`${url}/dashboard?lang=ur`);
    await page.evaluate(() => document.fonts.ready);
    await page.goto(`${url}/dashboard?lang=ka`);
    await page.evaluate(() => document.fonts.ready);
    expect(fonts).toEqual(
      expect.arrayContaining(['/assets/fonts/noto-nastaliq-urdu-400.woff2', '/assets/fonts/noto-sans-georgian-700.woff2']),
    );
    const loaded = await page.evaluate(() =>
      Array.from(document.fonts as unknown as Iterable<FontFace>)
        .filter((f) => f.status === 'loaded')
        .map((f) => f.family.replace(/"/g, '')),
    );
    expect(loaded).toContain('Noto Sans Georgian');
  });

  it('works without JavaScript: an admin adds a person, sees field errors, then the success message', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, admin);
    await page.goto(`${url}/admin/users?lang=en`);
    const form = page.locator('#create-user form');
    await form.getByLabel('Full name').fill('Levan Lomidze');
    await form.getByLabel('Email address').fill('not-an-email');
    await form.getByLabel('Password').fill('short');
    await form.getByRole('button', { name: 'Add the person' }).click();
    const emailInput = page.locator('#create-user #email');
    expect(await emailInput.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#email-error').innerText()).toContain('valid email address');
    expect(await page.locator('#password-error').innerText()).toContain('12');
    await page.locator('#create-user').getByLabel('Email address').fill('l.lomidze@example.test');
    await page.locator('#create-user').getByLabel('Password').fill('a-long-enough-password');
    await page.locator('#create-user').getByRole('button', { name: 'Add the person' }).click();
    await expect(page.locator('.flash-success').innerText()).resolves.toContain('Levan Lomidze');
    await page.screenshot({ path: join(ARTIFACTS, 'users-created.png'), fullPage: true });
    await context.close();
  });

  it('refuses a form whose CSRF token is wrong', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, admin);
    await page.goto(`${url}/admin/users`);
    await page.locator('#create-user input[name=_csrf]').evaluate((input: HTMLInputElement) => (input.value = 'forged'));
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.locator('#create-user button[type=submit]').click(),
    ]);
    expect(response.status()).toBe(403);
    await context.close();
  });
});
