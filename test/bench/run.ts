/**
 * npm run bench: Probity against a plain node:http + pg baseline, side by side in the same run,
 * on the same database, with autocannon. Prints requests/s, p50 and p99 for each and the ratio.
 * Rounds alternate between the two so that drift of the machine touches both alike. Ports are free ones and the
 * database is this run's own (probity_bench_<pid>, dropped at the end), so two runs on one machine stay apart.
 */
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions, migrate } from '@probity/database';
import { hashPassword, signToken, tokenKey } from '@probity/identity';
import { seedCompletedCohort } from './certificate-seed';
import { benchDatabase } from './database';
import { seedLargeCohort } from './cohort-seed';
import { benchPdf } from './pdf';
import { type Nginx, findNginx, freePort, startNginx } from './nginx';
import { type SaveFigures, type SurgeFigures, loadSave, openQuizAttempts, percentile, runSurge, surgeOverall, surgeTable } from './surge';
import { type SurgeSeed, seedSurge } from './surge-seed';
import { VERIFY_ADDRESSES, loadVerify, sameVerification } from './verify';

const SECRET = randomBytes(32).toString('base64url');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/**
 * BENCH_ONLY=me,cohort,surge,surge2,save,pdf,certificates,verify,reports,experts runs only those scenarios (all of them by default).
 * reports: the training report over 1,000 and 10,000 learners (test/bench/reports.ts, run after the others).
 * experts: matching a request against 1,000 experts of the roster (test/bench/experts-match.ts, run last).
 * surge2: the exam-start surge on fresh cohorts, to one server, then through nginx to that server alone and to two
 * servers, one after the other (see clusterSurges). verify: public verification against the baseline, on the
 * certificates the bulk issuance made (which runs first when `certificates` is not in the list).
 */
/** surge2: learners per server in the unmeasured warm-up surge. */
const SURGE2_WARM_UP = 50;
const SCENARIOS = ['me', 'cohort', 'surge', 'surge2', 'save', 'pdf', 'certificates', 'verify', 'reports', 'experts'];
const ONLY = new Set((process.env.BENCH_ONLY ?? SCENARIOS.join(',')).split(',').map((s) => s.trim()));
for (const name of ONLY)
  if (!SCENARIOS.includes(name)) throw new Error(`BENCH_ONLY: unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);

interface Figures {
  rps: number;
  /** The server's CPU time per answer, µs (see `measured`). */
  cpuUs?: number;
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

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100;

/** Runs one round of load and adds the server's CPU per answer (µs), which the other processes on the machine disturb less than req/s. */
async function measured<T extends { rps: number; cpuUs?: number }>(
  pid: number | undefined,
  seconds: number,
  run: () => Promise<T>,
): Promise<T> {
  const before = cpuMs(pid);
  const figures = await run();
  const after = cpuMs(pid);
  if (before !== undefined && after !== undefined && figures.rps > 0)
    figures.cpuUs = Math.round(((after - before) * 1000) / (figures.rps * seconds));
  return figures;
}

const figures = (f: Figures | undefined): Record<string, number> =>
  f
    ? {
        'req/s': Math.round(f.rps * 10) / 10,
        'p50 ms': f.p50,
        'p99 ms': f.p99,
        ...(f.cpuUs !== undefined ? { 'server CPU µs/answer': f.cpuUs } : {}),
      }
    : {};
const medianOf = (values: (number | undefined)[]): number | undefined => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? median(known) : undefined;
};
/** The baseline's CPU per answer over Probity's: 1 would mean Probity spends no more CPU on an answer than the raw server. */
const cpuRatio = (p: Figures, b: Figures): string =>
  p.cpuUs && b.cpuUs ? `; server CPU per answer baseline/probity ${(b.cpuUs / p.cpuUs).toFixed(2)} (${p.cpuUs} vs ${b.cpuUs} µs)` : '';
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const database = await benchDatabase('probity_bench');
  cleanup = database.close;
  const url = new URL(database.url);
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
  // surge2: a small cohort to warm both servers up, then a fresh cohort of 500 for each measured surge, so that each
  // does the same work as the others.
  const nginxBinary = ONLY.has('surge2') ? findNginx() : {};
  const clusterSeeds: { seed: SurgeSeed; tokens: string[] }[] = [];
  if (nginxBinary.path)
    for (const [tag, learners] of [
      ['surgew', 2 * SURGE2_WARM_UP],
      ['surgea', 500],
      ['surgeb', 500],
      ['surgec', 500],
    ] as const) {
      const seed = await seedSurge(dataSource, academy.id, await hashPassword('bench-password-1'), learners, tag);
      clusterSeeds.push({ seed, tokens: await Promise.all(seed.learnerIds.map((id) => signToken(tokenKey(SECRET), id))) });
    }

  const graduates = await seedCompletedCohort(dataSource, academy.id, await hashPassword('bench-password-1'));
  const registrarToken = await signToken(tokenKey(SECRET), graduates.adminId);
  // Certificates as PDF, rendered in this process while nothing else runs (distinct holders and serials).
  const pdfRates: Record<string, number> = {};
  if (ONLY.has('pdf'))
    for (const locale of ['en', 'ur', 'ka', 'ru'] as const) pdfRates[locale] = await benchPdf(locale, Math.min(DURATION, 5));

  const [probityPort, baselinePort] = [await freePort(), await freePort()];
  const env = {
    DATABASE_URL: url.toString(),
    PROBITY_SECRET: SECRET,
    PROBITY_DEMO: '0',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PROBITY_PUBLIC_URL: `http://127.0.0.1:${probityPort}`,
  };
  const dist = join(__dirname, '..', '..');
  const serverScript = join(dist, 'apps', 'server', 'src', 'main.js');
  await dataSource.destroy();
  const probity = await start(serverScript, env, probityPort);
  // As production runs it: the worker beside the server for the whole run (its queues polled, its heartbeat
  // written, session reminders and notifications checked every minute), at the same log level.
  const worker = fork(join(dist, 'apps', 'worker', 'src', 'main.js'), [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const baseline = await start(join(__dirname, 'baseline.js'), env, baselinePort);
  const pids = { probity: probity.pid, baseline: baseline.pid };
  const probityOrigin = `http://127.0.0.1:${probityPort}`;
  const baselineOrigin = `http://127.0.0.1:${baselinePort}`;
  const targets = { probity: `${probityOrigin}/api/v1/me`, baseline: `${baselineOrigin}/api/v1/me` };
  const runs: Record<keyof typeof targets, Figures[]> = { probity: [], baseline: [] };
  const cohortFigures: { progress?: Figures; page?: Figures } = {};
  let surgeFigures: SurgeFigures | undefined;
  let surgeCheck: { graded: number; responses: number; completed: number } | undefined;
  const saves: Record<keyof typeof targets, SaveFigures[]> = { probity: [], baseline: [] };
  let bulk: { seconds: number; issued: number; pdfs: number } | undefined;
  let surgeSeconds = 0;
  let saveSeconds = 0;
  const cluster: { name: string; figures: SurgeFigures; check: SurgeCounts }[] = [];
  let clusterSkipped: string | undefined;
  const verifies: Record<keyof typeof targets, Figures[]> = { probity: [], baseline: [] };
  let verifyCodes = 0;
  try {
    for (const target of Object.values(targets)) if (ONLY.has('me')) await load(target, token, 2); // warm-up
    for (let round = 1; ONLY.has('me') && round <= ROUNDS; round++) {
      const order: (keyof typeof targets)[] = round % 2 ? ['probity', 'baseline'] : ['baseline', 'probity'];
      for (const name of order) runs[name].push(await measured(pids[name], DURATION, () => load(targets[name], token, DURATION)));
      console.log(
        `round ${round}/${ROUNDS}: probity ${runs.probity.at(-1)?.rps.toFixed(0)} req/s, baseline ${runs.baseline.at(-1)?.rps.toFixed(0)} req/s`,
      );
    }
    // A cohort of 1,000 learners: the progress query (JSON) and the trainer's roster page (HTML).
    const progress = `${probityOrigin}/api/v1/cohorts/${large.cohortId}/enrolments`;
    const page = `${probityOrigin}/cohorts/${large.cohortId}`;
    if (ONLY.has('cohort')) {
      await load(progress, trainerToken, 2, { connections: 2 });
      cohortFigures.progress = await load(progress, trainerToken, DURATION, { connections: 4 });
      cohortFigures.page = await load(page, '', DURATION, {
        connections: 4,
        headers: { cookie: `probity_session=${large.sessionCookie}` },
      });
    }
    // The exam-start surge: 500 learners start the same post-test within 10 s, save 20 answers each and submit.
    let started = Date.now();
    if (ONLY.has('surge')) {
      surgeFigures = await runSurge(probityPort, surge, surgeTokens, { inFlight: 64, arrivalSeconds: 10 });
      surgeCheck = await surgeCounts(url.toString(), surge);
    }
    surgeSeconds = (Date.now() - started) / 1000;
    // The same surge on fresh cohorts through nginx (deploy/'s configuration): to this server alone, then to two.
    if (ONLY.has('surge2')) {
      if (nginxBinary.path) await clusterSurges(nginxBinary.path, serverScript, env, probityPort, clusterSeeds, cluster, url.toString());
      else clusterSkipped = nginxBinary.reason;
    }
    // The save route alone, Probity against the baseline: one open quiz attempt per connection.
    started = Date.now();
    const attempts = ONLY.has('save') ? await openQuizAttempts(probityPort, surge, surgeTokens.slice(0, CONNECTIONS)) : [];
    const saveTargets = { probity: probityOrigin, baseline: baselineOrigin };
    const learnerTokens = surgeTokens.slice(0, CONNECTIONS);
    for (const target of Object.values(saveTargets)) if (ONLY.has('save')) await loadSave(target, surge, attempts, learnerTokens, 2); // warm-up
    for (let round = 1; ONLY.has('save') && round <= ROUNDS; round++) {
      const order: (keyof typeof targets)[] = round % 2 ? ['probity', 'baseline'] : ['baseline', 'probity'];
      for (const name of order)
        saves[name].push(await measured(pids[name], DURATION, () => loadSave(saveTargets[name], surge, attempts, learnerTokens, DURATION)));
      console.log(
        `save round ${round}/${ROUNDS}: probity ${saves.probity.at(-1)?.rps.toFixed(0)} req/s, baseline ${saves.baseline.at(-1)?.rps.toFixed(0)} req/s`,
      );
    }
    saveSeconds = (Date.now() - started) / 1000;
    if (ONLY.has('certificates') || ONLY.has('verify'))
      bulk = await bulkIssuance(url.toString(), probityOrigin, graduates.cohortId, registrarToken);
    // Public verification of those certificates, Probity against the baseline, rounds alternating.
    if (ONLY.has('verify')) {
      const codes = await certificateCodes(url.toString(), graduates.cohortId);
      verifyCodes = codes.length;
      if (!codes.length) throw new Error('verify: the bulk issuance left no certificates to verify');
      await sameVerification(probityOrigin, baselineOrigin, codes[0]);
      const verifyTargets = { probity: probityOrigin, baseline: baselineOrigin };
      for (const origin of Object.values(verifyTargets)) await loadVerify(origin, codes, 2, CONNECTIONS); // warm-up
      for (let round = 1; round <= ROUNDS; round++) {
        const order: (keyof typeof targets)[] = round % 2 ? ['probity', 'baseline'] : ['baseline', 'probity'];
        for (const name of order)
          verifies[name].push(await measured(pids[name], DURATION, () => loadVerify(verifyTargets[name], codes, DURATION, CONNECTIONS)));
        console.log(
          `verify round ${round}/${ROUNDS}: probity ${verifies.probity.at(-1)?.rps.toFixed(0)} req/s, baseline ${verifies.baseline.at(-1)?.rps.toFixed(0)} req/s`,
        );
      }
    }
  } finally {
    await Promise.all([probity, worker, baseline].map((child) => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM')))));
  }
  const summary = (name: keyof typeof targets): Figures => ({
    rps: median(runs[name].map((r) => r.rps)),
    p50: median(runs[name].map((r) => r.p50)),
    p99: median(runs[name].map((r) => r.p99)),
    cpuUs: medianOf(runs[name].map((r) => r.cpuUs)),
  });
  const p = summary('probity');
  const b = summary('baseline');
  if (runs.probity.length) {
    console.log(`\nGET /api/v1/me — ${CONNECTIONS} connections, ${DURATION} s x ${ROUNDS} rounds (medians)`);
    console.table({
      'probity (Nest + Fastify)': figures(p),
      'baseline (node:http + pg)': figures(b),
    });
    console.log(`ratio probity/baseline: requests/s ${(p.rps / b.rps).toFixed(2)}, p99 ${(p.p99 / b.p99).toFixed(2)}${cpuRatio(p, b)}`);
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
      cpuUs: medianOf(saves[name].map((r) => r.cpuUs)),
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
        `probity save p99 ${ps.p99} ms (target < 100 ms${ps.p99 >= 100 ? ': MISSED' : ''})${cpuRatio(ps, bs)}`,
    );
    console.log(`(the surge and the save comparison took ${(surgeSeconds + saveSeconds).toFixed(0)} s of this run)`);
  }
  if (Object.keys(pdfRates).length) {
    console.log('\nCertificates as PDF (A4, fonts embedded and subset, QR), one process, distinct holders:');
    console.table(Object.fromEntries(Object.entries(pdfRates).map(([locale, rate]) => [locale, { 'certificates/s': Math.round(rate) }])));
    console.log(
      `targets: en >= 50/s (${pdfRates.en >= 50 ? 'met' : 'MISSED'}), ur (Nastaliq) >= 40/s (${pdfRates.ur >= 40 ? 'met' : 'MISSED'})`,
    );
  }
  if (cluster.length || clusterSkipped) printCluster(cluster, clusterSkipped);
  if (bulk && !ONLY.has('certificates'))
    console.log(`\n(${bulk.issued} certificates issued through the worker first, for the verification, in ${bulk.seconds.toFixed(1)} s)`);
  if (bulk && ONLY.has('certificates')) {
    console.log(
      `\nBulk issuance through the worker: ${bulk.issued} certificates (signed, audited, PDF rendered and stored: ${bulk.pdfs}) in ${bulk.seconds.toFixed(1)} s ` +
        `from the POST to the job's completion (${(bulk.issued / bulk.seconds).toFixed(0)}/s; target 1,000 in < 60 s: ${bulk.seconds < 60 && bulk.issued === 1000 ? 'met' : 'MISSED'})`,
    );
  }
  if (verifies.probity.length && verifies.baseline.length) {
    const med = (name: keyof typeof targets): Figures => ({
      rps: median(verifies[name].map((r) => r.rps)),
      p50: median(verifies[name].map((r) => r.p50)),
      p99: median(verifies[name].map((r) => r.p99)),
      cpuUs: medianOf(verifies[name].map((r) => r.cpuUs)),
    });
    const pv = med('probity');
    const bv = med('baseline');
    console.log(
      `\nGET /api/v1/verify/:code — ${verifyCodes} issued certificates in turn, ${CONNECTIONS} connections, ${DURATION} s x ${ROUNDS} rounds (medians)`,
    );
    console.log(`(${VERIFY_ADDRESSES}; the baseline: the same rate-limit insert, query, Ed25519 check and JSON)`);
    console.table({ 'probity (Nest + Fastify)': figures(pv), 'baseline (node:http + pg)': figures(bv) });
    const ratio = pv.rps / bv.rps;
    console.log(
      `verify ratio probity/baseline: requests/s ${ratio.toFixed(2)} (target 0.7${ratio < 0.7 ? ': MISSED' : ': met'}), p99 ${(pv.p99 / bv.p99).toFixed(2)}${cpuRatio(pv, bv)}`,
    );
  }
}

interface SurgeCounts {
  graded: number;
  responses: number;
  completed: number;
}

/** What the surge left in the database: graded post-test attempts, saved answers, completed enrolments. */
async function surgeCounts(databaseUrl: string, seed: SurgeSeed): Promise<SurgeCounts> {
  const check = new Client({ connectionString: databaseUrl });
  await check.connect();
  try {
    const { rows } = await check.query<SurgeCounts>(
      `SELECT (SELECT count(*)::int FROM attempts WHERE assessment_id = $1 AND status = 'graded') AS graded,
              (SELECT count(*)::int FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE a.assessment_id = $1 AND r.value <> '{}') AS responses,
              (SELECT count(*)::int FROM enrolments WHERE cohort_id = $2 AND status = 'completed') AS completed`,
      [seed.postTestId, seed.cohortId],
    );
    return rows[0];
  } finally {
    await check.end();
  }
}

/** The codes of a cohort's issued certificates, in serial order. */
async function certificateCodes(databaseUrl: string, cohortId: string): Promise<string[]> {
  const check = new Client({ connectionString: databaseUrl });
  await check.connect();
  try {
    const { rows } = await check.query<{ code: string }>('SELECT code FROM certificates WHERE cohort_id = $1 ORDER BY serial', [cohortId]);
    return rows.map((r) => r.code);
  } finally {
    await check.end();
  }
}

/**
 * surge2, the exam-start surge with 2 servers behind nginx against 1 server, on this machine in this run. A second
 * server starts beside the running one (same settings, same database); both are warmed up with a small surge of
 * their own (SURGE2_WARM_UP learners each, not measured), so that neither meets the measured load with cold code.
 * Then, one after the other, each on a fresh cohort of 500: the surge straight to the running server, the same through
 * nginx (deploy/nginx/probity.conf) to that server alone, and through nginx to both. The second server stops
 * afterwards, so that it takes no CPU from the other scenarios.
 */
async function clusterSurges(
  nginxBinary: string,
  serverScript: string,
  env: NodeJS.ProcessEnv,
  probityPort: number,
  [warmUp, ...seeds]: { seed: SurgeSeed; tokens: string[] }[],
  into: { name: string; figures: SurgeFigures; check: SurgeCounts }[],
  databaseUrl: string,
): Promise<void> {
  const secondPort = await freePort();
  const second = await start(serverScript, env, secondPort);
  let nginx: Nginx | undefined;
  try {
    for (const [i, port] of [probityPort, secondPort].entries()) {
      const tokens = warmUp.tokens.slice(i * SURGE2_WARM_UP, (i + 1) * SURGE2_WARM_UP);
      const warm = await runSurge(port, warmUp.seed, tokens, { inFlight: 64, arrivalSeconds: 2 });
      const errors = surgeOverall(warm).errors;
      if (errors) throw new Error(`surge2 warm-up on ${port}: ${errors} errors: ${warm.samples.join('; ')}`);
    }
    const runs = [
      { name: '1 server (direct)', servers: [] },
      { name: 'nginx -> 1 server', servers: [`127.0.0.1:${probityPort}`] },
      { name: 'nginx -> 2 servers', servers: [`127.0.0.1:${probityPort}`, `127.0.0.1:${secondPort}`] },
    ];
    for (const [i, run] of runs.entries()) {
      let port = probityPort;
      if (run.servers.length) {
        nginx = await startNginx(nginxBinary, run.servers);
        port = nginx.port;
        console.log(`surge2 through nginx on ${port}: ${nginx.upstreams.trim().split('\n').join(' | ')}`);
      }
      const { seed, tokens } = seeds[i];
      const figures = await runSurge(port, seed, tokens, { inFlight: 64, arrivalSeconds: 10 });
      into.push({ name: run.name, figures, check: await surgeCounts(databaseUrl, seed) });
      console.log(`surge2 ${run.name}: ${surgeOverall(figures).rps.toFixed(0)} req/s, ${surgeOverall(figures).errors} errors`);
      await nginx?.stop();
      nginx = undefined;
    }
  } finally {
    await nginx?.stop();
    await new Promise((done) => (second.once('exit', done), second.kill('SIGTERM')));
  }
}

function printCluster(runs: { name: string; figures: SurgeFigures; check: SurgeCounts }[], skipped: string | undefined): void {
  console.log(
    '\nExam-start surge (surge2): 1 server against 2 servers behind nginx, same machine, same run, each on a fresh cohort of 500 ' +
      `(both servers warmed up first with ${SURGE2_WARM_UP} learners each)`,
  );
  if (skipped) {
    console.log(`skipped: ${skipped}`);
    return;
  }
  for (const run of runs) {
    console.log(`\n${run.name}:`);
    console.table(surgeTable(run.figures));
    for (const sample of run.figures.samples) console.log(`  error: ${sample}`);
  }
  console.log('');
  console.table(
    Object.fromEntries(
      runs.map(({ name, figures, check }) => {
        const o = surgeOverall(figures);
        return [
          name,
          {
            requests: o.requests,
            errors: o.errors,
            'req/s': Math.round(o.rps * 10) / 10,
            'p50 ms': o.p50,
            'p99 ms': o.p99,
            'start p99': percentile(figures.latencies.start, 99),
            'save p99': percentile(figures.latencies.save, 99),
            'submit p99': percentile(figures.latencies.submit, 99),
            'total s': Math.round(figures.totalSeconds * 10) / 10,
            graded: check.graded,
            answers: check.responses,
          },
        ];
      }),
    ),
  );
  const [direct, viaOne, viaTwo] = runs.map((run) => surgeOverall(run.figures));
  const errors = runs.reduce((sum, run) => sum + surgeOverall(run.figures).errors, 0);
  const ratio = (a: ReturnType<typeof surgeOverall>, b: ReturnType<typeof surgeOverall>): string =>
    `throughput ${(a.rps / b.rps).toFixed(2)}, p99 ${(a.p99 / b.p99).toFixed(2)}`;
  console.log(
    `ratio 2 servers (nginx) / 1 server (direct): ${ratio(viaTwo, direct)}; errors ${errors} (must be 0${errors ? ': FAILED' : ''})`,
  );
  console.log(`ratio 2 servers (nginx) / 1 server (nginx):  ${ratio(viaTwo, viaOne)}`);
  console.log(`ratio 1 server (nginx) / 1 server (direct):  ${ratio(viaOne, direct)} (what nginx itself costs)`);
  console.log(
    '(throughput = requests answered / seconds from the first start to the last answer; the learners arrive over 10 s, ' +
      'so it stays near the arrival rate while a configuration keeps up, and p99 and the total time show the difference)',
  );
  if (errors > 0) process.exitCode = 1;
}

/** 1,000 certificates: the admin's POST, the real worker process (started beside the server), until GET /api/v1/jobs/:id says completed. */
async function bulkIssuance(
  databaseUrl: string,
  origin: string,
  cohortId: string,
  token: string,
): Promise<{ seconds: number; issued: number; pdfs: number }> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const started = Date.now();
  const answer = await fetch(`${origin}/api/v1/cohorts/${cohortId}/certificates`, { method: 'POST', headers, body: '{}' });
  if (answer.status !== 202) throw new Error(`issuance: ${answer.status} ${await answer.text()}`);
  const { jobId } = (await answer.json()) as { jobId: string };
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const job = (await (await fetch(`${origin}/api/v1/jobs/${jobId}`, { headers })).json()) as {
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
}

/** The training report's bench (its own database and server), after everything above has stopped. */
function reportsBench(): void {
  const run = spawnSync(process.execPath, [join(__dirname, 'reports.js')], { stdio: 'inherit', env: process.env });
  if (run.status !== 0) process.exitCode = 1;
}

/** The expert roster's matching bench (its own database and server), last. */
function expertsBench(): void {
  const run = spawnSync(process.execPath, [join(__dirname, 'experts-match.js')], { stdio: 'inherit', env: process.env });
  if (run.status !== 0) process.exitCode = 1;
}

let cleanup: (() => Promise<void>) | undefined;
const others = [...ONLY].some((name) => name !== 'reports' && name !== 'experts');
(others ? main() : Promise.resolve())
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup?.();
    if (ONLY.has('reports') && process.exitCode !== 1) reportsBench();
    if (ONLY.has('experts') && process.exitCode !== 1) expertsBench();
  });
