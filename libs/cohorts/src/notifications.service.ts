import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
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

/**
 * A message another context queues in the outbox (`NotificationsService.queueMessage`): the catalogue key of its
 * subject and text (`evaluation:…`, without the `.subject`/`.text`), their parameters, dates to format in the
 * reader's language, and the page it links to.
 */
export interface ContextMessage {
  messageKey: string;
  params: Record<string, string>;
  dates?: Record<string, string>;
  link: string | null;
}

function isContextMessage(data: unknown): data is ContextMessage {
  return typeof (data as Partial<ContextMessage> | null)?.messageKey === 'string';
}

/**
 * Sends one message; the worker passes an SMTP transport when SMTP_URL is set. `id` is the
 * notification's id, the same on every try (the transport makes the Message-ID from it).
 */
export type Mailer = (message: { id: string; to: string; subject: string; text: string }) => Promise<void>;

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
    if (isContextMessage(notification.data)) return this.renderContextMessage(notification, notification.data, locale);
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

  /**
   * Queues, in the caller's transaction, a message of another context (evaluation's follow-up invitations): it is
   * shown in the inbox and mailed like any other, worded from that context's own catalogue keys
   * (`<messageKey>.subject`, `<messageKey>.text`) with its parameters (and `dates` formatted in the reader's
   * language), and links to `link`. Once per user, kind and `dedupeKey`.
   */
  async queueMessage(manager: EntityManager, userId: string, kind: string, dedupeKey: string, message: ContextMessage): Promise<void> {
    await this.notifications.queue(manager, userId, kind, dedupeKey, { ...message });
  }

  private renderContextMessage(
    notification: Pick<Notification, 'id' | 'kind' | 'createdAt' | 'readAt'>,
    message: ContextMessage,
    locale: Locale,
  ): NotificationView {
    const params: Record<string, string> = { ...message.params };
    for (const [key, value] of Object.entries(message.dates ?? {})) params[key] = formatDate(locale, value);
    return {
      id: notification.id,
      kind: notification.kind,
      subject: translate(locale, `${message.messageKey}.subject`, params),
      text: translate(locale, `${message.messageKey}.text`, params),
      link: message.link,
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
   * Mails what is waiting, a batch at a time, so that several workers running at once mail each
   * message once. The batch is claimed in one statement (see `NotificationRepository.claim`); only
   * the claimer marks a message sent. After an SMTP error the message waits 1, 2, 4, 8… minutes
   * (`retryDelaySeconds`) and after `MAX_ATTEMPTS` it is given up: it stays in the inbox, unsent.
   * Without SMTP nothing is sent: the inbox shows it.
   *
   * Exactly once holds per claim, and delivery is at least once: a worker that dies (or loses its
   * database connection) after the mail server accepted a message and before it is marked sent
   * leaves it to be mailed again when its claim lapses (`CLAIM_SECONDS`). The mail carries a
   * Message-ID made from the notification's id, so such a duplicate is recognisable.
   */
  async sendPending(mailer: Mailer, batch = 100): Promise<{ sent: number; failed: number }> {
    const started = Date.now();
    const claimed = await this.notifications.claim(batch, CLAIM_SECONDS, MAX_ATTEMPTS);
    if (!claimed.length) return { sent: 0, failed: 0 };
    const contacts = await this.users.contacts([...new Set(claimed.map((n) => n.userId))]);
    let sent = 0;
    let failed = 0;
    for (const [index, n] of claimed.entries()) {
      // Never start a message whose claim could lapse while it is being sent: hand the rest back.
      if (Date.now() - started > SEND_WITHIN_SECONDS * 1000) {
        await this.notifications.release(
          claimed.slice(index).map((rest) => rest.id),
          n.claim,
        );
        break;
      }
      try {
        const to = contacts.get(n.userId);
        if (!to) throw new Error('the user has no address');
        const view = this.render(n, negotiate(to.locale));
        await mailer({ id: n.id, to: to.email, subject: view.subject, text: view.text });
      } catch (error) {
        failed++;
        const message = error instanceof Error ? error.message : String(error);
        const retryIn = retryDelaySeconds(n.attempts);
        this.logger.warn(
          n.attempts < MAX_ATTEMPTS
            ? `could not mail notification ${n.id} (attempt ${n.attempts} of ${MAX_ATTEMPTS}, next in ${retryIn} s): ${message}`
            : `could not mail notification ${n.id}, giving up after ${n.attempts} attempts: ${message}`,
        );
        if (!(await this.notifications.markFailed(n.id, n.claim, message, retryIn)))
          this.logger.warn(`notification ${n.id}: its claim lapsed before the failure was recorded`);
        continue;
      }
      sent++;
      if (!(await this.notifications.markSent(n.id, n.claim)))
        this.logger.warn(`notification ${n.id} was mailed after its claim lapsed: another worker may mail it again`);
    }
    return { sent, failed };
  }
}

/**
 * How mail is sent by claim, for the outbox and for any other context that mails (evaluation's supervisor mails):
 * at most `maxAttempts` tries (a claim counts as one); a claim holds `claimSeconds` (a worker that dies frees its
 * messages after it); a sender starts no new message after `sendWithinSeconds` of its claim (an SMTP send may be
 * slow); after `attempts` tries the next waits 1, 2, 4, 8… minutes, at most an hour.
 */
export const MAIL_CLAIMS = {
  maxAttempts: 5,
  claimSeconds: 600,
  sendWithinSeconds: 300,
  retryDelaySeconds: (attempts: number): number => Math.min(2 ** Math.max(attempts - 1, 0), 60) * 60,
} as const;
const MAX_ATTEMPTS = MAIL_CLAIMS.maxAttempts;
const CLAIM_SECONDS = MAIL_CLAIMS.claimSeconds;
const SEND_WITHIN_SECONDS = MAIL_CLAIMS.sendWithinSeconds;
const retryDelaySeconds = MAIL_CLAIMS.retryDelaySeconds;
