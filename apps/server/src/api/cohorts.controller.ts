import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
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

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;

@ApiTags('cohorts')
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
  @ApiCreatedResponse({ description: '{id}' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCohortDto): Promise<unknown> {
    return this.cohorts.create(user, dto);
  }

  @Get()
  @Auth('academy_admin', 'trainer', 'platform_admin')
  list(@CurrentUser() user: AuthUser, @Query() query: ListQueryDto): Promise<unknown> {
    return this.cohorts.list(user, query.limit, query.offset);
  }

  @Get(':id')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    const { access, trainers, partners, sessions } = await this.cohorts.details(user, id);
    return { ...access.cohort, trainers, partnerAcademyIds: partners.map((p) => p.academyId), partners, sessions };
  }

  @Post(':id/partners/:academyId/accept')
  @HttpCode(200)
  @Auth('academy_admin')
  @ApiOkResponse({
    description: 'The partner academy’s administrator accepts the invitation: {academyId, status:"accepted", decidedAt, …}',
  })
  @ApiConflictResponse({ description: 'Already accepted or declined, or the cohort is closed' })
  accept(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('academyId', ParseUUIDPipe) academyId: string,
  ): Promise<unknown> {
    return this.partners.decidePartnership(user, id, academyId, 'accepted');
  }

  @Post(':id/partners/:academyId/decline')
  @HttpCode(200)
  @Auth('academy_admin')
  @ApiOkResponse({ description: 'The partner academy’s administrator declines the invitation' })
  @ApiConflictResponse({ description: 'Already accepted or declined, or the cohort is closed' })
  decline(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('academyId', ParseUUIDPipe) academyId: string,
  ): Promise<unknown> {
    return this.partners.decidePartnership(user, id, academyId, 'declined');
  }

  @Post(':id/enrolments')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiCreatedResponse({ description: '{enrolled:[userId], skipped:[{userId, reason, message}]}' })
  async enrol(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: EnrolDto,
    @Req() request: FastifyRequest,
  ): Promise<unknown> {
    const result = await this.enrolmentsService.enrol(user, id, dto.userIds);
    return { enrolled: result.enrolled, skipped: explainSkipped(result.skipped, locale(request)) };
  }

  @Post(':id/enrolments/import')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiConsumes('text/csv', 'text/plain')
  @ApiBody({ description: 'A CSV with an `email` column, or email addresses one per line', schema: { type: 'string' } })
  @ApiCreatedResponse({ description: '{enrolled, skipped:[{email, userId?, reason, message}]}' })
  async enrolCsv(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest): Promise<unknown> {
    if (typeof request.body !== 'string') throw new BadInput('csv_expected');
    const result = await this.enrolmentsService.enrolByEmails(user, id, request.body);
    return { enrolled: result.enrolled, skipped: explainSkipped(result.skipped, locale(request)) };
  }

  @Get(':id/enrolments')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: '{items:[{userId, status, progress:{lessonsDone, lessonsTotal, attendancePercent}}]}; Accept: text/csv for a spreadsheet',
  })
  async enrolments(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const { items } = await this.enrolmentsService.roster(user, id);
    if (request.headers.accept?.includes('text/csv')) {
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="cohort-${id}.csv"`);
      return rosterCsv(items);
    }
    return { items, total: items.length };
  }

  @Post(':id/enrolments/:userId/withdraw')
  @HttpCode(200)
  @Auth('academy_admin', 'trainer', 'platform_admin')
  async withdraw(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() dto: WithdrawDto,
  ): Promise<unknown> {
    await this.enrolmentsService.withdraw(user, id, userId, dto.reason);
    return { withdrawn: userId };
  }

  @Post(':id/sessions')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiCreatedResponse({ description: '{id}' })
  addSession(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateSessionDto): Promise<unknown> {
    return this.attendanceService.addSession(user, id, dto);
  }

  @Put(':id/sessions/:sessionId/attendance')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiOkResponse({ description: '{saved}: the register; completion is decided in the same transaction' })
  attendance(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
    @Body() dto: AttendanceDto,
  ): Promise<unknown> {
    return this.attendanceService.saveAttendance(user, id, sessionId, dto);
  }

  @Post(':id/lessons/:lessonId/complete')
  @HttpCode(200)
  @Auth()
  @ApiOkResponse({ description: '{lessonsDone, lessonsTotal}; a repeat is harmless' })
  complete(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('lessonId', ParseUUIDPipe) lessonId: string,
  ): Promise<unknown> {
    return this.progress.completeLesson(user, id, lessonId);
  }

  @Put(':id/completion/assessments')
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiOkResponse({
    description:
      '{required:[assessmentId], completed}: the assessments learners must pass (null: every post-test and case exercise); learners who now meet every rule complete',
  })
  requiredAssessments(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RequiredAssessmentsDto,
  ): Promise<unknown> {
    return this.cohorts.setRequiredAssessments(user, id, dto.requiredAssessmentIds ?? null);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Auth('academy_admin', 'trainer', 'platform_admin')
  @ApiOkResponse({ description: '{completed, notCompleted}: everyone not completed becomes not_completed with the unmet rules listed' })
  close(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.cohorts.close(user, id);
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
  @ApiOkResponse({ description: 'Invitations of other academies’ cohorts to the administrator’s academy, pending first' })
  async invitations(@CurrentUser() user: AuthUser): Promise<unknown> {
    return { items: await this.partners.invitations(user) };
  }

  @Get('cohorts')
  @Auth()
  @ApiOkResponse({ description: 'The signed-in learner’s cohorts with progress, what is left and the next session' })
  @Header('cache-control', 'no-store')
  async mine(@CurrentUser() user: AuthUser): Promise<unknown> {
    const mine = await this.progress.mine(user);
    return {
      items: mine.map(({ cohort, entry, nextSession }) => ({
        cohortId: cohort.id,
        name: cohort.name,
        courseVersionId: cohort.courseVersionId,
        status: entry.status,
        progress: entry.progress,
        unmet: entry.unmet,
        nextSession,
      })),
    };
  }
}
