import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';
import type { MissionState, RecommendationState } from '../assistance-model';
import type { EvaluationRespondent, MissionReport, Recommendation, RecommendationUpdate } from '../entities/mission-record.entity';

/** What the outcomes of a mission need to know of it: its dates and state, and who asked for it. */
export interface MissionFacts {
  id: string;
  status: MissionState;
  startsOn: string;
  endsOn: string;
  requestId: string;
  reference: string;
  title: string;
  requestLocale: string;
  institutionId: string;
  institutionAcademyId: string | null;
  institutionName: LocaleMap;
}

/** An expert of a mission, as far as the outcomes care: their account and whether they lead. */
export interface MissionExpertFacts {
  expertId: string;
  userId: string | null;
  fullName: string;
  lead: boolean;
}

/** A recommendation with where it stands: overdue or not, the follow-up waves due and those its owner has answered. */
export interface RecommendationRow extends Recommendation {
  /** The requesting institution of its mission. */
  institutionId: string;
  reference: string;
  title: string;
  endsOn: string;
  overdue: boolean;
  dueWaves: number[];
  answeredWaves: number[];
}

/** One due follow-up claimed by this worker (its `notified_at` set in the claiming transaction). */
export interface ClaimedFollowUp {
  missionId: string;
  wave: 3 | 6;
  dueOn: string;
}

/** The follow-up waves of the recommendation's mission that are due (`due_on` today or earlier). */
const DUE_WAVES = `ARRAY(SELECT f.wave::int FROM assistance_mission_follow_ups f
                          WHERE f.mission_id = rc.mission_id AND f.due_on <= CURRENT_DATE ORDER BY f.wave)`;
/** The waves the recommendation's owner has answered (an update given at that follow-up). */
const ANSWERED_WAVES = `ARRAY(SELECT DISTINCT u.wave::int FROM assistance_recommendation_updates u
                               WHERE u.recommendation_id = rc.id AND u.wave IS NOT NULL ORDER BY 1)`;
/**
 * Overdue (`isOverdue` in mission-evaluations-model.ts says the same): not implemented, and past its due date or with a
 * follow-up of its mission due that no update of the recommendation answers.
 */
export const OVERDUE_SQL = `(rc.status <> 'implemented' AND (rc.due_on < CURRENT_DATE OR EXISTS (
    SELECT 1 FROM assistance_mission_follow_ups f
     WHERE f.mission_id = rc.mission_id AND f.due_on <= CURRENT_DATE
       AND NOT EXISTS (SELECT 1 FROM assistance_recommendation_updates u WHERE u.recommendation_id = rc.id AND u.wave = f.wave))))`;

const RECOMMENDATION_COLUMNS = `rc.id, rc.mission_id AS "missionId", rc.position, rc.body, rc.owner,
       rc.owner_institution_id AS "ownerInstitutionId", rc.due_on::text AS "dueOn", rc.status,
       rc.updated_by AS "updatedBy", rc.updated_at AS "updatedAt",
       r.institution_id AS "institutionId", r.reference, r.title, m.ends_on::text AS "endsOn",
       ${OVERDUE_SQL} AS overdue, ${DUE_WAVES} AS "dueWaves", ${ANSWERED_WAVES} AS "answeredWaves"`;

/** TypeORM answers the rows of an UPDATE's RETURNING as `[rows, affected]` (an INSERT's as the rows themselves). */
function updated<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? (result[0] as T[])
    : (result as T[]);
}

/**
 * Whether one kind of respondent of a mission reached the threshold, as a condition every statement that reads
 * answers carries: below it such a statement finds no row, so nothing but the count leaves the database.
 */
const OVER_THRESHOLD = `(SELECT count(*) FROM assistance_evaluations x WHERE x.mission_id = e.mission_id AND x.respondent = e.respondent) >= $2`;

/**
 * Mission reports, recommendations and their updates, the 3- and 6-month follow-ups, evaluation invitations and
 * answers (migration 1796510000000), and what these need to read of missions, requests, institutions and experts (the
 * same context's tables). Writes and locks take the caller's manager first; reads take a manager last.
 * Who answered an evaluation and what was answered are written together and never read together: no statement here
 * joins `assistance_evaluation_invitations` and `assistance_evaluations`.
 */
@Injectable()
export class OutcomesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- missions, as the outcomes see them ------------------------------------------------------------------

  /** The mission and who asked for it; `lock`: the mission's row is held (share) for the caller's transaction. */
  async mission(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<MissionFacts | null> {
    const [row] = await manager.query<MissionFacts[]>(
      `SELECT m.id, m.status, m.starts_on::text AS "startsOn", m.ends_on::text AS "endsOn", m.request_id AS "requestId",
              r.reference, r.title, r.locale AS "requestLocale", r.institution_id AS "institutionId",
              i.academy_id AS "institutionAcademyId", i.name AS "institutionName"
         FROM assistance_missions m
         JOIN assistance_requests r ON r.id = m.request_id
         JOIN assistance_institutions i ON i.id = r.institution_id
        WHERE m.id = $1 ${lock ? 'FOR SHARE OF m' : ''}`,
      [id],
    );
    return row ?? null;
  }

  experts(missionId: string, manager: EntityManager = this.dataSource.manager): Promise<MissionExpertFacts[]> {
    return manager.query<MissionExpertFacts[]>(
      `SELECT e.id AS "expertId", e.user_id AS "userId", e.full_name AS "fullName", me.lead
         FROM assistance_mission_experts me JOIN assistance_experts e ON e.id = me.expert_id
        WHERE me.mission_id = $1 ORDER BY me.lead DESC, e.full_name`,
      [missionId],
    );
  }

  /** The people of the participants who have an account (guests without one are not asked to evaluate). */
  participantUsers(missionId: string, manager: EntityManager = this.dataSource.manager): Promise<{ id: string; userId: string }[]> {
    return manager.query(
      `SELECT id, user_id AS "userId" FROM assistance_mission_participants WHERE mission_id = $1 AND user_id IS NOT NULL`,
      [missionId],
    );
  }

  /** The focal points tied to these institutions, and the academies among them (whose administrators speak for them). */
  async institutionPeople(
    institutionIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ focalPoints: { userId: string; institutionId: string }[]; academies: { institutionId: string; academyId: string }[] }> {
    if (!institutionIds.length) return { focalPoints: [], academies: [] };
    const focalPoints = await manager.query<{ userId: string; institutionId: string }[]>(
      `SELECT user_id AS "userId", institution_id AS "institutionId" FROM assistance_focal_points WHERE institution_id = ANY($1::uuid[])`,
      [institutionIds],
    );
    const academies = await manager.query<{ institutionId: string; academyId: string }[]>(
      `SELECT id AS "institutionId", academy_id AS "academyId" FROM assistance_institutions WHERE id = ANY($1::uuid[]) AND academy_id IS NOT NULL`,
      [institutionIds],
    );
    return { focalPoints, academies };
  }

  /** Which of these ids are institutions of the facility. */
  async existingInstitutions(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, LocaleMap>> {
    if (!ids.length) return new Map();
    const rows = await manager.query<{ id: string; name: LocaleMap }[]>(
      `SELECT id, name FROM assistance_institutions WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  // ---- reports ---------------------------------------------------------------------------------------------

  async report(missionId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<MissionReport | null> {
    const [row] = await manager.query<MissionReport[]>(
      `SELECT mission_id AS "missionId", author_id AS "authorId", locale, activities, findings, submitted_at AS "submittedAt",
              created_at AS "createdAt", updated_at AS "updatedAt"
         FROM assistance_mission_reports WHERE mission_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [missionId],
    );
    return row ?? null;
  }

  /** The mission's draft, made now if there is none (two first saves at once: one row), then held for the caller. */
  async lockDraft(manager: EntityManager, missionId: string, authorId: string, locale: string): Promise<MissionReport> {
    await manager.query(
      `INSERT INTO assistance_mission_reports (mission_id, author_id, locale) VALUES ($1, $2, $3) ON CONFLICT (mission_id) DO NOTHING`,
      [missionId, authorId, locale],
    );
    return (await this.report(missionId, manager, true))!;
  }

  async saveDraft(
    manager: EntityManager,
    missionId: string,
    fields: { authorId: string; locale: string; activities: string; findings: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE assistance_mission_reports SET author_id = $2, locale = $3, activities = $4, findings = $5, updated_at = now()
        WHERE mission_id = $1 AND submitted_at IS NULL`,
      [missionId, fields.authorId, fields.locale, fields.activities, fields.findings],
    );
  }

  /** The draft's recommendations replaced by these, in this order (a draft's have no updates yet). */
  async replaceRecommendations(
    manager: EntityManager,
    missionId: string,
    items: { body: string; owner: string; ownerInstitutionId: string | null; dueOn: string }[],
  ): Promise<void> {
    await manager.query(`DELETE FROM assistance_recommendations WHERE mission_id = $1`, [missionId]);
    for (const [position, item] of items.entries())
      await manager.query(
        `INSERT INTO assistance_recommendations (mission_id, position, body, owner, owner_institution_id, due_on) VALUES ($1, $2, $3, $4, $5, $6)`,
        [missionId, position + 1, item.body, item.owner, item.ownerInstitutionId, item.dueOn],
      );
  }

  /** Submits the draft: answers false when it was submitted already (nothing changed). */
  async submit(manager: EntityManager, missionId: string): Promise<boolean> {
    const rows = updated<unknown>(
      await manager.query(
        `UPDATE assistance_mission_reports SET submitted_at = now(), updated_at = now()
          WHERE mission_id = $1 AND submitted_at IS NULL RETURNING mission_id`,
        [missionId],
      ),
    );
    return rows.length > 0;
  }

  // ---- recommendations ------------------------------------------------------------------------------------

  /** A mission's recommendations in order, each with where it stands. */
  ofMission(missionId: string, manager: EntityManager = this.dataSource.manager): Promise<RecommendationRow[]> {
    return manager.query<RecommendationRow[]>(
      `SELECT ${RECOMMENDATION_COLUMNS}
         FROM assistance_recommendations rc
         JOIN assistance_missions m ON m.id = rc.mission_id
         JOIN assistance_requests r ON r.id = m.request_id
        WHERE rc.mission_id = $1 ORDER BY rc.position`,
      [missionId],
    );
  }

  /** One recommendation of a submitted report; `lock`: held for the caller's transaction. */
  async recommendation(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<RecommendationRow | null> {
    const [row] = await manager.query<RecommendationRow[]>(
      `SELECT ${RECOMMENDATION_COLUMNS}
         FROM assistance_recommendations rc
         JOIN assistance_mission_reports rp ON rp.mission_id = rc.mission_id AND rp.submitted_at IS NOT NULL
         JOIN assistance_missions m ON m.id = rc.mission_id
         JOIN assistance_requests r ON r.id = m.request_id
        WHERE rc.id = $1 ${lock ? 'FOR UPDATE OF rc' : ''}`,
      [id],
    );
    return row ?? null;
  }

  /**
   * One page of the recommendations of submitted reports that a reader may see: every one (`all`), or those owned by
   * the reader's institution, of missions it asked for, or of missions the reader is an expert on. Overdue first
   * by due date.
   */
  async page(
    scope: { all: boolean; institutionId: string | null; userId: string },
    filter: { overdue: boolean; status?: RecommendationState; missionId?: string },
    limit: number,
    offset: number,
  ): Promise<{ rows: RecommendationRow[]; total: number }> {
    const rows = await this.dataSource.query<(RecommendationRow & { total: number })[]>(
      `SELECT ${RECOMMENDATION_COLUMNS}, count(*) OVER ()::int AS total
         FROM assistance_recommendations rc
         JOIN assistance_mission_reports rp ON rp.mission_id = rc.mission_id AND rp.submitted_at IS NOT NULL
         JOIN assistance_missions m ON m.id = rc.mission_id
         JOIN assistance_requests r ON r.id = m.request_id
        WHERE ($1::boolean OR rc.owner_institution_id = $2::uuid OR r.institution_id = $2::uuid
               OR EXISTS (SELECT 1 FROM assistance_mission_experts me JOIN assistance_experts e ON e.id = me.expert_id
                           WHERE me.mission_id = rc.mission_id AND e.user_id = $3))
          AND (NOT $4::boolean OR ${OVERDUE_SQL})
          AND ($5::text IS NULL OR rc.status = $5)
          AND ($6::uuid IS NULL OR rc.mission_id = $6::uuid)
        ORDER BY ${OVERDUE_SQL} DESC, rc.due_on, r.reference, rc.position
        LIMIT $7 OFFSET $8`,
      [scope.all, scope.institutionId, scope.userId, filter.overdue, filter.status ?? null, filter.missionId ?? null, limit, offset],
    );
    return { rows, total: rows[0]?.total ?? 0 };
  }

  /** A mark of progress: the update row and the recommendation's own status, in the caller's transaction. */
  async mark(
    manager: EntityManager,
    id: string,
    update: { status: RecommendationState; note: string; wave: 3 | 6 | null; by: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO assistance_recommendation_updates (recommendation_id, wave, status, note, by) VALUES ($1, $2, $3, $4, $5)`,
      [id, update.wave, update.status, update.note, update.by],
    );
    await manager.query(`UPDATE assistance_recommendations SET status = $2, updated_by = $3, updated_at = now() WHERE id = $1`, [
      id,
      update.status,
      update.by,
    ]);
  }

  history(id: string, manager: EntityManager = this.dataSource.manager): Promise<RecommendationUpdate[]> {
    return manager.query<RecommendationUpdate[]>(
      `SELECT id, recommendation_id AS "recommendationId", wave, status, note, by, at
         FROM assistance_recommendation_updates WHERE recommendation_id = $1 ORDER BY at DESC, id`,
      [id],
    );
  }

  // ---- follow-ups -------------------------------------------------------------------------------------------

  /**
   * Claims one follow-up that fell due (its mission's report submitted) in the caller's transaction: a conditional
   * `UPDATE … WHERE notified_at IS NULL` over a row taken with `SKIP LOCKED`, so two workers never claim the same one,
   * and a worker that fails before committing leaves it to the next run. Undefined when none is due.
   */
  async claimDueFollowUp(manager: EntityManager): Promise<ClaimedFollowUp | undefined> {
    const [row] = updated<{ missionId: string; wave: number; dueOn: string }>(
      await manager.query(
        `UPDATE assistance_mission_follow_ups f SET notified_at = now()
        WHERE (f.mission_id, f.wave) = (
                SELECT d.mission_id, d.wave FROM assistance_mission_follow_ups d
                  JOIN assistance_mission_reports rp ON rp.mission_id = d.mission_id AND rp.submitted_at IS NOT NULL
                 WHERE d.due_on <= CURRENT_DATE AND d.notified_at IS NULL
                 ORDER BY d.due_on, d.mission_id, d.wave
                 LIMIT 1 FOR UPDATE OF d SKIP LOCKED)
          AND f.notified_at IS NULL
        RETURNING f.mission_id AS "missionId", f.wave::int AS wave, f.due_on::text AS "dueOn"`,
      ),
    );
    return row ? { missionId: row.missionId, wave: row.wave as 3 | 6, dueOn: row.dueOn } : undefined;
  }

  /** The recommendations of a mission not yet implemented, with the institution whose people answer for each. */
  openRecommendations(manager: EntityManager, missionId: string): Promise<{ id: string; answeringInstitutionId: string }[]> {
    return manager.query(
      `SELECT rc.id, coalesce(rc.owner_institution_id, r.institution_id) AS "answeringInstitutionId"
         FROM assistance_recommendations rc
         JOIN assistance_missions m ON m.id = rc.mission_id
         JOIN assistance_requests r ON r.id = m.request_id
        WHERE rc.mission_id = $1 AND rc.status <> 'implemented'`,
      [missionId],
    );
  }

  // ---- evaluations: who was asked, and whether they answered ----------------------------------------------------

  /** Invites these people (each once per mission and capacity); answers the ones invited now. */
  async invite(
    manager: EntityManager,
    missionId: string,
    respondent: EvaluationRespondent,
    people: { userId: string; participantId?: string }[],
  ): Promise<string[]> {
    const invited: string[] = [];
    for (const person of people) {
      const rows = await manager.query<{ user_id: string }[]>(
        `INSERT INTO assistance_evaluation_invitations (mission_id, respondent, user_id, participant_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (mission_id, respondent, user_id) WHERE user_id IS NOT NULL DO NOTHING RETURNING user_id`,
        [missionId, respondent, person.userId, person.participantId ?? null],
      );
      if (rows.length) invited.push(person.userId);
    }
    return invited;
  }

  /** The person's invitations to evaluate the mission: in which capacity, and whether answered. */
  invitationsOf(
    missionId: string,
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; respondent: EvaluationRespondent; answered: boolean }[]> {
    return manager.query(
      `SELECT id, respondent, answered_on IS NOT NULL AS answered FROM assistance_evaluation_invitations
        WHERE mission_id = $1 AND user_id = $2 ORDER BY array_position(ARRAY['participant', 'expert', 'host']::varchar[], respondent)`,
      [missionId, userId],
    );
  }

  /** Per kind of respondent: invited and answered. */
  invitationCounts(missionId: string): Promise<{ respondent: EvaluationRespondent; invited: number; answered: number }[]> {
    return this.dataSource.query(
      `SELECT respondent, count(*)::int AS invited, count(answered_on)::int AS answered
         FROM assistance_evaluation_invitations WHERE mission_id = $1 GROUP BY respondent`,
      [missionId],
    );
  }

  /**
   * Records, in the caller's transaction, that the invitation was answered (the day only) and, apart from it, the
   * answers (a random id, the mission and the kind of respondent, no person, no time). False, and nothing written,
   * when the invitation was answered already. The caller holds the mission's evaluation lock (`lockEvaluations`).
   */
  async answer(
    manager: EntityManager,
    invitationId: string,
    evaluation: { missionId: string; respondent: EvaluationRespondent; templateId: string; answers: Record<string, number | string> },
  ): Promise<boolean> {
    const marked = updated<unknown>(
      await manager.query(
        `UPDATE assistance_evaluation_invitations SET answered_on = CURRENT_DATE WHERE id = $1 AND answered_on IS NULL RETURNING id`,
        [invitationId],
      ),
    );
    if (!marked.length) return false;
    await manager.query(`INSERT INTO assistance_evaluations (mission_id, respondent, template_id, answers) VALUES ($1, $2, $3, $4)`, [
      evaluation.missionId,
      evaluation.respondent,
      evaluation.templateId,
      JSON.stringify(evaluation.answers),
    ]);
    // As the survey engine does (SurveyAnswersRepository.record): every row carries its transaction's id (`xmin`), so
    // the new answers and the invitation would share one. Rewriting all of the mission's answers here, in a random
    // order, gives them all this transaction's id; the caller's lock keeps answers written at once from keeping theirs.
    await manager.query(
      `UPDATE assistance_evaluations e SET answers = e.answers
         FROM (SELECT id FROM assistance_evaluations WHERE mission_id = $1 ORDER BY random()) s
        WHERE e.id = s.id`,
      [evaluation.missionId],
    );
    return true;
  }

  /** One mission's answers are written one at a time (a transaction-scoped advisory lock on the mission). */
  async lockEvaluations(manager: EntityManager, missionId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('assistance_evaluations:' || $1::text, 0))`, [missionId]);
  }

  // ---- evaluations: what may be read of the answers ---------------------------------------------------------------

  /** How many answered, per kind of respondent. */
  responseCounts(missionId: string): Promise<{ respondent: EvaluationRespondent; responses: number }[]> {
    return this.dataSource.query(
      `SELECT respondent, count(*)::int AS responses FROM assistance_evaluations WHERE mission_id = $1 GROUP BY respondent`,
      [missionId],
    );
  }

  /** Answers per kind of respondent, item and value, only of the kinds that reached `min` answers. */
  distribution(
    missionId: string,
    min: number,
  ): Promise<{ respondent: EvaluationRespondent; itemId: string; value: number; count: number }[]> {
    return this.dataSource.query(
      `SELECT e.respondent, a.key AS "itemId", (a.value #>> '{}')::int AS value, count(*)::int AS count
         FROM assistance_evaluations e CROSS JOIN LATERAL jsonb_each(e.answers) a
        WHERE e.mission_id = $1 AND jsonb_typeof(a.value) = 'number' AND ${OVER_THRESHOLD}
        GROUP BY 1, 2, 3`,
      [missionId, min],
    );
  }

  /** The open answers of the kinds that reached `min` answers, in a random order (never the order written). */
  openAnswers(missionId: string, min: number): Promise<{ respondent: EvaluationRespondent; itemId: string; text: string }[]> {
    return this.dataSource.query(
      `SELECT e.respondent, a.key AS "itemId", a.value #>> '{}' AS text
         FROM assistance_evaluations e CROSS JOIN LATERAL jsonb_each(e.answers) a
        WHERE e.mission_id = $1 AND jsonb_typeof(a.value) = 'string' AND ${OVER_THRESHOLD}
        ORDER BY random()`,
      [missionId, min],
    );
  }
}
