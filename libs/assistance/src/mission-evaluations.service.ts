import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationsService } from '@probity/cohorts';
import { type SurveyItem, SurveysService, type SurveyTemplate, checkAnswers, summarise } from '@probity/evaluation';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import { EVALUATION_RESPONDENTS } from './assistance-model';
import type { MissionEvaluationDto } from './dto/outcomes.dto';
import type { EvaluationRespondent } from './entities/mission-record.entity';
import { type OutcomeAccess, OutcomeAccessService } from './mission-reports-access.service';
import { EVALUATION_MIN_RESPONSES, MISSION_EVALUATION_CODE } from './mission-evaluations-model';
import { type MissionFacts, OutcomesRepository } from './repositories/outcomes.repository';

/** The evaluation form as one person sees it: the questions, and in which capacities they were asked (answered or not). */
export interface EvaluationForm {
  mission: MissionFacts;
  template: SurveyTemplate;
  items: SurveyItem[];
  invitations: { respondent: EvaluationRespondent; answered: boolean }[];
  /** Facility managers and the host read the results. */
  mayReadResults: boolean;
}

/** One item's results for one kind of respondent. */
export interface EvaluationItemResult {
  item: SurveyItem;
  /** Likert and single-choice items: answers per value 1…n. */
  counts: number[];
  n: number;
  mean: number | null;
  /** Open items: the answers, in a random order. */
  answers: string[];
}

/** One kind of respondent: invited and answered always; under the threshold (`shown` false) nothing of the answers. */
export interface EvaluationGroupResult {
  respondent: EvaluationRespondent;
  invited: number;
  responses: number;
  shown: boolean;
  items: EvaluationItemResult[];
}

export interface EvaluationResults {
  mission: MissionFacts;
  template: SurveyTemplate;
  minResponses: number;
  groups: EvaluationGroupResult[];
}

/**
 * Short evaluations of a mission by its participants (those with an account: guests without one are not asked), its
 * experts and its host (the requesting institution's people), on the survey engine's standard `mission` template
 * (`MISSION_EVALUATION_CODE`). Anonymous like the reaction surveys (ADR 0010): the invitation keeps who answered and
 * the day; the answers keep the mission and the capacity, nothing of the person. Answering writes no audit entry.
 * Results per kind of respondent, for facility managers and the host, only from three answers of that kind.
 */
@Injectable()
export class MissionEvaluationsService {
  private readonly logger = new Logger('MissionEvaluations');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outcomes: OutcomesRepository,
    private readonly access: OutcomeAccessService,
    private readonly surveys: SurveysService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Asks, in the caller's transaction, everyone who should evaluate the mission and was not asked yet: its participants
   * with an account, its experts with an account, the requesting institution's people. Each new invitee gets a message
   * in the outbox. Called when the lead expert submits the report; safe to call again (at delivery, say). How many were
   * asked now.
   */
  async invite(manager: EntityManager, actor: AuthUser | null, mission: MissionFacts): Promise<number> {
    const participants = await this.outcomes.participantUsers(mission.id, manager);
    const experts = (await this.outcomes.experts(mission.id, manager)).filter((e) => e.userId !== null);
    const host = (await this.access.peopleOf([mission.institutionId], manager)).get(mission.institutionId) ?? [];
    const asked: [EvaluationRespondent, string[]][] = [
      ['participant', await this.outcomes.invite(manager, mission.id, 'participant', participants)],
      [
        'expert',
        await this.outcomes.invite(
          manager,
          mission.id,
          'expert',
          experts.map((e) => ({ userId: e.userId! })),
        ),
      ],
      [
        'host',
        await this.outcomes.invite(
          manager,
          mission.id,
          'host',
          host.map((userId) => ({ userId })),
        ),
      ],
    ];
    let count = 0;
    for (const [respondent, userIds] of asked)
      for (const userId of userIds) {
        count++;
        if (userId === actor?.id) continue;
        await this.notifications.queueMessage(manager, userId, 'assistance_evaluation', `${mission.id}:${respondent}`, {
          messageKey: 'outcomes:notify.evaluation',
          params: { reference: mission.reference, title: mission.title },
          link: `/assistance/missions/${mission.id}/evaluation`,
        });
      }
    return count;
  }

  /**
   * The same, by the mission's id, for another part of the context that holds a transaction on it (the missions' move to
   * `delivered`, if invitations should go out at delivery rather than with the report). 0 for an unknown mission.
   */
  async inviteMission(manager: EntityManager, actor: AuthUser | null, missionId: string): Promise<number> {
    const mission = await this.outcomes.mission(missionId, manager);
    return mission ? this.invite(manager, actor, mission) : 0;
  }

  /** The questions and the reader's invitations: for invited people, facility managers and the host; 404 for anyone else. */
  async form(actor: AuthUser, missionId: string): Promise<EvaluationForm> {
    const standing = await this.access.standing(actor, missionId);
    if (!standing) throw new NotFound('mission_evaluation');
    const invitations = (await this.outcomes.invitationsOf(missionId, actor.id)).map(({ respondent, answered }) => ({
      respondent,
      answered,
    }));
    const mayReadResults = standing.manager || standing.host;
    if (!invitations.length && !mayReadResults && !standing.expert) throw new NotFound('mission_evaluation');
    const { template, items } = await this.standard();
    return { mission: standing.mission, template, items, invitations, mayReadResults };
  }

  /**
   * One answer per invitation: 404 for someone neither invited nor able to see the mission, 403 for someone who can see
   * it but was not asked, 409 when every invitation of theirs is answered (`survey_already_answered`), 400 with a
   * problem per question when the answers do not fit the template. Answers the day recorded.
   */
  async answer(
    actor: AuthUser,
    missionId: string,
    dto: MissionEvaluationDto,
  ): Promise<{ answeredOn: string; respondent: EvaluationRespondent }> {
    return this.dataSource.transaction(async (manager) => {
      const standing = await this.access.standing(actor, missionId, manager);
      if (!standing) throw new NotFound('mission_evaluation');
      // One mission's answers one at a time: the rewrite of its answers (see OutcomesRepository.answer) needs it.
      await this.outcomes.lockEvaluations(manager, missionId);
      const invitations = await this.outcomes.invitationsOf(missionId, actor.id, manager);
      if (!invitations.length) {
        if (standing.manager || standing.expert || standing.host) throw new Forbidden();
        throw new NotFound('mission_evaluation');
      }
      const open = invitations.filter((i) => !i.answered);
      const chosen = dto.respondent ? invitations.find((i) => i.respondent === dto.respondent) : open[0];
      if (dto.respondent && !chosen) throw new Forbidden();
      if (!chosen || chosen.answered) throw new Conflict('survey_already_answered');
      if (!dto.respondent && open.length > 1) throw new ValidationFailed([{ field: 'respondent', constraint: 'isNotEmpty' }]);
      const { template, items } = await this.standard(manager);
      const { answers, problems } = checkAnswers(items, dto.answers);
      if (problems.length) throw new ValidationFailed(problems);
      const recorded = await this.outcomes.answer(manager, chosen.id, {
        missionId,
        respondent: chosen.respondent,
        templateId: template.id,
        answers,
      });
      if (!recorded) throw new Conflict('survey_already_answered');
      const [{ today }] = await manager.query<{ today: string }[]>(`SELECT CURRENT_DATE::text AS today`);
      return { answeredOn: today, respondent: chosen.respondent };
    });
  }

  /**
   * Results per kind of respondent for facility managers and the host (403 for the mission's experts and participants,
   * 404 for anyone else): invited and answered always; the distribution, means and open answers only from three
   * answers of that kind.
   */
  async results(actor: AuthUser, missionId: string): Promise<EvaluationResults> {
    const standing = await this.access.standing(actor, missionId);
    if (!standing) throw new NotFound('mission_evaluation');
    if (!(standing.manager || standing.host)) {
      if (standing.expert || (await this.outcomes.invitationsOf(missionId, actor.id)).length) throw new Forbidden();
      throw new NotFound('mission_evaluation');
    }
    return this.resultsOf(standing, EVALUATION_MIN_RESPONSES);
  }

  private async resultsOf(standing: OutcomeAccess, min: number): Promise<EvaluationResults> {
    const missionId = standing.mission.id;
    const { template, items } = await this.standard();
    const [invited, responses, distribution, open] = await Promise.all([
      this.outcomes.invitationCounts(missionId),
      this.outcomes.responseCounts(missionId),
      this.outcomes.distribution(missionId, min),
      this.outcomes.openAnswers(missionId, min),
    ]);
    const groups = EVALUATION_RESPONDENTS.map((respondent): EvaluationGroupResult => {
      const answered = responses.find((r) => r.respondent === respondent)?.responses ?? 0;
      const shown = answered >= min;
      return {
        respondent,
        invited: invited.find((r) => r.respondent === respondent)?.invited ?? 0,
        responses: answered,
        shown,
        items: shown
          ? items.map((item) => {
              const values = item.type === 'likert' ? 5 : item.type === 'single_choice' ? (item.options?.length ?? 0) : 0;
              const counts = Array.from({ length: values }, (_, i) =>
                distribution
                  .filter((d) => d.respondent === respondent && d.itemId === item.id && d.value === i + 1)
                  .reduce((sum, d) => sum + d.count, 0),
              );
              const { n, mean } = item.type === 'likert' ? summarise(counts) : { n: counts.reduce((a, b) => a + b, 0), mean: null };
              const texts = open.filter((o) => o.respondent === respondent && o.itemId === item.id).map((o) => o.text);
              return { item, counts, n: item.type === 'open_text' ? texts.length : n, mean, answers: texts };
            })
          : [],
      };
    });
    return { mission: standing.mission, template, minResponses: min, groups };
  }

  /** The standard mission template and its items (seeded at every start; missing only on a database never started). */
  private async standard(manager?: EntityManager): Promise<{ template: SurveyTemplate; items: SurveyItem[] }> {
    const form = await this.surveys.standardForm(MISSION_EVALUATION_CODE, manager);
    if (!form) {
      this.logger.warn(`the standard mission evaluation (${MISSION_EVALUATION_CODE}) is not seeded`);
      throw new NotFound('mission_evaluation');
    }
    return form;
  }
}
