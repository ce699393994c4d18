import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { translate } from '@probity/i18n';
import { academyFactory, tokenFor, userFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser, login } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
type Person = Awaited<ReturnType<typeof userFactory>>;

/**
 * Latin words of four letters or more in what a person reads, but for names: of the languages in their own tongue
 * (English, Kiswahili), of file formats (Word, DOCX), of Probity, and the codes of certificates of participation.
 */
function english(text: string): string[] {
  // Certificate codes, ids and e-mail addresses are no words: a random code, a uuid or a test address may hold four
  // Latin letters in a row (a learner offered on the mission page is named with their address).
  const words = text
    .replace(/[^\s()<>]+@[^\s()<>]+/g, '')
    .replace(/TAP-[0-9A-Z]{4}-[0-9A-Z]{4}/g, '')
    // A token that holds digits (a key id, a reference) is a code, not a word.
    .replace(/\S*\d\S*/g, '')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '');
  return (words.match(/[A-Za-z]{4,}/g) ?? []).filter((word) => !['English', 'Kiswahili', 'Word', 'DOCX', 'Probity'].includes(word));
}

/** A catalogue key shown as it is, instead of its translation. */
const UNTRANSLATED = /\b(assistance|missions|experts|outcomes|people|common|errors):[a-z_]+/;

/** A one-page PDF: what the request's attachment form accepts (checked by content, `%PDF-`). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

const TITLE = 'Контролируемые поставки через границы: семинар для оперативных подразделений';

/**
 * The facility's path in a real browser (issue 14, "How it is shown"), in Russian and Urdu, through the pages' own
 * forms and buttons: a regional organisation's focal point (Russian) writes a request, attaches a PDF and submits it;
 * a facility manager (Urdu, right to left) takes it into screening and asks a question; the focal point answers; the
 * manager judges the eligibility rules and approves, reads the ranked experts, makes the mission with a lead expert,
 * adds a guest, keeps the register, delivers it and issues the certificates; the lead expert (Russian) files the
 * report. Every page: the person's language and direction, no catalogue key, no English left.
 */
(browserAvailable() ? describe : describe.skip)('the technical assistance facility in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let focal: Person;
  let manager: Person;
  let lead: { email: string; password: string };
  let leadExpertId: string;
  let issuerId: string;
  let requestId: string;
  let missionId: string;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    // The academy whose key signs the certificates of participation (a regional organisation has none of its own).
    issuerId = (
      await academyFactory(t.app, {
        code: 'KG',
        country: 'KG',
        name: { en: 'Kyrgyz Academy', ru: 'Академия МВД Кыргызской Республики', ur: 'کرغیز اکیڈمی' },
        defaultLocale: 'ru',
      })
    ).id;
    manager = await userFactory(t.app, { roles: ['facility_manager'], fullName: 'عائشہ ملک', locale: 'ur' });
    focal = await userFactory(t.app, { roles: ['partner_focal_point'], fullName: 'Динара Сеитова', locale: 'ru' });
    const token = await tokenFor(t.http, manager);
    const institution = (
      await t
        .http()
        .post('/api/v1/assistance/institutions')
        .set(...bearer(token))
        .send({
          kind: 'regional_organisation',
          name: {
            en: 'Regional Drug Control Bureau',
            ru: 'Региональное бюро по контролю над наркотиками',
            ur: 'علاقائی بیورو برائے انسدادِ منشیات',
          },
          countries: ['KZ', 'KG', 'TJ'],
        })
        .expect(201)
    ).body.id as string;
    await t
      .http()
      .post(`/api/v1/assistance/institutions/${institution}/focal-points`)
      .set(...bearer(token))
      .send({ userId: focal.id })
      .expect(201);
    // Two experts of the roster; the lead gets an account in Russian.
    const experts: string[] = [];
    for (const [i, fullName] of ['Айгерим Нурланова', 'Олег Бондаренко'].entries()) {
      const created = await t
        .http()
        .post('/api/v1/assistance/experts')
        .set(...bearer(token))
        .send({
          fullName,
          email: `expert${i}.${Math.random().toString(36).slice(2, 7)}@browser.test`,
          country: i ? 'UA' : 'KZ',
          organisation: i ? 'Прокуратура' : 'Агентство по контролю над наркотиками',
          topics: ['international_cooperation', 'supply_reduction'],
          languages: [
            { language: 'ru', level: i ? 'C2' : 'native' },
            { language: 'en', level: 'B2' },
          ],
          availability: [{ from: '2027-04-01', to: '2027-04-30' }],
          vettedOn: '2026-01-15',
          vettingExpiresOn: '2029-01-14',
        })
        .expect(201);
      experts.push(created.body.id as string);
    }
    leadExpertId = experts[0];
    const account = await t
      .http()
      .post(`/api/v1/assistance/experts/${leadExpertId}/account`)
      .set(...bearer(token))
      .send({ password: 'a-lead-expert-password-2026', locale: 'ru' })
      .expect(201);
    lead = { email: account.body.user.email as string, password: 'a-lead-expert-password-2026' };
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** What every page must be for the person: their language and direction, every key translated, no English left. */
  async function readable(page: Page, locale: 'ru' | 'ur'): Promise<void> {
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    expect(await page.getAttribute('html', 'dir')).toBe(locale === 'ur' ? 'rtl' : 'ltr');
    expect(await page.locator('body').innerText()).not.toMatch(UNTRANSLATED);
    expect(english(await page.locator('main').innerText())).toEqual([]);
    // Public pages (a certificate's) have no navigation.
    if (await page.locator('nav.main-nav').count()) expect(english(await page.locator('nav.main-nav').innerText())).toEqual([]);
    expect(await page.locator('.flash-error').count()).toBe(0);
  }

  async function as(person: { email: string; password: string }): Promise<Page> {
    const page = await browser.newPage();
    await login(page, url, person);
    return page;
  }

  it('the focal point writes a request in Russian, attaches a PDF and submits it', async () => {
    const page = await as(focal);
    await page.goto(`${url}/assistance/requests`);
    await readable(page, 'ru');
    await page.goto(`${url}/assistance/requests/new`);
    await readable(page, 'ru');
    await page.selectOption('#locale', 'ru');
    await page.selectOption('#topic', 'international_cooperation');
    await page.selectOption('#format', 'workshop');
    await page.fill('#title', TITLE);
    await page.fill(
      '#need',
      'Совместных контролируемых поставок почти нет: сотрудники не знают процедур соседних стран, нет согласованного порядка обмена сведениями во время операции.',
    );
    await page.fill('#expectedResult', 'Проект типового порядка взаимодействия и сеть контактных лиц в пяти странах.');
    await page.fill(
      '#targetGroup',
      'Оперативные сотрудники подразделений по борьбе с наркотиками, таможни и пограничных служб; прокуроры.',
    );
    await page.fill('#participants', '24');
    await page.fill('#preferredFrom', '2027-04-12');
    await page.fill('#preferredTo', '2027-04-14');
    await page.check('input[name="languages"][value="ru"]');
    await page.check('input[name="languages"][value="en"]');
    await page.locator('form.request-form button[type="submit"]').click();
    await page.waitForURL(/\/assistance\/requests\/[0-9a-f-]{36}$/);
    requestId = /requests\/([0-9a-f-]{36})/.exec(page.url())![1];
    await readable(page, 'ru');
    expect(await page.locator('h1').innerText()).toContain(TITLE);

    await page.setInputFiles('#file', { name: 'концепция-семинара.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('#files form[enctype="multipart/form-data"] button[type="submit"]').click();
    await page.waitForURL(new RegExp(`/assistance/requests/${requestId}`));
    await readable(page, 'ru');
    expect(await page.locator('#files li a').innerText()).toBe('концепция-семинара.pdf');

    await page.locator(`form[action="/assistance/requests/${requestId}/moves/submit"] button`).click();
    await page.waitForURL(new RegExp(`/assistance/requests/${requestId}`));
    await readable(page, 'ru');
    expect(await page.locator('#request-status').innerText()).toBe(translate('ru', 'assistance:states.submitted'));
    await page.screenshot({ path: join(ARTIFACTS, 'assistance-request-ru.png'), fullPage: true });
    await page.close();
  });

  it('the manager, in Urdu, takes it into screening and asks a question; the focal point answers in Russian', async () => {
    const page = await as(manager);
    await page.goto(`${url}/assistance/requests`);
    await readable(page, 'ur');
    await page.locator(`a[href="/assistance/requests/${requestId}"]`).first().click();
    await page.waitForURL(new RegExp(`/assistance/requests/${requestId}$`));
    await readable(page, 'ur');
    await page.locator(`form[action="/assistance/requests/${requestId}/moves/screen"] button`).click();
    await page.waitForURL(new RegExp(`/assistance/requests/${requestId}`));
    await readable(page, 'ur');
    expect(await page.locator('#request-status').innerText()).toBe(translate('ur', 'assistance:states.screening'));
    await page.fill('#body', 'Подтвердили ли все три страны участие, и смогут ли приехать прокуроры?');
    await page.locator('#thread form button[type="submit"]').click();
    await page.waitForURL(new RegExp(`/assistance/requests/${requestId}`));
    await readable(page, 'ur');
    expect(await page.locator('#thread li').count()).toBe(1);
    await page.close();

    const answer = await as(focal);
    await answer.goto(`${url}/assistance/requests/${requestId}`);
    await readable(answer, 'ru');
    await answer.fill('#body', 'Да, все три страны подтвердили письмами; от каждой приедет по одному прокурору.');
    await answer.locator('#thread form button[type="submit"]').click();
    await answer.waitForURL(new RegExp(`/assistance/requests/${requestId}`));
    await readable(answer, 'ru');
    expect(await answer.locator('#thread li.from-facility').count()).toBe(1);
    expect(await answer.locator('#thread li.from-requester').count()).toBe(1);
    await answer.close();
  });

  it('the manager judges each rule, approves, reads the ranked experts and makes the mission with a lead', async () => {
    const page = await as(manager);
    await page.goto(`${url}/assistance/requests/${requestId}`);
    await readable(page, 'ur');
    for (const rule of ['partner_country', 'topic_in_scope', 'dates_feasible', 'no_duplicate']) {
      await page.check(`input[name="${rule}_met"][value="yes"]`);
      await page.fill(`#${rule}_note`, 'تصدیق شدہ');
    }
    await page.locator('#screening form button[type="submit"]').click();
    await page.waitForURL(new RegExp(`/assistance/requests/${requestId}`));
    await readable(page, 'ur');
    expect(await page.locator('input[name="dates_feasible_met"][value="yes"]').isChecked()).toBe(true);
    await page.fill('#approve-reason', 'تمام شرائط پوری ہیں۔');
    await page.locator(`form[action="/assistance/requests/${requestId}/moves/approve"] button`).click();
    await page.waitForURL(new RegExp(`/assistance/requests/${requestId}`));
    await readable(page, 'ur');
    expect(await page.locator('#request-status').innerText()).toBe(translate('ur', 'assistance:states.approved'));

    // The ranked matches (no page links to them yet: reached by their address).
    await page.goto(`${url}/assistance/requests/${requestId}/matches`);
    await readable(page, 'ur');
    expect(await page.locator('.matches-table tbody tr').count()).toBe(2);

    await page.goto(`${url}/assistance/requests/${requestId}`);
    await page.locator(`a[href="/assistance/requests/${requestId}/mission"]`).click();
    await page.waitForURL(new RegExp(`/assistance/requests/${requestId}/mission$`));
    await readable(page, 'ur');
    expect(await page.inputValue('#startsOn')).toBe('2027-04-12');
    await page.fill('#venue', 'Алматы, конференц-зал Бюро');
    await page.fill('#agenda', '2027-04-12 09:30 Открытие; правовые основы контролируемых поставок\n2027-04-13 10:00 Учебный случай');
    await page.check(`#expert-${leadExpertId}`);
    await page.check(`input[name="lead"][value="${leadExpertId}"]`);
    await page.selectOption('#issuingAcademyId', issuerId);
    await page.locator('form.mission-form button[type="submit"]').click();
    await page.waitForURL(/\/assistance\/missions\/[0-9a-f-]{36}$/);
    missionId = /missions\/([0-9a-f-]{36})/.exec(page.url())![1];
    await readable(page, 'ur');
    expect(await page.locator('#mission-experts li').count()).toBe(1);
    expect(await page.locator('#mission-agenda li').count()).toBe(2);
    await page.close();
  });

  it('the manager adds a guest, keeps the register, delivers the mission and issues the certificates', async () => {
    const page = await as(manager);
    await page.goto(`${url}/assistance/missions/${missionId}`);
    await readable(page, 'ur');
    await page.locator(`form[action="/assistance/missions/${missionId}/moves/start"] button`).click();
    await page.waitForURL(new RegExp(`/assistance/missions/${missionId}`));
    await readable(page, 'ur');
    expect(await page.locator('#mission-status').innerText()).toBe(translate('ur', 'missions:states.running'));

    await page.fill('#fullName', 'Ерлан Сейткали');
    await page.selectOption('#sex', 'male');
    await page.selectOption('#agencyType', 'customs');
    await page.selectOption('#function', 'investigator');
    await page.fill('#country', 'KZ');
    await page.fill('#organisation', 'Комитет государственных доходов');
    await page.locator('#guest-form button[type="submit"]').click();
    await page.waitForURL(new RegExp(`/assistance/missions/${missionId}`));
    await readable(page, 'ur');
    expect(await page.locator('#mission-participants li').count()).toBe(1);

    await page.locator('#register-form input[name="present"]').check();
    await page.locator('#register-form button[type="submit"]').click();
    await page.waitForURL(new RegExp(`/assistance/missions/${missionId}`));
    await readable(page, 'ur');
    expect(await page.locator('#mission-register tbody tr td.mark').first().innerText()).toContain('✓');

    await page.locator(`form[action="/assistance/missions/${missionId}/moves/deliver"] button`).click();
    await page.waitForURL(new RegExp(`/assistance/missions/${missionId}`));
    await readable(page, 'ur');
    expect(await page.locator('#mission-status').innerText()).toBe(translate('ur', 'missions:states.delivered'));
    await page.locator('#issue-certificates').click();
    await page.waitForURL(new RegExp(`/assistance/missions/${missionId}`));
    await readable(page, 'ur');
    expect(await page.locator('#mission-certificates li').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'assistance-mission-ur.png'), fullPage: true });

    // The certificate's public page says it is valid. It is public, so it speaks the browser's language (as the
    // certificates' own verify page does), not the signed-in person's: asked for in Urdu here.
    const code = await page.locator('#mission-certificates li a').innerText();
    await page.goto(`${url}/assistance/participation/${code}?lang=ur`);
    await readable(page, 'ur');
    expect(await page.locator('main').innerText()).toContain('Ерлан Сейткали');
    await page.close();
  });

  it('the lead expert files the report in Russian', async () => {
    const page = await as(lead);
    await page.goto(`${url}/assistance/missions`);
    await readable(page, 'ru');
    expect(await page.locator(`a[href="/assistance/missions/${missionId}"]`).count()).toBeGreaterThan(0);
    // The report form (no link from the mission's page yet: reached by its address).
    await page.goto(`${url}/assistance/missions/${missionId}/report`);
    await readable(page, 'ru');
    await page.selectOption('#locale', 'ru');
    await page.fill(
      '#activities',
      'Двухдневный семинар в Алматы: правовые основы, учебный случай контролируемой поставки через две границы.',
    );
    await page.fill(
      '#findings',
      'Запросы о контролируемой поставке идут по дипломатическим каналам неделями; прямой связи между подразделениями нет.',
    );
    await page.fill('#rec_body_0', 'Назначить в каждой стране контактное лицо по контролируемым поставкам с круглосуточной связью.');
    await page.fill('#rec_owner_0', 'Национальные подразделения по борьбе с наркотиками');
    await page.fill('#rec_due_0', '2027-09-30');
    await page.locator('form.report-form button[name="then"][value="submit"]').click();
    await page.waitForURL(new RegExp(`/assistance/missions/${missionId}/report`));
    await readable(page, 'ru');
    expect(await page.locator('#report-state').innerText()).toBe(translate('ru', 'outcomes:report.states.submitted'));
    expect(await page.locator('#recommendations-view li').count()).toBe(1);
    await page.close();
  });
});
