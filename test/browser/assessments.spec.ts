import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ItemsService } from '@probity/assessments';
import { CohortsService, EnrolmentsService } from '@probity/cohorts';
import { CoursesService } from '@probity/courses';
import { academyFactory, userFactory } from '../factories';
import { ARTIFACTS, browserAvailable, launchBrowser, login } from '../support/browser';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

(browserAvailable() ? describe : describe.skip)('tests and grading in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let cohortId: string;
  let trainer: Awaited<ReturnType<typeof userFactory>>;
  let learner: Awaited<ReturnType<typeof userFactory>>;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    url = baseUrl(t.app);
    const academy = await academyFactory(t.app, { code: 'GET', defaultLocale: 'ka' });
    trainer = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id, locale: 'en', fullName: 'Giorgi Kapanadze' });
    learner = await userFactory(t.app, { roles: ['learner'], academyId: academy.id, locale: 'ka', fullName: 'თამარ ჯაფარიძე' });
    const actor = { ...trainer, locale: 'en' as const };
    const courses = t.app.get(CoursesService);
    const items = t.app.get(ItemsService);
    const course = await courses.create(actor, { code: 'TEST-KA', title: { en: 'Detention', ka: 'დაკავება' } });
    const module = await courses.addModule(actor, course.id, { title: { en: 'M', ka: 'მ' } });
    await courses.addLesson(actor, module.id, { title: { en: 'L', ka: 'გ' }, body: { en: 'x', ka: 'ტექსტი' }, durationMinutes: 5 });
    const tf = await items.create(actor, course.id, {
      type: 'true_false',
      stem: { en: 'A custody record is opened on arrival.', ka: 'დაკავების ოქმი იხსნება მიყვანისთანავე.' },
      points: 1,
      answer: true,
    });
    const sc = await items.create(actor, course.id, {
      type: 'single_choice',
      stem: { en: 'Who authorises a search?', ka: 'ვინ იძლევა ჩხრეკის ნებართვას?' },
      points: 1,
      options: [
        { text: { en: 'A judge', ka: 'მოსამართლე' }, correct: true },
        { text: { en: 'The suspect', ka: 'ეჭვმიტანილი' }, correct: false },
      ],
    });
    const essay = await items.create(actor, course.id, {
      type: 'essay',
      stem: { en: 'Assess the border questioning.', ka: 'შეაფასეთ საზღვარზე ჩატარებული გამოკითხვა.' },
      points: 4,
      rubric: [
        {
          criterion: { en: 'Legal basis', ka: 'სამართლებრივი საფუძველი' },
          levels: [
            { points: 0, descriptor: { en: 'None' } },
            { points: 2, descriptor: { en: 'Full' } },
          ],
        },
        {
          criterion: { en: 'Rights', ka: 'უფლებები' },
          levels: [
            { points: 0, descriptor: { en: 'None' } },
            { points: 2, descriptor: { en: 'All' } },
          ],
        },
      ],
    });
    await items.createAssessment(actor, course.id, {
      kind: 'post_test',
      title: { en: 'Post-test', ka: 'საბოლოო ტესტი' },
      itemIds: [tf.id, sc.id, essay.id],
      passPercent: 60,
    });
    const version = await courses.publish(actor, course.id);
    const cohorts = t.app.get(CohortsService);
    const cohort = await cohorts.create(actor, {
      courseVersionId: version.id,
      name: 'Tbilisi',
      locale: 'ka',
      startsOn: '2027-01-01',
      endsOn: '2027-02-01',
      trainerIds: [trainer.id],
    });
    await t.app.get(EnrolmentsService).enrol(actor, cohort.id, [learner.id]);
    cohortId = cohort.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a learner takes the test in Georgian (autosave, review, hand in); a trainer grades the essay with the rubric; results are released', async () => {
    const page = await (await browser.newContext({ viewport: { width: 412, height: 900 } })).newPage();
    await login(page, url, learner);
    await page.goto(`${url}/my/cohorts/${cohortId}/assessments`);
    expect(await page.getAttribute('html', 'lang')).toBe('ka');
    await page.locator('.assessment-card button').click();
    await page.waitForURL(/\/attempts\//);
    const legends = await page.locator('fieldset.question legend').allInnerTexts();
    expect(legends.join(' ')).toMatch(/\p{Script=Georgian}/u);
    await page.locator('fieldset.question', { hasText: 'ოქმი' }).locator('input[type=radio]').first().check();
    await page.locator('fieldset.question', { hasText: 'ჩხრეკის' }).getByLabel('მოსამართლე').check();
    await page.locator('fieldset.question textarea').fill('გამოკითხვა ჩატარდა ადვოკატისა და თარჯიმნის გარეშე.');
    await page.waitForSelector('#autosave[data-state="saved"]');
    await page.screenshot({ path: join(ARTIFACTS, 'attempt-ka.png'), fullPage: true });
    await page.reload();
    expect(await page.locator('fieldset.question textarea').inputValue()).toContain('ადვოკატისა');
    await page.locator('button[value=review]').click();
    await page.waitForURL(/review=1/);
    expect(await page.locator('.review-list li.missing').count()).toBe(0);
    await page.locator('form[action$="/submit"] button').click();
    await page.waitForSelector('.flash-success');
    await page.context().close();

    const grader = await (await browser.newContext()).newPage();
    await login(grader, url, trainer);
    await grader.goto(`${url}/cohorts/${cohortId}/grading?lang=en`);
    const form = grader.locator('form.grade-form').first();
    expect(await form.locator('blockquote.answer').innerText()).toContain('ადვოკატისა');
    await form.locator('input[name="c:0"][value="1"]').check();
    await form.locator('input[name="c:1"][value="0"]').check();
    await form.locator('textarea[name=comment]').fill('The legal basis is argued; the rights are not discussed.');
    await grader.screenshot({ path: join(ARTIFACTS, 'grading-rubric.png'), fullPage: true });
    await form.locator('button[type=submit]').click();
    await grader.waitForSelector('.flash-success');
    expect(await grader.locator('.flash-success').innerText()).toContain('2');
    await grader.goto(`${url}/cohorts/${cohortId}/gradebook?lang=en`);
    expect(await grader.locator('table.gradebook tbody tr').first().innerText()).toContain('66.67%');
    await grader.locator('table.gradebook thead form button').first().click();
    await grader.waitForSelector('.flash-success');
    await grader.context().close();

    const again = await (await browser.newContext()).newPage();
    await login(again, url, learner);
    await again.goto(`${url}/my/cohorts/${cohortId}/assessments`);
    await again.locator('.assessment-card a[href^="/attempts/"]').click();
    expect(await again.locator('.result').innerText()).toContain('66.67');
    expect(await again.locator('body').innerText()).toContain('The legal basis is argued');
    await again.screenshot({ path: join(ARTIFACTS, 'attempt-result-ka.png'), fullPage: true });
    // The learner asks for a review of the essay's grade; trainers see it among the appeals.
    const essayCard = again.locator('section.question', { has: again.locator('details.appeal') }).last();
    await essayCard.locator('details.appeal summary').click();
    await essayCard.locator('textarea[name=reason]').fill('ჩემს პასუხში უფლებებიც იყო განხილული.');
    await essayCard.locator('details.appeal button').click();
    await again.waitForSelector('.flash-success');
    const staff = await (await browser.newContext()).newPage();
    await login(staff, url, trainer);
    await staff.goto(`${url}/cohorts/${cohortId}/appeals?lang=en`);
    expect(await staff.locator('blockquote.answer').innerText()).toContain('უფლებებიც');
    await staff.goto(`${url}/cohorts/${cohortId}/gradebook`);
    await staff.locator('a', { hasText: 'analysis and settings' }).first().click();
    expect(await staff.locator('table tbody tr').count()).toBe(3);
  });

  it('a trainer writes questions and builds a test from the bank page, without JavaScript', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await login(page, url, trainer);
    const [{ id: courseId }] = (await t.db.query<{ id: string }>(`SELECT id FROM courses WHERE code = 'TEST-KA'`)).rows;
    await page.goto(`${url}/courses/${courseId}/items?lang=en`);
    await page.locator('#i-type').selectOption('multiple_choice');
    await page.locator('#i-stem').fill('Which belong on a seizure record?');
    await page.locator('#i-options').fill('* Seal number\n* Time of seizure\nRumours');
    await page.locator('#i-points').fill('2');
    await page.locator('#new-item button').click();
    expect(await page.locator('.flash-success').innerText()).toContain('added');
    await page.locator('#i-type').selectOption('essay');
    await page.locator('#i-stem').fill('Was the search lawful?');
    await page.locator('#i-options').fill('Legal basis: 0 = none; 2 = partly; 4 = fully\nUrgency: 0 = not shown; 2 = shown');
    await page.locator('#new-item button').click();
    expect(await page.locator('.flash-success').innerText()).toContain('added');
    await page.locator('#i-type').selectOption('single_choice');
    await page.locator('#i-stem').fill('Broken question');
    await page.locator('#i-options').fill('Only one option');
    await page.locator('#new-item button').click();
    expect(await page.locator('#new-item .error').first().innerText()).toContain('two options');
    await page.locator('#a-title').fill('Quiz: seizure');
    await page.locator('#new-assessment input[name=itemIds]').first().check();
    await page.locator('#new-assessment button').click();
    expect(await page.locator('.flash-success').innerText()).toContain('created');
    // The bank's texts side by side: the new questions have no Georgian yet.
    await page.goto(`${url}/courses/${courseId}/items/translate?from=en&to=ka&lang=en`);
    expect(await page.locator('tr[data-key$=":stem"]').count()).toBe(5);
    expect(await page.locator('tr.missing[data-key$=":stem"]').count()).toBe(2);
    await page.locator('tr.missing[data-key$=":stem"] textarea').first().fill('რა უნდა ჩაიწეროს ამოღების ოქმში?');
    await page.locator('form[method=post] button[type=submit]').last().click();
    expect(await page.locator('.flash-success').innerText()).toContain('1');
    expect(await page.locator('tr.missing[data-key$=":stem"]').count()).toBe(1);
    const items = await t.app.get(ItemsService).list({ ...trainer, locale: 'en' }, courseId);
    const essay = items.items.find((i) => i.content.stem.en === 'Was the search lawful?');
    expect(essay?.content.points).toBe(6);
    expect(essay?.content.rubric?.[0].levels.map((l) => l.points)).toEqual([0, 2, 4]);
    // Editing a question in English keeps its Georgian translation (given above) and makes a new revision.
    const seizure = items.items.find((i) => i.content.stem.en === 'Which belong on a seizure record?')!;
    expect(seizure.content.stem.ka).toBe('რა უნდა ჩაიწეროს ამოღების ოქმში?');
    await page.goto(`${url}/courses/${courseId}/items?lang=en`);
    await page.locator(`a[href$="/items/${seizure.id}/edit"]`).click();
    expect(await page.locator('#i-options').inputValue()).toBe('* Seal number\n* Time of seizure\nRumours');
    await page.locator('#i-stem').fill('Which facts belong on a seizure record?');
    await page.locator('#i-options').fill('* Seal number\n* Time of seizure\nRumours from the street');
    await page.locator('form button[type=submit]').last().click();
    expect(await page.locator('.flash-success').innerText()).toContain(`revision ${seizure.revision + 1}`);
    const revised = await t.app.get(ItemsService).get({ ...trainer, locale: 'en' }, seizure.id);
    expect(revised.revision).toBe(seizure.revision + 1);
    expect(revised.content.stem).toEqual({ en: 'Which facts belong on a seizure record?', ka: 'რა უნდა ჩაიწეროს ამოღების ოქმში?' });
    expect(revised.content.options?.map((o) => o.text.en)).toEqual(['Seal number', 'Time of seizure', 'Rumours from the street']);
    expect(revised.content.options?.map((o) => o.fraction)).toEqual(seizure.content.options?.map((o) => o.fraction));
    // A bad edit shows the form again with the error and changes nothing.
    await page.goto(`${url}/courses/${courseId}/items/${seizure.id}/edit?lang=en`);
    await page.locator('#i-options').fill('Seal number\nTime of seizure');
    await page.locator('form button[type=submit]').last().click();
    expect(await page.locator('.error').first().innerText()).toMatch(/correct/i);
    expect((await t.app.get(ItemsService).get({ ...trainer, locale: 'en' }, seizure.id)).revision).toBe(seizure.revision + 1);
  });
});
