import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ReadReplica, primaryPool, statementName } from '@probity/database';
import { Certificate, type CertificateRecord } from '../entities/certificate.entity';

/** What public verification reads of a code: the record, its signature, the key that made it, its status, the academy's print choice. */
export interface VerificationRow {
  record: CertificateRecord;
  signature: string;
  kid: string;
  revoked_at: Date | null;
  revocation_reason: string | null;
  public_jwk: Record<string, string>;
  print_result: boolean | null;
  record_sha256: string | null;
  holder_erased_at: Date | null;
}

const VERIFICATION = `SELECT c.record, c.signature, c.kid, c.revoked_at, c.revocation_reason, k.public_jwk, b.print_result,
        c.record_sha256, c.holder_erased_at
   FROM certificates c JOIN academy_keys k ON k.kid = c.kid LEFT JOIN academy_branding b ON b.academy_id = c.academy_id
  WHERE c.code = $1`;

/**
 * Issued certificates (`certificates`) and the counters their serials and status-list positions come
 * from (`certificate_counters`). Methods that change rows or lock them run in the caller's transaction
 * and take its manager first; reads take a manager last, the pool's by default.
 */
@Injectable()
export class CertificateRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly replica: ReadReplica,
  ) {}

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<Certificate | null> {
    return manager.findOneBy(Certificate, { id });
  }

  /** Certificates by serial, filtered by cohort, holder and issuing academy (each when given); at most `limit`. */
  list(filter: { cohortId?: string; userId?: string; academyId?: string | null }, limit = 5000): Promise<Certificate[]> {
    const query = this.dataSource.getRepository(Certificate).createQueryBuilder('c').orderBy('c.serial', 'ASC');
    if (filter.cohortId) query.andWhere('c.cohortId = :cohortId', { cohortId: filter.cohortId });
    if (filter.userId) query.andWhere('c.userId = :userId', { userId: filter.userId });
    if (filter.academyId !== undefined) query.andWhere('c.academyId = :academyId', { academyId: filter.academyId });
    return query.limit(limit).getMany();
  }

  /** The enrolments of the cohort that already have their certificate. */
  async certifiedEnrolmentIds(cohortId: string, manager: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    const rows = await manager.query<{ enrolment_id: string }[]>('SELECT enrolment_id FROM certificates WHERE cohort_id = $1', [cohortId]);
    return new Set(rows.map((r) => r.enrolment_id));
  }

  existsForEnrolment(enrolmentId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(Certificate, { enrolmentId });
  }

  create(
    manager: EntityManager,
    fields: Omit<Certificate, 'revokedAt' | 'revokedBy' | 'revocationReason' | 'recordSha256' | 'holderErasedAt'>,
  ): Promise<Certificate> {
    return manager.save(manager.create(Certificate, fields));
  }

  /**
   * The next value of the academy's counter `name` (`first` when it has none yet), under the counter
   * row's lock until the caller's transaction ends: two issuers wait for each other, so there is no
   * gap and no duplicate.
   */
  async nextCounter(manager: EntityManager, academyId: string, name: string, first: number): Promise<number> {
    const [row] = await manager.query<{ value: number }[]>(
      `INSERT INTO certificate_counters (academy_id, name, value) VALUES ($1, $2, $3)
       ON CONFLICT (academy_id, name) DO UPDATE SET value = certificate_counters.value + 1 RETURNING value`,
      [academyId, name, first],
    );
    return row.value;
  }

  /** The certificate, locked until the caller's transaction ends. */
  lock(manager: EntityManager, id: string): Promise<Certificate | null> {
    return manager.findOne(Certificate, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async revoke(manager: EntityManager, id: string, revokedAt: Date, revokedBy: string, reason: string): Promise<void> {
    await manager.query('UPDATE certificates SET revoked_at = $2, revoked_by = $3, revocation_reason = $4 WHERE id = $1', [
      id,
      revokedAt,
      revokedBy,
      reason,
    ]);
  }

  /**
   * The certificate with a verification code, with the public key that signed it and whether its academy prints results.
   *
   * With a read replica (PROBITY_DATABASE_REPLICA_URL), the heavy part (the frozen record, its key, the branding)
   * comes from the replica while the status (revoked or not, when, why) is read from the primary at the same moment:
   * a revocation shows at once, whatever the replica's lag. A code the primary does not know is unknown; one the
   * replica does not know yet (issued within its lag) or a replica that fails is read whole from the primary.
   */
  async verification(code: string): Promise<VerificationRow | undefined> {
    if (!this.replica.usable) return this.verificationOnPrimary(code);
    const [copy, status] = await Promise.all([
      this.replica.read<VerificationRow>(VERIFICATION, [code]),
      this.dataSource.query<Pick<VerificationRow, 'revoked_at' | 'revocation_reason'>[]>(
        'SELECT revoked_at, revocation_reason FROM certificates WHERE code = $1',
        [code],
      ),
    ]);
    if (!status[0]) return undefined;
    if (!copy?.[0]) return this.verificationOnPrimary(code);
    return { ...copy[0], revoked_at: status[0].revoked_at, revocation_reason: status[0].revocation_reason };
  }

  /** The public verification's read: a prepared statement straight on the pool (see `primaryPool`). */
  private async verificationOnPrimary(code: string): Promise<VerificationRow | undefined> {
    const { rows } = await primaryPool(this.dataSource).query<VerificationRow>({
      name: statementName('probity_verification'),
      text: VERIFICATION,
      values: [code],
    });
    return rows[0];
  }

  /** A holder's certificates whose holder is not yet erased, locked until the caller's transaction ends. */
  holderRowsForUpdate(
    manager: EntityManager,
    userId: string,
  ): Promise<{ id: string; record: CertificateRecord; signature: string; public_jwk: Record<string, string> }[]> {
    return manager.query(
      `SELECT c.id, c.record, c.signature, k.public_jwk FROM certificates c JOIN academy_keys k ON k.kid = c.kid
        WHERE c.user_id = $1 AND c.holder_erased_at IS NULL ORDER BY c.serial FOR UPDATE OF c`,
      [userId],
    );
  }

  /**
   * Erasure (ADR 0014): the record without the holder's name, the hash of the record as signed, and no kept PDF or
   * credential (both print the name; the holder has their own copies).
   */
  async redactHolder(manager: EntityManager, id: string, record: CertificateRecord, recordSha256: string | null): Promise<void> {
    await manager.query(`UPDATE certificates SET record = $2::jsonb, record_sha256 = $3, holder_erased_at = now() WHERE id = $1`, [
      id,
      JSON.stringify(record),
      recordSha256,
    ]);
    await manager.query('DELETE FROM certificate_files WHERE certificate_id = $1', [id]);
    await manager.query('DELETE FROM certificate_credentials WHERE certificate_id = $1', [id]);
  }

  /** The academy's revoked certificates, in the order they were revoked. */
  revoked(academyId: string): Promise<{ serial: string; code: string; revoked_at: Date; revocation_reason: string }[]> {
    return this.dataSource.query(
      'SELECT serial, code, revoked_at, revocation_reason FROM certificates WHERE academy_id = $1 AND revoked_at IS NOT NULL ORDER BY revoked_at, serial',
      [academyId],
    );
  }

  /** Every status-list position the academy gave out, and whether its certificate is revoked. */
  statusIndexes(
    academyId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ status_index: number; revoked: boolean }[]> {
    return manager.query<{ status_index: number; revoked: boolean }[]>(
      'SELECT status_index, revoked_at IS NOT NULL AS revoked FROM certificates WHERE academy_id = $1',
      [academyId],
    );
  }
}
