import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
// globalSetup runs outside Jest's module system (no path aliases there).
// eslint-disable-next-line no-restricted-imports
import { type EmbeddedDatabase, databaseOptions, migrate, startEmbeddedPostgres } from '../../libs/database/src';

declare global {
  var __probityEmbedded: EmbeddedDatabase | undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * One PostgreSQL for the whole run: the embedded engine when DATABASE_URL is unset (a fresh
 * machine), else that server (CI's PostgreSQL 15). A template database is migrated once; every
 * test file clones it (CREATE DATABASE … TEMPLATE), so files run in parallel on separate data.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'probity-test-pg-'));
    chmodSync(dir, 0o755); // PostgreSQL runs as the `postgres` user when we are root
    globalThis.__probityEmbedded = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort(), persistent: false });
    serverUrl = globalThis.__probityEmbedded.url('postgres');
  }
  const template = `probity_template_${process.pid}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const dataSource = new DataSource(databaseOptions(withDatabase(serverUrl, template)));
  await dataSource.initialize();
  await migrate(dataSource);
  await dataSource.destroy();
  process.env.PROBITY_TEST_SERVER_URL = withDatabase(serverUrl, 'postgres');
  process.env.PROBITY_TEST_TEMPLATE = template;
  process.env.PROBITY_TEST_RUN = String(process.pid);
}
