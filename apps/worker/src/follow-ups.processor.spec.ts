import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CohortsService, EnrolmentsService } from '@probity/cohorts';
import { FollowUpsService } from '@probity/evaluation';
import { academyFactory, userFactory, versionFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { FollowUpsProcessor } from './follow-ups.processor';
import type * as Worker from './worker.module';

/**
 * The worker's follow-up job as the queue runs it (`FollowUpsProcessor.run`), in a worker application context on a
 * real database: invitations when a wave is due, once; without SMTP_URL the supervisor's mail waits.
 */
describe('FollowUpsProcessor', () => {
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

  it('invites a learner once the wave is due, once, and leaves the supervisor’s mail waiting without SMTP', async () => {
    const academyId = (await academyFactory(t.app, { code: 'WFU' })).id;
    const admin = { ...(await userFactory(t.app, { roles: ['academy_admin'], academyId })), locale: 'en' as const };
    const learner = { ...(await userFactory(t.app, { roles: ['learner'], academyId })), locale: 'en' as const };
    const { versionId } = await versionFactory(t.app, admin, { lessons: 1 });
    const cohort = await t.app.get(CohortsService).create(admin, {
      courseVersionId: versionId,
      name: 'Worker follow-up',
      locale: 'en',
      startsOn: '2026-01-05',
      endsOn: '2026-02-05',
      trainerIds: [],
      completion: { minAttendancePercent: 0, requireAllLessons: false },
    });
    await t.app.get(EnrolmentsService).enrol(admin, cohort.id, [learner.id]);
    await t.app.get(CohortsService).setRequiredAssessments(admin, cohort.id, []);
    const followUps = t.app.get(FollowUpsService);
    await followUps.setSchedule(admin, cohort.id, { waves: [{ months: 3 }] });
    await followUps.setSupervisor(learner, cohort.id, { name: 'Boss', email: 'boss@worker.example', locale: 'en' });
    const processor = worker.get(FollowUpsProcessor);
    expect(await processor.run()).toMatchObject({ learners: 0, supervisors: 0 });
    await t.db.query(`UPDATE enrolments SET completed_at = now() - interval '3 months 1 day' WHERE cohort_id = $1`, [cohort.id]);
    expect(await processor.run()).toEqual({ learners: 1, supervisors: 1, reminders: 0, sent: 0, failed: 0 });
    expect(await processor.run()).toEqual({ learners: 0, supervisors: 0, reminders: 0, sent: 0, failed: 0 });
    const rows = await t.db.query<{ respondent: string; sent: boolean }>(
      `SELECT respondent, sent_at IS NOT NULL AS sent FROM follow_up_invitations ORDER BY respondent`,
    );
    expect(rows.rows).toEqual([
      { respondent: 'learner', sent: true },
      { respondent: 'supervisor', sent: false },
    ]);
  });
});
