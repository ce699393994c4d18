import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '@probity/database';
import { EXPORT_QUEUE, PrivacyExportsService } from '@probity/privacy';

/**
 * Personal data exports (issue 16 point 2): one job per request; the privacy service reads the person's rows table by
 * table (the job's progress), writes the ZIP and keeps it 7 days. A failed run is marked failed by the service and
 * not retried: the person asks again.
 */
@Injectable()
export class PrivacyExportsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('PrivacyExports');

  constructor(
    private readonly queue: JobQueue,
    private readonly exports: PrivacyExportsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.boss$();
    await boss.createQueue(EXPORT_QUEUE);
    await boss.work<{ jobId: string }>(EXPORT_QUEUE, async ([job]) => {
      await this.handle(job.data.jobId);
    });
  }

  /** What the queue calls for one message (tests call it directly). */
  async handle(jobId: string): Promise<void> {
    const started = Date.now();
    try {
      const result = await this.exports.run(jobId);
      this.logger.log(`job ${jobId}: export ${result.exportId}, ${result.size} bytes in ${Date.now() - started} ms`);
    } catch (error) {
      this.logger.warn(`job ${jobId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
