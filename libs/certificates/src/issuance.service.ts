import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ResultsService } from '@probity/assessments';
import { AuditService } from '@probity/audit';
import { type Cohort, CohortsService, type RosterEntry } from '@probity/cohorts';
import { CoursesService, type PublishedVersion, type VersionSnapshot } from '@probity/courses';
import { JobQueue, QUEUES } from '@probity/database';
import { Forbidden, NotFound, ProbityError, zonedDate } from '@probity/i18n';
import { AcademiesService, type AcademyView, type AuthUser, AuthService, UsersService, administers, hasRole } from '@probity/identity';
import { JobsService } from '@probity/jobs';
import { CredentialsService } from './credentials.service';
import { dateOnly } from './dates';
import type { AcademySigningKey } from './entities/academy-key.entity';
import type { Certificate, CertificateRecord } from './entities/certificate.entity';
import { SigningKeysService } from './keys.service';
import { CertificateRepository } from './repositories/certificate.repository';
import { generateCode, signRecord } from './signing';

export const ISSUE_JOB = 'certificates.issue';

export interface IssuedCertificate {
  certificateId: string;
  serial: string;
  code: string;
  userId: string;
}

export interface IssueResult {
  /** Certificates this run issued. */
  issued: IssuedCertificate[];
  skipped: { userId: string; reason: string }[];
  /**
   * What happened, in numbers: issued by this run, and learners who already had their certificate
   * (before the job, or from an earlier run of this job that was interrupted), and the learners not eligible.
   */
  counts?: { issuedNow: number; issuedBefore: number; notCompleted: number; notEnrolled: number };
  /** Whether this run resumed a run that was interrupted. */
  resumed?: boolean;
}

/** How the worker runs a job: `signal` asks it to stop between two learners; `final` is false while the queue will retry it. */
export interface RunOptions {
  signal?: AbortSignal;
  final?: boolean;
}

/**
 * An issuance stopped between two learners because its worker is stopping: the job is handed back
 * (its row stays active, its progress kept) and the next run issues only what is missing.
 */
export class IssuanceInterrupted extends Error {
  constructor(
    readonly jobId: string,
    readonly done: number,
  ) {
    super(`job ${jobId} handed back after ${done} learners`);
    this.name = 'IssuanceInterrupted';
  }
}

const pad = (n: number): string => String(n).padStart(6, '0');

/**
 * Issuance: one certificate per completed enrolment, in its own transaction, with a gap-free
 * serial and the academy's signature over the frozen record. The server queues a job; the
 * worker runs it and writes its progress, which the starter follows through JobsService.
 */
@Injectable()
export class IssuanceService {
  private readonly logger = new Logger('Certificates');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cohorts: CohortsService,
    private readonly results: ResultsService,
    private readonly keys: SigningKeysService,
    private readonly queue: JobQueue,
    private readonly auth: AuthService,
    private readonly jobs: JobsService,
    private readonly credentials: CredentialsService,
    private readonly courses: CoursesService,
    private readonly academies: AcademiesService,
    private readonly users: UsersService,
    private readonly repository: CertificateRepository,
  ) {}

  /** The cohort, read from its owner, for someone who administers its academy (404 to outsiders, 403 to its other staff). */
  private async adminCohort(actor: AuthUser, cohortId: string): Promise<Cohort> {
    const cohort = await this.cohorts.find(cohortId);
    if (!cohort) throw new NotFound('cohort');
    if (!administers(actor, cohort.academyId))
      throw hasRole(actor, 'academy_admin', 'trainer') && actor.academyId === cohort.academyId ? new Forbidden() : new NotFound('cohort');
    return cohort;
  }

  /** Queues the issuance for the cohort's completed learners (or the ones named); answers the job's id. */
  async startIssuance(actor: AuthUser, cohortId: string, userIds?: string[]): Promise<{ jobId: string }> {
    const cohort = await this.adminCohort(actor, cohortId);
    // The row and its message commit together (the message carries the row's id as its own): no orphan `queued` row.
    // The queue retries the job (its settings, ADR 0008): a run issues only what is missing.
    const job = await this.dataSource.transaction(async (manager) => {
      const created = await this.jobs.create(manager, {
        kind: ISSUE_JOB,
        params: { cohortId, userIds: userIds ?? null },
        startedBy: actor.id,
        academyId: cohort.academyId,
      });
      await this.queue.sendIn(manager, QUEUES.certificates, { jobId: created.id }, { id: created.id });
      return created;
    });
    return { jobId: job.id };
  }

  /** The cohort an issuance job is for (the progress page links back to it). */
  async jobCohort(jobId: string): Promise<string | undefined> {
    const job = await this.jobs.find(jobId);
    return (job?.params as { cohortId?: string } | null)?.cohortId;
  }

  /**
   * The worker's side of a job: every eligible enrolment gets its certificate; a re-run issues only what
   * is missing, so a job interrupted (worker killed, or stopped through `signal`) is resumed by running it
   * again, and two runs of one job at once issue each learner once (each learner is locked and checked
   * in the issuing transaction, which also takes the serial). A stop hands the job back
   * (`IssuanceInterrupted`) without marking it failed; other errors fail it unless the queue will retry it.
   */
  async runIssuance(jobId: string, render?: (certificate: Certificate) => Promise<void>, options: RunOptions = {}): Promise<IssueResult> {
    const { signal, final = true } = options;
    const job = await this.jobs.find(jobId);
    if (!job) throw new NotFound('job');
    if (job.state === 'completed') return job.result as unknown as IssueResult;
    const { cohortId, userIds } = job.params as { cohortId: string; userIds: string[] | null };
    // A run after an interrupted one keeps the total it announced: learners issued before count as done.
    const resumed = job.state === 'active' && job.total > 0;
    try {
      const issuer = await this.auth.activeUser(job.startedBy);
      if (!issuer) throw new Forbidden();
      const cohort = await this.adminCohort(issuer, cohortId);
      // The roster is read once: it decides who is eligible and feeds the gradebook's results.
      const roster = await this.cohorts.roster(issuer, cohort.id);
      const { eligible, skipped } = await this.eligible(roster.items, cohort, userIds);
      const total = resumed ? Math.max(job.total, eligible.length) : eligible.length;
      const before = total - eligible.length;
      await this.jobs.start(job.id, total, before);
      const facts = await this.facts(issuer, cohort, roster);
      await this.credentials.ensureStatusList(cohort.academyId);
      const issued: IssuedCertificate[] = [];
      let reported = Date.now();
      for (const [n, entry] of eligible.entries()) {
        // Between two learners: a stopping worker hands the job back here, its progress written.
        if (signal?.aborted) {
          await this.jobs.progress(job.id, before + n);
          throw new IssuanceInterrupted(job.id, before + n);
        }
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
          await this.jobs.progress(job.id, before + n + 1);
        }
      }
      const count = (reason: string) => skipped.filter((s) => s.reason === reason).length;
      const result: IssueResult = {
        issued,
        skipped,
        counts: {
          issuedNow: issued.length,
          issuedBefore: count('already_certified'),
          notCompleted: count('not_completed'),
          notEnrolled: count('not_enrolled'),
        },
        resumed,
      };
      await this.jobs.finish(job.id, result);
      return result;
    } catch (error) {
      // Handed back, or to be retried by the queue: the row stays active (its progress kept) for the next run.
      if (error instanceof IssuanceInterrupted) throw error;
      if (final || error instanceof ProbityError) await this.jobs.fail(job.id, error instanceof Error ? error.message : String(error));
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
    const certified = await this.repository.certifiedEnrolmentIds(cohort.id);
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

  /**
   * What every certificate of the cohort shares: academy (from identity), course version (from courses),
   * results from the gradebook, the signing key, and each learner's language (from identity).
   */
  private async facts(issuer: AuthUser, cohort: Cohort, roster: { cohort: Cohort; items: RosterEntry[] }): Promise<IssueFacts> {
    const academy = await this.academies.get(cohort.academyId);
    const version = await this.courses.snapshot(cohort.courseVersionId);
    const gradebook = await this.results.gradebook(issuer, cohort.id, roster);
    // The key of the job: made once if the academy has none (a rotation during a job takes effect at the next job).
    const key = await this.dataSource.transaction((manager) => this.keys.current(manager, academy.id, academy.code));
    const locales = await this.users.localesOf(roster.items.map((i) => i.userId));
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
    // The owner of enrolments locks the row (ADR 0004); a learner has at most one open enrolment per cohort.
    const enrolment = await this.cohorts.lockOpenEnrolment(manager, cohort.id, entry.userId);
    if (enrolment?.id !== entry.enrolmentId || enrolment.status !== 'completed') return undefined;
    if (await this.repository.existsForEnrolment(entry.enrolmentId, manager)) return undefined;
    const { academy, version, snapshot } = facts;
    const now = new Date();
    // Dated in the academy's time zone: at 01:00 on 1 January in Tbilisi the serial already carries the new year.
    const issuedOn = zonedDate(now, academy.timeZone);
    const year = Number(issuedOn.slice(0, 4));
    // Counter rows locked until the transaction ends: two issuers wait for each other (no gap, no duplicate).
    const serialNumber = await this.repository.nextCounter(manager, academy.id, `serial:${year}`, 1);
    const statusIndex = await this.repository.nextCounter(manager, academy.id, 'status', 0);
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
    const certificate = await this.repository.create(manager, {
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
    });
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
}

interface IssueFacts {
  academy: AcademyView;
  version: PublishedVersion;
  snapshot: VersionSnapshot;
  results: Map<string, number | null>;
  key: AcademySigningKey;
  /** Each learner's language: their certificate's default. */
  locales: Map<string, string>;
}
