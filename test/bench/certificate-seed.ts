import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

const NAMES: Record<string, string> = {
  en: 'Learner',
  ru: 'Слушатель',
  ka: 'მსმენელი',
  uk: 'Слухач',
  ur: 'شریک',
  sw: 'Mwanafunzi',
};

/**
 * A cohort of `learners` people who all completed a one-lesson course (their languages spread over
 * the six), and an academy admin to issue their certificates: the bulk-issuance scenario.
 */
export async function seedCompletedCohort(
  db: DataSource,
  academyId: string,
  passwordHash: string,
  learners = 1000,
): Promise<{ cohortId: string; adminId: string }> {
  const [admin] = await db.query<{ id: string }[]>(
    `INSERT INTO users (email, password_hash, full_name, roles, academy_id, locale) VALUES ('bench.registrar@example.test', $1, 'Nino Beridze', '{academy_admin}', $2, 'en') RETURNING id`,
    [passwordHash, academyId],
  );
  const [course] = await db.query<{ id: string }[]>(
    `INSERT INTO courses (academy_id, code, title) VALUES ($1, 'CERT', '{"en":"Investigating without coercion"}') RETURNING id`,
    [academyId],
  );
  const lesson = {
    id: randomUUID(),
    position: 1,
    title: { en: 'Lesson' },
    bodyHtml: { en: '<p>Text</p>' },
    durationMinutes: 2400,
    tags: [],
  };
  const snapshot = {
    course: {
      id: course.id,
      academyId,
      code: 'CERT',
      title: {
        en: 'Investigating without coercion',
        ru: 'Расследование без принуждения',
        ka: 'გამოძიება იძულების გარეშე',
        uk: 'Розслідування без примусу',
        ur: 'جبر کے بغیر تفتیش',
        sw: 'Upelelezi bila shuruti',
      },
      summary: {},
      objectives: [],
      tags: [],
      shared: false,
    },
    modules: [{ id: randomUUID(), position: 1, title: { en: 'Module' }, objectives: [], scenarioHtml: {}, tags: [], lessons: [lesson] }],
    lessonsTotal: 1,
    durationMinutes: 2400,
    contributions: {},
  };
  const [version] = await db.query<{ id: string }[]>(
    `INSERT INTO course_versions (course_id, number, published_at, locales, snapshot) VALUES ($1, 1, now(), '{en,ru,ka,uk,ur,sw}', $2) RETURNING id`,
    [course.id, JSON.stringify(snapshot)],
  );
  const [cohort] = await db.query<{ id: string }[]>(
    `INSERT INTO cohorts (academy_id, course_version_id, name, locale, starts_on, ends_on, status, completion)
     VALUES ($1, $2, 'Certificates bench', 'ka', '2026-09-01', '2026-11-30', 'running', '{"minAttendancePercent":0,"requireAllLessons":true,"excused":"exclude","requiredAssessmentIds":null}') RETURNING id`,
    [academyId, version.id],
  );
  const locales = Object.keys(NAMES);
  await db.query(
    `INSERT INTO users (email, password_hash, full_name, roles, academy_id, locale)
     SELECT 'graduate' || g || '@bench.test', $1, ($3::text[])[1 + g % 6] || ' ' || lpad(g::text, 4, '0'), '{learner}', $2, ($4::text[])[1 + g % 6]
       FROM generate_series(1, $5) g`,
    [passwordHash, academyId, locales.map((l) => NAMES[l]), locales, learners],
  );
  await db.query(
    `INSERT INTO enrolments (cohort_id, user_id, status, completed_at) SELECT $1, id, 'completed', now() FROM users WHERE email LIKE 'graduate%@bench.test'`,
    [cohort.id],
  );
  await db.query(
    `INSERT INTO lesson_completions (cohort_id, user_id, lesson_id) SELECT $1, user_id, $2 FROM enrolments WHERE cohort_id = $1`,
    [cohort.id, lesson.id],
  );
  await db.query('ANALYZE');
  return { cohortId: cohort.id, adminId: admin.id };
}
