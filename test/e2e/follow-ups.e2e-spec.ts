import { createHash, randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Mailer, NotificationsService } from '@probity/cohorts';
import { FollowUpInvitationsService, FollowUpsService } from '@probity/evaluation';
import { translate } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import type * as Factory from '../../apps/server/src/app.factory';
import { LINK_LIMIT } from '../../apps/server/src/pages/follow-up-link.pages';
import { academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
type Person = Awaited<ReturnType<typeof userFactory>> & { token: string };
type Message = Parameters<Mailer>[0];
type Item = { id: string; type: string; options: { value: number }[] };

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
const tokenIn = (text: string): string => /\/f\/([A-Za-z0-9_-]{43})/.exec(text)![1];
const actorOf = (p: Person): AuthUser => ({
  id: p.id,
  email: p.email,
  fullName: p.fullName,
  roles: ['learner'],
  academyId: p.academyId,
  locale: 'en',
});

/**
 * Follow-up waves (issue 13 point 3, ADR 0010): a cohort's waves (default 3 and 6 months), a learner's supervisor, the
 * worker creating invitations when due (once), learners' invitations in the outbox, supervisors' links by mail (only
 * the SHA-256 kept, single use, expiring, guessing limited), reminders after 7 and 14 days, each mail once with two
 * senders, results only in aggregate above the threshold, tenancy, and the audit trail without answers.
 */
describe('follow-up waves', () => {
  let t: TestApp;
  let admin: string, trainer: string, otherTrainer: string, strangerAdmin: string, platform: string;
  let academyId: string;
  let versionId: string;
  let lessonId: string;
  let cohortId: string;
  let learners: Person[];
  let outsider: Person, strangerLearner: Person;
  let trainerUser: Awaited<ReturnType<typeof userFactory>>;
  let waveId: string;
  let worker: FollowUpInvitationsService;
  /** The supervisors' first mails, by learner index. */
  const firstMails = new Map<number, Message>();

  const api = (method: 'get' | 'post' | 'put', path: string, token: string) =>
    t
      .http()
      [method](path)
      .set(...bearer(token));
  const capture =
    (into: Message[]): Mailer =>
    (message) =>
      Promise.resolve(void into.push(message));
  /** Moves the clock of invitations back by `days` (sent, last sent, expiry, due), instead of waiting. */
  const age = (where: string, days: number, params: unknown[] = []) =>
    t.db.query(
      `UPDATE follow_up_invitations SET sent_at = sent_at - make_interval(days => ${days}), last_sent_at = last_sent_at - make_interval(days => ${days}),
              expires_at = expires_at - make_interval(days => ${days}), created_at = created_at - make_interval(days => ${days}) WHERE ${where}`,
      params,
    );
  const SUPERVISOR_LOCALES = ['sw', 'ur', 'ka', 'ru', 'en', 'uk'] as const;
  const supervisorEmail = (i: number) => `supervisor${i}.${academyId.slice(0, 8)}@police.example`;
  type Answer = { itemId: string; value?: number; values?: number[]; text?: string };
  /** Answers to every question: how often, how many cases, option 2, options 2 and 3, and `text` in the first open question. */
  const answersFor = (items: Item[], frequency: number, cases: number, text?: string): { answers: Answer[] } => {
    const firstOpen = items.find((i) => i.type === 'open_text')?.id;
    return {
      answers: items.flatMap((item): Answer[] => {
        if (item.type === 'frequency') return [{ itemId: item.id, value: frequency }];
        if (item.type === 'count') return [{ itemId: item.id, value: cases }];
        if (item.type === 'single_choice') return [{ itemId: item.id, value: 2 }];
        if (item.type === 'multi_choice') return [{ itemId: item.id, values: [2, 3] }];
        return text && item.id === firstOpen ? [{ itemId: item.id, text }] : [];
      }),
    };
  };

  beforeAll(async () => {
    t = await createTestApp();
    worker = t.app.get(FollowUpInvitationsService);
    const a = await academyFactory(t.app, { code: 'FUA', defaultLocale: 'ka' });
    const b = await academyFactory(t.app, { code: 'FUB' });
    academyId = a.id;
    const adminA = await userFactory(t.app, { roles: ['academy_admin'], academyId: a.id });
    const trainerA = (trainerUser = await userFactory(t.app, { roles: ['trainer'], academyId: a.id }));
    admin = await tokenFor(t.http, adminA);
    trainer = await tokenFor(t.http, trainerA);
    otherTrainer = await tokenFor(t.http, await userFactory(t.app, { roles: ['trainer'], academyId: a.id }));
    strangerAdmin = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: b.id }));
    platform = await tokenFor(t.http, await userFactory(t.app, { roles: ['platform_admin'] }));
    const version = await versionFactory(t.app, trainerA, { lessons: 1 });
    versionId = version.versionId;
    lessonId = version.lessonIds[0];
    cohortId = (
      await api('post', '/api/v1/cohorts', admin)
        .send({
          courseVersionId: versionId,
          name: 'Tbilisi, summer 2026 FUCOHORT',
          locale: 'ka',
          startsOn: '2026-06-01',
          endsOn: '2026-07-15',
          trainerIds: [trainerA.id],
          completion: { minAttendancePercent: 0, requireAllLessons: true },
        })
        .expect(201)
    ).body.id;
    const person = async (academy: string, fullName: string): Promise<Person> => {
      const user = await userFactory(t.app, { roles: ['learner'], academyId: academy, fullName, locale: 'ka' });
      return { ...user, token: await tokenFor(t.http, user) };
    };
    learners = [];
    for (let i = 0; i < 7; i++) learners.push(await person(a.id, `FULEARNER${i} მსმენელი`));
    outsider = await person(a.id, 'Not enrolled');
    strangerLearner = await person(b.id, 'Another academy');
    await api('post', `/api/v1/cohorts/${cohortId}/enrolments`, admin)
      .send({ userIds: learners.map((l) => l.id) })
      .expect(201);
    // Six complete the course's one lesson (and so the course); the seventh does not.
    for (const learner of learners.slice(0, 6))
      await api('post', `/api/v1/cohorts/${cohortId}/lessons/${version.lessonIds[0]}/complete`, learner.token).expect(200);
  });
  afterAll(() => t?.close());

  it('schedules waves at 3 and 6 months by default, for the cohort’s staff only, and audits it', async () => {
    await api('put', `/api/v1/follow-ups/cohorts/${cohortId}`, strangerAdmin).send({}).expect(404);
    await api('put', `/api/v1/follow-ups/cohorts/${cohortId}`, otherTrainer).send({}).expect(404);
    await api('put', `/api/v1/follow-ups/cohorts/${cohortId}`, learners[0].token).send({}).expect(403);
    const refuse = async (body: object, field: string, constraint: string) => {
      const res = await api('put', `/api/v1/follow-ups/cohorts/${cohortId}?lang=ru`, trainer).send(body).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, constraint })]));
      expect(res.body.message).toMatch(/[А-Яа-я]/);
    };
    await refuse({ waves: [{ months: 0 }] }, 'waves.0.months', 'min');
    await refuse({ waves: [{ months: 25 }] }, 'waves.0.months', 'max');
    await refuse({ waves: [{ months: 3 }, { months: 3 }] }, 'waves.1.months', 'followUpMonthsTwice');
    await refuse({ waves: [1, 2, 3, 4, 5].map((months) => ({ months })) }, 'waves', 'arrayMaxSize');
    await refuse({ minResponses: 2 }, 'minResponses', 'min');
    expect((await t.db.query('SELECT count(*)::int AS n FROM follow_up_waves')).rows[0].n).toBe(0);

    const set = await api('put', `/api/v1/follow-ups/cohorts/${cohortId}`, trainer).send({}).expect(200);
    expect(set.body).toMatchObject({ cohortId, minResponses: 5 });
    expect(set.body.waves.map((w: { months: number }) => w.months)).toEqual([3, 6]);
    expect(set.body.waves[0]).toMatchObject({
      started: false,
      counts: { learner: { invited: 0, answered: 0 }, supervisor: { invited: 0 } },
    });
    waveId = set.body.waves[0].id;
    const templates = await t.db.query<{ code: string; kind: string }>(
      `SELECT t.code, t.kind FROM survey_templates t WHERE t.id IN ($1, $2) ORDER BY t.kind`,
      [set.body.waves[0].learnerTemplateId, set.body.waves[0].supervisorTemplateId],
    );
    expect(templates.rows).toEqual([
      { code: 'napor-follow-up-learner', kind: 'follow_up_learner' },
      { code: 'napor-follow-up-supervisor', kind: 'follow_up_supervisor' },
    ]);
    // The reaction surveys do not offer follow-up questionnaires.
    const reaction = await api('get', '/api/v1/surveys/templates', trainer).expect(200);
    expect(reaction.body.items.map((i: { code: string | null }) => i.code)).not.toContain('napor-follow-up-learner');
    await api('get', `/api/v1/surveys/templates/${set.body.waves[0].learnerTemplateId}`, trainer).expect(404);

    const audit = await t.db.query<{ action: string; after: { months: number[] } }>(
      `SELECT action, after FROM audit_entries WHERE entity_id = $1 AND action LIKE 'follow_up.%'`,
      [cohortId],
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({ action: 'follow_up.scheduled', after: expect.objectContaining({ months: [3, 6] }) }),
    ]);
    // The administrator of the academy and a platform administrator read it; strangers do not.
    await api('get', `/api/v1/follow-ups/cohorts/${cohortId}`, admin).expect(200);
    await api('get', `/api/v1/follow-ups/cohorts/${cohortId}`, platform).expect(200);
    await api('get', `/api/v1/follow-ups/cohorts/${cohortId}`, strangerAdmin).expect(404);
  });

  it('lets a learner who completed name a supervisor, validated, and says what the supervisor will receive', async () => {
    const path = `/api/v1/follow-ups/cohorts/${cohortId}/supervisor`;
    const before = await api('get', `${path}?lang=en`, learners[0].token).expect(200);
    expect(before.body).toMatchObject({ cohortId, supervisor: null, editable: true, waveMonths: [3, 6] });
    expect(before.body.notice).toContain('a number only');
    const refuse = async (body: object, field: string, constraint: string) => {
      const res = await api('put', path, learners[0].token).send(body).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, constraint })]));
    };
    await refuse({ name: 'Nana', email: 'not an address', locale: 'sw' }, 'email', 'isEmail');
    await refuse({ name: 'Nana', email: learners[0].email.toUpperCase(), locale: 'sw' }, 'email', 'supervisorNotSelf');
    await refuse({ name: 'Nana', email: 'nana@police.example', locale: 'fr' }, 'locale', 'isIn');
    await refuse({ name: ' ', email: 'nana@police.example', locale: 'sw' }, 'name', 'minLength');
    // The seventh learner has not completed; others are not enrolled at all.
    const early = await api('put', path, learners[6].token).send({ name: 'Nana', email: 'nana@police.example', locale: 'sw' }).expect(403);
    expect(early.body.code).toBe('follow_up_not_completed');
    await api('put', path, outsider.token).send({ name: 'Nana', email: 'nana@police.example', locale: 'sw' }).expect(404);
    await api('put', path, strangerLearner.token).send({ name: 'Nana', email: 'nana@police.example', locale: 'sw' }).expect(404);

    for (const [i, locale] of SUPERVISOR_LOCALES.entries()) {
      const res = await api('put', path, learners[i].token)
        .send({ name: `Supervisor ${i} FUSUPNAME`, email: supervisorEmail(i).toUpperCase(), locale })
        .expect(200);
      expect(res.body.supervisor).toMatchObject({ email: supervisorEmail(i), locale });
    }
    // Named, then changed (before any mail): two audit entries, neither with the address.
    await api('put', path, learners[0].token)
      .send({ name: 'Supervisor 0 FUSUPNAME', email: supervisorEmail(0), locale: 'ka' })
      .expect(200);
    await api('put', path, learners[0].token)
      .send({ name: 'Supervisor 0 FUSUPNAME', email: supervisorEmail(0), locale: 'sw' })
      .expect(200);
    const audit = await t.db.query<{ action: string; text: string }>(
      `SELECT action, after::text AS text FROM audit_entries WHERE actor_id = $1 AND entity_type = 'supervisor_contact' ORDER BY id`,
      [learners[0].id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'supervisor_contact.named',
      'supervisor_contact.changed',
      'supervisor_contact.changed',
    ]);
    for (const row of audit.rows) expect(row.text).not.toContain('police.example');
  });

  it('creates invitations only when a wave is due (completion + months), once per wave, learner and respondent', async () => {
    expect(await worker.createDue()).toEqual({ learners: 0, supervisors: 0 });
    // A hundred days since completion: the 3-month wave is due, the 6-month one is not.
    await t.db.query(`UPDATE enrolments SET completed_at = now() - interval '100 days' WHERE cohort_id = $1 AND status = 'completed'`, [
      cohortId,
    ]);
    expect(await worker.createDue()).toEqual({ learners: 6, supervisors: 6 });
    expect(await worker.createDue()).toEqual({ learners: 0, supervisors: 0 });
    const rows = await t.db.query<{ months: number; respondent: string; n: number }>(
      `SELECT w.months, i.respondent, count(*)::int AS n FROM follow_up_invitations i JOIN follow_up_waves w ON w.id = i.wave_id
        WHERE w.cohort_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [cohortId],
    );
    expect(rows.rows).toEqual([
      { months: 3, respondent: 'learner', n: 6 },
      { months: 3, respondent: 'supervisor', n: 6 },
    ]);
    const audit = await t.db.query<{ after: Record<string, number> }>(
      `SELECT after FROM audit_entries WHERE entity_id = $1 AND action = 'follow_up_wave.invitations_created'`,
      [waveId],
    );
    expect(audit.rows).toEqual([{ after: expect.objectContaining({ learners: 6, supervisors: 6, months: 3 }) }]);

    // Each learner finds it in the inbox, worded from the follow-ups catalogue in their language, linking to the form.
    const [invitation] = (
      await t.db.query<{ id: string }>(`SELECT id FROM follow_up_invitations WHERE learner_id = $1 AND respondent = 'learner'`, [
        learners[1].id,
      ])
    ).rows;
    const inbox = await t.app.get(NotificationsService).inbox(actorOf(learners[1]), 'ru');
    const message = inbox.items.find((n) => n.kind === 'follow_up_invited')!;
    expect(message.link).toBe(`/follow-ups/${invitation.id}`);
    expect(message.subject).toBe(translate('ru', 'followups:notify.invited.subject', { cohort: 'Tbilisi, summer 2026 FUCOHORT' }));
    // …and by mail, through the outbox, with the address of the form.
    const mailed: Message[] = [];
    await t.app.get(NotificationsService).sendPending(capture(mailed), 1000);
    const toLearner = mailed.filter((m) => m.to === learners[1].email && m.text.includes(`/follow-ups/${invitation.id}`));
    expect(toLearner).toHaveLength(1);
    expect(toLearner[0].subject).toBe(translate('ka', 'followups:notify.invited.subject', { cohort: 'Tbilisi, summer 2026 FUCOHORT' }));
    // The learner's own page lists it; another learner cannot open it.
    const mine = await api('get', '/api/v1/follow-ups/mine', learners[1].token).expect(200);
    expect(mine.body.invitations).toEqual([expect.objectContaining({ id: invitation.id, months: 3, status: 'open' })]);
    await api('get', `/api/v1/follow-ups/invitations/${invitation.id}`, learners[2].token).expect(404);
    await api('get', `/api/v1/follow-ups/invitations/${invitation.id}`, admin).expect(404);
  });

  it('mails each supervisor a link in their language, keeps only its SHA-256, and locks the contact', async () => {
    const sent: Message[] = [];
    expect(await worker.sendSupervisorMails(capture(sent))).toEqual({ sent: 6, failed: 0 });
    expect(await worker.sendSupervisorMails(capture(sent))).toEqual({ sent: 0, failed: 0 });
    expect(sent).toHaveLength(6);
    for (const [i, locale] of SUPERVISOR_LOCALES.entries()) {
      const mail = sent.find((m) => m.to === supervisorEmail(i))!;
      firstMails.set(i, mail);
      const learnerName = `FULEARNER${i} მსმენელი`;
      // The course in the supervisor's language where the course has it, else in the cohort's (Georgian).
      const course = locale === 'en' ? 'Case integrity' : 'საქმის მთლიანობა';
      expect(mail.subject).toBe(translate(locale, 'followups:mail.invitation.subject', { learner: learnerName, course }));
      expect(mail.text).toContain(learnerName);
      const token = tokenIn(mail.text);
      const stored = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM follow_up_links WHERE token_sha256 = $1`, [
        sha256(token),
      ]);
      expect(stored.rows[0].n).toBe(1);
    }
    // Nothing in the database holds a token itself.
    const tokens = [...firstMails.values()].map((m) => tokenIn(m.text));
    const dump = (await t.db.query<{ text: string }>(`SELECT string_agg(x::text, '|') AS text FROM follow_up_invitations x`)).rows[0].text;
    const links = (
      await t.db.query<{ text: string }>(`SELECT string_agg(encode(token_sha256, 'base64'), '|') AS text FROM follow_up_links`)
    ).rows[0].text;
    for (const token of tokens) expect(`${dump}${links}`).not.toContain(token);
    // A Swahili mail is in Swahili, an Urdu one in Urdu.
    expect(firstMails.get(0)!.text).toContain('Ndugu');
    expect(firstMails.get(1)!.text).toMatch(/[\u0600-\u06ff]/);
    const audit = await t.db.query<{ after: Record<string, number> }>(
      `SELECT after FROM audit_entries WHERE entity_id = $1 AND action = 'follow_up_wave.supervisors_mailed'`,
      [waveId],
    );
    expect(audit.rows).toEqual([{ after: expect.objectContaining({ invitations: 6, reminders: 0 }) }]);
    // Once written to, the supervisor can no longer be changed.
    const locked = await api('put', `/api/v1/follow-ups/cohorts/${cohortId}/supervisor`, learners[0].token)
      .send({ name: 'Someone else', email: 'someone@police.example', locale: 'en' })
      .expect(409);
    expect(locked.body.code).toBe('supervisor_contact_locked');
    const view = await api('get', `/api/v1/follow-ups/cohorts/${cohortId}/supervisor`, learners[0].token).expect(200);
    expect(view.body).toMatchObject({ editable: false, supervisor: { email: supervisorEmail(0) } });
  });

  it('lets a supervisor answer once through the link without an account, in their language; spent, expired and guessed links are refused', async () => {
    const from = '198.51.100.10';
    const token = tokenIn(firstMails.get(0)!.text);
    const cookies: string[] = [];
    const get = (path: string, ip = from) => t.http().get(path).set('x-forwarded-for', ip).set('cookie', cookies.join('; '));
    const page = await get(`/f/${token}`).expect(200);
    for (const c of ([] as string[]).concat(page.headers['set-cookie'] ?? [])) cookies.push(c.split(';')[0]);
    expect(page.text).toContain('<html lang="sw" dir="ltr">');
    expect(page.text).toContain('FULEARNER0 მსმენელი');
    expect(page.text).toContain(translate('sw', 'followups:answer.submit'));
    // The learner's name and the course, nothing else of them: not the cohort, not their address.
    expect(page.text).not.toContain('FUCOHORT');
    expect(page.text).not.toContain(learners[0].email);
    const urdu = await get(`/f/${token}?lang=ur`).expect(200);
    expect(urdu.text).toContain('<html lang="ur" dir="rtl">');

    const items = (
      await t.db.query<Item & { position: number }>(
        `SELECT i.id, i.type, coalesce(jsonb_array_length(i.options), 0) AS options FROM survey_template_items i
         JOIN survey_templates s ON s.id = i.template_id WHERE s.code = 'napor-follow-up-supervisor' ORDER BY i.position`,
      )
    ).rows;
    const form = (values: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(values)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
      return body.toString();
    };
    const csrf = Visitor.csrf(page.text);
    const byType = (type: string) => items.find((i) => i.type === type)!.id;
    const post = (values: Record<string, string | string[]>, ip = from) =>
      t.http().post(`/f/${token}`).set('x-forwarded-for', ip).set('cookie', cookies.join('; ')).type('form').send(form(values));
    // Without the form's token: refused. With questions missing: each named beside its question, in Swahili.
    await post({ _csrf: 'forged' }).expect(403);
    const missing = await post({ _csrf: csrf, [`q:${byType('frequency')}`]: '4' }).expect(400);
    expect(missing.text).toContain(translate('sw', 'validation:surveyAnswerRequired'));
    const bad = await post({ _csrf: csrf, [`q:${byType('frequency')}`]: '4', [`q:${byType('count')}`]: '-3' }).expect(400);
    expect(bad.text).toContain('aria-invalid="true"');
    const ok = await post({
      _csrf: csrf,
      [`q:${byType('frequency')}`]: '4',
      [`q:${byType('count')}`]: '6',
      [`q:${byType('single_choice')}`]: '3',
      [`q:${byType('multi_choice')}`]: ['2', '4'],
      [`q:${byType('open_text')}`]: 'FUCANARY protocols are complete now',
    }).expect(200);
    expect(ok.text).toContain(translate('sw', 'followups:link.thanks_heading'));
    const stored = await t.db.query<{ answered: boolean; answers: Record<string, unknown> }>(
      `SELECT i.answered_at IS NOT NULL AS answered, r.answers FROM follow_up_invitations i JOIN follow_up_responses r ON r.invitation_id = i.id
        WHERE i.learner_id = $1 AND i.respondent = 'supervisor'`,
      [learners[0].id],
    );
    expect(stored.rows).toEqual([
      { answered: true, answers: expect.objectContaining({ [byType('count')]: 6, [byType('multi_choice')]: [2, 4] }) },
    ]);
    // Spent: a second visit says it was answered (410), a second answer is refused.
    const again = await get(`/f/${token}`).expect(410);
    expect(again.text).toContain(translate('sw', 'followups:link.answered'));
    await post({ _csrf: csrf, [`q:${byType('frequency')}`]: '1' }).expect(410);
    expect((await t.db.query('SELECT count(*)::int AS n FROM follow_up_responses')).rows[0].n).toBe(1);

    // Expired: the Urdu supervisor's link, past its 30 days, in Urdu.
    await t.db.query(
      `UPDATE follow_up_invitations SET expires_at = now() - interval '1 minute' WHERE learner_id = $1 AND respondent = 'supervisor'`,
      [learners[1].id],
    );
    const expired = await t
      .http()
      .get(`/f/${tokenIn(firstMails.get(1)!.text)}`)
      .set('x-forwarded-for', '198.51.100.11')
      .expect(410);
    expect(expired.text).toContain('<html lang="ur" dir="rtl">');
    expect(expired.text).toContain(translate('ur', 'followups:link.expired'));
    // Unknown or malformed: a localized 404 page, never a stack trace.
    const unknown = await t
      .http()
      .get(`/f/${randomBytes(32).toString('base64url')}?lang=ru`)
      .set('x-forwarded-for', '198.51.100.12')
      .expect(404);
    expect(unknown.text).toContain(translate('ru', 'followups:link.unknown'));
    await t.http().get('/f/abc').set('x-forwarded-for', '198.51.100.12').expect(404);
    await t
      .http()
      .get(`/f/${'x'.repeat(90)}`)
      .set('x-forwarded-for', '198.51.100.12')
      .expect(404);
  });

  it('limits requests to links per address: a guesser gets 429 for every link, a valid one too; others are not affected', async () => {
    const guesser = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < LINK_LIMIT + 2; i++)
      statuses.push(
        (
          await t
            .http()
            .get(`/f/${randomBytes(32).toString('base64url')}`)
            .set('x-forwarded-for', guesser)
        ).status,
      );
    expect(statuses.slice(0, LINK_LIMIT - 2).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    const valid = tokenIn(firstMails.get(2)!.text);
    const limited = await t.http().get(`/f/${valid}?lang=en`).set('x-forwarded-for', guesser).expect(429);
    expect(limited.text).toContain(translate('en', 'errors:too_many_link_attempts'));
    await t.http().post(`/f/${valid}`).set('x-forwarded-for', guesser).type('form').send('_csrf=x').expect(429);
    await t.http().get(`/f/${valid}`).set('x-forwarded-for', '203.0.113.8').expect(200);
  });

  it('lets a learner answer their own questionnaire once, through the API and the page', async () => {
    const own = async (learner: Person) =>
      (
        await t.db.query<{ id: string }>(`SELECT id FROM follow_up_invitations WHERE learner_id = $1 AND respondent = 'learner'`, [
          learner.id,
        ])
      ).rows[0].id;
    const id = await own(learners[0]);
    const form = await api('get', `/api/v1/follow-ups/invitations/${id}?lang=uk`, learners[0].token).expect(200);
    expect(form.body).toMatchObject({ status: 'open', invitationId: id });
    expect(form.body.items[0].options.map((o: { text: string }) => o.text)).toEqual(
      [1, 2, 3, 4, 5].map((v) => translate('uk', `followups:frequency.${v}`)),
    );
    const items = form.body.items as Item[];
    const missing = await api('post', `/api/v1/follow-ups/invitations/${id}/responses`, learners[0].token)
      .send({ answers: [] })
      .expect(400);
    expect(missing.body.details.map((d: { constraint: string }) => d.constraint)).toContain('surveyAnswerRequired');
    await api('post', `/api/v1/follow-ups/invitations/${id}/responses`, learners[0].token)
      .send({ answers: [{ itemId: items.find((i) => i.type === 'count')!.id, value: 1.5 }] })
      .expect(400);
    await api('post', `/api/v1/follow-ups/invitations/${id}/responses`, learners[1].token)
      .send(answersFor(items, 4, 5))
      .expect(404);
    const answered = await api('post', `/api/v1/follow-ups/invitations/${id}/responses`, learners[0].token)
      .send(answersFor(items, 4, 5, 'FUCANARY learner example one'))
      .expect(201);
    expect(Date.parse(answered.body.answeredAt)).toBeGreaterThan(Date.now() - 60_000);
    const twice = await api('post', `/api/v1/follow-ups/invitations/${id}/responses`, learners[0].token)
      .send(answersFor(items, 1, 0))
      .expect(409);
    expect(twice.body.code).toBe('follow_up_already_answered');

    // The page: the form, without JavaScript; a mistake beside its question; then thanks.
    const visitor = new Visitor(t);
    await visitor.login(learners[1].email, learners[1].password);
    const second = await own(learners[1]);
    const page = await visitor.get(`/follow-ups/${second}`);
    expect(page.status).toBe(200);
    const q = (type: string) => `q:${items.find((i) => i.type === type)!.id}`;
    const wrong = await visitor.post(`/follow-ups/${second}`, {
      _csrf: Visitor.csrf(page.text),
      [q('frequency')]: '3',
      [q('count')]: 'many',
    });
    expect(wrong.status).toBe(400);
    const sentForm = await visitor.post(`/follow-ups/${second}`, {
      _csrf: Visitor.csrf(page.text),
      [q('frequency')]: '5',
      [q('count')]: '9',
      [q('multi_choice')]: ['1'],
      [q('open_text')]: 'FUCANARY learner example two',
    });
    expect(sentForm).toMatchObject({ status: 303, location: '/follow-ups' });
    const list = await visitor.get('/follow-ups');
    expect(list.text).toContain(translate('ka', 'followups:statuses.answered'));
  });

  it('reminds those who have not answered after 7 and 14 days, once each, and never after answering', async () => {
    // Supervisors: #0 answered, #1 expired; #2–#5 wait.
    const mails: Message[] = [];
    await age(`respondent = 'supervisor'`, 6);
    expect(await worker.sendSupervisorMails(capture(mails))).toEqual({ sent: 0, failed: 0 });
    await age(`respondent = 'supervisor'`, 1);
    expect(await worker.sendSupervisorMails(capture(mails))).toEqual({ sent: 4, failed: 0 });
    expect(await worker.sendSupervisorMails(capture(mails))).toEqual({ sent: 0, failed: 0 });
    expect(mails.map((m) => m.to).sort()).toEqual([2, 3, 4, 5].map(supervisorEmail).sort());
    const reminder = mails.find((m) => m.to === supervisorEmail(3))!;
    expect(reminder.subject).toContain('FULEARNER3');
    expect(reminder.text).toContain('Уважаемый');
    // The reminder's link is a new one; the first still works until an answer spends both.
    expect(tokenIn(reminder.text)).not.toBe(tokenIn(firstMails.get(3)!.text));
    await t
      .http()
      .get(`/f/${tokenIn(reminder.text)}`)
      .set('x-forwarded-for', '198.51.100.30')
      .expect(200);
    await t
      .http()
      .get(`/f/${tokenIn(firstMails.get(3)!.text)}`)
      .set('x-forwarded-for', '198.51.100.30')
      .expect(200);
    await age(`respondent = 'supervisor'`, 7);
    expect(await worker.sendSupervisorMails(capture(mails))).toEqual({ sent: 4, failed: 0 });
    await age(`respondent = 'supervisor'`, 7);
    expect(await worker.sendSupervisorMails(capture(mails))).toEqual({ sent: 0, failed: 0 });
    const counted = await t.db.query<{ reminders_sent: number; n: number }>(
      `SELECT reminders_sent, count(*)::int AS n FROM follow_up_invitations WHERE respondent = 'supervisor' GROUP BY 1 ORDER BY 1`,
    );
    expect(counted.rows).toEqual([
      { reminders_sent: 0, n: 2 },
      { reminders_sent: 2, n: 4 },
    ]);

    // Learners: #0 and #1 answered; #2–#5 are reminded through the outbox.
    expect(await worker.remindLearners()).toBe(0);
    await age(`respondent = 'learner'`, 7);
    expect(await worker.remindLearners()).toBe(4);
    expect(await worker.remindLearners()).toBe(0);
    await age(`respondent = 'learner'`, 7);
    expect(await worker.remindLearners()).toBe(4);
    await age(`respondent = 'learner'`, 7);
    expect(await worker.remindLearners()).toBe(0);
    const outbox = await t.db.query<{ user_id: string; n: number }>(
      `SELECT user_id, count(*)::int AS n FROM notifications WHERE kind = 'follow_up_reminder' GROUP BY 1`,
    );
    expect(outbox.rows.map((r) => r.user_id).sort()).toEqual(
      learners
        .slice(2, 6)
        .map((l) => l.id)
        .sort(),
    );
    expect(outbox.rows.every((r) => r.n === 2)).toBe(true);
    // Aged 21 days, the learners' invitations are still open (30 days); at 31 they close.
    await age(`respondent = 'learner'`, 10);
    const id = (
      await t.db.query<{ id: string }>(`SELECT id FROM follow_up_invitations WHERE learner_id = $1 AND respondent = 'learner'`, [
        learners[5].id,
      ])
    ).rows[0].id;
    const closed = await api('post', `/api/v1/follow-ups/invitations/${id}/responses`, learners[5].token).send({ answers: [] }).expect(409);
    expect(closed.body.code).toBe('follow_up_closed');
    await age(`respondent = 'learner'`, -10);
  });

  it('shows results only in aggregate, hidden below the threshold, and correct above it; 404 across academies, 403 to learners', async () => {
    const results = (token: string) => api('get', `/api/v1/follow-ups/waves/${waveId}/results?lang=en`, token);
    await results(strangerAdmin).expect(404);
    await results(otherTrainer).expect(404);
    await results(learners[0].token).expect(403);
    const hidden = await results(trainer).expect(200);
    expect(hidden.body.respondents).toEqual([
      expect.objectContaining({ respondent: 'learner', invited: 6, answered: 2, shown: false, items: [], applyingPercent: null }),
      expect.objectContaining({ respondent: 'supervisor', invited: 6, answered: 1, shown: false, items: [] }),
    ]);
    expect(JSON.stringify(hidden.body)).not.toContain('FUCANARY');

    // Three more learners answer (five in all): 4/5, 5/9, then 1/0, 2/1, 3/2 (how often / cases).
    for (const [n, learner] of learners.slice(2, 5).entries()) {
      const id = (
        await t.db.query<{ id: string }>(`SELECT id FROM follow_up_invitations WHERE learner_id = $1 AND respondent = 'learner'`, [
          learner.id,
        ])
      ).rows[0].id;
      const form = await api('get', `/api/v1/follow-ups/invitations/${id}`, learner.token).expect(200);
      await api('post', `/api/v1/follow-ups/invitations/${id}/responses`, learner.token)
        .send(answersFor(form.body.items as Item[], n + 1, n, n === 0 ? 'FUCANARY learner example three' : undefined))
        .expect(201);
    }
    // Four more supervisors answer through their reminder links; the expired one cannot (five answers in all).
    const items = (
      await t.db.query<Item>(
        `SELECT i.id, i.type, '[]'::jsonb AS options FROM survey_template_items i JOIN survey_templates s ON s.id = i.template_id
        WHERE s.code = 'napor-follow-up-supervisor' ORDER BY i.position`,
      )
    ).rows;
    for (const i of [2, 3, 4, 5]) {
      const token = tokenIn(firstMails.get(i)!.text);
      const page = await t
        .http()
        .get(`/f/${token}`)
        .set('x-forwarded-for', `198.51.100.${40 + i}`)
        .expect(200);
      const cookie = ([] as string[])
        .concat(page.headers['set-cookie'] ?? [])
        .map((c) => c.split(';')[0])
        .join('; ');
      const body = new URLSearchParams({ _csrf: Visitor.csrf(page.text) });
      for (const a of answersFor(items, i === 5 ? 2 : 4, i, `FUCANARY supervisor example ${i}`).answers)
        for (const v of a.values ?? [a.text ?? a.value]) body.append(`q:${a.itemId}`, String(v));
      await t
        .http()
        .post(`/f/${token}`)
        .set('x-forwarded-for', `198.51.100.${40 + i}`)
        .set('cookie', cookie)
        .type('form')
        .send(body.toString())
        .expect(200);
    }
    const shown = await results(trainer).expect(200);
    const [learnerResults, supervisorResults] = shown.body.respondents;
    expect(learnerResults).toMatchObject({ invited: 6, answered: 5, responseRate: 83.3, shown: true });
    const frequency = learnerResults.items.find((i: { type: string }) => i.type === 'frequency');
    // How often: #0 often (4), #1 always (5), then never, rarely, sometimes.
    expect(frequency).toMatchObject({ n: 5, counts: [1, 1, 1, 1, 1] });
    expect(learnerResults.applyingPercent).toBe(60);
    const cases = learnerResults.items.find((i: { type: string }) => i.type === 'count');
    expect(cases).toMatchObject({ n: 5, sum: 5 + 9 + 0 + 1 + 2, mean: 3.4 });
    const barriers = learnerResults.items.find((i: { type: string }) => i.type === 'multi_choice');
    expect(barriers.counts.slice(0, 4)).toEqual([1, 4, 4, 0]);
    const open = learnerResults.items
      .filter((i: { type: string }) => i.type === 'open_text')
      .flatMap((i: { answers: string[] }) => i.answers);
    expect(open.sort()).toEqual(['FUCANARY learner example one', 'FUCANARY learner example three', 'FUCANARY learner example two']);
    expect(supervisorResults).toMatchObject({ invited: 6, answered: 5, shown: true });
    expect(supervisorResults.items.find((i: { type: string }) => i.type === 'count')).toMatchObject({ n: 5, sum: 6 + 2 + 3 + 4 + 5 });
    // Without names: no learner's or supervisor's name, address or id in the answer.
    const text = JSON.stringify(shown.body);
    for (const l of learners) for (const value of [l.id, l.email, l.fullName]) expect(text).not.toContain(value);
    for (const i of [0, 1, 2, 3, 4, 5]) expect(text).not.toContain(supervisorEmail(i));
    expect(text).not.toContain('FUSUPNAME');
    await results(admin).expect(200);
    await results(platform).expect(200);
    // The page says the same, in Georgian.
    const visitor = new Visitor(t);
    await visitor.login(trainerUser.email, trainerUser.password);
    const page = await visitor.get(`/follow-ups/waves/${waveId}/results?lang=ka`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(translate('ka', 'followups:frequency.5'));
    expect(page.text).toContain('FUCANARY supervisor example 4');
    // The audit trail has the schedule, the contacts, the invitations and mails in counts; never an answer.
    const audit = await t.db.query<{ text: string }>(
      `SELECT string_agg(coalesce(before::text, '') || coalesce(after::text, ''), '|') AS text FROM audit_entries`,
    );
    expect(audit.rows[0].text).not.toContain('FUCANARY');
  });

  it('keeps a wave that has invitations: it cannot be removed, its threshold can change', async () => {
    const removed = await api('put', `/api/v1/follow-ups/cohorts/${cohortId}`, admin)
      .send({ waves: [{ months: 6 }] })
      .expect(409);
    expect(removed.body.code).toBe('follow_up_wave_started');
    const kept = await api('put', `/api/v1/follow-ups/cohorts/${cohortId}`, admin)
      .send({ waves: [{ months: 3 }, { months: 12 }], minResponses: 6 })
      .expect(200);
    expect(kept.body.waves.map((w: { months: number; started: boolean }) => [w.months, w.started])).toEqual([
      [3, true],
      [12, false],
    ]);
    expect(kept.body.waves[0]).toMatchObject({ id: waveId, minResponses: 6 });
    // Now under the threshold again: hidden.
    const res = await api('get', `/api/v1/follow-ups/waves/${waveId}/results`, trainer).expect(200);
    expect(res.body.respondents.map((r: { shown: boolean }) => r.shown)).toEqual([false, false]);
  });

  it('mails each supervisor once when two workers send at the same time', async () => {
    // A second cohort of 24 graduates, each with a supervisor, whose 3-month wave is due.
    const cohort2 = (
      await api('post', '/api/v1/cohorts', admin)
        .send({
          courseVersionId: versionId,
          name: 'Two workers FUCOHORT2',
          locale: 'en',
          startsOn: '2026-01-05',
          endsOn: '2026-02-05',
          trainerIds: [],
          completion: { minAttendancePercent: 0, requireAllLessons: false },
        })
        .expect(201)
    ).body.id as string;
    const people: Awaited<ReturnType<typeof userFactory>>[] = [];
    for (let i = 0; i < 24; i++) people.push(await userFactory(t.app, { roles: ['learner'], academyId, fullName: `Pair ${i}` }));
    await api('post', `/api/v1/cohorts/${cohort2}/enrolments`, admin)
      .send({ userIds: people.map((p) => p.id) })
      .expect(201);
    await api('put', `/api/v1/cohorts/${cohort2}/completion/assessments`, admin).send({ requiredAssessmentIds: [] }).expect(200);
    await api('put', `/api/v1/follow-ups/cohorts/${cohort2}`, admin)
      .send({ waves: [{ months: 3 }] })
      .expect(200);
    const service = t.app.get(FollowUpsService);
    for (const [i, p] of people.entries())
      await service.setSupervisor(actorOf({ ...p, token: '' }), cohort2, {
        name: `Boss ${i}`,
        email: `boss${i}@pair.example`,
        locale: 'en',
      });
    await t.db.query(`UPDATE enrolments SET completed_at = now() - interval '4 months' WHERE cohort_id = $1`, [cohort2]);
    expect(await worker.createDue()).toEqual({ learners: 24, supervisors: 24 });

    // A second worker: another instance of the application on the same database.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createApp } = require('../../apps/server/src/app.factory') as typeof Factory;
    const second: NestFastifyApplication = await createApp({ logger: false });
    await second.init();
    try {
      const calls = new Map<string, number>();
      const slow: Mailer = async (message) => {
        await new Promise((resolve) => setTimeout(resolve, 3));
        calls.set(message.to, (calls.get(message.to) ?? 0) + 1);
      };
      const [a, b] = await Promise.all([
        worker.sendSupervisorMails(slow, 8),
        second.get(FollowUpInvitationsService).sendSupervisorMails(slow, 8),
      ]);
      let rounds = 0;
      while ((await worker.sendSupervisorMails(slow, 8)).sent > 0) rounds++;
      const pair = [...calls].filter(([to]) => to.endsWith('@pair.example'));
      console.log(
        `two senders: ${pair.reduce((s, [, n]) => s + n, 0)} mails for 24 supervisors (first round ${a.sent} + ${b.sent}, ${rounds} more rounds)`,
      );
      expect(a.sent).toBeGreaterThan(0);
      expect(b.sent).toBeGreaterThan(0);
      expect(pair).toHaveLength(24);
      expect(pair.filter(([, n]) => n !== 1)).toEqual([]);
      const unsent = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM follow_up_invitations i JOIN follow_up_waves w ON w.id = i.wave_id
          WHERE w.cohort_id = $1 AND i.respondent = 'supervisor' AND i.sent_at IS NULL`,
        [cohort2],
      );
      expect(unsent.rows[0].n).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('backs off after an SMTP error and drops the link that was never delivered', async () => {
    const cohort = (await t.db.query<{ id: string }>(`SELECT id FROM cohorts WHERE name = 'Two workers FUCOHORT2'`)).rows[0].id;
    const [invitation] = (
      await t.db.query<{ id: string }>(
        `SELECT i.id FROM follow_up_invitations i JOIN follow_up_waves w ON w.id = i.wave_id
          WHERE w.cohort_id = $1 AND i.respondent = 'supervisor' ORDER BY i.id LIMIT 1`,
        [cohort],
      )
    ).rows;
    // Due for its first reminder; the mail server refuses.
    await age(`id = $1`, 7, [invitation.id]);
    const links = async () =>
      (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM follow_up_links WHERE invitation_id = $1`, [invitation.id])).rows[0]
        .n;
    const before = await links();
    expect(await worker.sendSupervisorMails(() => Promise.reject(new Error('421 try again later')))).toEqual({ sent: 0, failed: 1 });
    expect(await links()).toBe(before);
    const state = (
      await t.db.query<{ attempts: number; error: string; wait: number; reminders: number }>(
        `SELECT attempts, last_error AS error, extract(epoch FROM next_attempt_at - now())::float AS wait, reminders_sent AS reminders
           FROM follow_up_invitations WHERE id = $1`,
        [invitation.id],
      )
    ).rows[0];
    expect(state).toMatchObject({ attempts: 1, error: '421 try again later', reminders: 0 });
    expect(state.wait).toBeGreaterThan(50);
    // Not before its time; then it goes out, once.
    const sent: Message[] = [];
    expect(await worker.sendSupervisorMails(capture(sent))).toEqual({ sent: 0, failed: 0 });
    await t.db.query(`UPDATE follow_up_invitations SET next_attempt_at = now() WHERE id = $1`, [invitation.id]);
    expect(await worker.sendSupervisorMails(capture(sent))).toEqual({ sent: 1, failed: 0 });
    expect(await links()).toBe(before + 1);
  });

  it('serves the pages without JavaScript: the schedule for staff, the supervisor form for a learner', async () => {
    const staff = new Visitor(t);
    await staff.login(trainerUser.email, trainerUser.password);
    const schedule = await staff.get(`/cohorts/${cohortId}/follow-ups`);
    expect(schedule.status).toBe(200);
    expect(schedule.text).toContain(translate('en', 'followups:schedule.wave', { count: 3 }));
    const wrong = await staff.post(`/cohorts/${cohortId}/follow-ups`, { _csrf: Visitor.csrf(schedule.text), months0: '3', months1: '30' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('id="months1-error"');
    expect(wrong.text).toContain(translate('en', 'validation:max', { field: translate('en', 'fields:months'), count: 24 }));
    const saved = await staff.post(`/cohorts/${cohortId}/follow-ups`, {
      _csrf: Visitor.csrf(schedule.text),
      months0: '3',
      months1: '12',
      minResponses: '6',
    });
    expect(saved).toMatchObject({ status: 303, location: `/cohorts/${cohortId}/follow-ups` });

    // A newly completed learner names a supervisor on the page, after reading what the supervisor will receive.
    const late = await userFactory(t.app, { roles: ['learner'], academyId, locale: 'ru' });
    await api('post', `/api/v1/cohorts/${cohortId}/enrolments`, admin)
      .send({ userIds: [late.id] })
      .expect(201);
    const lateToken = await tokenFor(t.http, late);
    await api('post', `/api/v1/cohorts/${cohortId}/lessons/${lessonId}/complete`, lateToken).expect(200);
    const visitor = new Visitor(t);
    await visitor.login(late.email, late.password);
    const form = await visitor.get(`/follow-ups/cohorts/${cohortId}/supervisor`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<html lang="ru"');
    expect(form.text).toContain('id="supervisor-notice"');
    const self = await visitor.post(`/follow-ups/cohorts/${cohortId}/supervisor`, {
      _csrf: Visitor.csrf(form.text),
      name: 'Сам себе начальник',
      email: late.email,
      locale: 'ru',
    });
    expect(self.status).toBe(400);
    expect(self.text).toContain('id="email-error"');
    const named = await visitor.post(`/follow-ups/cohorts/${cohortId}/supervisor`, {
      _csrf: Visitor.csrf(form.text),
      name: 'Ирина Бойко',
      email: 'i.boyko@police.example',
      locale: 'uk',
    });
    expect(named).toMatchObject({ status: 303, location: '/follow-ups' });
    const list = await visitor.get('/follow-ups');
    expect(list.text).toContain('Ирина Бойко');
    // Not completed: the page says so (403), in the learner's language.
    const early = new Visitor(t);
    await early.login(learners[6].email, learners[6].password);
    const refused = await early.get(`/follow-ups/cohorts/${cohortId}/supervisor`);
    expect(refused.status).toBe(403);
  });
});
