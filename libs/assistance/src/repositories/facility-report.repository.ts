import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';
import type { AssistanceFormat, MissionState, RecommendationState, RequestState, Topic } from '../assistance-model';
import { OVERDUE_SQL } from './outcomes.repository';

/**
 * What the facility's figures count: requests of these institutions (null: every one), of institutions of a country
 * (their own, or one of a regional organisation's members), of a topic; the period's first and last day (UTC).
 */
export interface FacilityScope {
  institutionIds: string[] | null;
  country: string | null;
  topic: Topic | null;
  from: string | null;
  to: string | null;
}

/** A group of a breakdown: its code (null: not recorded, or for countries a regional organisation) and its count. */
export interface Group<K extends string = string> {
  key: K | null;
  n: number;
}

export interface RequestFigures {
  total: number;
  byState: Group<RequestState>[];
  byCountry: Group[];
  byTopic: Group<Topic>[];
  /** Calendar days from submission to decision, of the requests decided. */
  decisionDays: { median: number | null; mean: number | null; n: number };
}

export interface MissionFigures {
  total: number;
  byState: Group<MissionState>[];
  byFormat: { format: AssistanceFormat; state: MissionState; n: number }[];
}

export interface RecommendationFigures {
  total: number;
  implemented: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
}

/** A recommendation past its due day, or with a follow-up wave past due and no word since. */
export interface OverdueRecommendation {
  id: string;
  missionId: string;
  requestId: string;
  reference: string;
  title: string;
  institution: LocaleMap;
  position: number;
  body: string;
  owner: string;
  dueOn: string;
  status: RecommendationState;
  pastDue: boolean;
  /** The latest follow-up wave (3 or 6 months) that fell due with no update since; null when none. */
  missedWave: 3 | 6 | null;
}

/** A request that waits for screening (submitted) or for a decision (being screened). */
export interface AwaitingRequest {
  id: string;
  reference: string;
  title: string;
  status: RequestState;
  topic: Topic;
  institution: LocaleMap;
  submittedAt: Date;
}

/**
 * The requests the figures count (`$1` institutions, `$2` country, `$3` topic): each with its institution's country
 * (null for a regional organisation) and name.
 */
const SCOPED = `
  scoped AS (
    SELECT r.id, r.reference, r.title, r.status, r.topic, r.format, r.submitted_at, r.decided_at, i.country, i.name AS institution
      FROM assistance_requests r
      JOIN assistance_institutions i ON i.id = r.institution_id
     WHERE ($1::uuid[] IS NULL OR r.institution_id = ANY($1::uuid[]))
       AND ($2::varchar IS NULL OR i.country = $2::varchar OR $2::varchar = ANY(i.countries))
       AND ($3::varchar IS NULL OR r.topic = $3::varchar)
  )`;

/** A day (a `date` column, or a UTC day of a time) within `$4` and `$5`, each open when null. */
const inPeriod = (day: string): string => `($4::date IS NULL OR ${day} >= $4::date) AND ($5::date IS NULL OR ${day} <= $5::date)`;
const utcDay = (column: string): string => `(${column} AT TIME ZONE 'UTC')::date`;

/**
 * The latest 3- or 6-month follow-up of the recommendation's mission that is due and that no update of the
 * recommendation answers (null: none); with `OVERDUE_SQL`, the outcomes' own definition of overdue, so that the
 * dashboard and the recommendations' list agree.
 */
const MISSED_WAVE = `
  (SELECT max(f.wave)::int FROM assistance_mission_follow_ups f
    WHERE f.mission_id = rc.mission_id AND f.due_on <= CURRENT_DATE
      AND NOT EXISTS (SELECT 1 FROM assistance_recommendation_updates u WHERE u.recommendation_id = rc.id AND u.wave = f.wave))`;

/** Which grouping set a row of a `GROUPING SETS` aggregation belongs to: the column it is grouped by, or `total`. */
const dimension = (columns: string[]): string =>
  `CASE ${columns.map((c) => `WHEN grouping(${c}) = 0 THEN '${c.replace(/^.*\./, '').replace(/"/g, '')}'`).join(' ')} ELSE 'total' END`;

/**
 * The facility's figures (issue 14 point 6): requests, missions and recommendations, each aggregated in one statement
 * over the context's own tables, with grouping sets for the breakdowns; the missions whose people the evaluation
 * context counts over the published view `report_assistance_participants` (migration 1796520000000).
 */
@Injectable()
export class FacilityReportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private params(scope: FacilityScope): unknown[] {
    return [scope.institutionIds, scope.country, scope.topic, scope.from, scope.to];
  }

  /** Requests submitted in the period (drafts never are) by state, country and topic; days to a decision. */
  async requests(scope: FacilityScope): Promise<RequestFigures> {
    const rows = await this.dataSource.query<
      {
        dim: string;
        status: RequestState;
        country: string | null;
        topic: Topic;
        n: number;
        decided: number;
        median: number | null;
        mean: number | null;
      }[]
    >(
      `WITH ${SCOPED},
       counted AS (
         SELECT status, country, topic, ${utcDay('decided_at')} - ${utcDay('submitted_at')} AS days
           FROM scoped
          WHERE status <> 'draft' AND submitted_at IS NOT NULL AND ${inPeriod(utcDay('submitted_at'))}
       )
       SELECT ${dimension(['status', 'country', 'topic'])} AS dim, status, country, topic, count(*)::int AS n,
              count(days)::int AS decided,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
              avg(days)::float8 AS mean
         FROM counted
        GROUP BY GROUPING SETS ((), (status), (country), (topic))`,
      this.params(scope),
    );
    const total = rows.find((r) => r.dim === 'total');
    return {
      total: total?.n ?? 0,
      byState: rows.filter((r) => r.dim === 'status').map((r) => ({ key: r.status, n: r.n })),
      byCountry: rows.filter((r) => r.dim === 'country').map((r) => ({ key: r.country, n: r.n })),
      byTopic: rows.filter((r) => r.dim === 'topic').map((r) => ({ key: r.topic, n: r.n })),
      decisionDays: { median: total?.median ?? null, mean: total?.mean ?? null, n: total?.decided ?? 0 },
    };
  }

  /** Missions whose last day is in the period, by state, and by the request's format and state. */
  async missions(scope: FacilityScope): Promise<MissionFigures> {
    const rows = await this.dataSource.query<{ dim: string; status: MissionState; format: AssistanceFormat; n: number }[]>(
      `WITH ${SCOPED}
       SELECT ${dimension(['s.format', 'm.status'])} AS dim, m.status, s.format, count(*)::int AS n
         FROM assistance_missions m
         JOIN scoped s ON s.id = m.request_id
        WHERE ${inPeriod('m.ends_on')}
        GROUP BY GROUPING SETS ((), (m.status), (s.format, m.status))`,
      this.params(scope),
    );
    return {
      total: rows.find((r) => r.dim === 'total')?.n ?? 0,
      byState: rows.filter((r) => r.dim === 'status').map((r) => ({ key: r.status, n: r.n })),
      byFormat: rows.filter((r) => r.dim === 'format').map((r) => ({ format: r.format, state: r.status, n: r.n })),
    };
  }

  /**
   * The delivered missions whose last day is in the period: the people they reached are counted by the evaluation
   * context, which reads `report_assistance_participants` beside `report_people` (ADR 0010).
   */
  async deliveredMissionIds(scope: FacilityScope): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH ${SCOPED}
       SELECT m.id
         FROM assistance_missions m
         JOIN scoped s ON s.id = m.request_id
        WHERE m.status = 'delivered' AND ${inPeriod('m.ends_on')}`,
      this.params(scope),
    );
    return rows.map((r) => r.id);
  }

  /** Recommendations of submitted mission reports of missions whose last day is in the period, by state; overdue today (the database's day). */
  async recommendations(scope: FacilityScope): Promise<{ figures: RecommendationFigures; today: string }> {
    const [{ today, ...figures }] = await this.dataSource.query<(RecommendationFigures & { today: string })[]>(
      `WITH ${SCOPED}
       SELECT CURRENT_DATE::text AS today, count(*)::int AS total,
              count(*) FILTER (WHERE rc.status = 'implemented')::int AS implemented,
              count(*) FILTER (WHERE rc.status = 'in_progress')::int AS "inProgress",
              count(*) FILTER (WHERE rc.status = 'not_started')::int AS "notStarted",
              count(*) FILTER (WHERE ${OVERDUE_SQL})::int AS overdue
         FROM assistance_recommendations rc
         JOIN assistance_mission_reports mr ON mr.mission_id = rc.mission_id AND mr.submitted_at IS NOT NULL
         JOIN assistance_missions m ON m.id = rc.mission_id
         JOIN scoped s ON s.id = m.request_id
        WHERE ${inPeriod('m.ends_on')}`,
      this.params(scope),
    );
    return { figures, today };
  }

  /** Every recommendation overdue today (whatever the period), the longest overdue first; at most `limit`, and how many. */
  async overdue(scope: FacilityScope, limit: number): Promise<{ rows: OverdueRecommendation[]; total: number }> {
    const rows = await this.dataSource.query<(OverdueRecommendation & { total: number })[]>(
      `WITH ${SCOPED}
       SELECT rc.id, rc.mission_id AS "missionId", s.id AS "requestId", s.reference, s.title, s.institution, rc.position,
              rc.body, rc.owner, rc.due_on::text AS "dueOn", rc.status, rc.due_on < CURRENT_DATE AS "pastDue",
              ${MISSED_WAVE} AS "missedWave", count(*) OVER ()::int AS total
         FROM assistance_recommendations rc
         JOIN assistance_mission_reports mr ON mr.mission_id = rc.mission_id AND mr.submitted_at IS NOT NULL
         JOIN assistance_missions m ON m.id = rc.mission_id
         JOIN scoped s ON s.id = m.request_id
        WHERE ${OVERDUE_SQL}
        ORDER BY rc.due_on, s.reference, rc.position
        LIMIT $4`,
      [scope.institutionIds, scope.country, scope.topic, limit],
    );
    return { rows: rows.map(({ total: _, ...row }) => row), total: rows[0]?.total ?? 0 };
  }

  /** Requests waiting for screening or for a decision (whatever the period), the longest waiting first; at most `limit`. */
  async awaiting(scope: FacilityScope, limit: number): Promise<{ rows: AwaitingRequest[]; total: number }> {
    const rows = await this.dataSource.query<(AwaitingRequest & { total: number })[]>(
      `WITH ${SCOPED}
       SELECT id, reference, title, status, topic, institution, submitted_at AS "submittedAt", count(*) OVER ()::int AS total
         FROM scoped
        WHERE status IN ('submitted', 'screening')
        ORDER BY submitted_at, reference
        LIMIT $4`,
      [scope.institutionIds, scope.country, scope.topic, limit],
    );
    return { rows: rows.map(({ total: _, ...row }) => row), total: rows[0]?.total ?? 0 };
  }

  /** The countries of the institutions (their own, and regional organisations' members), for the filter's choices. */
  async countries(institutionIds: string[] | null): Promise<string[]> {
    const rows = await this.dataSource.query<{ country: string }[]>(
      `SELECT DISTINCT c AS country
         FROM assistance_institutions i, unnest(array_append(i.countries, i.country)) AS c
        WHERE c IS NOT NULL AND ($1::uuid[] IS NULL OR i.id = ANY($1::uuid[]))
        ORDER BY c`,
      [institutionIds],
    );
    return rows.map((r) => r.country);
  }
}
