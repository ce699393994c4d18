/**
 * npm run bench: Probity against a plain node:http + pg baseline, side by side in the same run,
 * on the same database, with autocannon. Prints requests/s, p50 and p99 for each and the ratio.
 * Rounds alternate between the two so that drift of the machine touches both alike.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type EmbeddedDatabase, databaseOptions, ensureDatabase, migrate, startEmbeddedPostgres } from '@probity/database';
import { hashPassword, signToken, tokenKey } from '@probity/identity';
import { seedCompletedCohort } from './certificate-seed';
import { seedLargeCohort } from './cohort-seed';
import { benchPdf } from './pdf';
import { type SaveFigures, type SurgeFigures, loadSave, openQuizAttempts, runSurge, surgeTable } from './surge';
import { seedSurge } from './surge-seed';

const SECRET = randomBytes(32).toString('base64url');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** BENCH_ONLY=me,cohort,surge,save,pdf,certificates runs only those scenarios (all of them by default). */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'me,cohort,surge,save,pdf,certificates').split(',').map((s) => s.trim()));

interface Figures {
  rps: number;
  p50: number;
  p99: number;
}

function start(script: string, env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], {
      execArgv: process.env.BENCH_PROFILE && script.includes('main') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const poll = setInterval(() => {
      fetch(`http://127.0.0.1:${port}/api/v1/me`)
        .then(() => {
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

async function load(
  url: string,
  token: string,
  seconds: number,
  options: { connections?: number; headers?: Record<string, string> } = {},
): Promise<Figures> {
  const result = await autocannon({
    url,
    connections: options.connections ?? CONNECTIONS,
    duration: seconds,
    headers: options.headers ?? { authorization: `Bearer ${token}` },
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const figures = (f: Figures | undefined): Record<string, number> =>
  f ? { 'req/s': Math.round(f.rps * 10) / 10, 'p50 ms': f.p50, 'p99 ms': f.p99 } : {};
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'probity-bench-'));
    chmodSync(dir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: 54390 + Math.floor(Math.random() * 500), persistent: false });
    serverUrl = embedded.url('postgres');
    cleanup = embedded.stop;
  }
  const url = new URL(serverUrl);
  url.pathname = '/probity_bench';
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS probity_bench WITH (FORCE)');
  await admin.end();
  await ensureDatabase(serverUrl, 'probity_bench');
  const dataSource = new DataSource(databaseOptions(url.toString()));
  await dataSource.initialize();
  await migrate(dataSource);
  const [academy] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO academies (code, name, country, default_locale) VALUES ('BN', '{"en":"Bench Academy"}', 'GE', 'ka') RETURNING id`,
  );
  const [user] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO users (email, password_hash, full_name, roles, academy_id, locale) VALUES ('bench@example.test', $1, 'ნინო ბერიძე', '{learner}', $2, 'ka') RETURNING id`,
    [await hashPassword('bench-password-1'), academy.id],
  );
  const token = await signToken(tokenKey(SECRET), user.id);
  const large = await seedLargeCohort(dataSource, academy.id, await hashPassword('bench-password-1'));
  const trainerToken = await signToken(tokenKey(SECRET), large.trainerId);
  const surge = await seedSurge(dataSource, academy.id, await hashPassword('bench-password-1'));
  const surgeTokens = await Promise.all(surge.learnerIds.map((id) => signToken(tokenKey(SECRET), id)));

  const graduates = await seedCompletedCohort(dataSource, academy.id, await hashPassword('bench-password-1'));
  const registrarToken = await signToken(tokenKey(SECRET), graduates.adminId);
  // Certificates as PDF, rendered in this process while nothing else runs (distinct holders and serials).
  const pdfRates: Record<string, number> = {};
  if (ONLY.has('pdf'))
    for (const locale of ['en', 'ur', 'ka', 'ru'] as const) pdfRates[locale] = await benchPdf(locale, Math.min(DURATION, 5));

  const env = {
    DATABASE_URL: url.toString(),
    PROBITY_SECRET: SECRET,
    PROBITY_DEMO: '0',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PROBITY_PUBLIC_URL: 'http://127.0.0.1:3811',
  };
  const dist = join(__dirname, '..', '..');
  await dataSource.destroy();
  const probity = await start(join(dist, 'apps', 'server', 'src', 'main.js'), env, 3811);
  const baseline = await start(join(__dirname, 'baseline.js'), env, 3812);
  const targets = { probity: 'http://127.0.0.1:3811/api/v1/me', baseline: 'http://127.0.0.1:3812/api/v1/me' };
  const runs: Record<keyof typeof targets, Figures[]> = { probity: [], baseline: [] };
  const cohortFigures: { progress?: Figures; page?: Figures } = {};
  let surgeFigures: SurgeFigures | undefined;
  let surgeCheck: { graded: number; responses: number; completed: number } | undefined;
  const saves: Record<keyof typeof targets, SaveFigures[]> = { probity: [], baseline: [] };
  let bulk: { seconds: number; issued: number; pdfs: number } | undefined;
  let surgeStarted = 0;
  let surgeEnded = 0;
  try {
    for (const target of Object.values(targets)) if (ONLY.has('me')) await load(target, token, 2); // warm-up
    for (let round = 1; ONLY.has('me') && round <= ROUNDS; round++) {
      const order: (keyof typeof targets)[] = round % 2 ? ['probity', 'baseline'] : ['baseline', 'probity'];
      for (const name of order) runs[name].push(await load(targets[name], token, DURATION));
      console.log(
        `round ${round}/${ROUNDS}: probity ${runs.probity.at(-1)?.rps.toFixed(0)} req/s, baseline ${runs.baseline.at(-1)?.rps.toFixed(0)} req/s`,
      );
    }
    // A cohort of 1,000 learners: the progress query (JSON) and the trainer's roster page (HTML).
    const progress = `http://127.0.0.1:3811/api/v1/cohorts/${large.cohortId}/enrolments`;
    const page = `http://127.0.0.1:3811/cohorts/${large.cohortId}`;
    if (ONLY.has('cohort')) {
      await load(progress, trainerToken, 2, { connections: 2 });
      cohortFigures.progress = await load(progress, trainerToken, DURATION, { connections: 4 });
      cohortFigures.page = await load(page, '', DURATION, {
        connections: 4,
        headers: { cookie: `probity_session=${large.sessionCookie}` },
      });
    }
    // The exam-start surge: 500 learners start the same post-test within 10 s, save 20 answers each and submit.
    surgeStarted = Date.now();
    if (ONLY.has('surge')) surgeFigures = await runSurge(3811, surge, surgeTokens, { inFlight: 64, arrivalSeconds: 10 });
    const check = new Client({ connectionString: url.toString() });
    await check.connect();
    const [counts] = (
      await check.query<{ graded: number; responses: number; completed: number }>(
        `SELECT (SELECT count(*)::int FROM attempts WHERE assessment_id = $1 AND status = 'graded') AS graded,
                (SELECT count(*)::int FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE a.assessment_id = $1 AND r.value <> '{}') AS responses,
                (SELECT count(*)::int FROM enrolments WHERE cohort_id = $2 AND status = 'completed') AS completed`,
        [surge.postTestId, surge.cohortId],
      )
    ).rows;
    await check.end();
    surgeCheck = counts;
    // The save route alone, Probity against the baseline: one open quiz attempt per connection.
    const attempts = await openQuizAttempts(3811, surge, surgeTokens.slice(0, CONNECTIONS));
    const saveTargets = { probity: 'http://127.0.0.1:3811', baseline: 'http://127.0.0.1:3812' };
    const learnerTokens = surgeTokens.slice(0, CONNECTIONS);
    for (const target of Object.values(saveTargets)) if (ONLY.has('save')) await loadSave(target, surge, attempts, learnerTokens, 2); // warm-up
    for (let round = 1; ONLY.has('save') && round <= ROUNDS; round++) {
      const order: (keyof typeof targets)[] = round % 2 ? ['probity', 'baseline'] : ['baseline', 'probity'];
      for (const name of order) saves[name].push(await loadSave(saveTargets[name], surge, attempts, learnerTokens, DURATION));
      console.log(
        `save round ${round}/${ROUNDS}: probity ${saves.probity.at(-1)?.rps.toFixed(0)} req/s, baseline ${saves.baseline.at(-1)?.rps.toFixed(0)} req/s`,
      );
    }
    surgeEnded = Date.now();
    if (ONLY.has('certificates')) bulk = await bulkIssuance(env, url.toString(), graduates.cohortId, registrarToken);
  } finally {
    await Promise.all([probity, baseline].map((child) => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM')))));
  }
  const summary = (name: keyof typeof targets): Figures => ({
    rps: median(runs[name].map((r) => r.rps)),
    p50: median(runs[name].map((r) => r.p50)),
    p99: median(runs[name].map((r) => r.p99)),
  });
  const p = summary('probity');
  const b = summary('baseline');
  if (runs.probity.length) {
    console.log(`\nGET /api/v1/me — ${CONNECTIONS} connections, ${DURATION} s x ${ROUNDS} rounds (medians)`);
    console.table({
      'probity (Nest + Fastify)': { 'req/s': Math.round(p.rps), 'p50 ms': p.p50, 'p99 ms': p.p99 },
      'baseline (node:http + pg)': { 'req/s': Math.round(b.rps), 'p50 ms': b.p50, 'p99 ms': b.p99 },
    });
    console.log(`ratio probity/baseline: requests/s ${(p.rps / b.rps).toFixed(2)}, p99 ${(p.p99 / b.p99).toFixed(2)}`);
  }
  if (cohortFigures.progress) {
    console.log('\nA cohort of 1,000 learners (18 lessons, 10 held sessions), 4 connections:');
    console.table({
      'GET /api/v1/cohorts/:id/enrolments (progress, JSON)': figures(cohortFigures.progress),
      'GET /cohorts/:id (roster page, HTML)': figures(cohortFigures.page),
    });
  }
  if (surgeFigures) {
    const s = surgeFigures;
    console.log(
      `\nExam-start surge: ${s.learners} learners start a 20-item post-test within ${s.arrivalSeconds} s, save 20 answers each and submit (${s.inFlight} requests in flight at most)`,
    );
    console.table(surgeTable(s));
    const errors = s.errors.start + s.errors.save + s.errors.submit;
    console.log(
      `total ${s.totalSeconds.toFixed(1)} s, last attempt started at ${s.lastStartSeconds.toFixed(1)} s, ${errors} errors; ` +
        `${s.passed} passed; in the database: ${surgeCheck?.graded} attempts graded, ${surgeCheck?.responses} answers saved, ${surgeCheck?.completed} enrolments completed`,
    );
    for (const sample of s.samples) console.log(`  error: ${sample}`);
    if (errors > 0) process.exitCode = 1;
  }
  if (saves.probity.length && saves.baseline.length) {
    const med = (name: keyof typeof targets): Figures => ({
      rps: median(saves[name].map((r) => r.rps)),
      p50: median(saves[name].map((r) => r.p50)),
      p99: median(saves[name].map((r) => r.p99)),
    });
    const ps = med('probity');
    const bs = med('baseline');
    console.log(
      `\nPUT /api/v1/attempts/:id/responses/:itemId — ${CONNECTIONS} connections (one attempt each), ${DURATION} s x ${ROUNDS} rounds (medians)`,
    );
    console.table({ 'probity (Nest + Fastify)': figures(ps), 'baseline (node:http + pg)': figures(bs) });
    const ratio = ps.rps / bs.rps;
    console.log(
      `save ratio probity/baseline: requests/s ${ratio.toFixed(2)} (target 0.7, floor 0.5${ratio < 0.5 ? ': BELOW THE FLOOR' : ''}), ` +
        `probity save p99 ${ps.p99} ms (target < 100 ms${ps.p99 >= 100 ? ': MISSED' : ''})`,
    );
    console.log(`(the surge and the save comparison took ${((surgeEnded - surgeStarted) / 1000).toFixed(0)} s of this run)`);
  }
  if (Object.keys(pdfRates).length) {
    console.log('\nCertificates as PDF (A4, fonts embedded and subset, QR), one process, distinct holders:');
    console.table(Object.fromEntries(Object.entries(pdfRates).map(([locale, rate]) => [locale, { 'certificates/s': Math.round(rate) }])));
    console.log(
      `targets: en >= 50/s (${pdfRates.en >= 50 ? 'met' : 'MISSED'}), ur (Nastaliq) >= 40/s (${pdfRates.ur >= 40 ? 'met' : 'MISSED'})`,
    );
  }
  if (bulk) {
    console.log(
      `\nBulk issuance through the worker: ${bulk.issued} certificates (signed, audited, PDF rendered and stored: ${bulk.pdfs}) in ${bulk.seconds.toFixed(1)} s ` +
        `from the POST to the job's completion (${(bulk.issued / bulk.seconds).toFixed(0)}/s; target 1,000 in < 60 s: ${bulk.seconds < 60 && bulk.issued === 1000 ? 'met' : 'MISSED'})`,
    );
  }
}

/** 1,000 certificates: the admin's POST, the real worker process, until GET /api/v1/jobs/:id says completed. */
async function bulkIssuance(
  env: NodeJS.ProcessEnv,
  databaseUrl: string,
  cohortId: string,
  token: string,
): Promise<{ seconds: number; issued: number; pdfs: number }> {
  const worker = fork(join(__dirname, '..', '..', 'apps', 'worker', 'src', 'main.js'), [], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the worker connects and starts polling its queues
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const started = Date.now();
    const answer = await fetch(`http://127.0.0.1:3811/api/v1/cohorts/${cohortId}/certificates`, { method: 'POST', headers, body: '{}' });
    if (answer.status !== 202) throw new Error(`issuance: ${answer.status} ${await answer.text()}`);
    const { jobId } = (await answer.json()) as { jobId: string };
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const job = (await (await fetch(`http://127.0.0.1:3811/api/v1/jobs/${jobId}`, { headers })).json()) as {
        state: string;
        result?: { issued: unknown[] };
        error?: string;
      };
      if (job.state === 'failed') throw new Error(`issuance failed: ${job.error}`);
      if (job.state !== 'completed') continue;
      const seconds = (Date.now() - started) / 1000;
      const check = new Client({ connectionString: databaseUrl });
      await check.connect();
      const { rows } = await check.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM certificate_files f JOIN certificates c ON c.id = f.certificate_id WHERE c.cohort_id = $1',
        [cohortId],
      );
      await check.end();
      return { seconds, issued: job.result?.issued.length ?? 0, pdfs: rows[0].n };
    }
  } finally {
    await new Promise((done) => (worker.once('exit', done), worker.kill('SIGTERM')));
  }
}

let cleanup: (() => Promise<void>) | undefined;
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => void cleanup?.());
