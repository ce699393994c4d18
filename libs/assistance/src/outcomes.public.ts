// What the reports, recommendations and evaluations part of the assistance context exports.
export * from './dto/outcomes.dto';
export * from './mission-evaluations-model';
export { OutcomeAccessService, type OutcomeAccess } from './mission-reports-access.service';
export { MissionReportsService, type ReportView } from './mission-reports.service';
export { RecommendationsService, type RecommendationDetails, type RecommendationView } from './recommendations.service';
export { RecommendationFollowUpsService, type RecommendationFollowUpRun } from './recommendation-follow-ups.service';
export {
  MissionEvaluationsService,
  type EvaluationForm,
  type EvaluationGroupResult,
  type EvaluationItemResult,
  type EvaluationResults,
} from './mission-evaluations.service';
export type { MissionExpertFacts, MissionFacts, RecommendationRow } from './repositories/outcomes.repository';
