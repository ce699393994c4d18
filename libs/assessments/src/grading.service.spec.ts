import { randomUUID } from 'node:crypto';
import { CohortsService, EnrolmentsService } from '@probity/cohorts';
import { CoursesService } from '@probity/courses';
import { academyFactory, userFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { AttemptsService } from './attempts.service';
import { GradingService } from './grading.service';
import { ItemsService } from './items.service';
import { GradingRepository } from './repositories/grading.repository';
import { ResultsService } from './results.service';

type Person = Awaited<ReturnType<typeof userFactory>>;
const actor = (user: Person) => ({ ...user, locale: 'en' as const });

/**
 * The rules that moved into `GradingRepository` with their queries: which answers wait for a grader
 * (and whose first mark it is, for independent second marking), who marked an answer (who may not decide
 * its appeal), and whether results are released. On a real database.
 */
describe('GradingRepository: the grading queue, markers and release', () => {
  let t: TestApp;
  let repository: GradingRepository;
  let grading: GradingService;
  let attempts: AttemptsService;
  let graderA: Person, graderB: Person, admin: Person;
  let learners: Person[];
  let cohortId: string;
  let caseId: string, quizId: string;

  beforeAll(async () => {
    t = await createTestApp();
    repository = t.app.get(GradingRepository);
    grading = t.app.get(GradingService);
    attempts = t.app.get(AttemptsService);
    const academyId = (await academyFactory(t.app)).id;
    admin = await userFactory(t.app, { roles: ['academy_admin'], academyId });
    graderA = await userFactory(t.app, { roles: ['trainer'], academyId, fullName: 'Grader A' });
    graderB = await userFactory(t.app, { roles: ['trainer'], academyId, fullName: 'Grader B' });
    const author = actor(graderA);
    const courses = t.app.get(CoursesService);
    const items = t.app.get(ItemsService);
    const course = await courses.create(author, { code: `GR-${randomUUID().slice(0, 8)}`, title: { en: 'Custody' } });
    const module = await courses.addModule(author, course.id, { title: { en: 'M' } });
    await courses.addLesson(author, module.id, { title: { en: 'L' }, body: { en: 'x' }, durationMinutes: 5 });
    const essay = await items.create(author, course.id, { type: 'essay', stem: { en: 'Assess the arrest.' }, points: 4 });
    const truth = await items.create(author, course.id, {
      type: 'true_false',
      stem: { en: 'Seals are numbered.' },
      points: 1,
      answer: true,
    });
    caseId = (
      await items.createAssessment(author, course.id, {
        kind: 'case_exercise',
        title: { en: 'Case' },
        itemIds: [essay.id],
        passPercent: 50,
      })
    ).id;
    quizId = (
      await items.createAssessment(author, course.id, { kind: 'quiz', title: { en: 'Quiz' }, itemIds: [truth.id], passPercent: 50 })
    ).id;
    const version = await courses.publish(author, course.id);
    cohortId = (
      await t.app.get(CohortsService).create(actor(admin), {
        courseVersionId: version.id,
        name: 'Grading',
        locale: 'en',
        startsOn: '2027-01-01',
        endsOn: '2027-02-01',
        trainerIds: [graderA.id, graderB.id],
        completion: { minAttendancePercent: 80, requireAllLessons: true, excused: 'exclude', requiredAssessmentIds: [] },
      })
    ).id;
    learners = [
      await userFactory(t.app, { roles: ['learner'], academyId, fullName: 'Learner One' }),
      await userFactory(t.app, { roles: ['learner'], academyId, fullName: 'Learner Two' }),
    ];
    await t.app.get(EnrolmentsService).enrol(
      actor(admin),
      cohortId,
      learners.map((l) => l.id),
    );
  });
  afterAll(() => t.close());

  /** The learner answers the case exercise; handed in unless `submit` is false. */
  async function answer(learner: Person, submit = true): Promise<string> {
    const { id, items } = await attempts.start(actor(learner), cohortId, caseId);
    await attempts.save(learner.id, id, items[0].itemId, { text: `Answer of ${learner.fullName}` });
    if (submit) await attempts.submit(actor(learner), id);
    return id;
  }

  it('queues answers of handed-in attempts without final points, flags the first mark as the grader’s own, and drops them once graded', async () => {
    await grading.configure(actor(graderA), cohortId, caseId, { secondMarking: true, markingThreshold: 1 });
    const handedIn = await answer(learners[0]);
    await answer(learners[1], false); // in progress: nothing to grade yet

    const [row, ...others] = await repository.queue(cohortId, graderA.id);
    expect(others).toEqual([]);
    expect(row).toMatchObject({ attempt_id: handedIn, user_id: learners[0].id, full_name: 'Learner One', marks: 0, mine_first: false });
    expect(row.value).toEqual({ text: 'Answer of Learner One' });

    expect(await grading.grade(actor(graderA), row.response_id, { points: 3 })).toMatchObject({ stage: 'awaiting_second_mark' });
    expect(await repository.queue(cohortId, graderA.id)).toMatchObject([{ response_id: row.response_id, marks: 1, mine_first: true }]);
    expect(await repository.queue(cohortId, graderB.id)).toMatchObject([{ response_id: row.response_id, marks: 1, mine_first: false }]);
    // The service keeps the first grader's own answer out of their queue; the other grader sees it for a second mark.
    expect((await grading.queue(actor(graderA), cohortId)).items).toEqual([]);
    expect((await grading.queue(actor(graderB), cohortId)).items).toMatchObject([{ responseId: row.response_id, stage: 'second_mark' }]);

    expect(await grading.grade(actor(graderB), row.response_id, { points: 3 })).toMatchObject({ stage: 'final', points: 3 });
    expect(await repository.queue(cohortId, graderA.id)).toEqual([]);
    expect(await repository.queue(cohortId, graderB.id)).toEqual([]);

    // Who marked the answer may not decide its appeal; someone who did not may.
    expect(await repository.hasMarked(row.response_id, graderA.id)).toBe(true);
    expect(await repository.hasMarked(row.response_id, graderB.id)).toBe(true);
    expect(await repository.hasMarked(row.response_id, admin.id)).toBe(false);
    expect((await repository.marks(row.response_id)).map((m) => [m.role, m.graderId])).toEqual([
      ['first', graderA.id],
      ['second', graderB.id],
    ]);
  });

  it('releases results per cohort and assessment, once', async () => {
    const results = t.app.get(ResultsService);
    expect(await repository.isReleased(cohortId, quizId)).toBe(false);
    const { releasedAt } = await results.release(actor(graderA), cohortId, quizId);
    expect(await repository.isReleased(cohortId, quizId)).toBe(true);
    expect(await repository.isReleased(cohortId, caseId)).toBe(false);
    expect(await repository.isReleased(randomUUID(), quizId)).toBe(false);
    // Releasing again changes nothing.
    expect(await results.release(actor(graderB), cohortId, quizId)).toEqual({ releasedAt });
    expect((await repository.findRelease(cohortId, quizId))?.releasedBy).toBe(graderA.id);
  });
});
