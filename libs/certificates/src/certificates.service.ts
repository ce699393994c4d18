import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { CompactSign } from 'jose';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { GradingService } from '@probity/assessments';
import { AuditService } from '@probity/audit';
import { Cohort, CohortsService, type RosterEntry } from '@probity/cohorts';
import { CourseVersion, type VersionSnapshot } from '@probity/courses';
import { JobQueue, QUEUES } from '@probity/database';
import { Conflict, Forbidden, NotFound, ProbityError, ValidationFailed, zonedDate } from '@probity/i18n';
import { Academy, type AuthUser, AuthService, administers, clientAddressKey, hasRole } from '@probity/identity';
import {
  AcademySigningKey,
  Certificate,
  CertificateCredential,
  type CertificateRecord,
  Job,
  type JobState,
  StatusList,
} from './entities/certificate.entity';
import { SigningKeysService } from './keys.service';
import {
  type VerifiableCredential,
  credentialJwt,
  dataIntegrityProof,
  encodeStatusList,
  generateCode,
  keyUrl,
  normalizeCode,
  openBadgeCredential,
  signRecord,
  statusListCredential,
  statusListSize,
  verifyRecord,
} from './signing';

export const ISSUE_JOB = 'certificates.issue';
/** Per address and minute, for the public verification (pages and API together). */
export const VERIFY_LIMIT = 60;
/** A queued or running job not heard of for this long is reported as interrupted. */
const STALLED_AFTER_MS = 10 * 60_000;

export interface IssuedCertificate {
  certificateId: string;
  serial: string;
  code: string;
  userId: string;
}

export interface IssueResult {
  issued: IssuedCertificate[];
  skipped: { userId: string; reason: string }[];
}

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

const pad = (n: number): string => String(n).padStart(6, '0');
const dateOnly = (d: Date | string): string => new Date(d).toISOString().slice(0, 10);

/**
 * Issuance (one certificate per completed enrolment, in its own transaction, with a gap-free
 * serial and the academy's signature over the frozen record), verification and revocation.
 */
@Injectable()
export class CertificatesService {
  private readonly logger = new Logger('Certificates');
  readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cohorts: CohortsService,
    private readonly grading: GradingService,
    private readonly keys: SigningKeysService,
    private readonly queue: JobQueue,
    private readonly auth: AuthService,
    config: ConfigService,
  ) {
    this.publicUrl = (config.get<string>('PROBITY_PUBLIC_URL') ?? `http://localhost:${config.get<string>('PORT') ?? '3000'}`).replace(
      /\/+$/,
      '',
    );
  }

  private async adminCohort(actor: AuthUser, cohortId: string): Promise<Cohort> {
    const cohort = await this.dataSource.getRepository(Cohort).findOneBy({ id: cohortId });
    if (!cohort) throw new NotFound('cohort');
    if (!administers(actor, cohort.academyId))
      throw hasRole(actor, 'academy_admin', 'trainer') && actor.academyId === cohort.academyId ? new Forbidden() : new NotFound('cohort');
    return cohort;
  }

  // ---- issuance --------------------------------------------------------------------------------

  /** Queues the issuance for the cohort's completed learners (or the ones named); answers the job's id. */
  async startIssuance(actor: AuthUser, cohortId: string, userIds?: string[]): Promise<{ jobId: string }> {
    const cohort = await this.adminCohort(actor, cohortId);
    const job = await this.dataSource.getRepository(Job).save(
      this.dataSource.getRepository(Job).create({
        kind: ISSUE_JOB,
        state: 'queued',
        params: { cohortId, userIds: userIds ?? null },
        startedBy: actor.id,
        academyId: cohort.academyId,
      }),
    );
    // No automatic retry: a failed or interrupted job is shown as such, and asking again is harmless.
    await this.queue.send(QUEUES.certificates, { jobId: job.id }, { retryLimit: 0 });
    return { jobId: job.id };
  }

  async job(
    actor: AuthUser,
    jobId: string,
  ): Promise<{ id: string; state: JobState; progress: { done: number; total: number }; result?: unknown; error?: string }> {
    const job = await this.dataSource.getRepository(Job).findOneBy({ id: jobId });
    if (!job || (job.startedBy !== actor.id && !administers(actor, job.academyId))) throw new NotFound('job');
    // Progress is written every quarter second while a worker runs: silence this long means the worker stopped.
    const interrupted = (job.state === 'active' || job.state === 'queued') && Date.now() - job.updatedAt.getTime() > STALLED_AFTER_MS;
    return {
      id: job.id,
      state: interrupted ? 'failed' : job.state,
      ...(interrupted ? { error: 'interrupted' } : {}),
      progress: { done: job.done, total: job.total },
      ...(job.result ? { result: job.result } : {}),
      ...(job.error ? { error: job.error } : {}),
    };
  }

  async jobCohort(jobId: string): Promise<string | undefined> {
    const job = await this.dataSource.getRepository(Job).findOneBy({ id: jobId });
    return (job?.params as { cohortId?: string } | null)?.cohortId;
  }

  /** The worker's side of a job: every eligible enrolment gets its certificate; a re-run issues only what is missing. */
  async runIssuance(jobId: string, render?: (certificate: Certificate) => Promise<void>): Promise<IssueResult> {
    const jobs = this.dataSource.getRepository(Job);
    const job = await jobs.findOneBy({ id: jobId });
    if (!job) throw new NotFound('job');
    if (job.state === 'completed') return job.result as unknown as IssueResult;
    const { cohortId, userIds } = job.params as { cohortId: string; userIds: string[] | null };
    try {
      const issuer = await this.auth.activeUser(job.startedBy);
      if (!issuer) throw new Forbidden();
      const cohort = await this.adminCohort(issuer, cohortId);
      // The roster is read once: it decides who is eligible and feeds the gradebook's results.
      const roster = await this.cohorts.roster(issuer, cohort.id);
      const { eligible, skipped } = await this.eligible(roster.items, cohort, userIds);
      await jobs.update(job.id, { state: 'active', total: eligible.length, done: 0, updatedAt: new Date() });
      const facts = await this.facts(issuer, cohort, roster);
      if (!(await this.dataSource.getRepository(StatusList).existsBy({ academyId: cohort.academyId })))
        await this.dataSource.transaction((manager) => this.publishStatusList(manager, cohort.academyId));
      const issued: IssuedCertificate[] = [];
      let reported = Date.now();
      for (const [n, entry] of eligible.entries()) {
        const certificate = await this.issueOne(cohort, facts, entry, issuer);
        if (certificate) {
          issued.push({ certificateId: certificate.id, serial: certificate.serial, code: certificate.code, userId: certificate.userId });
          if (render)
            await render(certificate).catch((error: unknown) =>
              this.logger.warn(`PDF of ${certificate.serial} not stored: ${String(error)}`),
            );
        } else skipped.push({ userId: entry.userId, reason: 'already_certified' });
        if (Date.now() - reported > 250 || n === eligible.length - 1) {
          reported = Date.now();
          await jobs.update(job.id, { done: n + 1, updatedAt: new Date() });
        }
      }
      const result: IssueResult = { issued, skipped };
      await jobs.update(job.id, { state: 'completed', result: result as never, updatedAt: new Date() });
      return result;
    } catch (error) {
      await jobs.update(job.id, { state: 'failed', error: error instanceof Error ? error.message : String(error), updatedAt: new Date() });
      throw error;
    }
  }

  private async eligible(
    items: RosterEntry[],
    cohort: Cohort,
    userIds: string[] | null,
  ): Promise<{
    eligible: { enrolmentId: string; userId: string; fullName: string; completedAt: Date; attendancePercent: number }[];
    skipped: IssueResult['skipped'];
  }> {
    const certified = new Set(
      (
        await this.dataSource.query<{ enrolment_id: string }[]>('SELECT enrolment_id FROM certificates WHERE cohort_id = $1', [cohort.id])
      ).map((r) => r.enrolment_id),
    );
    const wanted = userIds ? new Set(userIds) : null;
    const skipped: IssueResult['skipped'] = [];
    const eligible = [];
    for (const entry of items) {
      if (wanted && !wanted.has(entry.userId)) continue;
      wanted?.delete(entry.userId);
      if (entry.status !== 'completed' || !entry.completedAt) {
        if (wanted || entry.status !== 'withdrawn') if (userIds) skipped.push({ userId: entry.userId, reason: 'not_completed' });
        continue;
      }
      if (certified.has(entry.enrolmentId)) {
        skipped.push({ userId: entry.userId, reason: 'already_certified' });
        continue;
      }
      eligible.push({
        enrolmentId: entry.enrolmentId,
        userId: entry.userId,
        fullName: entry.fullName,
        completedAt: entry.completedAt,
        attendancePercent: entry.progress.attendancePercent,
      });
    }
    for (const userId of wanted ?? []) skipped.push({ userId, reason: 'not_enrolled' });
    return { eligible, skipped };
  }

  /** What every certificate of the cohort shares: academy, course version, results from the gradebook. */
  private async facts(issuer: AuthUser, cohort: Cohort, roster: { cohort: Cohort; items: RosterEntry[] }): Promise<IssueFacts> {
    const academy = await this.dataSource.getRepository(Academy).findOneByOrFail({ id: cohort.academyId });
    const version = await this.dataSource.getRepository(CourseVersion).findOneByOrFail({ id: cohort.courseVersionId });
    const gradebook = await this.grading.gradebook(issuer, cohort.id, roster);
    // The key of the job: made once if the academy has none (a rotation during a job takes effect at the next job).
    const key = await this.dataSource.transaction((manager) => this.keys.current(manager, academy.id, academy.code));
    const locales = new Map(
      (
        await this.dataSource.query<{ id: string; locale: string }[]>('SELECT id, locale FROM users WHERE id = ANY($1::uuid[])', [
          roster.items.map((i) => i.userId),
        ])
      ).map((u) => [u.id, u.locale]),
    );
    const finals = gradebook.assessments.filter((a) => a.kind === 'post_test' || a.kind === 'case_exercise').map((a) => a.id);
    const results = new Map<string, number | null>();
    for (const row of gradebook.rows) {
      const percents = finals.map((id) => row.assessments[id]?.percent).filter((p): p is number => typeof p === 'number');
      results.set(row.userId, percents.length ? Math.round((10 * percents.reduce((a, b) => a + b, 0)) / percents.length) / 10 : null);
    }
    return { academy, version, snapshot: version.snapshot, results, key, locales };
  }

  /**
   * One certificate in one transaction: the enrolment is locked, the serial and status index come
   * from counter rows updated here (two issuers wait for each other: no gap, no duplicate), the
   * record is signed, and the audit entry is written. Undefined when the enrolment already has one.
   */
  private async issueOne(
    cohort: Cohort,
    facts: IssueFacts,
    entry: { enrolmentId: string; userId: string; fullName: string; completedAt: Date; attendancePercent: number },
    issuer: AuthUser,
  ): Promise<Certificate | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.issueIn(manager, cohort, facts, entry, issuer));
      } catch (error) {
        // A verification code drawn twice (1 in 32^10) violates its unique index: draw again.
        if (attempt < 3 && (error as { constraint?: string }).constraint === 'UQ_e9e6937f74d9a653f0fc3299132') continue;
        throw error;
      }
    }
  }

  private async issueIn(
    manager: EntityManager,
    cohort: Cohort,
    facts: IssueFacts,
    entry: { enrolmentId: string; userId: string; fullName: string; completedAt: Date; attendancePercent: number },
    issuer: AuthUser,
  ): Promise<Certificate | undefined> {
    const [enrolment] = await manager.query<{ status: string }[]>('SELECT status FROM enrolments WHERE id = $1 FOR UPDATE', [
      entry.enrolmentId,
    ]);
    if (enrolment?.status !== 'completed') return undefined;
    if (await manager.existsBy(Certificate, { enrolmentId: entry.enrolmentId })) return undefined;
    const { academy, version, snapshot } = facts;
    const now = new Date();
    // Dated in the academy's time zone: at 01:00 on 1 January in Tbilisi the serial already carries the new year.
    const issuedOn = zonedDate(now, academy.timeZone);
    const year = Number(issuedOn.slice(0, 4));
    const serialNumber = await this.next(manager, academy.id, `serial:${year}`, 1);
    const statusIndex = await this.next(manager, academy.id, 'status', 0);
    const { key } = facts;
    const id = randomUUID();
    const record: CertificateRecord = {
      type: 'ProbityCertificate',
      version: 1,
      certificateId: id,
      serial: `${academy.code}-${year}-${pad(serialNumber)}`,
      code: generateCode(),
      holder: { id: entry.userId, name: entry.fullName },
      academy: { code: academy.code, name: academy.name, country: academy.country },
      course: {
        title: snapshot.course.title,
        code: snapshot.course.code,
        versionNumber: version.number,
        versionId: version.id,
        hours: Math.round((snapshot.durationMinutes / 60) * 10) / 10,
      },
      cohort: {
        id: cohort.id,
        name: cohort.name,
        startsOn: dateOnly(cohort.startsOn),
        endsOn: dateOnly(cohort.endsOn),
        locale: cohort.locale,
      },
      completedOn: zonedDate(entry.completedAt, academy.timeZone),
      issuedOn,
      result: { percent: facts.results.get(entry.userId) ?? null, attendancePercent: entry.attendancePercent },
      issuer: { id: issuer.id, name: issuer.fullName },
      statusIndex,
      kid: key.kid,
    };
    const certificate = await manager.save(
      manager.create(Certificate, {
        id,
        academyId: academy.id,
        cohortId: cohort.id,
        enrolmentId: entry.enrolmentId,
        userId: entry.userId,
        serial: record.serial,
        code: record.code,
        record,
        signature: signRecord(this.keys.privateKey(key), record),
        kid: key.kid,
        statusIndex,
        locale: facts.locales.get(entry.userId) ?? cohort.locale,
        issuedAt: now,
        issuedBy: issuer.id,
      }),
    );
    await this.audit.record(manager, {
      actorId: issuer.id,
      academyId: academy.id,
      action: 'certificate.issued',
      entityType: 'certificate',
      entityId: id,
      after: { serial: record.serial, userId: entry.userId, cohortId: cohort.id, kid: key.kid },
    });
    return certificate;
  }

  /** The next value of a counter row, under its row lock until the transaction ends. */
  private async next(manager: EntityManager, academyId: string, name: string, first: number): Promise<number> {
    const [row] = await manager.query<{ value: number }[]>(
      `INSERT INTO certificate_counters (academy_id, name, value) VALUES ($1, $2, $3)
       ON CONFLICT (academy_id, name) DO UPDATE SET value = certificate_counters.value + 1 RETURNING value`,
      [academyId, name, first],
    );
    return row.value;
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** A certificate for its holder, the academy's admins (and platform admins); others get 404. */
  async get(actor: AuthUser, id: string): Promise<Certificate> {
    const certificate = await this.dataSource.getRepository(Certificate).findOneBy({ id });
    if (!certificate || !(certificate.userId === actor.id || administers(actor, certificate.academyId))) throw new NotFound('certificate');
    return certificate;
  }

  async list(actor: AuthUser, filter: { cohortId?: string; userId?: string }): Promise<Certificate[]> {
    const admin = hasRole(actor, 'platform_admin') || hasRole(actor, 'academy_admin');
    const userId = admin ? filter.userId : actor.id;
    if (!admin && filter.userId && filter.userId !== actor.id) throw new Forbidden();
    const query = this.dataSource.getRepository(Certificate).createQueryBuilder('c').orderBy('c.serial', 'ASC');
    if (filter.cohortId) query.andWhere('c.cohortId = :cohortId', { cohortId: filter.cohortId });
    if (userId) query.andWhere('c.userId = :userId', { userId });
    if (admin && !hasRole(actor, 'platform_admin')) query.andWhere('c.academyId = :academyId', { academyId: actor.academyId });
    return query.limit(5000).getMany();
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

  // ---- verification ----------------------------------------------------------------------------

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
    return this.allow(`verify:${CertificatesService.addressKey(ip)}`, VERIFY_LIMIT);
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

  // ---- revocation ------------------------------------------------------------------------------

  async revoke(actor: AuthUser, id: string, reason: string): Promise<Certificate> {
    return this.dataSource.transaction(async (manager) => {
      const certificate = await manager.findOne(Certificate, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!certificate || !administers(actor, certificate.academyId))
        throw certificate && certificate.userId === actor.id ? new Forbidden() : new NotFound('certificate');
      if (certificate.revokedAt) throw new Conflict('certificate_revoked');
      if (reason.trim().length < 3) throw new ValidationFailed([{ field: 'reason', constraint: 'minLength', params: { count: 3 } }]);
      certificate.revokedAt = new Date();
      certificate.revokedBy = actor.id;
      certificate.revocationReason = reason.trim();
      await manager.query('UPDATE certificates SET revoked_at = $2, revoked_by = $3, revocation_reason = $4 WHERE id = $1', [
        id,
        certificate.revokedAt,
        actor.id,
        certificate.revocationReason,
      ]);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: certificate.academyId,
        action: 'certificate.revoked',
        entityType: 'certificate',
        entityId: id,
        before: { status: 'valid' },
        after: { status: 'revoked', reason: certificate.revocationReason },
      });
      await this.publishStatusList(manager, certificate.academyId);
      return certificate;
    });
  }

  /** A new key signs from now on; the retired one stays published, so what it signed still verifies. */
  async rotateKey(actor: AuthUser, academyId: string): Promise<{ kid: string }> {
    if (!administers(actor, academyId)) throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const academy = await manager.findOneBy(Academy, { id: academyId });
      if (!academy) throw new NotFound('academy');
      const key = await this.keys.rotate(manager, academy.id, academy.code);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId,
        action: 'academy.signing_key_rotated',
        entityType: 'academy',
        entityId: academyId,
        after: { kid: key.kid },
      });
      await this.publishStatusList(manager, academy.id);
      return { kid: key.kid };
    });
  }

  academyKeys(academyId: string): Promise<AcademySigningKey[]> {
    return this.dataSource.getRepository(AcademySigningKey).find({ where: { academyId }, order: { createdAt: 'DESC' } });
  }

  /** Rewrites the academy's signed status list (in the revoking transaction, so the list and the row agree). */
  async publishStatusList(manager: EntityManager, academyId: string): Promise<StatusList> {
    // One publisher at a time per academy: a list read before another revocation commits would drop it.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`probity:status-list:${academyId}`]);
    const academy = await manager.findOneByOrFail(Academy, { id: academyId });
    const rows = await manager.query<{ status_index: number; revoked: boolean }[]>(
      'SELECT status_index, revoked_at IS NOT NULL AS revoked FROM certificates WHERE academy_id = $1',
      [academyId],
    );
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
    const list = manager.create(StatusList, {
      academyId,
      credential: signed as unknown as Record<string, unknown>,
      jwt,
      updatedAt: new Date(),
    });
    await manager.query(
      `INSERT INTO status_lists (academy_id, credential, jwt, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (academy_id) DO UPDATE SET credential = EXCLUDED.credential, jwt = EXCLUDED.jwt, updated_at = EXCLUDED.updated_at`,
      [academyId, JSON.stringify(list.credential), jwt, list.updatedAt],
    );
    return list;
  }

  async statusList(academyCode: string): Promise<StatusList> {
    const academy = await this.dataSource.getRepository(Academy).findOneBy({ code: academyCode.toUpperCase() });
    if (!academy) throw new NotFound('academy');
    // Published by the issuance (before its first certificate) and by each revocation; never by a visitor.
    const list = await this.dataSource.getRepository(StatusList).findOneBy({ academyId: academy.id });
    if (!list) throw new NotFound('academy');
    return list;
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

  // ---- Open Badges 3.0 -------------------------------------------------------------------------

  /** The credential as a VC-JWT and as JSON with a Data Integrity proof; signed on first request, then kept. */
  async credential(actor: AuthUser, id: string): Promise<{ jwt: string; credential: Record<string, unknown> }> {
    const certificate = await this.get(actor, id);
    const stored = await this.dataSource.getRepository(CertificateCredential).findOneBy({ certificateId: id });
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
    await this.dataSource
      .getRepository(CertificateCredential)
      .createQueryBuilder()
      .insert()
      .values({ certificateId: id, jwt, credential: signed as never })
      .orIgnore()
      .execute();
    const kept = await this.dataSource.getRepository(CertificateCredential).findOneByOrFail({ certificateId: id });
    return { jwt: kept.jwt, credential: kept.credential };
  }
}

interface IssueFacts {
  academy: Academy;
  version: CourseVersion;
  snapshot: VersionSnapshot;
  results: Map<string, number | null>;
  key: AcademySigningKey;
  /** Each learner's language: their certificate's default. */
  locales: Map<string, string>;
}
