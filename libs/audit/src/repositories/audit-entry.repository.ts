import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEntry } from '../entities/audit-entry.entity';

const CHAIN_LOCK = 0x70726f62; // "prob": serialises appends so that the chain never forks

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** The chain of `audit_entries`: appended one at a time under a transaction lock, read in order of id. */
@Injectable()
export class AuditEntryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Takes the chain's lock until the caller's transaction ends, and answers the last entry's hash. */
  async lockAndLastHash(manager: EntityManager): Promise<string | undefined> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const last = await manager.query<{ hash: string }[]>('SELECT hash FROM audit_entries ORDER BY id DESC LIMIT 1');
    return last[0]?.hash;
  }

  /** Appends an entry; answers its id. */
  async append(manager: EntityManager, entry: Omit<AuditEntry, 'id'>): Promise<string> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO audit_entries (at, actor_id, academy_id, action, entity_type, entity_id, before, after, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text AS id`,
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
        entry.hash,
      ],
    );
    return rows[0].id;
  }

  /** Up to `limit` entries after `afterId`, in chain order. */
  page(afterId: string, limit: number): Promise<AuditEntry[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('e')
      .where('e.id > :afterId', { afterId })
      .orderBy('e.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Up to `limit` of the academy's entries after `afterId`, each with the hash of the entry just before it in the chain. */
  async academyPage(
    academyId: string,
    afterId: string,
    limit: number,
    genesis: string,
  ): Promise<{ entry: AuditEntry; chainPrev: string }[]> {
    const page = await this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('e')
      .addSelect(`coalesce((SELECT p.hash FROM audit_entries p WHERE p.id < e.id ORDER BY p.id DESC LIMIT 1), '${genesis}')`, 'chain_prev')
      .where('e.academy_id = :academyId AND e.id > :afterId', { academyId, afterId })
      .orderBy('e.id', 'ASC')
      .limit(limit)
      .getRawAndEntities<{ chain_prev: string }>();
    return page.entities.map((entry, i) => ({ entry, chainPrev: page.raw[i].chain_prev }));
  }
}
