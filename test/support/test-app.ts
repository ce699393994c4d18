import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client, Pool } from 'pg';
import request from 'supertest';
import type * as Factory from '../../apps/server/src/app.factory';

export interface TestApp {
  app: NestFastifyApplication;
  /** supertest against the running app */
  http: () => ReturnType<typeof request>;
  /** direct SQL on this file's own database (for checks the API does not expose) */
  db: Pool;
  databaseUrl: string;
  close: () => Promise<void>;
}

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** A database of its own, cloned from the migrated template, for one test file. */
export async function createTestDatabase(): Promise<string> {
  const server = process.env.PROBITY_TEST_SERVER_URL;
  const template = process.env.PROBITY_TEST_TEMPLATE;
  if (!server || !template) throw new Error('run the tests through jest (globalSetup prepares the database)');
  const name = `t_${process.env.PROBITY_TEST_RUN}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The real application (same factory as main.ts) on this file's database, not listening unless asked. */
export async function createTestApp(
  options: { listen?: boolean; env?: Record<string, string>; /** an existing database instead of a new clone */ databaseUrl?: string } = {},
): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    PROBITY_SECRET: TEST_SECRET,
    PROBITY_DEMO: '0',
    LOG_LEVEL: process.env.PROBITY_TEST_LOGS === '1' ? 'error' : 'silent',
    PROBITY_DB_POOL: '5',
    ...options.env,
  });
  // Imported after the environment is set: ConfigModule validates it when AppModule loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp } = require('../../apps/server/src/app.factory') as typeof Factory;
  // PROBITY_TEST_LOGS=1 shows the server's logs (errors with their stack) while a test runs.
  const app = await createApp({ logger: process.env.PROBITY_TEST_LOGS === '1' });
  if (options.listen) await app.listen({ port: 0, host: '127.0.0.1' });
  else await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = new Pool({ connectionString: databaseUrl, max: 2 });
  return {
    app,
    http: () => request(app.getHttpServer()),
    db,
    databaseUrl,
    close: async () => {
      await db.end();
      await app.close();
    },
  };
}

export function baseUrl(app: NestFastifyApplication): string {
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening');
  return `http://127.0.0.1:${address.port}`;
}
