import { Injectable, Logger } from '@nestjs/common';
import { type Locale, formatDate, negotiate, translate } from '@probity/i18n';
import { type AuthUser, type Page, UsersService } from '@probity/identity';
import type { Notification } from './entities/progress.entity';
import { NotificationRepository } from './repositories/notification.repository';

export interface NotificationView {
  id: string;
  kind: string;
  subject: string;
  text: string;
  link: string | null;
  createdAt: Date;
  read: boolean;
}

/** Sends one message; the worker passes an SMTP transport when SMTP_URL is set. */
export type Mailer = (message: { to: string; subject: string; text: string }) => Promise<void>;

/** The outbox: messages written with the events that cause them, shown in the inbox, mailed by the worker. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly users: UsersService,
  ) {}

  /** A message in the reader's language, made when it is read (the outbox keeps only the facts). */
  render(notification: Pick<Notification, 'id' | 'kind' | 'data' | 'createdAt' | 'readAt'>, locale: Locale): NotificationView {
    const data = notification.data as Record<string, string>;
    const params = {
      cohort: data.cohortName,
      date: data.startsOn ? formatDate(locale, data.startsOn) : data.startsAt ? formatDate(locale, data.startsAt, 'datetime') : '',
      venue: data.venue ?? '',
    };
    const link =
      notification.kind === 'partner_invited'
        ? '/cohorts#invitations'
        : notification.kind === 'completed' || notification.kind === 'enrolled'
          ? `/my/cohorts/${data.cohortId}`
          : data.cohortId
            ? `/my/cohorts/${data.cohortId}`
            : null;
    return {
      id: notification.id,
      kind: notification.kind,
      subject: translate(locale, `cohorts:notifications.${notification.kind}.subject`, params),
      text: translate(locale, `cohorts:notifications.${notification.kind}.text`, params),
      link,
      createdAt: notification.createdAt,
      read: notification.readAt !== null,
    };
  }

  async inbox(user: AuthUser, locale: Locale, limit = 50, offset = 0): Promise<Page<NotificationView> & { unread: number }> {
    const [items, total] = await this.notifications.page(user.id, limit, offset);
    const unread = await this.notifications.unread(user.id);
    return { items: items.map((n) => this.render(n, locale)), total, unread };
  }

  async markAllRead(user: AuthUser): Promise<void> {
    await this.notifications.markAllRead(user.id);
  }

  /** One reminder per learner for each session that starts within `hours` (idempotent). */
  async queueSessionReminders(hours = 24): Promise<number> {
    return this.notifications.queueSessionReminders(hours);
  }

  /**
   * Mails what is waiting, a batch at a time; a message is marked sent only after the server took
   * it, and retried (up to 5 times) otherwise. Without SMTP nothing is sent: the inbox shows it.
   */
  async sendPending(mailer: Mailer, batch = 100): Promise<{ sent: number; failed: number }> {
    const pending = await this.notifications.pending(batch);
    const contacts = await this.users.contacts([...new Set(pending.map((n) => n.userId))]);
    let sent = 0;
    let failed = 0;
    for (const n of pending) {
      const to = contacts.get(n.userId);
      if (!to) continue;
      const view = this.render(n, negotiate(to.locale));
      try {
        await mailer({ to: to.email, subject: view.subject, text: view.text });
        await this.notifications.markSent(n.id);
        sent++;
      } catch (error) {
        failed++;
        this.logger.warn(`could not mail notification ${n.id}: ${error instanceof Error ? error.message : String(error)}`);
        await this.notifications.markAttempted(n.id);
      }
    }
    return { sent, failed };
  }
}
