import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue, QUEUES } from '@probity/database';
import { RetentionService, type RetentionRunResult } from '@probity/privacy';

/**
 * Every night at 03:40 UTC: each academy's retention periods applied (issue 16 point 4, ADR 0014). The answer texts of
 * cohorts that ended longer ago than the academy keeps them are deleted, and people who have not signed in for longer
 * than it keeps accounts are erased with the same pseudonymisation as an erasure on request, one transaction each.
 * Each academy's counts are recorded (the report on `/admin/retention`) and audited. pg-boss's schedule sends one job
 * per night whatever the number of workers; a person is locked and checked again before their erasure, so a second
 * run finds nothing left to do.
 */
@Injectable()
export class PrivacyRetentionProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly queue: JobQueue,
    private readonly retention: RetentionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.boss$();
    await boss.schedule(QUEUES.privacyRetention, '40 3 * * *');
    await boss.work(QUEUES.privacyRetention, async ([job]) => {
      await this.run(job?.id ?? null);
    });
  }

  /** What the queue runs each night (tests call it directly, with the moment it runs at). */
  async run(jobId: string | null = null, now = new Date()): Promise<RetentionRunResult> {
    const result = await this.retention.run(now, jobId);
    this.logger.log(
      `retention applied in ${result.academies} academies: ${result.answerTextsCleared} answer texts deleted, ` +
        `${result.accountsErased} accounts erased; ${result.failed} steps failed`,
    );
    return result;
  }
}
