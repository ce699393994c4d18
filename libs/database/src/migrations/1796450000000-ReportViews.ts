import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report views (issue 13, ADR 0010): each context publishes, read-only, what a training report may count of its data.
 * A view's columns are its owner's reporting contract; the owner may change its tables as long as the view keeps its
 * shape. Only `libs/evaluation/src/repositories/reports.repository.ts` reads them (`scripts/cross-context.py` counts any
 * other reader). Each view's comment starts with its owner (`identity: ...`): the script reads the owner from there.
 *
 * Two views read, beside their owner's tables, what their owner already depends on through services:
 * - `report_enrolments` (cohorts) takes `course_id` from `course_versions`, as `CoursesService.snapshot` gives it;
 * - `report_knowledge` (assessments) takes the cohort's version from `cohorts` (`CohortsService.find`) and the frozen
 *   assessments of that version from `course_versions.snapshot -> contributions -> assessments`, the part assessments
 *   itself contributed at publication (`AttemptsService.frozenAssessments`).
 */
export class ReportViews1796450000000 implements MigrationInterface {
  name = 'ReportViews1796450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // identity: people with an academy, described for reporting; country and time zone are their academy's.
    await queryRunner.query(`
      CREATE VIEW "report_people" AS
      SELECT u.id AS user_id, u.academy_id, a.country, u.sex, u.agency_type, u."function", a.time_zone
        FROM "users" u
        JOIN "academies" a ON a.id = u.academy_id`);
    await queryRunner.query(
      `COMMENT ON VIEW "report_people" IS 'identity: one row per user with an academy; sex, agency_type, function NULL = not recorded; country and time_zone of the academy'`,
    );

    // cohorts: enrolment periods that were not withdrawn; completed_at only once completed.
    await queryRunner.query(`
      CREATE VIEW "report_enrolments" AS
      SELECT e.user_id, e.cohort_id, v.course_id, c.course_version_id, c.academy_id AS cohort_academy_id, e.enrolled_at,
             CASE WHEN e.status = 'completed' THEN e.completed_at END AS completed_at
        FROM "enrolments" e
        JOIN "cohorts" c ON c.id = e.cohort_id
        JOIN "course_versions" v ON v.id = c.course_version_id
       WHERE e.status <> 'withdrawn'`);
    await queryRunner.query(
      `COMMENT ON VIEW "report_enrolments" IS 'cohorts: one row per enrolment that was not withdrawn; completed_at NULL until completed'`,
    );

    // courses: the courses' codes and titles, to name the rows of a breakdown by course.
    await queryRunner.query(`
      CREATE VIEW "report_courses" AS
      SELECT id AS course_id, academy_id, code, title FROM "courses"`);
    await queryRunner.query(`COMMENT ON VIEW "report_courses" IS 'courses: one row per course; title per language'`);

    // assessments: the gradebook's counted attempts (ResultsService.gradebook): of the cohort's version, the first
    // pre_test and the last post_test as frozen in it; of a learner's graded attempts at each, the last one (policy
    // `last`) or the best (otherwise; the earliest of equal bests). Graded when submitted, or at its last hand-marked
    // answer.
    await queryRunner.query(`
      CREATE VIEW "report_knowledge" AS
      WITH frozen AS (
        SELECT v.id AS course_version_id, x.a, x.n
          FROM "course_versions" v
         CROSS JOIN LATERAL jsonb_array_elements(COALESCE(v.snapshot -> 'contributions' -> 'assessments', '[]'::jsonb)) WITH ORDINALITY AS x(a, n)
         WHERE v.id IN (SELECT course_version_id FROM "cohorts")
      ),
      tests AS (
        SELECT course_version_id,
               (array_agg((a ->> 'id')::uuid ORDER BY n) FILTER (WHERE a ->> 'kind' = 'pre_test'))[1] AS pre_id,
               (array_agg(COALESCE(a ->> 'policy', 'best') ORDER BY n) FILTER (WHERE a ->> 'kind' = 'pre_test'))[1] AS pre_policy,
               (array_agg((a ->> 'id')::uuid ORDER BY n DESC) FILTER (WHERE a ->> 'kind' = 'post_test'))[1] AS post_id,
               (array_agg(COALESCE(a ->> 'policy', 'best') ORDER BY n DESC) FILTER (WHERE a ->> 'kind' = 'post_test'))[1] AS post_policy
          FROM frozen
         GROUP BY course_version_id
      ),
      counted AS (
        SELECT DISTINCT ON (t.cohort_id, t.user_id, t.assessment_id)
               t.id, t.cohort_id, t.user_id, t.assessment_id, t.percent, t.submitted_at, t.started_at, (t.assessment_id = s.pre_id) AS is_pre
          FROM "attempts" t
          JOIN "cohorts" c ON c.id = t.cohort_id
          JOIN tests s ON s.course_version_id = c.course_version_id
         WHERE t.status = 'graded' AND t.assessment_id IN (s.pre_id, s.post_id)
         ORDER BY t.cohort_id, t.user_id, t.assessment_id,
                  CASE WHEN (CASE WHEN t.assessment_id = s.pre_id THEN s.pre_policy ELSE s.post_policy END) = 'last' THEN t.number END DESC NULLS LAST,
                  t.percent DESC, t.number
      )
      SELECT pre.user_id, pre.cohort_id, pre.percent AS pre_percent, post.percent AS post_percent,
             GREATEST(COALESCE(post.submitted_at, post.started_at),
                      (SELECT max(r.graded_at) FROM "responses" r WHERE r.attempt_id = post.id)) AS post_graded_at
        FROM counted pre
        JOIN counted post ON post.cohort_id = pre.cohort_id AND post.user_id = pre.user_id AND NOT post.is_pre
       WHERE pre.is_pre`);
    await queryRunner.query(
      `COMMENT ON VIEW "report_knowledge" IS 'assessments: one row per learner and cohort with a counted pre-test and post-test (the gradebook rule); percents 0-100'`,
    );

    // certificates: certificates that were not revoked.
    await queryRunner.query(`
      CREATE VIEW "report_certificates" AS
      SELECT user_id, cohort_id, issued_at FROM "certificates" WHERE revoked_at IS NULL`);
    await queryRunner.query(`COMMENT ON VIEW "report_certificates" IS 'certificates: one row per certificate not revoked'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const view of ['report_certificates', 'report_knowledge', 'report_courses', 'report_enrolments', 'report_people'])
      await queryRunner.query(`DROP VIEW "${view}"`);
  }
}
