import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  AddParticipantDto,
  AttendanceDto,
  CreateMissionDto,
  MISSION_READERS,
  MissionCohortDto,
  MissionExpertsDto,
  MissionListQueryDto,
  MissionParticipantsService,
  MissionsService,
  ParticipationService,
  RevokeParticipationDto,
  UpdateMissionDto,
} from '@probity/assistance';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import {
  MissionPageResponseDto,
  MissionResponseDto,
  ParticipantResponseDto,
  ParticipationCertificateResponseDto,
  ParticipationIssuedResponseDto,
  ParticipationVerificationResponseDto,
  RegisterResponseDto,
  mapMission,
  mapMissionPage,
  mapParticipant,
  mapParticipationCertificate,
  mapParticipationVerification,
  mapRegister,
} from './dto/assistance-missions.response';

const MANAGERS = ['facility_manager', 'platform_admin'] as const;
/** The lead expert keeps participants and the register with the managers (the service tells them apart). */
const KEEPERS = ['facility_manager', 'platform_admin', 'expert'] as const;
const UNKNOWN = 'Unknown, or a mission the caller is not on (experts) or not the host of (focal points)';
const MOVED_ON = 'The mission is not (or no longer) in a state this step starts from (mission_moved_on)';

/**
 * Missions of the Technical Assistance Facility (issue 14 point 4, ADR 0012): an approved request becomes a mission
 * with dates, a venue or online, an agenda and experts (one lead; conflicts and expired vetting flagged); it runs as a
 * cohort of the requesting academy or stands alone with participants, a register per day and certificates of
 * participation, signed by an academy's key and checked by anyone at `GET /api/v1/assistance/participation/:code`.
 * Facility managers see every mission; experts those they are on; focal points their institution's; others 404.
 */
@ApiTags('assistance')
@Controller('api/v1/assistance')
export class AssistanceMissionsController {
  constructor(
    private readonly missions: MissionsService,
    private readonly participants: MissionParticipantsService,
    private readonly participation: ParticipationService,
  ) {}

  @Post('requests/:id/mission')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Makes an approved request a mission',
    description:
      'Experts: exactly one lead. issuingAcademyId defaults to the requesting institution’s academy, when it is one; it is needed before certificates of participation are issued.',
  })
  @ApiCreatedResponse({ type: MissionResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown request, expert or academy' })
  @ApiConflictResponse({ description: 'request_not_approved, mission_exists, expert_archived' })
  @ApiBadRequestResponse({ description: 'Dates, venue, agenda days, experts (one lead, each once)' })
  async create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateMissionDto,
    @Req() request: RequestLike,
  ): Promise<MissionResponseDto> {
    return mapMission(await this.missions.create(user, id, dto), request.probity.locale);
  }

  @Get('missions')
  @Auth(...MISSION_READERS)
  @ApiOkResponse({
    type: MissionPageResponseDto,
    description: 'Facility managers: all; experts: the missions they are on; focal points: their institution’s',
  })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: MissionListQueryDto,
    @Req() request: RequestLike,
  ): Promise<MissionPageResponseDto> {
    return mapMissionPage(await this.missions.list(user, query), request.probity.locale);
  }

  @Get('missions/:id')
  @Auth(...MISSION_READERS)
  @ApiOkResponse({ type: MissionResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: RequestLike,
  ): Promise<MissionResponseDto> {
    return mapMission(await this.missions.get(user, id), request.probity.locale);
  }

  @Patch('missions/:id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Changes the plan: dates, venue or online, agenda, the issuing academy (while planned or running)' })
  @ApiOkResponse({ type: MissionResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: MOVED_ON })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateMissionDto,
    @Req() request: RequestLike,
  ): Promise<MissionResponseDto> {
    return mapMission(await this.missions.update(user, id, dto), request.probity.locale);
  }

  @Put('missions/:id/experts')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Replaces the experts (exactly one lead)' })
  @ApiOkResponse({ type: MissionResponseDto })
  @ApiNotFoundResponse({ description: `${UNKNOWN}; an unknown expert` })
  @ApiConflictResponse({ description: `${MOVED_ON}; expert_archived` })
  async setExperts(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: MissionExpertsDto,
    @Req() request: RequestLike,
  ): Promise<MissionResponseDto> {
    return mapMission(await this.missions.setExperts(user, id, dto.experts), request.probity.locale);
  }

  @Put('missions/:id/cohort')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Runs the mission as a cohort of the requesting institution’s academy (null: stands alone)',
    description: 'Then attendance, tests and certificates are the cohort’s.',
  })
  @ApiOkResponse({ type: MissionResponseDto })
  @ApiNotFoundResponse({ description: `${UNKNOWN}; a cohort that does not exist or belongs to another academy` })
  @ApiConflictResponse({ description: MOVED_ON })
  async setCohort(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: MissionCohortDto,
    @Req() request: RequestLike,
  ): Promise<MissionResponseDto> {
    return mapMission(await this.missions.setCohort(user, id, dto.cohortId ?? null), request.probity.locale);
  }

  @Post('missions/:id/start')
  @HttpCode(200)
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'planned → running' })
  @ApiOkResponse({ type: MissionResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: MOVED_ON })
  async start(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: RequestLike,
  ): Promise<MissionResponseDto> {
    return mapMission(await this.missions.start(user, id), request.probity.locale);
  }

  @Post('missions/:id/deliver')
  @HttpCode(200)
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'running → delivered; schedules the 3- and 6-month follow-ups from the last day' })
  @ApiOkResponse({ type: MissionResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: MOVED_ON })
  async deliver(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: RequestLike,
  ): Promise<MissionResponseDto> {
    return mapMission(await this.missions.deliver(user, id), request.probity.locale);
  }

  @Post('missions/:id/cancel')
  @HttpCode(200)
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'planned or running → cancelled' })
  @ApiOkResponse({ type: MissionResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: MOVED_ON })
  async cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: RequestLike,
  ): Promise<MissionResponseDto> {
    return mapMission(await this.missions.cancel(user, id), request.probity.locale);
  }

  // ---- participants and the register ---------------------------------------------------------------------

  @Get('missions/:id/participants')
  @Auth(...MISSION_READERS)
  @ApiOkResponse({ type: [ParticipantResponseDto] })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async participantList(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ParticipantResponseDto[]> {
    return (await this.participants.list(user, id)).map(mapParticipant);
  }

  @Post('missions/:id/participants')
  @Auth(...KEEPERS)
  @ApiOperation({
    summary: 'Adds a participant: {userId} (a learner of the institution’s academy) or a guest',
    description: 'A guest: fullName, sex, agencyType, function, country (identity’s lists); email and organisation optional.',
  })
  @ApiCreatedResponse({ type: ParticipantResponseDto })
  @ApiNotFoundResponse({ description: `${UNKNOWN}; a person who is not a learner of the institution’s academy` })
  @ApiConflictResponse({ description: 'participant_exists; a cancelled mission (mission_moved_on)' })
  async addParticipant(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddParticipantDto,
  ): Promise<ParticipantResponseDto> {
    return mapParticipant(await this.participants.add(user, id, dto));
  }

  @Delete('missions/:id/participants/:participantId')
  @HttpCode(204)
  @Auth(...KEEPERS)
  @ApiNoContentResponse({ description: 'Removed, with their marks' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: 'The participant holds a certificate of participation (participant_certified)' })
  async removeParticipant(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('participantId', ParseUUIDPipe) participantId: string,
  ): Promise<void> {
    await this.participants.remove(user, id, participantId);
  }

  @Get('missions/:id/attendance')
  @Auth(...MISSION_READERS)
  @ApiOkResponse({ type: RegisterResponseDto, description: 'Participants × days' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async register(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<RegisterResponseDto> {
    return mapRegister(await this.participants.register(user, id));
  }

  @Put('missions/:id/attendance')
  @Auth(...KEEPERS)
  @ApiOperation({ summary: 'Marks one day (within the mission’s dates); participants left out keep their marks' })
  @ApiOkResponse({ type: RegisterResponseDto })
  @ApiBadRequestResponse({ description: 'A day outside the mission, a participant of another mission' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async mark(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AttendanceDto,
  ): Promise<RegisterResponseDto> {
    return mapRegister(await this.participants.mark(user, id, dto));
  }

  // ---- certificates of participation ---------------------------------------------------------------------

  @Get('missions/:id/certificates')
  @Auth(...MISSION_READERS)
  @ApiOkResponse({ type: [ParticipationCertificateResponseDto] })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async certificates(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ParticipationCertificateResponseDto[]> {
    return (await this.participation.list(user, id)).map(mapParticipationCertificate);
  }

  @Post('missions/:id/certificates')
  @HttpCode(200)
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Issues a certificate of participation to each participant present at least one day who has none',
    description: 'Idempotent: a second call issues nothing twice. Signed with the issuing academy’s current Ed25519 key.',
  })
  @ApiOkResponse({ type: ParticipationIssuedResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: 'Not delivered (mission_moved_on); run as a cohort (mission_runs_as_cohort)' })
  @ApiUnprocessableEntityResponse({ description: 'No issuing academy (issuing_academy_required)' })
  async issue(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ParticipationIssuedResponseDto> {
    const issued = await this.participation.issue(user, id);
    return { issued: issued.length, certificates: issued.map(mapParticipationCertificate) };
  }

  @Post('missions/:id/certificates/:code/revoke')
  @HttpCode(200)
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Revokes a certificate of participation, with a reason the public check shows' })
  @ApiOkResponse({ type: ParticipationCertificateResponseDto })
  @ApiNotFoundResponse({ description: `${UNKNOWN}; no such certificate on this mission` })
  @ApiConflictResponse({ description: 'Revoked already (certificate_revoked)' })
  async revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('code') code: string,
    @Body() dto: RevokeParticipationDto,
  ): Promise<ParticipationCertificateResponseDto> {
    return mapParticipationCertificate(await this.participation.revoke(user, id, code.slice(0, 40), dto.reason));
  }

  @Get('participation/:code')
  @ApiOperation({
    summary: 'Public check of a certificate of participation, without an account',
    description: 'Counted in the public verification limit per address (60 a minute).',
  })
  @ApiOkResponse({ type: ParticipationVerificationResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown code' })
  @ApiTooManyRequestsResponse({ description: 'too_many_verifications' })
  async verify(@Param('code') code: string, @Req() request: RequestLike): Promise<ParticipationVerificationResponseDto> {
    return mapParticipationVerification(await this.participation.verify(code, request.ip));
  }
}
