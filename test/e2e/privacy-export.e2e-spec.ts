import JSZip from 'jszip';
import type request from 'supertest';
import { JobQueue } from '@probity/database';
import { PrivacyExportsService } from '@probity/privacy';
import { PrivacyExportsProcessor } from '../../apps/worker/src/privacy-exports.processor';
import { academyFactory, certifiedCohortFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('personal data export (issue 16 point 2)', () => {
  let t: TestApp;
  let admin: string;
  let adminUser: { email: string; password: string };
  let strangerAdmin: string;
  let person: Awaited<ReturnType<typeof userFactory>>;
  let personToken: string;
  let other: Awaited<ReturnType<typeof userFactory>>;
  let otherToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    const academy = await academyFactory(t.app, { defaultLocale: 'uk' });
    adminUser = await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id });
    admin = await tokenFor(t.http, adminUser);
    strangerAdmin = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'] }));
    const trainerUser = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id });
    const trainer = await tokenFor(t.http, trainerUser);
    person = await userFactory(t.app, {
      academyId: academy.id,
      fullName: 'Олена Ковальчук',
      locale: 'uk',
      email: 'olena.export@example.test',
    });
    other = await userFactory(t.app, { academyId: academy.id, fullName: 'Zebulon Quixote', email: 'zebulon.other@example.test' });
    personToken = await tokenFor(t.http, person);
    otherToken = await tokenFor(t.http, other);

    await certifiedCohortFactory(
      t.app,
      t.http,
      { admin, trainer, trainerId: trainerUser.id },
      [
        { id: person.id, token: personToken, answer: 'PEACE from Olena' },
        { id: other.id, token: otherToken, answer: 'ANSWER-OF-ZEBULON' },
      ],
      'Kyiv',
    );
    // A message and a consent of each person (seeded directly: their own flows are tested elsewhere).
    for (const who of [person, other]) {
      await t.db.query(`INSERT INTO notifications (user_id, kind, data, dedupe_key) VALUES ($1, 'test', $2, 'export-test')`, [
        who.id,
        JSON.stringify({ note: `message for ${who.fullName}` }),
      ]);
      await t.db.query(`INSERT INTO privacy_consents (user_id, purpose) VALUES ($1, 'supervisor_follow_up')`, [who.id]);
    }
  });
  afterAll(() => t.close());

  /** The worker's step for a queued export (the processor's own handler). */
  const runExport = (jobId: string): Promise<void> =>
    new PrivacyExportsProcessor(t.app.get(JobQueue), t.app.get(PrivacyExportsService)).handle(jobId);
  const download = (id: string, token: string): request.Test =>
    t
      .http()
      .get(`/api/v1/exports/${id}/download`)
      .set(...bearer(token))
      .buffer(true)
      .parse(binary);

  it('builds a ZIP with every category of the person’s data, and nothing of another person', async () => {
    const { jobId } = (
      await t
        .http()
        .post('/api/v1/me/export')
        .set(...bearer(personToken))
        .expect(202)
    ).body as { jobId: string };
    expect(
      (
        await t
          .http()
          .get(`/api/v1/jobs/${jobId}`)
          .set(...bearer(personToken))
          .expect(200)
      ).body.state,
    ).toBe('queued');
    await runExport(jobId);
    const job = (
      await t
        .http()
        .get(`/api/v1/jobs/${jobId}`)
        .set(...bearer(personToken))
        .expect(200)
    ).body as {
      state: string;
      progress: { done: number; total: number };
    };
    expect([job.state, (job as { error?: string }).error]).toEqual(['completed', undefined]);
    expect(job.progress.total).toBeGreaterThan(30);
    expect(job.progress.done).toBe(job.progress.total);

    const listed = (
      await t
        .http()
        .get('/api/v1/me/exports')
        .set(...bearer(personToken))
        .expect(200)
    ).body as { id: string; jobId: string }[];
    expect(listed.map((e) => e.jobId)).toEqual([jobId]);
    const zipped = (
      await download(listed[0].id, personToken)
        .expect(200)
        .expect('content-type', /application\/zip/)
    ).body as Buffer;
    const zip = await JSZip.loadAsync(zipped);
    const files: Record<string, string> = {};
    for (const name of Object.keys(zip.files)) if (!zip.files[name].dir) files[name] = await zip.files[name].async('string');
    const rows = (table: string): Record<string, unknown>[] => JSON.parse(files[`data/${table}.json`]) as Record<string, unknown>[];

    expect(rows('users')).toEqual([expect.objectContaining({ id: person.id, email: person.email, full_name: 'Олена Ковальчук' })]);
    expect(rows('users')[0]).not.toHaveProperty('password_hash');
    expect(rows('enrolments')).toEqual([expect.objectContaining({ user_id: person.id })]);
    expect(rows('attempts')).toEqual([expect.objectContaining({ user_id: person.id, status: expect.any(String) })]);
    expect(JSON.stringify(rows('responses'))).toContain('PEACE from Olena');
    expect(rows('lesson_completions')).toHaveLength(1);
    expect(rows('certificates')).toEqual([expect.objectContaining({ user_id: person.id })]);
    expect(JSON.stringify(rows('notifications'))).toContain('message for Олена Ковальчук');
    expect(rows('audit_entries').length).toBeGreaterThan(0);
    expect(rows('audit_entries').every((e) => e.actor_id === person.id || e.entity_id === person.id)).toBe(true);
    // The person's own values in audit entries are shown, not their commitments (ADR 0014).
    expect(rows('audit_entries')).toContainEqual(
      expect.objectContaining({
        action: 'user.created',
        entity_id: person.id,
        after: expect.objectContaining({ email: person.email, fullName: 'Олена Ковальчук' }),
      }),
    );
    expect(JSON.stringify(rows('audit_entries'))).not.toContain('"$p"');
    expect(rows('privacy_consents')).toEqual([expect.objectContaining({ user_id: person.id, purpose: 'supervisor_follow_up' })]);
    expect(files['data/survey_responses.json']).toBeUndefined();

    // Nothing of the other person: no id, name, e-mail or answer anywhere in the archive.
    const everything = Object.values(files).join('\n');
    for (const leak of [other.id, other.fullName, other.email, 'Zebulon', 'ANSWER-OF-ZEBULON'])
      expect([leak, everything.includes(leak)]).toEqual([leak, false]);

    // The summary is in the person's language.
    expect(files['index.html']).toContain('<html lang="uk" dir="ltr">');
    expect(files['index.html']).toContain('Ваші персональні дані в Probity');
    expect(files['index.html']).toContain('Олена Ковальчук');
  });

  it('lets an administrator of the person’s academy export for them; others get 404', async () => {
    await t
      .http()
      .post(`/api/v1/users/${person.id}/export`)
      .set(...bearer(strangerAdmin))
      .expect(404);
    await t
      .http()
      .get(`/api/v1/users/${person.id}/exports`)
      .set(...bearer(strangerAdmin))
      .expect(404);
    await t
      .http()
      .post(`/api/v1/users/${person.id}/export`)
      .set(...bearer(otherToken))
      .expect(403);
    const { jobId } = (
      await t
        .http()
        .post(`/api/v1/users/${person.id}/export`)
        .set(...bearer(admin))
        .expect(202)
    ).body as { jobId: string };
    await runExport(jobId);
    const mine = (
      await t
        .http()
        .get(`/api/v1/users/${person.id}/exports`)
        .set(...bearer(admin))
        .expect(200)
    ).body as { id: string; jobId: string }[];
    expect(mine.map((e) => e.jobId)).toEqual([jobId]);
    await download(mine[0].id, admin).expect(200);
    // The job page shows the finished export's progress (it has no issuance counts to show).
    const visitor = new Visitor(t);
    await visitor.login(adminUser.email, adminUser.password);
    const jobPage = await visitor.get(`/jobs/${jobId}`);
    expect(jobPage.status).toBe(200);
    expect(jobPage.text).toContain('100');
    await download(mine[0].id, personToken).expect(200);
    await download(mine[0].id, otherToken).expect(404);
    await download(mine[0].id, strangerAdmin).expect(404);
    expect(
      (
        await t
          .http()
          .get('/api/v1/me/exports')
          .set(...bearer(otherToken))
          .expect(200)
      ).body,
    ).toEqual([]);
  });

  it('writes the summary right to left for an Urdu reader', async () => {
    const urdu = await userFactory(t.app, { fullName: 'عائشہ خان', locale: 'ur' });
    const token = await tokenFor(t.http, urdu);
    const { jobId } = (
      await t
        .http()
        .post('/api/v1/me/export')
        .set(...bearer(token))
        .expect(202)
    ).body as { jobId: string };
    await runExport(jobId);
    const [ready] = (
      await t
        .http()
        .get('/api/v1/me/exports')
        .set(...bearer(token))
        .expect(200)
    ).body as { id: string }[];
    const zip = await JSZip.loadAsync((await download(ready.id, token).expect(200)).body as Buffer);
    const html = await zip.file('index.html')!.async('string');
    expect(html).toContain('<html lang="ur" dir="rtl">');
    expect(html).toContain('عائشہ خان');
  });

  it('offers “Download my data” on /me/privacy and lists the ready exports there', async () => {
    const visitor = new Visitor(t);
    await visitor.login(other.email, other.password);
    const before = await visitor.get('/me/privacy');
    expect(before.status).toBe(200);
    expect(before.text).toContain('id="no-exports"');
    const started = await visitor.post('/me/privacy/export', { _csrf: Visitor.csrf(before.text) });
    expect(started.status).toBe(303);
    expect(started.location).toBe('/me/privacy#my-data');
    const [job] = (await t.db.query<{ id: string }>(`SELECT id FROM jobs WHERE started_by = $1 AND kind = 'privacy_export'`, [other.id]))
      .rows;
    await runExport(job.id);
    const after = await visitor.get('/me/privacy');
    const [ready] = (
      await t
        .http()
        .get('/api/v1/me/exports')
        .set(...bearer(otherToken))
        .expect(200)
    ).body as { id: string }[];
    expect(after.text).toContain(`href="/me/privacy/export/${ready.id}"`);
  });
});
