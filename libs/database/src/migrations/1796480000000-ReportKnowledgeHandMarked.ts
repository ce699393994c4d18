import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `report_knowledge` (assessments, issue 13 point 6) without a subquery per counted post-test: a post-test is graded at
 * its submission or at its last hand-marked answer, and only hand-marked answers have a `graded_at`. The view now joins
 * the latest `graded_at` of each attempt that has one, read from a partial index of those answers alone, instead of
 * probing `responses` once per learner. Same columns, same rows.
 */
export class ReportKnowledgeHandMarked1796480000000 implements MigrationInterface {
  name = 'ReportKnowledgeHandMarked1796480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "responses_hand_marked" ON "responses" ("attempt_id", "graded_at") WHERE "graded_at" IS NOT NULL`,
    );
    await queryRunner.query(
      view(
        `
      LEFT JOIN (SELECT attempt_id, max(graded_at) AS graded_at FROM "responses" WHERE graded_at IS NOT NULL GROUP BY attempt_id) marked
             ON marked.attempt_id = post.id`,
        'marked.graded_at',
      ),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(view('', `(SELECT max(r.graded_at) FROM "responses" r WHERE r.attempt_id = post.id)`));
    await queryRunner.query(`DROP INDEX "responses_hand_marked"`);
  }
}

/** The view of migration 1796450000000 with `join` after the pair and `marked` as the last hand-marking. */
function view(join: string, marked: string): string {
  return `
    CREATE OR REPLACE VIEW "report_knowledge" AS
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
           GREATEST(COALESCE(post.submitted_at, post.started_at), ${marked}) AS post_graded_at
      FROM counted pre
      JOIN counted post ON post.cohort_id = pre.cohort_id AND post.user_id = pre.user_id AND NOT post.is_pre${join}
     WHERE pre.is_pre`;
}
