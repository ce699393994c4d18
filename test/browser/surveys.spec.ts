import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type Locale, translate } from '@probity/i18n';
import { NAPOR_REACTION, NAPOR_REACTION_CODE } from '@probity/seed';
import { academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser, login } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
type Person = Awaited<ReturnType<typeof userFactory>>;

/**
 * A reaction survey as people meet it, without JavaScript: a learner who completed the course finds it on the
 * dashboard, reads that the answers are stored without their name, gets each mistake beside its question, answers
 * once; the trainer reads the results. In Urdu (right to left) and in Russian.
 */
(browserAvailable() ? describe : describe.skip)('answering a reaction survey and reading its results in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let trainer: Person;
  let fatima: Person, olga: Person;
  let surveyId: string;
  let cohortId: string;
  let templateId: string;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    const academy = await academyFactory(t.app, { code: 'GSV', defaultLocale: 'ka', name: { en: 'Survey Academy', ka: 'აკადემია' } });
    const admin = await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id });
    trainer = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id, locale: 'ru', fullName: 'Андрей Мельник' });
    fatima = await userFactory(t.app, { roles: ['learner'], academyId: academy.id, locale: 'ur', fullName: 'فاطمہ احمد' });
    olga = await userFactory(t.app, { roles: ['learner'], academyId: academy.id, locale: 'ru', fullName: 'Ольга Иванова' });
    const others: Person[] = [];
    for (let i = 0; i < 3; i++) others.push(await userFactory(t.app, { roles: ['learner'], academyId: academy.id, locale: 'ka' }));
    const adminToken = await tokenFor(t.http, admin);
    const { versionId, lessonIds } = await versionFactory(t.app, trainer, { lessons: 1 });
    cohortId = (
      await t
        .http()
        .post('/api/v1/cohorts')
        .set(...bearer(adminToken))
        .send({
          courseVersionId: versionId,
          name: 'Kyiv–Lahore, autumn 2026',
          locale: 'ka',
          startsOn: '2026-09-01',
          endsOn: '2026-10-30',
          trainerIds: [trainer.id],
          completion: { minAttendancePercent: 0, requireAllLessons: true },
        })
        .expect(201)
    ).body.id;
    const everyone = [fatima, olga, ...others];
    await t
      .http()
      .post(`/api/v1/cohorts/${cohortId}/enrolments`)
      .set(...bearer(adminToken))
      .send({ userIds: everyone.map((p) => p.id) })
      .expect(201);
    const tokens = new Map<string, string>();
    for (const person of everyone) {
      tokens.set(person.id, await tokenFor(t.http, person));
      await t
        .http()
        .post(`/api/v1/cohorts/${cohortId}/lessons/${lessonIds[0]}/complete`)
        .set(...bearer(tokens.get(person.id)!))
        .expect(200);
    }
    // The standard survey, seeded on every database, attached by the cohort's trainer.
    const [standard] = (await t.db.query<{ id: string }>('SELECT id FROM survey_templates WHERE code = $1', [NAPOR_REACTION_CODE])).rows;
    templateId = standard.id;
    surveyId = (
      await t
        .http()
        .put(`/api/v1/cohorts/${cohortId}/survey`)
        .set(...bearer(await tokenFor(t.http, trainer)))
        .send({ templateId: standard.id })
        .expect(200)
    ).body.id;
    // Three colleagues answer through the API; Fatima and Olga in the browser.
    const form = await t
      .http()
      .get(`/api/v1/cohort-surveys/${surveyId}`)
      .set(...bearer(tokens.get(others[0].id)!))
      .expect(200);
    for (const person of others) {
      const answers = (form.body.items as { id: string; type: string }[]).flatMap((item) =>
        item.type === 'open_text' ? [] : [{ itemId: item.id, value: item.type === 'likert' ? 5 : 1 }],
      );
      await t
        .http()
        .post(`/api/v1/cohort-surveys/${surveyId}/responses`)
        .set(...bearer(tokens.get(person.id)!))
        .send({ answers })
        .expect(201);
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Chooses "agree" (4) on every Likert statement and the first option of every choice, and writes `text` as the most useful part. */
  async function fill(page: Page, text: string): Promise<void> {
    const questions = page.locator('fieldset.question');
    for (let i = 0; i < (await questions.count()); i++) {
      const radios = questions.nth(i).locator('input[type="radio"]');
      const count = await radios.count();
      if (count) await radios.nth(count === 5 ? 3 : 0).check();
    }
    await page.locator('fieldset.question textarea').first().fill(text);
  }

  async function answer(person: Person, locale: Locale, text: string, tryEmptyFirst: boolean): Promise<void> {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, url, person);
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    expect(await page.getAttribute('html', 'dir')).toBe(locale === 'ur' ? 'rtl' : 'ltr');
    expect(await page.locator('#my-surveys h2').innerText()).toBe(translate(locale, 'evaluation:prompt.heading'));
    await page.locator('#my-surveys a').first().click();
    await page.waitForURL(`${url}/surveys/${surveyId}`);
    expect(await page.locator('#anonymity').innerText()).toBe(translate(locale, 'evaluation:answer.anonymity'));
    expect(await page.locator('h1').innerText()).toBe(NAPOR_REACTION.title[locale]);
    if (tryEmptyFirst) {
      // Sent empty: the page comes back with each required question marked and its message beside it.
      await page.locator('form.survey-form button[type="submit"]').click();
      const first = page.locator('fieldset.question').first();
      expect(await first.getAttribute('aria-invalid')).toBe('true');
      expect(await first.locator('.error').innerText()).toBe(translate(locale, 'validation:surveyAnswerRequired'));
      expect(await page.locator('fieldset.question.has-error').count()).toBe(14);
      expect(await page.locator('#form-message p').innerText()).toBe(translate(locale, 'evaluation:answer.fix', { count: 14 }));
      expect(await page.locator('#form-message a').count()).toBe(14);
      await page.screenshot({ path: join(ARTIFACTS, `survey-errors-${locale}.png`) });
    }
    await fill(page, text);
    await page.screenshot({ path: join(ARTIFACTS, `survey-answer-${locale}.png`), fullPage: true });
    await page.locator('form.survey-form button[type="submit"]').click();
    await page.waitForURL(`${url}/dashboard`);
    expect(await page.locator('.flash').innerText()).toBe(translate(locale, 'evaluation:answer.thanks'));
    expect(await page.locator('#my-surveys').count()).toBe(0);
    // A second visit says it was answered, and offers no form.
    await page.goto(`${url}/surveys/${surveyId}`);
    expect(await page.locator('form.survey-form').count()).toBe(0);
    expect(await page.locator('.flash-info').innerText()).toBe(translate(locale, 'evaluation:answer.already'));
    await context.close();
  }

  it('Fatima answers in Urdu, right to left, after her mistakes are shown beside each question; the results stay hidden until five answered', async () => {
    await answer(fatima, 'ur', 'عدالتی فیصلوں پر گفتگو سب سے مفید رہی۔', true);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, url, trainer);
    await page.goto(`${url}/surveys/${surveyId}/results?lang=ru`);
    expect(await page.locator('#threshold').innerText()).toBe(translate('ru', 'evaluation:results.hidden', { count: 5 }));
    expect(await page.locator('#scales').count()).toBe(0);
    expect(await page.content()).not.toContain('عدالتی فیصلوں');
    await context.close();
  });

  it('Olga answers in Russian; the trainer reads the results in Urdu and in Russian', async () => {
    await answer(olga, 'ru', 'Самым полезным был разбор дела «Красный мост».', false);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, url, trainer);
    for (const locale of ['ur', 'ru'] as const) {
      await page.goto(`${url}/surveys/${surveyId}/results?lang=${locale}`);
      expect(await page.getAttribute('html', 'dir')).toBe(locale === 'ur' ? 'rtl' : 'ltr');
      expect(await page.locator('h1').innerText()).toBe(translate(locale, 'evaluation:results.heading'));
      expect(await page.locator('#summary .survey-counts').innerText()).toContain(
        translate(locale, 'evaluation:results.answered', { count: 5, completed: 5 }),
      );
      expect(await page.locator('#scales h3').allInnerTexts()).toEqual(
        ['relevance', 'trainers', 'materials', 'organisation'].map((s) => translate(locale, `evaluation:scales.${s}`)),
      );
      // Three answered "strongly agree" (5) and two "agree" (4): 4.6 on every scale, written the locale's way.
      const mean = new Intl.NumberFormat(locale === 'ur' ? 'ur-PK' : locale).format(4.6);
      expect(await page.locator('#scales .mean').allInnerTexts()).toEqual([mean, mean, mean, mean]);
      const open = await page.locator('.open-answers li').allInnerTexts();
      expect(open.sort()).toEqual(['Самым полезным был разбор дела «Красный мост».', 'عدالتی فیصلوں پر گفتگو سب سے مفید رہی۔'].sort());
      await page.screenshot({ path: join(ARTIFACTS, `survey-results-${locale}.png`) });
    }
    // The cohort's survey page, and the comparison of cohorts on the template.
    await page.goto(`${url}/cohorts/${cohortId}/survey?lang=ru`);
    expect(await page.locator('#survey-status .survey-counts').innerText()).toContain(
      translate('ru', 'evaluation:results.answered', { count: 5, completed: 5 }),
    );
    await page.screenshot({ path: join(ARTIFACTS, 'survey-attach-ru.png') });
    await page.goto(`${url}/surveys/templates/${templateId}/comparison?lang=ur`);
    expect(await page.locator('table.comparison tbody tr').count()).toBe(1);
    expect(await page.locator('table.comparison tbody th').innerText()).toBe('Kyiv–Lahore, autumn 2026');
    await page.screenshot({ path: join(ARTIFACTS, 'survey-comparison-ur.png') });
    await context.close();
  });
});
