// PostgreSQL restart under a read load through nginx (test/cluster/run.sh, with its own PostgreSQL): Probity must
// answer only 503 (with Retry-After) while PostgreSQL is down and recover by itself. Prints figures; exits 1 on failure.
// A request is given longer than the server's own request timeout (60 s), so that Probity's answer, however late,
// decides: a request that gets no answer at all counts as a failure.
import { execFileSync } from 'node:child_process';

const nginx = process.env.CLUSTER_NGINX;
const LANES = 8;
const DOWN_SECONDS = Number(process.env.CLUSTER_PG_DOWN_SECONDS ?? 5);
const REQUEST_TIMEOUT_S = Number(process.env.CLUSTER_PG_REQUEST_TIMEOUT_S ?? 65);
const figure = (name, value) => console.log(`[cluster] ${name}: ${value}`);

const pgCtl = (...args) => {
  const command = [process.env.PG_CTL, '-D', process.env.PG_DATA, ...args];
  if (process.getuid?.() === 0) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', command.map((a) => `'${a}'`).join(' ')]);
  else execFileSync(command[0], command.slice(1));
};

async function main() {
  const login = await fetch(`${nginx}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: process.env.PROBITY_ADMIN_EMAIL, password: process.env.PROBITY_ADMIN_PASSWORD }),
  });
  const { accessToken } = await login.json();
  const samples = [];
  let stop = false;
  async function lane() {
    while (!stop) {
      const at = Date.now();
      let status;
      let retryAfter = null;
      let error;
      try {
        const res = await fetch(`${nginx}/api/v1/me`, {
          headers: { authorization: `Bearer ${accessToken}` },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_S * 1000),
        });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        await res.arrayBuffer();
      } catch (e) {
        status = 'network error';
        error = e?.cause?.code ?? e?.name ?? String(e);
      }
      samples.push({ at, status, retryAfter, ms: Date.now() - at, error });
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
  }
  const lanes = Array.from({ length: LANES }, lane);
  await new Promise((r) => setTimeout(r, 1500));
  const stoppedAt = Date.now();
  pgCtl('-m', 'fast', '-w', 'stop');
  await new Promise((r) => setTimeout(r, DOWN_SECONDS * 1000));
  pgCtl('-o', process.env.PG_OPTS, '-l', process.env.PG_LOG, '-w', 'start');
  const startedAt = Date.now();
  // Recovered: 200s again. Wait up to 60 s for the first, then 3 s more of load.
  while (Date.now() - startedAt < 60000 && !samples.some((s) => s.at >= startedAt && s.status === 200))
    await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 3000));
  stop = true;
  await Promise.all(lanes);

  const counts = new Map();
  for (const s of samples) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  const errors = samples.filter((s) => s.status !== 200 && s.status !== 503);
  const unavailable = samples.filter((s) => s.status === 503);
  const withoutRetryAfter = unavailable.filter((s) => !s.retryAfter).length;
  const firstOk = samples.find((s) => s.at >= startedAt && s.status === 200);
  const last503 = unavailable.length ? Math.max(...unavailable.map((s) => s.at)) : undefined;
  figure('PostgreSQL down', `${((startedAt - stoppedAt) / 1000).toFixed(1)} s (pg_ctl stop -m fast … start)`);
  figure('answers during the run', [...counts].map(([s, n]) => `${s}×${n}`).join(', '));
  figure('seconds of 503', unavailable.length ? ((last503 - Math.min(...unavailable.map((s) => s.at))) / 1000).toFixed(1) : '0');
  figure('503 without Retry-After', withoutRetryAfter);
  figure('longest answer', `${(Math.max(...samples.map((s) => s.ms)) / 1000).toFixed(1)} s`);
  figure('recovered after PostgreSQL was back', firstOk ? `${((firstOk.at - startedAt) / 1000).toFixed(1)} s` : 'no (60 s)');
  for (const e of errors.slice(0, 5))
    figure(
      'not 200 nor 503',
      `${e.status}${e.error ? ` (${e.error})` : ''} sent ${((e.at - stoppedAt) / 1000).toFixed(1)} s after the stop, after ${e.ms} ms`,
    );
  const ok = errors.length === 0 && withoutRetryAfter === 0 && Boolean(firstOk);
  console.log(
    `[cluster] ${ok ? 'ok  ' : 'FAIL'} PostgreSQL restart: only 503 with Retry-After during the outage, then 200 without restarting Probity`,
  );
  if (!ok) process.exit(1);
}

main().catch((error) => {
  console.error(`[cluster] error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
