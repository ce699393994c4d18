import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AttemptsService } from '@probity/assessments';
import { JobQueue, QUEUES } from '@probity/database';

/** Every minute: attempts past their deadline are submitted with what the learner saved. */
@Injectable()
export class AttemptsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Attempts');

  constructor(
    private readonly queue: JobQueue,
    private readonly attempts: AttemptsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.boss$();
    await boss.schedule(QUEUES.attempts, '* * * * *');
    await boss.work(QUEUES.attempts, async () => {
      const submitted = await this.attempts.submitExpired(500);
      if (submitted) this.logger.log(`submitted ${submitted} attempt(s) at their deadline`);
    });
  }
}
