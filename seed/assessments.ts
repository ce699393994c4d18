import type { DataSource } from 'typeorm';
import type { AttemptsService, CreateAssessmentDto, CreateItemDto } from '@probity/assessments';
import type { AuthService, AuthUser } from '@probity/identity';
import {
  DEMO_ANSWERS,
  DEMO_ANSWER_LOCALES,
  type DemoAnswer,
  type DemoAnswerLocale,
  NAPOR_ASSESSMENTS,
  NAPOR_ITEMS,
} from './assessments/napor';
import { demoEmail } from './demo-data';

export * from './assessments/napor';

/** What the seeder needs of the question bank (kept narrow, like `CourseWriter`). */
export interface TestWriter {
  create(actor: AuthUser, courseId: string, dto: CreateItemDto): Promise<{ id: string }>;
  createAssessment(actor: AuthUser, courseId: string, dto: CreateAssessmentDto): Promise<{ id: string }>;
}

/**
 * The NAPOR course's items and tests, written by its author into the course's draft (through the service: checked,
 * audited, approved at once where the academy does not ask for review), before the version that freezes them is
 * published.
 */
export async function writeTests(bank: TestWriter, author: AuthUser, courseId: string): Promise<void> {
  const ids = new Map<string, string>();
  for (const [key, dto] of Object.entries(NAPOR_ITEMS)) ids.set(key, (await bank.create(author, courseId, dto)).id);
  for (const { items, ...dto } of NAPOR_ASSESSMENTS) {
    await bank.createAssessment(author, courseId, { ...dto, itemIds: items.map((key) => ids.get(key)!) });
  }
}

/** What the demo's attempts need of the assessments context. */
export type AttemptWriter = Pick<AttemptsService, 'frozenAssessments' | 'start' | 'save' | 'submit'>;

/** A running demo cohort whose owner academy's second learner has sat the tests (`DEMO_TEST_COHORTS` in demo.ts). */
export interface DemoTestCohort {
  academy: string;
  name: string;
  locale: string;
}

/**
 * In each running demo cohort, the owner academy's second learner has sat the pre-test and handed in the post-test,
 * whose essay waits for the cohort's trainer (the trainer's "answers to grade"); the first learner has not started
 * either (their "tests to take"). Each learner's attempts are written once: a cohort where they already have one, or
 * whose version froze no tests (a demo seeded before the course had them), is left as it is. Answers the number of
 * attempts written.
 */
export async function seedDemoAttempts(
  dataSource: DataSource,
  auth: AuthService,
  attempts: AttemptWriter,
  cohorts: readonly DemoTestCohort[],
): Promise<number> {
  let written = 0;
  for (const demo of cohorts) {
    if (!DEMO_ANSWER_LOCALES.includes(demo.locale as DemoAnswerLocale)) continue;
    const answers = DEMO_ANSWERS[demo.locale as DemoAnswerLocale];
    const [row] = await dataSource.query<{ cohort_id: string; version_id: string; user_id: string }[]>(
      `SELECT c.id AS cohort_id, c.course_version_id AS version_id, u.id AS user_id
         FROM cohorts c JOIN academies a ON a.id = c.academy_id
         JOIN enrolments e ON e.cohort_id = c.id JOIN users u ON u.id = e.user_id
        WHERE a.code = $1 AND c.name = $2 AND u.email = $3`,
      [demo.academy, demo.name, demoEmail(demo.academy, 'learner2')],
    );
    if (!row) continue;
    if (
      (await dataSource.query<unknown[]>('SELECT 1 FROM attempts WHERE cohort_id = $1 AND user_id = $2', [row.cohort_id, row.user_id]))
        .length
    )
      continue;
    const learner = await auth.activeUser(row.user_id);
    if (!learner) continue;
    const frozen = await attempts.frozenAssessments({ courseVersionId: row.version_id });
    for (const plan of NAPOR_ASSESSMENTS) {
      const assessment = frozen.find((a) => a.kind === plan.kind);
      if (!assessment || assessment.items.length !== plan.items.length) continue;
      const keyOf = new Map(assessment.items.map((item, i) => [item.itemId, plan.items[i]]));
      const contentOf = new Map(assessment.items.map((item) => [item.itemId, item.content]));
      const attempt = await attempts.start(learner, row.cohort_id, assessment.id);
      for (const shown of attempt.items) {
        const answer: DemoAnswer | undefined = answers[plan.kind as 'pre_test' | 'post_test'][keyOf.get(shown.itemId)!];
        const options = contentOf.get(shown.itemId)?.options ?? [];
        if (!answer) continue;
        const value =
          'text' in answer
            ? { text: answer.text }
            : { optionIds: ('truth' in answer ? [answer.truth ? 0 : 1] : answer.options).map((i) => options[i].id) };
        await attempts.save(learner.id, attempt.id, shown.itemId, value);
      }
      await attempts.submit(learner, attempt.id);
      written++;
    }
  }
  return written;
}
