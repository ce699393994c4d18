/**
 * `npm start`: one command for the demo and for a server of your own.
 * - DATABASE_URL unset: starts the embedded PostgreSQL in ./.data/pg (a real engine), makes the
 *   `probity` database, turns the demo on, and generates a secret into ./.data/secret once.
 * - DATABASE_URL set: uses that server, same code path.
 * Then runs the HTTP server and the worker as child processes and, on Ctrl-C, stops them first,
 * then PostgreSQL, then exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type EmbeddedDatabase, ensureDatabase, startEmbeddedPostgres } from '@probity/database';

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

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  let embedded: EmbeddedDatabase | undefined;
  if (!env.DATABASE_URL) {
    console.log(`Starting the embedded PostgreSQL in ${join(dataDir, 'pg')} …`);
    embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port: Number(env.PROBITY_PG_PORT ?? 54329), persistent: true });
    await ensureDatabase(embedded.url('postgres'), 'probity');
    env.DATABASE_URL = embedded.url('probity');
    env.PROBITY_DEMO ??= '1';
  }
  env.PROBITY_DEMO ??= '0';
  if (!env.PROBITY_SECRET) {
    if (env.NODE_ENV === 'production') throw new Error('PROBITY_SECRET must be set in production (a random string of 32 characters or more)');
    env.PROBITY_SECRET = demoSecret();
  }
  if (env.PROBITY_DEMO === '1') {
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
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await embedded?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const run = (name: string, script: string): ChildProcess => {
    const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist', script)], { env, stdio: 'inherit' });
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
  console.log(`Probity is starting on http://localhost:${port}`);
  if (env.PROBITY_DEMO === '1') {
    console.log(`  sign in as ${env.PROBITY_ADMIN_EMAIL} / ${env.PROBITY_ADMIN_PASSWORD} (platform administrator)`);
    console.log('  or as any demo account listed in README.md (password probity-demo-2026)');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
