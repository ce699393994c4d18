/**
 * The training report's cost at 1,000 and at 10,000 learners (issue 13, point 6): `npm run build`, then
 * `node dist/test/bench/reports.js`. Seeds in bulk SQL (INSERT … SELECT generate_series) 1,000 learners in 20 cohorts
 * with 2,000 graded attempts, measures GET /api/v1/reports/training for each breakdown through HTTP against the server
 * started as in production, grows the same data to 10,000 learners in 200 cohorts with 20,000 attempts, measures
 * again, and prints the median and p95 of each and the ratio 10k / 1k (linear growth is 10; the target is under 1 s
 * at 10k). Uses DATABASE_URL's server when set, else an embedded PostgreSQL, and a database of its own, dropped at
 * the end (BENCH_KEEP=1 keeps it, to EXPLAIN the statement). BENCH_REQUESTS (default 20) sets the requests per measurement.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions, migrate } from '@probity/database';
import { signToken, tokenKey } from '@probity/identity';
import { benchDatabase } from './database';
import { freePort } from './nginx';
import { percentile } from './surge';

const SECRET = randomBytes(32).toString('base64url');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);
const BREAKDOWNS = ['sex', 'agencyType', 'function', 'country', 'course'] as const;
/** Learners per cohort, courses, academies: the shape of both sizes. */
const PER_COHORT = 50;
const COURSES = 10;
const ACADEMIES: [code: string, country: string, timeZone: string][] = [
  ['GE', 'GE', 'Asia/Tbilisi'],
  ['UA', 'UA', 'Europe/Kyiv'],
  ['MD', 'MD', 'Europe/Chisinau'],
  ['KE', 'KE', 'Africa/Nairobi'],
];

function start(script: string, env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const poll = setInterval(() => {
      fetch(`http://127.0.0.1:${port}/health`)
        .then((res) => {
          if (!res.ok) return;
          clearInterval(poll);
          resolve(child);
        })
        .catch(() => undefined);
    }, 200);
    child.once('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`${script} exited with ${code}`));
    });
  });
}

/** A course version's frozen tree as publication writes it, of a realistic size (text in two languages, 20 items a test). */
function snapshot(courseId: string, academyId: string, code: string, pre: string, post: string): object {
  const text = (n: number) => ({
    en: `<p>${'Due process requires that the suspect is told of the charge. '.repeat(n)}</p>`,
    ru: `<p>${'Надлежащая правовая процедура требует сообщить подозреваемому об обвинении. '.repeat(n)}</p>`,
  });
  const modules = Array.from({ length: 6 }, (_, m) => ({
    id: randomUUID(),
    position: m + 1,
    title: { en: `Module ${m + 1}`, ru: `Модуль ${m + 1}` },
    objectives: [],
    scenarioHtml: {},
    tags: [],
    lessons: Array.from({ length: 3 }, (_, l) => ({
      id: randomUUID(),
      position: l + 1,
      title: { en: `Lesson ${l + 1}`, ru: `Урок ${l + 1}` },
      bodyHtml: text(20),
      durationMinutes: 30,
      tags: [],
    })),
  }));
  const items = Array.from({ length: 20 }, (_, i) => ({
    itemId: randomUUID(),
    revisionId: randomUUID(),
    revision: 1,
    content: {
      type: 'single_choice',
      stem: { en: `Question ${i + 1}: may the suspect remain silent?`, ru: `Вопрос ${i + 1}: может ли подозреваемый молчать?` },
      points: 1,
      options: [
        { id: randomUUID(), text: { en: 'Yes', ru: 'Да' }, correct: true },
        { id: randomUUID(), text: { en: 'No', ru: 'Нет' }, correct: false },
      ],
    },
  }));
  const assessment = (id: string, kind: string) => ({
    id,
    kind,
    title: { en: kind },
    passPercent: 60,
    timeLimitMinutes: null,
    maxAttempts: 2,
    shuffle: false,
    blindGrading: false,
    policy: 'best',
    items,
  });
  return {
    course: {
      id: courseId,
      academyId,
      code,
      title: { en: `Course ${code}`, ru: `Курс ${code}` },
      summary: {},
      objectives: [],
      tags: [],
      shared: true,
    },
    modules,
    lessonsTotal: 18,
    durationMinutes: 540,
    contributions: { assessments: [assessment(pre, 'pre_test'), assessment(post, 'post_test')] },
  };
}

interface Shape {
  academyIds: string[];
  versions: { id: string; pre: string; post: string }[];
}

/** Academies, a platform administrator and 10 published courses, each with a pre-test and a post-test. */
async function seedShape(db: DataSource): Promise<Shape & { adminId: string }> {
  const academyIds: string[] = [];
  for (const [code, country, zone] of ACADEMIES)
    academyIds.push(
      (
        await db.query<{ id: string }[]>(
          `INSERT INTO academies (code, name, country, default_locale, time_zone) VALUES ($1, $2, $3, 'en', $4) RETURNING id`,
          [`RB${code}`, { en: `Academy ${code}` }, country, zone],
        )
      )[0].id,
    );
  const [admin] = await db.query<{ id: string }[]>(
    `INSERT INTO users (email, full_name, roles, locale) VALUES ('reports.admin@bench.test', 'Bench Admin', '{platform_admin}', 'en') RETURNING id`,
  );
  const versions: Shape['versions'] = [];
  for (let c = 0; c < COURSES; c++) {
    const academyId = academyIds[c % academyIds.length];
    const code = `RB${String(c + 1).padStart(2, '0')}`;
    const [course] = await db.query<{ id: string }[]>(
      `INSERT INTO courses (academy_id, code, title, shared) VALUES ($1, $2, $3, true) RETURNING id`,
      [academyId, code, { en: `Course ${code}`, ru: `Курс ${code}` }],
    );
    const pre = randomUUID();
    const post = randomUUID();
    const [version] = await db.query<{ id: string }[]>(
      `INSERT INTO course_versions (course_id, number, published_at, locales, snapshot) VALUES ($1, 1, now(), '{en,ru}', $2) RETURNING id`,
      [course.id, JSON.stringify(snapshot(course.id, academyId, code, pre, post))],
    );
    versions.push({ id: version.id, pre, post });
  }
  return { academyIds, versions, adminId: admin.id };
}

/**
 * Learners `from`…`to` (1-based) in cohorts of 50 (cohort n of academy n mod 4, course n mod 10), each with a pre-test
 * and a post-test graded over the last year; one learner in ten also in the next cohort (another course). Sexes,
 * agency types and functions spread over the lists, some not recorded. 70% completed, half of those certified, 5%
 * withdrawn; a tenth of post-tests hand-marked a few days after submission. All in set-based statements.
 */
async function seedLearners(db: DataSource, shape: Shape, from: number, to: number): Promise<void> {
  const firstCohort = Math.floor((from - 1) / PER_COHORT) + 1;
  const lastCohort = Math.floor((to - 1) / PER_COHORT) + 1;
  await db.query(
    `INSERT INTO cohorts (academy_id, course_version_id, name, locale, starts_on, ends_on, status, completion)
     SELECT ($1::uuid[])[1 + n % cardinality($1::uuid[])], ($2::uuid[])[1 + n % cardinality($2::uuid[])], 'Bench report cohort ' || n, 'en',
            '2026-01-01', '2026-12-31', 'running', '{"minAttendancePercent":0,"requireAllLessons":true,"excused":"exclude","requiredAssessmentIds":null}'
       FROM generate_series($3::int, $4::int) n`,
    [shape.academyIds, shape.versions.map((v) => v.id), firstCohort, lastCohort],
  );
  await db.query(
    `INSERT INTO users (email, full_name, roles, academy_id, locale, sex, agency_type, "function")
     SELECT 'rl' || g || '@bench.test', 'Report Learner ' || g, '{learner}', ($1::uuid[])[1 + ((g - 1) / ${PER_COHORT}) % cardinality($1::uuid[])], 'en',
            (ARRAY['female','male','female','male','another','not_stated',NULL])[1 + g % 7],
            (ARRAY['police','prosecution','customs','drug_control','intelligence','border_guard','judiciary','other',NULL])[1 + g % 9],
            (ARRAY['investigator','prosecutor','analyst','intelligence_officer','supervisor_manager','trainer','other',NULL])[1 + g % 8]
       FROM generate_series($2::int, $3::int) g`,
    [shape.academyIds, from, to],
  );
  // Each learner's cohort is the n-th of the bench's cohorts (by name), and one in ten a second one.
  await db.query(
    `WITH learners AS (
       SELECT u.id, g, 1 + (g - 1) / ${PER_COHORT} AS n FROM generate_series($1::int, $2::int) g JOIN users u ON u.email = 'rl' || g || '@bench.test'
     ), places AS (
       SELECT id, g, n FROM learners
       UNION ALL SELECT id, g, CASE WHEN n = $4 THEN $3 ELSE n + 1 END FROM learners WHERE g % 10 = 0
     )
     INSERT INTO enrolments (cohort_id, user_id, status, enrolled_at, completed_at, withdrawn_at)
     SELECT c.id, p.id,
            CASE WHEN p.g % 20 = 7 THEN 'withdrawn' WHEN p.g % 10 < 7 THEN 'completed' ELSE 'in_progress' END,
            timestamptz '2026-01-05' + ((p.g * 7919) % 300) * interval '1 day',
            CASE WHEN p.g % 20 <> 7 AND p.g % 10 < 7 THEN timestamptz '2026-01-05' + ((p.g * 7919) % 300 + 40) * interval '1 day' END,
            CASE WHEN p.g % 20 = 7 THEN timestamptz '2026-01-05' + ((p.g * 7919) % 300 + 10) * interval '1 day' END
       FROM places p JOIN cohorts c ON c.name = 'Bench report cohort ' || p.n`,
    [from, to, firstCohort, lastCohort],
  );
  // Two graded attempts per learner in their first cohort: the pre-test, then the post-test 30 days later.
  const versionTests = JSON.stringify(shape.versions.map((v) => ({ id: v.id, pre: v.pre, post: v.post })));
  await db.query(
    `WITH tests AS (SELECT (t->>'id')::uuid AS version_id, (t->>'pre')::uuid AS pre, (t->>'post')::uuid AS post FROM jsonb_array_elements($3::jsonb) t),
     firsts AS (
       SELECT u.id AS user_id, g, c.id AS cohort_id, t.pre, t.post
         FROM generate_series($1::int, $2::int) g
         JOIN users u ON u.email = 'rl' || g || '@bench.test'
         JOIN cohorts c ON c.name = 'Bench report cohort ' || (1 + (g - 1) / ${PER_COHORT})
         JOIN tests t ON t.version_id = c.course_version_id
     )
     INSERT INTO attempts (cohort_id, assessment_id, user_id, number, seed, status, shown, locale, started_at, submitted_at, score, max_score, percent, passed)
     SELECT f.cohort_id, CASE WHEN k = 0 THEN f.pre ELSE f.post END, f.user_id, 1, g, 'graded', '[]', 'en',
            timestamptz '2026-01-10' + ((g * 7919) % 300 + 30 * k) * interval '1 day',
            timestamptz '2026-01-10' + ((g * 7919) % 300 + 30 * k) * interval '1 day' + interval '40 minutes',
            s, 20, s * 5, s * 5 >= 60
       FROM firsts f CROSS JOIN generate_series(0, 1) k
       CROSS JOIN LATERAL (SELECT (CASE WHEN k = 0 THEN 4 + (g * 13) % 10 ELSE 8 + (g * 17) % 13 END)::numeric AS s) score`,
    [from, to, versionTests],
  );
  // Five answers per attempt; a tenth of the post-tests marked by hand three days later.
  await db.query(
    `INSERT INTO responses (attempt_id, item_id, value, max_points, points, graded_at)
     SELECT a.id, gen_random_uuid(), '{}', 1, 1,
            CASE WHEN a.seed % 10 = 3 AND a.assessment_id = ANY($3::uuid[]) AND i = 1 THEN a.submitted_at + interval '3 days' END
       FROM attempts a CROSS JOIN generate_series(1, 5) i
      WHERE a.seed BETWEEN $1 AND $2 AND a.shown = '[]'::jsonb`,
    [from, to, shape.versions.map((v) => v.post)],
  );
  // Certificates for half of the completed enrolments.
  await db.query(
    `INSERT INTO certificates (academy_id, cohort_id, enrolment_id, user_id, serial, code, record, signature, kid, status_index, locale, issued_at)
     SELECT c.academy_id, e.cohort_id, e.id, e.user_id, 'RB-' || g, 'RB' || g, '{}', 'x', 'bench', g, 'en', e.completed_at + interval '2 days'
       FROM generate_series($1::int, $2::int) g
       JOIN users u ON u.email = 'rl' || g || '@bench.test'
       JOIN enrolments e ON e.user_id = u.id AND e.status = 'completed'
       JOIN cohorts c ON c.id = e.cohort_id
      WHERE g % 2 = 0 AND c.name = 'Bench report cohort ' || (1 + (g - 1) / ${PER_COHORT})`,
    [from, to],
  );
  await db.query('ANALYZE');
}

interface Figures {
  median: number;
  p95: number;
}

/** `count` requests one after the other (after two unmeasured), in milliseconds; every answer must be 200. */
async function measure(url: string, token: string, count = REQUESTS): Promise<Figures & { body: unknown }> {
  const headers = { authorization: `Bearer ${token}` };
  let body: unknown;
  for (let i = 0; i < 2; i++) await (await fetch(url, { headers })).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const res = await fetch(url, { headers });
    const text = await res.arrayBuffer();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${Buffer.from(text).toString()}`);
    if (res.headers.get('content-type')?.startsWith('application/json')) body = JSON.parse(Buffer.from(text).toString());
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95), body };
}

async function main(): Promise<void> {
  const database = await benchDatabase('probity_reports_bench');
  cleanup = database.close;
  const url = new URL(database.url);
  const db = new DataSource(databaseOptions(url.toString()));
  await db.initialize();
  await migrate(db);
  let started = Date.now();
  const shape = await seedShape(db);
  await seedLearners(db, shape, 1, 1000);
  console.log(`seeded 1,000 learners in ${(Date.now() - started) / 1000} s`);
  const token = await signToken(tokenKey(SECRET), shape.adminId);

  const port = await freePort();
  const env = {
    DATABASE_URL: url.toString(),
    PROBITY_SECRET: SECRET,
    PROBITY_DEMO: '0',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PROBITY_PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
  const server = await start(join(__dirname, '..', '..', 'apps', 'server', 'src', 'main.js'), env, port);
  const origin = `http://127.0.0.1:${port}`;
  const results: Record<string, Record<string, Figures>> = {};
  const counts: Record<string, string> = {};
  try {
    for (const [size, from, to] of [
      ['1k', 1, 1000],
      ['10k', 1001, 10000],
    ] as const) {
      if (size === '10k') {
        started = Date.now();
        await seedLearners(db, shape, from, to);
        console.log(`grew to 10,000 learners in ${(Date.now() - started) / 1000} s`);
      }
      const [sizes] = await db.query<{ learners: number; cohorts: number; attempts: number; enrolments: number; certificates: number }[]>(
        `SELECT (SELECT count(*) FROM users WHERE email LIKE 'rl%@bench.test')::int AS learners,
                (SELECT count(*) FROM cohorts)::int AS cohorts, (SELECT count(*) FROM attempts)::int AS attempts,
                (SELECT count(*) FROM enrolments)::int AS enrolments, (SELECT count(*) FROM certificates)::int AS certificates`,
      );
      counts[size] =
        `${sizes.learners} learners, ${sizes.cohorts} cohorts, ${sizes.enrolments} enrolments, ${sizes.attempts} attempts, ${sizes.certificates} certificates`;
      console.log(`${size}: ${counts[size]}`);
      results[size] = {};
      for (const by of [...BREAKDOWNS, 'totals'] as const) {
        const query = by === 'totals' ? '' : `by=${by}`;
        const figures = await measure(`${origin}/api/v1/reports/training?${query}`, token);
        results[size][by] = figures;
        const totals = (figures.body as { totals: { enrolled: number; knowledgeGain: { learners: number } } }).totals;
        console.log(
          `  ${size} by=${by}: median ${figures.median.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms ` +
            `(enrolled ${totals.enrolled}, with both tests ${totals.knowledgeGain.learners})`,
        );
      }
      // The exports hold every breakdown: five fewer requests each.
      for (const format of ['csv', 'xlsx', 'pdf'] as const) {
        const figures = await measure(`${origin}/api/v1/reports/training.${format}?lang=ru`, token, Math.max(3, Math.floor(REQUESTS / 4)));
        results[size][format] = figures;
        console.log(`  ${size} .${format}: median ${figures.median.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms`);
      }
    }
  } finally {
    await new Promise((done) => (server.once('exit', done), server.kill('SIGTERM')));
    await db.destroy();
  }
  console.log('');
  console.log(`GET /api/v1/reports/training, platform administrator (every academy), ${REQUESTS} requests each after 2 unmeasured:`);
  console.log(`  1k  = ${counts['1k']}`);
  console.log(`  10k = ${counts['10k']}`);
  const table = Object.keys(results['1k']).map((what) => ({
    report: BREAKDOWNS.includes(what as (typeof BREAKDOWNS)[number])
      ? `by=${what}`
      : what === 'totals'
        ? '(totals only)'
        : `.${what} (all breakdowns)`,
    '1k median ms': Number(results['1k'][what].median.toFixed(1)),
    '1k p95 ms': Number(results['1k'][what].p95.toFixed(1)),
    '10k median ms': Number(results['10k'][what].median.toFixed(1)),
    '10k p95 ms': Number(results['10k'][what].p95.toFixed(1)),
    'ratio 10k/1k': Number((results['10k'][what].median / results['1k'][what].median).toFixed(2)),
  }));
  console.table(table);
  const worst = Math.max(...BREAKDOWNS.map((by) => results['10k'][by].p95));
  const ratio = Math.max(...BREAKDOWNS.map((by) => results['10k'][by].median / results['1k'][by].median));
  console.log(`largest p95 at 10k: ${worst.toFixed(1)} ms (target < 1000); largest ratio 10k/1k: ${ratio.toFixed(2)} (linear: 10)`);
  if (worst >= 1000 || ratio > 10) process.exitCode = 1;
}

let cleanup: (() => Promise<void>) | undefined;
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => void cleanup?.());
