import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createTransport } from 'nodemailer';
import { type Mailer, NotificationsService } from '@probity/cohorts';
import { JobQueue, QUEUES } from '@probity/database';

/**
 * Every minute: queue reminders for sessions in the next 24 hours, then mail what waits in the
 * outbox when SMTP_URL is set. Without SMTP the messages stay in the learners' inboxes. Several
 * workers may run this at once: `sendPending` claims its messages, so each is mailed once.
 */
@Injectable()
export class NotificationsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Notifications');
  private readonly mailer?: Mailer;

  constructor(
    private readonly queue: JobQueue,
    private readonly notifications: NotificationsService,
    config: ConfigService,
  ) {
    const url = config.get<string>('SMTP_URL');
    if (url) {
      const transport = createTransport(url);
      const from = config.get<string>('SMTP_FROM') ?? 'Probity <no-reply@probity.local>';
      // The Message-ID is the notification's: a message mailed again (a worker that died between the
      // server's accept and marking it sent) carries the same id, so mail clients can tell.
      this.mailer = async ({ id, ...message }) => {
        await transport.sendMail({ from, ...message, messageId: `<notification.${id}@probity>` });
      };
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.boss$();
    await boss.schedule(QUEUES.notifications, '* * * * *');
    await boss.work(QUEUES.notifications, async () => {
      await this.run();
    });
    this.logger.log(this.mailer ? 'mailing notifications through SMTP' : 'SMTP_URL is not set: notifications stay in the inbox');
  }

  async run(): Promise<{ reminders: number; sent: number; failed: number }> {
    const reminders = await this.notifications.queueSessionReminders(24);
    const mail = this.mailer ? await this.notifications.sendPending(this.mailer) : { sent: 0, failed: 0 };
    if (reminders || mail.sent || mail.failed)
      this.logger.log(`reminders queued: ${reminders}; mailed: ${mail.sent}; failed: ${mail.failed}`);
    return { reminders, ...mail };
  }
}
