/**
 * The expert match over 1,000 experts (issue 14 point 3): `npm run build`, then `node dist/test/bench/experts-match.js`.
 * Seeds in bulk SQL (INSERT … SELECT generate_series) 1,000 experts with 1–3 languages and 1–3 availability windows each
 * (5% archived, 1% of the requesting institution, 10% with an account of its academy), and a request for two languages
 * over 14 days; then times the match statement (`MATCH_SQL`, the one statement of ExpertsRepository.match) straight on
 * PostgreSQL and through GET /api/v1/assistance/requests/:id/matches against the server started as in production,
 * BENCH_RUNS (default 50) times each after 3 unmeasured, prints median and p95, and the statement's EXPLAIN (ANALYZE,
 * BUFFERS). Uses DATABASE_URL's server when set, else an embedded PostgreSQL, and a database of its own, dropped at the
 * end (BENCH_KEEP=1 keeps it).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { LANGUAGE_LEVELS, MATCH_SQL, TOPICS } from '@probity/assistance';
import { databaseOptions, migrate } from '@probity/database';
import { signToken, tokenKey } from '@probity/identity';
import { benchDatabase } from './database';
import { freePort } from './nginx';
import { percentile } from './surge';

const SECRET = randomBytes(32).toString('base64url');
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const EXPERTS = Number(process.env.BENCH_EXPERTS ?? 1000);
const LIMIT = 20;
/** The p95 the statement should stay under at 1,000 experts (ms). */
const TARGET_P95_MS = 200;
const LANGUAGE_POOL = ['en', 'ru', 'ka', 'uk', 'ur', 'sw', 'fr', 'de', 'ar', 'tr', 'ro', 'hy'];
const COUNTRIES = ['GE', 'UA', 'MD', 'KE', 'PK', 'AM', 'AZ', 'KZ'];

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

/** An academy, its institution, a facility manager, the experts with languages, windows and some accounts, one request. */
async function seed(db: DataSource): Promise<{ requestId: string; managerId: string }> {
  const [academy] = await db.query<{ id: string }[]>(
    `INSERT INTO academies (code, name, country, default_locale, time_zone) VALUES ('XBGE', '{"en":"Bench Academy"}', 'GE', 'en', 'Asia/Tbilisi') RETURNING id`,
  );
  const [institution] = await db.query<{ id: string }[]>(
    `INSERT INTO assistance_institutions (kind, academy_id, name, country) VALUES ('academy', $1, '{"en":"Bench Academy"}', 'GE') RETURNING id`,
    [academy.id],
  );
  const [manager] = await db.query<{ id: string }[]>(
    `INSERT INTO users (email, full_name, roles, locale) VALUES ('manager@experts.bench.test', 'Bench Manager', '{facility_manager}', 'en') RETURNING id`,
  );
  await db.query(
    `INSERT INTO assistance_experts (full_name, email, sex, country, institution_id, organisation, public_official, topics,
                                     vetted_on, vetting_expires_on, archived_at, bio)
     SELECT 'Bench Expert ' || g, 'expert' || g || '@experts.bench.test',
            (ARRAY['female','male','another','not_stated'])[1 + g % 4], ($2::text[])[1 + g % cardinality($2::text[])],
            CASE WHEN g % 100 = 0 THEN $3::uuid END, 'Organisation ' || g % 50, g % 3 = 0,
            coalesce((SELECT array_agg(t ORDER BY i) FROM unnest($4::text[]) WITH ORDINALITY u(t, i) WHERE (g * 7 + i * 3) % 5 < 2), '{}')::varchar(40)[],
            CASE WHEN g % 17 <> 0 THEN date '2025-01-01' + g % 365 END,
            CASE WHEN g % 17 <> 0 THEN date '2025-01-01' + g % 365 + CASE WHEN g % 10 = 0 THEN 400 ELSE 1100 END END,
            CASE WHEN g % 20 = 0 THEN now() END,
            'Years of practice in investigation and prosecution. ' || repeat('Experience. ', 20)
       FROM generate_series(1, $1::int) g`,
    [EXPERTS, COUNTRIES, institution.id, [...TOPICS]],
  );
  // 1–3 languages each (the pool walked with two strides), levels spread over A1..native.
  await db.query(
    `INSERT INTO assistance_expert_languages (expert_id, language, level)
     SELECT e.id, ($1::text[])[1 + (e.n * 7 + k * 5) % cardinality($1::text[])], ($2::text[])[1 + (e.n + k * 3) % cardinality($2::text[])]
       FROM (SELECT id, row_number() OVER (ORDER BY email)::int AS n FROM assistance_experts) e
      CROSS JOIN generate_series(0, 2) k
      WHERE k <= e.n % 3
     ON CONFLICT DO NOTHING`,
    [LANGUAGE_POOL, [...LANGUAGE_LEVELS]],
  );
  // 1–3 windows each over 2027, 6 to 35 days long, some overlapping.
  await db.query(
    `INSERT INTO assistance_expert_availability (expert_id, available, note)
     SELECT e.id, daterange(date '2027-01-01' + (e.n * 37 + k * 101) % 330, date '2027-01-01' + (e.n * 37 + k * 101) % 330 + 5 + e.n % 30, '[]'), ''
       FROM (SELECT id, row_number() OVER (ORDER BY email)::int AS n FROM assistance_experts) e
      CROSS JOIN generate_series(0, 2) k
      WHERE k <= (e.n / 3) % 3`,
  );
  // One expert in ten has an account of the requesting institution's academy (a conflict through the account).
  await db.query(
    `WITH accounts AS (
       INSERT INTO users (email, full_name, roles, academy_id, locale)
       SELECT 'account.' || e.email, e.full_name, '{expert}', $1, 'en' FROM assistance_experts e
        WHERE substring(e.email FROM '^expert([0-9]+)@')::int % 10 = 0
       RETURNING id, email)
     UPDATE assistance_experts e SET user_id = a.id FROM accounts a WHERE a.email = 'account.' || e.email`,
    [academy.id],
  );
  const [request] = await db.query<{ id: string }[]>(
    `INSERT INTO assistance_requests (reference, institution_id, locale, status, topic, format, title, languages, preferred_from, preferred_to, submitted_at)
     VALUES ('TAF-BENCH-1', $1, 'en', 'screening', 'forensics', 'workshop', 'Crime scene forensics', '{ru,ka}', '2027-03-01', '2027-03-14', now())
     RETURNING id`,
    [institution.id],
  );
  await db.query('ANALYZE');
  return { requestId: request.id, managerId: manager.id };
}

interface Figures {
  median: number;
  p95: number;
}

/** `RUNS` timings of `run` (after 3 unmeasured), in milliseconds. */
async function time(run: () => Promise<unknown>): Promise<Figures> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { median: percentile(times, 50), p95: percentile(times, 95) };
}

async function main(): Promise<void> {
  const database = await benchDatabase('probity_experts_bench');
  cleanup = database.close;
  const db = new DataSource(databaseOptions(database.url));
  await db.initialize();
  await migrate(db);
  let started = Date.now();
  const { requestId, managerId } = await seed(db);
  const [sizes] = await db.query<{ experts: number; active: number; languages: number; windows: number; accounts: number }[]>(
    `SELECT (SELECT count(*) FROM assistance_experts)::int AS experts,
            (SELECT count(*) FROM assistance_experts WHERE archived_at IS NULL)::int AS active,
            (SELECT count(*) FROM assistance_expert_languages)::int AS languages,
            (SELECT count(*) FROM assistance_expert_availability)::int AS windows,
            (SELECT count(*) FROM assistance_experts WHERE user_id IS NOT NULL)::int AS accounts`,
  );
  console.log(
    `seeded ${sizes.experts} experts (${sizes.active} active), ${sizes.languages} languages, ${sizes.windows} availability windows, ` +
      `${sizes.accounts} accounts in ${(Date.now() - started) / 1000} s`,
  );

  const sql = await time(() => db.query(MATCH_SQL, [requestId, LIMIT]));
  const rows = await db.query<{ full_name: string; score: number; conflict: boolean; vetting_expired: boolean }[]>(MATCH_SQL, [
    requestId,
    LIMIT,
  ]);
  const plan = await db.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${MATCH_SQL}`, [requestId, LIMIT]);
  const all = await time(() => db.query(MATCH_SQL, [requestId, 1000]));

  const port = await freePort();
  const env = {
    DATABASE_URL: database.url,
    PROBITY_SECRET: SECRET,
    PROBITY_DEMO: '0',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PROBITY_PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
  started = Date.now();
  const server = await start(join(__dirname, '..', '..', 'apps', 'server', 'src', 'main.js'), env, port);
  let http: Figures;
  let search: Figures;
  try {
    const headers = { authorization: `Bearer ${await signToken(tokenKey(SECRET), managerId)}` };
    const get = async (path: string): Promise<void> => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
    };
    http = await time(() => get(`/api/v1/assistance/requests/${requestId}/matches`));
    search = await time(() =>
      get('/api/v1/assistance/experts?topic=forensics&language=ru&minLevel=B2&available_from=2027-03-01&available_to=2027-03-05'),
    );
  } finally {
    await new Promise((done) => (server.once('exit', done), server.kill('SIGTERM')));
    await db.destroy();
  }

  console.log('');
  console.log('EXPLAIN (ANALYZE, BUFFERS) of the match statement, limit 20:');
  for (const line of plan) console.log(`  ${line['QUERY PLAN']}`);
  console.log('');
  console.log(
    'top 5:',
    rows.slice(0, 5).map((r) => `${r.full_name} ${r.score}${r.conflict ? ' conflict' : ''}${r.vetting_expired ? ' vetting' : ''}`),
  );
  console.log(`${RUNS} runs each after 3 unmeasured, over ${sizes.active} active of ${sizes.experts} experts:`);
  console.table([
    { what: 'match statement, limit 20 (pg)', 'median ms': sql.median, 'p95 ms': sql.p95 },
    { what: 'match statement, every expert (pg)', 'median ms': all.median, 'p95 ms': all.p95 },
    { what: 'GET …/requests/:id/matches (HTTP)', 'median ms': http.median, 'p95 ms': http.p95 },
    { what: 'GET …/experts?topic&language&minLevel&available (HTTP)', 'median ms': search.median, 'p95 ms': search.p95 },
  ]);
  console.log(`match statement p95: ${sql.p95} ms (target < ${TARGET_P95_MS})`);
  if (sql.p95 >= TARGET_P95_MS) process.exitCode = 1;
}

let cleanup: (() => Promise<void>) | undefined;
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => void cleanup?.());
