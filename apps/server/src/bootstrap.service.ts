import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { withLock } from '@probity/database';
import { AttemptsService, ItemsService } from '@probity/assessments';
import { IssuanceService } from '@probity/certificates';
import { AttendanceService, CohortsService, EnrolmentsService, PartnersService } from '@probity/cohorts';
import { CoursesService } from '@probity/courses';
import { SurveyAnswersService, SurveysService } from '@probity/evaluation';
import { FollowUpAnswersService, FollowUpInvitationsService, FollowUpsService } from '@probity/evaluation';
import { IndicatorsService } from '@probity/evaluation';
import { AcademiesService, AuthService, UsersService } from '@probity/identity';
import { seedCurriculum, seedDemo, seedDemoCertificates, seedDemoCohort, seedDemoSurveys, seedStandardSurveys } from '@probity/seed';
import { DEMO_TEST_COHORTS, seedDemoAttempts } from '@probity/seed';
import { seedDemoFollowUps, seedStandardFollowUps } from '@probity/seed';
import { seedDemoIndicators } from '@probity/seed';
import { seedStandardMissionEvaluation } from '@probity/seed';
import { seedDemoAssistance } from '@probity/seed';
import { ExpertsService, InstitutionsService, MissionEvaluationsService, MissionParticipantsService } from '@probity/assistance';
import { MissionReportsService, MissionsService, ParticipationService, RecommendationsService } from '@probity/assistance';
import { RequestThreadService, RequestsService } from '@probity/assistance';
import { seedDemoCooperation } from '@probity/seed';
import { ActionItemsService, CooperationOutcomesService, DirectoryService, InitiativeMembersService } from '@probity/cooperation';
import { InitiativeParticipationService, InitiativesService } from '@probity/cooperation';

const SEED_LOCK = 0x70726f73; // "pros"

/** On an empty platform: the first administrator from the environment, and the demo when asked for. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    private readonly academies: AcademiesService,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly courses: CoursesService,
    private readonly cohorts: CohortsService,
    private readonly enrolments: EnrolmentsService,
    private readonly partners: PartnersService,
    private readonly attendance: AttendanceService,
    private readonly issuance: IssuanceService,
    private readonly surveys: SurveysService,
    private readonly surveyAnswers: SurveyAnswersService,
    private readonly followUps: FollowUpsService,
    private readonly followUpAnswers: FollowUpAnswersService,
    private readonly followUpInvitations: FollowUpInvitationsService,
    private readonly indicators: IndicatorsService,
    private readonly institutions: InstitutionsService,
    private readonly experts: ExpertsService,
    private readonly requests: RequestsService,
    private readonly requestThread: RequestThreadService,
    private readonly missions: MissionsService,
    private readonly missionParticipants: MissionParticipantsService,
    private readonly participation: ParticipationService,
    private readonly missionReports: MissionReportsService,
    private readonly recommendations: RecommendationsService,
    private readonly missionEvaluations: MissionEvaluationsService,
    private readonly initiatives: InitiativesService,
    private readonly initiativeMembers: InitiativeMembersService,
    private readonly initiativeParticipation: InitiativeParticipationService,
    private readonly actionItems: ActionItemsService,
    private readonly cooperationOutcomes: CooperationOutcomesService,
    private readonly directory: DirectoryService,
    private readonly items: ItemsService,
    private readonly attempts: AttemptsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cohortWriter = { cohorts: this.cohorts, enrolments: this.enrolments, partners: this.partners, attendance: this.attendance };
    await withLock(this.dataSource, SEED_LOCK, async () => {
      const email = this.config.get<string>('PROBITY_ADMIN_EMAIL');
      if (await this.users.ensureFirstAdmin(email, this.config.get<string>('PROBITY_ADMIN_PASSWORD'))) {
        this.logger.log(`created the first platform administrator: ${email}`);
      }
      // The standard reaction survey exists on every database, demo or not (created once, under its code).
      if (await seedStandardSurveys(this.surveys)) this.logger.log('seeded the standard end-of-course reaction survey');
      // So do the standard follow-up questionnaires (for learners and their supervisors).
      if (await seedStandardFollowUps(this.followUps)) this.logger.log('seeded the standard follow-up questionnaires');
      // And the standard evaluation of a technical assistance mission (by participants, experts and the host).
      if (await seedStandardMissionEvaluation(this.surveys)) this.logger.log('seeded the standard mission evaluation');
      if (this.config.get<string>('PROBITY_DEMO') === '1') {
        const created = await seedDemo(this.dataSource, this.academies, this.users);
        if (created.academies || created.users) this.logger.log(`demo seeded: ${created.academies} academies, ${created.users} people`);
        if (await seedCurriculum(this.dataSource, this.auth, this.courses, this.items))
          this.logger.log('demo seeded: the NAPOR curriculum with its pre-test and post-test, published as version 1');
        if (await seedDemoCohort(this.dataSource, this.auth, cohortWriter))
          this.logger.log(
            'demo seeded: running and planned cohorts of the NAPOR course in the five academies (Tbilisi–Kyiv with Ukraine as partner)',
          );
        const attempts = await seedDemoAttempts(this.dataSource, this.auth, this.attempts, DEMO_TEST_COHORTS);
        if (attempts) this.logger.log(`demo seeded: ${attempts} attempts at the NAPOR tests, essays waiting for the trainers`);
        if (await seedDemoCertificates(this.dataSource, this.auth, cohortWriter, this.issuance))
          this.logger.log('demo seeded: a past cohort whose two graduates get their certificates from the worker');
        const surveyWriter = { surveys: this.surveys, answers: this.surveyAnswers };
        if (await seedDemoSurveys(this.dataSource, this.auth, this.users, cohortWriter, surveyWriter))
          this.logger.log('demo seeded: the past cohort’s reaction survey, answered anonymously by five of its six graduates');
        const followUpWriter = { followUps: this.followUps, answers: this.followUpAnswers, invitations: this.followUpInvitations };
        if (await seedDemoFollowUps(this.dataSource, this.auth, followUpWriter))
          this.logger.log('demo seeded: a 3-month follow-up of the past cohort, answered by four graduates and three supervisors');
        if (await seedDemoIndicators(this.dataSource, this.auth, this.indicators))
          this.logger.log('demo seeded: the indicator register (knowledge by sex, satisfaction, officials certified)');
        const assistanceWriter = {
          institutions: this.institutions,
          experts: this.experts,
          requests: this.requests,
          thread: this.requestThread,
          missions: this.missions,
          participants: this.missionParticipants,
          participation: this.participation,
          reports: this.missionReports,
          recommendations: this.recommendations,
          evaluations: this.missionEvaluations,
        };
        const assistance = await seedDemoAssistance(this.dataSource, this.auth, this.users, assistanceWriter);
        if (assistance.people || assistance.experts || assistance.requests)
          this.logger.log(
            `demo seeded: the assistance facility (${assistance.people} people, ${assistance.experts} experts, ${assistance.requests} requests)`,
          );
        const cooperationWriter = {
          institutions: this.institutions,
          initiatives: this.initiatives,
          members: this.initiativeMembers,
          participation: this.initiativeParticipation,
          actionItems: this.actionItems,
          outcomes: this.cooperationOutcomes,
          directory: this.directory,
        };
        if (await seedDemoCooperation(this.dataSource, this.auth, cooperationWriter))
          this.logger.log('demo seeded: a Georgia–Ukraine–Kyrgyzstan cooperation initiative with its action items and 3-month follow-up');
      }
    });
  }
}
