import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Topic } from '@probity/assistance';
import type { OutcomeCount, OutcomeWave } from '../cooperation-model';

/**
 * Where an institution stands, for the figures: each of its countries (a regional organisation one row per member
 * country, `regional` true). The assistance context owns institutions; the service asks it and passes them in.
 */
export interface Place {
  institutionId: string;
  country: string;
  regional: boolean;
}

/**
 * What the figures count: initiatives (not cancelled) of every academy (`academyId` null) or those an academy leads or
 * its institution (`institutionId`) accepted to take part in; in which an institution of `country` took part; of a
 * topic; whose last day falls in the period.
 */
export interface CooperationScope {
  academyId: string | null;
  institutionId: string | null;
  country: string | null;
  topic: Topic | null;
  from: string | null;
  to: string | null;
  places: Place[];
}

/** A group of a breakdown: its code (null: not recorded) and its count. */
export interface Group<K extends string = string> {
  key: K | null;
  n: number;
}

/** Two countries (`a` ≤ `b` by code; `a` = `b`: the initiatives of one country) and the initiatives that link them. */
export interface CountryLink {
  a: string;
  b: string;
  n: number;
}

/** How identity describes a person with an account (their academy's country), passed in by the service. */
export interface DescribedPerson {
  userId: string;
  sex: string | null;
  agencyType: string | null;
  country: string | null;
}

export type OutcomeSums = Record<OutcomeCount, number>;

export interface OutcomeGroup extends OutcomeSums {
  reports: number;
}

export interface ActionItemFigures {
  total: number;
  done: number;
  overdue: number;
  open: number;
  dropped: number;
}

/** Not done nor dropped, and past its due day (the database's current date). */
export const ACTION_ITEM_OVERDUE_SQL = `(a.status IN ('open', 'in_progress') AND a.due_on < CURRENT_DATE)`;

/** The institutions' countries as a relation (`$7` ids, `$8` countries, `$9` regional), passed in by the service. */
const PLACES = `
  places AS (
    SELECT * FROM unnest($7::uuid[], $8::varchar[], $9::boolean[]) AS p(institution_id, country, regional)
  )`;

/** The initiatives counted (see `CooperationScope`), each with its topic and last day. */
const SCOPED = `
  scoped AS (
    SELECT c.id, c.topic, c.ends_on
      FROM cooperation_initiatives c
     WHERE c.status <> 'cancelled'
       AND ($1::uuid IS NULL OR c.lead_academy_id = $1::uuid
            OR EXISTS (SELECT 1 FROM cooperation_memberships m
                        WHERE m.initiative_id = c.id AND m.status = 'accepted' AND m.institution_id = $2::uuid))
       AND ($3::varchar IS NULL
            OR EXISTS (SELECT 1 FROM cooperation_memberships m JOIN places p ON p.institution_id = m.institution_id
                        WHERE m.initiative_id = c.id AND m.status = 'accepted' AND p.country = $3::varchar))
       AND ($4::varchar IS NULL OR c.topic = $4::varchar)
       AND ($5::date IS NULL OR c.ends_on >= $5::date) AND ($6::date IS NULL OR c.ends_on <= $6::date)
  )`;

const SUMS = `
  coalesce(sum(o.joint_investigations), 0)::int AS joint_investigations,
  coalesce(sum(o.mla_requests), 0)::int AS mla_requests,
  coalesce(sum(o.extradition_requests), 0)::int AS extradition_requests,
  coalesce(sum(o.joint_operations), 0)::int AS joint_operations,
  coalesce(sum(o.information_exchanges), 0)::int AS information_exchanges,
  coalesce(sum(o.mous_signed), 0)::int AS mous_signed`;

/**
 * The cooperation initiatives' figures (issue 15 point 5, ADR 0013), each aggregated in one statement over the
 * context's own tables: initiatives by topic, the countries they linked, participants by sex, agency type and country
 * (a person with an account once, a guest per participation), action items by state, outcome counts by wave and by
 * month of the initiative's end. An institution takes part in an initiative when its membership is accepted.
 */
@Injectable()
export class ReportingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private params(scope: CooperationScope): unknown[] {
    return [
      scope.academyId,
      scope.institutionId,
      scope.country,
      scope.topic,
      scope.from,
      scope.to,
      scope.places.map((p) => p.institutionId),
      scope.places.map((p) => p.country),
      scope.places.map((p) => p.regional),
    ];
  }

  /** The institutions that accepted to take part in an initiative, for the service to place them. */
  async memberInstitutionIds(): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT DISTINCT institution_id AS id FROM cooperation_memberships WHERE status = 'accepted'`,
    );
    return rows.map((r) => r.id);
  }

  /** The people with an account among the participants counted, for the service to ask identity how they are described. */
  async participantUserIds(scope: CooperationScope): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH ${PLACES}, ${SCOPED}
       SELECT DISTINCT p.user_id AS id FROM cooperation_participants p JOIN scoped s ON s.id = p.initiative_id WHERE p.user_id IS NOT NULL`,
      this.params(scope),
    );
    return rows.map((r) => r.id);
  }

  /** Initiatives counted, by topic; how many institutions took part in them. */
  async initiatives(scope: CooperationScope): Promise<{ total: number; institutions: number; byTopic: Group<Topic>[] }> {
    const rows = await this.dataSource.query<{ total: boolean; topic: Topic | null; n: number; institutions: number }[]>(
      `WITH ${PLACES}, ${SCOPED}
       SELECT grouping(topic) = 1 AS total, topic, count(*)::int AS n,
              (SELECT count(DISTINCT m.institution_id)::int FROM cooperation_memberships m JOIN scoped s ON s.id = m.initiative_id
                WHERE m.status = 'accepted') AS institutions
         FROM scoped
        GROUP BY GROUPING SETS ((), (topic))`,
      this.params(scope),
    );
    const total = rows.find((r) => r.total);
    return {
      total: total?.n ?? 0,
      institutions: total?.institutions ?? 0,
      byTopic: rows.filter((r) => !r.total).map((r) => ({ key: r.topic, n: r.n })),
    };
  }

  /**
   * The countries each initiative brought together (those of its institutions, a regional organisation standing for
   * its member countries), as pairs: for each two countries (`a` < `b`) the initiatives in which both took part, and
   * for each country (`a` = `b`) the initiatives in which it took part.
   */
  async links(scope: CooperationScope): Promise<CountryLink[]> {
    return this.dataSource.query<CountryLink[]>(
      `WITH ${PLACES}, ${SCOPED},
       present AS (
         SELECT DISTINCT s.id, p.country
           FROM scoped s
           JOIN cooperation_memberships m ON m.initiative_id = s.id AND m.status = 'accepted'
           JOIN places p ON p.institution_id = m.institution_id
       )
       SELECT x.country AS a, y.country AS b, count(*)::int AS n
         FROM present x
         JOIN present y ON y.id = x.id AND x.country <= y.country
        GROUP BY x.country, y.country
        ORDER BY x.country, y.country`,
      this.params(scope),
    );
  }

  /**
   * Participants of accepted institutions, unless the register marks them absent on every day: a person with an
   * account once, described as identity has them (`people`: sex, agency type, their academy's country); a guest once
   * per participation, as recorded (country: as recorded, else their institution's; a regional organisation has none).
   */
  async participants(
    scope: CooperationScope,
    people: DescribedPerson[],
  ): Promise<{ people: number; participations: number; bySex: Group[]; byAgencyType: Group[]; byCountry: Group[] }> {
    const rows = await this.dataSource.query<
      {
        dim: 'total' | 'sex' | 'agencyType' | 'country';
        sex: string | null;
        agency_type: string | null;
        country: string | null;
        n: number;
        participations: number;
      }[]
    >(
      `WITH ${PLACES}, ${SCOPED},
       described AS (
         SELECT * FROM unnest($10::uuid[], $11::varchar[], $12::varchar[], $13::varchar[]) AS d(user_id, sex, agency_type, country)
       ),
       counted AS (
         SELECT p.id, COALESCE(p.user_id, p.id) AS person, p.created_at, s.ends_on,
                CASE WHEN d.user_id IS NULL THEN p.sex ELSE d.sex END AS sex,
                CASE WHEN d.user_id IS NULL THEN p.agency_type ELSE d.agency_type END AS agency_type,
                CASE WHEN d.user_id IS NOT NULL THEN d.country
                     ELSE COALESCE(p.country, (SELECT pl.country FROM places pl WHERE pl.institution_id = p.institution_id AND NOT pl.regional LIMIT 1))
                END AS country
           FROM cooperation_participants p
           JOIN scoped s ON s.id = p.initiative_id
           LEFT JOIN described d ON d.user_id = p.user_id
           JOIN cooperation_memberships m ON m.initiative_id = p.initiative_id AND m.institution_id = p.institution_id AND m.status = 'accepted'
          WHERE NOT EXISTS (SELECT 1 FROM cooperation_attendance a WHERE a.participant_id = p.id)
             OR EXISTS (SELECT 1 FROM cooperation_attendance a WHERE a.participant_id = p.id AND a.present)
       ),
       people AS (
         SELECT DISTINCT ON (person) person, sex, agency_type, country FROM counted ORDER BY person, ends_on DESC, created_at DESC, id
       )
       SELECT CASE WHEN grouping(sex) = 0 THEN 'sex' WHEN grouping(agency_type) = 0 THEN 'agencyType'
                   WHEN grouping(country) = 0 THEN 'country' ELSE 'total' END AS dim,
              sex, agency_type, country, count(*)::int AS n, (SELECT count(*)::int FROM counted) AS participations
         FROM people
        GROUP BY GROUPING SETS ((), (sex), (agency_type), (country))`,
      [
        ...this.params(scope),
        people.map((p) => p.userId),
        people.map((p) => p.sex),
        people.map((p) => p.agencyType),
        people.map((p) => p.country),
      ],
    );
    const total = rows.find((r) => r.dim === 'total');
    return {
      people: total?.n ?? 0,
      participations: total?.participations ?? 0,
      bySex: rows.filter((r) => r.dim === 'sex').map((r) => ({ key: r.sex, n: r.n })),
      byAgencyType: rows.filter((r) => r.dim === 'agencyType').map((r) => ({ key: r.agency_type, n: r.n })),
      byCountry: rows.filter((r) => r.dim === 'country').map((r) => ({ key: r.country, n: r.n })),
    };
  }

  /** Action items of the initiatives counted: done, overdue today, open (not yet due), dropped; and the day judged on. */
  async actionItems(scope: CooperationScope): Promise<{ figures: ActionItemFigures; today: string }> {
    const [{ today, ...figures }] = await this.dataSource.query<(ActionItemFigures & { today: string })[]>(
      `WITH ${PLACES}, ${SCOPED}
       SELECT CURRENT_DATE::text AS today, count(a.id)::int AS total,
              count(*) FILTER (WHERE a.status = 'done')::int AS done,
              count(*) FILTER (WHERE ${ACTION_ITEM_OVERDUE_SQL})::int AS overdue,
              count(*) FILTER (WHERE a.status IN ('open', 'in_progress') AND NOT ${ACTION_ITEM_OVERDUE_SQL})::int AS open,
              count(*) FILTER (WHERE a.status = 'dropped')::int AS dropped
         FROM cooperation_action_items a
         JOIN scoped s ON s.id = a.initiative_id`,
      this.params(scope),
    );
    return { figures, today };
  }

  /** Outcome reports of the initiatives counted: the six counts summed, in all, by wave, and by month of the initiative's last day. */
  async outcomes(
    scope: CooperationScope,
  ): Promise<{ total: OutcomeGroup; byWave: (OutcomeGroup & { wave: OutcomeWave })[]; byMonth: (OutcomeGroup & { month: string })[] }> {
    const rows = await this.dataSource.query<
      (OutcomeGroup & { dim: 'total' | 'wave' | 'month'; wave: OutcomeWave | null; month: string | null })[]
    >(
      `WITH ${PLACES}, ${SCOPED}
       SELECT CASE WHEN grouping(o.wave) = 0 THEN 'wave' WHEN grouping(to_char(s.ends_on, 'YYYY-MM')) = 0 THEN 'month' ELSE 'total' END AS dim,
              o.wave, to_char(s.ends_on, 'YYYY-MM') AS month, count(o.id)::int AS reports, ${SUMS}
         FROM cooperation_outcome_reports o
         JOIN scoped s ON s.id = o.initiative_id
        GROUP BY GROUPING SETS ((), (o.wave), (to_char(s.ends_on, 'YYYY-MM')))`,
      this.params(scope),
    );
    const strip = ({ dim: _, wave: __, month: ___, ...group }: (typeof rows)[number]): OutcomeGroup => group;
    const empty: OutcomeGroup = {
      reports: 0,
      joint_investigations: 0,
      mla_requests: 0,
      extradition_requests: 0,
      joint_operations: 0,
      information_exchanges: 0,
      mous_signed: 0,
    };
    const total = rows.find((r) => r.dim === 'total');
    return {
      total: total ? strip(total) : empty,
      byWave: rows
        .filter((r) => r.dim === 'wave')
        .map((r) => ({ wave: Number(r.wave) as OutcomeWave, ...strip(r) }))
        .sort((a, b) => a.wave - b.wave),
      byMonth: rows
        .filter((r) => r.dim === 'month')
        .map((r) => ({ month: r.month!, ...strip(r) }))
        .sort((a, b) => a.month.localeCompare(b.month)),
    };
  }
}
