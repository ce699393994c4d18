/**
 * `npm start`: one command for the demo and for a server of your own.
 * - DATABASE_URL unset: starts the embedded PostgreSQL in ./.data/pg (a real engine), makes the
 *   `probity` database, turns the demo on, generates a secret into ./.data/secret once, and says so with
 *   PROBITY_EMBEDDED=1 (PROBITY_PUBLIC_URL may then stay unset).
 * - DATABASE_URL set: production. Uses that server, same code path; PROBITY_SECRET and PROBITY_PUBLIC_URL must be
 *   given (the server and the worker refuse to start without them), unless NODE_ENV=development.
 * Then runs the HTTP server and the worker as child processes and, on Ctrl-C, stops them first,
 * then PostgreSQL, then exits.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KeeperAnswer, KeeperRequest } from './database-keeper';
import { isProduction } from '@probity/database';

const root = resolve(__dirname, '..', '..');
const dataDir = resolve(process.env.PROBITY_DATA_DIR ?? join(root, '.data'));

function demoSecret(): string {
  const file = join(dataDir, 'secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Starts the keeper of the embedded PostgreSQL (its own process group) and answers its URL. */
function startKeeper(port: number): Promise<{ keeper: ChildProcess; url: string }> {
  const keeper = fork(join(__dirname, 'database-keeper.js'), [], { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    keeper.once('message', (answer: KeeperAnswer) => {
      if ('url' in answer) resolve({ keeper, url: answer.url });
      else reject(new Error('error' in answer ? answer.error : 'the database keeper stopped'));
    });
    keeper.once('exit', () => reject(new Error('the database keeper stopped before PostgreSQL was ready')));
    const request: KeeperRequest = { start: { dataDir: join(dataDir, 'pg'), port, persistent: true, database: 'probity' } };
    keeper.send(request);
  });
}

function stopKeeper(keeper: ChildProcess | undefined): Promise<void> {
  if (!keeper || keeper.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => keeper.kill('SIGKILL'), 20_000);
    keeper.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    const request: KeeperRequest = { stop: true };
    keeper.send(request);
  });
}

async function waitForHealth(port: string, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 4; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  let keeper: ChildProcess | undefined;
  if (!env.DATABASE_URL) {
    console.log(`Starting the embedded PostgreSQL in ${join(dataDir, 'pg')} …`);
    const started = await startKeeper(Number(env.PROBITY_PG_PORT ?? 54329));
    keeper = started.keeper;
    env.DATABASE_URL = started.url;
    env.PROBITY_DEMO ??= '1';
    env.PROBITY_EMBEDDED = '1';
  } else {
    // The operator's PostgreSQL: production (see isProduction in libs/database/src/env.dto.ts).
    env.PROBITY_EMBEDDED = '0';
  }
  env.PROBITY_DEMO ??= '0';
  if (!env.PROBITY_SECRET) {
    // A secret made up here would differ from the other machines' ones: only for the embedded demo or development.
    if (isProduction(env))
      throw new Error(
        'PROBITY_SECRET must be set in production (DATABASE_URL given): one random string of 32 characters or more, the same for every server and worker',
      );
    env.PROBITY_SECRET = demoSecret();
  }
  if (env.PROBITY_DEMO === '1') {
    // The demo's terminal shows warnings and errors; set LOG_LEVEL=info for one line per request.
    env.LOG_LEVEL ??= 'warn';
    env.PROBITY_ADMIN_EMAIL ??= 'admin@probity.demo';
    env.PROBITY_ADMIN_PASSWORD ??= 'probity-admin-2026';
  }

  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            // A server drains for PROBITY_DRAIN_MS (default 5 s) before it closes; give it that and more.
            const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await stopKeeper(keeper);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const run = (name: string, script: string): ChildProcess => {
    // An IPC channel, so that a child whose launcher died (kill -9) notices and stops too.
    const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist', script)], {
      env,
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    });
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`${name} stopped (${signal ?? `exit code ${code}`}); shutting down.`);
        void stop(code || 1);
      }
    });
    children.push(child);
    return child;
  };
  run('server', 'apps/server/src/main.js');
  run('worker', 'apps/worker/src/main.js');
  const port = env.PORT ?? '3000';
  if (!(await waitForHealth(port, 120))) {
    console.error('Probity did not answer /health within 120 s; see the messages above.');
    return stop(1);
  }
  console.log(`\nProbity is ready: http://localhost:${port}  (Ctrl-C stops it; the data stays in ${dataDir})`);
  if (env.PROBITY_DEMO === '1') {
    console.log(`  sign in as ${env.PROBITY_ADMIN_EMAIL} / ${env.PROBITY_ADMIN_PASSWORD} (platform administrator)`);
    console.log('  or as any demo account listed in README.md (password probity-demo-2026)');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
