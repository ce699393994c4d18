import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AttendanceDto,
  AttendanceService,
  CohortsService,
  CreateCohortDto,
  CreateSessionDto,
  EnrolDto,
  EnrolmentsService,
  PartnersService,
  ProgressService,
  RequiredAssessmentsDto,
  WithdrawDto,
} from '@probity/cohorts';
import { BadInput, type Locale } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, ListQueryDto, type RequestLike } from '@probity/identity';
import { explainSkipped, rosterCsv } from '../http/presenters';
import {
  CohortClosedResponseDto,
  CohortDetailsResponseDto,
  CohortPageResponseDto,
  CohortResponseDto,
  PartnerInvitationsResponseDto,
  PartnerResponseDto,
  RequiredAssessmentsResponseDto,
  SessionResponseDto,
  mapCohort,
  mapCohortClosed,
  mapCohortDetails,
  mapCohortPage,
  mapInvitations,
  mapPartner,
  mapRequiredAssessments,
  mapSession,
} from './dto/cohorts.response';
import {
  AttendanceSavedResponseDto,
  EnrolResponseDto,
  LessonCompletedResponseDto,
  MyCohortsResponseDto,
  RosterResponseDto,
  WithdrawnResponseDto,
  mapAttendanceSaved,
  mapEnrolment,
  mapLessonCompleted,
  mapMyCohorts,
  mapRoster,
  mapWithdrawn,
} from './dto/enrolments.response';

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;

@ApiTags('cohorts')
@ApiExtraModels(RosterResponseDto)
@Controller('api/v1/cohorts')
export class CohortsController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly partners: PartnersService,
    private readonly enrolmentsService: EnrolmentsService,
    private readonly attendanceService: AttendanceService,
    private readonly progress: ProgressService,
  ) {}

  @Post()
  @Auth('academy_admin', 'trainer')
  @ApiCreatedResponse({
    type: CohortResponseDto,
    description:
      '{id, …}: the new cohort. Its status follows its dates in the academy’s time zone: planned before its first day, running to its last, finished after it (closed only once an administrator closes it).',
  })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateCohortDto): Promise<CohortResponseDto> {
    return mapCohort(await this.cohorts.create(user, dto));
  }

  @Get()
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiOkResponse({ type: CohortPageResponseDto, description: 'The cohorts the caller runs or, as a partner academy, takes part in' })
  async list(@CurrentUser() user: AuthUser, @Query() query: ListQueryDto): Promise<CohortPageResponseDto> {
    return mapCohortPage(await this.cohorts.list(user, query.limit, query.offset));
  }

  @Get(':id')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiOkResponse({ type: CohortDetailsResponseDto, description: 'The cohort with its trainers, partners and sessions' })
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CohortDetailsResponseDto> {
    return mapCohortDetails(await this.cohorts.details(user, id));
  }

  @Post(':id/partners/:academyId/accept')
  @HttpCode(200)
  @Auth('academy_admin')
  @ApiOkResponse({
    type: PartnerResponseDto,
    description: 'The partner academy’s administrator accepts the invitation: {academyId, status:"accepted", decidedAt, …}',
  })
  @ApiConflictResponse({ description: 'Already accepted or declined, or the cohort is closed' })
  async accept(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('academyId', ParseUUIDPipe) academyId: string,
  ): Promise<PartnerResponseDto> {
    return mapPartner(await this.partners.decidePartnership(user, id, academyId, 'accepted'));
  }

  @Post(':id/partners/:academyId/decline')
  @HttpCode(200)
  @Auth('academy_admin')
  @ApiOkResponse({ type: PartnerResponseDto, description: 'The partner academy’s administrator declines the invitation' })
  @ApiConflictResponse({ description: 'Already accepted or declined, or the cohort is closed' })
  async decline(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('academyId', ParseUUIDPipe) academyId: string,
  ): Promise<PartnerResponseDto> {
    return mapPartner(await this.partners.decidePartnership(user, id, academyId, 'declined'));
  }

  @Post(':id/enrolments')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiCreatedResponse({ type: EnrolResponseDto, description: '{enrolled:[userId], skipped:[{userId, reason, message}]}' })
  async enrol(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: EnrolDto,
    @Req() request: FastifyRequest,
  ): Promise<EnrolResponseDto> {
    const result = await this.enrolmentsService.enrol(user, id, dto.userIds);
    return mapEnrolment({ enrolled: result.enrolled, skipped: explainSkipped(result.skipped, locale(request)) });
  }

  @Post(':id/enrolments/import')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiConsumes('text/csv', 'text/plain')
  @ApiBody({ description: 'A CSV with an `email` column, or email addresses one per line', schema: { type: 'string' } })
  @ApiCreatedResponse({ type: EnrolResponseDto, description: '{enrolled, skipped:[{email, userId?, reason, message}]}' })
  async enrolCsv(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<EnrolResponseDto> {
    if (typeof request.body !== 'string') throw new BadInput('csv_expected');
    const result = await this.enrolmentsService.enrolByEmails(user, id, request.body);
    return mapEnrolment({ enrolled: result.enrolled, skipped: explainSkipped(result.skipped, locale(request)) });
  }

  @Get(':id/enrolments')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiOkResponse({
    description: '{items:[{userId, status, progress:{lessonsDone, lessonsTotal, attendancePercent}}]}; Accept: text/csv for a spreadsheet',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(RosterResponseDto) } },
      'text/csv': { schema: { type: 'string', description: 'One row per enrolment period, with a header row' } },
    },
  })
  async enrolments(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RosterResponseDto | string> {
    const { items } = await this.enrolmentsService.roster(user, id);
    if (request.headers.accept?.includes('text/csv')) {
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="cohort-${id}.csv"`);
      return rosterCsv(items);
    }
    return mapRoster(items);
  }

  @Post(':id/enrolments/:userId/withdraw')
  @HttpCode(200)
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiOkResponse({ type: WithdrawnResponseDto, description: 'The learner no longer takes part; their record is kept' })
  async withdraw(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() dto: WithdrawDto,
  ): Promise<WithdrawnResponseDto> {
    await this.enrolmentsService.withdraw(user, id, userId, dto.reason);
    return mapWithdrawn(userId);
  }

  @Post(':id/sessions')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiCreatedResponse({ type: SessionResponseDto, description: '{id, …}: the new session' })
  async addSession(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateSessionDto,
  ): Promise<SessionResponseDto> {
    return mapSession(await this.attendanceService.addSession(user, id, dto));
  }

  @Put(':id/sessions/:sessionId/attendance')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiOkResponse({ type: AttendanceSavedResponseDto, description: '{saved}: the register; completion is decided in the same transaction' })
  async attendance(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
    @Body() dto: AttendanceDto,
  ): Promise<AttendanceSavedResponseDto> {
    return mapAttendanceSaved(await this.attendanceService.saveAttendance(user, id, sessionId, dto));
  }

  @Post(':id/lessons/:lessonId/complete')
  @HttpCode(200)
  @Auth()
  @ApiOkResponse({ type: LessonCompletedResponseDto, description: '{lessonsDone, lessonsTotal, status}; a repeat is harmless' })
  async complete(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('lessonId', ParseUUIDPipe) lessonId: string,
  ): Promise<LessonCompletedResponseDto> {
    return mapLessonCompleted(await this.progress.completeLesson(user, id, lessonId));
  }

  @Put(':id/completion/assessments')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiOkResponse({
    type: RequiredAssessmentsResponseDto,
    description:
      '{required:[assessmentId], completed}: the assessments learners must pass (null: every post-test and case exercise); learners who now meet every rule complete',
  })
  async requiredAssessments(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RequiredAssessmentsDto,
  ): Promise<RequiredAssessmentsResponseDto> {
    return mapRequiredAssessments(await this.cohorts.setRequiredAssessments(user, id, dto.requiredAssessmentIds ?? null));
  }

  @Post(':id/close')
  @HttpCode(200)
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiOkResponse({
    type: CohortClosedResponseDto,
    description: '{completed, notCompleted}: everyone not completed becomes not_completed with the unmet rules listed',
  })
  async close(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CohortClosedResponseDto> {
    return mapCohortClosed(await this.cohorts.close(user, id));
  }
}

@ApiTags('cohorts')
@Controller('api/v1/me')
export class MyCohortsController {
  constructor(
    private readonly partners: PartnersService,
    private readonly progress: ProgressService,
  ) {}

  @Get('partner-invitations')
  @Auth('academy_admin')
  @ApiOkResponse({
    type: PartnerInvitationsResponseDto,
    description: 'Invitations of other academies’ cohorts to the administrator’s academy, pending first',
  })
  async invitations(@CurrentUser() user: AuthUser): Promise<PartnerInvitationsResponseDto> {
    return mapInvitations(await this.partners.invitations(user));
  }

  @Get('cohorts')
  @Auth()
  @ApiOkResponse({
    type: MyCohortsResponseDto,
    description: 'The signed-in learner’s cohorts with progress, what is left and the next session',
  })
  @Header('cache-control', 'no-store')
  async mine(@CurrentUser() user: AuthUser): Promise<MyCohortsResponseDto> {
    return mapMyCohorts(await this.progress.mine(user));
  }
}
