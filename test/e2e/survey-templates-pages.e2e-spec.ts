import { LOCALES, translate } from '@probity/i18n';
import { academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
type Person = Awaited<ReturnType<typeof userFactory>>;

/** A question as a person fills it in on the editor page. */
interface ItemForm {
  type: string;
  scale?: string;
  text: Record<string, string>;
  options?: Record<string, string>[];
  required?: boolean;
}

/**
 * What a browser sends from the template editor: every language's field (empty ones too), each question's type, its
 * scale (Likert) or options (single choice), the required box when ticked, and the button pressed.
 */
function editorForm(
  csrf: string,
  title: Record<string, string>,
  items: ItemForm[],
  action = 'save',
  intro: Record<string, string> = {},
): Record<string, string> {
  const form: Record<string, string> = { _csrf: csrf, action };
  for (const lng of LOCALES) {
    form[`title.${lng}`] = title[lng] ?? '';
    form[`intro.${lng}`] = intro[lng] ?? '';
  }
  items.forEach((item, i) => {
    form[`items.${i}.type`] = item.type;
    if (item.type === 'likert') form[`items.${i}.scale`] = item.scale ?? '';
    for (const lng of LOCALES) form[`items.${i}.text.${lng}`] = item.text[lng] ?? '';
    (item.options ?? []).forEach((option, j) => {
      for (const lng of LOCALES) form[`items.${i}.options.${j}.text.${lng}`] = option[lng] ?? '';
    });
    if (item.required) form[`items.${i}.required`] = 'on';
  });
  return form;
}

/** The HTML of one question of the editor (its fieldset), to check that a message sits beside its own question. */
function questionHtml(html: string, index: number): string {
  const start = html.indexOf(`id="item-${index}" data-index="${index}"`);
  if (start === -1) throw new Error(`no question ${index} on the page`);
  const next = html.indexOf(`id="item-${index + 1}" data-index="${index + 1}"`, start);
  return html.slice(start, next === -1 ? html.indexOf('id="save-template"', start) : next);
}

/** The text of the element with this id (its inner HTML, entities as the page has them). */
function textOf(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return match?.[1];
}

/** Text as Handlebars escapes it into a page. */
const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/`/g, '&#x60;')
    .replace(/=/g, '&#x3D;');

/**
 * The survey template pages (issue 13, point 2): trainers and academy administrators write reaction survey templates
 * in six languages without JavaScript, through the same DTO and service as `POST /api/v1/surveys/templates`; errors
 * stand beside their fields in the person's language; a template a cohort uses is read-only and offers a copy;
 * another academy's template is not found.
 */
describe('survey template pages', () => {
  let t: TestApp;
  let trainer: Person, trainerRu: Person, learner: Person;
  let trainerToken: string;
  let cohortId: string;
  let otherTemplateId: string;
  let createdId: string;

  const api = (method: 'get' | 'post' | 'put', path: string, token: string) =>
    t
      .http()
      [method](path)
      .set(...bearer(token));

  const templateCount = async (): Promise<number> =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM survey_templates')).rows[0].n;

  async function visitor(person: Person): Promise<Visitor> {
    const v = new Visitor(t);
    await v.login(person.email, person.password);
    return v;
  }

  beforeAll(async () => {
    t = await createTestApp();
    const a = await academyFactory(t.app, { code: 'STA' });
    const b = await academyFactory(t.app, { code: 'STB' });
    trainer = await userFactory(t.app, { roles: ['trainer'], academyId: a.id, locale: 'en', fullName: 'Nino Trainer' });
    trainerRu = await userFactory(t.app, { roles: ['trainer'], academyId: a.id, locale: 'ru', fullName: 'Ольга Тренер' });
    learner = await userFactory(t.app, { roles: ['learner'], academyId: a.id });
    const adminA = await userFactory(t.app, { roles: ['academy_admin'], academyId: a.id });
    const adminB = await userFactory(t.app, { roles: ['academy_admin'], academyId: b.id });
    trainerToken = await tokenFor(t.http, trainer);
    const adminToken = await tokenFor(t.http, adminA);
    const version = await versionFactory(t.app, trainer, { lessons: 1 });
    cohortId = (
      await api('post', '/api/v1/cohorts', adminToken)
        .send({
          courseVersionId: version.versionId,
          name: 'Tbilisi, spring 2027',
          locale: 'en',
          startsOn: '2027-03-01',
          endsOn: '2027-04-15',
          trainerIds: [trainer.id],
        })
        .expect(201)
    ).body.id;
    otherTemplateId = (
      await api('post', '/api/v1/surveys/templates', await tokenFor(t.http, adminB))
        .send({ title: { en: 'OTHERACADEMY feedback' }, items: [{ type: 'open_text', text: { en: 'Anything else?' } }] })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t?.close());

  it('lists the standard templates and the academy’s own, linked from the navigation; another academy’s is not there', async () => {
    const v = await visitor(trainer);
    const dashboard = await v.get('/dashboard');
    expect(dashboard.text).toContain(`href="/surveys/templates"`);
    const list = await v.get('/surveys/templates');
    expect(list.status).toBe(200);
    expect(list.text).toContain('href="/surveys/templates/new"');
    expect(list.text).toContain(escapeHtml(translate('en', 'evaluation:templates.owner_platform')));
    expect(list.text).not.toContain('OTHERACADEMY');
    // The standard template may be viewed and copied, never edited by a trainer.
    const [standard] = (await t.db.query<{ id: string }>(`SELECT id FROM survey_templates WHERE code = 'napor-end-of-course'`)).rows;
    const row = new RegExp(`<tr data-id="${standard.id}">([\\s\\S]*?)</tr>`).exec(list.text)?.[1] ?? '';
    expect(row).toContain(`href="/surveys/templates/${standard.id}"`);
    expect(row).toContain(`action="/surveys/templates/${standard.id}/copy"`);
    expect(row).not.toContain(`/surveys/templates/${standard.id}/edit`);
    // A learner has no business here.
    const learnerVisit = await (await visitor(learner)).get('/surveys/templates');
    expect(learnerVisit.status).toBe(403);
  });

  it('adds, moves and saves questions with plain buttons, and stores the template in two languages', async () => {
    const v = await visitor(trainer);
    const blank = await v.get('/surveys/templates/new');
    expect(blank.status).toBe(200);
    expect(blank.text).toContain('name="items.0.type"');
    expect(blank.text).not.toContain('name="items.1.type"');
    // The layout keeps its own title and language links around the form.
    expect(blank.text).toContain(`<title>${escapeHtml(translate('en', 'evaluation:templates.new_title'))} · Probity</title>`);
    expect(blank.text).toContain(`href="${escapeHtml('/surveys/templates/new?lang=ur')}"`);
    const csrf = Visitor.csrf(blank.text);
    const title = { en: 'After the fraud course', ru: 'После курса по мошенничеству' };
    const likert: ItemForm = {
      type: 'likert',
      scale: 'relevance',
      text: { en: 'I will use this in my cases.', ru: 'Я применю это в своих делах.' },
      required: true,
    };
    const open: ItemForm = { type: 'open_text', text: { en: 'What was missing?', ru: 'Чего не хватило?' } };
    // "Add an open question": the page comes back with a second question, what was typed kept.
    const added = await v.post('/surveys/templates/new', editorForm(csrf, title, [likert], 'add:open_text'));
    expect(added.status).toBe(200);
    expect(added.text).toContain('name="items.1.type"');
    expect(questionHtml(added.text, 1)).toMatch(/<option value="open_text" selected>/);
    expect(questionHtml(added.text, 1)).not.toMatch(/name="items\.1\.required" value="on" checked/);
    expect(added.text).toContain(`value="${title.ru}"`);
    // "Move question 2 up", then back down: the order follows the buttons.
    const up = await v.post('/surveys/templates/new', editorForm(csrf, title, [likert, open], 'up:1'));
    expect(questionHtml(up.text, 0)).toContain(open.text.ru);
    expect(questionHtml(up.text, 1)).toContain(likert.text.ru);
    const before = await templateCount();
    const saved = await v.post('/surveys/templates/new', editorForm(csrf, title, [likert, open]));
    expect(saved.status).toBe(303);
    expect(saved.location).toMatch(/^\/surveys\/templates\/[0-9a-f-]{36}$/);
    expect(await templateCount()).toBe(before + 1);
    createdId = saved.location!.split('/').pop()!;
    const stored = await api('get', `/api/v1/surveys/templates/${createdId}`, trainerToken).expect(200);
    expect(stored.body.title).toEqual(title);
    expect(stored.body.intro).toEqual({});
    expect(stored.body.items).toMatchObject([
      { type: 'likert', scale: 'relevance', text: likert.text, options: null, required: true },
      { type: 'open_text', scale: null, text: open.text, options: null, required: false },
    ]);
    expect(stored.body).toMatchObject({ academyId: trainer.academyId, inUse: false, editable: true });
    // The next page says it was saved, and previews the survey (here in Russian, as Russian-speaking learners see it).
    const page = await v.get(saved.location!);
    expect(page.text).toContain(escapeHtml(translate('en', 'evaluation:templates.created')));
    const preview = await v.get(`${saved.location!}?in=ru`);
    expect(preview.text).toMatch(/id="preview" lang="ru" dir="ltr"/);
    expect(preview.text).toContain(`href="${escapeHtml(`/surveys/templates/${createdId}?lang=ur`)}"`);
    const urdu = await v.get(`${saved.location!}?in=ur`);
    expect(urdu.text).toMatch(/<html lang="en" dir="ltr">/);
    expect(urdu.text).toMatch(/id="preview" lang="ur" dir="rtl"/);
    expect(preview.text).toContain(likert.text.ru);
    expect(preview.text).toContain(translate('ru', 'evaluation:likert.5'));
    expect(preview.text).toContain(`href="/surveys/templates/${createdId}/edit"`);
  });

  it('refuses a broken template in Russian, each message beside its own field, the same rules as the API, nothing stored', async () => {
    const v = await visitor(trainerRu);
    const csrf = Visitor.csrf((await v.get('/surveys/templates/new')).text);
    const before = await templateCount();
    const title = { ru: 'Анкета с ошибками' };
    const noScale: ItemForm = { type: 'likert', text: { ru: 'Курс был полезен.' }, required: true };
    const oneOption: ItemForm = {
      type: 'single_choice',
      text: { ru: 'Темп занятий?' },
      options: [{ ru: 'Слишком быстрый' }],
      required: true,
    };
    const noText: ItemForm = { type: 'open_text', text: {} };
    // The DTO's rules first: a question without text in any language.
    const first = await v.post('/surveys/templates/new', editorForm(csrf, title, [noScale, oneOption, noText]));
    expect(first.status).toBe(400);
    const textMessage = translate('ru', 'validation:isLocaleMap', { field: translate('ru', 'fields:stem') });
    expect(textOf(first.text, 'item-2-text-error')).toBe(escapeHtml(textMessage));
    expect(questionHtml(first.text, 2)).toContain('aria-invalid="true"');
    expect(questionHtml(first.text, 0)).not.toContain('class="error"');
    expect(first.text).toContain(`value="${title.ru}"`);
    expect(first.text).toContain(translate('ru', 'evaluation:templates.fix', { count: 1 }));
    // Then the service's rules: a statement without a scale, a single choice with one option.
    noText.text = { ru: 'Что добавить?' };
    const second = await v.post('/surveys/templates/new', editorForm(csrf, title, [noScale, oneOption, noText]));
    expect(second.status).toBe(400);
    const scaleMessage = translate('ru', 'validation:surveyScaleRequired', { field: translate('ru', 'fields:scale') });
    const optionsMessage = translate('ru', 'validation:surveyOptionsCount', { field: translate('ru', 'fields:options'), count: 10 });
    expect(textOf(second.text, 'item-0-scale-error')).toBe(escapeHtml(scaleMessage));
    expect(textOf(second.text, 'item-1-options-error')).toBe(escapeHtml(optionsMessage));
    expect(questionHtml(second.text, 1)).toContain(escapeHtml(optionsMessage));
    expect(questionHtml(second.text, 0)).not.toContain(escapeHtml(optionsMessage));
    expect(questionHtml(second.text, 2)).not.toContain('class="error"');
    expect(second.text).toContain(translate('ru', 'evaluation:templates.fix', { count: 2 }));
    expect(second.text).toContain('Слишком быстрый');
    expect(await templateCount()).toBe(before);
    // The API refuses the same template with the same codes on the same fields.
    const refused = await api('post', '/api/v1/surveys/templates', await tokenFor(t.http, trainerRu))
      .send({
        title,
        items: [
          { type: 'likert', text: noScale.text, required: true },
          { type: 'single_choice', text: oneOption.text, options: [{ text: { ru: 'Слишком быстрый' } }], required: true },
          { type: 'open_text', text: noText.text, required: false },
        ],
      })
      .expect(400);
    expect((refused.body.details as { field: string; constraint: string }[]).map((d) => [d.field, d.constraint]).sort()).toEqual([
      ['items.0.scale', 'surveyScaleRequired'],
      ['items.1.options', 'surveyOptionsCount'],
    ]);
  });

  it('edits a template no cohort uses: the form comes filled in, and the change is stored', async () => {
    const v = await visitor(trainer);
    const page = await v.get(`/surveys/templates/${createdId}/edit`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="After the fraud course"');
    expect(page.text).toContain('I will use this in my cases.');
    const csrf = Visitor.csrf(page.text);
    const choice: ItemForm = {
      type: 'single_choice',
      text: { en: 'Was the pace right?', ru: 'Подходящий ли был темп?' },
      options: [
        { en: 'Too slow', ru: 'Слишком медленный' },
        { en: 'About right', ru: 'В самый раз' },
      ],
      required: true,
    };
    const res = await v.post(
      `/surveys/templates/${createdId}/edit`,
      editorForm(
        csrf,
        { en: 'After the fraud course (v2)', ru: 'После курса по мошенничеству (v2)' },
        [{ type: 'likert', scale: 'overall', text: { en: 'Overall, the course was worth my time.' }, required: true }, choice],
        'save',
        { en: 'Five minutes, anonymous.' },
      ),
    );
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/surveys/templates/${createdId}`);
    const stored = await api('get', `/api/v1/surveys/templates/${createdId}`, trainerToken).expect(200);
    expect(stored.body.title.en).toBe('After the fraud course (v2)');
    expect(stored.body.intro).toEqual({ en: 'Five minutes, anonymous.' });
    expect(stored.body.items).toMatchObject([
      { type: 'likert', scale: 'overall' },
      { type: 'single_choice', options: [{ text: choice.options![0] }, { text: choice.options![1] }] },
    ]);
  });

  it('keeps a template in use read-only, refuses a change and offers a copy that can be changed', async () => {
    await api('put', `/api/v1/cohorts/${cohortId}/survey`, trainerToken).send({ templateId: createdId }).expect(200);
    const v = await visitor(trainer);
    const page = await v.get(`/surveys/templates/${createdId}/edit`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('name="items.0.type"');
    expect(page.text).toContain(escapeHtml(translate('en', 'evaluation:templates.in_use_notice')));
    expect(page.text).toContain(`action="/surveys/templates/${createdId}/copy"`);
    expect(page.text).not.toContain(`href="/surveys/templates/${createdId}/edit"`);
    // A form sent all the same (an old tab) is refused as the API refuses it, and the copy is offered.
    const csrf = Visitor.csrf(page.text);
    const refused = await v.post(
      `/surveys/templates/${createdId}/edit`,
      editorForm(csrf, { en: 'Changed behind the cohort’s back' }, [{ type: 'open_text', text: { en: 'Anything?' } }]),
    );
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(escapeHtml(translate('en', 'errors:survey_template_in_use')));
    expect(refused.text).toContain(`action="/surveys/templates/${createdId}/copy"`);
    const moved = await v.post(`/surveys/templates/${createdId}/edit`, editorForm(csrf, { en: 'x' }, [], 'add:likert'));
    expect(moved.status).toBe(409);
    expect((await api('get', `/api/v1/surveys/templates/${createdId}`, trainerToken).expect(200)).body.title.en).toBe(
      'After the fraud course (v2)',
    );
    // Copy and change the copy.
    const copied = await v.post(`/surveys/templates/${createdId}/copy`, { _csrf: csrf });
    expect(copied.status).toBe(303);
    expect(copied.location).toMatch(/^\/surveys\/templates\/[0-9a-f-]{36}\/edit$/);
    const copyId = copied.location!.split('/')[3];
    expect(copyId).not.toBe(createdId);
    const editor = await v.get(copied.location!);
    expect(editor.status).toBe(200);
    expect(editor.text).toContain('name="items.1.options.1.text.ru"');
    expect(editor.text).toContain('value="В самый раз"');
    expect(editor.text).toContain(escapeHtml(translate('en', 'evaluation:templates.copied')));
    const [row] = (
      await t.db.query<{ copied_from: string; academy_id: string }>('SELECT copied_from, academy_id FROM survey_templates WHERE id = $1', [
        copyId,
      ])
    ).rows;
    expect(row).toEqual({ copied_from: createdId, academy_id: trainer.academyId });
    const changed = await v.post(
      copied.location!,
      editorForm(Visitor.csrf(editor.text), { en: 'After the fraud course (v3)' }, [{ type: 'open_text', text: { en: 'Anything else?' } }]),
    );
    expect(changed.status).toBe(303);
    expect((await api('get', `/api/v1/surveys/templates/${copyId}`, trainerToken).expect(200)).body.items).toHaveLength(1);
  });

  it('answers 404 for another academy’s template and for a follow-up questionnaire, on every page and action', async () => {
    const v = await visitor(trainer);
    const csrf = Visitor.csrf((await v.get('/surveys/templates')).text);
    const [followUp] = (await t.db.query<{ id: string }>(`SELECT id FROM survey_templates WHERE kind <> 'reaction' LIMIT 1`)).rows;
    expect(followUp).toBeDefined();
    const before = await templateCount();
    for (const id of [otherTemplateId, followUp.id]) {
      expect((await v.get(`/surveys/templates/${id}`)).status).toBe(404);
      expect((await v.get(`/surveys/templates/${id}/edit`)).status).toBe(404);
      const edit = await v.post(
        `/surveys/templates/${id}/edit`,
        editorForm(csrf, { en: 'Taken over' }, [{ type: 'open_text', text: { en: 'x' } }]),
      );
      expect(edit.status).toBe(404);
      expect((await v.post(`/surveys/templates/${id}/copy`, { _csrf: csrf })).status).toBe(404);
    }
    expect(await templateCount()).toBe(before);
    const [other] = (
      await t.db.query<{ title: Record<string, string> }>('SELECT title FROM survey_templates WHERE id = $1', [otherTemplateId])
    ).rows;
    expect(other.title).toEqual({ en: 'OTHERACADEMY feedback' });
  });

  it('refuses a form sent without the session’s CSRF token', async () => {
    const v = await visitor(trainer);
    const before = await templateCount();
    const forged = await v.post(
      '/surveys/templates/new',
      editorForm('forged', { en: 'Forged' }, [{ type: 'open_text', text: { en: 'x' } }]),
    );
    expect(forged.status).toBe(403);
    expect(await templateCount()).toBe(before);
  });
});
