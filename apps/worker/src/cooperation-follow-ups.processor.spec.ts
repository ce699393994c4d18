import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { userFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { CooperationFollowUpsProcessor } from './cooperation-follow-ups.processor';
import type * as Worker from './worker.module';

/**
 * The worker's cooperation follow-up job as the queue runs it (`CooperationFollowUpsProcessor.run`), in a worker
 * application context on a real database: the follow-ups of a held initiative are made from its last day; each one
 * that fell due is claimed once, even by two runs at the same moment, and each accepted member institution's people
 * are asked once; an invited (not accepted) institution and a cancelled initiative are not.
 */
describe('CooperationFollowUpsProcessor', () => {
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

  const one = async <T>(sql: string, params: unknown[]): Promise<T> => (await t.db.query(sql, params)).rows[0] as T;

  /** An agency with one focal point. */
  async function agency(): Promise<{ institutionId: string; focalId: string }> {
    n++;
    const focal = await userFactory(t.app, { roles: ['partner_focal_point'], locale: n % 2 ? 'ka' : 'sw' });
    const { id } = await one<{ id: string }>(
      `INSERT INTO assistance_institutions (kind, name, country) VALUES ('national_agency', $1, 'KG') RETURNING id`,
      [JSON.stringify({ en: `Agency ${n}` })],
    );
    await t.db.query(`INSERT INTO assistance_focal_points (user_id, institution_id) VALUES ($1, $2)`, [focal.id, id]);
    return { institutionId: id, focalId: focal.id };
  }

  /** A held initiative that ended `daysAgo` days ago, with an accepted and an invited member. */
  async function initiative(daysAgo: number, status = 'held') {
    const accepted = await agency();
    const invited = await agency();
    const { id } = await one<{ id: string }>(
      `INSERT INTO cooperation_initiatives (reference, title, format, topic, status, starts_on, ends_on, venue)
       VALUES ($1, $2, 'regional_meeting', 'international_cooperation', $3, CURRENT_DATE - $4::int - 2, CURRENT_DATE - $4::int, 'Tbilisi')
       RETURNING id`,
      [`CI-W-${n}`, JSON.stringify({ en: `Meeting ${n}` }), status, daysAgo],
    );
    await t.db.query(
      `INSERT INTO cooperation_memberships (initiative_id, institution_id, status) VALUES ($1, $2, 'accepted'), ($1, $3, 'invited')`,
      [id, accepted.institutionId, invited.institutionId],
    );
    return { id, accepted, invited };
  }

  const messages = async (userId: string): Promise<string[]> =>
    (
      await t.db.query<{ key: string }>(
        `SELECT data->>'messageKey' AS key FROM notifications WHERE user_id = $1 AND kind = 'cooperation_follow_up' ORDER BY 1`,
        [userId],
      )
    ).rows.map((r) => r.key);

  it('makes the follow-ups of held initiatives, claims each due one once even when two runs race, and asks accepted members only', async () => {
    const old = await initiative(200);
    const recent = await initiative(100);
    const fresh = await initiative(10);
    const cancelled = await initiative(200, 'cancelled');
    const processor = worker.get(CooperationFollowUpsProcessor);
    const [first, second] = await Promise.all([processor.run(), processor.run()]);
    // Three held initiatives, two waves each (the cancelled one gets none).
    expect(first.scheduled + second.scheduled).toBe(6);
    // Due: both waves of the old one, the 3-month one of the recent one; each with one accepted member's focal point.
    expect(first.followUps + second.followUps).toBe(3);
    expect(first.messages + second.messages).toBe(3);
    expect(await processor.run()).toEqual({ scheduled: 0, followUps: 0, messages: 0 });
    expect(await messages(old.accepted.focalId)).toEqual([
      'cooperation_outcomes:notify.follow_up_3',
      'cooperation_outcomes:notify.follow_up_6',
    ]);
    expect(await messages(recent.accepted.focalId)).toEqual(['cooperation_outcomes:notify.follow_up_3']);
    for (const nobody of [old.invited, fresh.accepted, cancelled.accepted]) expect(await messages(nobody.focalId)).toEqual([]);
    const notified = await t.db.query<{ initiative_id: string; n: number }>(
      `SELECT initiative_id, count(notified_at)::int AS n FROM cooperation_follow_ups WHERE initiative_id = ANY($1::uuid[]) GROUP BY 1`,
      [[old.id, recent.id, fresh.id]],
    );
    expect(Object.fromEntries(notified.rows.map((r) => [r.initiative_id, r.n]))).toEqual({ [old.id]: 2, [recent.id]: 1, [fresh.id]: 0 });
    expect(
      (await t.db.query(`SELECT 1 FROM audit_entries WHERE action = 'cooperation.follow_up.notified' AND entity_id = $1`, [old.id]))
        .rowCount,
    ).toBe(2);
  });
});
