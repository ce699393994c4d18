import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { BadInput, Forbidden, NotFound } from '@probity/i18n';
import { AccountsService, AcademiesService, type AuthUser, administers, canSeeAcademy } from '@probity/identity';
import { RETENTION_LIMITS, type SetRetentionDto } from './dto/retention.dto';
import { ErasureService } from './erasure.service';
import { RetentionRepository, type StoredRetention, type StoredRetentionRun } from './repositories/retention.repository';

/** An academy's retention periods as they apply: its own, or the defaults when it set none. */
export interface RetentionPeriods {
  academyId: string;
  answerTextsYears: number;
  inactiveAccountYears: number;
  /** False while the academy keeps the defaults (it never set its own). */
  custom: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The settings page and API: the periods and the latest runs' report (the newest first). */
export interface RetentionSettings {
  periods: RetentionPeriods;
  runs: StoredRetentionRun[];
}

/** What a run would do for one academy at `now`: the cut-off dates and the people due. */
export interface RetentionDue {
  periods: RetentionPeriods;
  /** Answer texts of cohorts that ended before this are deleted. */
  answerTextsEndedBefore: Date;
  /** People last seen before this are erased. */
  accountsSeenBefore: Date;
  accountIds: string[];
}

/** What one run did for one academy. */
export interface AcademyRetentionRun {
  academyId: string;
  runId: string | null;
  answerTextsCleared: number;
  accountsErased: number;
  /** Steps that failed (clearing the answer texts, one person's erasure, recording the run); logged, tried again next night. */
  failed: number;
}

/** What one run did in all. */
export interface RetentionRunResult {
  academies: number;
  answerTextsCleared: number;
  accountsErased: number;
  failed: number;
  perAcademy: AcademyRetentionRun[];
}

/** How many runs the report shows. */
export const RETENTION_REPORT_RUNS = 10;
const ACADEMY_PAGE = 500;

/** The moment `years` years before `now` (UTC calendar years; 29 February counts on to 1 March). */
export function yearsBefore(now: Date, years: number): Date {
  const moment = new Date(now.getTime());
  moment.setUTCFullYear(moment.getUTCFullYear() - years);
  return moment;
}

const defaults = (academyId: string): RetentionPeriods => ({
  academyId,
  answerTextsYears: RETENTION_LIMITS.answerTextsYears.default,
  inactiveAccountYears: RETENTION_LIMITS.inactiveAccountYears.default,
  custom: false,
  updatedAt: null,
  updatedBy: null,
});

const applying = (academyId: string, stored: StoredRetention | undefined): RetentionPeriods =>
  stored
    ? {
        academyId,
        answerTextsYears: stored.answerTextsYears,
        inactiveAccountYears: stored.inactiveAccountYears,
        custom: true,
        updatedAt: stored.updatedAt,
        updatedBy: stored.updatedBy,
      }
    : defaults(academyId);

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Retention (issue 16 point 4, ADR 0014). Each academy sets how long it keeps its attempts' answer texts after a cohort
 * ended (default 2 years, 1–10) and its people's accounts after they last signed in (default 5 years, 1–20); its
 * administrators set their own academy's, platform administrators any academy's. Every night the worker runs
 * {@link RetentionService.run}: for each academy, the answer texts of cohorts that ended before the cut-off are
 * deleted (`ErasureService.clearAnswerTextsWithin`, which decides which cohorts ended), and each person due is erased
 * with the same pseudonymisation as an erasure on request (`ErasureService.eraseWithin`, reason `retention`), one
 * transaction per person so that one failure undoes nobody else's. Platform administrators are never erased by it,
 * nor an academy's last active administrator. Each academy's run is recorded (`privacy_retention_runs`) and audited
 * (`privacy_retention.ran`) with its counts; a second run the same night finds nothing left to do.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly retention: RetentionRepository,
    private readonly erasure: ErasureService,
    private readonly academies: AcademiesService,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
  ) {}

  /** An academy's periods and its latest runs: for its administrators and platform administrators (404/403 for others). */
  async get(actor: AuthUser, academyId: string): Promise<RetentionSettings> {
    await this.access(actor, academyId);
    return this.settings(academyId);
  }

  /**
   * Sets an academy's periods (a period left out keeps its value); 400 `retention_out_of_range` outside the bounds.
   * Audited `privacy_retention.changed` with the periods before and after; the same periods again change nothing.
   */
  async set(actor: AuthUser, academyId: string, dto: SetRetentionDto): Promise<RetentionSettings> {
    await this.access(actor, academyId);
    for (const field of ['answerTextsYears', 'inactiveAccountYears'] as const) {
      const value = dto[field];
      const { min, max } = RETENTION_LIMITS[field];
      if (value !== undefined && (!Number.isInteger(value) || value < min || value > max))
        throw new BadInput('retention_out_of_range', { min, max });
    }
    await this.dataSource.transaction(async (manager) => {
      await this.retention.lock(manager, academyId);
      const before = applying(academyId, (await this.retention.periods([academyId], manager)).get(academyId));
      const after = {
        answerTextsYears: dto.answerTextsYears ?? before.answerTextsYears,
        inactiveAccountYears: dto.inactiveAccountYears ?? before.inactiveAccountYears,
      };
      if (before.custom && after.answerTextsYears === before.answerTextsYears && after.inactiveAccountYears === before.inactiveAccountYears)
        return;
      await this.retention.save(manager, { academyId, ...after, updatedBy: actor.id });
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId,
        action: 'privacy_retention.changed',
        entityType: 'privacy_retention',
        entityId: academyId,
        before: { answerTextsYears: before.answerTextsYears, inactiveAccountYears: before.inactiveAccountYears, custom: before.custom },
        after,
      });
    });
    return this.settings(academyId);
  }

  /** What a run at `now` would do for one academy (no access check: the run's own selection, and what tests look at). */
  async due(academyId: string, now = new Date()): Promise<RetentionDue> {
    const periods = applying(academyId, (await this.retention.periods([academyId])).get(academyId));
    const accountsSeenBefore = yearsBefore(now, periods.inactiveAccountYears);
    return {
      periods,
      answerTextsEndedBefore: yearsBefore(now, periods.answerTextsYears),
      accountsSeenBefore,
      accountIds: await this.accounts.inactive(academyId, accountsSeenBefore),
    };
  }

  /** The nightly run over every academy (`jobId`: the queue's message, kept with each academy's run row). */
  async run(now = new Date(), jobId: string | null = null): Promise<RetentionRunResult> {
    const result: RetentionRunResult = { academies: 0, answerTextsCleared: 0, accountsErased: 0, failed: 0, perAcademy: [] };
    for (let offset = 0; ; offset += ACADEMY_PAGE) {
      const page = await this.academies.list({ limit: ACADEMY_PAGE, offset });
      for (const academy of page.items) {
        const done = await this.runAcademy(academy.id, now, jobId).catch((error: unknown) => {
          this.logger.error(`academy ${academy.id}: not run: ${message(error)}`);
          return { academyId: academy.id, runId: null, answerTextsCleared: 0, accountsErased: 0, failed: 1 };
        });
        result.academies++;
        result.answerTextsCleared += done.answerTextsCleared;
        result.accountsErased += done.accountsErased;
        result.failed += done.failed;
        result.perAcademy.push(done);
      }
      if (page.items.length < ACADEMY_PAGE) break;
    }
    return result;
  }

  private async runAcademy(academyId: string, now: Date, jobId: string | null): Promise<AcademyRetentionRun> {
    const done: AcademyRetentionRun = { academyId, runId: null, answerTextsCleared: 0, accountsErased: 0, failed: 0 };
    const due = await this.due(academyId, now);
    try {
      done.answerTextsCleared = await this.dataSource.transaction((manager) =>
        this.erasure.clearAnswerTextsWithin(manager, academyId, due.answerTextsEndedBefore),
      );
    } catch (error) {
      done.failed++;
      this.logger.error(`academy ${academyId}: answer texts not cleared: ${message(error)}`);
    }
    for (const userId of due.accountIds) {
      try {
        const erased = await this.dataSource.transaction(async (manager) => {
          if (!(await this.accounts.lockIfInactive(manager, userId, academyId, due.accountsSeenBefore))) return false;
          await this.erasure.eraseWithin(manager, userId, { actorId: null, reason: 'retention' });
          return true;
        });
        if (erased) done.accountsErased++;
      } catch (error) {
        done.failed++;
        this.logger.error(`academy ${academyId}: person ${userId} not erased: ${message(error)}`);
      }
    }
    try {
      done.runId = await this.dataSource.transaction(async (manager) => {
        const runId = await this.retention.recordRun(manager, {
          academyId,
          ranAt: now,
          answerTextsCleared: done.answerTextsCleared,
          accountsErased: done.accountsErased,
          jobId,
        });
        await this.audit.record(manager, {
          actorId: null,
          academyId,
          action: 'privacy_retention.ran',
          entityType: 'privacy_retention_run',
          entityId: runId,
          before: null,
          after: {
            answerTextsCleared: done.answerTextsCleared,
            accountsErased: done.accountsErased,
            failed: done.failed,
            answerTextsYears: due.periods.answerTextsYears,
            inactiveAccountYears: due.periods.inactiveAccountYears,
            answerTextsEndedBefore: due.answerTextsEndedBefore.toISOString(),
            accountsSeenBefore: due.accountsSeenBefore.toISOString(),
            jobId,
          },
        });
        return runId;
      });
    } catch (error) {
      done.failed++;
      this.logger.error(`academy ${academyId}: run not recorded: ${message(error)}`);
    }
    return done;
  }

  private async settings(academyId: string): Promise<RetentionSettings> {
    const [stored, runs] = await Promise.all([this.retention.periods([academyId]), this.retention.runs(academyId, RETENTION_REPORT_RUNS)]);
    return { periods: applying(academyId, stored.get(academyId)), runs };
  }

  /** Administrators of the academy and platform administrators; 404 for those who cannot see it, 403 for the rest. */
  private async access(actor: AuthUser, academyId: string): Promise<void> {
    if (!canSeeAcademy(actor, academyId)) throw new NotFound('academy');
    if (!administers(actor, academyId)) throw new Forbidden();
    await this.academies.get(academyId);
  }
}
