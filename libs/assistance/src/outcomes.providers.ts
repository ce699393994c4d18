import type { Provider } from '@nestjs/common';
import { MissionEvaluationsService } from './mission-evaluations.service';
import { OutcomeAccessService } from './mission-reports-access.service';
import { MissionReportsService } from './mission-reports.service';
import { RecommendationFollowUpsService } from './recommendation-follow-ups.service';
import { RecommendationsService } from './recommendations.service';
import { OutcomesRepository } from './repositories/outcomes.repository';

/** Mission reports, recommendations and their follow-up, evaluations (issue 14 point 5). */
export const OUTCOME_SERVICES: Provider[] = [
  OutcomeAccessService,
  MissionReportsService,
  RecommendationsService,
  RecommendationFollowUpsService,
  MissionEvaluationsService,
];
export const OUTCOME_REPOSITORIES: Provider[] = [OutcomesRepository];
