import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { NotFound } from '@probity/i18n';
import { AcademiesService, clientAddressKey } from '@probity/identity';
import { dateOnly } from './dates';
import { recordSha256 } from './holder-erasure.service';
import { SigningKeysService } from './keys.service';
import { CertificateRepository } from './repositories/certificate.repository';
import { KeyRepository } from './repositories/key.repository';
import { RateLimitRepository } from './repositories/rate-limit.repository';
import { canonicalJson, normalizeCode, verifyCanonical } from './signing';

/** Per address and minute, for the public verification (pages and API together). */
export const VERIFY_LIMIT = 60;

/**
 * What public verification shows: what the certificate itself shows (holder, course, dates, academy,
 * serial, status), and the server's signature check. No internal ids, and the final result only
 * where the academy prints it on its certificates.
 */
export interface Verification {
  status: 'valid' | 'revoked';
  serial: string;
  code: string;
  holderName: string;
  course: { title: string; titles: Record<string, string>; code: string; versionNumber: number; hours: number };
  academy: { code: string; name: string; country: string };
  cohort: { name: string; startsOn: string; endsOn: string };
  issuedOn: string;
  completedOn: string;
  result: { attendancePercent: number; percent?: number | null };
  revokedOn?: string;
  reason?: string;
  signatureValid: boolean;
  kid: string;
  /**
   * The holder's details were erased at their request (ADR 0014): `holderName` is empty, `signatureValid` says that the
   * record as issued was checked against its signature when it was redacted, and `recordSha256` is the hash the holder's
   * own copy of the record must match (POST /api/v1/verify/:code/copy checks one).
   */
  holderErased?: true;
  recordSha256?: string;
}

/** What the check of a holder's own copy of the record answers. */
export interface CopyCheck {
  /** The copy is, byte for byte in canonical form, the record this code was issued with. */
  matches: boolean;
  /** Its signature holds against the academy's key that signed the certificate. */
  signatureValid: boolean;
  /** The holder's name as the copy states it, only when both hold. */
  holderName?: string;
}

/** How many signature checks a process remembers (about 100 bytes each). */
const CHECKED_SIGNATURES = 20_000;

/** The signature check of an unknown code runs against this, so that unknown and known codes take the same time. */
const DECOY = { record: { type: 'decoy' }, signature: 'A'.repeat(86) };

/**
 * Public verification, without an account: a code's record and signature check, the limit per
 * address that keeps it from being used to enumerate codes, and each academy's list of revoked
 * certificates for verifiers that work offline.
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly certificates: CertificateRepository,
    private readonly keyRepository: KeyRepository,
    private readonly rateLimits: RateLimitRepository,
    private readonly keys: SigningKeysService,
    private readonly academies: AcademiesService,
  ) {}

  /**
   * The public check of a code: the whole frozen record, its signature checked against the key
   * that made it, and its status. Unknown codes do the same work (a decoy signature check) and 404.
   */
  async verify(codeInput: string, locale: string): Promise<Verification> {
    const code = normalizeCode(codeInput) ?? '-';
    const row = await this.certificates.verification(code);
    const anyKey = row?.public_jwk ?? (await this.decoyKey());
    const checked = anyKey ? this.checkSignature(anyKey, row?.record ?? DECOY.record, row?.signature ?? DECOY.signature) : false;
    if (!row) throw new NotFound('certificate');
    // An erased holder's record no longer matches its signature (the name is gone): the hash kept at redaction says
    // whether the record as issued did (it is kept only when it did).
    const erased = row.holder_erased_at !== null && row.holder_erased_at !== undefined;
    const signatureValid = erased ? row.record_sha256 !== null : checked;
    const r = row.record;
    const title = (map: Record<string, string | undefined>): string =>
      map[locale] ?? map[r.cohort.locale] ?? map.en ?? Object.values(map)[0] ?? '';
    return {
      status: row.revoked_at ? 'revoked' : 'valid',
      serial: r.serial,
      code: r.code,
      holderName: r.holder.name,
      course: {
        title: title(r.course.title),
        titles: r.course.title,
        code: r.course.code,
        versionNumber: r.course.versionNumber,
        hours: r.course.hours,
      },
      academy: { code: r.academy.code, name: title(r.academy.name), country: r.academy.country },
      cohort: { name: r.cohort.name, startsOn: r.cohort.startsOn, endsOn: r.cohort.endsOn },
      issuedOn: r.issuedOn,
      completedOn: r.completedOn,
      result: { attendancePercent: r.result.attendancePercent, ...(row.print_result ? { percent: r.result.percent } : {}) },
      ...(row.revoked_at ? { revokedOn: dateOnly(row.revoked_at), reason: row.revocation_reason ?? '' } : {}),
      signatureValid,
      kid: row.kid,
      ...(erased ? { holderErased: true as const, ...(row.record_sha256 ? { recordSha256: row.record_sha256 } : {}) } : {}),
    };
  }

  /**
   * The check of a holder's own copy of the signed record (from their certificate's page, their export or the API):
   * it matches the certificate with this code when its canonical SHA-256 equals the record as issued (the hash kept
   * at erasure, or the stored record's), and its signature (the copy's, else the stored one) holds against the key
   * that signed the certificate. After erasure this is how a holder proves the name the code alone no longer shows.
   */
  async checkCopy(codeInput: string, copy: { record: unknown; signature?: string }): Promise<CopyCheck> {
    const code = normalizeCode(codeInput) ?? '-';
    const row = await this.certificates.verification(code);
    if (!row) throw new NotFound('certificate');
    const issued = row.record_sha256 ?? (row.holder_erased_at ? null : recordSha256(row.record));
    const matches = issued !== null && recordSha256(copy.record) === issued;
    const signatureValid = matches && this.checkSignature(row.public_jwk, copy.record, copy.signature ?? row.signature);
    const name = (copy.record as { holder?: { name?: unknown } } | null)?.holder?.name;
    return { matches, signatureValid, ...(matches && signatureValid && typeof name === 'string' ? { holderName: name } : {}) };
  }

  /**
   * The signature check of a record, remembered by the SHA-256 of exactly what was checked (the key, the signature
   * and the record's canonical JSON): the same bytes always give the same answer, and a record changed in the
   * database hashes differently and is checked afresh. Hashing costs a tenth of an Ed25519 check, which was the
   * largest part of a verification's CPU (issue 12, `npm run bench`). Per process, bounded, safe to differ.
   */
  private checkSignature(jwk: Record<string, string>, record: unknown, signature: string): boolean {
    const canonical = canonicalJson(record);
    const key = createHash('sha256').update(`${jwk.kid}\n${jwk.x}\n${signature}\n`).update(canonical).digest('base64url');
    const known = this.checked.get(key);
    if (known !== undefined) return known;
    const valid = verifyCanonical(this.keys.publicKey(jwk), canonical, signature);
    if (this.checked.size >= CHECKED_SIGNATURES) this.checked.delete(this.checked.keys().next().value!);
    this.checked.set(key, valid);
    return valid;
  }

  private readonly checked = new Map<string, boolean>();

  private decoyJwk?: Record<string, string>;

  private async decoyKey(): Promise<Record<string, string> | undefined> {
    if (!this.decoyJwk) this.decoyJwk = await this.keyRepository.anyPublicJwk();
    return this.decoyJwk;
  }

  /** What the per-address limits count: an IPv4 address, or an IPv6 address's /64 (one network, one client). */
  static addressKey(ip: string): string {
    return clientAddressKey(ip);
  }

  /** The public verification, pages and API together: false once this address used its minute. */
  allowVerification(ip: string): Promise<boolean> {
    return this.allow(`verify:${VerificationService.addressKey(ip)}`, VERIFY_LIMIT);
  }

  /** A fixed window per key (e.g. an address): false once `limit` requests were counted in the window. */
  async allow(key: string, limit: number, windowSeconds = 60): Promise<boolean> {
    const count = await this.rateLimits.hit(key.slice(0, 120), windowSeconds);
    if (Math.random() < 0.01) void this.rateLimits.prune().catch(() => undefined);
    return count <= limit;
  }

  /** The public list of an academy's revoked certificates, for verifiers that work offline. */
  async revocations(
    academyCode: string,
  ): Promise<{ academy: string; updatedAt: string; items: { serial: string; codeSha256: string; revokedOn: string; reason: string }[] }> {
    const academy = await this.academies.byCode(academyCode.toUpperCase());
    if (!academy) throw new NotFound('academy');
    const rows = await this.certificates.revoked(academy.id);
    return {
      academy: academy.code,
      updatedAt: new Date().toISOString(),
      // The code itself would open each revoked record to anyone: verifiers compare its SHA-256 instead.
      items: rows.map((r) => ({
        serial: r.serial,
        codeSha256: createHash('sha256').update(r.code).digest('hex'),
        revokedOn: dateOnly(r.revoked_at),
        reason: r.revocation_reason,
      })),
    };
  }
}
