import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OUTCOME_WAVES, type InitiativeState, type MembershipState } from '../cooperation-model';
import { Initiative, InitiativeLink, Membership } from '../entities/initiative.entity';
import { InitiativeFollowUp, Material } from '../entities/record.entity';

/** What a new initiative is inserted with. */
export type NewInitiative = Pick<
  Initiative,
  | 'reference'
  | 'leadAcademyId'
  | 'title'
  | 'purpose'
  | 'format'
  | 'topic'
  | 'startsOn'
  | 'endsOn'
  | 'venue'
  | 'online'
  | 'agenda'
  | 'budgetLine'
  | 'createdBy'
>;

/** What may change of an initiative. */
export type InitiativeChanges = Partial<
  Pick<Initiative, 'title' | 'purpose' | 'format' | 'topic' | 'startsOn' | 'endsOn' | 'venue' | 'online' | 'agenda' | 'budgetLine'>
>;

/** Whose initiatives a reader's list holds: all (managers), a lead academy's, an institution's, a participant's. */
export interface InitiativeScope {
  all: boolean;
  leadAcademyId: string | null;
  institutionId: string | null;
  userId: string;
}

/** A material without its bytes. */
export type MaterialInfo = Omit<Material, 'content'>;

/**
 * Initiatives, their member institutions, their links, their follow-ups and their materials
 * (`cooperation_initiatives`, `cooperation_memberships`, `cooperation_links`, `cooperation_follow_ups`,
 * `cooperation_materials`). Institutions, cohorts and missions are other contexts' and are read through their services.
 */
@Injectable()
export class InitiativesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The next reference of the year: `CI-<year>-<n>`, n from the sequence `cooperation_initiative_number`. */
  async nextReference(manager: EntityManager, year: number): Promise<string> {
    const [{ n }] = await manager.query<{ n: string }[]>(`SELECT nextval('cooperation_initiative_number')::text AS n`);
    return `CI-${year}-${n}`;
  }

  insert(manager: EntityManager, fields: NewInitiative): Promise<Initiative> {
    return manager.save(manager.create(Initiative, { ...fields, status: 'planned' as const }));
  }

  find(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<Initiative | null> {
    return manager.findOne(Initiative, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** Changes an initiative in one of `from`; false when it is in none (any more). */
  async update(manager: EntityManager, id: string, changes: InitiativeChanges, from: readonly InitiativeState[]): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Initiative)
      .set({ ...changes, updatedAt: () => 'now()' })
      .where('id = :id AND status = ANY(:from)', { id, from: [...from] })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Moves an initiative to `to` if it is in one of `from`; false when it was not. */
  async move(manager: EntityManager, id: string, from: readonly InitiativeState[], to: InitiativeState): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Initiative)
      .set({ status: to, updatedAt: () => 'now()' })
      .where('id = :id AND status = ANY(:from)', { id, from: [...from] })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The 3- and 6-month follow-ups of a held initiative: due that many months after its last day (once). */
  async scheduleFollowUps(manager: EntityManager, id: string): Promise<InitiativeFollowUp[]> {
    await manager.query(
      `INSERT INTO cooperation_follow_ups (initiative_id, wave, due_on)
       SELECT i.id, w, (i.ends_on + make_interval(months => w))::date
         FROM cooperation_initiatives i, unnest($2::int[]) AS w
        WHERE i.id = $1
       ON CONFLICT (initiative_id, wave) DO NOTHING`,
      [id, [...OUTCOME_WAVES]],
    );
    return this.followUps(id, manager);
  }

  followUps(id: string, manager: EntityManager = this.dataSource.manager): Promise<InitiativeFollowUp[]> {
    return manager.find(InitiativeFollowUp, { where: { initiativeId: id }, order: { wave: 'ASC' } });
  }

  /** Initiatives in scope, the latest first; `total` counts them all. */
  async page(
    scope: InitiativeScope,
    status: InitiativeState | undefined,
    limit: number,
    offset: number,
  ): Promise<{ rows: Initiative[]; total: number }> {
    const where = `($1
        OR i.lead_academy_id = $2
        OR EXISTS (SELECT 1 FROM cooperation_memberships m WHERE m.initiative_id = i.id AND m.institution_id = $3)
        OR EXISTS (SELECT 1 FROM cooperation_participants p WHERE p.initiative_id = i.id AND p.user_id = $4))
      AND ($5::varchar IS NULL OR i.status = $5)`;
    const params = [scope.all, scope.leadAcademyId, scope.institutionId, scope.userId, status ?? null];
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM cooperation_initiatives i WHERE ${where}`,
      params,
    );
    const ids = await this.dataSource.query<{ id: string }[]>(
      `SELECT i.id FROM cooperation_initiatives i WHERE ${where} ORDER BY i.starts_on DESC, i.id LIMIT $6 OFFSET $7`,
      [...params, limit, offset],
    );
    if (!ids.length) return { rows: [], total };
    const found = new Map(
      (await this.dataSource.manager.find(Initiative, { where: ids.map((r) => ({ id: r.id })) })).map((i) => [i.id, i]),
    );
    return { rows: ids.map((r) => found.get(r.id)!), total };
  }

  // ---- members --------------------------------------------------------------------------------------------

  memberships(initiativeIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Membership[]> {
    if (!initiativeIds.length) return Promise.resolve([]);
    return manager
      .createQueryBuilder(Membership, 'm')
      .where('m.initiative_id = ANY(:ids)', { ids: initiativeIds })
      .orderBy('m.created_at', 'ASC')
      .addOrderBy('m.institution_id', 'ASC')
      .getMany();
  }

  membership(initiativeId: string, institutionId: string, manager: EntityManager = this.dataSource.manager): Promise<Membership | null> {
    return manager.findOneBy(Membership, { initiativeId, institutionId });
  }

  /** Adds a member; null when the institution is one already. */
  async insertMembership(
    manager: EntityManager,
    fields: { initiativeId: string; institutionId: string; status: MembershipState; invitedBy: string },
  ): Promise<Membership | null> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO cooperation_memberships (initiative_id, institution_id, status, invited_by, decided_by, decided_at)
       VALUES ($1, $2, $3::varchar, $4::uuid, CASE WHEN $3::varchar = 'accepted' THEN $4::uuid END,
               CASE WHEN $3::varchar = 'accepted' THEN now() END)
       ON CONFLICT (initiative_id, institution_id) DO NOTHING RETURNING initiative_id`,
      [fields.initiativeId, fields.institutionId, fields.status, fields.invitedBy],
    );
    return rows.length ? this.membership(fields.initiativeId, fields.institutionId, manager) : null;
  }

  /** Accepts or declines an invitation that is still open; false when it was decided before. */
  async decide(manager: EntityManager, initiativeId: string, institutionId: string, status: MembershipState, by: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Membership)
      .set({ status, decidedBy: by, decidedAt: () => 'now()' })
      .where(`initiative_id = :initiativeId AND institution_id = :institutionId AND status = 'invited'`, { initiativeId, institutionId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async deleteMembership(manager: EntityManager, initiativeId: string, institutionId: string): Promise<boolean> {
    const result = await manager.delete(Membership, { initiativeId, institutionId });
    return (result.affected ?? 0) > 0;
  }

  /** Whether anything of the institution hangs on the membership (participants, action items, outcome reports). */
  async membershipInUse(manager: EntityManager, initiativeId: string, institutionId: string): Promise<boolean> {
    const [row] = await manager.query<{ used: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM cooperation_participants WHERE initiative_id = $1 AND institution_id = $2)
           OR EXISTS (SELECT 1 FROM cooperation_action_items WHERE initiative_id = $1 AND owner_institution_id = $2)
           OR EXISTS (SELECT 1 FROM cooperation_outcome_reports WHERE initiative_id = $1 AND institution_id = $2) AS used`,
      [initiativeId, institutionId],
    );
    return row.used;
  }

  // ---- links ----------------------------------------------------------------------------------------------

  links(initiativeId: string, manager: EntityManager = this.dataSource.manager): Promise<InitiativeLink[]> {
    return manager.find(InitiativeLink, { where: { initiativeId }, order: { id: 'ASC' } });
  }

  async replaceLinks(manager: EntityManager, initiativeId: string, cohortIds: string[], missionIds: string[]): Promise<void> {
    await manager.delete(InitiativeLink, { initiativeId });
    const rows = [
      ...cohortIds.map((cohortId) => ({ initiativeId, cohortId, missionId: null })),
      ...missionIds.map((missionId) => ({ initiativeId, cohortId: null, missionId })),
    ];
    if (rows.length) await manager.insert(InitiativeLink, rows);
  }

  // ---- materials ------------------------------------------------------------------------------------------

  materials(initiativeId: string): Promise<MaterialInfo[]> {
    return this.dataSource.manager.find(Material, { where: { initiativeId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  materialWithContent(initiativeId: string, id: string): Promise<Material | null> {
    return this.dataSource.manager
      .createQueryBuilder(Material, 'm')
      .addSelect('m.content')
      .where('m.id = :id AND m.initiative_id = :initiativeId', { id, initiativeId })
      .getOne();
  }

  countMaterials(manager: EntityManager, initiativeId: string): Promise<number> {
    return manager.countBy(Material, { initiativeId });
  }

  async insertMaterial(manager: EntityManager, fields: Omit<Material, 'id' | 'createdAt'>): Promise<MaterialInfo> {
    const saved = await manager.save(manager.create(Material, fields));
    const { content: _content, ...info } = saved;
    return info;
  }

  async deleteMaterial(manager: EntityManager, initiativeId: string, id: string): Promise<MaterialInfo | null> {
    const material = await manager.findOneBy(Material, { id, initiativeId });
    if (!material) return null;
    await manager.delete(Material, { id, initiativeId });
    return material;
  }
}
