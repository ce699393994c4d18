import type { ConfigService } from '@nestjs/config';
import type { Pool } from 'pg';
import type { PgBoss } from 'pg-boss';
import { DataSource } from 'typeorm';
import { JobQueue, QUEUES } from '@probity/database';
import { userFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { JobsService } from './jobs.service';

/** The queue and the `jobs` rows beside it, on a real database. */
describe('JobsService and JobQueue', () => {
  let t: TestApp;
  let jobs: JobsService;
  let queue: JobQueue;
  let starter: Awaited<ReturnType<typeof userFactory>>;
  const actor = () => ({ ...starter, locale: 'en' as const });

  beforeAll(async () => {
    t = await createTestApp();
    jobs = t.app.get(JobsService);
    queue = t.app.get(JobQueue);
    starter = await userFactory(t.app, { roles: ['academy_admin'] });
  });
  afterAll(() => t.close());

  /** A job row and its message (under the row's id), written in one transaction. */
  async function queued(): Promise<string> {
    return t.app.get(DataSource).transaction(async (manager) => {
      const job = await jobs.create(manager, { kind: 'test', params: {}, startedBy: starter.id, academyId: null });
      await queue.sendIn(manager, QUEUES.health, { jobId: job.id }, { id: job.id });
      return job.id;
    });
  }

  it('a replica whose first start failed (PostgreSQL restarting) starts on the next call and sends', async () => {
    const url = new URL(t.databaseUrl);
    url.port = '1'; // refused
    const getOrThrow = jest.fn().mockReturnValueOnce(url.toString()).mockReturnValue(t.databaseUrl);
    const replica = new JobQueue({ getOrThrow } as unknown as ConfigService);
    try {
      await expect(replica.boss$()).rejects.toThrow();
      expect(replica.started).toBe(false);
      const id = await replica.send(QUEUES.health, { ping: true });
      expect(replica.started).toBe(true);
      expect((await t.db.query('SELECT name FROM pgboss.job WHERE id = $1', [id])).rows).toEqual([{ name: QUEUES.health }]);
    } finally {
      await replica.onModuleDestroy();
    }
    expect(replica.stopping.aborted).toBe(true);
  });

  it('pg-boss’s pool waits for a connection as long as the app’s pool does (PROBITY_DB_CONNECT_TIMEOUT_MS), not its own 10 s', async () => {
    const waitOf = (boss: PgBoss) => (boss.getDb() as unknown as { pool: Pool }).pool.options.connectionTimeoutMillis;
    const appPool = (t.app.get(DataSource).driver as unknown as { master: Pool }).master;
    // The shared queue of the app, started with the default: the same as the app's own pool.
    expect(waitOf(await queue.boss$())).toBe(appPool.options.connectionTimeoutMillis);
    const before = process.env.PROBITY_DB_CONNECT_TIMEOUT_MS;
    process.env.PROBITY_DB_CONNECT_TIMEOUT_MS = '1234';
    const other = new JobQueue({ getOrThrow: () => t.databaseUrl } as unknown as ConfigService);
    try {
      expect(waitOf(await other.boss$())).toBe(1234);
    } finally {
      if (before === undefined) delete process.env.PROBITY_DB_CONNECT_TIMEOUT_MS;
      else process.env.PROBITY_DB_CONNECT_TIMEOUT_MS = before;
      await other.onModuleDestroy();
    }
  });

  it('sendIn refuses to send outside a transaction', async () => {
    await expect(queue.sendIn(t.app.get(DataSource).manager, QUEUES.health, {})).rejects.toThrow(/needs a transaction/);
  });

  it('a job silent for 10 minutes is interrupted only once the queue gave up on it; while pg-boss will run it again it stays active', async () => {
    const id = await queued();
    await t.db.query("UPDATE jobs SET state = 'active', done = 55, total = 400, updated_at = now() - interval '11 minutes' WHERE id = $1", [
      id,
    ]);
    // The worker died: its message waits for a retry (or is still held until its heartbeat lapses).
    for (const state of ['active', 'retry', 'created']) {
      await t.db.query('UPDATE pgboss.job SET state = $2 WHERE id = $1', [id, state]);
      const view = await jobs.get(actor(), id);
      expect(view).toMatchObject({ state: 'active', progress: { done: 55, total: 400 } });
      expect(view.error).toBeUndefined();
    }
    // Retries used up: now it is reported as interrupted.
    await t.db.query("UPDATE pgboss.job SET state = 'failed' WHERE id = $1", [id]);
    expect(await jobs.get(actor(), id)).toMatchObject({ state: 'failed', error: 'interrupted' });
    // A row recently written is what it says, whatever the queue holds.
    await t.db.query('UPDATE jobs SET updated_at = now() WHERE id = $1', [id]);
    expect(await jobs.get(actor(), id)).toMatchObject({ state: 'active' });
  });
});
