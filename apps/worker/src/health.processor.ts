import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue, QUEUES } from '@probity/database';

/** A no-op job that proves the worker is connected and consuming: one is sent at start. */
@Injectable()
export class HealthProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(private readonly queue: JobQueue) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.boss$();
    await boss.work<{ sentAt: string }>(QUEUES.health, (jobs) => {
      for (const job of jobs) this.logger.log(`health job ${job.id} processed (sent ${job.data.sentAt})`);
      return Promise.resolve();
    });
    await this.queue.send(QUEUES.health, { sentAt: new Date().toISOString() });
    this.logger.log('worker ready');
  }
}
