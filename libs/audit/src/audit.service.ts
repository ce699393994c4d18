import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { AuditEntry } from './entities/audit-entry.entity';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  actorId: string | null;
  academyId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  firstBrokenId?: string;
}

type Hashed = Pick<AuditEntry, 'at' | 'actorId' | 'academyId' | 'action' | 'entityType' | 'entityId' | 'before' | 'after' | 'prevHash'>;

/** SHA-256 over the canonical JSON of everything an entry says, including its predecessor's hash. */
export function entryHash(entry: Hashed): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        at: entry.at.toISOString(),
        actorId: entry.actorId,
        academyId: entry.academyId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: entry.before,
        after: entry.after,
        prevHash: entry.prevHash,
      }),
    )
    .digest('hex');
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

const CHAIN_LOCK = 0x70726f62; // "prob": serialises appends so that the chain never forks

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends an entry inside the caller's transaction, so the change and its audit entry
   * commit or roll back together.
   */
  async record(manager: EntityManager, event: AuditEvent): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit entries must be written inside a transaction');
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const last = await manager.query<{ hash: string }[]>('SELECT hash FROM audit_entries ORDER BY id DESC LIMIT 1');
    const entry: Hashed = {
      at: new Date(),
      actorId: event.actorId,
      academyId: event.academyId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      before: event.before ?? null,
      after: event.after ?? null,
      prevHash: last[0]?.hash ?? GENESIS_HASH,
    };
    await manager.query(
      `INSERT INTO audit_entries (at, actor_id, academy_id, action, entity_type, entity_id, before, after, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        entry.at,
        entry.actorId,
        entry.academyId,
        entry.action,
        entry.entityType,
        entry.entityId,
        json(entry.before),
        json(entry.after),
        entry.prevHash,
        entryHash(entry),
      ],
    );
  }

  /** Walks the whole chain in order and reports the first entry whose links do not hold. */
  async verify(): Promise<AuditVerification> {
    const pageSize = 1000;
    let previous = GENESIS_HASH;
    let afterId = '0';
    let count = 0;
    for (;;) {
      const page = await this.dataSource
        .getRepository(AuditEntry)
        .createQueryBuilder('e')
        .where('e.id > :afterId', { afterId })
        .orderBy('e.id', 'ASC')
        .limit(pageSize)
        .getMany();
      for (const entry of page) {
        if (entry.prevHash !== previous || entryHash(entry) !== entry.hash)
          return { ok: false, entries: count + 1, firstBrokenId: entry.id };
        previous = entry.hash;
        count++;
      }
      if (page.length < pageSize) return { ok: true, entries: count };
      afterId = page[page.length - 1].id;
    }
  }
}
