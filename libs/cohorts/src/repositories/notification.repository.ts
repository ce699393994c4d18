import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Notification } from '../entities/progress.entity';

/** A message claimed by one worker to be mailed: `claim` is that worker's token, `attempts` counts this one. */
export type ClaimedNotification = Pick<Notification, 'id' | 'userId' | 'kind' | 'data' | 'createdAt' | 'readAt' | 'attempts'> & {
  claim: string;
};

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

  /**
   * Claims up to `batch` messages for one worker in one statement: not sent, tried fewer than
   * `maxAttempts` times, due (past their back-off) and not held by a live claim, the oldest first.
   * `FOR UPDATE SKIP LOCKED` makes concurrent claimers take disjoint rows; the claim lasts
   * `seconds`, so the messages of a worker that dies are taken over once it lapses. A claim counts
   * as an attempt (a message that kills its worker is not retried forever).
   */
  async claim(batch: number, seconds: number, maxAttempts: number): Promise<ClaimedNotification[]> {
    const claim = randomUUID();
    const rows = await this.dataSource.query<Omit<ClaimedNotification, 'claim'>[]>(
      `WITH due AS (
         SELECT id FROM notifications
          WHERE sent_at IS NULL AND attempts < $3
            AND (next_attempt_at IS NULL OR next_attempt_at <= now())
            AND (claimed_until IS NULL OR claimed_until < now())
          ORDER BY created_at LIMIT $1
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE notifications n SET claimed_until = now() + make_interval(secs => $2), claim_token = $4, attempts = n.attempts + 1
           FROM due WHERE n.id = due.id
         RETURNING n.id, n.user_id AS "userId", n.kind, n.data, n.created_at AS "createdAt", n.read_at AS "readAt", n.attempts
       )
       SELECT * FROM claimed ORDER BY "createdAt", id`,
      [batch, seconds, maxAttempts, claim],
    );
    return rows.map((row) => ({ ...row, claim }));
  }

  /** Marks a message sent, only for the worker whose claim still holds it; answers whether it did. */
  async markSent(id: string, claim: string): Promise<boolean> {
    return this.whileClaimed(
      `UPDATE notifications SET sent_at = now(), claimed_until = NULL, claim_token = NULL, last_error = NULL, next_attempt_at = NULL
        WHERE id = $1 AND claim_token = $2 AND sent_at IS NULL RETURNING id`,
      [id, claim],
    );
  }

  /** Records a failed attempt of the claimer and when the message may be tried again. */
  async markFailed(id: string, claim: string, error: string, retryInSeconds: number): Promise<boolean> {
    return this.whileClaimed(
      `UPDATE notifications SET claimed_until = NULL, claim_token = NULL, last_error = $3,
              next_attempt_at = now() + make_interval(secs => $4)
        WHERE id = $1 AND claim_token = $2 AND sent_at IS NULL RETURNING id`,
      [id, claim, error.slice(0, 500), retryInSeconds],
    );
  }

  /** Hands back claimed messages that were not tried (their claim does not count as an attempt). */
  async release(ids: string[], claim: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET claimed_until = NULL, claim_token = NULL, attempts = attempts - 1
        WHERE id = ANY($1) AND claim_token = $2 AND sent_at IS NULL`,
      [ids, claim],
    );
  }

  private async whileClaimed(sql: string, parameters: unknown[]): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(`WITH changed AS (${sql}) SELECT id FROM changed`, parameters);
    return rows.length > 0;
  }
}
