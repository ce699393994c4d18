import { DataSource } from 'typeorm';
import { academyFactory, userFactory, versionFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { CohortsService } from './cohorts.service';
import { EnrolmentsService } from './enrolments.service';
import { ProgressService } from './progress.service';

type Person = Awaited<ReturnType<typeof userFactory>>;
const actor = (user: Person) => ({ ...user, locale: 'en' as const });

/** `lockOpenEnrolment`, the one door through which other contexts lock a learner's enrolment, on a real database. */
describe('CohortsService.lockOpenEnrolment', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let cohorts: CohortsService;
  let enrolments: EnrolmentsService;
  let admin: Person;
  let versionId: string;
  let lessonIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    dataSource = t.app.get(DataSource);
    cohorts = t.app.get(CohortsService);
    enrolments = t.app.get(EnrolmentsService);
    const academyId = (await academyFactory(t.app)).id;
    admin = await userFactory(t.app, { roles: ['academy_admin'], academyId });
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId });
    ({ versionId, lessonIds } = await versionFactory(t.app, trainer, { lessons: 1 }));
  });
  afterAll(() => t.close());

  async function cohortWith(...learners: Person[]): Promise<string> {
    const cohort = await cohorts.create(actor(admin), {
      courseVersionId: versionId,
      name: 'Lock',
      locale: 'en',
      startsOn: '2027-01-01',
      endsOn: '2027-02-01',
      trainerIds: [],
      completion: { minAttendancePercent: 80, requireAllLessons: true, excused: 'exclude', requiredAssessmentIds: [] },
    });
    await enrolments.enrol(
      actor(admin),
      cohort.id,
      learners.map((l) => l.id),
    );
    return cohort.id;
  }
  const learner = (): Promise<Person> => userFactory(t.app, { roles: ['learner'], academyId: admin.academyId! });
  const lock = (cohortId: string, userId: string) =>
    dataSource.transaction((manager) => cohorts.lockOpenEnrolment(manager, cohortId, userId));

  it('answers the enrolment in progress or completed, and nothing for one withdrawn, not completed or absent', async () => {
    const [inProgress, completing, withdrawing, stranger] = [await learner(), await learner(), await learner(), await learner()];
    const cohortId = await cohortWith(inProgress, completing, withdrawing);
    const { rows } = await t.db.query<{ id: string; user_id: string }>('SELECT id, user_id FROM enrolments WHERE cohort_id = $1', [
      cohortId,
    ]);
    const idOf = (user: Person) => rows.find((r) => r.user_id === user.id)!.id;

    expect(await lock(cohortId, inProgress.id)).toEqual({ id: idOf(inProgress), status: 'in_progress' });
    await t.app.get(ProgressService).completeLesson(actor(completing), cohortId, lessonIds[0]);
    expect(await lock(cohortId, completing.id)).toEqual({ id: idOf(completing), status: 'completed' });
    await enrolments.withdraw(actor(admin), cohortId, withdrawing.id);
    expect(await lock(cohortId, withdrawing.id)).toBeUndefined();
    expect(await lock(cohortId, stranger.id)).toBeUndefined();

    await cohorts.close(actor(admin), cohortId);
    expect(await lock(cohortId, inProgress.id)).toBeUndefined(); // not_completed
    expect(await lock(cohortId, completing.id)).toEqual({ id: idOf(completing), status: 'completed' });
  });

  it('holds the row until the caller’s transaction ends: a second locker waits, others cannot take it', async () => {
    const person = await learner();
    const cohortId = await cohortWith(person);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const first = dataSource.transaction(async (manager) => {
      expect(await cohorts.lockOpenEnrolment(manager, cohortId, person.id)).toBeDefined();
      locked();
      await released;
    });
    await isLocked;

    // Another connection cannot take the row while the first transaction is open...
    await expect(
      t.db.query(`SELECT id FROM enrolments WHERE cohort_id = $1 AND user_id = $2 FOR UPDATE NOWAIT`, [cohortId, person.id]),
    ).rejects.toMatchObject({ code: '55P03' });
    // ...and a second locker waits for it.
    let secondDone = false;
    const second = lock(cohortId, person.id).then((enrolment) => {
      secondDone = true;
      return enrolment;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondDone).toBe(false);

    release();
    await first;
    expect(await second).toMatchObject({ status: 'in_progress' });
  });
});
