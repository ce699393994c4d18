import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from '@probity/database';

/**
 * A database of the bench's own, `<prefix>_<pid>`: on DATABASE_URL's server when set, else on an embedded PostgreSQL
 * in a temporary folder (a fresh machine). `close` drops it (BENCH_KEEP=1 keeps it, to EXPLAIN statements) and stops
 * the embedded server.
 */
export async function benchDatabase(prefix: string): Promise<{ url: string; close: () => Promise<void> }> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer = (): Promise<void> => Promise.resolve();
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), `${prefix.replace(/_/g, '-')}-`));
    chmodSync(dir, 0o755);
    const embedded = await startEmbeddedPostgres({
      dataDir: join(dir, 'pg'),
      port: 54390 + Math.floor(Math.random() * 500),
      persistent: false,
    });
    serverUrl = embedded.url('postgres');
    stopServer = async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const server = serverUrl;
  const database = `${prefix}_${process.pid}`;
  const drop = async (): Promise<void> => {
    const admin = new Client({ connectionString: server });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).finally(() => admin.end());
  };
  await drop();
  await ensureDatabase(server, database);
  const url = new URL(server);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    close: async () => {
      if (process.env.BENCH_KEEP === '1') console.log(`kept ${url.toString()}`);
      else await drop();
      await stopServer();
    },
  };
}
