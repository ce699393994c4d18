import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { IssuanceService } from '@probity/certificates';
import { CohortsService, EnrolmentsService, ProgressService } from '@probity/cohorts';
import { academyFactory, userFactory, versionFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import type * as Worker from './worker.module';

type Person = Awaited<ReturnType<typeof userFactory>>;
const actor = (user: Person) => ({ ...user, locale: 'en' as const });
const LEARNERS = 16;

/**
 * The worker as a deploy stops it (`app.close()`, what SIGTERM runs): it takes no new job, the running
 * issuance stops between two learners and hands its job back to the queue at once, and another worker
 * finishes it. On a real database, with two worker application contexts in this process.
 */
describe('CertificatesProcessor: a stopping worker hands its issuance back', () => {
  let t: TestApp;
  const workers: INestApplicationContext[] = [];

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close().catch(() => undefined);
    await t.close();
  });

  async function startWorker(): Promise<INestApplicationContext> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { WorkerModule } = require('./worker.module') as typeof Worker;
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    workers.push(worker);
    await worker.init();
    return worker;
  }

  const row = async (jobId: string) =>
    (
      await t.db.query<{ state: string; done: number; total: number; result: Record<string, unknown> | null }>(
        'SELECT state, done, total, result FROM jobs WHERE id = $1',
        [jobId],
      )
    ).rows[0];

  async function until<T>(what: () => Promise<T>, ok: (value: T) => boolean, ms = 60_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const value = await what();
      if (ok(value)) return value;
      if (Date.now() > end) throw new Error(`timed out waiting: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('stops within seconds, leaves the job active and retried, and a second worker issues the rest once', async () => {
    const academyId = (await academyFactory(t.app, { code: 'WRK' })).id;
    const admin = await userFactory(t.app, { roles: ['academy_admin'], academyId });
    const version = await versionFactory(t.app, admin, { lessons: 1 });
    const cohortId = (
      await t.app.get(CohortsService).create(actor(admin), {
        courseVersionId: version.versionId,
        name: `Cohort ${randomUUID().slice(0, 6)}`,
        locale: 'en',
        startsOn: '2027-01-01',
        endsOn: '2027-02-01',
        trainerIds: [],
        completion: { minAttendancePercent: 80, requireAllLessons: true, excused: 'exclude', requiredAssessmentIds: [] },
      })
    ).id;
    const learners: Person[] = [];
    for (let i = 0; i < LEARNERS; i++) learners.push(await userFactory(t.app, { roles: ['learner'], academyId }));
    await t.app.get(EnrolmentsService).enrol(
      actor(admin),
      cohortId,
      learners.map((l) => l.id),
    );
    for (const learner of learners) await t.app.get(ProgressService).completeLesson(actor(learner), cohortId, version.lessonIds[0]);

    const first = await startWorker();
    const { jobId } = await t.app.get(IssuanceService).startIssuance(actor(admin), cohortId);
    const count = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM certificates WHERE cohort_id = $1', [cohortId])).rows[0].n;
    await until(count, (n) => n >= 2);

    const stopping = Date.now();
    await first.close();
    const stoppedIn = Date.now() - stopping;
    const handedBack = await count();
    expect(stoppedIn).toBeLessThan(5_000);
    expect(handedBack).toBeLessThan(LEARNERS);
    expect(await row(jobId)).toMatchObject({ state: 'active', total: LEARNERS });
    const message = (await t.db.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [jobId])).rows[0];
    expect(['retry', 'created']).toContain(message.state);

    await startWorker();
    const done = await until(
      () => row(jobId),
      (r) => r.state === 'completed',
    );
    expect(done).toMatchObject({ done: LEARNERS, total: LEARNERS });
    expect(done.result).toMatchObject({
      counts: { issuedNow: LEARNERS - handedBack, issuedBefore: handedBack },
      resumed: true,
    });
    const serials = (
      await t.db.query<{ serial: string; user_id: string }>(
        'SELECT serial, user_id FROM certificates WHERE academy_id = $1 ORDER BY serial',
        [academyId],
      )
    ).rows;
    expect(serials.map((r) => Number(r.serial.slice(-6)))).toEqual(learners.map((_, i) => i + 1));
    expect(new Set(serials.map((r) => r.user_id)).size).toBe(LEARNERS);
    console.log(`stopped in ${stoppedIn} ms after ${handedBack}/${LEARNERS} learners; the second worker issued ${LEARNERS - handedBack}`);
  });
});
