import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { NotificationsService } from '@probity/cohorts';
import { pick } from '@probity/i18n';
import { InitiativeStandingService } from './action-items.service';
import { CooperationOutcomesRepository } from './repositories/outcomes.repository';

/** What one run of the follow-up job did. */
export interface CooperationFollowUpRun {
  /** Follow-up rows made for held initiatives that had none. */
  scheduled: number;
  /** Follow-ups claimed (and so done) by this run. */
  followUps: number;
  /** Messages queued (one per person and follow-up). */
  messages: number;
}

/** At most this many follow-ups per run; the next run takes the rest. */
const PER_RUN = 200;

/**
 * The 3- and 6-month follow-ups of cooperation initiatives (the worker's job, every hour). First the follow-up rows of
 * held initiatives are made (due 3 and 6 months after the last day; idempotent). Then each follow-up that fell due is
 * claimed once (a conditional update, so two workers never take the same one) and, in the same transaction, the people
 * of each accepted member institution (its focal points; the administrators of an academy) get a message in the
 * outbox, read in their own language, asking for the institution's outcome counts.
 */
@Injectable()
export class CooperationFollowUpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outcomes: CooperationOutcomesRepository,
    private readonly access: InitiativeStandingService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async run(): Promise<CooperationFollowUpRun> {
    const result: CooperationFollowUpRun = { scheduled: 0, followUps: 0, messages: 0 };
    result.scheduled = await this.dataSource.transaction((manager) => this.outcomes.scheduleFollowUps(manager));
    for (let i = 0; i < PER_RUN; i++) {
      const messages = await this.dataSource.transaction(async (manager) => {
        const claimed = await this.outcomes.claimDueFollowUp(manager);
        if (!claimed) return undefined;
        const initiative = await this.outcomes.initiative(claimed.initiativeId, manager);
        const members = await this.outcomes.acceptedMembers(claimed.initiativeId, manager);
        const people = await this.access.peopleOf(members, manager);
        const recipients = [...new Set([...people.values()].flat())];
        // The reference names it in every language; the title as given in English (or the first language it has).
        const title = initiative ? pick(initiative.title, 'en').text : '';
        for (const userId of recipients)
          await this.notifications.queueMessage(manager, userId, 'cooperation_follow_up', `${claimed.initiativeId}:${claimed.wave}`, {
            messageKey: `cooperation_outcomes:notify.follow_up_${claimed.wave}`,
            params: { reference: initiative?.reference ?? '', title },
            link: `/initiatives/${claimed.initiativeId}/outcomes`,
          });
        await this.audit.record(manager, {
          actorId: null,
          academyId: initiative?.leadAcademyId ?? null,
          action: 'cooperation.follow_up.notified',
          entityType: 'cooperation_initiative',
          entityId: claimed.initiativeId,
          before: null,
          after: { wave: claimed.wave, dueOn: claimed.dueOn, institutions: members.length, recipients: recipients.length },
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
