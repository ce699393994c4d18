import { crc32, deflateSync } from 'node:zlib';
import { academyFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/** `n` GIFT true/false questions, one per paragraph. */
const gift = (n: number): string => Array.from({ length: n }, (_, i) => `::Q${i + 1}:: Is ${i + 1} a number? {T}`).join('\n\n');

/** `n` Moodle XML true/false questions after a category (which does not count). */
const moodle = (n: number): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<quiz><question type="category"><category><text>$course$/Imported</text></category></question>${Array.from(
    { length: n },
    (_, i) =>
      `<question type="truefalse"><questiontext format="html"><text>Is ${i + 1} a number?</text></questiontext>` +
      '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>',
  ).join('')}</quiz>`;

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real RGBA or grey PNG of one colour (rows with filter 0), as a data: URL the design page's file picker sends. */
function pngDataUrl(width: number, height: number, depth = 8, colorType = 6): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colorType;
  const row = 1 + (width * depth * (colorType === 6 ? 4 : 1)) / 8;
  const data = Buffer.alloc(row * height, 0x80);
  for (let y = 0; y < height; y++) data[y * row] = 0;
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(data, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

describe('imports and uploads are bounded', () => {
  let t: TestApp;
  let academyId: string;
  let trainer: Awaited<ReturnType<typeof userFactory>>;
  let admin: Awaited<ReturnType<typeof userFactory>>;
  let token: string;
  let courseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    academyId = (await academyFactory(t.app, { code: 'IMP' })).id;
    trainer = await userFactory(t.app, { roles: ['trainer'], academyId, locale: 'en' });
    admin = await userFactory(t.app, { roles: ['academy_admin'], academyId, locale: 'en' });
    token = await tokenFor(t.http, trainer);
    courseId = (
      await t
        .http()
        .post('/api/v1/courses')
        .set(...bearer(token))
        .send({ code: 'IMP1', title: { en: 'Imports' } })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const items = async (): Promise<number> =>
    Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM items WHERE course_id = $1', [courseId])).rows[0].n);

  it('refuses a GIFT file of 2,001 questions with a 413 in the caller’s language, importing none', async () => {
    const started = Date.now();
    const res = await t
      .http()
      .post(`/api/v1/courses/${courseId}/items/import`)
      .set(...bearer(token))
      .set('accept-language', 'ru')
      .send({ format: 'gift', content: gift(2001) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('too_many_questions');
    expect(res.body.message).toBe(
      'За один импорт можно загрузить не более 2000 вопросов, а в этом файле их 2001. Ничего не импортировано: разделите файл на части поменьше.',
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await items()).toBe(0);
  });

  it('refuses a Moodle XML file of 2,001 questions (?lang=ru), importing none', async () => {
    const res = await t
      .http()
      .post(`/api/v1/courses/${courseId}/items/import?lang=ru`)
      .set(...bearer(token))
      .send({ format: 'moodle-xml', content: moodle(2001) });
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/^За один импорт можно загрузить не более 2000 вопросов, а в этом файле их 2001\./);
    expect(await items()).toBe(0);
  });

  it('refuses it on the question bank page too, in the page’s language', async () => {
    const v = new Visitor(t);
    await v.login(trainer.email, trainer.password);
    const page = await v.get(`/courses/${courseId}/items?lang=ru`);
    expect(page.status).toBe(200);
    const res = await v.post(`/courses/${courseId}/items/import`, { _csrf: Visitor.csrf(page.text), format: 'gift', content: gift(2001) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('За один импорт можно загрузить не более 2000 вопросов, а в этом файле их 2001.');
    expect(await items()).toBe(0);
  });

  it('still imports a file within the limit', async () => {
    const res = await t
      .http()
      .post(`/api/v1/courses/${courseId}/items/import`)
      .set(...bearer(token))
      .send({ format: 'moodle-xml', content: moodle(3) })
      .expect(201);
    expect(res.body).toEqual({ imported: 3, errors: [] });
    expect(await items()).toBe(3);
    await t.db.query('DELETE FROM item_revisions WHERE item_id IN (SELECT id FROM items WHERE course_id = $1)', [courseId]);
    await t.db.query('DELETE FROM items WHERE course_id = $1', [courseId]);
  });

  it('answers a question text of 130,000 "&amp;" (800 kB) at once', async () => {
    const content = `<quiz><question type="essay"><questiontext format="html"><text>${'&amp; '.repeat(130_000)}</text></questiontext></question></quiz>`;
    const started = Date.now();
    const res = await t
      .http()
      .post(`/api/v1/courses/${courseId}/items/import`)
      .set(...bearer(token))
      .send({ format: 'moodle-xml', content })
      .expect(201);
    expect(res.body).toEqual({ imported: 1, errors: [] });
    expect(Date.now() - started).toBeLessThan(3000);
    const stem = (
      await t.db.query<{ stem: string }>(
        `SELECT r.content->'stem'->>'en' AS stem FROM items i JOIN item_revisions r ON r.item_id = i.id WHERE i.course_id = $1`,
        [courseId],
      )
    ).rows[0].stem;
    expect(stem).toBe('& '.repeat(130_000).trim());
  });

  it('refuses emblems above 2048 × 2048 or of 16 bits on the design page, in the admin’s language, keeping none', async () => {
    const v = new Visitor(t);
    await v.login(admin.email, admin.password);
    const page = await v.get('/admin/certificates/design?lang=ru');
    expect(page.status).toBe(200);
    const csrf = Visitor.csrf(page.text);

    const large = await v.post('/admin/certificates/design', { _csrf: csrf, emblem: pngDataUrl(4096, 4096) });
    expect(large.status).toBe(400);
    expect(large.text).toContain('Изображение в поле «Эмблема» должно быть не больше 2048 × 2048 пикселей.');

    const deep = await v.post('/admin/certificates/design', { _csrf: csrf, emblem: pngDataUrl(64, 64, 16, 0) });
    expect(deep.status).toBe(400);
    expect(deep.text).toContain('Изображение в поле «Эмблема» должно иметь глубину 8 бит на канал');

    const { rows } = await t.db.query('SELECT emblem FROM academy_branding WHERE academy_id = $1 AND emblem IS NOT NULL', [academyId]);
    expect(rows).toEqual([]);

    const fine = await v.post('/admin/certificates/design', { _csrf: csrf, emblem: pngDataUrl(2048, 2048) });
    expect(fine.status).toBe(303);
    const saved = await t.db.query('SELECT emblem FROM academy_branding WHERE academy_id = $1 AND emblem IS NOT NULL', [academyId]);
    expect(saved.rows).toHaveLength(1);
  });

  it('takes the emblem as the form’s file without JavaScript (multipart), with the same checks', async () => {
    const v = new Visitor(t);
    await v.login(admin.email, admin.password);
    const csrf = Visitor.csrf((await v.get('/admin/certificates/design?lang=ru')).text);
    const png = (url: string): Buffer => Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    const large = await v.postMultipart(
      '/admin/certificates/design',
      { _csrf: csrf, bilingual: 'on' },
      { field: 'emblemFile', name: 'emblem.png', content: png(pngDataUrl(4096, 4096)) },
    );
    expect(large.status).toBe(400);
    expect(large.text).toContain('Изображение в поле «Эмблема» должно быть не больше 2048 × 2048 пикселей.');
    const small = png(pngDataUrl(64, 64));
    const fine = await v.postMultipart(
      '/admin/certificates/design',
      { _csrf: csrf, bilingual: 'on' },
      { field: 'emblemFile', name: 'emblem.png', content: small },
    );
    expect(fine.status).toBe(303);
    const saved = await t.db.query<{ emblem: Buffer; bilingual: boolean }>(
      'SELECT emblem, bilingual FROM academy_branding WHERE academy_id = $1',
      [academyId],
    );
    expect([saved.rows[0].emblem.equals(small), saved.rows[0].bilingual]).toEqual([true, true]);
    // Without the session's CSRF token the file is refused.
    const forged = await v.postMultipart(
      '/admin/certificates/design',
      { _csrf: 'x' },
      { field: 'emblemFile', name: 'e.png', content: small },
    );
    expect(forged.status).toBe(403);
  });
});
