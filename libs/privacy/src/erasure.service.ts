import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ParticipationService } from '@probity/assistance';
import { AuditService } from '@probity/audit';
import { CertificateHolderErasure } from '@probity/certificates';
import { AccountsService, type AuthUser } from '@probity/identity';
import { ErasureRepository } from './repositories/erasure.repository';

/** Rows changed per table by one erasure. */
export interface ErasureCounts {
  tables: Record<string, number>;
}

/** What an administrator's erasure answers. */
export interface ErasureResult extends ErasureCounts {
  userId: string;
  erasedAt: string;
}

/**
 * Erasure that keeps trust (issue 16 point 3, ADR 0014). An administrator of the person's academy (or a platform
 * administrator) erases a person on request, with a reason; the retention run erases long-inactive accounts the same
 * way. In one transaction: the `users` row is pseudonymised and every session and token ends (identity); the holder's
 * name leaves their certificates' records, whose hash as signed is kept, and the kept PDFs and credentials go
 * (certificates); answer texts, follow-up answers, comments, messages, the directory entry and the like are deleted or
 * emptied (`ERASURE_PLAN`); the person's personal values in the audit chain lose their salt and value, so their
 * commitments can no longer be opened while every hash still verifies (audit). An audit entry `user.erased` records who,
 * why and what changed, without any of the erased values.
 */
@Injectable()
export class ErasureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ErasureRepository,
    private readonly accounts: AccountsService,
    private readonly certificates: CertificateHolderErasure,
    private readonly participation: ParticipationService,
    private readonly audit: AuditService,
  ) {}

  /** An administrator's erasure on request: 404 for people they do not administer, 409 for themselves or twice. */
  async erase(actor: AuthUser, userId: string, reason: string): Promise<ErasureResult> {
    const counts = await this.dataSource.transaction((manager) => this.run(manager, actor, userId, reason));
    return { userId, erasedAt: new Date().toISOString(), tables: counts?.tables ?? {} };
  }

  /**
   * Pseudonymises a person inside the caller's transaction (the retention run; `actorId` null for the system): the
   * same steps as an administrator's erasure, with an audit entry `user.erased` naming `reason`. A person already erased
   * is left as they are (no counts).
   */
  async eraseWithin(manager: EntityManager, userId: string, by: { actorId: string | null; reason: string }): Promise<ErasureCounts> {
    return (await this.run(manager, null, userId, by.reason, by.actorId)) ?? { tables: {} };
  }

  /** Deletes the answer texts of attempts in the academy's cohorts that ended before `endedBefore`; answers how many. */
  clearAnswerTextsWithin(manager: EntityManager, academyId: string, endedBefore: Date): Promise<number> {
    return this.repository.clearAnswerTexts(manager, academyId, endedBefore);
  }

  private async run(
    manager: EntityManager,
    actor: AuthUser | null,
    userId: string,
    reason: string,
    systemActorId: string | null = null,
  ): Promise<ErasureCounts | null> {
    const before = await this.accounts.pseudonymiseWithin(manager, actor, userId);
    if (!before) return null;
    const tables: Record<string, number> = { users: 1 };
    const certificates = await this.certificates.redactWithin(manager, userId);
    if (certificates) tables.certificates = certificates;
    const participation = await this.participation.redactHolderWithin(manager, userId);
    if (participation) tables.assistance_participation_certificates = participation;
    Object.assign(tables, await this.repository.run(manager, userId, before.pseudonym));
    const auditValues = await this.audit.forget(manager, userId);
    if (auditValues) tables.audit_personal = auditValues;
    await this.audit.record(manager, {
      actorId: actor?.id ?? systemActorId,
      academyId: before.academyId,
      action: 'user.erased',
      entityType: 'user',
      entityId: userId,
      after: { reason, tables },
    });
    return { tables };
  }
}
