import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { translate } from '@probity/i18n';
import { academyFactory, userFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

/** Presses Tab until the element matching `selector` has the focus; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 400): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.locator(`${selector}:focus`).count()) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Tabs to a field and types into it, as a person with a keyboard would. */
async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

/**
 * A trainer writes a reaction survey template with the keyboard alone, in Georgian, in a browser without JavaScript:
 * the title and questions in Georgian (and the title and the statement in Urdu), a second question added with a
 * button that brings the keyboard back to it, saved; then the preview in Urdu, right to left, as Urdu-reading learners
 * will see it, with the question written only in Georgian marked as such.
 */
(browserAvailable() ? describe : describe.skip)('writing a survey template with the keyboard in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let trainer: Awaited<ReturnType<typeof userFactory>>;

  const title = { ka: 'კურსის შეფასება: ფინანსური გამოძიება', ur: 'کورس کا جائزہ: مالیاتی تفتیش' };
  const statement = { ka: 'კურსი ჩემი ყოველდღიური სამუშაოსთვის სასარგებლო იყო.', ur: 'یہ کورس میرے روزمرہ کام کے لیے مفید تھا۔' };
  const openQuestion = 'რა დააკლდა კურსს?';

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    const academy = await academyFactory(t.app, { code: 'KST', defaultLocale: 'ka', name: { en: 'Keyboard Academy', ka: 'აკადემია' } });
    trainer = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id, locale: 'ka', fullName: 'ნინო ბერიძე' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates a template by keyboard only in Georgian, then previews it in Urdu, right to left', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // Signing in with the keyboard.
    await page.goto(`${url}/login`);
    await typeInto(page, '#email', trainer.email);
    await typeInto(page, '#password', trainer.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/dashboard`);
    expect(await page.getAttribute('html', 'lang')).toBe('ka');
    // From the navigation to the list, then to a new template.
    await tabTo(page, 'nav.main-nav a[href="/surveys/templates"]');
    expect(await page.locator('nav.main-nav a[href="/surveys/templates"]').innerText()).toBe(translate('ka', 'evaluation:templates.nav'));
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/surveys/templates`);
    expect(await page.locator('h1').innerText()).toBe(translate('ka', 'evaluation:templates.heading'));
    await tabTo(page, '#new-template');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/surveys/templates/new`);
    // The author's language comes first; Urdu fields are written right to left.
    const titleInputs = page.locator('#title input');
    expect(await titleInputs.first().getAttribute('lang')).toBe('ka');
    expect(await page.locator('#title-ur').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('#items-0-text-ur').getAttribute('dir')).toBe('rtl');
    await typeInto(page, '#title-ka', title.ka);
    await typeInto(page, '#title-ur', title.ur);
    // Question 1, a statement: its scale chosen with the arrow keys, its text in Georgian and Urdu.
    await tabTo(page, '#item-0-scale-select');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#item-0-scale-select').inputValue()).toBe('relevance');
    await typeInto(page, '#items-0-text-ka', statement.ka);
    await typeInto(page, '#items-0-text-ur', statement.ur);
    // "Add an open question": the page comes back at the new question, and Tab goes on from there.
    await tabTo(page, 'button[value="add:open_text"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/surveys/templates/new#item-1`);
    expect(await page.locator('#title-ka').inputValue()).toBe(title.ka);
    expect(await page.locator('fieldset.survey-item').count()).toBe(2);
    await page.keyboard.press('Tab');
    expect(await page.locator('#item-1-type-select:focus').count()).toBe(1);
    expect(await page.locator('#item-1-type-select').inputValue()).toBe('open_text');
    await typeInto(page, '#items-1-text-ka', openQuestion);
    await page.screenshot({ path: join(ARTIFACTS, 'survey-template-editor-ka.png'), fullPage: true });
    await tabTo(page, '#save-template');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/surveys\/templates\/[0-9a-f-]{36}$/);
    expect(await page.locator('.flash').innerText()).toBe(translate('ka', 'evaluation:templates.created'));
    expect(await page.locator('h1').innerText()).toBe(title.ka);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const [stored] = (await t.db.query<{ title: Record<string, string> }>('SELECT title FROM survey_templates WHERE id = $1', [id])).rows;
    expect(stored.title).toEqual(title);
    const items = (
      await t.db.query<{ type: string; scale: string | null; text: Record<string, string>; required: boolean }>(
        'SELECT type, scale, text, required FROM survey_template_items WHERE template_id = $1 ORDER BY position',
        [id],
      )
    ).rows;
    expect(items).toEqual([
      { type: 'likert', scale: 'relevance', text: statement, required: true },
      { type: 'open_text', scale: null, text: { ka: openQuestion }, required: false },
    ]);
    // The preview in Urdu, chosen with the keyboard: right to left, Urdu texts and answer labels; the page stays Georgian.
    await tabTo(page, '#preview-in');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#preview-in').inputValue()).toBe('ur');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/surveys/templates/${id}?in=ur`);
    expect(await page.getAttribute('html', 'lang')).toBe('ka');
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    const preview = page.locator('#preview');
    expect(await preview.getAttribute('lang')).toBe('ur');
    expect(await preview.getAttribute('dir')).toBe('rtl');
    expect(await preview.locator('.preview-title').innerText()).toBe(title.ur);
    const questions = preview.locator('fieldset.question');
    expect(await questions.count()).toBe(2);
    expect(await questions.nth(0).locator('.question-text').innerText()).toBe(statement.ur);
    const labels = questions.nth(0).locator('.likert-options label');
    expect(await labels.allInnerTexts()).toEqual([1, 2, 3, 4, 5].map((v) => translate('ur', `evaluation:likert.${v}`)));
    // Laid out right to left: "strongly disagree" (1) stands right of "strongly agree" (5).
    const [first, last] = [await labels.nth(0).boundingBox(), await labels.nth(4).boundingBox()];
    expect(first && last && first.x > last.x).toBe(true);
    // Question 2 exists only in Georgian: shown in Georgian, marked as not written in Urdu.
    expect(await questions.nth(1).locator('.question-text').getAttribute('lang')).toBe('ka');
    expect(await questions.nth(1).locator('.badge').innerText()).toBe(translate('ka', 'evaluation:templates.fell_back'));
    await page.screenshot({ path: join(ARTIFACTS, 'survey-template-preview-ur.png'), fullPage: true });
    await context.close();
  });
});
