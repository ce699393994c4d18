import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFound } from '@probity/i18n';
import { Academy, clientAddressKey } from '@probity/identity';
import { dateOnly } from './dates';
import { type CertificateRecord } from './entities/certificate.entity';
import { SigningKeysService } from './keys.service';
import { normalizeCode, verifyRecord } from './signing';

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
}

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: SigningKeysService,
  ) {}

  /**
   * The public check of a code: the whole frozen record, its signature checked against the key
   * that made it, and its status. Unknown codes do the same work (a decoy signature check) and 404.
   */
  async verify(codeInput: string, locale: string): Promise<Verification> {
    const code = normalizeCode(codeInput) ?? '-';
    const [row] = await this.dataSource.query<
      {
        record: CertificateRecord;
        signature: string;
        kid: string;
        revoked_at: Date | null;
        revocation_reason: string | null;
        public_jwk: Record<string, string>;
        print_result: boolean | null;
      }[]
    >(
      `SELECT c.record, c.signature, c.kid, c.revoked_at, c.revocation_reason, k.public_jwk, b.print_result
         FROM certificates c JOIN academy_keys k ON k.kid = c.kid LEFT JOIN academy_branding b ON b.academy_id = c.academy_id
        WHERE c.code = $1`,
      [code],
    );
    const anyKey = row?.public_jwk ?? (await this.decoyKey());
    const signatureValid = anyKey
      ? verifyRecord(this.keys.publicKey(anyKey), row?.record ?? DECOY.record, row?.signature ?? DECOY.signature)
      : false;
    if (!row) throw new NotFound('certificate');
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
    };
  }

  private decoyJwk?: Record<string, string>;

  private async decoyKey(): Promise<Record<string, string> | undefined> {
    if (!this.decoyJwk) {
      const [key] = await this.dataSource.query<{ public_jwk: Record<string, string> }[]>('SELECT public_jwk FROM academy_keys LIMIT 1');
      this.decoyJwk = key?.public_jwk;
    }
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
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `INSERT INTO rate_limits (key, window_start, count)
       VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1 RETURNING count`,
      [key.slice(0, 120), windowSeconds],
    );
    if (Math.random() < 0.01)
      void this.dataSource.query(`DELETE FROM rate_limits WHERE window_start < now() - interval '1 hour'`).catch(() => undefined);
    return row.count <= limit;
  }

  /** The public list of an academy's revoked certificates, for verifiers that work offline. */
  async revocations(
    academyCode: string,
  ): Promise<{ academy: string; updatedAt: string; items: { serial: string; codeSha256: string; revokedOn: string; reason: string }[] }> {
    const academy = await this.dataSource.getRepository(Academy).findOneBy({ code: academyCode.toUpperCase() });
    if (!academy) throw new NotFound('academy');
    const rows = await this.dataSource.query<{ serial: string; code: string; revoked_at: Date; revocation_reason: string }[]>(
      'SELECT serial, code, revoked_at, revocation_reason FROM certificates WHERE academy_id = $1 AND revoked_at IS NOT NULL ORDER BY revoked_at, serial',
      [academy.id],
    );
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
