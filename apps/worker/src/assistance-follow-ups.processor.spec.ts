import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { userFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { AssistanceFollowUpsProcessor } from './assistance-follow-ups.processor';
import type * as Worker from './worker.module';

/**
 * The worker's recommendation follow-up job as the queue runs it (`AssistanceFollowUpsProcessor.run`), in a worker
 * application context on a real database: a follow-up that fell due is claimed once, even by two runs at the same
 * moment, and its owners are messaged once; one whose mission has no submitted report waits.
 */
describe('AssistanceFollowUpsProcessor', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let n = 0;

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

  /** A delivered mission of a national agency with one focal point, its report submitted (or not) with one recommendation. */
  async function mission(submitted: boolean): Promise<{ missionId: string; focalId: string }> {
    n++;
    const focal = await userFactory(t.app, { roles: ['partner_focal_point'], locale: n % 2 ? 'ru' : 'ur' });
    const one = async <T>(sql: string, params: unknown[]): Promise<T> => (await t.db.query(sql, params)).rows[0] as T;
    const { id: institutionId } = await one<{ id: string }>(
      `INSERT INTO assistance_institutions (kind, name, country) VALUES ('national_agency', $1, 'KG') RETURNING id`,
      [JSON.stringify({ en: `Agency ${n}` })],
    );
    await t.db.query(`INSERT INTO assistance_focal_points (user_id, institution_id) VALUES ($1, $2)`, [focal.id, institutionId]);
    const { id: requestId } = await one<{ id: string }>(
      `INSERT INTO assistance_requests (reference, institution_id, created_by, locale, status, topic, format, title, decided_at)
       VALUES ($1, $2, $3, 'ru', 'approved', 'forensics', 'workshop', 'Экспертиза', now()) RETURNING id`,
      [`TAF-W-${n}`, institutionId, focal.id],
    );
    const { id: missionId } = await one<{ id: string }>(
      `INSERT INTO assistance_missions (request_id, status, starts_on, ends_on, venue, delivered_at)
       VALUES ($1, 'delivered', CURRENT_DATE - 200, CURRENT_DATE - 190, 'Bishkek', now()) RETURNING id`,
      [requestId],
    );
    await t.db.query(
      `INSERT INTO assistance_mission_reports (mission_id, locale, activities, findings, submitted_at) VALUES ($1, 'en', 'Two days', 'Gaps', $2)`,
      [missionId, submitted ? new Date() : null],
    );
    await t.db.query(
      `INSERT INTO assistance_recommendations (mission_id, position, body, owner, due_on) VALUES ($1, 1, 'Adopt a form', 'Agency', CURRENT_DATE + 100)`,
      [missionId],
    );
    // Both waves fell due (the mission ended over six months ago).
    await t.db.query(
      `INSERT INTO assistance_mission_follow_ups (mission_id, wave, due_on) VALUES ($1, 3, CURRENT_DATE - 100), ($1, 6, CURRENT_DATE - 10)`,
      [missionId],
    );
    return { missionId, focalId: focal.id };
  }

  const messages = async (userId: string): Promise<string[]> =>
    (
      await t.db.query<{ key: string }>(
        `SELECT data->>'messageKey' AS key FROM notifications WHERE user_id = $1 AND kind = 'assistance_follow_up' ORDER BY 1`,
        [userId],
      )
    ).rows.map((r) => r.key);

  it('claims each due follow-up once, even when two runs race, and leaves the one without a submitted report waiting', async () => {
    const a = await mission(true);
    const b = await mission(true);
    const waiting = await mission(false);
    const processor = worker.get(AssistanceFollowUpsProcessor);
    const [first, second] = await Promise.all([processor.run(), processor.run()]);
    expect(first.followUps + second.followUps).toBe(4);
    expect(first.messages + second.messages).toBe(4);
    expect(await processor.run()).toEqual({ followUps: 0, messages: 0 });
    for (const { focalId } of [a, b])
      expect(await messages(focalId)).toEqual(['outcomes:notify.follow_up_3', 'outcomes:notify.follow_up_6']);
    expect(await messages(waiting.focalId)).toEqual([]);
    const notified = await t.db.query<{ mission_id: string; n: number }>(
      `SELECT mission_id, count(notified_at)::int AS n FROM assistance_mission_follow_ups WHERE mission_id = ANY($1::uuid[]) GROUP BY 1`,
      [[a.missionId, b.missionId, waiting.missionId]],
    );
    expect(Object.fromEntries(notified.rows.map((r) => [r.mission_id, r.n]))).toEqual({
      [a.missionId]: 2,
      [b.missionId]: 2,
      [waiting.missionId]: 0,
    });
    // Once its report is submitted, the waiting mission's follow-ups go out, once.
    await t.db.query(`UPDATE assistance_mission_reports SET submitted_at = now() WHERE mission_id = $1`, [waiting.missionId]);
    expect(await processor.run()).toEqual({ followUps: 2, messages: 2 });
    expect(await processor.run()).toEqual({ followUps: 0, messages: 0 });
    expect(await messages(waiting.focalId)).toHaveLength(2);
  });
});
