import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Cohort, CohortsService } from '@probity/cohorts';
import { CoursesService } from '@probity/courses';
import { Conflict, type LocaleMap, NotFound, ValidationFailed } from '@probity/i18n';
import { type AuthUser, UsersService } from '@probity/identity';
import type { FollowUpResponseDto } from './dto/follow-ups.dto';
import type { SupervisorContact } from './entities/follow-up-contact.entity';
import type { FollowUpInvitation } from './entities/follow-up-invitation.entity';
import type { FollowUpWave } from './entities/follow-up-wave.entity';
import type { SurveyTemplate } from './entities/survey-template.entity';
import { type FollowUpItem, checkFollowUpAnswers, linkTokenHash } from './follow-up-model';
import { FollowUpsService, type SupervisorStanding } from './follow-ups.service';
import { FollowUpsRepository } from './repositories/follow-ups.repository';

/** Where an invitation stands: `open` to answer, `answered` (once only), `expired` (past its answer window). */
export type InvitationStatus = 'open' | 'answered' | 'expired';

/** A questionnaire as its respondent sees it. */
export interface FollowUpForm {
  invitation: FollowUpInvitation;
  wave: FollowUpWave;
  cohort: Cohort;
  courseTitle: LocaleMap;
  /** The learner the questions are about (for a supervisor: the only thing shown of them, with the course). */
  learnerName: string;
  template: SurveyTemplate;
  items: FollowUpItem[];
  status: InvitationStatus;
}

/** A supervisor's form, and in which language they asked to be written to. */
export interface SupervisorForm extends FollowUpForm {
  contact: SupervisorContact;
}

/** A learner's follow-ups: their own invitations, and per cohort completed, the supervisor named. */
export interface MyFollowUps {
  invitations: { invitation: FollowUpInvitation; wave: FollowUpWave; cohort: Cohort; status: InvitationStatus }[];
  cohorts: SupervisorStanding[];
}

/**
 * Answering follow-ups: a learner signed in (their own invitation), a supervisor through the link of their mail,
 * without an account. One answer per invitation, while it is open; the answer belongs to its invitation
 * (confidential, not anonymous) and is shown only in aggregate. Answering writes no audit entry.
 */
@Injectable()
export class FollowUpAnswersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly followUps: FollowUpsRepository,
    private readonly service: FollowUpsService,
    private readonly cohorts: CohortsService,
    private readonly courses: CoursesService,
    private readonly users: UsersService,
  ) {}

  async mine(actor: AuthUser): Promise<MyFollowUps> {
    const invitations = await this.followUps.learnerInvitations(actor.id);
    const waves = await this.followUps.wavesById([...new Set(invitations.map((i) => i.waveId))]);
    const cohortIds = await this.cohorts.completedCohortIds(actor.id);
    const cohorts = new Map<string, Cohort>();
    for (const id of new Set([...cohortIds, ...waves.map((w) => w.cohortId)])) {
      const cohort = await this.cohorts.find(id);
      if (cohort) cohorts.set(id, cohort);
    }
    const result: MyFollowUps = { invitations: [], cohorts: [] };
    for (const invitation of invitations) {
      const wave = waves.find((w) => w.id === invitation.waveId);
      const cohort = wave && cohorts.get(wave.cohortId);
      if (wave && cohort) result.invitations.push({ invitation, wave, cohort, status: await this.status(invitation) });
    }
    for (const id of cohortIds) result.cohorts.push(await this.service.supervisor(actor, id));
    return result;
  }

  /** The learner's own questionnaire (404 for anyone else's). */
  async learnerForm(actor: AuthUser, invitationId: string): Promise<FollowUpForm> {
    const invitation = await this.followUps.findInvitation(invitationId);
    if (!invitation || invitation.respondent !== 'learner' || invitation.learnerId !== actor.id) throw new NotFound('follow_up_invitation');
    return this.form(invitation, actor.fullName);
  }

  /** The learner's answers, once, while open: 409 when answered already or past its window, 400 per question. */
  async learnerAnswer(actor: AuthUser, invitationId: string, dto: FollowUpResponseDto): Promise<{ answeredAt: Date }> {
    return this.dataSource.transaction(async (manager) => {
      const invitation = await this.followUps.findInvitation(invitationId, manager, true);
      if (!invitation || invitation.respondent !== 'learner' || invitation.learnerId !== actor.id)
        throw new NotFound('follow_up_invitation');
      if (invitation.answeredAt) throw new Conflict('follow_up_already_answered');
      if (await this.followUps.expired(invitation.id, manager)) throw new Conflict('follow_up_closed');
      const wave = await this.followUps.findWave(invitation.waveId, manager);
      if (!wave) throw new NotFound('follow_up_invitation');
      const { answers, problems } = checkFollowUpAnswers(await this.followUps.items(wave.learnerTemplateId, manager), dto.answers);
      if (problems.length) throw new ValidationFailed(problems);
      return { answeredAt: await this.followUps.answer(manager, invitation.id, answers) };
    });
  }

  /** What a supervisor's link opens, found by the token's SHA-256 alone: 404 for a token nobody was sent. */
  async linkForm(token: string): Promise<SupervisorForm> {
    const hash = linkTokenHash(token);
    const linked = hash && (await this.followUps.byLink(hash));
    if (!linked) throw new NotFound('follow_up_link');
    const [name] = (await this.users.displayNames([linked.invitation.learnerId])).values();
    return { ...(await this.form(linked.invitation, name ?? '')), contact: linked.contact };
  }

  /** A supervisor's answers, once: 404 unknown link, 409 answered already (the link is spent) or expired, 400 per question. */
  async linkAnswer(token: string, dto: FollowUpResponseDto): Promise<{ answeredAt: Date }> {
    const hash = linkTokenHash(token);
    if (!hash) throw new NotFound('follow_up_link');
    return this.dataSource.transaction(async (manager) => {
      const linked = await this.followUps.byLink(hash, manager, true);
      if (!linked) throw new NotFound('follow_up_link');
      if (linked.invitation.answeredAt) throw new Conflict('follow_up_already_answered');
      if (linked.expired) throw new Conflict('follow_up_link_expired');
      const { answers, problems } = checkFollowUpAnswers(
        await this.followUps.items(linked.wave.supervisorTemplateId, manager),
        dto.answers,
      );
      if (problems.length) throw new ValidationFailed(problems);
      return { answeredAt: await this.followUps.answer(manager, linked.invitation.id, answers) };
    });
  }

  private async form(invitation: FollowUpInvitation, learnerName: string): Promise<FollowUpForm> {
    const wave = await this.followUps.findWave(invitation.waveId);
    const cohort = wave && (await this.cohorts.find(wave.cohortId));
    if (!wave || !cohort) throw new NotFound('follow_up_invitation');
    const templateId = invitation.respondent === 'learner' ? wave.learnerTemplateId : wave.supervisorTemplateId;
    const [[template], items, version] = await Promise.all([
      this.followUps.templates([templateId]),
      this.followUps.items(templateId),
      this.courses.snapshot(cohort.courseVersionId),
    ]);
    if (!template) throw new NotFound('follow_up_invitation');
    return {
      invitation,
      wave,
      cohort,
      courseTitle: version.snapshot.course.title,
      learnerName,
      template,
      items,
      status: await this.status(invitation),
    };
  }

  private async status(invitation: FollowUpInvitation): Promise<InvitationStatus> {
    if (invitation.answeredAt) return 'answered';
    return (await this.followUps.expired(invitation.id)) ? 'expired' : 'open';
  }
}
