import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { translate } from '@probity/i18n';
import { academyFactory, userFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser, login } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

type Person = Awaited<ReturnType<typeof userFactory>>;
type Locale = 'ka' | 'sw';

/** Every word (four letters or more, lower case) of a locale's catalogues. */
function vocabulary(locale: string): Set<string> {
  const dir = join(__dirname, '..', '..', 'libs', 'i18n', 'locales', locale);
  const words = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') for (const w of value.match(/[A-Za-z]{4,}/g) ?? []) words.add(w.toLowerCase());
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const file of readdirSync(dir)) walk(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  return words;
}

/** Words of English's catalogues that Swahili's never use: English left in place on a Swahili page. */
const ENGLISH_ONLY = (() => {
  const sw = vocabulary('sw');
  return new Set([...vocabulary('en')].filter((w) => !sw.has(w)));
})();

/** Names of languages in their own tongue (the language lists), of file formats and programs, and of Probity. */
const NAMES = ['English', 'Kiswahili', 'Probity', 'XLSX', 'Word', 'PowerPoint', 'Excel'];

/**
 * English left on a page: in Georgian any Latin word of four letters or more; in Swahili (Latin script itself) any
 * word that only English's catalogues use. What people typed (names, agencies, addresses) is taken out first.
 */
function english(text: string, locale: Locale, typed: string[]): string[] {
  const clean = typed.reduce((s, t) => s.split(t).join(' '), text).replace(/\S+@\S+/g, ' ');
  const words = (clean.match(/[A-Za-z]{4,}/g) ?? []).filter((w) => !NAMES.includes(w));
  return locale === 'ka' ? words : words.filter((w) => ENGLISH_ONLY.has(w.toLowerCase()));
}

/** A catalogue key shown as it is, instead of its translation. */
const UNTRANSLATED = /\b(cooperation|cooperation_reports|cooperation_outcomes|directory|assistance|people|common|errors|fields):[a-z_]+/;

const TITLE = 'თბილისი–ბიშკეკი: კონტროლირებადი მიწოდების სამუშაო შეხვედრა';
const ACTION = 'გაცვალეთ საკონტაქტო პირების სია კონტროლირებადი მიწოდების სასწრაფო მოთხოვნებისთვის.';

/**
 * A cooperation initiative in a real browser (issue 15, "How it is shown"), in Georgian and Swahili, through the
 * pages' own forms: the Georgian academy's administrator (Georgian) creates an initiative and invites the Kyrgyz
 * academy; its administrator (Swahili) accepts and adds one of her learners; the Georgian administrator adds her own
 * learner, keeps the register and agrees an action item; both learners opt in to the directory and see each other;
 * both administrators read the cooperation report. Every page: the person's language and direction, no catalogue
 * key, no English left.
 */
(browserAvailable() ? describe : describe.skip)('cooperation initiatives in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let geAdmin: Person, kgAdmin: Person, geLearner: Person, kgLearner: Person;
  let kgInstitution: string;
  let initiativeId: string;
  const typed = [
    'ნინო ბერიძე',
    'Айгуль Садыкова',
    'თამარ ჯაფარიძე',
    'Нурлан Токтогулов',
    'Служба по борьбе с незаконным оборотом наркотиков',
    'Kyrgyz Academy',
    'Georgian Academy',
  ];

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    const ge = await academyFactory(t.app, {
      code: 'GE',
      country: 'GE',
      defaultLocale: 'ka',
      name: { en: 'Georgian Academy', ka: 'საქართველოს შსს აკადემია', sw: 'Chuo cha Polisi cha Georgia' },
    });
    const kg = await academyFactory(t.app, {
      code: 'KG',
      country: 'KG',
      defaultLocale: 'ru',
      name: { en: 'Kyrgyz Academy', ka: 'ყირგიზეთის შსს აკადემია', sw: 'Chuo cha Polisi cha Kirigizistani' },
    });
    geAdmin = await userFactory(t.app, { roles: ['academy_admin'], academyId: ge.id, fullName: 'ნინო ბერიძე', locale: 'ka' });
    kgAdmin = await userFactory(t.app, { roles: ['academy_admin'], academyId: kg.id, fullName: 'Айгуль Садыкова', locale: 'sw' });
    geLearner = await userFactory(t.app, { roles: ['learner'], academyId: ge.id, fullName: 'თამარ ჯაფარიძე', locale: 'ka' });
    kgLearner = await userFactory(t.app, { roles: ['learner'], academyId: kg.id, fullName: 'Нурлан Токтогулов', locale: 'sw' });
    // The Kyrgyz academy took part in an initiative before: an academy administrator may invite academies known so.
    kgInstitution = (
      await t.db.query<{ id: string }>(
        `INSERT INTO assistance_institutions (kind, academy_id, name, country) VALUES ('academy', $1, $2, 'KG') RETURNING id`,
        [kg.id, JSON.stringify({ en: 'Kyrgyz Academy', ka: 'ყირგიზეთის შსს აკადემია', sw: 'Chuo cha Polisi cha Kirigizistani' })],
      )
    ).rows[0].id;
    const [before] = (
      await t.db.query<{ id: string }>(
        `INSERT INTO cooperation_initiatives (reference, lead_academy_id, title, format, topic, status, starts_on, ends_on, venue)
         VALUES ('CI-2026-900', $1, '{"ru":"Встреча в Бишкеке"}', 'regional_meeting', 'supply_reduction', 'closed', '2026-03-02', '2026-03-03', 'Бишкек')
         RETURNING id`,
        [kg.id],
      )
    ).rows;
    await t.db.query(`INSERT INTO cooperation_memberships (initiative_id, institution_id, status) VALUES ($1, $2, 'accepted')`, [
      before.id,
      kgInstitution,
    ]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** What every page must be for the person: their language and direction, every key translated, no English left. */
  async function readable(page: Page, locale: Locale): Promise<void> {
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect(await page.locator('body').innerText()).not.toMatch(UNTRANSLATED);
    expect(english(await page.locator('main').innerText(), locale, typed)).toEqual([]);
    if (await page.locator('nav.main-nav').count())
      expect(english(await page.locator('nav.main-nav').innerText(), locale, typed)).toEqual([]);
    expect(await page.locator('.flash-error').count()).toBe(0);
  }

  async function as(person: { email: string; password: string }): Promise<Page> {
    const page = await browser.newPage();
    await login(page, url, person);
    return page;
  }

  /** Waits for a page at `path` (any query, any fragment). */
  const at = (page: Page, path: string) => page.waitForURL(new RegExp(`${path}(\\?[^#]*)?(#.*)?$`));

  it('the Georgian administrator creates an initiative in Georgian and invites the Kyrgyz academy', async () => {
    const page = await as(geAdmin);
    await page.goto(`${url}/initiatives`);
    await readable(page, 'ka');
    await page.goto(`${url}/initiatives/new`);
    await readable(page, 'ka');
    await page.fill('#title_ka', TITLE);
    await page.fill('#purpose_ka', 'ორი აკადემიის გამომძიებლები თანხმდებიან, როგორ მოითხოვონ და გააკონტროლონ მიწოდება საზღვრებს მიღმა.');
    await page.selectOption('#format', 'regional_meeting');
    await page.selectOption('#topic', 'international_cooperation');
    await page.fill('#startsOn', '2027-05-10');
    await page.fill('#endsOn', '2027-05-11');
    await page.fill('#venue', 'ბათუმი');
    await page.locator('form.initiative-form button[type="submit"]').click();
    await page.waitForURL(/\/initiatives\/[0-9a-f-]{36}(#.*)?$/);
    initiativeId = /initiatives\/([0-9a-f-]{36})/.exec(page.url())![1];
    await readable(page, 'ka');
    expect(await page.locator('h1').innerText()).toContain(TITLE);

    await page.selectOption('#institutionId', kgInstitution);
    await page.locator(`form[action="/initiatives/${initiativeId}/institutions"] button[type="submit"]`).click();
    await at(page, `/initiatives/${initiativeId}`);
    await readable(page, 'ka');
    expect(await page.locator('#members').innerText()).toContain('ყირგიზეთის შსს აკადემია');
    await page.screenshot({ path: join(ARTIFACTS, 'cooperation-initiative-ka.png'), fullPage: true });
    await page.close();
  });

  it('the Kyrgyz administrator, in Swahili, accepts and adds one of her learners', async () => {
    const page = await as(kgAdmin);
    await page.goto(`${url}/initiatives/${initiativeId}`);
    await readable(page, 'sw');
    await page.locator(`form[action="/initiatives/${initiativeId}/institutions/${kgInstitution}/accept"] button`).click();
    await at(page, `/initiatives/${initiativeId}`);
    await readable(page, 'sw');
    await page.selectOption('#person-institution', kgInstitution);
    await page.selectOption('#userId', kgLearner.id);
    await page.locator(`form[action="/initiatives/${initiativeId}/participants"]:not(#guest-form) button[type="submit"]`).click();
    await at(page, `/initiatives/${initiativeId}`);
    await readable(page, 'sw');
    expect(await page.locator('#participants').innerText()).toContain('Нурлан Токтогулов');
    await page.screenshot({ path: join(ARTIFACTS, 'cooperation-initiative-sw.png'), fullPage: true });
    await page.close();
  });

  it('the Georgian administrator adds her learner, keeps the register and agrees an action item', async () => {
    const page = await as(geAdmin);
    await page.goto(`${url}/initiatives/${initiativeId}`);
    await readable(page, 'ka');
    const [{ id: geInstitution }] = (
      await t.db.query<{ id: string }>(`SELECT id FROM assistance_institutions WHERE academy_id = $1`, [geAdmin.academyId])
    ).rows;
    await page.selectOption('#person-institution', geInstitution);
    await page.selectOption('#userId', geLearner.id);
    await page.locator(`form[action="/initiatives/${initiativeId}/participants"]:not(#guest-form) button[type="submit"]`).click();
    await at(page, `/initiatives/${initiativeId}`);
    await readable(page, 'ka');
    expect(await page.locator('#participants').innerText()).toContain('თამარ ჯაფარიძე');

    for (const box of await page.locator('#register input[name="present"]').all()) await box.check();
    await page.locator(`form[action="/initiatives/${initiativeId}/attendance"] button[type="submit"]`).click();
    await at(page, `/initiatives/${initiativeId}`);
    await readable(page, 'ka');
    const marks = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cooperation_attendance a JOIN cooperation_participants p ON p.id = a.participant_id
        WHERE p.initiative_id = $1 AND a.present`,
      [initiativeId],
    );
    expect(marks.rows[0].n).toBe(2);

    await page.goto(`${url}/action-items?initiativeId=${initiativeId}`);
    await readable(page, 'ka');
    await page.fill('#body', ACTION);
    await page.selectOption('#ownerInstitutionId', kgInstitution);
    await page.fill('#dueOn', '2027-06-30');
    await page.locator('#add-item button[type="submit"]').click();
    await page.waitForURL(new RegExp(`/action-items\\?initiativeId=${initiativeId}`));
    await readable(page, 'ka');
    expect(await page.locator('main').innerText()).toContain(ACTION);
    await page.screenshot({ path: join(ARTIFACTS, 'cooperation-action-items-ka.png'), fullPage: true });
    await page.close();
  });

  it('both learners opt in to the directory and find each other there', async () => {
    const optIn = async (person: Person, locale: Locale, agency: string, country: string, contact: string): Promise<Page> => {
      const page = await as(person);
      await page.goto(`${url}/directory`);
      await readable(page, locale);
      await page.fill('#agency', agency);
      await page.fill('#country', country);
      await page.check(`input[name="languages"][value="ru"]`);
      await page.check(`input[name="topics"][value="international_cooperation"]`);
      await page.fill('#workContact', contact);
      await page.check('#consent');
      await page.locator('#my-entry button[type="submit"]').click();
      await page.waitForURL(new RegExp('/directory'));
      await readable(page, locale);
      return page;
    };
    await (await optIn(geLearner, 'ka', 'ცენტრალური კრიმინალური პოლიციის დეპარტამენტი', 'GE', 'tamar@police.ge.test')).close();
    const page = await optIn(kgLearner, 'sw', 'Служба по борьбе с незаконным оборотом наркотиков', 'KG', 'nurlan@police.kg.test');
    const text = await page.locator('main').innerText();
    expect(text).toContain('თამარ ჯაფარიძე');
    expect(text).toContain('tamar@police.ge.test');
    await page.screenshot({ path: join(ARTIFACTS, 'cooperation-directory-sw.png'), fullPage: true });
    await page.close();
  });

  it('both administrators read the cooperation report, the matrix in their own language', async () => {
    for (const [person, locale] of [
      [geAdmin, 'ka'],
      [kgAdmin, 'sw'],
    ] as const) {
      const page = await as(person);
      await page.goto(`${url}/initiatives/reports`);
      await readable(page, locale);
      expect(await page.locator('h1').innerText()).toBe(translate(locale, 'cooperation_reports:title'));
      const matrix = page.locator('table.country-matrix');
      expect(await matrix.locator('caption').innerText()).toBe(translate(locale, 'cooperation_reports:matrix.caption'));
      expect(await matrix.locator('thead th[scope="col"]').count()).toBe(2);
      expect(await matrix.locator('tbody th[scope="row"]').count()).toBe(2);
      expect(await page.locator('#cooperation-summary tr[data-figure="people"] td').innerText()).toBe('2');
      await page.screenshot({ path: join(ARTIFACTS, `cooperation-report-${locale}.png`), fullPage: true });
      await page.close();
    }
  });
});
