import type { DataSource } from 'typeorm';
import type { SurveyAnswerInput, SurveyAnswersService, SurveysService } from '@probity/evaluation';
import type { AuthService, UsersService } from '@probity/identity';
import type { CohortWriter } from './demo';
import { DEMO_PASSWORD, type DemoAcademy, demoEmail } from './demo-data';
import { NAPOR_REACTION, NAPOR_REACTION_CODE } from './surveys/napor-reaction';

export { NAPOR_REACTION, NAPOR_REACTION_CODE };

/**
 * The standard reaction survey, on every database (demo or not): the server's start-up calls this under the seed's
 * advisory lock, and it creates the template once, under its code. True when it was created now.
 */
export function seedStandardSurveys(surveys: Pick<SurveysService, 'ensureStandard'>): Promise<boolean> {
  return surveys.ensureStandard(NAPOR_REACTION);
}

/**
 * Four more Georgian graduates of the past Batumi cohort: the survey's results show only once five have answered
 * (never fewer than three), and the demo has two learners per academy.
 */
const BATUMI_GRADUATES: DemoAcademy['people'] = [
  {
    key: 'learner3',
    fullName: 'ნათია გელაშვილი',
    roles: ['learner'],
    sex: 'female',
    agencyType: 'police',
    function: 'investigator',
    agency: 'Patrol Police Department',
    rank: 'Senior Inspector',
  },
  {
    key: 'learner4',
    fullName: 'დავით მაისურაძე',
    roles: ['learner'],
    sex: 'male',
    agencyType: 'prosecution',
    function: 'prosecutor',
    agency: 'Prosecutor’s Office of Georgia',
    rank: 'Prosecutor',
  },
  {
    key: 'learner5',
    fullName: 'ეკა წიკლაური',
    roles: ['learner'],
    sex: 'female',
    agencyType: 'police',
    function: 'analyst',
    agency: 'Central Criminal Police Department',
    rank: 'Analyst',
  },
  {
    key: 'learner6',
    fullName: 'ზურაბ ხუციშვილი',
    roles: ['learner'],
    sex: 'male',
    agencyType: 'customs',
    function: 'investigator',
    agency: 'Revenue Service, Customs Department',
    rank: 'Customs Investigator',
  },
];

/**
 * Five graduates' answers, in the template's order: twelve Likert values (1–5), the pace (option 1–3), the
 * recommendation (option 1–4), what was most useful, what to improve (Georgian, as written in a Georgian cohort).
 */
const DEMO_ANSWERS: { values: number[]; useful?: string; improve?: string }[] = [
  {
    values: [5, 5, 4, 5, 4, 4, 5, 4, 4, 4, 3, 4, 2, 1],
    useful: 'დაკავების ოქმის შევსების სავარჯიშო: ახლა ზუსტად ვიცი, რა უნდა ჩავიწეროთ დაკავებიდან პირველივე საათებში.',
    improve: 'განრიგი ძალიან დატვირთული იყო, განსაკუთრებით ჩხრეკისა და ამოღების მოდულზე.',
  },
  {
    values: [4, 4, 4, 5, 5, 4, 4, 4, 3, 3, 2, 4, 3, 2],
    useful: 'ევროპული სასამართლოს გადაწყვეტილებების განხილვა ჩვენს საქმესთან მიმართებით.',
    improve: 'მეტი დრო ჯგუფურ სავარჯიშოებს და ნაკლები ლექციებს.',
  },
  {
    values: [5, 4, 5, 4, 4, 5, 5, 5, 4, 4, 4, 5, 2, 1],
    useful: 'ნივთმტკიცების შენახვის ჯაჭვი და შეფუთვის წესები — ამას ყოველდღე ვაკეთებთ.',
    improve: 'ფორმები და საკონტროლო სიები დასაბეჭდადაც მოგვეცით.',
  },
  {
    values: [3, 4, 3, 4, 3, 3, 4, 3, 3, 3, 3, 3, 2, 2],
    useful: 'თარჯიმნის მონაწილეობით დაკითხვის ნაწილი.',
  },
  {
    values: [5, 5, 5, 5, 5, 5, 5, 4, 5, 4, 4, 4, 2, 1],
    useful: 'PEACE მოდელი — მოწმეების გამოკითხვისას უკვე ვიყენებ.',
    improve: 'დაამატეთ ცალკე მოდული ციფრულ მტკიცებულებებზე.',
  },
];

/** What the demo's survey needs of the evaluation context's services. */
export interface SurveyWriter {
  surveys: Pick<SurveysService, 'templateByCode' | 'attach' | 'template'>;
  answers: Pick<SurveyAnswersService, 'respond'>;
}

/**
 * The past Batumi cohort (see `seedDemoCertificates`) gets the standard survey and five anonymous answers from its
 * six graduates, so that the results page shows something on first start. Skipped when the cohort is missing or
 * already has its survey.
 */
export async function seedDemoSurveys(
  dataSource: DataSource,
  auth: AuthService,
  users: UsersService,
  writer: CohortWriter,
  survey: SurveyWriter,
): Promise<boolean> {
  const [cohort] = await dataSource.query<{ id: string; academy_id: string }[]>(
    `SELECT c.id, c.academy_id FROM cohorts c JOIN academies a ON a.id = c.academy_id
      WHERE a.code = 'GE' AND c.name = 'Batumi, spring 2026' ORDER BY c.created_at LIMIT 1`,
  );
  if (!cohort) return false;
  if ((await dataSource.query<unknown[]>('SELECT 1 FROM cohort_surveys WHERE cohort_id = $1', [cohort.id])).length) return false;
  const template = await survey.surveys.templateByCode(NAPOR_REACTION_CODE);
  if (!template) return false;
  for (const person of BATUMI_GRADUATES) {
    const email = demoEmail('GE', person.key);
    if ((await users.byEmails([email], [cohort.academy_id])).length) continue;
    const { key: _key, ...fields } = person;
    await users.create(null, { ...fields, email, password: DEMO_PASSWORD, academyId: cohort.academy_id, locale: 'ka' });
  }
  const keys = ['learner1', 'learner2', ...BATUMI_GRADUATES.map((p) => p.key)];
  const people = await users.byEmails(
    keys.map((key) => demoEmail('GE', key)),
    [cohort.academy_id],
  );
  const idOf = (key: string): string | undefined => people.find((p) => p.email === demoEmail('GE', key))?.id;
  const [admin] = await dataSource.query<{ id: string }[]>('SELECT id FROM users WHERE email = $1', [demoEmail('GE', 'admin')]);
  const actor = admin && (await auth.activeUser(admin.id));
  if (!actor) return false;
  const learners = keys.map(idOf).filter((x): x is string => Boolean(x));
  await writer.enrolments.enrol(actor, cohort.id, learners);
  // No test is required of this past cohort: everyone enrolled has completed it.
  await writer.cohorts.setRequiredAssessments(actor, cohort.id, []);
  const attached = await survey.surveys.attach(actor, cohort.id, { templateId: template.id, minResponses: 5 });
  const { items } = await survey.surveys.template(actor, template.id);
  for (const [i, answer] of DEMO_ANSWERS.entries()) {
    const learner = await auth.activeUser(learners[i]);
    if (!learner) continue;
    const answers: SurveyAnswerInput[] = items.flatMap((item, position): SurveyAnswerInput[] => {
      if (item.type !== 'open_text') return [{ itemId: item.id, value: answer.values[position] }];
      const text = position === items.length - 2 ? answer.useful : answer.improve;
      return text ? [{ itemId: item.id, text }] : [];
    });
    await survey.answers.respond(learner, attached.id, { answers });
  }
  return true;
}
