import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createTransport } from 'nodemailer';
import type { Mailer } from '@probity/cohorts';
import { JobQueue, QUEUES } from '@probity/database';
import { type FollowUpRun, FollowUpInvitationsService } from '@probity/evaluation';

/**
 * Every five minutes: create the follow-up invitations that fell due, put learners' invitations and reminders in the
 * outbox (mailed by the notifications processor), and mail supervisors their links through SMTP_URL when it is set.
 * Without SMTP, supervisors' invitations wait (they have no inbox). Several workers may run this at once: invitations
 * are unique per wave, learner and respondent, reminders are counted under row locks, and supervisors' mails are
 * claimed, so each goes out once.
 */
@Injectable()
export class FollowUpsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('FollowUps');
  private readonly mailer?: Mailer;

  constructor(
    private readonly queue: JobQueue,
    private readonly followUps: FollowUpInvitationsService,
    config: ConfigService,
  ) {
    const url = config.get<string>('SMTP_URL');
    if (url) {
      const transport = createTransport(url);
      const from = config.get<string>('SMTP_FROM') ?? 'Probity <no-reply@probity.local>';
      // The Message-ID names the invitation and the mail (invitation, reminder 1, 2): a mail sent again after a
      // worker died between the server's accept and marking it sent carries the same id.
      this.mailer = async ({ id, ...message }) => {
        await transport.sendMail({ from, ...message, messageId: `<${id}@probity>` });
      };
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.boss$();
    await boss.schedule(QUEUES.followUps, '*/5 * * * *');
    await boss.work(QUEUES.followUps, async () => {
      await this.run();
    });
    if (!this.mailer) this.logger.log('SMTP_URL is not set: supervisors’ follow-up invitations wait until it is');
  }

  async run(): Promise<FollowUpRun> {
    const result = await this.followUps.run(this.mailer);
    if (Object.values(result).some((n) => n > 0))
      this.logger.log(
        `follow-ups: invitations ${result.learners} learners, ${result.supervisors} supervisors; reminders ${result.reminders}; ` +
          `supervisors mailed ${result.sent}, failed ${result.failed}`,
      );
    return result;
  }
}
