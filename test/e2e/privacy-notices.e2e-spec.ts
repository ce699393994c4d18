import { type Mailer } from '@probity/cohorts';
import { FollowUpInvitationsService } from '@probity/evaluation';
import { academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

type Person = Awaited<ReturnType<typeof userFactory>> & { token: string };
type Message = Parameters<Mailer>[0];

/**
 * Privacy notices and consents (issue 16 point 5): the default notice on the public pages, an academy's notice
 * published in versions by its administrators (nobody else), shown before anything else to a person who signed in
 * and has not acknowledged the current version (pages only, never the API), acknowledged once and audited, asked
 * again for a new version; the person's privacy page; withdrawing the directory consent removes the entry at once,
 * withdrawing the supervisor consent deletes the contact (or empties it when the supervisor already answered, keeping
 * the answer) and no mail goes to the supervisor afterwards.
 */
describe('privacy notices and consents', () => {
  let t: TestApp;
  let academy: Awaited<ReturnType<typeof academyFactory>>;
  let other: Awaited<ReturnType<typeof academyFactory>>;
  let admin: Person, otherAdmin: Person, learner: Person, colleague: Person, platform: Person;

  const bearer = (who: Person): [string, string] => ['authorization', `Bearer ${who.token}`];
  const person = async (roles: Person['roles'], academyId?: string, locale = 'en'): Promise<Person> => {
    const user = await userFactory(t.app, { roles, academyId, locale });
    return { ...user, token: await tokenFor(t.http, user) };
  };
  const publish = (who: Person, academyId: string, bodies: Record<string, string>) =>
    t
      .http()
      .put(`/api/v1/academies/${academyId}/privacy-notice`)
      .set(...bearer(who))
      .send({ bodies });

  beforeAll(async () => {
    t = await createTestApp();
    academy = await academyFactory(t.app, { code: 'PRIVA', defaultLocale: 'uk' });
    other = await academyFactory(t.app, { code: 'PRIVB' });
    admin = await person(['academy_admin'], academy.id);
    otherAdmin = await person(['academy_admin'], other.id);
    learner = await person(['learner'], academy.id);
    colleague = await person(['learner'], academy.id);
    platform = await person(['platform_admin']);
  });
  afterAll(() => t?.close());

  it('shows the default notice publicly, in the visitor’s language, and holds nobody up until a notice is published', async () => {
    const en = await t.http().get('/privacy').expect(200);
    expect(en.text).toContain('id="notice-default"');
    expect(en.text).toContain('Your rights');
    const ur = await t.http().get(`/privacy/${academy.code}?lang=ur`).expect(200);
    expect(ur.text).toContain('dir="rtl"');
    expect(ur.text).toContain('آپ کے حقوق');
    await t.http().get('/privacy/NOSUCHACADEMY').expect(404);
    const api = await t.http().get('/api/v1/privacy-notice').expect(200);
    expect(api.body).toMatchObject({ source: 'default', version: null });
    expect(Object.keys(api.body.bodies).sort()).toEqual(['en', 'ka', 'ru', 'sw', 'uk', 'ur']);

    const visitor = new Visitor(t);
    await visitor.login(learner.email, learner.password);
    expect((await visitor.get('/dashboard')).status).toBe(200);
  });

  it('lets only the academy’s administrators (and platform administrators) publish its notice, in versions', async () => {
    await publish(learner, academy.id, { en: 'Text' }).expect(403);
    await publish(otherAdmin, academy.id, { en: 'Text' }).expect(404);
    const empty = await publish(admin, academy.id, { en: '  ', uk: '' }).expect(400);
    expect(empty.body.code).toBe('privacy_notice_empty');
    await publish(admin, academy.id, { fr: 'Texte' }).expect(400);
    expect((await t.db.query(`SELECT 1 FROM privacy_notices`)).rowCount).toBe(0);

    const first = await publish(admin, academy.id, {
      en: '## Who we are\nThe PRIVA academy NOTICEONE.',
      uk: '## Хто ми\nАкадемія PRIVA ПОВІДОМЛЕННЯ.',
    }).expect(200);
    expect(first.body).toMatchObject({ source: 'academy', academyId: academy.id, version: 1 });
    // The same text again publishes nothing.
    const same = await publish(admin, academy.id, {
      en: '## Who we are\nThe PRIVA academy NOTICEONE.',
      uk: '## Хто ми\nАкадемія PRIVA ПОВІДОМЛЕННЯ.',
    }).expect(200);
    expect(same.body.version).toBe(1);
    const audit = await t.db.query<{ actor_id: string }>(`SELECT actor_id FROM audit_entries WHERE action = 'privacy_notice.published'`);
    expect(audit.rows).toEqual([{ actor_id: admin.id }]);
    // Everyone of the academy reads it; the other academy's administrator does not.
    await t
      .http()
      .get(`/api/v1/academies/${academy.id}/privacy-notice`)
      .set(...bearer(learner))
      .expect(200);
    await t
      .http()
      .get(`/api/v1/academies/${academy.id}/privacy-notice`)
      .set(...bearer(otherAdmin))
      .expect(404);
    // The public page shows it; in a language it lacks, it says so.
    const page = await t.http().get(`/privacy/${academy.code}?lang=en`).expect(200);
    expect(page.text).toContain('NOTICEONE');
    const ka = await t.http().get(`/privacy/${academy.code}?lang=ka`).expect(200);
    expect(ka.text).toContain('id="notice-fell-back"');
    // The other academy still shows the default.
    expect((await t.http().get(`/privacy/${other.code}?lang=en`).expect(200)).text).toContain('Your rights');
  });

  it('shows a person who signed in the notice before anything else, until they acknowledge it; a new version asks again', async () => {
    const visitor = new Visitor(t);
    await visitor.login(learner.email, learner.password);
    const held = await visitor.get('/dashboard');
    expect(held.status).toBe(303);
    expect(held.location).toBe('/privacy/acknowledge?next=%2Fdashboard');
    expect((await visitor.get('/inbox')).location).toMatch(/^\/privacy\/acknowledge/);
    // The API is never held up.
    await t
      .http()
      .get('/api/v1/me/privacy')
      .set(...bearer(learner))
      .expect(200);
    const shown = await visitor.get(held.location!);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('NOTICEONE');
    // A stale version is refused, and nothing is recorded.
    const stale = await visitor.post('/privacy/acknowledge', { _csrf: Visitor.csrf(shown.text), version: '7', next: '/dashboard' });
    expect(stale.location).toMatch(/^\/privacy\/acknowledge/);
    expect((await t.db.query(`SELECT 1 FROM privacy_acknowledgements`)).rowCount).toBe(0);
    const done = await visitor.post('/privacy/acknowledge', { _csrf: Visitor.csrf(shown.text), version: '1', next: '/dashboard' });
    expect(done).toMatchObject({ status: 303, location: '/dashboard' });
    expect((await visitor.get('/dashboard')).status).toBe(200);
    const audit = await t.db.query(`SELECT 1 FROM audit_entries WHERE action = 'privacy_notice.acknowledged' AND actor_id = $1`, [
      learner.id,
    ]);
    expect(audit.rowCount).toBe(1);
    // A colleague of another academy is not held up by this academy's notice.
    const stranger = new Visitor(t);
    await stranger.login(otherAdmin.email, otherAdmin.password);
    expect((await stranger.get('/dashboard')).status).toBe(200);

    await publish(admin, academy.id, { en: 'The PRIVA academy NOTICETWO.' }).expect(200);
    const again = await visitor.get('/dashboard');
    expect(again.location).toBe('/privacy/acknowledge?next=%2Fdashboard');
    const me = await t
      .http()
      .get('/api/v1/me/privacy')
      .set(...bearer(learner))
      .expect(200);
    expect(me.body).toMatchObject({ pendingVersion: 2, acknowledgements: [{ academyId: academy.id, version: 1 }] });
    await t
      .http()
      .post('/api/v1/me/privacy/acknowledge')
      .set(...bearer(learner))
      .send({ version: 1 })
      .expect(409);
    await t
      .http()
      .post('/api/v1/me/privacy/acknowledge')
      .set(...bearer(learner))
      .send({ version: 2 })
      .expect(200);
    expect((await visitor.get('/dashboard')).status).toBe(200);
    const page = await visitor.get('/me/privacy');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/privacy/${academy.code}"`);
    expect(page.text).toContain('id="acknowledgements"');
  });

  it('a platform notice applies to people whose academy has none; only platform administrators publish it', async () => {
    await t
      .http()
      .put('/api/v1/privacy-notice')
      .set(...bearer(admin))
      .send({ bodies: { en: 'PLATFORM' } })
      .expect(403);
    await t
      .http()
      .put('/api/v1/privacy-notice')
      .set(...bearer(platform))
      .send({ bodies: { en: 'The PLATFORMNOTICE.' } })
      .expect(200);
    const visitor = new Visitor(t);
    await visitor.login(otherAdmin.email, otherAdmin.password);
    expect((await visitor.get('/dashboard')).location).toBe('/privacy/acknowledge?next=%2Fdashboard');
    const shown = await visitor.get('/privacy/acknowledge?next=%2Fdashboard');
    expect(shown.text).toContain('PLATFORMNOTICE');
    // The academy with a notice of its own keeps it.
    expect((await t.http().get(`/privacy/${academy.code}?lang=en`)).text).toContain('NOTICETWO');
    // Undo for the tests below: the others acknowledge.
    for (const who of [otherAdmin, platform])
      await t
        .http()
        .post('/api/v1/me/privacy/acknowledge')
        .set(...bearer(who))
        .send({ version: 1 })
        .expect(200);
  });

  it('withdrawing the directory consent removes the entry at once', async () => {
    const { rows: inst } = await t.db.query<{ id: string }>(
      `INSERT INTO assistance_institutions (kind, name, country) VALUES ('national_agency', '{"en":"Agency PRIV"}', 'GE') RETURNING id`,
    );
    const { rows: ini } = await t.db.query<{ id: string }>(
      `INSERT INTO cooperation_initiatives (reference, title, format, topic, status, starts_on, ends_on, venue)
       VALUES ('CI-2026-91', '{"en":"Visit"}', 'exchange_visit', 'international_cooperation', 'held', CURRENT_DATE - 12, CURRENT_DATE - 10, 'Kyiv') RETURNING id`,
    );
    await t.db.query(`INSERT INTO cooperation_memberships (initiative_id, institution_id, status) VALUES ($1, $2, 'accepted')`, [
      ini[0].id,
      inst[0].id,
    ]);
    for (const p of [learner, colleague])
      await t.db.query(`INSERT INTO cooperation_participants (initiative_id, institution_id, user_id, full_name) VALUES ($1, $2, $3, $4)`, [
        ini[0].id,
        inst[0].id,
        p.id,
        p.fullName,
      ]);
    const entry = (name: string) => ({ displayName: name, workContact: `${name}@police.example`, consent: true });
    await t
      .http()
      .post('/api/v1/directory/me')
      .set(...bearer(learner))
      .send(entry('PRIVLEARNER'))
      .expect(201);
    await t
      .http()
      .post('/api/v1/directory/me')
      .set(...bearer(colleague))
      .send(entry('PRIVCOLLEAGUE'))
      .expect(201);
    const listed = async (): Promise<string[]> =>
      (
        (
          await t
            .http()
            .get('/api/v1/directory')
            .set(...bearer(colleague))
            .expect(200)
        ).body as { items: { displayName: string }[] }
      ).items.map((i) => i.displayName);
    expect(await listed()).toContain('PRIVLEARNER');
    const before = await t
      .http()
      .get('/api/v1/me/privacy')
      .set(...bearer(learner))
      .expect(200);
    expect(before.body.consents).toContainEqual({ purpose: 'cooperation_directory', active: true, count: 1 });
    expect(before.body.history).toEqual([expect.objectContaining({ purpose: 'cooperation_directory', withdrawnAt: null })]);

    const visitor = new Visitor(t);
    await visitor.login(learner.email, learner.password);
    const page = await visitor.get('/me/privacy');
    expect(page.text).toContain('action="/me/privacy/consents/cooperation_directory/withdraw"');
    const res = await visitor.post('/me/privacy/consents/cooperation_directory/withdraw', { _csrf: Visitor.csrf(page.text) });
    expect(res).toMatchObject({ status: 303, location: '/me/privacy' });
    expect(await listed()).not.toContain('PRIVLEARNER');
    const after = await t
      .http()
      .get('/api/v1/me/privacy')
      .set(...bearer(learner))
      .expect(200);
    expect(after.body.consents).toContainEqual({ purpose: 'cooperation_directory', active: false, count: 0 });
    expect(after.body.history[0].withdrawnAt).not.toBeNull();
    // Withdrawing again: nothing in force.
    await t
      .http()
      .post('/api/v1/me/consents/withdraw')
      .send({ purpose: 'cooperation_directory' })
      .set(...bearer(learner))
      .expect(404);
    await t
      .http()
      .post('/api/v1/me/consents/withdraw')
      .send({ purpose: 'marketing' })
      .set(...bearer(learner))
      .expect(400);
  });

  it('withdrawing the supervisor consent deletes the contact, and the worker mails that supervisor nothing', async () => {
    const trainer = await person(['trainer'], academy.id);
    const version = await versionFactory(t.app, trainer, { lessons: 1 });
    const cohortId = (
      await t
        .http()
        .post('/api/v1/cohorts')
        .set(...bearer(admin))
        .send({
          courseVersionId: version.versionId,
          name: 'Privacy cohort',
          locale: 'en',
          startsOn: '2026-01-01',
          endsOn: '2026-02-01',
          trainerIds: [trainer.id],
          completion: { minAttendancePercent: 0, requireAllLessons: true },
        })
        .expect(201)
    ).body.id as string;
    await t
      .http()
      .post(`/api/v1/cohorts/${cohortId}/enrolments`)
      .set(...bearer(admin))
      .send({ userIds: [learner.id, colleague.id] })
      .expect(201);
    for (const who of [learner, colleague])
      await t
        .http()
        .post(`/api/v1/cohorts/${cohortId}/lessons/${version.lessonIds[0]}/complete`)
        .set(...bearer(who))
        .expect(200);
    await t
      .http()
      .put(`/api/v1/follow-ups/cohorts/${cohortId}`)
      .set(...bearer(trainer))
      .send({})
      .expect(200);
    for (const [who, email] of [
      [learner, 'withdrawn.supervisor@police.example'],
      [colleague, 'kept.supervisor@police.example'],
    ] as const)
      await t
        .http()
        .put(`/api/v1/follow-ups/cohorts/${cohortId}/supervisor`)
        .set(...bearer(who))
        .send({ name: 'Supervisor', email, locale: 'en' })
        .expect(200);
    await t.db.query(`UPDATE enrolments SET completed_at = now() - interval '100 days' WHERE cohort_id = $1`, [cohortId]);
    const worker = t.app.get(FollowUpInvitationsService);
    expect(await worker.createDue()).toEqual({ learners: 2, supervisors: 2 });

    const before = await t
      .http()
      .get('/api/v1/me/privacy')
      .set(...bearer(learner))
      .expect(200);
    expect(before.body.consents).toContainEqual({ purpose: 'supervisor_follow_up', active: true, count: 1 });
    await t
      .http()
      .post('/api/v1/me/consents/withdraw')
      .send({ purpose: 'supervisor_follow_up' })
      .set(...bearer(learner))
      .expect(200);
    expect((await t.db.query(`SELECT 1 FROM supervisor_contacts WHERE user_id = $1`, [learner.id])).rowCount).toBe(0);
    expect(
      (await t.db.query(`SELECT 1 FROM follow_up_invitations WHERE learner_id = $1 AND respondent = 'supervisor'`, [learner.id])).rowCount,
    ).toBe(0);

    const mails: Message[] = [];
    const sent = await worker.sendSupervisorMails((message) => Promise.resolve(void mails.push(message)));
    expect(sent).toEqual({ sent: 1, failed: 0 });
    expect(mails.map((m) => m.to)).toEqual(['kept.supervisor@police.example']);
    const audit = await t.db.query(
      `SELECT action FROM audit_entries WHERE actor_id = $1 AND action IN ('supervisor_contact.withdrawn', 'privacy_consent.withdrawn')`,
      [learner.id],
    );
    expect(audit.rows.map((r: { action: string }) => r.action).sort()).toEqual([
      'privacy_consent.withdrawn',
      'privacy_consent.withdrawn',
      'supervisor_contact.withdrawn',
    ]);
    await t
      .http()
      .post('/api/v1/me/consents/withdraw')
      .send({ purpose: 'supervisor_follow_up' })
      .set(...bearer(learner))
      .expect(404);

    // A supervisor who already answered keeps their answer: the colleague withdraws after it. The contact is emptied and
    // marked withdrawn, the answered invitation stays, and the 6-month wave asks no supervisor.
    const [{ id: answered }] = (
      await t.db.query<{ id: string }>(`SELECT id FROM follow_up_invitations WHERE learner_id = $1 AND respondent = 'supervisor'`, [
        colleague.id,
      ])
    ).rows;
    await t.db.query(`UPDATE follow_up_invitations SET answered_at = now() WHERE id = $1`, [answered]);
    await t
      .http()
      .post('/api/v1/me/consents/withdraw')
      .send({ purpose: 'supervisor_follow_up' })
      .set(...bearer(colleague))
      .expect(200);
    const contact = (await t.db.query(`SELECT name, email, withdrawn_at FROM supervisor_contacts WHERE user_id = $1`, [colleague.id])).rows;
    expect(contact).toEqual([{ name: '', email: '', withdrawn_at: expect.any(Date) }]);
    expect((await t.db.query(`SELECT 1 FROM follow_up_invitations WHERE id = $1`, [answered])).rowCount).toBe(1);
    await t.db.query(`UPDATE enrolments SET completed_at = now() - interval '200 days' WHERE cohort_id = $1`, [cohortId]);
    expect(await worker.createDue()).toEqual({ learners: 2, supervisors: 0 });
  });
});
