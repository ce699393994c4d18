import { Injectable } from '@nestjs/common';
import { CompactSign } from 'jose';
import { ConfigService } from '@nestjs/config';
import { Forbidden, NotFound, ProbityError } from '@probity/i18n';
import { type AuthUser, administers, hasRole } from '@probity/identity';
import { dateOnly } from './dates';
import type { Certificate } from './entities/certificate.entity';
import { SigningKeysService } from './keys.service';
import { CertificateRepository } from './repositories/certificate.repository';

/**
 * Issued certificates as their holders and academies read them: one certificate, a list, its
 * public form and the verification link and QR token printed on it. Issuance, verification,
 * revocation and the Open Badges credential have their own services beside this one.
 */
@Injectable()
export class CertificatesService {
  readonly publicUrl: string;

  constructor(
    private readonly repository: CertificateRepository,
    private readonly keys: SigningKeysService,
    config: ConfigService,
  ) {
    this.publicUrl = (config.get<string>('PROBITY_PUBLIC_URL') ?? `http://localhost:${config.get<string>('PORT') ?? '3000'}`).replace(
      /\/+$/,
      '',
    );
  }

  /** A certificate for its holder, the academy's admins (and platform admins); others get 404. */
  async get(actor: AuthUser, id: string): Promise<Certificate> {
    const certificate = await this.repository.find(id);
    if (!certificate || !(certificate.userId === actor.id || administers(actor, certificate.academyId))) throw new NotFound('certificate');
    return certificate;
  }

  async list(actor: AuthUser, filter: { cohortId?: string; userId?: string }): Promise<Certificate[]> {
    const admin = hasRole(actor, 'platform_admin') || hasRole(actor, 'academy_admin');
    const userId = admin ? filter.userId : actor.id;
    if (!admin && filter.userId && filter.userId !== actor.id) throw new Forbidden();
    // An academy's administrator sees its certificates; a platform administrator every academy's.
    const academyId = admin && !hasRole(actor, 'platform_admin') ? actor.academyId : undefined;
    return this.repository.list({ cohortId: filter.cohortId, userId, academyId });
  }

  view(certificate: Certificate): Record<string, unknown> {
    return {
      id: certificate.id,
      serial: certificate.serial,
      code: certificate.code,
      userId: certificate.userId,
      holderName: certificate.record.holder.name,
      cohortId: certificate.cohortId,
      course: certificate.record.course,
      issuedOn: certificate.record.issuedOn,
      status: certificate.revokedAt ? 'revoked' : 'valid',
      ...(certificate.revokedAt ? { revokedOn: dateOnly(certificate.revokedAt), reason: certificate.revocationReason } : {}),
      verifyUrl: this.verifyUrl(certificate.code),
      // The holder's and the academy's own copy: the signed record and its signature, to check with the published key.
      record: certificate.record,
      signature: certificate.signature,
    };
  }

  verifyUrl(code: string, token?: string): string {
    return `${this.publicUrl}/verify/${code}${token ? `#${token}` : ''}`;
  }

  /**
   * What the QR code carries after `#`: a compact JWS (EdDSA, the academy's kid) over the facts
   * printed on the paper. A bare signature over the whole record could not be checked without
   * the server; this one is checked in the browser against the cached JWKS when the server is
   * out of reach, and its facts are compared with the paper.
   */
  async qrToken(certificate: Certificate): Promise<string> {
    const key = await this.keys.byKid(certificate.kid);
    if (!key) throw new ProbityError(500, 'internal');
    const r = certificate.record;
    const claims = {
      c: r.code,
      s: r.serial,
      n: r.holder.name,
      k: `${r.course.code} v${r.course.versionNumber}`,
      d: r.issuedOn,
      h: r.course.hours,
    };
    return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
      .sign(this.keys.privateKey(key));
  }
}
