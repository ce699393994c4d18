import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';
import type { ActionItemState, InitiativeState, OutcomeWave } from '../cooperation-model';
import type { ActionItem, ActionItemUpdate, OutcomeReport } from '../entities/record.entity';

/** What the action items and outcomes need to know of an initiative, and how one reader stands to it. */
export interface InitiativeFacts {
  id: string;
  reference: string;
  title: LocaleMap;
  leadAcademyId: string | null;
  status: InitiativeState;
  endsOn: string;
}

/** A reader's ties to one initiative: whether their institution is an accepted member, whether they took part. */
export interface InitiativeTies {
  member: boolean;
  participant: boolean;
}

/** An action item with its initiative's reference and title, and whether it is overdue. */
export interface ActionItemRow extends ActionItem {
  reference: string;
  title: LocaleMap;
  leadAcademyId: string | null;
  overdue: boolean;
}

/** An outcome wave that fell due and that one member institution has not answered yet. */
export interface PendingWave {
  initiativeId: string;
  reference: string;
  title: LocaleMap;
  institutionId: string;
  wave: OutcomeWave;
  dueOn: string;
}

/** One due follow-up claimed by this worker (its `notified_at` set in the claiming transaction). */
export interface ClaimedFollowUp {
  initiativeId: string;
  wave: OutcomeWave;
  dueOn: string;
}

/** The counts of an outcome report, as columns. */
export type OutcomeCounts = Pick<
  OutcomeReport,
  'jointInvestigations' | 'mlaRequests' | 'extraditionRequests' | 'jointOperations' | 'informationExchanges' | 'mousSigned'
>;

/** Overdue: still open or in progress, and its due date passed. */
export const OVERDUE_SQL = `(a.status IN ('open', 'in_progress') AND a.due_on < CURRENT_DATE)`;

/**
 * When a wave of an initiative (alias `i`, wave `$w`) is due: its follow-up row fell due, or (before the worker made the
 * row) the initiative was held and the wave's months have passed since its last day. A cancelled one never is.
 */
const waveDue = (wave: string): string => `(i.status <> 'cancelled' AND (
    EXISTS (SELECT 1 FROM cooperation_follow_ups f WHERE f.initiative_id = i.id AND f.wave = ${wave} AND f.due_on <= CURRENT_DATE)
    OR (i.status IN ('held', 'closed') AND (i.ends_on + make_interval(months => ${wave}))::date <= CURRENT_DATE)))`;

const ITEM_COLUMNS = `a.id, a.initiative_id AS "initiativeId", a.position, a.body, a.owner_institution_id AS "ownerInstitutionId",
       a.due_on::text AS "dueOn", a.status, a.updated_by AS "updatedBy", a.updated_at AS "updatedAt",
       i.reference, i.title, i.lead_academy_id AS "leadAcademyId", ${OVERDUE_SQL} AS overdue`;

const REPORT_COLUMNS = `r.id, r.initiative_id AS "initiativeId", r.institution_id AS "institutionId", r.wave::int AS wave,
       r.joint_investigations AS "jointInvestigations", r.mla_requests AS "mlaRequests",
       r.extradition_requests AS "extraditionRequests", r.joint_operations AS "jointOperations",
       r.information_exchanges AS "informationExchanges", r.mous_signed AS "mousSigned", r.note,
       r.submitted_by AS "submittedBy", r.submitted_at AS "submittedAt"`;

/** TypeORM answers the rows of an UPDATE's RETURNING as `[rows, affected]` (an INSERT's as the rows themselves). */
function updated<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? (result[0] as T[])
    : (result as T[]);
}

/**
 * Action items and their history, the 3- and 6-month follow-ups and the outcome reports of cooperation initiatives
 * (migration 1796530000000), and what these need to read of initiatives, memberships and participants (the same
 * context's tables). Writes and locks take the caller's manager first; reads take a manager last.
 */
@Injectable()
export class CooperationOutcomesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- initiatives, as the outcomes see them ------------------------------------------------------------------

  /** The initiative; `lock`: its row is held (share) for the caller's transaction. */
  async initiative(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<InitiativeFacts | null> {
    const [row] = await manager.query<InitiativeFacts[]>(
      `SELECT id, reference, title, lead_academy_id AS "leadAcademyId", status, ends_on::text AS "endsOn"
         FROM cooperation_initiatives WHERE id = $1 ${lock ? 'FOR SHARE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  /** Whether the institution is an accepted member of the initiative, and whether the person took part in it. */
  async ties(
    initiativeId: string,
    institutionId: string | null,
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<InitiativeTies> {
    const [row] = await manager.query<InitiativeTies[]>(
      `SELECT EXISTS (SELECT 1 FROM cooperation_memberships m
                       WHERE m.initiative_id = $1 AND m.institution_id = $2::uuid AND m.status = 'accepted') AS member,
              EXISTS (SELECT 1 FROM cooperation_participants p WHERE p.initiative_id = $1 AND p.user_id = $3) AS participant`,
      [initiativeId, institutionId, userId],
    );
    return row;
  }

  /** The accepted member institutions of an initiative. */
  async acceptedMembers(initiativeId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ institutionId: string }[]>(
      `SELECT institution_id AS "institutionId" FROM cooperation_memberships
        WHERE initiative_id = $1 AND status = 'accepted' ORDER BY created_at, institution_id`,
      [initiativeId],
    );
    return rows.map((r) => r.institutionId);
  }

  // ---- action items -----------------------------------------------------------------------------------------

  /** Adds an item at the end of the initiative's list (the initiative's row is held by the caller). */
  async insertItem(
    manager: EntityManager,
    item: { initiativeId: string; body: string; ownerInstitutionId: string; dueOn: string; by: string },
  ): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO cooperation_action_items (initiative_id, position, body, owner_institution_id, due_on, updated_by)
       VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM cooperation_action_items WHERE initiative_id = $1), $2, $3, $4, $5)
       RETURNING id`,
      [item.initiativeId, item.body, item.ownerInstitutionId, item.dueOn, item.by],
    );
    return row.id;
  }

  async changeItem(
    manager: EntityManager,
    id: string,
    fields: { body: string; ownerInstitutionId: string; dueOn: string; by: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE cooperation_action_items SET body = $2, owner_institution_id = $3, due_on = $4, updated_by = $5, updated_at = now() WHERE id = $1`,
      [id, fields.body, fields.ownerInstitutionId, fields.dueOn, fields.by],
    );
  }

  /** One action item; `lock`: held for the caller's transaction. */
  async item(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<ActionItemRow | null> {
    const [row] = await manager.query<ActionItemRow[]>(
      `SELECT ${ITEM_COLUMNS} FROM cooperation_action_items a JOIN cooperation_initiatives i ON i.id = a.initiative_id
        WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`,
      [id],
    );
    return row ?? null;
  }

  /**
   * One page of action items: every one (`all`), or those of the initiatives given (`initiativeIds`: those the reader
   * owns or reads), owned by the reader's institution, or of initiatives their academy leads (`leadAcademyId`).
   * Overdue first, then by due date.
   */
  async items(
    scope: { all: boolean; institutionId: string | null; leadAcademyId: string | null },
    filter: { overdue: boolean; status?: ActionItemState; initiativeId?: string },
    limit: number,
    offset: number,
  ): Promise<{ rows: ActionItemRow[]; total: number }> {
    const rows = await this.dataSource.query<(ActionItemRow & { total: number })[]>(
      `SELECT ${ITEM_COLUMNS}, count(*) OVER ()::int AS total
         FROM cooperation_action_items a JOIN cooperation_initiatives i ON i.id = a.initiative_id
        WHERE ($1::boolean OR a.owner_institution_id = $2::uuid OR i.lead_academy_id = $3::uuid)
          AND (NOT $4::boolean OR ${OVERDUE_SQL})
          AND ($5::text IS NULL OR a.status = $5)
          AND ($6::uuid IS NULL OR a.initiative_id = $6::uuid)
        ORDER BY ${OVERDUE_SQL} DESC, a.due_on, i.reference, a.position
        LIMIT $7 OFFSET $8`,
      [
        scope.all,
        scope.institutionId,
        scope.leadAcademyId,
        filter.overdue,
        filter.status ?? null,
        filter.initiativeId ?? null,
        limit,
        offset,
      ],
    );
    return { rows, total: rows[0]?.total ?? 0 };
  }

  /** All action items of one initiative, in order (the caller decided the reader may see them). */
  ofInitiative(initiativeId: string, manager: EntityManager = this.dataSource.manager): Promise<ActionItemRow[]> {
    return manager.query<ActionItemRow[]>(
      `SELECT ${ITEM_COLUMNS} FROM cooperation_action_items a JOIN cooperation_initiatives i ON i.id = a.initiative_id
        WHERE a.initiative_id = $1 ORDER BY a.position`,
      [initiativeId],
    );
  }

  /** A change of status: the history row and the item's own status, in the caller's transaction. */
  async mark(manager: EntityManager, id: string, update: { status: ActionItemState; note: string; by: string }): Promise<void> {
    await manager.query(`INSERT INTO cooperation_action_item_updates (action_item_id, status, note, by) VALUES ($1, $2, $3, $4)`, [
      id,
      update.status,
      update.note,
      update.by,
    ]);
    await manager.query(`UPDATE cooperation_action_items SET status = $2, updated_by = $3, updated_at = now() WHERE id = $1`, [
      id,
      update.status,
      update.by,
    ]);
  }

  history(id: string, manager: EntityManager = this.dataSource.manager): Promise<ActionItemUpdate[]> {
    return manager.query<ActionItemUpdate[]>(
      `SELECT id, action_item_id AS "actionItemId", status, note, by, at
         FROM cooperation_action_item_updates WHERE action_item_id = $1 ORDER BY at DESC, id`,
      [id],
    );
  }

  // ---- follow-ups --------------------------------------------------------------------------------------------

  /**
   * Makes the 3- and 6-month follow-up rows of held (or closed) initiatives that have none, due that many months after
   * their last day; idempotent. Answers how many were made.
   */
  async scheduleFollowUps(manager: EntityManager): Promise<number> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO cooperation_follow_ups (initiative_id, wave, due_on)
       SELECT i.id, w.wave, (i.ends_on + make_interval(months => w.wave))::date
         FROM cooperation_initiatives i CROSS JOIN (VALUES (3), (6)) AS w(wave)
        WHERE i.status IN ('held', 'closed')
       ON CONFLICT (initiative_id, wave) DO NOTHING RETURNING initiative_id`,
    );
    return rows.length;
  }

  /**
   * Claims one follow-up that fell due (of an initiative not cancelled) in the caller's transaction: a conditional
   * `UPDATE … WHERE notified_at IS NULL` over a row taken with `SKIP LOCKED`, so two workers never claim the same one,
   * and a worker that fails before committing leaves it to the next run. Undefined when none is due.
   */
  async claimDueFollowUp(manager: EntityManager): Promise<ClaimedFollowUp | undefined> {
    const [row] = updated<{ initiativeId: string; wave: number; dueOn: string }>(
      await manager.query(
        `UPDATE cooperation_follow_ups f SET notified_at = now()
          WHERE (f.initiative_id, f.wave) = (
                SELECT d.initiative_id, d.wave FROM cooperation_follow_ups d
                  JOIN cooperation_initiatives i ON i.id = d.initiative_id AND i.status <> 'cancelled'
                 WHERE d.due_on <= CURRENT_DATE AND d.notified_at IS NULL
                 ORDER BY d.due_on, d.initiative_id, d.wave
                 LIMIT 1 FOR UPDATE OF d SKIP LOCKED)
            AND f.notified_at IS NULL
        RETURNING f.initiative_id AS "initiativeId", f.wave::int AS wave, f.due_on::text AS "dueOn"`,
      ),
    );
    return row ? { initiativeId: row.initiativeId, wave: row.wave as OutcomeWave, dueOn: row.dueOn } : undefined;
  }

  // ---- outcome reports -------------------------------------------------------------------------------------------

  /** Whether the wave of the initiative is due (see `waveDue`). */
  async waveIsDue(initiativeId: string, wave: OutcomeWave, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [row] = await manager.query<{ due: boolean }[]>(
      `SELECT ${waveDue('$2::int')} AS due FROM cooperation_initiatives i WHERE i.id = $1`,
      [initiativeId, wave],
    );
    return row?.due ?? false;
  }

  /** The waves of the initiative that are due, in order. */
  async dueWaves(initiativeId: string, manager: EntityManager = this.dataSource.manager): Promise<OutcomeWave[]> {
    const [row] = await manager.query<{ waves: number[] }[]>(
      `SELECT ARRAY(SELECT w FROM unnest(ARRAY[3, 6]) AS w WHERE ${waveDue('w')} ORDER BY w) AS waves
         FROM cooperation_initiatives i WHERE i.id = $1`,
      [initiativeId],
    );
    return (row?.waves ?? []) as OutcomeWave[];
  }

  /** Records a report once: false, and nothing written, when the institution answered this wave already. */
  async insertReport(
    manager: EntityManager,
    report: OutcomeCounts & { initiativeId: string; institutionId: string; wave: OutcomeWave; note: string; by: string },
  ): Promise<string | null> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO cooperation_outcome_reports (initiative_id, institution_id, wave, joint_investigations, mla_requests,
              extradition_requests, joint_operations, information_exchanges, mous_signed, note, submitted_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (initiative_id, institution_id, wave) DO NOTHING RETURNING id`,
      [
        report.initiativeId,
        report.institutionId,
        report.wave,
        report.jointInvestigations,
        report.mlaRequests,
        report.extraditionRequests,
        report.jointOperations,
        report.informationExchanges,
        report.mousSigned,
        report.note,
        report.by,
      ],
    );
    return row?.id ?? null;
  }

  /** The initiative's reports: all of them, or one institution's. */
  reports(initiativeId: string, institutionId: string | null, manager: EntityManager = this.dataSource.manager): Promise<OutcomeReport[]> {
    return manager.query<OutcomeReport[]>(
      `SELECT ${REPORT_COLUMNS} FROM cooperation_outcome_reports r
        WHERE r.initiative_id = $1 AND ($2::uuid IS NULL OR r.institution_id = $2::uuid)
        ORDER BY r.wave, r.submitted_at, r.id`,
      [initiativeId, institutionId],
    );
  }

  /**
   * Waves that fell due and that an accepted member institution has not answered: every one (`all`), or those of one
   * institution. The oldest first.
   */
  async pendingWaves(
    scope: { all: boolean; institutionId: string | null },
    limit: number,
  ): Promise<{ rows: PendingWave[]; total: number }> {
    if (!scope.all && !scope.institutionId) return { rows: [], total: 0 };
    const rows = await this.dataSource.query<(PendingWave & { total: number })[]>(
      `SELECT i.id AS "initiativeId", i.reference, i.title, m.institution_id AS "institutionId", w.wave,
              coalesce((SELECT f.due_on FROM cooperation_follow_ups f WHERE f.initiative_id = i.id AND f.wave = w.wave),
                       (i.ends_on + make_interval(months => w.wave))::date)::text AS "dueOn", count(*) OVER ()::int AS total
         FROM cooperation_initiatives i
         JOIN cooperation_memberships m ON m.initiative_id = i.id AND m.status = 'accepted'
        CROSS JOIN (VALUES (3), (6)) AS w(wave)
        WHERE ($1::boolean OR m.institution_id = $2::uuid)
          AND ${waveDue('w.wave')}
          AND NOT EXISTS (SELECT 1 FROM cooperation_outcome_reports r
                           WHERE r.initiative_id = i.id AND r.institution_id = m.institution_id AND r.wave = w.wave)
        ORDER BY 6, i.reference, w.wave
        LIMIT $3`,
      [scope.all, scope.institutionId, limit],
    );
    return { rows, total: rows[0]?.total ?? 0 };
  }
}
