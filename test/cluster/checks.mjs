// The checks of test/cluster/run.sh, against servers it started: prints figures, exits 1 when one fails.
//   CLUSTER_NGINX=http://127.0.0.1:port CLUSTER_SERVERS=http://a,http://b CLUSTER_KILL_PID=<pid of server a>
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const nginx = process.env.CLUSTER_NGINX;
const [serverA, serverB] = (process.env.CLUSTER_SERVERS ?? '').split(',');
const killPid = Number(process.env.CLUSTER_KILL_PID);
const WRITES = Number(process.env.CLUSTER_WRITES ?? 200);
const CONCURRENCY = Number(process.env.CLUSTER_CONCURRENCY ?? 8);

const failures = [];
const figure = (name, value) => console.log(`[cluster] ${name}: ${value}`);
const check = (ok, what) => {
  console.log(`[cluster] ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

async function api(base, method, path, body, token) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

async function login(base, email, password) {
  const res = await api(base, 'POST', '/api/v1/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login ${email} on ${base}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

/** A browser's cookie jar, enough for Probity's session and CSRF cookies. */
class Browser {
  cookies = new Map();
  async request(url, init = {}) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1)];
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }
}

const password = () => `Cl-${randomBytes(12).toString('hex')}-pw`;

async function main() {
  // Both workers beat (worker_heartbeats); each server's readiness reports them. They may still be starting.
  let workers;
  for (let i = 0; i < 40; i++) {
    workers = (await fetch(`${serverB}/health/ready`).then((r) => r.json())).workers;
    if (workers?.alive === 2) break;
    await new Promise((done) => setTimeout(done, 500));
  }
  figure('workers alive in /health/ready', workers?.alive);
  check(workers?.alive === 2, `both workers report to the servers' readiness (${JSON.stringify(workers)})`);

  const adminToken = await login(serverA, process.env.PROBITY_ADMIN_EMAIL, process.env.PROBITY_ADMIN_PASSWORD);
  const academy = await api(
    serverA,
    'POST',
    '/api/v1/academies',
    { code: 'CL', name: { en: 'Cluster Academy' }, country: 'GE', defaultLocale: 'en' },
    adminToken,
  );
  if (academy.status !== 201) throw new Error(`academy: ${academy.status} ${JSON.stringify(academy.body)}`);
  const admin = { email: 'academy-admin@cluster.test', password: password() };
  const created = await api(
    serverA,
    'POST',
    '/api/v1/users',
    { ...admin, fullName: 'Nino Cluster', roles: ['academy_admin'], academyId: academy.body.id, locale: 'en' },
    adminToken,
  );
  if (created.status !== 201) throw new Error(`user: ${created.status} ${JSON.stringify(created.body)}`);

  // (a) A login through one server works on the other: bearer token, then the page session with its CSRF cookie.
  const token = await login(serverA, admin.email, admin.password);
  const me = await api(serverB, 'GET', '/api/v1/me', undefined, token);
  check(me.status === 200 && me.body.email === admin.email, `token from server A accepted by server B (GET /api/v1/me: ${me.status})`);
  const browser = new Browser();
  const form = await browser.request(`${serverA}/login?lang=en`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
  const signedIn = await browser.request(`${serverA}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: admin.email, password: admin.password, next: '/dashboard' }).toString(),
  });
  const dashboard = await browser.request(`${serverB}/dashboard?lang=en`);
  check(
    signedIn.status === 303 && dashboard.status === 200 && dashboard.text.includes('Nino Cluster'),
    `page session from server A (POST /login: ${signedIn.status}) shows the dashboard on server B (${dashboard.status})`,
  );
  const signedOut = await browser.request(`${serverB}/logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: /name="_csrf" value="([^"]+)"/.exec(dashboard.text)?.[1] ?? '' }).toString(),
  });
  const afterLogout = await browser.request(`${serverA}/dashboard`);
  check(signedOut.status === 303 && afterLogout.status === 303, `logout on server B ends the session on server A (${afterLogout.status})`);

  // (b) kill -9 of server A under a bounded write load through nginx: no acknowledged write is lost.
  const codes = Array.from({ length: WRITES }, (_, i) => `KILL-${String(i).padStart(4, '0')}`);
  const acknowledged = [];
  const statuses = new Map();
  let next = 0;
  let killedAt = -1;
  const started = Date.now();
  async function lane() {
    while (next < codes.length) {
      const i = next++;
      if (i === Math.floor(WRITES / 4) && killedAt < 0) {
        killedAt = i;
        process.kill(killPid, 'SIGKILL');
      }
      let status;
      try {
        status = (
          await api(nginx, 'POST', '/api/v1/courses', { code: codes[i], title: { en: `Course ${i}` }, summary: { en: 'Load' } }, token)
        ).status;
      } catch {
        status = 'network error';
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (typeof status === 'number' && status >= 200 && status < 300) acknowledged.push(codes[i]);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (Date.now() - started) / 1000;

  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query('SELECT code FROM courses WHERE academy_id = $1 AND code = ANY($2)', [academy.body.id, codes]);
  await client.end();
  const stored = new Set(rows.map((r) => r.code));
  const lost = acknowledged.filter((code) => !stored.has(code)).length;
  figure('writes sent', `${WRITES} course creations at ${CONCURRENCY} concurrent through nginx in ${seconds.toFixed(1)} s`);
  figure('server A killed (kill -9)', `when write ${killedAt} was sent`);
  figure('answers', [...statuses].map(([s, n]) => `${s}×${n}`).join(', '));
  figure('acknowledged (2xx)', acknowledged.length);
  figure('rows stored', stored.size);
  figure('acknowledged writes lost', lost);
  figure('stored without acknowledgement (in flight at the kill)', stored.size - acknowledged.length + lost);
  check(lost === 0, `kill -9 under load: ${lost} of ${acknowledged.length} acknowledged writes lost`);
  check(acknowledged.length >= WRITES * 0.9, `nginx kept serving through server B (${acknowledged.length}/${WRITES} acknowledged)`);

  if (failures.length) {
    console.log(`[cluster] ${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log('[cluster] all checks passed');
}

main().catch((error) => {
  console.error(`[cluster] error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
