import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Mailer } from '@probity/cohorts';
import { FollowUpInvitationsService } from '@probity/evaluation';
import { type Locale, translate } from '@probity/i18n';
import { NAPOR_FOLLOW_UP_SUPERVISOR } from '@probity/seed';
import { academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/**
 * A supervisor answers a follow-up questionnaire about the person who named them, as they meet it: a link in an
 * e-mail, no account, no JavaScript, the page in the language the learner chose for them (the language bar still
 * works), the learner's name and the course and nothing else, each mistake beside its question, one answer. In
 * Swahili and in Urdu (right to left).
 */
(browserAvailable() ? describe : describe.skip)(
  'a supervisor answers a follow-up questionnaire without an account, in a real browser',
  () => {
    let t: TestApp;
    let browser: Browser;
    let url: string;
    const links = new Map<Locale, string>();

    beforeAll(async () => {
      t = await createTestApp({ listen: true });
      url = baseUrl(t.app);
      const academy = await academyFactory(t.app, { code: 'GFU', defaultLocale: 'ka', name: { en: 'Follow-up Academy', ka: 'აკადემია' } });
      const admin = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id }));
      const trainer = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id });
      const { versionId, lessonIds } = await versionFactory(t.app, trainer, { lessons: 1 });
      const cohortId = (
        await t
          .http()
          .post('/api/v1/cohorts')
          .set(...bearer(admin))
          .send({
            courseVersionId: versionId,
            name: 'Mombasa–Lahore, spring 2026',
            locale: 'en',
            startsOn: '2026-03-01',
            endsOn: '2026-04-30',
            trainerIds: [trainer.id],
            completion: { minAttendancePercent: 0, requireAllLessons: true },
          })
          .expect(201)
      ).body.id;
      const amina = await userFactory(t.app, { roles: ['learner'], academyId: academy.id, fullName: 'Amina Mwakyusa', locale: 'sw' });
      const bilal = await userFactory(t.app, { roles: ['learner'], academyId: academy.id, fullName: 'بلال قریشی', locale: 'ur' });
      await t
        .http()
        .post(`/api/v1/cohorts/${cohortId}/enrolments`)
        .set(...bearer(admin))
        .send({ userIds: [amina.id, bilal.id] })
        .expect(201);
      await t
        .http()
        .put(`/api/v1/follow-ups/cohorts/${cohortId}`)
        .set(...bearer(admin))
        .send({ waves: [{ months: 3 }] })
        .expect(200);
      for (const [person, supervisor] of [
        [amina, { name: 'Joseph Otieno', email: 'j.otieno@police.example', locale: 'sw' }],
        [bilal, { name: 'ثمینہ ملک', email: 's.malik@police.example', locale: 'ur' }],
      ] as const) {
        const token = await tokenFor(t.http, person);
        await t
          .http()
          .post(`/api/v1/cohorts/${cohortId}/lessons/${lessonIds[0]}/complete`)
          .set(...bearer(token))
          .expect(200);
        await t
          .http()
          .put(`/api/v1/follow-ups/cohorts/${cohortId}/supervisor`)
          .set(...bearer(token))
          .send(supervisor)
          .expect(200);
      }
      // Four months since completion: the wave is due; the worker's steps invite and mail (to a capture, not a server).
      await t.db.query(`UPDATE enrolments SET completed_at = now() - interval '4 months' WHERE cohort_id = $1`, [cohortId]);
      const worker = t.app.get(FollowUpInvitationsService);
      await worker.createDue();
      const mailer: Mailer = ({ to, text }) => {
        const link = /https?:\/\/\S+\/f\/[A-Za-z0-9_-]{43}/.exec(text)![0];
        links.set(to.startsWith('j.otieno') ? 'sw' : 'ur', new URL(link).pathname);
        return Promise.resolve();
      };
      expect(await worker.sendSupervisorMails(mailer)).toEqual({ sent: 2, failed: 0 });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    /** Answers every question: "often", 3 cases, the second option, the second and fourth barriers, an example. */
    async function fill(page: Page, example: string): Promise<void> {
      const questions = page.locator('fieldset.question');
      for (let i = 0; i < (await questions.count()); i++) {
        const question = questions.nth(i);
        const radios = question.locator('input[type="radio"]');
        const count = await radios.count();
        if (count) await radios.nth(count === 5 ? 3 : 1).check();
        const boxes = question.locator('input[type="checkbox"]');
        if (await boxes.count()) {
          await boxes.nth(1).check();
          await boxes.nth(3).check();
        }
        if (await question.locator('input[type="number"]').count()) await question.locator('input[type="number"]').fill('3');
      }
      await page.locator('fieldset.question textarea').first().fill(example);
    }

    async function open(locale: Locale): Promise<{ page: Page; close: () => Promise<void> }> {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const response = await page.goto(`${url}${links.get(locale)}`);
      expect(response?.status()).toBe(200);
      return { page, close: () => context.close() };
    }

    it('Joseph answers in Swahili, the language Amina chose for him, after trying the language bar', async () => {
      const { page, close } = await open('sw');
      expect(await page.getAttribute('html', 'lang')).toBe('sw');
      expect(await page.locator('h1').innerText()).toBe(NAPOR_FOLLOW_UP_SUPERVISOR.title.sw);
      expect(await page.locator('#about').innerText()).toBe(
        translate('sw', 'followups:answer.about', { learner: 'Amina Mwakyusa', course: 'Case integrity' }),
      );
      // Nothing else of Amina: not her cohort.
      expect(await page.content()).not.toContain('Mombasa');
      // The language bar works without an account, and comes back.
      await page.locator('nav.languages a[hreflang="en"]').click();
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('button[type="submit"]').innerText()).toBe(translate('en', 'followups:answer.submit'));
      await page.locator('nav.languages a[hreflang="sw"]').click();
      expect(await page.getAttribute('html', 'lang')).toBe('sw');
      expect(await page.locator('.hint.warning').first().innerText()).toBe(translate('sw', 'followups:answer.no_details'));
      await fill(page, 'Sasa anaandika maelezo ya ukamataji mara moja na kwa ukamilifu.');
      await page.screenshot({ path: join(ARTIFACTS, 'follow-up-supervisor-sw.png'), fullPage: true });
      await page.locator('form.follow-up-form button[type="submit"]').click();
      expect(await page.locator('h1').innerText()).toBe(translate('sw', 'followups:link.thanks_heading'));
      expect(await page.locator('#link-state').innerText()).toBe(translate('sw', 'followups:link.thanks', { learner: 'Amina Mwakyusa' }));
      // The link is spent: a second visit says so, and offers no form.
      const again = await page.goto(`${url}${links.get('sw')}`);
      expect(again?.status()).toBe(410);
      expect(await page.locator('#link-state').innerText()).toBe(translate('sw', 'followups:link.answered'));
      expect(await page.locator('form.follow-up-form').count()).toBe(0);
      await close();
    });

    it('Samina answers in Urdu, right to left, after her mistakes are shown beside each question', async () => {
      const { page, close } = await open('ur');
      expect(await page.getAttribute('html', 'lang')).toBe('ur');
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await page.locator('h1').innerText()).toBe(NAPOR_FOLLOW_UP_SUPERVISOR.title.ur);
      expect(await page.locator('#confidential').innerText()).toBe(
        translate('ur', 'followups:answer.confidential_supervisor', { learner: 'بلال قریشی' }),
      );
      // Sent empty: each required question is marked, with its message beside it, in Urdu.
      await page.locator('form.follow-up-form button[type="submit"]').click();
      const required = NAPOR_FOLLOW_UP_SUPERVISOR.items.filter((i) => i.required).length;
      expect(await page.locator('fieldset.question.has-error').count()).toBe(required);
      expect(await page.locator('fieldset.question.has-error .error').first().innerText()).toBe(
        translate('ur', 'validation:surveyAnswerRequired'),
      );
      expect(await page.locator('#form-message p').innerText()).toBe(translate('ur', 'followups:answer.fix', { count: required }));
      await page.screenshot({ path: join(ARTIFACTS, 'follow-up-supervisor-errors-ur.png'), fullPage: true });
      await fill(page, 'تفتیشی رپورٹیں اب زیادہ مکمل اور بروقت ہوتی ہیں۔');
      await page.locator('form.follow-up-form button[type="submit"]').click();
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await page.locator('#link-state').innerText()).toBe(translate('ur', 'followups:link.thanks', { learner: 'بلال قریشی' }));
      await page.screenshot({ path: join(ARTIFACTS, 'follow-up-supervisor-thanks-ur.png') });
      const stored = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM follow_up_responses`);
      expect(stored.rows[0].n).toBe(2);
      await close();
    });
  },
);
