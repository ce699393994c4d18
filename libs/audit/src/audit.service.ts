import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json';
import type { AuditEntry } from './entities/audit-entry.entity';
import { AuditEntryRepository } from './repositories/audit-entry.repository';

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
  /** How many entries were checked: the whole chain, or one academy's entries. */
  entries: number;
  /** What was checked: the whole chain (platform administrators) or one academy's entries. */
  scope: 'platform' | 'academy';
  academyId?: string;
  /** The first entry, among those checked, whose hash or link does not hold. */
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

@Injectable()
export class AuditService {
  constructor(private readonly entries: AuditEntryRepository) {}

  /**
   * Appends an entry inside the caller's transaction, so the change and its audit entry
   * commit or roll back together.
   */
  async record(manager: EntityManager, event: AuditEvent): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit entries must be written inside a transaction');
    const lastHash = await this.entries.lockAndLastHash(manager);
    const entry: Hashed = {
      at: new Date(),
      actorId: event.actorId,
      academyId: event.academyId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      before: event.before ?? null,
      after: event.after ?? null,
      prevHash: lastHash ?? GENESIS_HASH,
    };
    await this.entries.append(manager, { ...entry, hash: entryHash(entry) });
  }

  /**
   * Platform administrators: walks the whole chain in order and reports the first entry whose links
   * do not hold. With `academyId` (an academy's administrator): checks that academy's entries only,
   * each against its own hash and the hash of the entry just before it in the chain, and reports
   * how many of them it checked; it says nothing of other academies' entries, not even how many.
   */
  async verify(academyId?: string): Promise<AuditVerification> {
    return academyId ? this.verifyAcademy(academyId) : this.verifyChain();
  }

  private async verifyChain(): Promise<AuditVerification> {
    const pageSize = 1000;
    let previous = GENESIS_HASH;
    let afterId = '0';
    let count = 0;
    for (;;) {
      const page = await this.entries.page(afterId, pageSize);
      for (const entry of page) {
        if (entry.prevHash !== previous || entryHash(entry) !== entry.hash)
          return { ok: false, scope: 'platform', entries: count + 1, firstBrokenId: entry.id };
        previous = entry.hash;
        count++;
      }
      if (page.length < pageSize) return { ok: true, scope: 'platform', entries: count };
      afterId = page[page.length - 1].id;
    }
  }

  private async verifyAcademy(academyId: string): Promise<AuditVerification> {
    const pageSize = 1000;
    let afterId = '0';
    let count = 0;
    for (;;) {
      const page = await this.entries.academyPage(academyId, afterId, pageSize, GENESIS_HASH);
      for (const { entry, chainPrev } of page) {
        if (entry.prevHash !== chainPrev || entryHash(entry) !== entry.hash)
          return { ok: false, scope: 'academy', academyId, entries: count + 1, firstBrokenId: entry.id };
        count++;
      }
      if (page.length < pageSize) return { ok: true, scope: 'academy', academyId, entries: count };
      afterId = page[page.length - 1].entry.id;
    }
  }
}
