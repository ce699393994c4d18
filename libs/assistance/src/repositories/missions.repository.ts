import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { FOLLOW_UP_WAVES, type MissionState } from '../assistance-model';
import { MissionFollowUp } from '../entities/mission-record.entity';
import { Mission, MissionExpert } from '../entities/mission.entity';
import { AssistanceRequest } from '../entities/request.entity';

/** What a new mission is inserted with. */
export type NewMission = Pick<
  Mission,
  'requestId' | 'startsOn' | 'endsOn' | 'venue' | 'online' | 'agenda' | 'issuingAcademyId' | 'createdBy'
>;

/** The fields a change may set. */
export type MissionChanges = Partial<Pick<Mission, 'startsOn' | 'endsOn' | 'venue' | 'online' | 'agenda' | 'issuingAcademyId'>>;

/** An expert of the roster as a mission needs them. */
export interface RosterExpert {
  id: string;
  userId: string | null;
  fullName: string;
  email: string;
  country: string;
  institutionId: string | null;
  vettedOn: string | null;
  vettingExpiresOn: string | null;
  archived: boolean;
}

/** An expert on a mission. */
export interface MissionExpertRow extends RosterExpert {
  lead: boolean;
}

/** A mission with what its lists show of its request. */
export interface MissionRow {
  mission: Mission;
  reference: string;
  title: string;
  locale: string;
  institutionId: string;
}

/** Whom a list is for: every mission, or those of one institution and/or of one expert's account. */
export interface MissionScope {
  all: boolean;
  institutionId: string | null;
  expertUserId: string | null;
}

/**
 * Missions (`assistance_missions`), their experts and their follow-up dates. A mission's state changes only through
 * `move`: one conditional UPDATE, so that of two people moving the same mission at once one finds it already moved.
 * Experts and requests are this context's own tables; people are read through identity's service, never here.
 */
@Injectable()
export class MissionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  insert(manager: EntityManager, fields: NewMission): Promise<Mission> {
    return manager.save(manager.create(Mission, { ...fields, status: 'planned' as const, cohortId: null, deliveredAt: null }));
  }

  find(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<Mission | null> {
    return manager.findOne(Mission, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** The request a mission is made of (this context's own table; access is the caller's decision). */
  request(id: string, manager: EntityManager = this.dataSource.manager): Promise<AssistanceRequest | null> {
    return manager.findOne(AssistanceRequest, { where: { id } });
  }

  async existsForRequest(manager: EntityManager, requestId: string): Promise<boolean> {
    return manager.existsBy(Mission, { requestId });
  }

  /** The mission made of a request, if any. */
  async idForRequest(requestId: string): Promise<string | null> {
    const row = await this.dataSource.manager.findOne(Mission, { where: { requestId }, select: { id: true } });
    return row?.id ?? null;
  }

  /** Changes a planned or running mission; false when it is neither (any more). */
  async update(manager: EntityManager, id: string, changes: MissionChanges, from: readonly MissionState[]): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Mission)
      .set({ ...changes, updatedAt: () => 'now()' })
      .where('id = :id AND status = ANY(:from)', { id, from: [...from] })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Links (or unlinks) a cohort while the mission is in one of `from`. */
  async setCohort(manager: EntityManager, id: string, cohortId: string | null, from: readonly MissionState[]): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Mission)
      .set({ cohortId, updatedAt: () => 'now()' })
      .where('id = :id AND status = ANY(:from)', { id, from: [...from] })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Moves a mission to `to` if it is in one of `from` (delivering stamps `delivered_at`); false when it was not. */
  async move(manager: EntityManager, id: string, from: readonly MissionState[], to: MissionState): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Mission)
      .set({ status: to, updatedAt: () => 'now()', ...(to === 'delivered' ? { deliveredAt: () => 'now()' } : {}) })
      .where('id = :id AND status = ANY(:from)', { id, from: [...from] })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The 3- and 6-month follow-ups of a delivered mission: due that many months after its last day (once). */
  async scheduleFollowUps(manager: EntityManager, missionId: string): Promise<MissionFollowUp[]> {
    await manager.query(
      `INSERT INTO assistance_mission_follow_ups (mission_id, wave, due_on)
       SELECT m.id, w, (m.ends_on + make_interval(months => w))::date
         FROM assistance_missions m, unnest($2::int[]) AS w
        WHERE m.id = $1
       ON CONFLICT (mission_id, wave) DO NOTHING`,
      [missionId, [...FOLLOW_UP_WAVES]],
    );
    return this.followUps(missionId, manager);
  }

  followUps(missionId: string, manager: EntityManager = this.dataSource.manager): Promise<MissionFollowUp[]> {
    return manager.find(MissionFollowUp, { where: { missionId }, order: { wave: 'ASC' } });
  }

  // ---- experts ------------------------------------------------------------------------------------------

  /** Experts of the roster by id (archived ones too: the caller refuses them). */
  async roster(manager: EntityManager, ids: string[]): Promise<RosterExpert[]> {
    if (!ids.length) return [];
    const rows = await manager.query<RosterSql[]>(`${ROSTER_SELECT} FROM assistance_experts e WHERE e.id = ANY($1)`, [ids]);
    return rows.map(rosterExpert);
  }

  /** A mission's experts, the lead first, then by name. */
  async experts(
    missionIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<(MissionExpertRow & { missionId: string })[]> {
    if (!missionIds.length) return [];
    const rows = await manager.query<(RosterSql & { lead: boolean; mission_id: string })[]>(
      `${ROSTER_SELECT}, me.lead, me.mission_id
         FROM assistance_mission_experts me
         JOIN assistance_experts e ON e.id = me.expert_id
        WHERE me.mission_id = ANY($1)
        ORDER BY me.lead DESC, e.full_name, e.id`,
      [missionIds],
    );
    return rows.map((r) => ({ ...rosterExpert(r), lead: r.lead, missionId: r.mission_id }));
  }

  /** Replaces a mission's experts (the lead's partial unique index holds one lead). */
  async replaceExperts(manager: EntityManager, missionId: string, experts: { expertId: string; lead: boolean }[]): Promise<void> {
    await manager.delete(MissionExpert, { missionId });
    if (experts.length)
      await manager.insert(
        MissionExpert,
        experts.map((e) => ({ missionId, expertId: e.expertId, lead: e.lead })),
      );
  }

  /** Whether the person (by account) is on the mission, and as its lead; null when not on it. */
  async expertRole(missionId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<{ lead: boolean } | null> {
    const [row] = await manager.query<{ lead: boolean }[]>(
      `SELECT me.lead FROM assistance_mission_experts me JOIN assistance_experts e ON e.id = me.expert_id
        WHERE me.mission_id = $1 AND e.user_id = $2`,
      [missionId, userId],
    );
    return row ? { lead: row.lead } : null;
  }

  // ---- lists --------------------------------------------------------------------------------------------

  /** Missions in scope, latest first, with their request's reference and title; `total` counts them all. */
  async page(
    scope: MissionScope,
    status: MissionState | undefined,
    limit: number,
    offset: number,
  ): Promise<{ rows: MissionRow[]; total: number }> {
    const where = [
      `($1 OR r.institution_id = $2 OR EXISTS (SELECT 1 FROM assistance_mission_experts me JOIN assistance_experts e ON e.id = me.expert_id
                                                 WHERE me.mission_id = m.id AND e.user_id = $3))`,
      `($4::varchar IS NULL OR m.status = $4)`,
    ].join(' AND ');
    const params = [scope.all, scope.institutionId, scope.expertUserId, status ?? null];
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM assistance_missions m JOIN assistance_requests r ON r.id = m.request_id WHERE ${where}`,
      params,
    );
    const ids = await this.dataSource.query<{ id: string; reference: string; title: string; locale: string; institution_id: string }[]>(
      `SELECT m.id, r.reference, r.title, r.locale, r.institution_id
         FROM assistance_missions m JOIN assistance_requests r ON r.id = m.request_id
        WHERE ${where}
        ORDER BY m.starts_on DESC, m.id
        LIMIT $5 OFFSET $6`,
      [...params, limit, offset],
    );
    if (!ids.length) return { rows: [], total };
    const missions = new Map(
      (await this.dataSource.manager.find(Mission, { where: ids.map((r) => ({ id: r.id })) })).map((m) => [m.id, m]),
    );
    return {
      rows: ids.map((r) => ({
        mission: missions.get(r.id)!,
        reference: r.reference,
        title: r.title,
        locale: r.locale,
        institutionId: r.institution_id,
      })),
      total,
    };
  }
}

interface RosterSql {
  id: string;
  user_id: string | null;
  full_name: string;
  email: string;
  country: string;
  institution_id: string | null;
  vetted_on: string | null;
  vetting_expires_on: string | null;
  archived: boolean;
}

const ROSTER_SELECT = `SELECT e.id, e.user_id, e.full_name, e.email, e.country, e.institution_id, e.vetted_on::text AS vetted_on,
       e.vetting_expires_on::text AS vetting_expires_on, e.archived_at IS NOT NULL AS archived`;

function rosterExpert(r: RosterSql): RosterExpert {
  return {
    id: r.id,
    userId: r.user_id,
    fullName: r.full_name,
    email: r.email,
    country: r.country,
    institutionId: r.institution_id,
    vettedOn: r.vetted_on,
    vettingExpiresOn: r.vetting_expires_on,
    archived: r.archived,
  };
}
