// Two workers mail each notification once (test/cluster/run.sh): both workers run with SMTP_URL pointing at
// smtp-sink.mjs, which answers 451 to the first attempt of every SINK_REJECT_EVERY-th message. CLUSTER_MAILS learners
// of the certificate check's academy are enrolled in a new cohort through the API (one "enrolled" notification
// each, written with the enrolment), the workers' notification queue is nudged a few times at once so that both
// claim and mail at the same time, and then:
//   - every message reaches the sink accepted exactly once (by Message-ID, and by recipient and subject);
//   - a message answered 451 is not tried again before its back-off, and is mailed once after it.
// The back-off (a minute after a first failure) is not waited for: it is moved to now, as time passing would.
//   CLUSTER_STATE (from certificates.mjs), SINK_FILE, CLUSTER_WORKER_LOGS=log1,log2 (for who mailed how many)
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { check, expect, figure, login, run, seconds, sleep, waitFor } from './lib.mjs';

const nginx = process.env.CLUSTER_NGINX;
const MAILS = Number(process.env.CLUSTER_MAILS ?? 150);
/** pg-boss jobs sent to the notification queue at once: each makes a worker claim and mail a batch. */
const NUDGES = 4;
const QUEUE = 'probity.notifications';

/** What the sink was given, one record per delivery attempt that reached the end of DATA. */
const deliveries = () =>
  readFileSync(process.env.SINK_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

/** "mailed: N" summed over one worker's log (NotificationsProcessor's line after each run that sent something). */
function mailedBy(log) {
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return 0;
  }
  return [...text.matchAll(/mailed: (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

async function main() {
  const state = JSON.parse(readFileSync(process.env.CLUSTER_STATE, 'utf8'));
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const rows = async (text, values) => (await db.query(text, values)).rows;
  // Sends to the queue only: no maintenance, no schedules, no schema changes from this process.
  const boss = new PgBoss({ connectionString: process.env.DATABASE_URL, max: 2, supervise: false, schedule: false, migrate: false });
  boss.on('error', (error) => console.error(`[cluster] pg-boss: ${error.message}`));
  await boss.start();
  const nudge = () => Promise.all(Array.from({ length: NUDGES }, () => boss.send(QUEUE, {})));
  const logs = (process.env.CLUSTER_WORKER_LOGS ?? '').split(',').filter(Boolean);
  const mailedBefore = logs.map(mailedBy);
  try {
    const token = await login(nginx, state.adminEmail, state.adminPassword);
    const [{ course_version_id: courseVersionId }] = await rows('SELECT course_version_id FROM cohorts WHERE id = $1', [state.cohortId]);
    const cohort = await expect(
      201,
      nginx,
      'POST',
      '/api/v1/cohorts',
      { courseVersionId, name: 'Cluster mail', locale: 'en', startsOn: '2027-03-01', endsOn: '2027-04-30', trainerIds: [] },
      token,
    );
    const learners = await rows(`SELECT id FROM users WHERE academy_id = $1 AND 'learner' = ANY(roles) ORDER BY email LIMIT $2`, [
      state.academyId,
      MAILS,
    ]);
    const enrolled = await expect(
      201,
      nginx,
      'POST',
      `/api/v1/cohorts/${cohort.id}/enrolments`,
      { userIds: learners.map((l) => l.id) },
      token,
    );
    const notifications = await rows(`SELECT id FROM notifications WHERE kind = 'enrolled' AND data->>'cohortId' = $1`, [cohort.id]);
    figure(
      'notifications',
      `${enrolled.enrolled.length} learners enrolled through the API, ${notifications.length} "enrolled" notifications written`,
    );
    if (notifications.length !== MAILS) throw new Error(`expected ${MAILS} notifications, found ${notifications.length}`);
    const messageIds = new Set(notifications.map((n) => `<notification.${n.id}@probity>`));
    const ids = notifications.map((n) => n.id);
    const pending = async () =>
      (
        await rows(
          `SELECT count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent,
                  count(*) FILTER (WHERE sent_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now() OR claimed_until > now()))::int AS due,
                  count(*) FILTER (WHERE sent_at IS NULL AND last_error IS NOT NULL AND claimed_until IS NULL)::int AS waiting
             FROM notifications WHERE id = ANY($1)`,
          [ids],
        )
      )[0];

    // First pass: both workers claim and mail; what the sink refused waits for its back-off.
    const started = Date.now();
    let nudged = 0;
    const firstPass = await waitFor(
      'every notification mailed or waiting for its back-off',
      180,
      async () => {
        if (Date.now() - nudged > 5000) {
          nudged = Date.now();
          await nudge();
        }
        const p = await pending();
        return p.due === 0 ? p : null;
      },
      250,
    );
    const firstPassAt = Date.now();
    // A few more nudges: a worker must leave the refused messages alone until their back-off is over.
    await nudge();
    await sleep(5000);
    const early = deliveries().filter((d) => messageIds.has(d.messageId));
    const refusedIds = new Set(early.filter((d) => !d.accepted).map((d) => d.messageId));
    const triedAgainEarly = early.filter((d) => refusedIds.has(d.messageId)).length - refusedIds.size;
    const [{ backoff }] = await rows(
      `SELECT coalesce(min(extract(epoch FROM next_attempt_at - now())), 0)::float AS backoff
         FROM notifications WHERE id = ANY($1) AND sent_at IS NULL`,
      [ids],
    );
    figure(
      'first pass',
      `${MAILS - firstPass.unsent} mailed in ${seconds(firstPassAt - started)}, ${refusedIds.size} answered 451 by the sink, ${firstPass.waiting} waiting for their back-off`,
    );
    figure('tried again before the back-off', `${triedAgainEarly} (next attempt in ${Math.round(backoff)} s or more)`);
    check(
      triedAgainEarly === 0 && firstPass.unsent === refusedIds.size,
      'a message refused with 451 is not tried again before its back-off',
    );

    // The back-off passes (moved to now), and the refused messages are mailed.
    await rows('UPDATE notifications SET next_attempt_at = now() WHERE id = ANY($1) AND sent_at IS NULL AND next_attempt_at > now()', [
      ids,
    ]);
    nudged = 0;
    await waitFor(
      'every notification mailed',
      120,
      async () => {
        if (Date.now() - nudged > 5000) {
          nudged = Date.now();
          await nudge();
        }
        return (await pending()).unsent === 0;
      },
      250,
    );
    // Late duplicates, if any, would arrive now.
    await nudge();
    await sleep(3000);

    const all = deliveries().filter((d) => messageIds.has(d.messageId));
    const accepted = all.filter((d) => d.accepted);
    const perId = new Map();
    for (const d of accepted) perId.set(d.messageId, (perId.get(d.messageId) ?? 0) + 1);
    const perRecipient = new Map();
    for (const d of accepted) {
      const key = `${d.to.join(',')}\n${d.subject}`;
      perRecipient.set(key, (perRecipient.get(key) ?? 0) + 1);
    }
    const duplicatesById = [...perId.values()].reduce((sum, n) => sum + n - 1, 0);
    const duplicatesByRecipient = [...perRecipient.values()].reduce((sum, n) => sum + n - 1, 0);
    const retried = [...refusedIds].filter((id) => perId.get(id) === 1).length;
    const [marked] = await rows(
      `SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent, count(*) FILTER (WHERE attempts = 1)::int AS once,
              count(*) FILTER (WHERE attempts = 2)::int AS twice, max(attempts)::int AS most
         FROM notifications WHERE id = ANY($1)`,
      [ids],
    );
    const byWorker = logs.map((log, i) => mailedBy(log) - mailedBefore[i]);
    figure(
      'e-mails sent vs expected',
      `${perId.size} of ${MAILS} (${accepted.length} accepted by the sink, ${all.length - accepted.length} answered 451)`,
    );
    figure('duplicates by Message-ID', duplicatesById);
    figure('duplicates by recipient and subject', duplicatesByRecipient);
    figure('refused with 451, then mailed once after the back-off', `${retried} of ${refusedIds.size}`);
    figure('marked sent in the database', `${marked.sent}; attempts: 1 × ${marked.once}, 2 × ${marked.twice}, at most ${marked.most}`);
    if (logs.length) figure('mailed by each worker (their logs)', byWorker.join(' + '));
    check(perId.size === MAILS && marked.sent === MAILS, `every notification mailed (${perId.size} of ${MAILS})`);
    check(duplicatesById === 0 && duplicatesByRecipient === 0, 'each notification mailed once with two workers (0 duplicates)');
    check(retried === refusedIds.size, `each message refused with 451 was mailed after its back-off (${retried} of ${refusedIds.size})`);
  } finally {
    await boss.stop({ graceful: false, close: true }).catch(() => undefined);
    await db.end();
  }
}

run(main);
