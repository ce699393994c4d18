import { CohortsService, EnrolmentsService, ProgressService } from '@probity/cohorts';
import { ProbityError } from '@probity/i18n';
import { academyFactory, userFactory, versionFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { SurveyAnswersRepository } from './repositories/survey-answers.repository';
import { SurveyAnswersService } from './survey-answers.service';
import { SurveysService } from './surveys.service';

type Person = Awaited<ReturnType<typeof userFactory>>;
const actor = (user: Person) => ({ ...user, locale: 'en' as const });

/**
 * The threshold is kept by the statements themselves: under `min_responses` the repository's reads of answers find no
 * row at all, whoever calls them. And one person's answers are taken once even when sent twice at the same moment.
 */
describe('SurveyAnswersRepository and SurveyAnswersService on a real database', () => {
  let t: TestApp;
  let surveys: SurveysService;
  let answers: SurveyAnswersService;
  let repository: SurveyAnswersRepository;
  let learners: Person[];
  let surveyId: string;
  let itemIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    surveys = t.app.get(SurveysService);
    answers = t.app.get(SurveyAnswersService);
    repository = t.app.get(SurveyAnswersRepository);
    const academyId = (await academyFactory(t.app)).id;
    const admin = await userFactory(t.app, { roles: ['academy_admin'], academyId });
    const { versionId, lessonIds } = await versionFactory(t.app, admin, { lessons: 1 });
    const cohort = await t.app.get(CohortsService).create(actor(admin), {
      courseVersionId: versionId,
      name: 'Threshold',
      locale: 'en',
      startsOn: '2027-01-01',
      endsOn: '2027-02-01',
      trainerIds: [],
      completion: { minAttendancePercent: 0, requireAllLessons: true },
    });
    learners = [];
    for (let i = 0; i < 6; i++) learners.push(await userFactory(t.app, { roles: ['learner'], academyId }));
    await t.app.get(EnrolmentsService).enrol(
      actor(admin),
      cohort.id,
      learners.map((l) => l.id),
    );
    for (const learner of learners) await t.app.get(ProgressService).completeLesson(actor(learner), cohort.id, lessonIds[0]);
    const template = await surveys.createTemplate(actor(admin), {
      title: { en: 'Threshold' },
      items: [
        { type: 'likert', scale: 'overall', text: { en: 'Good.' } },
        { type: 'open_text', text: { en: 'Why?' } },
      ],
    });
    itemIds = template.items.map((i) => i.id);
    surveyId = (await surveys.attach(actor(admin), cohort.id, { templateId: template.template.id })).id;
  });
  afterAll(() => t.close());

  const respond = (learner: Person, value: number) =>
    answers.respond(actor(learner), surveyId, {
      answers: [
        { itemId: itemIds[0], value },
        { itemId: itemIds[1], text: `because ${value}` },
      ],
    });

  it('reads no answer, from any statement, until the threshold is reached', async () => {
    for (let i = 0; i < 4; i++) {
      await respond(learners[i], i + 1);
      expect(await repository.count(surveyId)).toEqual({ responses: i + 1, shown: false });
      expect(await repository.distribution(surveyId)).toEqual([]);
      expect(await repository.openAnswers(surveyId)).toEqual([]);
    }
    await respond(learners[4], 5);
    expect(await repository.count(surveyId)).toEqual({ responses: 5, shown: true });
    expect(await repository.distribution(surveyId)).toHaveLength(5);
    expect((await repository.openAnswers(surveyId)).map((o) => o.text).sort()).toEqual([1, 2, 3, 4, 5].map((v) => `because ${v}`));
  });

  it('takes one answer when the same person sends two at once', async () => {
    const before = (await repository.count(surveyId)).responses;
    const outcomes = await Promise.allSettled([respond(learners[5], 3), respond(learners[5], 4)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ProbityError);
    expect((refused.reason as ProbityError).code).toBe('survey_already_answered');
    expect((await repository.count(surveyId)).responses).toBe(before + 1);
  });
});
