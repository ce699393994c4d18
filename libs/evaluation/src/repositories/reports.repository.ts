import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  BREAKDOWN_COLUMNS,
  type Breakdown,
  type CourseNames,
  type KnowledgeGain,
  type ReportFilters,
  type ReportMeasures,
  type ReportRow,
} from '../reports-model';

/** A row of the report statement: one grouping set's group (the totals, or one value of one breakdown). */
type Counted = 'enrolled' | 'completed' | 'certified' | 'learners' | 'mean_gain' | 'mean_normalised' | 'improved';
type MeasuresRow = { dimension: Breakdown | 'total'; key: string | null } & Record<`${'p' | 'c'}_${Counted}`, number | string | null>;

/** `column` (a timestamp) falls on a day of the period, as a calendar in `zone` shows it. */
function inPeriod(column: string, zone: string): string {
  const day = `(${column} AT TIME ZONE ${zone})::date`;
  return `($2::date IS NULL OR ${day} >= $2::date) AND ($3::date IS NULL OR ${day} <= $3::date)`;
}

/**
 * The aggregates over the facts whose rank is 1: `person_rank` (each person once, their most recent pair for the
 * knowledge gain) or `course_rank` (each person once per course).
 */
function measureColumns(prefix: 'p' | 'c', rank: string): string {
  const counted = (measure: string): string => `f.measure = '${measure}' AND ${rank} = 1`;
  return `
    count(*) FILTER (WHERE ${counted('enrolled')})::int AS ${prefix}_enrolled,
    count(*) FILTER (WHERE ${counted('completed')})::int AS ${prefix}_completed,
    count(*) FILTER (WHERE ${counted('certified')})::int AS ${prefix}_certified,
    count(*) FILTER (WHERE ${counted('knowledge')})::int AS ${prefix}_learners,
    round(avg(f.post - f.pre) FILTER (WHERE ${counted('knowledge')}), 3)::text AS ${prefix}_mean_gain,
    round(avg(round((f.post - f.pre) / (100 - f.pre), 3)) FILTER (WHERE ${counted('knowledge')} AND f.pre < 100), 3)::text AS ${prefix}_mean_normalised,
    count(*) FILTER (WHERE ${counted('knowledge')} AND f.post - f.pre > $4::numeric)::int AS ${prefix}_improved`;
}

/**
 * The training report in one statement over the `report_*` views that identity, cohorts, courses, assessments and
 * certificates publish (ADR 0010): the only reader of those views (`scripts/cross-context.py` checks it).
 *
 * Each measure dates its own event in the period (enrolled_at, completed_at, issued_at, post_graded_at), on the
 * calendar of the person's own academy; a person counts once per measure and group, under their own academy wherever
 * they trained. Each fact is ranked per person and measure (and per person, measure and course), most recent first:
 * rank 1 is the person counted once, and for the knowledge gain their most recent pair in the period (per course in a
 * breakdown by course). Counting rank 1 rather than `count(DISTINCT user_id)` lets PostgreSQL hash the groups. Totals
 * and every breakdown asked for are grouping sets of the same aggregation.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async training(
    filters: ReportFilters,
    breakdowns: readonly Breakdown[],
    scope: ReportScope = {},
  ): Promise<{ totals: ReportMeasures; breakdowns: Partial<Record<Breakdown, ReportRow[]>> }> {
    const rows = await this.dataSource.transaction(async (manager) => {
      // Past some 25,000 learners the planner's estimate crosses jit_above_cost, and compiling the plan takes seconds
      // longer than running it: this statement runs uncompiled, whatever the server's setting.
      await manager.query('SET LOCAL jit = off');
      // At 10,000 learners the two window sorts (32,000 facts) outgrow the default 4 MB and spill to disk, a step in
      // cost that made 10k cost more than ten times 1k; 32 MB keeps them in memory to some 70,000 learners.
      await manager.query(`SET LOCAL work_mem = '32MB'`);
      const scoped = scopeParameters(scope);
      return manager.query<MeasuresRow[]>(trainingSql(breakdowns, scope), [
        filters.academyId,
        filters.from,
        filters.to,
        filters.margin,
        ...scoped,
      ]);
    });
    const result: { totals: ReportMeasures; breakdowns: Partial<Record<Breakdown, ReportRow[]>> } = {
      totals: measuresOf(
        rows.find((r) => r.dimension === 'total'),
        'p',
      ),
      breakdowns: Object.fromEntries(breakdowns.map((b) => [b, [] as ReportRow[]])),
    };
    for (const row of rows) {
      if (row.dimension === 'total') continue;
      result.breakdowns[row.dimension]?.push({
        key: { [row.dimension]: row.key },
        ...measuresOf(row, row.dimension === 'course' ? 'c' : 'p'),
      });
    }
    return result;
  }

  /**
   * For the indicators' follow-up measure (same context): each of these people's academy, its country and time zone,
   * and their sex, agency type and function, as `report_people` publishes them.
   */
  async people(userIds: string[]): Promise<Map<string, ReportPerson>> {
    if (!userIds.length) return new Map();
    const rows = await this.dataSource.query<
      {
        user_id: string;
        academy_id: string;
        country: string;
        sex: string | null;
        agency_type: string | null;
        function: string | null;
        time_zone: string;
      }[]
    >(`SELECT user_id, academy_id, country, sex, agency_type, "function", time_zone FROM report_people WHERE user_id = ANY($1::uuid[])`, [
      userIds,
    ]);
    return new Map(
      rows.map((r) => [
        r.user_id,
        { academyId: r.academy_id, country: r.country, sex: r.sex, agencyType: r.agency_type, function: r.function, timeZone: r.time_zone },
      ]),
    );
  }

  /** For the indicators' survey and follow-up measures (same context): the course each of these cohorts runs. */
  async cohortCourses(cohortIds: string[]): Promise<Map<string, string>> {
    if (!cohortIds.length) return new Map();
    const rows = await this.dataSource.query<{ cohort_id: string; course_id: string }[]>(
      `SELECT DISTINCT cohort_id, course_id FROM report_enrolments WHERE cohort_id = ANY($1::uuid[])`,
      [cohortIds],
    );
    return new Map(rows.map((r) => [r.cohort_id, r.course_id]));
  }

  /**
   * For the indicators' measure `people_trained_or_assisted` (same context): people enrolled in the period or reached by
   * a delivered mission whose last day is in it (`report_assistance_participants`, the assistance context's), each
   * person once: a person with an account by `user_id`, described and attributed as `report_people` has them in both
   * (so that the two parts agree on them); a guest once per participation, under the requesting institution's academy,
   * described as recorded on the mission. A course narrows the training part and leaves missions out (they have none).
   */
  async trainedOrAssisted(
    filters: { academyId: string | null; from: string | null; to: string | null; country: string | null; courseId: string | null },
    by: 'sex' | 'agencyType' | 'function' | 'country' | null,
  ): Promise<{ total: number; groups: { key: string | null; n: number }[] }> {
    const column = by ? { sex: 'sex', agencyType: 'agency_type', function: '"function"', country: 'country' }[by] : null;
    const rows = await this.dataSource.query<{ total: boolean; key: string | null; n: number }[]>(
      `WITH trained AS (
         SELECT p.user_id AS person, (e.enrolled_at AT TIME ZONE p.time_zone)::date AS day, p.academy_id, p.country, p.sex,
                p.agency_type, p."function"
           FROM report_enrolments e
           JOIN report_people p ON p.user_id = e.user_id
          WHERE ${inPeriod('e.enrolled_at', 'p.time_zone')} AND ($5::uuid IS NULL OR e.course_id = $5::uuid)
       ),
       assisted AS (
         SELECT COALESCE(a.user_id, a.participant_id) AS person, a.ended_on AS day,
                CASE WHEN p.user_id IS NULL THEN a.academy_id ELSE p.academy_id END AS academy_id,
                CASE WHEN p.user_id IS NULL THEN a.country ELSE p.country END AS country,
                CASE WHEN p.user_id IS NULL THEN a.sex ELSE p.sex END AS sex,
                CASE WHEN p.user_id IS NULL THEN a.agency_type ELSE p.agency_type END AS agency_type,
                CASE WHEN p.user_id IS NULL THEN a."function" ELSE p."function" END AS "function"
           FROM report_assistance_participants a
           LEFT JOIN report_people p ON p.user_id = a.user_id
          WHERE ($2::date IS NULL OR a.ended_on >= $2::date) AND ($3::date IS NULL OR a.ended_on <= $3::date) AND $5::uuid IS NULL
       ),
       -- One row per person: a person with an account is described alike in both parts (by report_people).
       people AS (
         SELECT *
           FROM (SELECT DISTINCT ON (person) * FROM (SELECT * FROM trained UNION ALL SELECT * FROM assisted) f ORDER BY person, day DESC) o
          WHERE ($1::uuid IS NULL OR academy_id = $1::uuid) AND ($4::text IS NULL OR country = $4::text)
       )
       SELECT ${column ? `GROUPING(${column}) = 1` : 'true'} AS total, ${column ? `${column}::text` : 'NULL'} AS key, count(*)::int AS n
         FROM people
        GROUP BY GROUPING SETS (()${column ? `, (${column})` : ''})`,
      [filters.academyId, filters.from, filters.to, filters.country, filters.courseId],
    );
    return {
      total: rows.find((r) => r.total)?.n ?? 0,
      groups: rows.filter((r) => !r.total).map((r) => ({ key: r.key, n: r.n })),
    };
  }

  /**
   * For the assistance context's dashboard: the people these missions reached (`report_assistance_participants`, the
   * assistance context's view; the caller chose the missions and decided who may see them). A person with an account
   * counts once, described as `report_people` has them (as the training report and the indicators do); a guest once per
   * participation, as recorded on the mission. Totals and breakdowns by sex, agency type and country in one statement.
   */
  async assistedPeople(missionIds: string[]): Promise<AssistedPeople> {
    const rows = await this.dataSource.query<
      {
        dim: 'total' | 'sex' | 'agencyType' | 'country';
        sex: string | null;
        agency_type: string | null;
        country: string | null;
        n: number;
      }[]
    >(
      `WITH reached AS (
         SELECT COALESCE(a.user_id, a.participant_id) AS person, a.participant_id, a.ended_on,
                CASE WHEN p.user_id IS NULL THEN a.sex ELSE p.sex END AS sex,
                CASE WHEN p.user_id IS NULL THEN a.agency_type ELSE p.agency_type END AS agency_type,
                CASE WHEN p.user_id IS NULL THEN a.country ELSE p.country END AS country
           FROM report_assistance_participants a
           LEFT JOIN report_people p ON p.user_id = a.user_id
          WHERE a.mission_id = ANY($1::uuid[])
       ),
       people AS (
         SELECT DISTINCT ON (person) person, sex, agency_type, country FROM reached ORDER BY person, ended_on DESC, participant_id
       )
       SELECT CASE WHEN GROUPING(sex) = 0 THEN 'sex' WHEN GROUPING(agency_type) = 0 THEN 'agencyType'
                   WHEN GROUPING(country) = 0 THEN 'country' ELSE 'total' END AS dim,
              sex, agency_type, country, count(*)::int AS n
         FROM people
        GROUP BY GROUPING SETS ((), (sex), (agency_type), (country))`,
      [missionIds],
    );
    return {
      reached: rows.find((r) => r.dim === 'total')?.n ?? 0,
      bySex: rows.filter((r) => r.dim === 'sex').map((r) => ({ key: r.sex, n: r.n })),
      byAgencyType: rows.filter((r) => r.dim === 'agencyType').map((r) => ({ key: r.agency_type, n: r.n })),
      byCountry: rows.filter((r) => r.dim === 'country').map((r) => ({ key: r.country, n: r.n })),
    };
  }

  /**
   * For the indicators' cooperation measures (same context): the sum of one outcome count over the reports of
   * cooperation initiatives whose last day is in the period (`report_cooperation_outcomes`, the cooperation context's
   * view), of the academy's institution and of the institution's country when asked; a course leaves them all out
   * (initiatives have none). `n`: the reports summed. Total and a breakdown by country in one statement.
   */
  async cooperationOutcomes(
    filters: { academyId: string | null; from: string | null; to: string | null; country: string | null; courseId: string | null },
    count: CooperationOutcomeCount,
    by: 'country' | null,
  ): Promise<{ total: { value: number; n: number }; groups: { key: string | null; value: number; n: number }[] }> {
    const column = COOPERATION_OUTCOME_COUNTS.includes(count) ? count : null;
    if (!column) throw new Error(`unknown cooperation outcome count ${count}`);
    const rows = await this.dataSource.query<{ total: boolean; key: string | null; value: number; n: number }[]>(
      `SELECT ${by ? 'GROUPING(country) = 1' : 'true'} AS total, ${by ? 'country::text' : 'NULL'} AS key,
              coalesce(sum(${column}), 0)::int AS value, count(*)::int AS n
         FROM report_cooperation_outcomes
        WHERE ($1::uuid IS NULL OR academy_id = $1::uuid) AND ($4::text IS NULL OR country = $4::text)
          AND ($2::date IS NULL OR ends_on >= $2::date) AND ($3::date IS NULL OR ends_on <= $3::date) AND $5::uuid IS NULL
        GROUP BY GROUPING SETS (()${by ? ', (country)' : ''})`,
      [filters.academyId, filters.from, filters.to, filters.country, filters.courseId],
    );
    const total = rows.find((r) => r.total);
    return {
      total: { value: total?.value ?? 0, n: total?.n ?? 0 },
      groups: rows.filter((r) => !r.total).map((r) => ({ key: r.key, value: r.value, n: r.n })),
    };
  }

  /** The codes and titles of courses (a breakdown by course names its rows with them). */
  async courseNames(courseIds: string[]): Promise<CourseNames> {
    if (!courseIds.length) return {};
    const rows = await this.dataSource.query<{ course_id: string; code: string; title: Record<string, string> }[]>(
      `SELECT course_id, code, title FROM report_courses WHERE course_id = ANY($1::uuid[])`,
      [courseIds],
    );
    return Object.fromEntries(rows.map((r) => [r.course_id, { code: r.code, title: r.title }]));
  }
}

/**
 * What an indicator may narrow the report to beyond its filters (ADR 0010: an indicator's value is this statement's):
 * the people of academies in one country, the enrolments of one course. Without a scope the statement and its
 * parameters are exactly the report's.
 */
export interface ReportScope {
  country?: string | null;
  courseId?: string | null;
}

/** The counts of `report_cooperation_outcomes` (the cooperation context's outcome reports), each a column of the view. */
export const COOPERATION_OUTCOME_COUNTS = [
  'joint_investigations',
  'mla_requests',
  'extradition_requests',
  'joint_operations',
  'information_exchanges',
  'mous_signed',
] as const;
export type CooperationOutcomeCount = (typeof COOPERATION_OUTCOME_COUNTS)[number];

/** People reached by missions of the facility: how many, and how many per sex, agency type and country (null: not recorded). */
export interface AssistedPeople {
  reached: number;
  bySex: { key: string | null; n: number }[];
  byAgencyType: { key: string | null; n: number }[];
  byCountry: { key: string | null; n: number }[];
}

/** The people of a `report_people` row, as the indicators' follow-up measure needs them. */
export interface ReportPerson {
  academyId: string;
  country: string;
  sex: string | null;
  agencyType: string | null;
  function: string | null;
  timeZone: string;
}

/** The scope's parameters ($5 country, $6 course), none when there is no scope. */
function scopeParameters(scope: ReportScope): (string | null)[] {
  return scope.country || scope.courseId ? [scope.country ?? null, scope.courseId ?? null] : [];
}

/** The statement for the totals and the given breakdowns (their columns come from a fixed list, never from input). */
export function trainingSql(breakdowns: readonly Breakdown[], scope: ReportScope = {}): string {
  const scoped = scopeParameters(scope).length > 0;
  // GROUPING(...) has one bit per breakdown asked for, the first the highest, set when the group is not by that
  // column: all bits set is the totals, all but one a breakdown. Without breakdowns there are only the totals.
  const columns = breakdowns.map((b) => `f.${BREAKDOWN_COLUMNS[b]}`);
  const sets = ['()', ...columns.map((c) => `(${c})`)].join(', ');
  const every = (1 << breakdowns.length) - 1;
  const only = (i: number): number => every & ~(1 << (breakdowns.length - 1 - i));
  const grouping = `GROUPING(${columns.join(', ')})`;
  const dimension = breakdowns.length
    ? `CASE ${grouping} WHEN ${every} THEN 'total' ${breakdowns.map((b, i) => `WHEN ${only(i)} THEN '${b}'`).join(' ')} END`
    : `'total'`;
  const key = breakdowns.length ? `CASE ${grouping} ${columns.map((c, i) => `WHEN ${only(i)} THEN ${c}::text`).join(' ')} END` : 'NULL';
  const who = 'user_id, course_id, sex, agency_type, "function", country';
  return `
    WITH people AS (
      SELECT user_id, country, sex, agency_type, "function", time_zone
        FROM report_people
       WHERE ($1::uuid IS NULL OR academy_id = $1::uuid)${scoped ? ' AND ($5::text IS NULL OR country = $5::text)' : ''}
    ),
    -- The enrolments of the people counted, with what the breakdowns need of them.
    in_scope AS (
      SELECT e.user_id, e.cohort_id, e.course_id, e.enrolled_at, e.completed_at, p.time_zone, p.sex, p.agency_type, p."function", p.country
        FROM report_enrolments e
        JOIN people p ON p.user_id = e.user_id${scoped ? '\n       WHERE ($6::uuid IS NULL OR e.course_id = $6::uuid)' : ''}
    ),
    facts AS (
      SELECT ${who}, cohort_id, 'enrolled' AS measure, enrolled_at AS at, NULL::numeric AS pre, NULL::numeric AS post
        FROM in_scope WHERE ${inPeriod('enrolled_at', 'time_zone')}
      UNION ALL
      SELECT ${who}, cohort_id, 'completed', completed_at, NULL, NULL
        FROM in_scope WHERE completed_at IS NOT NULL AND ${inPeriod('completed_at', 'time_zone')}
      UNION ALL
      SELECT e.user_id, e.course_id, e.sex, e.agency_type, e."function", e.country, e.cohort_id, 'certified', c.issued_at, NULL, NULL
        FROM report_certificates c
        JOIN in_scope e ON e.user_id = c.user_id AND e.cohort_id = c.cohort_id
       WHERE ${inPeriod('c.issued_at', 'e.time_zone')}
      UNION ALL
      SELECT e.user_id, e.course_id, e.sex, e.agency_type, e."function", e.country, e.cohort_id, 'knowledge', k.post_graded_at, k.pre_percent, k.post_percent
        FROM report_knowledge k
        JOIN in_scope e ON e.user_id = k.user_id AND e.cohort_id = k.cohort_id
       WHERE ${inPeriod('k.post_graded_at', 'e.time_zone')}
    ),
    ranked AS (
      SELECT facts.*,
             row_number() OVER (PARTITION BY user_id, measure ORDER BY at DESC, cohort_id) AS person_rank,
             row_number() OVER (PARTITION BY user_id, measure, course_id ORDER BY at DESC, cohort_id) AS course_rank
        FROM facts
    )
    SELECT ${dimension} AS dimension,
           ${key} AS key,
           ${measureColumns('p', 'f.person_rank')},
           ${measureColumns('c', 'f.course_rank')}
      FROM ranked f
     GROUP BY GROUPING SETS (${sets})`;
}

function measuresOf(row: MeasuresRow | undefined, rank: 'p' | 'c'): ReportMeasures {
  if (!row) return { enrolled: 0, completed: 0, certified: 0, knowledgeGain: noGain() };
  const count = (name: Counted): number => Number(row[`${rank}_${name}`]);
  const mean = (name: Counted): number | null => (row[`${rank}_${name}`] === null ? null : Number(row[`${rank}_${name}`]));
  const learners = count('learners');
  const improved = count('improved');
  const knowledgeGain: KnowledgeGain = learners
    ? {
        learners,
        meanGain: mean('mean_gain'),
        meanNormalisedGain: mean('mean_normalised'),
        improved,
        improvedPercent: Math.round((1000 * improved) / learners) / 10,
      }
    : noGain();
  return { enrolled: count('enrolled'), completed: count('completed'), certified: count('certified'), knowledgeGain };
}

function noGain(): KnowledgeGain {
  return { learners: 0, meanGain: null, meanNormalisedGain: null, improved: 0, improvedPercent: null };
}
