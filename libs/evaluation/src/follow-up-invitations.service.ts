import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { type Cohort, CohortsService, MAIL_CLAIMS, type Mailer, NotificationsService } from '@probity/cohorts';
import { CoursesService } from '@probity/courses';
import { type Locale, formatDate, negotiate, pick, translate } from '@probity/i18n';
import { UsersService } from '@probity/identity';
import type { FollowUpWave } from './entities/follow-up-wave.entity';
import { ANSWER_DAYS, newLinkToken } from './follow-up-model';
import { type ClaimedMail, FollowUpMailRepository } from './repositories/follow-up-mail.repository';
import { FollowUpsRepository } from './repositories/follow-ups.repository';

/** The outbox's rules for mail sent by claim (tries, claim, back-off): supervisors' mails follow them too. */
const { maxAttempts: MAX_ATTEMPTS, claimSeconds: CLAIM_SECONDS, sendWithinSeconds: SEND_WITHIN_SECONDS, retryDelaySeconds } = MAIL_CLAIMS;

/** What one run of the worker did. */
export interface FollowUpRun {
  /** Invitations created now: learners' (in the outbox) and supervisors' (to be mailed). */
  learners: number;
  supervisors: number;
  /** Learners' reminders put in the outbox. */
  reminders: number;
  /** Supervisors' mails: sent (invitations and reminders), failed. */
  sent: number;
  failed: number;
}

/**
 * The worker's side of follow-up waves (ADR 0010, ADR 0008): every few minutes it creates the invitations that fell
 * due (asking cohorts who completed and when), puts the learners' invitations and reminders in the notifications
 * outbox (inbox and mail, in the learner's language), and mails the supervisors a link of their own, in their
 * language: the invitation, then reminders after 7 and 14 days to those who have not answered. Supervisors' mails are
 * claimed like the outbox's, so several workers send each once; each mail carries a new random token of which only
 * the SHA-256 is kept. Audited: invitations created and mails sent, in counts per wave; never an answer.
 */
@Injectable()
export class FollowUpInvitationsService {
  private readonly logger = new Logger('FollowUps');
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: FollowUpMailRepository,
    private readonly followUps: FollowUpsRepository,
    private readonly cohorts: CohortsService,
    private readonly notifications: NotificationsService,
    private readonly courses: CoursesService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    config: ConfigService,
  ) {
    this.publicUrl = (config.get<string>('PROBITY_PUBLIC_URL') ?? `http://localhost:${config.get<string>('PORT') ?? '3000'}`).replace(
      /\/+$/,
      '',
    );
  }

  /** One run: due invitations, learners' reminders, then supervisors' mails (when a mailer is given). */
  async run(mailer?: Mailer): Promise<FollowUpRun> {
    const created = await this.createDue();
    const reminders = await this.remindLearners();
    const mailed = mailer ? await this.sendSupervisorMails(mailer) : { sent: 0, failed: 0 };
    return { ...created, reminders, ...mailed };
  }

  /**
   * Creates the invitations of every wave that fell due for a learner who completed (completion + months), once per
   * wave, learner and respondent, and queues each learner's message in the same transaction.
   */
  async createDue(): Promise<{ learners: number; supervisors: number }> {
    const cohortIds = await this.followUps.cohortsWithWaves();
    const completions = await this.cohorts.completions(cohortIds);
    if (!completions.length) return { learners: 0, supervisors: 0 };
    return this.dataSource.transaction(async (manager) => {
      const created = await this.mail.createDue(manager, completions);
      if (!created.length) return { learners: 0, supervisors: 0 };
      const waves = await this.followUps.wavesById([...new Set(created.map((c) => c.waveId))]);
      const cohorts = await this.cohortsOf(waves);
      for (const invitation of created.filter((c) => c.respondent === 'learner')) {
        const wave = waves.find((w) => w.id === invitation.waveId)!;
        await this.notifications.queueMessage(manager, invitation.learnerId, 'follow_up_invited', `follow_up:${invitation.id}`, {
          messageKey: 'followups:notify.invited',
          params: { cohort: cohorts.get(wave.cohortId)?.name ?? '', url: `${this.publicUrl}/follow-ups/${invitation.id}` },
          dates: invitation.expiresAt ? { until: new Date(invitation.expiresAt).toISOString() } : {},
          link: `/follow-ups/${invitation.id}`,
        });
      }
      for (const wave of waves) {
        const mine = created.filter((c) => c.waveId === wave.id);
        await this.record(manager, wave, 'follow_up_wave.invitations_created', {
          learners: mine.filter((c) => c.respondent === 'learner').length,
          supervisors: mine.filter((c) => c.respondent === 'supervisor').length,
        });
      }
      const learners = created.filter((c) => c.respondent === 'learner').length;
      return { learners, supervisors: created.length - learners };
    });
  }

  /** Queues the learners' reminders that are due (after 7 and 14 days, unanswered), each once. */
  async remindLearners(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = await this.mail.remindLearners(manager);
      if (!due.length) return 0;
      const waves = await this.followUps.wavesById([...new Set(due.map((d) => d.waveId))]);
      const cohorts = await this.cohortsOf(waves);
      for (const invitation of due) {
        const wave = waves.find((w) => w.id === invitation.waveId)!;
        await this.notifications.queueMessage(
          manager,
          invitation.learnerId,
          'follow_up_reminder',
          `follow_up:${invitation.id}:reminder:${invitation.reminder}`,
          {
            messageKey: 'followups:notify.reminder',
            params: { cohort: cohorts.get(wave.cohortId)?.name ?? '', url: `${this.publicUrl}/follow-ups/${invitation.id}` },
            dates: { until: new Date(invitation.expiresAt).toISOString() },
            link: `/follow-ups/${invitation.id}`,
          },
        );
      }
      return due.length;
    });
  }

  /**
   * Mails the supervisors' invitations and reminders that are due, a batch at a time, each once however many workers
   * run (see `FollowUpMailRepository.claim`); a failed mail waits 1, 2, 4… minutes and is given up after
   * {@link MAX_ATTEMPTS} tries. Delivery is at least once, as the outbox's: a worker that dies between the mail server's
   * accept and marking it sent leaves it to be mailed again once its claim lapses.
   */
  async sendSupervisorMails(mailer: Mailer, batch = 100): Promise<{ sent: number; failed: number }> {
    const started = Date.now();
    const claimed = await this.mail.claim(batch, CLAIM_SECONDS, MAX_ATTEMPTS);
    if (!claimed.length) return { sent: 0, failed: 0 };
    const waves = await this.followUps.wavesById([...new Set(claimed.map((c) => c.waveId))]);
    const cohorts = await this.cohortsOf(waves);
    const names = await this.users.displayNames([...new Set(claimed.map((c) => c.learnerId))]);
    const sentPerWave = new Map<string, { invitations: number; reminders: number }>();
    let sent = 0;
    let failed = 0;
    for (const [index, mail] of claimed.entries()) {
      if (Date.now() - started > SEND_WITHIN_SECONDS * 1000) {
        await this.mail.release(
          claimed.slice(index).map((rest) => rest.id),
          mail.claim,
        );
        break;
      }
      const wave = waves.find((w) => w.id === mail.waveId)!;
      const { token, hash } = newLinkToken();
      try {
        if (!(await this.mail.addLink(mail.id, mail.claim, hash))) {
          this.logger.warn(`follow-up invitation ${mail.id}: its claim lapsed before it was mailed`);
          continue;
        }
        const message = await this.supervisorMail(mail, cohorts.get(wave.cohortId), names.get(mail.learnerId) ?? '', token);
        await mailer({ id: `follow-up.${mail.id}.${mail.stage}`, to: mail.email, ...message });
      } catch (error) {
        failed++;
        await this.mail.dropLink(hash);
        const text = error instanceof Error ? error.message : String(error);
        const retryIn = retryDelaySeconds(mail.attempts);
        this.logger.warn(
          mail.attempts < MAX_ATTEMPTS
            ? `could not mail follow-up invitation ${mail.id} (attempt ${mail.attempts} of ${MAX_ATTEMPTS}, next in ${retryIn} s): ${text}`
            : `could not mail follow-up invitation ${mail.id}, giving up after ${mail.attempts} attempts: ${text}`,
        );
        if (!(await this.mail.markFailed(mail.id, mail.claim, text, retryIn)))
          this.logger.warn(`follow-up invitation ${mail.id}: its claim lapsed before the failure was recorded`);
        continue;
      }
      sent++;
      const counts = sentPerWave.get(wave.id) ?? { invitations: 0, reminders: 0 };
      counts[mail.stage === 0 ? 'invitations' : 'reminders']++;
      sentPerWave.set(wave.id, counts);
      if (!(await this.mail.markSent(mail.id, mail.claim)))
        this.logger.warn(`follow-up invitation ${mail.id} was mailed after its claim lapsed (or was answered meanwhile)`);
    }
    if (sentPerWave.size)
      await this.dataSource.transaction(async (manager) => {
        for (const [waveId, counts] of sentPerWave)
          await this.record(
            manager,
            waves.find((w) => w.id === waveId)!,
            'follow_up_wave.supervisors_mailed',
            counts,
          );
      });
    return { sent, failed };
  }

  /** The supervisor's mail in their language: who asks, about whom, the link, until when; reminders say so. */
  private async supervisorMail(
    mail: ClaimedMail,
    cohort: Cohort | undefined,
    learner: string,
    token: string,
  ): Promise<{ subject: string; text: string }> {
    const locale: Locale = negotiate(mail.locale);
    const course = cohort
      ? pick((await this.courses.snapshot(cohort.courseVersionId)).snapshot.course.title, locale, cohort.locale as Locale).text
      : '';
    const until = mail.expiresAt ? new Date(mail.expiresAt) : new Date(Date.now() + ANSWER_DAYS * 24 * 3600 * 1000);
    const params = {
      name: mail.name,
      learner,
      course,
      cohort: cohort?.name ?? '',
      url: `${this.publicUrl}/f/${token}`,
      until: formatDate(locale, until),
    };
    const key = mail.stage === 0 ? 'followups:mail.invitation' : 'followups:mail.reminder';
    return { subject: translate(locale, `${key}.subject`, params), text: translate(locale, `${key}.text`, params) };
  }

  private async cohortsOf(waves: FollowUpWave[]): Promise<Map<string, Cohort>> {
    const result = new Map<string, Cohort>();
    for (const id of new Set(waves.map((w) => w.cohortId))) {
      const cohort = await this.cohorts.find(id);
      if (cohort) result.set(id, cohort);
    }
    return result;
  }

  private record(manager: EntityManager, wave: FollowUpWave, action: string, after: Record<string, number>): Promise<void> {
    return this.audit.record(manager, {
      actorId: null,
      academyId: wave.academyId,
      action,
      entityType: 'follow_up_wave',
      entityId: wave.id,
      before: null,
      after: { cohortId: wave.cohortId, months: wave.months, ...after },
    });
  }
}
