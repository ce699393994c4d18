import { academyFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

describe('courses: authoring, translation, publishing, catalogue', () => {
  let t: TestApp;
  let geId: string;
  let trainerGe: string, adminGe: string, learnerGe: string, trainerUa: string, adminUa: string, learnerUa: string;

  beforeAll(async () => {
    t = await createTestApp();
    geId = (await academyFactory(t.app, { code: 'GEC', defaultLocale: 'ka' })).id;
    const ua = (await academyFactory(t.app, { code: 'UAC', defaultLocale: 'uk' })).id;
    trainerGe = await tokenFor(t.http, await userFactory(t.app, { roles: ['trainer'], academyId: geId }));
    adminGe = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: geId }));
    learnerGe = await tokenFor(t.http, await userFactory(t.app, { roles: ['learner'], academyId: geId, locale: 'ka' }));
    trainerUa = await tokenFor(t.http, await userFactory(t.app, { roles: ['trainer'], academyId: ua }));
    adminUa = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: ua }));
    learnerUa = await tokenFor(t.http, await userFactory(t.app, { roles: ['learner'], academyId: ua, locale: 'uk' }));
  });
  afterAll(() => t.close());

  async function course(token = trainerGe, body: object = {}): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/courses')
      .set(...bearer(token))
      .send({
        code: `C${Math.random().toString(36).slice(2, 8)}`,
        title: { en: 'Chain of custody', ka: 'მტკიცებულებათა შენახვის ჯაჭვი' },
        summary: { en: 'Seizure to court.' },
        ...body,
      });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  async function module(courseId: string, token = trainerGe, title: object = { en: 'Sealing' }): Promise<string> {
    return (
      await t
        .http()
        .post(`/api/v1/courses/${courseId}/modules`)
        .set(...bearer(token))
        .send({ title })
        .expect(201)
    ).body.id;
  }
  async function lesson(moduleId: string, body: object = {}, token = trainerGe): Promise<string> {
    const res = await t
      .http()
      .post(`/api/v1/modules/${moduleId}/lessons`)
      .set(...bearer(token))
      .send({
        title: { en: 'Seal numbers' },
        body: { en: '## Seal numbers\n\nWrite the **seal number** on the log.' },
        durationMinutes: 20,
        ...body,
      })
      .expect(201);
    return res.body.id;
  }

  it('round-trips an authored tree in order, with the lesson rendered once to HTML', async () => {
    const id = await course(trainerGe, { objectives: [{ en: 'Keep an unbroken chain' }], tags: ['chain-of-custody'] });
    const m1 = await module(id, trainerGe, { en: 'Seizure' });
    const m2 = await module(id, trainerGe, { en: 'Storage' });
    const l1 = await lesson(m1, { title: { en: 'Seizure records' } });
    const l2 = await lesson(m1, { title: { en: 'Sealing' } });
    await t
      .http()
      .post(`/api/v1/modules/${m2}/move`)
      .set(...bearer(trainerGe))
      .send({ direction: 'up' })
      .expect(204);
    await t
      .http()
      .post(`/api/v1/lessons/${l2}/move`)
      .set(...bearer(trainerGe))
      .send({ direction: 'up' })
      .expect(204);
    await t
      .http()
      .post(`/api/v1/lessons/${l2}/move`)
      .set(...bearer(trainerGe))
      .send({ direction: 'sideways' })
      .expect(400);
    const tree = (
      await t
        .http()
        .get(`/api/v1/courses/${id}`)
        .set(...bearer(trainerGe))
        .expect(200)
    ).body;
    expect(tree.course.objectives).toEqual([{ en: 'Keep an unbroken chain' }]);
    expect(tree.modules.map((m: { title: { en: string } }) => m.title.en)).toEqual(['Storage', 'Seizure']);
    expect(tree.modules[1].lessons.map((l: { id: string }) => l.id)).toEqual([l2, l1]);
    expect(tree.modules[1].lessons[0].bodyHtml.en).toBe(
      '<h2>Seal numbers</h2>\n<p>Write the <strong>seal number</strong> on the log.</p>\n',
    );
    expect(tree.lessonsTotal).toBe(2);
    expect(tree.durationMinutes).toBe(40);
  });

  it('sanitizes lesson HTML: no script, no event handlers, no javascript: URLs; tables, lists, images and links stay', async () => {
    const id = await course();
    const m = await module(id);
    const body = [
      '## Evidence',
      '',
      '<script>alert(1)</script>',
      '',
      '<img src="https://example.org/seal.png" onerror="alert(2)" alt="seal">',
      '',
      '[click](javascript:alert(3)) and <a href="javascript:alert(4)">this</a> and [ok](https://example.org/ok)',
      '',
      '<p onclick="alert(5)">para</p>',
      '',
      '| Item | Seal |',
      '| --- | --- |',
      '| Bag 1 | 004512 |',
      '',
      '- one',
      '- two',
    ].join('\n');
    const lessonId = await lesson(m, { body: { en: body } });
    const tree = (
      await t
        .http()
        .get(`/api/v1/courses/${id}`)
        .set(...bearer(trainerGe))
        .expect(200)
    ).body;
    const html: string = tree.modules[0].lessons.find((l: { id: string }) => l.id === lessonId).bodyHtml.en;
    expect(html).not.toMatch(/<script|alert\(1\)|onerror|onclick|href="javascript:/i);
    // A Markdown link to javascript: is not made a link at all: it stays visible as plain text.
    expect(html).toContain('[click](javascript:alert(3))');
    expect(html).toContain('<table>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<img src="https://example.org/seal.png" alt="seal" loading="lazy" />');
    expect(html).toContain('<a href="https://example.org/ok" rel="noopener noreferrer nofollow">ok</a>');
    expect(html).toContain('<h2>Evidence</h2>');
  });

  it('refuses to publish a course with nothing to teach (422, clear message)', async () => {
    const id = await course();
    await module(id);
    const res = await t
      .http()
      .post(`/api/v1/courses/${id}/versions`)
      .set(...bearer(trainerGe))
      .expect(422);
    expect(res.body.message).toMatch(/lesson/i);
    const ru = await t
      .http()
      .post(`/api/v1/courses/${id}/versions?lang=ru`)
      .set(...bearer(trainerGe))
      .expect(422);
    expect(ru.body.message).toMatch(/[а-яё]/i);
  });

  it('freezes a version: editing the draft afterwards leaves version 1 as it was', async () => {
    const id = await course();
    const m = await module(id);
    const l = await lesson(m);
    const v1 = (
      await t
        .http()
        .post(`/api/v1/courses/${id}/versions`)
        .set(...bearer(trainerGe))
        .expect(201)
    ).body;
    expect(v1).toMatchObject({ id: expect.any(String), number: 1, publishedAt: expect.any(String), locales: ['en'] });
    await t
      .http()
      .patch(`/api/v1/lessons/${l}`)
      .set(...bearer(trainerGe))
      .send({ title: { en: 'Changed' }, body: { en: 'New text' } })
      .expect(200);
    await lesson(m, { title: { en: 'Added later' } });
    const frozen = (
      await t
        .http()
        .get(`/api/v1/course-versions/${v1.id}`)
        .set(...bearer(trainerGe))
        .expect(200)
    ).body;
    expect(frozen.modules[0].id).toBe(m);
    expect(frozen.modules[0].lessons).toHaveLength(1);
    expect(frozen.modules[0].lessons[0]).toMatchObject({ id: l, title: { en: 'Seal numbers' } });
    expect(frozen.modules[0].lessons[0].bodyHtml.en).toContain('seal number');
    const v2 = (
      await t
        .http()
        .post(`/api/v1/courses/${id}/versions`)
        .set(...bearer(trainerGe))
        .expect(201)
    ).body;
    expect(v2.number).toBe(2);
    await expect(t.db.query(`UPDATE course_versions SET locales = '{}' WHERE id = $1`, [v1.id])).rejects.toThrow(/immutable/);
    const audit = await t.db.query(
      `SELECT action FROM audit_entries WHERE action LIKE 'course.%' OR action LIKE 'lesson.%' OR action LIKE 'module.%'`,
    );
    expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(
      expect.arrayContaining(['course.created', 'module.created', 'lesson.created', 'lesson.updated', 'course.published']),
    );
  });

  it('reports translation percentages per locale and lists only complete locales on a version', async () => {
    const id = await course(trainerGe, { title: { en: 'Interviewing', ka: 'გამოკითხვა' }, summary: { en: 'PEACE' } });
    const m = await module(id, trainerGe, { en: 'Planning', ka: 'დაგეგმვა' });
    await lesson(m, { title: { en: 'Plan', ka: 'გეგმა' }, body: { en: 'Text' } });
    // 5 texts: course title, summary, module title, lesson title, lesson body (scenario is empty).
    let tree = (
      await t
        .http()
        .get(`/api/v1/courses/${id}`)
        .set(...bearer(trainerGe))
        .expect(200)
    ).body;
    expect(tree.translation).toEqual({ en: 100, ka: 60, ru: 0, uk: 0, ur: 0, sw: 0 });
    const fields = (
      await t
        .http()
        .get(`/api/v1/courses/${id}/translations`)
        .set(...bearer(trainerGe))
        .expect(200)
    ).body.fields;
    const missing = fields.filter((f: { value: Record<string, string> }) => f.value.en && !f.value.ka);
    expect(missing.map((f: { key: string }) => f.key.split(':').pop())).toEqual(['summary', 'body']);
    const saved = await t
      .http()
      .post(`/api/v1/courses/${id}/translations`)
      .set(...bearer(trainerGe))
      .send({ locale: 'ka', entries: missing.map((f: { key: string }) => ({ key: f.key, text: 'ქართული ტექსტი' })) })
      .expect(200);
    expect(saved.body.translation.ka).toBe(100);
    await t
      .http()
      .post(`/api/v1/courses/${id}/translations`)
      .set(...bearer(trainerGe))
      .send({ locale: 'ka', entries: [{ key: 'lesson:nope:title', text: 'x' }] })
      .expect(400);
    tree = (
      await t
        .http()
        .get(`/api/v1/courses/${id}`)
        .set(...bearer(trainerGe))
        .expect(200)
    ).body;
    expect(tree.modules[0].lessons[0].bodyHtml.ka).toBe('<p>ქართული ტექსტი</p>\n');
    const version = (
      await t
        .http()
        .post(`/api/v1/courses/${id}/versions`)
        .set(...bearer(trainerGe))
        .expect(201)
    ).body;
    expect(version.locales.sort()).toEqual(['en', 'ka']);
  });

  it('keeps each academy’s courses to itself (404), and authoring to staff (403)', async () => {
    const id = await course(trainerGe);
    const m = await module(id);
    const l = await lesson(m);
    for (const token of [trainerUa, adminUa]) {
      await t
        .http()
        .get(`/api/v1/courses/${id}`)
        .set(...bearer(token))
        .expect(404);
      await t
        .http()
        .patch(`/api/v1/courses/${id}`)
        .set(...bearer(token))
        .send({ shared: true })
        .expect(404);
      await t
        .http()
        .post(`/api/v1/courses/${id}/modules`)
        .set(...bearer(token))
        .send({ title: { en: 'x' } })
        .expect(404);
      await t
        .http()
        .post(`/api/v1/modules/${m}/lessons`)
        .set(...bearer(token))
        .send({ title: { en: 'x' }, body: {}, durationMinutes: 1 })
        .expect(404);
      await t
        .http()
        .patch(`/api/v1/lessons/${l}`)
        .set(...bearer(token))
        .send({ durationMinutes: 5 })
        .expect(404);
      await t
        .http()
        .post(`/api/v1/lessons/${l}/move`)
        .set(...bearer(token))
        .send({ direction: 'up' })
        .expect(404);
      await t
        .http()
        .post(`/api/v1/courses/${id}/versions`)
        .set(...bearer(token))
        .expect(404);
    }
    for (const token of [learnerGe, learnerUa]) {
      await t
        .http()
        .post('/api/v1/courses')
        .set(...bearer(token))
        .send({ code: 'X', title: { en: 'x' } })
        .expect(403);
      await t
        .http()
        .get(`/api/v1/courses/${id}`)
        .set(...bearer(token))
        .expect(403);
      await t
        .http()
        .post(`/api/v1/courses/${id}/modules`)
        .set(...bearer(token))
        .send({ title: { en: 'x' } })
        .expect(403);
      await t
        .http()
        .post(`/api/v1/courses/${id}/versions`)
        .set(...bearer(token))
        .expect(403);
    }
    await t
      .http()
      .get(`/api/v1/courses/${id}`)
      .set(...bearer(adminGe))
      .expect(200);
    await t
      .http()
      .post('/api/v1/courses')
      .send({ code: 'X', title: { en: 'x' } })
      .expect(401);
    const list = (
      await t
        .http()
        .get('/api/v1/courses')
        .set(...bearer(trainerUa))
        .expect(200)
    ).body;
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('refuses a second course with the same code in an academy (409), bad bodies (400)', async () => {
    await t
      .http()
      .post('/api/v1/courses')
      .set(...bearer(trainerGe))
      .send({ code: 'DUP-1', title: { en: 'A' } })
      .expect(201);
    await t
      .http()
      .post('/api/v1/courses')
      .set(...bearer(trainerGe))
      .send({ code: 'DUP-1', title: { en: 'B' } })
      .expect(409);
    await t
      .http()
      .post('/api/v1/courses')
      .set(...bearer(trainerUa))
      .send({ code: 'DUP-1', title: { en: 'B' } })
      .expect(201);
    const bad = await t
      .http()
      .post('/api/v1/courses')
      .set(...bearer(trainerGe))
      .send({ code: 'has space', title: { fr: 'Non' } })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['code', 'title']);
  });

  it('lists the newest version of visible courses in the catalogue, in the reader’s locale, shared ones for everyone', async () => {
    const own = await course(trainerGe, { title: { en: 'Own course', ka: 'საკუთარი კურსი' } });
    await lesson(await module(own));
    await t
      .http()
      .post(`/api/v1/courses/${own}/versions`)
      .set(...bearer(trainerGe))
      .expect(201);
    await t
      .http()
      .post(`/api/v1/courses/${own}/versions`)
      .set(...bearer(trainerGe))
      .expect(201);
    const shared = await course(trainerUa, { title: { en: 'EU-ACT shared', uk: 'Спільний курс' }, shared: true });
    await lesson(await module(shared, trainerUa), {}, trainerUa);
    await t
      .http()
      .post(`/api/v1/courses/${shared}/versions`)
      .set(...bearer(trainerUa))
      .expect(201);

    const ka = (
      await t
        .http()
        .get('/api/v1/catalog')
        .set(...bearer(learnerGe))
        .expect(200)
    ).body.items;
    const mine = ka.find((i: { courseId: string }) => i.courseId === own);
    expect(mine).toMatchObject({ title: 'საკუთარი კურსი', number: 2, lessonsTotal: 1, durationMinutes: 20, fellBack: false });
    expect(mine.translation).toMatchObject({ en: 100 });
    expect(ka.find((i: { courseId: string }) => i.courseId === shared)).toMatchObject({ title: 'EU-ACT shared', fellBack: true });
    const uaItems = (
      await t
        .http()
        .get('/api/v1/catalog')
        .set(...bearer(learnerUa))
        .expect(200)
    ).body.items;
    expect(uaItems.map((i: { courseId: string }) => i.courseId)).not.toContain(own);
    expect(uaItems.find((i: { courseId: string }) => i.courseId === shared).title).toBe('Спільний курс');
    const anonymous = (await t.http().get('/api/v1/catalog?lang=en').expect(200)).body.items;
    expect(anonymous.map((i: { courseId: string }) => i.courseId)).toEqual(expect.arrayContaining([shared]));
    expect(anonymous.map((i: { courseId: string }) => i.courseId)).not.toContain(own);
    // Versions are read by staff of academies that may run them, and by learners enrolled in a cohort of them.
    const read = (versionId: string, token: string) =>
      t
        .http()
        .get(`/api/v1/course-versions/${versionId}`)
        .set(...bearer(token));
    await read(mine.versionId, trainerUa).expect(404);
    await read(mine.versionId, trainerGe).expect(200);
    await read(mine.versionId, learnerGe).expect(404);
    // Another academy's shared curriculum: its lessons and rules, never its answer keys (the learner view).
    const sharedVersion = await read(ka.find((i: { courseId: string }) => i.courseId === shared).versionId, trainerGe).expect(200);
    expect(sharedVersion.body.view).toBe('learner');
  });
});
