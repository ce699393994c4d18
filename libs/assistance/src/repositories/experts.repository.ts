import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';
import { LANGUAGE_LEVELS, type LanguageLevel, type RequestState, type Topic } from '../assistance-model';
import { Expert, ExpertLanguage } from '../entities/expert.entity';
import { EVALUATION_MIN_RESPONSES } from '../mission-evaluations-model';

/** A window of days an expert is available, both ends included (stored as `daterange(from, to, '[]')`). */
export interface AvailabilityWindow {
  id: string;
  expertId: string;
  from: string;
  to: string;
  note: string;
}

/** A mission the expert is (or was) on, with its request. */
export interface ExpertMission {
  missionId: string;
  requestId: string;
  reference: string;
  title: string;
  status: string;
  startsOn: string;
  endsOn: string;
  lead: boolean;
  /** How many evaluated the mission (participants, experts, host), and the mean of their 1–5 answers once at least
   * EVALUATION_MIN_RESPONSES answered (null below: a mean of one or two answers would give them away). */
  evaluations: number;
  meanScore: number | null;
}

export interface ExpertFilters {
  topic?: Topic;
  language?: string;
  minLevel?: LanguageLevel;
  country?: string;
  /** Available every day of [from, to] (both included). */
  availableFrom?: string;
  availableTo?: string;
  q?: string;
  archived: boolean;
}

/** What matching needs of a request. */
export interface RequestForMatching {
  id: string;
  reference: string;
  title: string;
  status: RequestState;
  topic: Topic;
  languages: string[];
  preferredFrom: string | null;
  preferredTo: string | null;
  institutionId: string;
}

/** One ranked expert for a request: the score, its parts, and the flags (which never hide the expert). */
export interface ExpertMatch {
  expertId: string;
  fullName: string;
  email: string;
  country: string;
  organisation: string;
  institutionId: string | null;
  topics: Topic[];
  vettedOn: string | null;
  vettingExpiresOn: string | null;
  score: number;
  topicPoints: number;
  languagePoints: number;
  availabilityPoints: number;
  topicMatch: boolean;
  /** The expert's level in each of the request's languages they work in. */
  languages: { language: string; level: LanguageLevel; points: number }[];
  /** The request asks for languages and the expert works in none of them (listed after every other expert). */
  noLanguage: boolean;
  coveredDays: number;
  askedDays: number;
  conflict: boolean;
  vettingExpired: boolean;
  publicOfficial: boolean;
}

/**
 * The weights of a match's score: a topic match counts `topic`; each of the request's languages the expert works in
 * counts its level (A1 1 … C2 6, native 7); availability counts `availability` × the share of the request's days the
 * expert's windows cover.
 */
export const MATCH_WEIGHTS = { topic: 10, availability: 10 } as const;
export const LEVEL_POINTS: Record<LanguageLevel, number> = Object.fromEntries(LANGUAGE_LEVELS.map((l, i) => [l, i + 1])) as Record<
  LanguageLevel,
  number
>;

/** `array_position` of a level in this literal is its points (1..7). */
const LEVELS_SQL = `ARRAY[${LANGUAGE_LEVELS.map((l) => `'${l}'`).join(', ')}]::text[]`;

/**
 * The one statement that ranks active experts for a request ($1: request id, $2: how many). The request's dates are
 * `[preferred_from, preferred_to]`, both days included; an expert's windows are united (`range_agg`) and cut to them.
 * Set-based: the languages spoken are found through the `(language, expert_id)` index, the windows that meet the dates
 * through the GiST index, each grouped per expert once, then joined to the active experts (bench: test/bench/experts-match.ts).
 * A conflict: the expert works for the requesting institution, or their account belongs to its academy (the one read
 * of identity's `users`: a flag shown to the manager, never a filter).
 */
export const MATCH_SQL = `
WITH r AS (
  SELECT q.id, q.topic, q.languages::text[] AS languages, q.institution_id, i.academy_id, q.preferred_to,
         CASE WHEN q.preferred_from IS NOT NULL AND q.preferred_to IS NOT NULL
              THEN daterange(q.preferred_from, q.preferred_to, '[]') END AS asked
    FROM assistance_requests q
    JOIN assistance_institutions i ON i.id = q.institution_id
   WHERE q.id = $1
), spoken AS (
  SELECT el.expert_id, sum(array_position(${LEVELS_SQL}, el.level::text))::int AS points,
         jsonb_agg(jsonb_build_object('language', el.language, 'level', el.level) ORDER BY el.language) AS levels
    FROM r JOIN assistance_expert_languages el ON el.language = ANY (r.languages)
   GROUP BY el.expert_id
), free AS (
  SELECT w.expert_id, (SELECT sum(upper(x) - lower(x))::int FROM unnest(w.covered) x) AS days
    FROM (SELECT a.expert_id, range_agg(a.available) * datemultirange(r.asked) AS covered
            FROM r JOIN assistance_expert_availability a ON a.available && r.asked
           GROUP BY a.expert_id, r.asked) w
), scored AS (
  SELECT e.id, e.full_name, e.email, e.country, e.organisation, e.institution_id, e.public_official, e.topics::text[] AS topics,
         e.vetted_on::text AS vetted_on, e.vetting_expires_on::text AS vetting_expires_on,
         r.topic = ANY (e.topics) AS topic_match,
         coalesce(l.points, 0) AS language_points, coalesce(l.levels, '[]') AS levels,
         cardinality(r.languages) > 0 AND l.expert_id IS NULL AS no_language,
         coalesce(c.days, 0) AS covered_days,
         coalesce(upper(r.asked) - lower(r.asked), 0) AS asked_days,
         coalesce(e.institution_id = r.institution_id, false)
           OR coalesce(r.academy_id IS NOT NULL AND u.academy_id = r.academy_id, false) AS conflict,
         e.vetted_on IS NULL OR e.vetting_expires_on IS NULL
           OR e.vetting_expires_on < coalesce(r.preferred_to, current_date) AS vetting_expired
    FROM r
    JOIN assistance_experts e ON e.archived_at IS NULL
    LEFT JOIN users u ON u.id = e.user_id
    LEFT JOIN spoken l ON l.expert_id = e.id
    LEFT JOIN free c ON c.expert_id = e.id
), ranked AS (
  SELECT s.*,
         CASE WHEN s.topic_match THEN ${MATCH_WEIGHTS.topic} ELSE 0 END AS topic_points,
         coalesce(round(${MATCH_WEIGHTS.availability} * s.covered_days::numeric / nullif(s.asked_days, 0), 2), 0) AS availability_points
    FROM scored s
)
SELECT id, full_name, email, country, organisation, institution_id, public_official, topics, vetted_on, vetting_expires_on,
       topic_match, levels, no_language, covered_days, asked_days, conflict, vetting_expired,
       topic_points, language_points, availability_points::float8 AS availability_points,
       (topic_points + language_points + availability_points)::float8 AS score
  FROM ranked
 ORDER BY no_language, score DESC, full_name, id
 LIMIT $2`;

interface MatchRowSql {
  id: string;
  full_name: string;
  email: string;
  country: string;
  organisation: string;
  institution_id: string | null;
  public_official: boolean;
  topics: Topic[];
  vetted_on: string | null;
  vetting_expires_on: string | null;
  topic_match: boolean;
  levels: { language: string; level: LanguageLevel }[];
  no_language: boolean;
  covered_days: number;
  asked_days: number;
  conflict: boolean;
  vetting_expired: boolean;
  topic_points: number;
  language_points: number;
  availability_points: number;
  score: number;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const likeText = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The roster's SQL: experts, their languages and availability windows, their missions, and the match statement. */
@Injectable()
export class ExpertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<Expert | null> {
    return manager.findOne(Expert, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findByUser(userId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<Expert | null> {
    return manager.findOne(Expert, { where: { userId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async emailTaken(manager: EntityManager, email: string, exceptId?: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM assistance_experts WHERE email = $1 AND id IS DISTINCT FROM $2::uuid`, [
      email,
      exceptId ?? null,
    ]);
    return rows.length > 0;
  }

  async institutionExists(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (await manager.query<unknown[]>(`SELECT 1 FROM assistance_institutions WHERE id = $1`, [id])).length > 0;
  }

  /** The facility's institutions, to choose an expert's employer from. */
  async institutions(): Promise<{ id: string; name: LocaleMap; country: string | null }[]> {
    return this.dataSource.query(
      `SELECT id, name, country FROM assistance_institutions ORDER BY coalesce(name->>'en', name::text), id LIMIT 1000`,
    );
  }

  insert(manager: EntityManager, fields: Partial<Expert>): Promise<Expert> {
    return manager.save(manager.create(Expert, fields));
  }

  save(manager: EntityManager, expert: Expert): Promise<Expert> {
    return manager.save(expert);
  }

  /** Links the expert to their new account, unless one is linked already (then false). */
  async link(manager: EntityManager, expertId: string, userId: string): Promise<boolean> {
    const [, count] = await manager.query<[unknown[], number]>(
      `UPDATE assistance_experts SET user_id = $2, updated_at = now() WHERE id = $1 AND user_id IS NULL`,
      [expertId, userId],
    );
    return count === 1;
  }

  languages(expertIds: string[], manager: EntityManager = this.dataSource.manager): Promise<ExpertLanguage[]> {
    if (!expertIds.length) return Promise.resolve([]);
    return manager.find(ExpertLanguage, { where: { expertId: In(expertIds) }, order: { language: 'ASC' } });
  }

  async replaceLanguages(manager: EntityManager, expertId: string, languages: { language: string; level: LanguageLevel }[]): Promise<void> {
    await manager.query(`DELETE FROM assistance_expert_languages WHERE expert_id = $1`, [expertId]);
    if (languages.length)
      await manager.query(
        `INSERT INTO assistance_expert_languages (expert_id, language, level)
         SELECT $1, l.language, l.level FROM jsonb_to_recordset($2::jsonb) AS l(language text, level text)`,
        [expertId, JSON.stringify(languages)],
      );
  }

  async availability(expertIds: string[], manager: EntityManager = this.dataSource.manager): Promise<AvailabilityWindow[]> {
    if (!expertIds.length) return [];
    const rows = await manager.query<{ id: string; expert_id: string; from: string; to: string; note: string }[]>(
      `SELECT id, expert_id, lower(available)::text AS "from", (upper(available) - 1)::text AS "to", note
         FROM assistance_expert_availability WHERE expert_id = ANY ($1::uuid[])
        ORDER BY lower(available), upper(available)`,
      [expertIds],
    );
    return rows.map((r) => ({ id: r.id, expertId: r.expert_id, from: r.from, to: r.to, note: r.note }));
  }

  /** Replaces the expert's windows; each `[from, to]` includes both days. */
  async replaceAvailability(
    manager: EntityManager,
    expertId: string,
    windows: { from: string; to: string; note?: string }[],
  ): Promise<void> {
    await manager.query(`DELETE FROM assistance_expert_availability WHERE expert_id = $1`, [expertId]);
    if (windows.length)
      await manager.query(
        `INSERT INTO assistance_expert_availability (expert_id, available, note)
         SELECT $1, daterange(w."from"::date, w."to"::date, '[]'), coalesce(w.note, '')
           FROM jsonb_to_recordset($2::jsonb) AS w("from" text, "to" text, note text)`,
        [expertId, JSON.stringify(windows.map((w) => ({ from: w.from, to: w.to, note: w.note ?? '' })))],
      );
  }

  /** The missions the expert is on, latest first (missions belong to this context too). */
  async missions(expertId: string): Promise<ExpertMission[]> {
    const rows = await this.dataSource.query<
      {
        mission_id: string;
        request_id: string;
        reference: string;
        title: string;
        status: string;
        starts_on: string;
        ends_on: string;
        lead: boolean;
        evaluations: number;
        mean_score: string | null;
      }[]
    >(
      `SELECT m.id AS mission_id, m.request_id, r.reference, r.title, m.status, m.starts_on::text AS starts_on,
              m.ends_on::text AS ends_on, me.lead, e.evaluations,
              CASE WHEN e.evaluations >= $2 THEN round(e.mean, 2)::text END AS mean_score
         FROM assistance_mission_experts me
         JOIN assistance_missions m ON m.id = me.mission_id
         JOIN assistance_requests r ON r.id = m.request_id
         CROSS JOIN LATERAL (
           SELECT count(DISTINCT ev.id)::int AS evaluations, avg(a.value::text::numeric) AS mean
             FROM assistance_evaluations ev
             LEFT JOIN LATERAL jsonb_each(ev.answers) a ON jsonb_typeof(a.value) = 'number'
            WHERE ev.mission_id = m.id
         ) e
        WHERE me.expert_id = $1
        ORDER BY m.starts_on DESC, m.id`,
      [expertId, EVALUATION_MIN_RESPONSES],
    );
    return rows.map((r) => ({
      missionId: r.mission_id,
      requestId: r.request_id,
      reference: r.reference,
      title: r.title,
      status: r.status,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      lead: r.lead,
      evaluations: r.evaluations,
      meanScore: r.mean_score === null ? null : Number(r.mean_score),
    }));
  }

  /** The roster filtered, by name; `total` counts every match. */
  async search(filters: ExpertFilters, limit: number, offset: number): Promise<{ rows: Expert[]; total: number }> {
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [filters.archived ? 'e.archived_at IS NOT NULL' : 'e.archived_at IS NULL'];
    if (filters.topic) where.push(`e.topics @> ARRAY[${param(filters.topic)}]::varchar(40)[]`);
    if (filters.country) where.push(`e.country = ${param(filters.country)}`);
    if (filters.language || filters.minLevel) {
      const conditions = ['el.expert_id = e.id'];
      if (filters.language) conditions.push(`el.language = ${param(filters.language)}`);
      if (filters.minLevel) conditions.push(`array_position(${LEVELS_SQL}, el.level::text) >= ${param(LEVEL_POINTS[filters.minLevel])}`);
      where.push(`EXISTS (SELECT 1 FROM assistance_expert_languages el WHERE ${conditions.join(' AND ')})`);
    }
    if (filters.availableFrom || filters.availableTo) {
      const from = param(filters.availableFrom ?? filters.availableTo);
      const to = param(filters.availableTo ?? filters.availableFrom);
      where.push(
        `(SELECT range_agg(a.available) FROM assistance_expert_availability a WHERE a.expert_id = e.id)
           @> daterange(${from}::date, ${to}::date, '[]')`,
      );
    }
    if (filters.q) {
      const q = param(likeText(filters.q));
      where.push(`(e.full_name ILIKE ${q} OR e.email ILIKE ${q} OR e.organisation ILIKE ${q})`);
    }
    const rows = await this.dataSource.query<{ id: string; total: number }[]>(
      `SELECT e.id, count(*) OVER ()::int AS total FROM assistance_experts e
        WHERE ${where.join(' AND ')}
        ORDER BY e.full_name, e.id LIMIT ${param(limit)} OFFSET ${param(offset)}`,
      params,
    );
    if (!rows.length) {
      const [{ total }] = offset
        ? await this.dataSource.query<{ total: number }[]>(
            `SELECT count(*)::int AS total FROM assistance_experts e WHERE ${where.join(' AND ')}`,
            params.slice(0, -2),
          )
        : [{ total: 0 }];
      return { rows: [], total };
    }
    const experts = await this.dataSource.manager.find(Expert, { where: { id: In(rows.map((r) => r.id)) } });
    const byId = new Map(experts.map((e) => [e.id, e]));
    return { rows: rows.map((r) => byId.get(r.id)).filter((e): e is Expert => e !== undefined), total: rows[0].total };
  }

  /** The request as matching reads it, or null. */
  async requestForMatching(id: string): Promise<RequestForMatching | null> {
    const [row] = await this.dataSource.query<
      {
        id: string;
        reference: string;
        title: string;
        status: RequestState;
        topic: Topic;
        languages: string[];
        preferred_from: string | null;
        preferred_to: string | null;
        institution_id: string;
      }[]
    >(
      `SELECT id, reference, title, status, topic, languages::text[] AS languages, preferred_from::text AS preferred_from,
              preferred_to::text AS preferred_to, institution_id
         FROM assistance_requests WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      status: row.status,
      topic: row.topic,
      languages: row.languages,
      preferredFrom: row.preferred_from,
      preferredTo: row.preferred_to,
      institutionId: row.institution_id,
    };
  }

  /** Active experts ranked for the request (`MATCH_SQL`), best first. */
  async match(requestId: string, limit: number): Promise<ExpertMatch[]> {
    const rows = await this.dataSource.query<MatchRowSql[]>(MATCH_SQL, [requestId, limit]);
    return rows.map((r) => ({
      expertId: r.id,
      fullName: r.full_name,
      email: r.email,
      country: r.country,
      organisation: r.organisation,
      institutionId: r.institution_id,
      topics: r.topics,
      vettedOn: r.vetted_on,
      vettingExpiresOn: r.vetting_expires_on,
      score: r.score,
      topicPoints: r.topic_points,
      languagePoints: r.language_points,
      availabilityPoints: r.availability_points,
      topicMatch: r.topic_match,
      languages: r.levels.map((l) => ({ ...l, points: LEVEL_POINTS[l.level] })),
      noLanguage: r.no_language,
      coveredDays: r.covered_days,
      askedDays: r.asked_days,
      conflict: r.conflict,
      vettingExpired: r.vetting_expired,
      publicOfficial: r.public_official,
    }));
  }
}
