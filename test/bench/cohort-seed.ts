import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * A cohort of `learners` people on a course of 6 modules x 3 lessons, with 10 held sessions and
 * realistic progress (attendance and lessons spread over everyone), written straight in SQL.
 */
export async function seedLargeCohort(
  db: DataSource,
  academyId: string,
  passwordHash: string,
  learners = 1000,
): Promise<{ cohortId: string; trainerId: string; sessionCookie: string; token?: string }> {
  const [trainer] = await db.query<{ id: string }[]>(
    `INSERT INTO users (email, password_hash, full_name, roles, academy_id, locale) VALUES ('bench.trainer@example.test', $1, 'Bench Trainer', '{trainer}', $2, 'en') RETURNING id`,
    [passwordHash, academyId],
  );
  const [course] = await db.query<{ id: string }[]>(
    `INSERT INTO courses (academy_id, code, title) VALUES ($1, 'BENCH', '{"en":"Bench course"}') RETURNING id`,
    [academyId],
  );
  const modules = Array.from({ length: 6 }, (_, m) => ({
    id: randomUUID(),
    position: m + 1,
    title: { en: `Module ${m + 1}` },
    objectives: [],
    scenarioHtml: {},
    tags: [],
    lessons: Array.from({ length: 3 }, (_, l) => ({
      id: randomUUID(),
      position: l + 1,
      title: { en: `Lesson ${l + 1}` },
      bodyHtml: { en: '<p>Text</p>' },
      durationMinutes: 30,
      tags: [],
    })),
  }));
  const lessonIds = modules.flatMap((m) => m.lessons.map((l) => l.id));
  const snapshot = {
    course: {
      id: course.id,
      academyId,
      code: 'BENCH',
      title: { en: 'Bench course' },
      summary: {},
      objectives: [],
      tags: [],
      shared: false,
    },
    modules,
    lessonsTotal: lessonIds.length,
    durationMinutes: lessonIds.length * 30,
    contributions: {},
  };
  const [version] = await db.query<{ id: string }[]>(
    `INSERT INTO course_versions (course_id, number, published_at, locales, snapshot) VALUES ($1, 1, now(), '{en}', $2) RETURNING id`,
    [course.id, JSON.stringify(snapshot)],
  );
  const [cohort] = await db.query<{ id: string }[]>(
    `INSERT INTO cohorts (academy_id, course_version_id, name, locale, starts_on, ends_on, status, completion)
     VALUES ($1, $2, 'Bench cohort', 'en', '2026-09-01', '2026-12-31', 'running', '{"minAttendancePercent":80,"requireAllLessons":true,"excused":"exclude","requiredAssessmentIds":null}') RETURNING id`,
    [academyId, version.id],
  );
  await db.query('INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2)', [cohort.id, trainer.id]);
  await db.query(
    `INSERT INTO users (email, password_hash, full_name, roles, academy_id, locale, agency)
     SELECT 'learner' || g || '@bench.test', $1, 'Learner ' || lpad(g::text, 4, '0'), '{learner}', $2, 'en', 'Agency ' || (g % 7) FROM generate_series(1, $3) g`,
    [passwordHash, academyId, learners],
  );
  await db.query(
    `INSERT INTO enrolments (cohort_id, user_id, status) SELECT $1, id, 'in_progress' FROM users WHERE email LIKE '%@bench.test'`,
    [cohort.id],
  );
  await db.query(
    `INSERT INTO cohort_sessions (cohort_id, starts_at, ends_at, register_taken_at)
     SELECT $1, timestamptz '2026-09-01 06:00Z' + (g * interval '7 days'), timestamptz '2026-09-01 12:00Z' + (g * interval '7 days'), now() FROM generate_series(0, 9) g`,
    [cohort.id],
  );
  await db.query(
    `INSERT INTO attendance (session_id, user_id, status)
     SELECT s.id, e.user_id, (ARRAY['present','present','present','late','excused','absent'])[1 + (abs(hashtext(s.id::text || e.user_id::text)) % 6)]
       FROM cohort_sessions s JOIN enrolments e ON e.cohort_id = s.cohort_id WHERE s.cohort_id = $1`,
    [cohort.id],
  );
  await db.query(
    `INSERT INTO lesson_completions (cohort_id, user_id, lesson_id)
     SELECT $1, e.user_id, l.id FROM enrolments e CROSS JOIN unnest($2::uuid[]) WITH ORDINALITY AS l(id, n)
      WHERE e.cohort_id = $1 AND l.n <= 1 + abs(hashtext(e.user_id::text)) % 18`,
    [cohort.id, lessonIds],
  );
  await db.query('ANALYZE');
  const sessionCookie = randomBytes(32).toString('base64url');
  await db.query(`INSERT INTO web_sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`, [
    createHash('sha256').update(sessionCookie).digest('hex'),
    trainer.id,
    randomBytes(32).toString('base64url'),
  ]);
  return { cohortId: cohort.id, trainerId: trainer.id, sessionCookie };
}
