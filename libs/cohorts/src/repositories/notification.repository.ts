import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Notification } from '../entities/progress.entity';

/** A message waiting to be mailed, with its reader's address and language. */
export type PendingNotification = Pick<Notification, 'id' | 'userId' | 'kind' | 'data' | 'createdAt' | 'readAt'>;

/** The outbox (`notifications`). `queue` runs in the transaction of the event that causes the message. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds a message unless one of the same kind and key was already queued for the user. */
  async queue(manager: EntityManager, userId: string, kind: string, dedupeKey: string, data: Record<string, unknown>): Promise<void> {
    await manager.query(
      `INSERT INTO notifications (user_id, kind, data, dedupe_key) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, kind, dedupe_key) DO NOTHING`,
      [userId, kind, JSON.stringify(data), dedupeKey],
    );
  }

  /** One page of a user's messages, the newest first. */
  page(userId: string, limit: number, offset: number): Promise<[Notification[], number]> {
    return this.dataSource
      .getRepository(Notification)
      .findAndCount({ where: { userId }, order: { createdAt: 'DESC' }, take: limit, skip: offset });
  }

  async unread(userId: string): Promise<number> {
    const [{ unread }] = await this.dataSource.query<{ unread: number }[]>(
      'SELECT count(*)::int AS unread FROM notifications WHERE user_id = $1 AND read_at IS NULL',
      [userId],
    );
    return unread;
  }

  async markAllRead(userId: string): Promise<void> {
    await this.dataSource.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [userId]);
  }

  /** One reminder per learner in progress for each session of an open cohort that starts within `hours` (idempotent). */
  async queueSessionReminders(hours: number): Promise<number> {
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

  /** Messages not sent yet and tried fewer than 5 times, the oldest first. */
  pending(batch: number): Promise<PendingNotification[]> {
    return this.dataSource.query<PendingNotification[]>(
      `SELECT id, user_id AS "userId", kind, data, created_at AS "createdAt", read_at AS "readAt"
         FROM notifications WHERE sent_at IS NULL AND attempts < 5 ORDER BY created_at LIMIT $1`,
      [batch],
    );
  }

  async markSent(id: string): Promise<void> {
    await this.dataSource.query('UPDATE notifications SET sent_at = now(), attempts = attempts + 1 WHERE id = $1', [id]);
  }

  async markAttempted(id: string): Promise<void> {
    await this.dataSource.query('UPDATE notifications SET attempts = attempts + 1 WHERE id = $1', [id]);
  }
}
