import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AssistanceModule, type RecommendationFollowUpRun, RecommendationFollowUpsService } from '@probity/assistance';
import { JobQueue } from '@probity/database';

/** The queue of the facility's follow-ups (created here: pg-boss needs a queue before it schedules one). */
export const ASSISTANCE_FOLLOW_UPS_QUEUE = 'probity.assistance-follow-ups';

/**
 * Every hour: the 3- and 6-month follow-ups of missions' recommendations that fell due. Each is claimed once (a
 * conditional update in the same transaction as its messages), so several workers running this at once, or one
 * running it twice, notify each follow-up's owners once; the messages go out in each person's language from the outbox.
 */
@Injectable()
export class AssistanceFollowUpsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('AssistanceFollowUps');

  constructor(
    private readonly queue: JobQueue,
    private readonly followUps: RecommendationFollowUpsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.boss$();
    await boss.createQueue(ASSISTANCE_FOLLOW_UPS_QUEUE);
    await boss.schedule(ASSISTANCE_FOLLOW_UPS_QUEUE, '7 * * * *');
    await boss.work(ASSISTANCE_FOLLOW_UPS_QUEUE, async () => {
      await this.run();
    });
  }

  async run(): Promise<RecommendationFollowUpRun> {
    const result = await this.followUps.run();
    if (result.followUps > 0) this.logger.log(`recommendation follow-ups: ${result.followUps} due, ${result.messages} messages queued`);
    return result;
  }
}

/** The processor with the assistance context it stands on, imported by the worker's module. */
@Module({ imports: [AssistanceModule], providers: [AssistanceFollowUpsProcessor] })
export class AssistanceFollowUpsModule {}
