import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CertificatePdfService, IssuanceInterrupted, IssuanceService } from '@probity/certificates';
import { JobQueue, QUEUES } from '@probity/database';
import { ProbityError } from '@probity/i18n';

/**
 * Bulk issuance: one job per request; each certificate is issued in its own transaction, then its PDF
 * rendered and kept. The queue sends heartbeats while a job runs and retries it (ADR 0008): a worker
 * that dies loses the job to another, and one that stops hands it back between two learners.
 */
@Injectable()
export class CertificatesProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Certificates');

  constructor(
    private readonly queue: JobQueue,
    private readonly issuance: IssuanceService,
    private readonly pdfs: CertificatePdfService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.boss$();
    await boss.work<{ jobId: string }, void, { includeMetadata: true }>(QUEUES.certificates, { includeMetadata: true }, async ([job]) => {
      const started = Date.now();
      // This process stopping, or the queue no longer counting this worker as the job's holder.
      const signal = AbortSignal.any([this.queue.stopping, job.signal]);
      try {
        const result = await this.issuance.runIssuance(job.data.jobId, (certificate) => this.pdfs.renderDefault(certificate), {
          signal,
          final: job.retryCount >= job.retryLimit,
        });
        this.logger.log(
          `job ${job.data.jobId}: ${result.issued.length} issued, ${result.skipped.length} skipped in ${Date.now() - started} ms` +
            (result.resumed ? ' (resumed)' : ''),
        );
      } catch (error) {
        // A domain error (issuer gone, cohort not found) is final: the row says failed and a retry would say it again.
        if (error instanceof ProbityError) {
          this.logger.warn(`job ${job.data.jobId} failed: ${error.message}`);
          return;
        }
        // Thrown, the job goes back to the queue (at once), and the next run issues only what is missing.
        if (error instanceof IssuanceInterrupted) this.logger.log(error.message);
        else
          this.logger.error(`job ${job.data.jobId} (run ${job.retryCount + 1}): ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    });
  }
}
