// kill -9 of the worker running a certificate job (test/cluster/run.sh): a cohort of CLUSTER_LEARNERS learners who
// completed the course, its academy admin asks for their certificates through nginx, and the one worker running
// (CLUSTER_WORKER_PID; run.sh stopped the other) is killed once some but not all are issued. run.sh then starts
// another worker (it waits for CLUSTER_KILLED_FILE), which must take the job over (the queue's heartbeat lapses)
// and finish it: every learner certified once, serials and status indexes without gaps or duplicates.
// Writes what the notification check reuses (academy, cohort, admin) to CLUSTER_STATE.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pg from 'pg';
import { check, expect, figure, login, run, seconds, waitFor } from './lib.mjs';

const require = createRequire(import.meta.url);
const { seedCompletedCohort } = require('../../dist/test/bench/certificate-seed.js');
const { hashPassword } = require('../../dist/libs/identity/src/passwords.js');

const nginx = process.env.CLUSTER_NGINX;
const LEARNERS = Number(process.env.CLUSTER_LEARNERS ?? 300);
/** The worker is killed once this many certificates are issued (a tenth of the cohort by default). */
const KILL_AFTER = Number(process.env.CLUSTER_KILL_AFTER ?? Math.ceil(LEARNERS / 10));
const workerPid = Number(process.env.CLUSTER_WORKER_PID);

/** A serial's running number (`CODE-YEAR-000042` -> 42). */
const serialNumber = (serial) => Number(/(\d+)$/.exec(serial)?.[1]);

/** Duplicates and missing numbers in a list of whole numbers (missing: between the smallest and the largest). */
function gapsAndDuplicates(numbers) {
  const distinct = new Set(numbers);
  const min = Math.min(...distinct);
  const max = Math.max(...distinct);
  return { min, max, duplicates: numbers.length - distinct.size, gaps: max - min + 1 - distinct.size };
}

async function main() {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const rows = async (text, values) => (await db.query(text, values)).rows;
  try {
    const platformToken = await login(nginx, process.env.PROBITY_ADMIN_EMAIL, process.env.PROBITY_ADMIN_PASSWORD);
    const academy = await expect(
      201,
      nginx,
      'POST',
      '/api/v1/academies',
      { code: 'CK', name: { en: 'Cluster Certificates Academy' }, country: 'GE', defaultLocale: 'en' },
      platformToken,
    );
    const adminPassword = `Cl-${randomBytes(12).toString('hex')}-pw`;
    const seeded = await seedCompletedCohort({ query: rows }, academy.id, await hashPassword(adminPassword), LEARNERS);
    const [{ email: adminEmail }] = await rows('SELECT email FROM users WHERE id = $1', [seeded.adminId]);
    const state = { academyId: academy.id, cohortId: seeded.cohortId, adminEmail, adminPassword };
    writeFileSync(process.env.CLUSTER_STATE, JSON.stringify(state));
    const token = await login(nginx, adminEmail, adminPassword);
    const issued = async () => (await rows('SELECT count(*)::int AS n FROM certificates WHERE cohort_id = $1', [seeded.cohortId]))[0].n;

    // The job, through nginx, with one worker running; killed after KILL_AFTER certificates.
    const asked = Date.now();
    const { jobId } = await expect(202, nginx, 'POST', `/api/v1/cohorts/${seeded.cohortId}/certificates`, {}, token);
    let atKill = await waitFor(
      `${KILL_AFTER} certificates issued by the worker (pid ${workerPid})`,
      180,
      async () => {
        const n = await issued();
        return n >= KILL_AFTER ? n : 0;
      },
      50,
    );
    process.kill(workerPid, 'SIGKILL');
    const killedAt = Date.now();
    writeFileSync(process.env.CLUSTER_KILLED_FILE, String(killedAt));
    if (atKill >= LEARNERS) throw new Error(`all ${LEARNERS} certificates were issued before the kill: nothing was interrupted`);
    // A transaction in flight at the kill either committed before it or is rolled back by PostgreSQL.
    await new Promise((done) => setTimeout(done, 1000));
    atKill = await issued();
    const orphan = await expect(200, nginx, 'GET', `/api/v1/jobs/${jobId}`, undefined, token);
    figure('certificate job', `${LEARNERS} learners, asked through nginx, worker killed ${seconds(killedAt - asked)} after the request`);
    figure('issued before kill -9 of the worker running it', `${atKill} of ${LEARNERS}`);
    figure('the job as its starter sees it with no worker', `${orphan.state} ${orphan.progress.done}/${orphan.progress.total}`);
    check(atKill > 0 && atKill < LEARNERS, `the worker was killed part way (${atKill} of ${LEARNERS} issued)`);
    check(orphan.state === 'active' || orphan.state === 'queued', `the interrupted job is not reported failed (${orphan.state})`);

    // Another worker (started by run.sh once the kill is written) takes the job over when its heartbeat lapses.
    await waitFor('another worker takes the job over', 240, async () => (await issued()) > atKill, 200);
    const takenOver = Date.now();
    figure('seconds to takeover (kill -9 to the next certificate)', seconds(takenOver - killedAt));
    const job = await waitFor(
      'the job completes',
      300,
      async () => {
        const view = await expect(200, nginx, 'GET', `/api/v1/jobs/${jobId}`, undefined, token);
        if (view.state === 'failed') throw new Error(`the job failed: ${JSON.stringify(view.error ?? view)}`);
        return view.state === 'completed' ? view : null;
      },
      500,
    );
    const finished = Date.now();
    const [boss] = await rows('SELECT state, retry_count FROM pgboss.job WHERE id = $1', [jobId]);

    const certificates = await rows('SELECT user_id, serial, status_index FROM certificates WHERE cohort_id = $1', [seeded.cohortId]);
    const perLearner = new Map();
    for (const c of certificates) perLearner.set(c.user_id, (perLearner.get(c.user_id) ?? 0) + 1);
    const [{ missing }] = await rows(
      `SELECT count(*)::int AS missing FROM enrolments e
        WHERE e.cohort_id = $1 AND e.status = 'completed' AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = e.id)`,
      [seeded.cohortId],
    );
    const twice = [...perLearner.values()].filter((n) => n > 1).length;
    const serials = gapsAndDuplicates(certificates.map((c) => serialNumber(c.serial)));
    const statusIndexes = gapsAndDuplicates(certificates.map((c) => c.status_index));
    const counts = job.result?.counts ?? {};
    const first = certificates.map((c) => c.serial).sort()[0];
    const last = certificates
      .map((c) => c.serial)
      .sort()
      .at(-1);
    figure('job', `${job.state} ${job.progress.done}/${job.progress.total}, ${seconds(finished - takenOver)} after the takeover`);
    figure(
      'job result counts',
      `issuedNow ${counts.issuedNow}, issuedBefore ${counts.issuedBefore}, notCompleted ${counts.notCompleted}, notEnrolled ${counts.notEnrolled}, resumed ${job.result?.resumed}`,
    );
    figure('queue runs of the job (pg-boss)', `${(boss?.retry_count ?? 0) + 1} (${boss?.state ?? 'gone'})`);
    figure('total issued', `${certificates.length} certificates for ${perLearner.size} learners (${LEARNERS} completed)`);
    figure('learners without a certificate', missing);
    figure('duplicates (learners certified more than once)', twice);
    figure('serials', `${first} … ${last}: ${serials.duplicates} duplicates, ${serials.gaps} gaps`);
    figure(
      'status list indexes',
      `${statusIndexes.min} … ${statusIndexes.max}: ${statusIndexes.duplicates} duplicates, ${statusIndexes.gaps} gaps`,
    );
    check(
      certificates.length === LEARNERS && perLearner.size === LEARNERS && missing === 0 && twice === 0,
      `every learner certified exactly once after the kill (${perLearner.size} learners, ${certificates.length} certificates)`,
    );
    check(serials.duplicates === 0 && serials.gaps === 0 && serials.min === 1, 'serials gap-free from 1, no duplicates');
    check(statusIndexes.duplicates === 0 && statusIndexes.gaps === 0, 'status list indexes gap-free, no duplicates');
    check(
      job.progress.done === LEARNERS &&
        job.progress.total === LEARNERS &&
        counts.issuedNow + counts.issuedBefore === LEARNERS &&
        counts.issuedBefore >= atKill &&
        job.result?.resumed === true,
      `the job completed as a resumed run: ${counts.issuedBefore} issued before, ${counts.issuedNow} by the worker that took over`,
    );
  } finally {
    await db.end();
  }
}

run(main);
