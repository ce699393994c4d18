import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CohortsService, EnrolmentsService } from '@probity/cohorts';
import { CoursesService } from '@probity/courses';
import { academyFactory, userFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { AttemptsService } from './attempts.service';
import { ItemsService } from './items.service';
import { AttemptRepository } from './repositories/attempt.repository';

type Person = Awaited<ReturnType<typeof userFactory>>;
const actor = (user: Person) => ({ ...user, locale: 'en' as const });

/**
 * Starting an attempt reads its cohort from cohorts' owner (`CohortsService.find`, in the start's own
 * transaction), and the autosave statement of `AttemptRepository` decides in one round trip whether an
 * answer may be written. On a real database.
 */
describe('AttemptsService.start and the autosave statement', () => {
  let t: TestApp;
  let attempts: AttemptsService;
  let cohorts: CohortsService;
  let repository: AttemptRepository;
  let admin: Person;
  let cohortId: string;
  let assessmentId: string;
  let learners: Person[];

  beforeAll(async () => {
    t = await createTestApp();
    attempts = t.app.get(AttemptsService);
    cohorts = t.app.get(CohortsService);
    repository = t.app.get(AttemptRepository);
    const academyId = (await academyFactory(t.app)).id;
    admin = await userFactory(t.app, { roles: ['academy_admin'], academyId });
    const trainer = actor(await userFactory(t.app, { roles: ['trainer'], academyId }));
    const courses = t.app.get(CoursesService);
    const items = t.app.get(ItemsService);
    const course = await courses.create(trainer, { code: `AT-${randomUUID().slice(0, 8)}`, title: { en: 'Search', ka: 'ჩხრეკა' } });
    const module = await courses.addModule(trainer, course.id, { title: { en: 'M' } });
    await courses.addLesson(trainer, module.id, { title: { en: 'L' }, body: { en: 'x' }, durationMinutes: 5 });
    const item = await items.create(trainer, course.id, {
      type: 'single_choice',
      stem: { en: 'Who authorises a search?', ka: 'ვინ იძლევა ჩხრეკის ნებართვას?' },
      points: 1,
      options: [
        { text: { en: 'A judge', ka: 'მოსამართლე' }, correct: true },
        { text: { en: 'The suspect', ka: 'ეჭვმიტანილი' }, correct: false },
      ],
    });
    assessmentId = (
      await items.createAssessment(trainer, course.id, { kind: 'quiz', title: { en: 'Q' }, itemIds: [item.id], passPercent: 50 })
    ).id;
    const version = await courses.publish(trainer, course.id);
    // The cohort speaks Georgian; its learners' interface is English.
    const cohort = await cohorts.create(actor(admin), {
      courseVersionId: version.id,
      name: 'Attempts',
      locale: 'ka',
      startsOn: '2027-01-01',
      endsOn: '2027-02-01',
      trainerIds: [],
      completion: { minAttendancePercent: 80, requireAllLessons: true, excused: 'exclude', requiredAssessmentIds: [] },
    });
    cohortId = cohort.id;
    learners = [];
    for (let i = 0; i < 4; i++) learners.push(await userFactory(t.app, { roles: ['learner'], academyId, locale: 'en' }));
    await t.app.get(EnrolmentsService).enrol(
      actor(admin),
      cohortId,
      learners.map((l) => l.id),
    );
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const attemptsOf = async (userId: string): Promise<number> =>
    (await t.db.query('SELECT 1 FROM attempts WHERE user_id = $1', [userId])).rowCount ?? 0;

  it('answers an unknown cohort with not found, and writes nothing', async () => {
    await expect(attempts.start(actor(learners[0]), randomUUID(), assessmentId)).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
      params: { entity: 'cohort' },
    });
    expect(await attemptsOf(learners[0].id)).toBe(0);
  });

  it('reads the cohort from its owner inside the start’s transaction, and shows the items in the cohort’s language', async () => {
    const inTransaction: boolean[] = [];
    const find = cohorts.find.bind(cohorts);
    const spy = jest.spyOn(cohorts, 'find').mockImplementation((id: string, manager?: EntityManager) => {
      inTransaction.push(Boolean(manager?.queryRunner?.isTransactionActive));
      return find(id, manager);
    });
    const started = await attempts.start(actor(learners[0]), cohortId, assessmentId);
    expect(spy).toHaveBeenCalledWith(cohortId, expect.anything());
    expect(inTransaction).toEqual([true]);
    // The cohort's locale (ka), as its owner reports it, not the learner's (en).
    expect(started.items[0].stem).toBe('ვინ იძლევა ჩხრეკის ნებართვას?');
    expect(started.items[0].options?.map((o) => o.text)).toEqual(['მოსამართლე', 'ეჭვმიტანილი']);
  });

  it('is not found when the owner does not know the cohort, even for an enrolled learner; nothing is written', async () => {
    jest.spyOn(cohorts, 'find').mockResolvedValue(undefined);
    await expect(attempts.start(actor(learners[1]), cohortId, assessmentId)).rejects.toMatchObject({
      status: 404,
      params: { entity: 'cohort' },
    });
    expect(await attemptsOf(learners[1].id)).toBe(0);
    jest.restoreAllMocks();
    // The enrolment lock went with the transaction: the learner can start now.
    await expect(attempts.start(actor(learners[1]), cohortId, assessmentId)).resolves.toMatchObject({ number: 1 });
  });

  it('autosave writes only the learner’s own attempt in progress, an item it shows, before the deadline, while the account and token count', async () => {
    const [learner, other] = [learners[2], learners[3]];
    const { id, items } = await attempts.start(actor(learner), cohortId, assessmentId);
    const itemId = items[0].itemId;
    const value = { optionIds: [items[0].options![0].id] };
    const [{ token_version: ver }] = (
      await t.db.query<{ token_version: number }>('SELECT token_version FROM users WHERE id = $1', [learner.id])
    ).rows;

    expect(await repository.saveResponse(learner.id, id, itemId, value)).toBeInstanceOf(Date);
    expect(await repository.saveResponse(learner.id, id, itemId, value, { ver, jti: randomUUID() })).toBeInstanceOf(Date);
    // Someone else's attempt, an item the attempt does not show, a token of an older version: nothing is written.
    expect(await repository.saveResponse(other.id, id, itemId, value)).toBeUndefined();
    expect(await repository.saveResponse(learner.id, id, randomUUID(), value)).toBeUndefined();
    expect(await repository.saveResponse(learner.id, id, itemId, value, { ver: ver + 1, jti: randomUUID() })).toBeUndefined();

    await t.db.query('UPDATE users SET active = false WHERE id = $1', [learner.id]);
    expect(await repository.saveResponse(learner.id, id, itemId, value)).toBeUndefined();
    await t.db.query('UPDATE users SET active = true WHERE id = $1', [learner.id]);

    await t.db.query(`UPDATE attempts SET deadline = now() - interval '1 second' WHERE id = $1`, [id]);
    expect(await repository.saveResponse(learner.id, id, itemId, value)).toBeUndefined();
    await t.db.query('UPDATE attempts SET deadline = NULL WHERE id = $1', [id]);

    // One row for the item, last write wins; after submit nothing more is written.
    expect(await repository.saveResponse(learner.id, id, itemId, { optionIds: [items[0].options![1].id] })).toBeInstanceOf(Date);
    const saved = await repository.responses(id);
    expect(saved.map((r) => [r.itemId, r.value])).toEqual([[itemId, { optionIds: [items[0].options![1].id] }]]);
    await attempts.submit(actor(learner), id);
    expect(await repository.saveResponse(learner.id, id, itemId, value)).toBeUndefined();
  });
});
