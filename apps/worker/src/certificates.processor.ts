import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CertificatePdfService, IssuanceService } from '@probity/certificates';
import { JobQueue, QUEUES } from '@probity/database';

/** Bulk issuance: one job per request; each certificate is issued in its own transaction, then its PDF rendered and kept. */
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
    await boss.work<{ jobId: string }>(QUEUES.certificates, async (jobs) => {
      for (const job of jobs) {
        const started = Date.now();
        const result = await this.issuance.runIssuance(job.data.jobId, (certificate) => this.pdfs.renderDefault(certificate));
        this.logger.log(
          `job ${job.data.jobId}: ${result.issued.length} issued, ${result.skipped.length} skipped in ${Date.now() - started} ms`,
        );
      }
    });
  }
}
