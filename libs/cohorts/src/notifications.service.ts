import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Locale, formatDate, negotiate, translate } from '@probity/i18n';
import type { AuthUser, Page } from '@probity/identity';
import { Notification } from './entities/progress.entity';

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

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
    const [items, total] = await this.dataSource
      .getRepository(Notification)
      .findAndCount({ where: { userId: user.id }, order: { createdAt: 'DESC' }, take: limit, skip: offset });
    const [{ unread }] = await this.dataSource.query<{ unread: number }[]>(
      'SELECT count(*)::int AS unread FROM notifications WHERE user_id = $1 AND read_at IS NULL',
      [user.id],
    );
    return { items: items.map((n) => this.render(n, locale)), total, unread };
  }

  async markAllRead(user: AuthUser): Promise<void> {
    await this.dataSource.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [user.id]);
  }

  /** One reminder per learner for each session that starts within `hours` (idempotent). */
  async queueSessionReminders(hours = 24): Promise<number> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO notifications (user_id, kind, data, dedupe_key)
       SELECT e.user_id, 'session_reminder',
              jsonb_build_object('cohortId', c.id, 'cohortName', c.name, 'sessionId', s.id, 'startsAt', s.starts_at, 'venue', coalesce(s.venue, '')),
              'session:' || s.id
         FROM cohort_sessions s JOIN cohorts c ON c.id = s.cohort_id JOIN enrolments e ON e.cohort_id = c.id AND e.status = 'in_progress'
        WHERE s.starts_at > now() AND s.starts_at <= now() + make_interval(hours => $1) AND c.status <> 'closed'
       ON CONFLICT (user_id, kind, dedupe_key) DO NOTHING
       RETURNING id`,
      [hours],
    );
    return rows.length;
  }

  /**
   * Mails what is waiting, a batch at a time; a message is marked sent only after the server took
   * it, and retried (up to 5 times) otherwise. Without SMTP nothing is sent: the inbox shows it.
   */
  async sendPending(mailer: Mailer, batch = 100): Promise<{ sent: number; failed: number }> {
    const pending = await this.dataSource.query<(Notification & { email: string; locale: string })[]>(
      `SELECT n.id, n.kind, n.data, n.created_at AS "createdAt", n.read_at AS "readAt", u.email, u.locale
         FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.sent_at IS NULL AND n.attempts < 5 ORDER BY n.created_at LIMIT $1`,
      [batch],
    );
    let sent = 0;
    let failed = 0;
    for (const n of pending) {
      const view = this.render(n, negotiate(n.locale));
      try {
        await mailer({ to: n.email, subject: view.subject, text: view.text });
        await this.dataSource.query('UPDATE notifications SET sent_at = now(), attempts = attempts + 1 WHERE id = $1', [n.id]);
        sent++;
      } catch (error) {
        failed++;
        this.logger.warn(`could not mail notification ${n.id}: ${error instanceof Error ? error.message : String(error)}`);
        await this.dataSource.query('UPDATE notifications SET attempts = attempts + 1 WHERE id = $1', [n.id]);
      }
    }
    return { sent, failed };
  }
}
