import { BootstrapService } from '../../apps/server/src/bootstrap.service';
import { CohortsService } from '@probity/cohorts';
import { type Locale, translate, zonedDate } from '@probity/i18n';
import { DEMO_ANSWERS, DEMO_PASSWORD, NAPOR_ASSESSMENTS, NAPOR_ITEMS, demoEmail } from '@probity/seed';
import { academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { Visitor } from '../support/visitor';
import { type TestApp, createTestApp } from '../support/test-app';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
const ROOT = { email: 'root@demo-story.test', password: 'a-demo-root-password-2026' };
const TBILISI_KYIV = 'Tbilisi–Kyiv cooperation cohort';
const BATUMI = 'Batumi, spring 2026';

/** The text of an HTML fragment, tags dropped and spaces folded. */
const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
/** The `<li>` items of a page with the class. */
const items = (html: string, cls: string): string[] =>
  [...html.matchAll(new RegExp(`<li class="${cls}">([\\s\\S]*?)</li>`, 'g'))].map((m) => m[1]);

/** The text of a cohort's row in the cohorts page's table. */
const row = (html: string, id: string): string =>
  text(new RegExp(`<tr><td><a href="/cohorts/${id}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '');
/** `YYYY-MM-DD` `days` after the calendar day `day`. */
const plus = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The demo tells a true story (issue 17 point 4): the demo trainers lead the demo cohorts and their dashboards say
 * so; a cohort's status follows its dates and state (planned → running → finished, closed by an administrator) as
 * of today in its academy, in the API and on the pages; every demo role's dashboard has something to do on first
 * start. Starting again adds nothing.
 */
describe('the demo’s story', () => {
  let t: TestApp;
  const signedIn = new Map<string, Visitor>();

  beforeAll(async () => {
    t = await createTestApp({ env: { PROBITY_DEMO: '1', PROBITY_ADMIN_EMAIL: ROOT.email, PROBITY_ADMIN_PASSWORD: ROOT.password } });
  }, 300_000);
  afterAll(() => t?.close());

  const sql = async <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> =>
    (await t.db.query(query, params)).rows as T[];
  const cohortId = async (name: string): Promise<string> =>
    (await sql<{ id: string }>('SELECT id FROM cohorts WHERE name = $1', [name]))[0].id;
  /** A page as the demo person sees it (signed in once per person). */
  const page = async (email: string, path: string, password = DEMO_PASSWORD): Promise<string> => {
    let visitor = signedIn.get(email);
    if (!visitor) {
      visitor = new Visitor(t);
      await visitor.login(email, password);
      signedIn.set(email, visitor);
    }
    const response = await visitor.get(path);
    expect(response.status).toBe(200);
    return response.text;
  };
  const status = (locale: Locale, value: string): string => translate(locale, `cohorts:cohort_status.${value}`);

  it('lists the running Georgian–Ukrainian cohort and the finished Batumi one on the Georgian trainer’s dashboard, in Georgian and English', async () => {
    const trainer = demoEmail('GE', 'trainer');
    for (const locale of ['ka', 'en'] as const) {
      const led = items(await page(trainer, `/dashboard?lang=${locale}`), 'led-cohort').map(text);
      expect(led).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^${TBILISI_KYIV} · .* · ${status(locale, 'running')}$`)),
          expect.stringMatching(new RegExp(`^${BATUMI} · .* · ${status(locale, 'finished')}$`)),
        ]),
      );
      expect(led).toHaveLength(2);
      // The cohort pages say the same.
      const batumi = await cohortId(BATUMI);
      expect(text(await page(trainer, `/cohorts/${batumi}?lang=${locale}`))).toContain(status(locale, 'finished'));
      const list = await page(trainer, `/cohorts?lang=${locale}`);
      expect(row(list, batumi)).toMatch(new RegExp(`^${BATUMI} .* ${status(locale, 'finished')}$`));
      expect(row(list, await cohortId(TBILISI_KYIV))).toMatch(new RegExp(`^${TBILISI_KYIV} .* ${status(locale, 'running')}$`));
    }
    expect(
      await sql(`SELECT t.user_id FROM cohort_trainers t JOIN cohorts c ON c.id = t.cohort_id WHERE c.name = $1`, [TBILISI_KYIV]),
    ).toEqual([{ user_id: (await sql<{ id: string }>('SELECT id FROM users WHERE email = $1', [trainer]))[0].id }]);
    // The API gives the derived status; the stored column keeps what staff decided (nobody started or closed Batumi).
    const token = await tokenFor(t.http, { email: trainer, password: DEMO_PASSWORD });
    const get = async (id: string) =>
      (
        await t
          .http()
          .get(`/api/v1/cohorts/${id}`)
          .set(...bearer(token))
          .expect(200)
      ).body as { status: string; endsOn: string };
    expect((await get(await cohortId(BATUMI))).status).toBe('finished');
    expect((await get(await cohortId(TBILISI_KYIV))).status).toBe('running');
    expect(await sql('SELECT status FROM cohorts WHERE name = $1', [BATUMI])).toEqual([{ status: 'planned' }]);
  });

  it('gives every demo academy’s trainer a cohort of their academy, and shows each status as its dates say', async () => {
    const rows = await sql<{ academy: string; name: string; trainer: string; starts_on: string; ends_on: string }>(
      `SELECT a.code AS academy, c.name, u.email AS trainer, c.starts_on::text, c.ends_on::text
         FROM cohorts c JOIN academies a ON a.id = c.academy_id JOIN cohort_trainers t ON t.cohort_id = c.id JOIN users u ON u.id = t.user_id
        ORDER BY a.code, c.starts_on`,
    );
    for (const row of rows) expect(row.trainer).toBe(demoEmail(row.academy, 'trainer'));
    expect([...new Set(rows.map((r) => r.academy))]).toEqual(['GE', 'KG', 'PK', 'TZ', 'UA']);
    const today = new Date().toISOString().slice(0, 10);
    const shown = new Map(
      (
        await t
          .http()
          .get('/api/v1/cohorts?limit=100')
          .set(...bearer(await tokenFor(t.http, ROOT)))
          .expect(200)
      ).body.items.map((c: { name: string; status: string }) => [c.name, c.status]),
    );
    const statuses = rows.map((r) => shown.get(r.name));
    expect(statuses).toEqual(rows.map((r) => (r.ends_on < today ? 'finished' : r.starts_on > today ? 'planned' : 'running')));
    expect(new Set(statuses)).toEqual(new Set(['planned', 'running', 'finished']));
  });

  it('gives each demo role something to do on its dashboard on first start', async () => {
    // Trainers: the register of a session held and not taken, or the sessions of a planned cohort to add.
    for (const [code, cohort, locale] of [
      ['GE', TBILISI_KYIV, 'ka'],
      ['KG', 'Бишкек, группа следователей', 'ru'],
      ['PK', 'اسلام آباد، تفتیشی افسران کا گروپ', 'ur'],
      ['TZ', 'Moshi, kundi la wapelelezi', 'sw'],
    ] as const) {
      const html = await page(demoEmail(code, 'trainer'), `/dashboard?lang=${locale}`);
      const [register] = items(html, 'todo-register');
      expect(text(register)).toContain(translate(locale, 'cohorts:dashboard.register', { cohort }));
      const href = /href="([^"]+)"/.exec(register)![1];
      expect(href).toMatch(new RegExp(`^/cohorts/${await cohortId(cohort)}/sessions/[0-9a-f-]{36}/register$`));
      // The link opens the register of that session, with the cohort's learners to mark.
      const sheet = await page(demoEmail(code, 'trainer'), href);
      expect(sheet).toContain('name="_csrf"');
    }
    expect(items(await page(demoEmail('UA', 'trainer'), '/dashboard?lang=uk'), 'todo-sessions').map(text)).toEqual([
      `${translate('uk', 'cohorts:dashboard.sessions', { cohort: 'Київ, наступний набір' })} · ${translate('uk', 'cohorts:dashboard.sessions_hint')}`,
    ]);

    // Academy administrators: close the finished cohort, answer an invitation, enrol learners in the next intake.
    expect(items(await page(demoEmail('GE', 'admin'), '/dashboard?lang=ka'), 'todo-close').map(text)).toEqual([
      expect.stringContaining(translate('ka', 'cohorts:dashboard.close', { cohort: BATUMI })),
    ]);
    expect(items(await page(demoEmail('KG', 'admin'), '/dashboard?lang=ru'), 'todo-invitation').map(text)).toEqual([
      expect.stringContaining(translate('ru', 'cohorts:dashboard.invitation', { cohort: 'Київ, наступний набір' })),
    ]);
    for (const [code, cohort, locale] of [
      ['UA', 'Київ, наступний набір', 'uk'],
      ['PK', 'اسلام آباد، اگلا گروپ', 'ur'],
      ['TZ', 'Moshi, kundi lijalo', 'sw'],
    ] as const)
      expect(items(await page(demoEmail(code, 'admin'), `/dashboard?lang=${locale}`), 'todo-enrol').map(text)).toEqual([
        expect.stringContaining(translate(locale, 'cohorts:dashboard.enrol', { cohort })),
      ]);

    // Learners: the first lesson of the course to read, which opens.
    const [version] = await sql<{ id: string; lesson: { id: string; title: Record<string, string> } }>(
      `SELECT v.id, v.snapshot->'modules'->0->'lessons'->0 AS lesson FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.code = 'NAPOR-CI'`,
    );
    for (const [code, locale] of [
      ['GE', 'ka'],
      ['UA', 'uk'],
      ['KG', 'ru'],
      ['PK', 'ur'],
      ['TZ', 'sw'],
    ] as const) {
      const html = await page(demoEmail(code, 'learner1'), `/dashboard?lang=${locale}`);
      const next = [...html.matchAll(/<p class="next-lesson">([\s\S]*?)<\/p>/g)].map((m) => m[1]);
      expect(next).toHaveLength(1);
      expect(text(next[0])).toBe(`${translate(locale, 'cohorts:dashboard.next_lesson')} ${version.lesson.title[locale]}`);
      const href = /href="([^"]+)"/.exec(next[0])![1].replace(/&#x3D;/g, '=');
      expect(href).toMatch(new RegExp(`^/learn/${version.id}/lessons/${version.lesson.id}\\?cohort=[0-9a-f-]{36}$`));
      expect(text(await page(demoEmail(code, 'learner1'), href))).toContain(version.lesson.title[locale]);
    }

    // The platform administrator: the Facility's overdue recommendation and the initiative's overdue action item.
    const root = await page(ROOT.email, '/dashboard?lang=en', ROOT.password);
    expect(text(root)).toContain(translate('en', 'outcomes:dashboard.count', { count: 1 }));
    expect(root).toMatch(/<ul class="plain" id="overdue-action-items">\s*<li>/);
  });

  it('gives the trainers an essay to grade and the learners the course’s tests to take, in their language, on first start', async () => {
    const [pre, post] = NAPOR_ASSESSMENTS.map((a) => a.title);
    const essay = NAPOR_ITEMS['withdrawal-essay'].stem;
    // Trainers of the running cohorts: the second learner's post-test essay, which opens on the grading page.
    for (const [code, cohort, locale] of [
      ['GE', TBILISI_KYIV, 'ka'],
      ['KG', 'Бишкек, группа следователей', 'ru'],
      ['PK', 'اسلام آباد، تفتیشی افسران کا گروپ', 'ur'],
      ['TZ', 'Moshi, kundi la wapelelezi', 'sw'],
    ] as const) {
      const trainer = demoEmail(code, 'trainer');
      const [grading, ...more] = items(await page(trainer, `/dashboard?lang=${locale}`), 'todo-grading');
      expect(more).toEqual([]);
      expect(text(grading)).toBe(translate(locale, 'cohorts:dashboard.grading', { count: 1, cohort }));
      const href = /href="([^"]+)"/.exec(grading)![1];
      expect(href).toBe(`/cohorts/${await cohortId(cohort)}/grading`);
      const sheet = text(await page(trainer, href));
      expect(sheet).toContain(essay[locale]);
      const answer = (DEMO_ANSWERS[locale].post_test['withdrawal-essay'] as { text: string }).text;
      expect(sheet).toContain(answer.slice(0, 60));
      expect(await page(trainer, href)).toContain('name="_csrf"');
    }
    // What the seed wrote: each second learner's pre-test scored (a third of its points), their post-test waiting for
    // the essay's grade; nobody else has an attempt.
    expect(
      await sql(
        `SELECT u.email, a.status, a.percent::float AS percent FROM attempts a JOIN users u ON u.id = a.user_id ORDER BY u.email, a.number, a.status`,
      ),
    ).toEqual(
      ['GE', 'KG', 'PK', 'TZ']
        .map((code) => demoEmail(code, 'learner2'))
        .sort()
        .flatMap((email) => [
          { email, status: 'awaiting_grading', percent: null },
          { email, status: 'graded', percent: 33.33 },
        ]),
    );

    // Learners who have not started: both tests to take (the post-test required), in the learner's own language; the
    // link opens the cohort's tests, where they start.
    for (const [code, cohort, locale] of [
      ['GE', TBILISI_KYIV, 'ka'],
      ['UA', TBILISI_KYIV, 'uk'],
      ['KG', 'Бишкек, группа следователей', 'ru'],
      ['PK', 'اسلام آباد، تفتیشی افسران کا گروپ', 'ur'],
      ['TZ', 'Moshi, kundi la wapelelezi', 'sw'],
    ] as const) {
      const learner = demoEmail(code, 'learner1');
      const tests = items(await page(learner, `/dashboard?lang=${locale}`), 'todo-test');
      expect(tests.map(text)).toEqual([
        translate(locale, 'cohorts:dashboard.test_take', { test: pre[locale] }),
        `${translate(locale, 'cohorts:dashboard.test_take', { test: post[locale] })} · ${translate(locale, 'cohorts:dashboard.test_required')}`,
      ]);
      const href = /href="([^"]+)"/.exec(tests[1])![1];
      expect(href).toBe(`/my/cohorts/${await cohortId(cohort)}/assessments`);
      const list = await page(learner, href);
      expect(text(list)).toContain(post[locale]);
      expect(text(list)).toContain(translate(locale, 'assessments:kinds.post_test'));
      expect(list.match(/<form method="post" action="\/my\/cohorts\/[0-9a-f-]{36}\/assessments\/[0-9a-f-]{36}\/start">/g)).toHaveLength(2);
    }
    // A learner who handed both in has nothing left to sit: their page says the post-test waits for its grade.
    expect(items(await page(demoEmail('GE', 'learner2'), '/dashboard?lang=ka'), 'todo-test')).toEqual([]);
    expect(text(await page(demoEmail('GE', 'learner2'), `/my/cohorts/${await cohortId(TBILISI_KYIV)}/assessments?lang=ka`))).toContain(
      translate('ka', 'assessments:list.awaiting'),
    );
    // Batumi's graduates stay graduates: the past cohort requires no test, its certificates stand.
    expect(
      await sql(
        `SELECT e.status, count(*)::int AS n FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id WHERE c.name = $1 GROUP BY e.status`,
        [BATUMI],
      ),
    ).toEqual([{ status: 'completed', n: 6 }]);
  });

  it('derives a cohort’s status from its dates in its academy’s time zone, and from its closing, in the API and on the pages', async () => {
    // Kiritimati (UTC+14) is always a calendar day or two ahead of Pago Pago (UTC−11).
    const ahead = await academyFactory(t.app, { timeZone: 'Pacific/Kiritimati' });
    const behind = await academyFactory(t.app, { timeZone: 'Pacific/Pago_Pago' });
    const [admin, trainer, otherAdmin, otherTrainer] = [
      await userFactory(t.app, { roles: ['academy_admin'], academyId: ahead.id }),
      await userFactory(t.app, { roles: ['trainer'], academyId: ahead.id }),
      await userFactory(t.app, { roles: ['academy_admin'], academyId: behind.id }),
      await userFactory(t.app, { roles: ['trainer'], academyId: behind.id }),
    ];
    const { versionId } = await versionFactory(t.app, trainer);
    const { versionId: otherVersion } = await versionFactory(t.app, otherTrainer);
    const token = await tokenFor(t.http, admin);
    const api = () => t.http();
    const today = zonedDate(new Date(), 'Pacific/Kiritimati');
    const create = async (name: string, startsOn: string, endsOn: string, who = token, version = versionId) =>
      (
        await api()
          .post('/api/v1/cohorts')
          .set(...bearer(who))
          .send({ courseVersionId: version, name, locale: 'en', startsOn, endsOn, trainerIds: [] })
          .expect(201)
      ).body as { id: string; status: string };
    const past = await create('Past', plus(today, -40), plus(today, -1));
    const future = await create('Future', plus(today, 1), plus(today, 30));
    const now = await create('Now', today, plus(today, 30));
    const closing = await create('Closing', plus(today, -10), plus(today, 10));
    const early = await create('Early', plus(today, 5), plus(today, 30));
    // Created today in its academy: the answer says at once what the cohort is.
    expect([past.status, future.status, now.status, closing.status, early.status]).toEqual([
      'finished',
      'planned',
      'running',
      'running',
      'planned',
    ]);
    // The same first day is still tomorrow (or later) in Pago Pago: planned there.
    const elsewhere = await create('Tomorrow there', today, plus(today, 30), await tokenFor(t.http, otherAdmin), otherVersion);
    expect(elsewhere.status).toBe('planned');

    await api()
      .post(`/api/v1/cohorts/${closing.id}/close`)
      .set(...bearer(token))
      .expect(200);
    // Started early by staff on its page: running before its first day.
    const visitor = new Visitor(t);
    await visitor.login(admin.email, admin.password);
    const overview = await visitor.get(`/cohorts/${early.id}?lang=en`);
    expect(overview.text).toContain('name="status" value="running"');
    expect((await visitor.post(`/cohorts/${early.id}/status`, { _csrf: Visitor.csrf(overview.text), status: 'running' })).status).toBe(303);

    const expected: [string, string][] = [
      [past.id, 'finished'],
      [future.id, 'planned'],
      [now.id, 'running'],
      [closing.id, 'closed'],
      [early.id, 'running'],
    ];
    for (const [id, value] of expected) {
      const body = (
        await api()
          .get(`/api/v1/cohorts/${id}`)
          .set(...bearer(token))
          .expect(200)
      ).body as { status: string };
      expect(body.status).toBe(value);
      for (const locale of ['en', 'ka'] as const) {
        const html = (await visitor.get(`/cohorts/${id}?lang=${locale}`)).text;
        expect(text(html)).toContain(status(locale, value));
      }
    }
    const list = (
      await api()
        .get('/api/v1/cohorts')
        .set(...bearer(token))
        .expect(200)
    ).body.items as { id: string; status: string }[];
    expect(expected.map(([id]) => list.find((c) => c.id === id)?.status)).toEqual(expected.map(([, value]) => value));
    const listPage = (await visitor.get('/cohorts?lang=en')).text;
    for (const [id, value] of expected) expect(row(listPage, id)).toMatch(new RegExp(` ${status('en', value)}$`));
    // What staff decided is what is stored: nothing for the past cohort, the early start, the closing.
    expect(await sql(`SELECT name, status FROM cohorts WHERE id = ANY($1) ORDER BY name`, [[past.id, early.id, closing.id]])).toEqual([
      { name: 'Closing', status: 'closed' },
      { name: 'Early', status: 'running' },
      { name: 'Past', status: 'planned' },
    ]);
    // Live cohorts (the Facility's screening aid) leave out those finished and closed.
    const live = await t.app.get(CohortsService).liveOfAcademy(ahead.id);
    expect(live.map((c) => [c.name, c.status])).toEqual([
      ['Now', 'running'],
      ['Future', 'planned'],
      ['Early', 'running'],
    ]);
    // A partner academy's invitation carries the cohort's status too.
    const invitations = (
      await api()
        .get('/api/v1/me/partner-invitations')
        .set(...bearer(await tokenFor(t.http, { email: demoEmail('KG', 'admin'), password: DEMO_PASSWORD })))
        .expect(200)
    ).body.items as { cohortName: string; cohortStatus: string; status: string }[];
    expect(invitations).toEqual([
      expect.objectContaining({ cohortName: 'Київ, наступний набір', cohortStatus: 'planned', status: 'invited' }),
    ]);
  });

  it('adds nothing when the server starts again', async () => {
    const counts = async () =>
      (
        await sql<Record<string, number>>(
          `SELECT (SELECT count(*)::int FROM cohorts) AS cohorts, (SELECT count(*)::int FROM cohort_sessions) AS sessions,
                  (SELECT count(*)::int FROM enrolments) AS enrolments, (SELECT count(*)::int FROM cohort_partners) AS partners,
                  (SELECT count(*)::int FROM cohort_trainers) AS trainers, (SELECT count(*)::int FROM users) AS users,
                  (SELECT count(*)::int FROM items) AS items, (SELECT count(*)::int FROM assessments) AS assessments,
                  (SELECT count(*)::int FROM attempts) AS attempts, (SELECT count(*)::int FROM responses) AS responses,
                  (SELECT count(*)::int FROM audit_entries) AS audit`,
        )
      )[0];
    const before = await counts();
    await t.app.get(BootstrapService).onApplicationBootstrap();
    expect(await counts()).toEqual(before);
  });
});
