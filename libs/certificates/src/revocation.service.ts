import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '@probity/i18n';
import { AcademiesService, type AuthUser, administers } from '@probity/identity';
import { CredentialsService } from './credentials.service';
import type { Certificate } from './entities/certificate.entity';
import { SigningKeysService } from './keys.service';
import { CertificateRepository } from './repositories/certificate.repository';

/**
 * The registrar's acts that change what verifiers are told: revoking a certificate and rotating
 * the academy's signing key. Each is audited and republishes the academy's signed status list in
 * its own transaction, so that the list, the keys and the rows always agree.
 */
@Injectable()
export class RevocationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly keys: SigningKeysService,
    private readonly credentials: CredentialsService,
    private readonly certificates: CertificateRepository,
    private readonly academies: AcademiesService,
  ) {}

  async revoke(actor: AuthUser, id: string, reason: string): Promise<Certificate> {
    return this.dataSource.transaction(async (manager) => {
      const certificate = await this.certificates.lock(manager, id);
      if (!certificate || !administers(actor, certificate.academyId))
        throw certificate && certificate.userId === actor.id ? new Forbidden() : new NotFound('certificate');
      if (certificate.revokedAt) throw new Conflict('certificate_revoked');
      if (reason.trim().length < 3) throw new ValidationFailed([{ field: 'reason', constraint: 'minLength', params: { count: 3 } }]);
      certificate.revokedAt = new Date();
      certificate.revokedBy = actor.id;
      certificate.revocationReason = reason.trim();
      await this.certificates.revoke(manager, id, certificate.revokedAt, actor.id, certificate.revocationReason);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: certificate.academyId,
        action: 'certificate.revoked',
        entityType: 'certificate',
        entityId: id,
        before: { status: 'valid' },
        after: { status: 'revoked', reason: certificate.revocationReason },
        subjects: [certificate.userId],
      });
      await this.credentials.publishStatusList(manager, certificate.academyId);
      return certificate;
    });
  }

  /** A new key signs from now on; the retired one stays published, so what it signed still verifies. */
  async rotateKey(actor: AuthUser, academyId: string): Promise<{ kid: string }> {
    if (!administers(actor, academyId)) throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const academy = await this.academies.get(academyId, manager); // NotFound('academy') when there is none
      const key = await this.keys.rotate(manager, academy.id, academy.code);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId,
        action: 'academy.signing_key_rotated',
        entityType: 'academy',
        entityId: academyId,
        after: { kid: key.kid },
      });
      await this.credentials.publishStatusList(manager, academy.id);
      return { kid: key.kid };
    });
  }
}
