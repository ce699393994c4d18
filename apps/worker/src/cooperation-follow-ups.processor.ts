import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { CooperationFollowUpsService, type CooperationFollowUpRun, CooperationModule } from '@probity/cooperation';
import { JobQueue } from '@probity/database';

/** The queue of cooperation initiatives' follow-ups (created here: pg-boss needs a queue before it schedules one). */
export const COOPERATION_FOLLOW_UPS_QUEUE = 'probity.cooperation-follow-ups';

/**
 * Every hour: the 3- and 6-month follow-ups of cooperation initiatives that fell due. Each is claimed once (a
 * conditional update in the same transaction as its messages), so several workers running this at once, or one running
 * it twice, ask each member institution's people once; the messages go out in each person's language from the outbox.
 */
@Injectable()
export class CooperationFollowUpsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('CooperationFollowUps');

  constructor(
    private readonly queue: JobQueue,
    private readonly followUps: CooperationFollowUpsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.boss$();
    await boss.createQueue(COOPERATION_FOLLOW_UPS_QUEUE);
    await boss.schedule(COOPERATION_FOLLOW_UPS_QUEUE, '17 * * * *');
    await boss.work(COOPERATION_FOLLOW_UPS_QUEUE, async () => {
      await this.run();
    });
  }

  async run(): Promise<CooperationFollowUpRun> {
    const result = await this.followUps.run();
    if (result.followUps > 0 || result.scheduled > 0)
      this.logger.log(`cooperation follow-ups: ${result.scheduled} scheduled, ${result.followUps} due, ${result.messages} messages queued`);
    return result;
  }
}

/** The processor with the cooperation context it stands on, imported by the worker's module. */
@Module({ imports: [CooperationModule], providers: [CooperationFollowUpsProcessor] })
export class CooperationFollowUpsModule {}
