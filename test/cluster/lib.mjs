// What the checks of test/cluster/run.sh share: figures and checks printed as they come, the JSON API, waiting for
// a condition with an upper bound (a timeout, never an assertion on speed).

const failures = [];

export const figure = (name, value) => console.log(`[cluster] ${name}: ${value}`);

export function check(ok, what) {
  console.log(`[cluster] ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
  return ok;
}

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Calls `probe` every `everyMs` until it answers something truthy, which it returns; throws after `limitS` seconds. */
export async function waitFor(what, limitS, probe, everyMs = 250) {
  const until = Date.now() + limitS * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`${what}: not within ${limitS} s`);
    await sleep(everyMs);
  }
}

export async function api(base, method, path, body, token) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
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

/** An API call that must answer `status`; anything else ends the run with what was answered. */
export async function expect(status, base, method, path, body, token) {
  const res = await api(base, method, path, body, token);
  if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)} (expected ${status})`);
  return res.body;
}

export async function login(base, email, password) {
  return (await expect(200, base, 'POST', '/api/v1/auth/login', { email, password })).accessToken;
}

/** Runs `main`, then exits 1 if a check failed or it threw (with the error's stack). */
export function run(main) {
  main()
    .then(() => {
      if (failures.length) {
        console.log(`[cluster] ${failures.length} check(s) failed`);
        process.exit(1);
      }
    })
    .catch((error) => {
      console.error(`[cluster] error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    });
}
