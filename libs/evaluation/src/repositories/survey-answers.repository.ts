import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { StoredAnswers } from '../survey-model';

/**
 * Whether a cohort's survey has reached its threshold, as a condition every statement that reads answers carries:
 * under `min_responses` answers such a statement finds no row at all, so nothing but the count leaves the database.
 */
const OVER_THRESHOLD = `(SELECT count(*) FROM survey_responses x WHERE x.cohort_survey_id = $1)
       >= (SELECT s.min_responses FROM cohort_surveys s WHERE s.id = $1)`;

/** Per cohort's survey and scale: how many Likert answers and their sum (a mean without rounding on the way). */
export interface ScaleSums {
  cohortSurveyId: string;
  responses: number;
  scale: string | null;
  n: number;
  total: number;
}

/**
 * The answers (`survey_invitations`, `survey_responses`) and what may be read of them. Who answered and what was
 * answered are written together and never read together: no statement here joins the two tables.
 */
@Injectable()
export class SurveyAnswersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  hasAnswered(cohortSurveyId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager
      .query<unknown[]>(`SELECT 1 FROM survey_invitations WHERE cohort_survey_id = $1 AND user_id = $2`, [cohortSurveyId, userId])
      .then((rows) => rows.length > 0);
  }

  /**
   * Records, in the caller's transaction (which holds the survey's lock), that the person answered (the day only)
   * and, apart from it, the answers (a random id, no person, no time). Answers the day recorded; undefined, and nothing written, when the person
   * had answered already.
   */
  async record(manager: EntityManager, cohortSurveyId: string, userId: string, answers: StoredAnswers): Promise<string | undefined> {
    const [invited] = await manager.query<{ answered_on: string }[]>(
      `INSERT INTO survey_invitations (cohort_survey_id, user_id, answered_on) VALUES ($1, $2, CURRENT_DATE)
       ON CONFLICT (cohort_survey_id, user_id) DO NOTHING RETURNING answered_on::text`,
      [cohortSurveyId, userId],
    );
    if (!invited) return undefined;
    await manager.query(`INSERT INTO survey_responses (cohort_survey_id, answers) VALUES ($1, $2)`, [
      cohortSurveyId,
      JSON.stringify(answers),
    ]);
    // Every row PostgreSQL writes carries the id of its transaction (the system column `xmin`), so the new response
    // and the invitation would share one. Rewriting all of the survey's responses here (in a random order) gives them
    // all this transaction's id: it then points at every response, not at the new one. The caller holds the survey's
    // lock, so no answer written at the same moment keeps an id of its own.
    await manager.query(
      `UPDATE survey_responses r SET answers = r.answers
         FROM (SELECT id FROM survey_responses WHERE cohort_survey_id = $1 ORDER BY random()) s
        WHERE r.id = s.id`,
      [cohortSurveyId],
    );
    return invited.answered_on;
  }

  /** How many answered (responses) and whether that reaches the survey's threshold. */
  async count(cohortSurveyId: string, manager: EntityManager = this.dataSource.manager): Promise<{ responses: number; shown: boolean }> {
    const [row] = await manager.query<{ responses: number; shown: boolean }[]>(
      `SELECT count(r.id)::int AS responses, count(r.id) >= s.min_responses AS shown
         FROM cohort_surveys s LEFT JOIN survey_responses r ON r.cohort_survey_id = s.id
        WHERE s.id = $1 GROUP BY s.id`,
      [cohortSurveyId],
    );
    return row ?? { responses: 0, shown: false };
  }

  /** Answers per item and value (Likert values, option numbers), only once the threshold is reached. */
  distribution(cohortSurveyId: string): Promise<{ itemId: string; value: number; count: number }[]> {
    return this.dataSource.query(
      `SELECT a.key AS "itemId", (a.value #>> '{}')::int AS value, count(*)::int AS count
         FROM survey_responses r CROSS JOIN LATERAL jsonb_each(r.answers) a
        WHERE r.cohort_survey_id = $1 AND jsonb_typeof(a.value) = 'number' AND ${OVER_THRESHOLD}
        GROUP BY 1, 2`,
      [cohortSurveyId],
    );
  }

  /** The open answers, in a random order (never the order written), only once the threshold is reached. */
  openAnswers(cohortSurveyId: string): Promise<{ itemId: string; text: string }[]> {
    return this.dataSource.query(
      `SELECT a.key AS "itemId", a.value #>> '{}' AS text
         FROM survey_responses r CROSS JOIN LATERAL jsonb_each(r.answers) a
        WHERE r.cohort_survey_id = $1 AND jsonb_typeof(a.value) = 'string' AND ${OVER_THRESHOLD}
        ORDER BY random()`,
      [cohortSurveyId],
    );
  }

  /**
   * For comparing cohorts on one template: per cohort's survey that reached its own threshold, its responses and,
   * per scale, the count and sum of its Likert answers. Surveys under their threshold give no row.
   */
  async scaleSums(templateId: string, cohortSurveyIds: string[]): Promise<ScaleSums[]> {
    if (!cohortSurveyIds.length) return [];
    const rows = await this.dataSource.query<{ id: string; responses: number; scale: string | null; n: number; total: number }[]>(
      `WITH qualified AS (
         SELECT cs.id, count(r.id)::int AS responses
           FROM cohort_surveys cs JOIN survey_responses r ON r.cohort_survey_id = cs.id
          WHERE cs.template_id = $1 AND cs.id = ANY($2::uuid[])
          GROUP BY cs.id HAVING count(r.id) >= cs.min_responses)
       SELECT q.id, q.responses, i.scale, count(i.id)::int AS n,
              coalesce(sum(CASE WHEN i.id IS NOT NULL THEN (a.value #>> '{}')::int END), 0)::int AS total
         FROM qualified q
         JOIN survey_responses r ON r.cohort_survey_id = q.id
         LEFT JOIN LATERAL jsonb_each(r.answers) a ON true
         LEFT JOIN survey_template_items i ON i.template_id = $1 AND i.id::text = a.key AND i.type = 'likert'
        GROUP BY q.id, q.responses, i.scale`,
      [templateId, cohortSurveyIds],
    );
    return rows.map((r) => ({ cohortSurveyId: r.id, responses: r.responses, scale: r.scale, n: r.n, total: r.total }));
  }
}
