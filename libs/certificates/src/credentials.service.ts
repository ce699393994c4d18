import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFound, ProbityError } from '@probity/i18n';
import { AcademiesService, type AuthUser } from '@probity/identity';
import { CertificatesService } from './certificates.service';
import type { StatusList } from './entities/status-list.entity';
import { SigningKeysService } from './keys.service';
import { CertificateRepository } from './repositories/certificate.repository';
import { CredentialRepository } from './repositories/credential.repository';
import {
  type VerifiableCredential,
  credentialJwt,
  dataIntegrityProof,
  encodeStatusList,
  keyUrl,
  openBadgeCredential,
  statusListCredential,
  statusListSize,
} from './signing';

/**
 * The signed credentials published for other systems: each certificate as an Open Badges 3.0
 * credential, and each academy's Bitstring Status List that tells them which ones are revoked.
 */
@Injectable()
export class CredentialsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly certificates: CertificatesService,
    private readonly keys: SigningKeysService,
    private readonly repository: CredentialRepository,
    private readonly certificateRepository: CertificateRepository,
    private readonly academies: AcademiesService,
  ) {}

  private get publicUrl(): string {
    return this.certificates.publicUrl;
  }

  // ---- status list -----------------------------------------------------------------------------

  /** Published by the issuance before its first certificate: a verifier must never find no list. */
  async ensureStatusList(academyId: string): Promise<void> {
    if (!(await this.repository.hasStatusList(academyId)))
      await this.dataSource.transaction((manager) => this.publishStatusList(manager, academyId));
  }

  /** Rewrites the academy's signed status list (in the revoking transaction, so the list and the row agree). */
  async publishStatusList(manager: EntityManager, academyId: string): Promise<StatusList> {
    // One publisher at a time per academy: a list read before another revocation commits would drop it.
    await this.repository.lockStatusList(manager, academyId);
    const academy = await this.academies.get(academyId, manager);
    const rows = await this.certificateRepository.statusIndexes(academyId, manager);
    const size = statusListSize(rows.reduce((max, r) => Math.max(max, r.status_index + 1), 0));
    const credential = statusListCredential({
      publicUrl: this.publicUrl,
      academyCode: academy.code,
      issuerName: academy.name.en ?? Object.values(academy.name)[0] ?? academy.code,
      encodedList: encodeStatusList(
        rows.filter((r) => r.revoked).map((r) => r.status_index),
        size,
      ),
      validFrom: new Date(),
    });
    const key = await this.keys.current(manager, academy.id, academy.code);
    const signed = await dataIntegrityProof(
      credential,
      this.keys.privateKey(key),
      key.publicJwk as never,
      keyUrl(this.publicUrl, academy.code, key.kid),
    );
    const jwt = await credentialJwt(credential, this.keys.privateKey(key), key.kid);
    return this.repository.putStatusList(manager, {
      academyId,
      credential: signed as unknown as Record<string, unknown>,
      jwt,
      updatedAt: new Date(),
    });
  }

  async statusList(academyCode: string): Promise<StatusList> {
    const academy = await this.academies.byCode(academyCode.toUpperCase());
    if (!academy) throw new NotFound('academy');
    // Published by the issuance (before its first certificate) and by each revocation; never by a visitor.
    const list = await this.repository.findStatusList(academy.id);
    if (!list) throw new NotFound('academy');
    return list;
  }

  // ---- Open Badges 3.0 -------------------------------------------------------------------------

  /** The credential as a VC-JWT and as JSON with a Data Integrity proof; signed on first request, then kept. */
  async credential(actor: AuthUser, id: string): Promise<{ jwt: string; credential: Record<string, unknown> }> {
    const certificate = await this.certificates.get(actor, id);
    if (certificate.holderErasedAt) throw new ProbityError(410, 'holder_erased');
    const stored = await this.repository.findCredential(id);
    if (stored) return { jwt: stored.jwt, credential: stored.credential };
    const key = await this.keys.byKid(certificate.kid);
    if (!key) throw new ProbityError(500, 'internal');
    const r = certificate.record;
    const credential: VerifiableCredential = openBadgeCredential({
      publicUrl: this.publicUrl,
      certificateId: certificate.id,
      holderId: certificate.userId,
      holderName: r.holder.name,
      locale: certificate.locale,
      academy: { code: r.academy.code, name: r.academy.name },
      course: {
        versionId: r.course.versionId,
        title: r.course.title,
        description: r.course.title,
        criteria: { en: 'Attendance, every required lesson and the required assessments passed, as the cohort’s completion rules set.' },
      },
      ...(r.result.percent !== null ? { result: String(r.result.percent) } : {}),
      validFrom: certificate.issuedAt,
      statusListIndex: certificate.statusIndex,
    });
    const privateKey = this.keys.privateKey(key);
    const jwt = await credentialJwt(credential, privateKey, key.kid);
    const signed = await dataIntegrityProof(
      credential,
      privateKey,
      key.publicJwk as never,
      keyUrl(this.publicUrl, r.academy.code, key.kid),
    );
    const kept = await this.repository.keepCredential(id, jwt, signed as unknown as Record<string, unknown>);
    return { jwt: kept.jwt, credential: kept.credential };
  }
}
