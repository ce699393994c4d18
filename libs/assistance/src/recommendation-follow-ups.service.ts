import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { NotificationsService } from '@probity/cohorts';
import { OutcomeAccessService } from './mission-reports-access.service';
import { OutcomesRepository } from './repositories/outcomes.repository';

/** What one run of the follow-up job did. */
export interface RecommendationFollowUpRun {
  /** Follow-ups claimed (and so done) by this run. */
  followUps: number;
  /** Messages queued (one per person and follow-up). */
  messages: number;
}

/** At most this many follow-ups per run; the next run takes the rest. */
const PER_RUN = 200;

/**
 * The 3- and 6-month follow-ups of a mission's recommendations (the worker's job, every hour): each follow-up that fell
 * due, whose mission's report is submitted, is claimed once (a conditional update, so two workers never take the same)
 * and, in the same transaction, the people who answer for its open recommendations get a message in the outbox, read
 * in their own language: the owning institutions' focal points and academy administrators, or the requesting
 * institution's when no institution owns a recommendation. A follow-up of a mission without a submitted report waits.
 */
@Injectable()
export class RecommendationFollowUpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outcomes: OutcomesRepository,
    private readonly access: OutcomeAccessService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async run(): Promise<RecommendationFollowUpRun> {
    const result: RecommendationFollowUpRun = { followUps: 0, messages: 0 };
    for (let i = 0; i < PER_RUN; i++) {
      const messages = await this.dataSource.transaction(async (manager) => {
        const claimed = await this.outcomes.claimDueFollowUp(manager);
        if (!claimed) return undefined;
        const mission = await this.outcomes.mission(claimed.missionId, manager);
        const open = await this.outcomes.openRecommendations(manager, claimed.missionId);
        const people = await this.access.peopleOf(
          open.map((r) => r.answeringInstitutionId),
          manager,
        );
        const recipients = [...new Set([...people.values()].flat())];
        for (const userId of recipients)
          await this.notifications.queueMessage(manager, userId, 'assistance_follow_up', `${claimed.missionId}:${claimed.wave}`, {
            messageKey: `outcomes:notify.follow_up_${claimed.wave}`,
            params: { reference: mission?.reference ?? '', title: mission?.title ?? '' },
            link: `/assistance/recommendations?missionId=${claimed.missionId}`,
          });
        await this.audit.record(manager, {
          actorId: null,
          academyId: mission?.institutionAcademyId ?? null,
          action: 'assistance.follow_up.notified',
          entityType: 'assistance_mission',
          entityId: claimed.missionId,
          before: null,
          after: { wave: claimed.wave, dueOn: claimed.dueOn, openRecommendations: open.length, recipients: recipients.length },
        });
        return recipients.length;
      });
      if (messages === undefined) break;
      result.followUps++;
      result.messages += messages;
    }
    return result;
  }
}
