import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PersonalValue } from '../personal-values';

/** A personal value as read back, with the entry it belongs to. */
export interface HeldValue extends PersonalValue {
  entryId: string;
}

/** `audit_personal`: the personal values of audit entries, outside the hash, deleted when a subject is erased. */
@Injectable()
export class AuditPersonalRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores an entry's personal values, all with the same subjects, in the caller's transaction. */
  async insert(manager: EntityManager, entryId: string, subjectIds: string[], values: PersonalValue[]): Promise<void> {
    if (!values.length) return;
    const params: unknown[] = [entryId, subjectIds];
    const rows = values.map((v) => {
      params.push(v.path, v.salt, JSON.stringify(v.value));
      const n = params.length;
      return `($1, $${n - 2}, $2::uuid[], $${n - 1}, $${n}::jsonb)`;
    });
    await manager.query(`INSERT INTO audit_personal (entry_id, path, subject_ids, salt, value) VALUES ${rows.join(', ')}`, params);
  }

  /** Deletes every value of which the person is a subject; answers how many. */
  async forget(manager: EntityManager, subjectId: string): Promise<number> {
    const rows = await manager.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM audit_personal WHERE subject_ids @> ARRAY[$1::uuid] RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [subjectId],
    );
    return rows[0].n;
  }

  /** The values still held of these entries; with `subjectId`, only those the person is a subject of. */
  async ofEntries(entryIds: string[], subjectId?: string, manager?: EntityManager): Promise<HeldValue[]> {
    if (!entryIds.length) return [];
    const rows = await (manager ?? this.dataSource).query<{ entry_id: string; path: string; salt: Buffer; value: unknown }[]>(
      `SELECT entry_id::text AS entry_id, path, salt, value FROM audit_personal
        WHERE entry_id = ANY($1::bigint[]) AND ($2::uuid IS NULL OR subject_ids @> ARRAY[$2::uuid])
        ORDER BY id`,
      [entryIds, subjectId ?? null],
    );
    return rows.map((r) => ({ entryId: r.entry_id, path: r.path, salt: r.salt, value: r.value }));
  }
}
