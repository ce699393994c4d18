import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type PersonalValue, revealPersonal } from '@probity/audit';
import type { ExportPlanEntry } from '../export-plan';
import { PrivacyExport } from '../entities/privacy-export.entity';

/** An export as its lists show it (without its bytes). */
export type ExportRow = Omit<PrivacyExport, 'content'>;

/**
 * The export's statements. `personRows` is the one place where the privacy context reads other contexts' tables by
 * name: plain, read-only SELECTs driven by `EXPORT_PLAN` (ADR 0014). It is a deliberate exception to "other contexts
 * only through their services": one person's rows of every table, gathered at the top floor, where asking thirty
 * services for an exporter each would be thirty copies of the same SELECT. `scripts/cross-context.py` allows it.
 */
@Injectable()
export class ExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The rows of one planned table that belong to the person, every column but the plan's omitted ones. */
  async personRows(entry: ExportPlanEntry, userId: string): Promise<Record<string, unknown>[]> {
    const columns = await this.dataSource.query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [entry.table],
    );
    const kept = columns.map((c) => c.column_name).filter((c) => !(entry.omit ?? []).includes(c));
    if (!kept.length) return [];
    const list = kept.map((c) => `"${c}"`).join(', ');
    const rows = await this.dataSource.query<Record<string, unknown>[]>(`SELECT ${list} FROM "${entry.table}" WHERE ${entry.where}`, [
      userId,
    ]);
    return entry.table === 'audit_entries' ? this.revealAudit(rows, userId) : rows;
  }

  /**
   * Audit entries as the person's export shows them (ADR 0014): each commitment `{"$p": …}` of their `before`/`after`
   * whose value is still held in `audit_personal` with the person among its subjects is replaced by that value; values
   * about others only, or erased, stay commitments.
   */
  private async revealAudit(rows: Record<string, unknown>[], userId: string): Promise<Record<string, unknown>[]> {
    const ids = rows.map((r) => r.id).filter((id): id is string | number => typeof id === 'string' || typeof id === 'number');
    if (!ids.length) return rows;
    const held = await this.dataSource.query<{ entry_id: string; path: string; salt: Buffer; value: unknown }[]>(
      `SELECT entry_id::text AS entry_id, path, salt, value FROM audit_personal
        WHERE entry_id = ANY($1::bigint[]) AND subject_ids @> ARRAY[$2::uuid] ORDER BY id`,
      [ids.map(String), userId],
    );
    const byEntry = new Map<string, PersonalValue[]>();
    for (const h of held) byEntry.set(h.entry_id, [...(byEntry.get(h.entry_id) ?? []), { path: h.path, salt: h.salt, value: h.value }]);
    return rows.map((row) => {
      const values = byEntry.get(String(row.id));
      if (!values) return row;
      const json = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : null);
      return {
        ...row,
        ...('before' in row ? { before: revealPersonal(json(row.before), 'before', values) } : {}),
        ...('after' in row ? { after: revealPersonal(json(row.after), 'after', values) } : {}),
      };
    });
  }

  async insert(manager: EntityManager, row: Omit<PrivacyExport, 'id' | 'createdAt'>): Promise<string> {
    const saved = await manager.getRepository(PrivacyExport).save(manager.getRepository(PrivacyExport).create(row));
    return saved.id;
  }

  async byJob(jobId: string): Promise<ExportRow | null> {
    return this.dataSource.getRepository(PrivacyExport).findOneBy({ jobId });
  }

  /** A person's exports not yet expired, newest first; `requestedBy` narrows to those one administrator asked for. */
  async ready(userId: string, requestedBy?: string): Promise<ExportRow[]> {
    const rows = await this.dataSource.query<
      { id: string; user_id: string; requested_by: string; job_id: string; created_at: Date; expires_at: Date; size: number }[]
    >(
      `SELECT id, user_id, requested_by, job_id, created_at, expires_at, size FROM privacy_exports
        WHERE user_id = $1 AND expires_at > now() AND ($2::uuid IS NULL OR requested_by = $2)
        ORDER BY created_at DESC`,
      [userId, requestedBy ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      requestedBy: r.requested_by,
      jobId: r.job_id,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      size: r.size,
    }));
  }

  /** One export with its bytes, if it has not expired. */
  async withContent(id: string): Promise<PrivacyExport | undefined> {
    const rows = await this.dataSource.query<
      {
        id: string;
        user_id: string;
        requested_by: string;
        job_id: string;
        created_at: Date;
        expires_at: Date;
        size: number;
        content: Buffer;
      }[]
    >(`SELECT * FROM privacy_exports WHERE id = $1 AND expires_at > now()`, [id]);
    const r = rows[0];
    if (!r) return undefined;
    return Object.assign(new PrivacyExport(), {
      id: r.id,
      userId: r.user_id,
      requestedBy: r.requested_by,
      jobId: r.job_id,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      size: r.size,
      content: r.content,
    });
  }

  /**
   * The export jobs `startedBy` asked for about `userId` that have made no export (yet): queued, running, or failed,
   * asked for within the last `days` days, newest first. Only their ids and dates: their state is `JobsService.get`'s.
   */
  async unfinishedJobs(userId: string, startedBy: string, kind: string, days: number): Promise<{ jobId: string; createdAt: Date }[]> {
    const rows = await this.dataSource.query<{ id: string; created_at: Date }[]>(
      `SELECT j.id, j.created_at FROM jobs j
        WHERE j.kind = $3 AND j.params->>'userId' = $1::text AND j.started_by = $2 AND j.state <> 'completed'
          AND j.created_at > now() - make_interval(days => $4)
          AND NOT EXISTS (SELECT 1 FROM privacy_exports e WHERE e.job_id = j.id)
        ORDER BY j.created_at DESC LIMIT 10`,
      [userId, startedBy, kind, days],
    );
    return rows.map((r) => ({ jobId: r.id, createdAt: r.created_at }));
  }
}
