import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SigningKeysService } from './keys.service';
import { CertificateRepository } from './repositories/certificate.repository';
import { canonicalJson, verifyCanonical } from './signing';

/** The SHA-256 (hex) of a record's canonical JSON: what `record_sha256` keeps and what a holder's copy must match. */
export function recordSha256(record: unknown): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

/**
 * The certificates' part of erasure (issue 16 point 3, ADR 0014), inside the caller's transaction: for each of the
 * person's certificates, the hash of the record as signed is kept (only when its signature still holds: a record that
 * no longer matches its signature proves nothing), then the holder's name is removed from the stored record, and the
 * kept PDF and Open Badges credential (which print it) are deleted. Code, serial, course, dates and result stay, so the
 * certificate still verifies by its code; the holder's own copy (the signed record, the QR code, the credential) still
 * verifies by its signature and, for the record, by the kept hash.
 */
@Injectable()
export class CertificateHolderErasure {
  constructor(
    private readonly certificates: CertificateRepository,
    private readonly keys: SigningKeysService,
  ) {}

  /** Answers how many certificates were redacted. */
  async redactWithin(manager: EntityManager, userId: string): Promise<number> {
    const rows = await this.certificates.holderRowsForUpdate(manager, userId);
    for (const row of rows) {
      const canonical = canonicalJson(row.record);
      const signed = verifyCanonical(this.keys.publicKey(row.public_jwk), canonical, row.signature);
      const hash = signed ? createHash('sha256').update(canonical).digest('hex') : null;
      await this.certificates.redactHolder(manager, row.id, { ...row.record, holder: { id: row.record.holder.id, name: '' } }, hash);
    }
    return rows.length;
  }
}
