export * from './assistance.module';
export * from './assistance-model';
export * from './requests.public';
export * from './experts.public';
export * from './missions.public';
export * from './outcomes.public';
export * from './facility.public';
export type { AssistanceInstitution, FocalPoint } from './entities/institution.entity';
export type { AssistanceRequest, RequestComment, RequestFile, RuleJudgement } from './entities/request.entity';
export type { Expert, ExpertAvailability, ExpertLanguage } from './entities/expert.entity';
export type { AgendaItem, Mission, MissionExpert } from './entities/mission.entity';
export type {
  EvaluationInvitation,
  EvaluationRespondent,
  MissionAttendance,
  MissionEvaluation,
  MissionFollowUp,
  MissionParticipant,
  MissionReport,
  ParticipationCertificate,
  Recommendation,
  RecommendationUpdate,
} from './entities/mission-record.entity';
export * from './personal-data';
