import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { JobQueue, QUEUES, WorkerHeartbeat } from '@probity/database';

/**
 * The worker's signs of life: a no-op job at start proves it is connected and consuming, and a heartbeat row
 * every 15 s (`worker_heartbeats`) lets the servers' `/health/ready` report how many workers are alive. On
 * shutdown the row says draining, then goes.
 */
@Injectable()
export class HealthProcessor implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly queue: JobQueue,
    private readonly heartbeat: WorkerHeartbeat,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.boss$();
    await boss.work<{ sentAt: string }>(QUEUES.health, (jobs) => {
      for (const job of jobs) this.logger.log(`health job ${job.id} processed (sent ${job.data.sentAt})`);
      return Promise.resolve();
    });
    await this.queue.send(QUEUES.health, { sentAt: new Date().toISOString() });
    await this.heartbeat.start();
    this.logger.log(`worker ready (${this.heartbeat.id})`);
  }

  /** Shutdown begins (SIGTERM): say so while the running job finishes or is handed back. */
  async onModuleDestroy(): Promise<void> {
    await this.heartbeat.drain();
  }

  /** Before the database connection closes: this worker is gone. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.heartbeat.stop();
  }
}
