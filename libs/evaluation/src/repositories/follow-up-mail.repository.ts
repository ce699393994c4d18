import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Locale } from '@probity/i18n';
import { ANSWER_DAYS, REMINDER_DAYS, type Respondent } from '../follow-up-model';

/** An invitation the worker has just created. */
export interface CreatedInvitation {
  id: string;
  waveId: string;
  learnerId: string;
  respondent: Respondent;
  expiresAt: Date | null;
}

/** A learner's invitation whose reminder was just counted (`reminder` 1 or 2). */
export interface RemindedInvitation {
  id: string;
  waveId: string;
  learnerId: string;
  reminder: number;
  expiresAt: Date;
}

/** A supervisor's mail claimed by one worker: the invitation (`stage` 0) or a reminder (1, 2), and whom to write to. */
export interface ClaimedMail {
  id: string;
  waveId: string;
  learnerId: string;
  stage: number;
  attempts: number;
  expiresAt: Date | null;
  name: string;
  email: string;
  locale: Locale;
  claim: string;
}

/** A mail is due again this long after the one before, at the least (a worker that was down sends one reminder a day). */
const MIN_GAP = `interval '1 day'`;

/** The next reminder is due: the first 7 days after the invitation, the second 14, and a day at least after the last mail. */
const REMINDER_DUE = `((reminders_sent = 0 AND sent_at <= now() - make_interval(days => ${REMINDER_DAYS[0]}))
              OR (reminders_sent = 1 AND sent_at <= now() - make_interval(days => ${REMINDER_DAYS[1]})))
            AND last_sent_at <= now() - ${MIN_GAP}`;

/**
 * The worker's statements on follow-up invitations: creating those that fell due, counting learners' reminders, and
 * the supervisors' mails, claimed as the notifications outbox claims its messages (`FOR UPDATE SKIP LOCKED`, a lapsing
 * claim, a try counted per claim, back-off after a failure), so that several workers mail each once.
 */
@Injectable()
export class FollowUpMailRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * For every completion given (from cohorts) and wave of its cohort that has fallen due (completion + months), the
   * learner's invitation (in the outbox at once: sent now, open for {@link ANSWER_DAYS} days) and, where the learner
   * named a supervisor and their own invitation is still open, the supervisor's (mailed by the claims below). One per
   * wave, learner and respondent: a second run, or a second worker, creates nothing.
   */
  async createDue(
    manager: EntityManager,
    completions: { cohortId: string; userId: string; completedAt: Date }[],
  ): Promise<CreatedInvitation[]> {
    if (!completions.length) return [];
    return manager.query<CreatedInvitation[]>(
      `WITH done AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS d(cohort_id, user_id, completed_at)
       ), due AS (
         SELECT w.id AS wave_id, d.user_id, d.cohort_id, d.completed_at + make_interval(months => w.months) AS due_at
           FROM follow_up_waves w JOIN done d ON d.cohort_id = w.cohort_id
          WHERE d.completed_at + make_interval(months => w.months) <= now()
       ), wanted AS (
         SELECT due.wave_id, due.user_id, 'learner' AS respondent, NULL::uuid AS contact_id, due.due_at,
                now() AS sent_at, now() + make_interval(days => $4) AS expires_at
           FROM due
         UNION ALL
         SELECT due.wave_id, due.user_id, 'supervisor', c.id, due.due_at, NULL, NULL
           FROM due JOIN supervisor_contacts c ON c.user_id = due.user_id AND c.cohort_id = due.cohort_id AND c.withdrawn_at IS NULL
          WHERE NOT EXISTS (SELECT 1 FROM follow_up_invitations l
                             WHERE l.wave_id = due.wave_id AND l.learner_id = due.user_id AND l.respondent = 'learner' AND l.expires_at <= now())
       )
       INSERT INTO follow_up_invitations (wave_id, learner_id, respondent, contact_id, due_at, sent_at, last_sent_at, expires_at)
       SELECT wave_id, user_id, respondent, contact_id, due_at, sent_at, sent_at, expires_at FROM wanted
       ON CONFLICT (wave_id, learner_id, respondent) DO NOTHING
       RETURNING id, wave_id AS "waveId", learner_id AS "learnerId", respondent, expires_at AS "expiresAt"`,
      [completions.map((c) => c.cohortId), completions.map((c) => c.userId), completions.map((c) => c.completedAt), ANSWER_DAYS],
    );
  }

  /**
   * Counts the next reminder of each learner's invitation that is due one (7 and 14 days after it was sent,
   * unanswered, still open), in the caller's transaction, which queues the messages. Rows another worker is counting
   * are skipped, so each reminder is counted (and queued) once.
   */
  remindLearners(manager: EntityManager, batch = 500): Promise<RemindedInvitation[]> {
    return manager.query<RemindedInvitation[]>(
      `WITH due AS (
         SELECT id FROM follow_up_invitations
          WHERE respondent = 'learner' AND answered_at IS NULL AND expires_at > now() AND ${REMINDER_DUE}
          ORDER BY sent_at, id LIMIT $1
          FOR UPDATE SKIP LOCKED
       ), counted AS (
         UPDATE follow_up_invitations i SET reminders_sent = i.reminders_sent + 1, last_sent_at = now()
           FROM due WHERE i.id = due.id
         RETURNING i.id, i.wave_id AS "waveId", i.learner_id AS "learnerId", i.reminders_sent AS reminder, i.expires_at AS "expiresAt"
       )
       SELECT * FROM counted`,
      [batch],
    );
  }

  /**
   * Claims up to `batch` supervisors' mails that are due: the invitation (never mailed yet) or its next reminder,
   * unanswered, not expired, tried fewer than `maxAttempts` times, past their back-off and not held by a live claim.
   * The supervisor's contact is read (and share-locked while claiming: a learner changing it waits, then finds it
   * claimed) in the same statement. A claim counts as a try.
   */
  async claim(batch: number, seconds: number, maxAttempts: number): Promise<ClaimedMail[]> {
    const claim = randomUUID();
    const rows = await this.dataSource.query<Omit<ClaimedMail, 'claim'>[]>(
      `WITH due AS (
         SELECT i.id FROM follow_up_invitations i JOIN supervisor_contacts c ON c.id = i.contact_id AND c.withdrawn_at IS NULL
          WHERE i.respondent = 'supervisor' AND i.answered_at IS NULL
            AND (i.expires_at IS NULL OR i.expires_at > now())
            AND i.attempts < $3
            AND (i.next_attempt_at IS NULL OR i.next_attempt_at <= now())
            AND (i.claimed_until IS NULL OR i.claimed_until < now())
            AND (i.sent_at IS NULL OR ${REMINDER_DUE.replace(/\b(sent_at|reminders_sent|last_sent_at)\b/g, 'i.$1')})
          ORDER BY i.created_at, i.id LIMIT $1
          FOR UPDATE OF i SKIP LOCKED FOR SHARE OF c SKIP LOCKED
       ), claimed AS (
         UPDATE follow_up_invitations i SET claimed_until = now() + make_interval(secs => $2), claim_token = $4, attempts = i.attempts + 1
           FROM due WHERE i.id = due.id
         RETURNING i.id, i.wave_id, i.learner_id, i.contact_id, i.created_at, i.attempts, i.expires_at,
                   CASE WHEN i.sent_at IS NULL THEN 0 ELSE i.reminders_sent + 1 END AS stage
       )
       SELECT claimed.id, claimed.wave_id AS "waveId", claimed.learner_id AS "learnerId", claimed.stage, claimed.attempts,
              claimed.expires_at AS "expiresAt", c.name, c.email, c.locale
         FROM claimed JOIN supervisor_contacts c ON c.id = claimed.contact_id
        ORDER BY claimed.created_at, claimed.id`,
      [batch, seconds, maxAttempts, claim],
    );
    return rows.map((row) => ({ ...row, claim }));
  }

  /** Keeps the SHA-256 of a link about to be mailed, while the claim holds; answers whether it did. */
  async addLink(invitationId: string, claim: string, tokenSha256: Buffer): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO follow_up_links (token_sha256, invitation_id)
       SELECT $3, id FROM follow_up_invitations WHERE id = $1 AND claim_token = $2 RETURNING invitation_id`,
      [invitationId, claim, tokenSha256],
    );
    return rows.length > 0;
  }

  /** A link whose mail could not be sent never reaches anybody: it is dropped. */
  async dropLink(tokenSha256: Buffer): Promise<void> {
    await this.dataSource.query(`DELETE FROM follow_up_links WHERE token_sha256 = $1`, [tokenSha256]);
  }

  /**
   * Records the mail sent, only for the worker whose claim still holds it: the first one starts the answer window
   * ({@link ANSWER_DAYS} days), a later one counts as a reminder. Answers whether it did.
   */
  markSent(id: string, claim: string): Promise<boolean> {
    return this.whileClaimed(
      `UPDATE follow_up_invitations
          SET reminders_sent = CASE WHEN sent_at IS NULL THEN reminders_sent ELSE reminders_sent + 1 END,
              sent_at = coalesce(sent_at, now()), expires_at = coalesce(expires_at, now() + make_interval(days => $3)),
              last_sent_at = now(), claimed_until = NULL, claim_token = NULL, attempts = 0, next_attempt_at = NULL, last_error = NULL
        WHERE id = $1 AND claim_token = $2 RETURNING id`,
      [id, claim, ANSWER_DAYS],
    );
  }

  /** Records a failed try of the claimer and when the mail may be tried again. */
  markFailed(id: string, claim: string, error: string, retryInSeconds: number): Promise<boolean> {
    return this.whileClaimed(
      `UPDATE follow_up_invitations SET claimed_until = NULL, claim_token = NULL, last_error = $3,
              next_attempt_at = now() + make_interval(secs => $4)
        WHERE id = $1 AND claim_token = $2 RETURNING id`,
      [id, claim, error.slice(0, 500), retryInSeconds],
    );
  }

  /** Hands back claimed mails that were not tried (their claim does not count as a try). */
  async release(ids: string[], claim: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE follow_up_invitations SET claimed_until = NULL, claim_token = NULL, attempts = attempts - 1
        WHERE id = ANY($1::uuid[]) AND claim_token = $2`,
      [ids, claim],
    );
  }

  private async whileClaimed(sql: string, parameters: unknown[]): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(`WITH changed AS (${sql}) SELECT id FROM changed`, parameters);
    return rows.length > 0;
  }
}
