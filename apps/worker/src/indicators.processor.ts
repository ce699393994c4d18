import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue, QUEUES } from '@probity/database';
import { IndicatorValuesService, type NightlyRun } from '@probity/evaluation';

/**
 * Every night at 02:15 UTC: compute every indicator's values again (issue 13 point 4, ADR 0010). Periods that closed
 * since the last run get their final value, the current period its provisional one, and a final value that changed
 * (a late grade, a revoked certificate) is written to the audit trail with its old and new value. Values entered by
 * hand stay. pg-boss's schedule sends one job per night whatever the number of workers, and each period's value is
 * written under its indicator's row lock, so two runs at once store each value once.
 */
@Injectable()
export class IndicatorsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Indicators');

  constructor(
    private readonly queue: JobQueue,
    private readonly values: IndicatorValuesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.boss$();
    await boss.schedule(QUEUES.indicators, '15 2 * * *');
    await boss.work(QUEUES.indicators, async () => {
      await this.run();
    });
  }

  async run(): Promise<NightlyRun> {
    const result = await this.values.computeAll();
    this.logger.log(
      `indicators computed: ${result.indicators}; values new ${result.created}, changed ${result.changed}; failed ${result.failed}`,
    );
    return result;
  }
}
