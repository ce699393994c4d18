import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { CertificatesModule } from '@probity/certificates';
import { CohortsModule } from '@probity/cohorts';
import { CoursesModule } from '@probity/courses';
import { EvaluationModule } from '@probity/evaluation';
import { IdentityModule } from '@probity/identity';
import { Expert, ExpertAvailability, ExpertLanguage } from './entities/expert.entity';
import { AssistanceInstitution, FocalPoint } from './entities/institution.entity';
import { Mission, MissionExpert } from './entities/mission.entity';
import {
  EvaluationInvitation,
  MissionAttendance,
  MissionEvaluation,
  MissionFollowUp,
  MissionParticipant,
  MissionReport,
  ParticipationCertificate,
  Recommendation,
  RecommendationUpdate,
} from './entities/mission-record.entity';
import { AssistanceRequest, RequestComment, RequestFile } from './entities/request.entity';
import { EXPERT_REPOSITORIES, EXPERT_SERVICES } from './experts.providers';
import { FACILITY_REPOSITORIES, FACILITY_SERVICES } from './facility.providers';
import { MISSION_REPOSITORIES, MISSION_SERVICES } from './missions.providers';
import { OUTCOME_REPOSITORIES, OUTCOME_SERVICES } from './outcomes.providers';
import { REQUEST_REPOSITORIES, REQUEST_SERVICES } from './requests.providers';

/**
 * The Technical Assistance Facility (issue 14, ADR 0012): partner institutions request expertise, facility managers
 * screen and decide, experts of the roster are matched, missions are delivered. Stands on identity (people, roles,
 * academies), audit and cohorts (similar cohorts, notifications, missions run as cohorts), through their services.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      AssistanceInstitution,
      FocalPoint,
      AssistanceRequest,
      RequestFile,
      RequestComment,
      Expert,
      ExpertLanguage,
      ExpertAvailability,
      Mission,
      MissionExpert,
      MissionParticipant,
      MissionAttendance,
      ParticipationCertificate,
      MissionReport,
      Recommendation,
      RecommendationUpdate,
      MissionFollowUp,
      EvaluationInvitation,
      MissionEvaluation,
    ]),
    AuditModule,
    IdentityModule,
    CoursesModule,
    CohortsModule,
    CertificatesModule,
    EvaluationModule,
  ],
  providers: [
    ...REQUEST_REPOSITORIES,
    ...REQUEST_SERVICES,
    ...EXPERT_REPOSITORIES,
    ...EXPERT_SERVICES,
    ...MISSION_REPOSITORIES,
    ...MISSION_SERVICES,
    ...OUTCOME_REPOSITORIES,
    ...OUTCOME_SERVICES,
    ...FACILITY_REPOSITORIES,
    ...FACILITY_SERVICES,
  ],
  exports: [...REQUEST_SERVICES, ...EXPERT_SERVICES, ...MISSION_SERVICES, ...OUTCOME_SERVICES, ...FACILITY_SERVICES],
})
export class AssistanceModule {}
