import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Cohort, CohortsService, ProgressService } from '@probity/cohorts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import type { SurveyResponseDto } from './dto/surveys.dto';
import type { CohortSurvey } from './entities/survey-cohort.entity';
import type { SurveyTemplate } from './entities/survey-template.entity';
import { SurveyAnswersRepository } from './repositories/survey-answers.repository';
import { SurveysRepository } from './repositories/surveys.repository';
import { type SurveyItem, checkAnswers } from './survey-model';

/**
 * Where a person stands with a cohort's survey: `open` to answer, `answered` already, `closed` by the staff,
 * `not_completed` (enrolled, course not completed yet), or `preview` for the cohort's staff.
 */
export type SurveyStanding = 'open' | 'answered' | 'closed' | 'not_completed' | 'preview';

/** A survey waiting for (or answered by) a learner, for the dashboard and `GET /api/v1/me/surveys`. */
export interface MySurvey {
  survey: CohortSurvey;
  cohort: Cohort;
  template: SurveyTemplate;
  answered: boolean;
}

/** The questions of a cohort's survey as one person may see them. */
export interface SurveyForm {
  survey: CohortSurvey;
  cohort: Cohort;
  template: SurveyTemplate;
  items: SurveyItem[];
  standing: SurveyStanding;
}

/**
 * The learner's side of a reaction survey: it opens when their enrolment is completed, takes one answer per person,
 * and stores it without the person (ADR 0010): the invitation row says who answered and on which day, the response
 * row what was answered, and nothing joins them. Answering writes no audit entry.
 */
@Injectable()
export class SurveyAnswersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly surveys: SurveysRepository,
    private readonly answers: SurveyAnswersRepository,
    private readonly cohorts: CohortsService,
    private readonly progress: ProgressService,
  ) {}

  /** The open surveys of the cohorts the person completed, each with whether they answered it. */
  async mine(actor: AuthUser): Promise<MySurvey[]> {
    const cohortIds = await this.cohorts.completedCohortIds(actor.id);
    const open = await this.surveys.openForLearner(cohortIds, actor.id);
    const result: MySurvey[] = [];
    for (const { survey, answered } of open) {
      const [cohort, template] = await Promise.all([this.cohorts.find(survey.cohortId), this.surveys.findTemplate(survey.templateId)]);
      if (cohort && template) result.push({ survey, cohort, template, answered });
    }
    return result;
  }

  /** The survey's questions for an enrolled learner (whatever their standing) or the cohort's staff (a preview); 404 for anyone else. */
  async form(actor: AuthUser, cohortSurveyId: string): Promise<SurveyForm> {
    const survey = await this.surveys.findCohortSurvey(cohortSurveyId);
    if (!survey) throw new NotFound('cohort_survey');
    const standing = await this.standing(actor, survey);
    const [cohort, template, items] = await Promise.all([
      this.cohorts.find(survey.cohortId),
      this.surveys.findTemplate(survey.templateId),
      this.surveys.items(survey.templateId),
    ]);
    if (!cohort || !template) throw new NotFound('cohort_survey');
    return { survey, cohort, template, items, standing };
  }

  /**
   * One person's answers, once: 404 when they are not enrolled, 403 before their enrolment is completed, 409 when the
   * survey is closed or they answered already, 400 with a problem per question when the answers do not fit.
   */
  async respond(actor: AuthUser, cohortSurveyId: string, dto: SurveyResponseDto): Promise<{ answeredOn: string }> {
    return this.dataSource.transaction(async (manager) => {
      // The survey's lock takes its answers one at a time (see SurveyAnswersRepository.record).
      const survey = await this.surveys.findCohortSurvey(cohortSurveyId, manager, true);
      if (!survey) throw new NotFound('cohort_survey');
      // The enrolment's lock makes one person's answers one at a time (a double click, two tabs).
      const enrolment = await this.cohorts.lockOpenEnrolment(manager, survey.cohortId, actor.id);
      if (!enrolment) {
        if (await this.progress.learnerState(actor, survey.cohortId)) throw new Forbidden('survey_not_completed');
        throw new NotFound('cohort_survey');
      }
      if (enrolment.status !== 'completed') throw new Forbidden('survey_not_completed');
      if (survey.closedAt) throw new Conflict('survey_closed');
      if (await this.answers.hasAnswered(survey.id, actor.id, manager)) throw new Conflict('survey_already_answered');
      const { answers, problems } = checkAnswers(await this.surveys.items(survey.templateId, manager), dto.answers);
      if (problems.length) throw new ValidationFailed(problems);
      const answeredOn = await this.answers.record(manager, survey.id, actor.id, answers);
      if (!answeredOn) throw new Conflict('survey_already_answered');
      return { answeredOn };
    });
  }

  private async standing(actor: AuthUser, survey: CohortSurvey): Promise<SurveyStanding> {
    const state = await this.progress.learnerState(actor, survey.cohortId);
    if (state) {
      if (await this.answers.hasAnswered(survey.id, actor.id)) return 'answered';
      if (survey.closedAt) return 'closed';
      return state.status === 'completed' ? 'open' : 'not_completed';
    }
    const staff = await this.cohorts.access(actor, survey.cohortId).then(
      (access) => access.staff,
      (error: unknown) => {
        if (error instanceof NotFound) return false;
        throw error;
      },
    );
    if (!staff) throw new NotFound('cohort_survey');
    return 'preview';
  }
}
