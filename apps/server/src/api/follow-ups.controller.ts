import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Put, Req } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  FollowUpAnswersService,
  FollowUpResponseDto,
  FollowUpResultsService,
  FollowUpsService,
  ScheduleFollowUpsDto,
  SupervisorContactDto,
} from '@probity/evaluation';
import type { Locale } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import {
  FollowUpAnsweredResponseDto,
  FollowUpFormResponseDto,
  FollowUpResultsResponseDto,
  FollowUpScheduleResponseDto,
  MyFollowUpsResponseDto,
  SupervisorStandingResponseDto,
  mapForm,
  mapMine,
  mapResults,
  mapSchedule,
  mapStanding,
} from './dto/follow-ups.response';

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;
const STAFF = ['trainer', 'academy_admin', 'platform_admin'] as const;

/**
 * Follow-up waves (Kirkpatrick levels 3/4): a cohort's schedule and a wave's results (in aggregate) for its staff; a
 * learner's supervisor and questionnaires. Supervisors answer on a page of their link (`/f/<token>`), without an account.
 */
@ApiTags('follow-ups')
@Controller('api/v1/follow-ups')
export class FollowUpsController {
  constructor(
    private readonly followUps: FollowUpsService,
    private readonly answers: FollowUpAnswersService,
    private readonly results: FollowUpResultsService,
  ) {}

  @Get('cohorts/:id')
  @Auth(...STAFF)
  @ApiOkResponse({ type: FollowUpScheduleResponseDto, description: 'The cohort’s waves, each with its invitations sent and answered' })
  @ApiNotFoundResponse({ description: 'A cohort the caller does not run' })
  async schedule(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<FollowUpScheduleResponseDto> {
    return mapSchedule(await this.followUps.schedule(user, id));
  }

  @Put('cohorts/:id')
  @Auth(...STAFF)
  @ApiOkResponse({
    type: FollowUpScheduleResponseDto,
    description: 'The schedule set (default: waves 3 and 6 months after each completion); waves not listed are removed',
  })
  @ApiConflictResponse({ description: 'A wave that has invitations would be removed or change questionnaires (follow_up_wave_started)' })
  @ApiForbiddenResponse({ description: 'A partner academy’s administrator' })
  async setSchedule(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ScheduleFollowUpsDto,
  ): Promise<FollowUpScheduleResponseDto> {
    return mapSchedule(await this.followUps.setSchedule(user, id, dto));
  }

  @Get('cohorts/:id/supervisor')
  @Auth()
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: SupervisorStandingResponseDto, description: 'The supervisor the caller named for a cohort they completed' })
  @ApiForbiddenResponse({ description: 'The course is not completed yet (follow_up_not_completed)' })
  @ApiNotFoundResponse({ description: 'Not enrolled in the cohort' })
  async supervisor(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<SupervisorStandingResponseDto> {
    return mapStanding(await this.followUps.supervisor(user, id), locale(request));
  }

  @Put('cohorts/:id/supervisor')
  @Auth()
  @ApiOkResponse({ type: SupervisorStandingResponseDto, description: 'Named or changed; `notice` says what they will receive' })
  @ApiConflictResponse({ description: 'The first mail to the supervisor went out (supervisor_contact_locked)' })
  @ApiForbiddenResponse({ description: 'The course is not completed yet (follow_up_not_completed)' })
  async setSupervisor(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SupervisorContactDto,
    @Req() request: FastifyRequest,
  ): Promise<SupervisorStandingResponseDto> {
    return mapStanding(await this.followUps.setSupervisor(user, id, dto), locale(request));
  }

  @Get('mine')
  @Auth()
  @Header('cache-control', 'no-store')
  @ApiOkResponse({
    type: MyFollowUpsResponseDto,
    description: 'The caller’s questionnaires and, per cohort completed, the supervisor named',
  })
  async mine(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<MyFollowUpsResponseDto> {
    return mapMine(await this.answers.mine(user), locale(request));
  }

  @Get('invitations/:id')
  @Auth()
  @ApiOkResponse({ type: FollowUpFormResponseDto, description: 'The caller’s questionnaire in the caller’s language' })
  @ApiNotFoundResponse({ description: 'Not the caller’s own' })
  async form(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<FollowUpFormResponseDto> {
    return mapForm(await this.answers.learnerForm(user, id), locale(request));
  }

  @Post('invitations/:id/responses')
  @Auth()
  @ApiCreatedResponse({ type: FollowUpAnsweredResponseDto, description: 'Stored with the invitation; shown only in aggregate' })
  @ApiConflictResponse({ description: 'Answered already (follow_up_already_answered) or past its 30 days (follow_up_closed)' })
  @ApiNotFoundResponse({ description: 'Not the caller’s own' })
  async respond(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: FollowUpResponseDto,
  ): Promise<FollowUpAnsweredResponseDto> {
    return this.answers.learnerAnswer(user, id, dto);
  }

  @Get('waves/:id/results')
  @Auth(...STAFF)
  @ApiOkResponse({
    type: FollowUpResultsResponseDto,
    description:
      'Per kind of respondent: invited, answered, rate; once minResponses of them answered, how often the training was applied, the cases (sum, mean), choices and open answers without names',
  })
  @ApiNotFoundResponse({ description: 'A cohort the caller does not run' })
  async resultsOf(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<FollowUpResultsResponseDto> {
    return mapResults(await this.results.results(user, id), locale(request));
  }
}
