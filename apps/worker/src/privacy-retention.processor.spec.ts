import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QUEUES } from '@probity/database';
import { academyFactory, userFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { PrivacyRetentionProcessor } from './privacy-retention.processor';
import type * as Worker from './worker.module';

/**
 * The worker's nightly retention job as the queue runs it (`PrivacyRetentionProcessor.run`), in a worker application
 * context on a real database: the job is scheduled at 03:40 UTC; a run erases the people of each academy not seen for
 * longer than its period (5 years by default, its own when set), records a run row per academy with its counts and the
 * queue message's id, and a second run erases nobody.
 */
describe('PrivacyRetentionProcessor', () => {
  let t: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await createTestApp();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { WorkerModule } = require('./worker.module') as typeof Worker;
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const backdate = (userId: string, ago: string) =>
    t.db.query(`UPDATE users SET last_seen_at = now() - $2::interval WHERE id = $1`, [userId, ago]);
  const erased = async (userId: string): Promise<boolean> =>
    (await t.db.query<{ erased: boolean }>(`SELECT erased_at IS NOT NULL AS erased FROM users WHERE id = $1`, [userId])).rows[0].erased;

  it('is scheduled nightly, erases long-unseen people per academy’s period, records each academy’s run, and a second run erases nobody', async () => {
    const schedule = await t.db.query<{ cron: string }>(`SELECT cron FROM pgboss.schedule WHERE name = $1`, [QUEUES.privacyRetention]);
    expect(schedule.rows).toEqual([{ cron: '40 3 * * *' }]);

    const byDefault = await academyFactory(t.app);
    const keepsLonger = await academyFactory(t.app);
    await t.db.query(`INSERT INTO privacy_retention (academy_id, answer_texts_years, inactive_account_years) VALUES ($1, 2, 10)`, [
      keepsLonger.id,
    ]);
    const gone = await userFactory(t.app, { academyId: byDefault.id });
    const seen = await userFactory(t.app, { academyId: byDefault.id });
    const goneButKept = await userFactory(t.app, { academyId: keepsLonger.id });
    await backdate(gone.id, '6 years');
    await backdate(seen.id, '4 years');
    await backdate(goneButKept.id, '6 years');

    const processor = worker.get(PrivacyRetentionProcessor);
    const jobId = '00000000-0000-4000-8000-000000000040';
    const first = await processor.run(jobId);
    expect(first).toMatchObject({ academies: 2, accountsErased: 1, answerTextsCleared: 0, failed: 0 });
    expect([await erased(gone.id), await erased(seen.id), await erased(goneButKept.id)]).toEqual([true, false, false]);
    const runs = await t.db.query<{ academy_id: string; accounts_erased: number; job_id: string }>(
      `SELECT academy_id, accounts_erased, job_id FROM privacy_retention_runs ORDER BY accounts_erased DESC`,
    );
    expect(runs.rows).toEqual([
      { academy_id: byDefault.id, accounts_erased: 1, job_id: jobId },
      { academy_id: keepsLonger.id, accounts_erased: 0, job_id: jobId },
    ]);

    expect(await processor.run()).toMatchObject({ academies: 2, accountsErased: 0, answerTextsCleared: 0, failed: 0 });
    expect((await t.db.query(`SELECT 1 FROM privacy_retention_runs`)).rowCount).toBe(4);
  });
});
