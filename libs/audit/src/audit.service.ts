import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json';
import type { AuditEntry } from './entities/audit-entry.entity';
import { personalKeys, revealPersonal, takePersonal, auditSubjects } from './personal-values';
import { AuditEntryRepository } from './repositories/audit-entry.repository';
import { AuditPersonalRepository } from './repositories/audit-personal.repository';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  actorId: string | null;
  academyId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /**
   * People, besides the actor (and the entity when it is a person), whose personal data the entry's values are: the
   * learner whose answer a comment grades, whose appeal is decided, whose enrolment is withdrawn; a participant named.
   * Their erasure deletes the values (ADR 0014).
   */
  subjects?: (string | null | undefined)[];
}

/** An entry's `before` and `after` as read: commitments, or the values where they are still held. */
export interface AuditValues {
  id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
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
  constructor(
    private readonly entries: AuditEntryRepository,
    private readonly personal: AuditPersonalRepository,
  ) {}

  /**
   * Appends an entry inside the caller's transaction, so the change and its audit entry
   * commit or roll back together. Personal values of `before`/`after` (`personal-values.ts`) are hashed as
   * commitments and kept, with their salts, in `audit_personal` (same transaction), linked to the entry's subjects.
   */
  async record(manager: EntityManager, event: AuditEvent): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit entries must be written inside a transaction');
    const keys = personalKeys(event.entityType);
    const salt = () => randomBytes(16);
    const before = takePersonal(event.before ?? null, 'before', keys, salt);
    const after = takePersonal(event.after ?? null, 'after', keys, salt);
    const lastHash = await this.entries.lockAndLastHash(manager);
    const entry: Hashed = {
      at: new Date(),
      actorId: event.actorId,
      academyId: event.academyId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      before: before.json,
      after: after.json,
      prevHash: lastHash ?? GENESIS_HASH,
    };
    const id = await this.entries.append(manager, { ...entry, hash: entryHash(entry) });
    const values = [...before.values, ...after.values];
    if (values.length)
      await this.personal.insert(manager, id, auditSubjects(event.actorId, event.entityType, event.entityId, event.subjects), values);
  }

  /**
   * Erasure (ADR 0014): deletes, in the caller's transaction, every personal value of audit entries of which the person
   * is a subject; answers how many. The entries and their hashes stay, so the chain still verifies; their commitments
   * can no longer be opened.
   */
  async forget(manager: EntityManager, subjectId: string): Promise<number> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit values must be forgotten inside a transaction');
    return this.personal.forget(manager, subjectId);
  }

  /**
   * The entries' `before`/`after` with each commitment replaced by its value where it is still held (`{"$p": …}`
   * otherwise); with `subjectId`, only the values of which that person is a subject. Other fields are kept as given.
   */
  async reveal<T extends AuditValues>(entries: T[], options: { subjectId?: string; manager?: EntityManager } = {}): Promise<T[]> {
    const held = await this.personal.ofEntries(
      entries.map((e) => String(e.id)),
      options.subjectId,
      options.manager,
    );
    const byEntry = new Map<string, typeof held>();
    for (const value of held) byEntry.set(value.entryId, [...(byEntry.get(value.entryId) ?? []), value]);
    return entries.map((entry) => {
      const values = byEntry.get(String(entry.id)) ?? [];
      return { ...entry, before: revealPersonal(entry.before, 'before', values), after: revealPersonal(entry.after, 'after', values) };
    });
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
