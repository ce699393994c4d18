import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { academyFactory, courseWithLessonFactory, tokenFor, userFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser, login } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

/** How far the page reaches beyond the viewport's width (0: nothing to scroll sideways). */
const overflow = (page: Page): Promise<number> =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);

/**
 * Issue 17 point 3: a learner's lesson, test and result pages read on a 360-px-wide phone and at 200% zoom (a 1280-px
 * window at 200% lays out 640 CSS px), in Urdu (right to left) and in Georgian: nothing scrolls sideways, the form's
 * controls can be reached and used with the keyboard alone, and each step is kept as a screenshot in test-artifacts/.
 */
(browserAvailable() ? describe : describe.skip)('a learner on a phone and at 200% zoom', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    browser = await launchBrowser();
  });

  /** What a learner of `locale` reads: a course whose lesson and test are written in their language, a cohort they are in. */
  const TEXT = {
    ur: {
      lesson: {
        title: 'گرفتاری کے وقت حقوق',
        body: 'گرفتار شخص کو فوراً بتایا جائے کہ اسے کیوں گرفتار کیا گیا ہے، اور اسے وکیل سے رابطے کا حق ہے۔ '.repeat(12),
      },
      stem: 'گرفتاری کی قانونی حیثیت کا جائزہ کون لیتا ہے؟',
      options: ['جج', 'ملزم', 'کوئی نہیں'],
      short: 'انٹرویو کے ماڈل کا نام لکھیں۔',
    },
    ka: {
      lesson: {
        title: 'დაკავებულის უფლებები',
        body: 'დაკავებულს დაუყოვნებლივ უნდა ეცნობოს დაკავების მიზეზი და ადვოკატთან დაკავშირების უფლება. '.repeat(12),
      },
      stem: 'ვინ ამოწმებს დაკავების კანონიერებას?',
      options: ['მოსამართლე', 'ეჭვმიტანილი', 'არავინ'],
      short: 'დაწერეთ გასაუბრების მოდელის სახელი.',
    },
  } as const;

  async function learnerOf(locale: 'ur' | 'ka'): Promise<{ email: string; password: string }> {
    const text = TEXT[locale];
    const academy = await academyFactory(t.app, { defaultLocale: locale });
    const admin = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id }));
    const trainerUser = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id });
    const trainer = await tokenFor(t.http, trainerUser);
    const learner = await userFactory(t.app, { academyId: academy.id, locale });
    const post = (path: string, token: string, body: object) => t.http().post(path).set('authorization', `Bearer ${token}`).send(body);
    const course = await courseWithLessonFactory(t.http, trainer, {
      title: { [locale]: text.lesson.title },
      lesson: { title: { [locale]: text.lesson.title }, body: { [locale]: text.lesson.body }, durationMinutes: 20 },
    });
    const choice = (
      await post(`/api/v1/courses/${course.courseId}/items`, trainer, {
        type: 'single_choice',
        stem: { [locale]: text.stem },
        points: 1,
        options: text.options.map((o, i) => ({ text: { [locale]: o }, correct: i === 0 })),
      }).expect(201)
    ).body.id as string;
    const short = (
      await post(`/api/v1/courses/${course.courseId}/items`, trainer, {
        type: 'short_text',
        stem: { [locale]: text.short },
        points: 1,
        answer: ['PEACE'],
      }).expect(201)
    ).body.id as string;
    await post(`/api/v1/courses/${course.courseId}/assessments`, trainer, {
      kind: 'post_test',
      title: { [locale]: text.lesson.title },
      itemIds: [choice, short],
      passPercent: 50,
      maxAttempts: 2,
    }).expect(201);
    const versionId = await course.publish();
    const cohortId = (
      await post('/api/v1/cohorts', admin, {
        courseVersionId: versionId,
        name: text.lesson.title,
        locale,
        startsOn: '2026-01-01',
        endsOn: '2030-12-31',
        trainerIds: [trainerUser.id],
      }).expect(201)
    ).body.id as string;
    await post(`/api/v1/cohorts/${cohortId}/enrolments`, admin, { userIds: [learner.id] }).expect(201);
    return learner;
  }
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const locale of ['ur', 'ka'] as const) {
    it(`lesson, test and result in ${locale} at 360 px and at 200% zoom`, async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const shot = async (name: string): Promise<void> => {
        expect([name, await overflow(page)]).toEqual([name, 0]);
        await page.screenshot({ path: join(ARTIFACTS, `phone-${locale}-${name}.png`), fullPage: true });
        // 200% zoom of a 1280-px window: the same page laid out in 640 CSS px, nothing sideways either.
        await page.setViewportSize({ width: 640, height: 400 });
        expect([`${name} at 200%`, await overflow(page)]).toEqual([`${name} at 200%`, 0]);
        await page.setViewportSize({ width: 360, height: 740 });
      };
      await login(page, url, await learnerOf(locale));
      expect([await page.getAttribute('html', 'lang'), await page.getAttribute('html', 'dir')]).toEqual([
        locale,
        locale === 'ur' ? 'rtl' : 'ltr',
      ]);

      // The lesson: from the dashboard to the learner's cohort, then its first lesson.
      const cohortLink = page.locator('main a[href^="/my/cohorts/"]').first();
      const cohortPath = (await cohortLink.getAttribute('href'))!.split('#')[0];
      await page.goto(`${url}${cohortPath}`);
      const lesson = page.locator('main a[href*="/lessons/"]').first();
      await page.goto(`${url}${await lesson.getAttribute('href')}`);
      await page.locator('main h1').waitFor();
      await shot('lesson');

      // The test: the cohort's assessments, an attempt started with the keyboard alone.
      await page.goto(`${url}${cohortPath.replace(/\/$/, '')}/assessments`);
      // An attempt left open is continued; otherwise the first test that can be started is.
      const open = page.locator('main a.button[href^="/attempts/"]');
      const start = (await open.count()) ? open.first() : page.locator('main form[action$="/start"] button[type="submit"]').first();
      await start.focus();
      expect(await start.evaluate((el) => el === document.activeElement)).toBe(true);
      await Promise.all([page.waitForURL(/\/attempts\//), page.keyboard.press('Enter')]);
      await page.locator('main form').first().waitFor();
      await shot('test');

      // Every control of the test is reached by Tab, and shows where the focus is.
      // A group of radio buttons is one stop of the Tab key (arrows move within it), as in every browser.
      const controls = await page.evaluate(
        () =>
          new Set(
            Array.from(document.querySelectorAll('main form :is(input:not([type=hidden]), textarea, select, button)')).map((el) =>
              (el as HTMLInputElement).type === 'radio' ? `radio:${(el as HTMLInputElement).name}` : el,
            ),
          ).size,
      );
      expect(controls).toBeGreaterThan(0);
      const focused: string[] = [];
      await page.locator('main h1').click();
      for (let i = 0; i < controls + 40 && focused.length < controls; i++) {
        await page.keyboard.press('Tab');
        const info = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || !el.closest('main form')) return null;
          const style = getComputedStyle(el);
          // Visible focus (2.4.7), and not hidden behind the sticky bar of buttons (2.4.11 Focus Not Obscured).
          const box = el.getBoundingClientRect();
          const atCentre = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          const visible =
            style.outlineStyle !== 'none' &&
            parseFloat(style.outlineWidth) >= 2 &&
            !!atCentre &&
            (el === atCentre || el.contains(atCentre) || atCentre.contains(el));
          const input = el as HTMLInputElement;
          const key = input.type === 'radio' ? `radio:${input.name}` : `${el.tagName}#${el.id}:${input.name}:${input.value}`;
          return { key, visible };
        });
        if (info && !focused.includes(info.key)) {
          expect([info.key, info.visible]).toEqual([info.key, true]);
          focused.push(info.key);
        }
      }
      expect(focused.length).toBe(controls);

      // The result: answer what can be answered with the keyboard, submit, and read the result.
      const choice = page.locator('main form input[type=radio]').first();
      if (await choice.count()) {
        await choice.focus();
        await page.keyboard.press('Space');
      }
      const text = page.locator('main form textarea, main form input[name^="t:"]').first();
      if (await text.count()) await text.fill('PEACE');
      const review = page.locator('main form button[name="action"][value="review"]');
      await review.focus();
      await Promise.all([page.waitForURL(/review=1/), page.keyboard.press('Enter')]);
      const submit = page.locator('main form[action$="/submit"] button[type="submit"]');
      await submit.focus();
      await Promise.all([page.waitForURL((u) => !u.search.includes('review=1')), page.keyboard.press('Enter')]);
      await page.locator('main h1').waitFor();
      await shot('result');
      await context.close();
    });
  }
});
