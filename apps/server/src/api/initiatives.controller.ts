import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AddInstitutionDto,
  CreateInitiativeDto,
  InitiativeLinksDto,
  InitiativeListQueryDto,
  InitiativeMembersService,
  InitiativesService,
  UpdateInitiativeDto,
} from '@probity/cooperation';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import {
  InitiativeCandidateResponseDto,
  InitiativePageResponseDto,
  InitiativeResponseDto,
  mapCandidates,
  mapInitiative,
  mapInitiativePage,
} from './dto/initiatives.response';

const UNKNOWN = 'Unknown, or an initiative the caller neither runs, nor speaks for a member of, nor takes part in';
const MOVED_ON = 'The initiative is not (or no longer) in a state this step starts from (initiative_moved_on)';

/**
 * Cooperation initiatives (issue 15 point 1, ADR 0013): events that bring agencies of several countries together. A
 * facility manager creates one for the facility, an academy administrator for their academy; owners invite
 * institutions (an academy takes part once its administrator accepts), link cohorts and missions, and move it planned
 * → held (the 3- and 6-month follow-ups are scheduled) → closed, or cancel it. Who may see what is decided by
 * `InitiativeAccessService`; an initiative the caller has nothing to do with answers 404.
 */
@ApiTags('cooperation')
@Controller('api/v1/initiatives')
export class InitiativesController {
  constructor(
    private readonly initiatives: InitiativesService,
    private readonly members: InitiativeMembersService,
  ) {}

  @Post()
  @Auth()
  @ApiOperation({
    summary: 'Creates an initiative',
    description:
      'Facility managers and platform administrators: the facility’s (no lead academy). Academy administrators: their academy’s, whose institution takes part at once. Anyone else: 403.',
  })
  @ApiCreatedResponse({ type: InitiativeResponseDto })
  @ApiBadRequestResponse({ description: 'Title, dates (at most 60 days), venue unless online, agenda days within the dates' })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateInitiativeDto,
    @Req() request: RequestLike,
  ): Promise<InitiativeResponseDto> {
    return mapInitiative(await this.initiatives.create(user, dto), request.probity.locale);
  }

  @Get()
  @Auth()
  @ApiOkResponse({
    type: InitiativePageResponseDto,
    description:
      'Managers: all; academy administrators and focal points: their academy’s and those their institution is (or is invited to be) a member of; everyone: those they take part in',
  })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: InitiativeListQueryDto,
    @Req() request: RequestLike,
  ): Promise<InitiativePageResponseDto> {
    return mapInitiativePage(await this.initiatives.list(user, query), request.probity.locale);
  }

  @Get(':id')
  @Auth()
  @ApiOkResponse({ type: InitiativeResponseDto, description: 'An invited institution sees the invitation only' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: RequestLike,
  ): Promise<InitiativeResponseDto> {
    return mapInitiative(await this.initiatives.get(user, id), request.probity.locale);
  }

  @Patch(':id')
  @Auth()
  @ApiOperation({ summary: 'Changes the plan (owners, while planned)' })
  @ApiOkResponse({ type: InitiativeResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiForbiddenResponse({ description: 'Not an owner' })
  @ApiConflictResponse({ description: MOVED_ON })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateInitiativeDto,
    @Req() request: RequestLike,
  ): Promise<InitiativeResponseDto> {
    return mapInitiative(await this.initiatives.update(user, id, dto), request.probity.locale);
  }

  @Post(':id/hold')
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'planned → held; schedules the 3- and 6-month follow-ups from the last day' })
  @ApiOkResponse({ type: InitiativeResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: MOVED_ON })
  async hold(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: RequestLike,
  ): Promise<InitiativeResponseDto> {
    return mapInitiative(await this.initiatives.hold(user, id), request.probity.locale);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'held → closed' })
  @ApiOkResponse({ type: InitiativeResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: MOVED_ON })
  async close(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: RequestLike,
  ): Promise<InitiativeResponseDto> {
    return mapInitiative(await this.initiatives.close(user, id), request.probity.locale);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'planned → cancelled' })
  @ApiOkResponse({ type: InitiativeResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: MOVED_ON })
  async cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: RequestLike,
  ): Promise<InitiativeResponseDto> {
    return mapInitiative(await this.initiatives.cancel(user, id), request.probity.locale);
  }

  @Put(':id/links')
  @Auth()
  @ApiOperation({ summary: 'Replaces the cohorts (of member academies) and missions (the owner may see) it builds on' })
  @ApiOkResponse({ type: InitiativeResponseDto })
  @ApiNotFoundResponse({ description: `${UNKNOWN}; a cohort of another academy; a mission the caller may not see` })
  @ApiConflictResponse({ description: MOVED_ON })
  async setLinks(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: InitiativeLinksDto,
    @Req() request: RequestLike,
  ): Promise<InitiativeResponseDto> {
    return mapInitiative(await this.initiatives.setLinks(user, id, dto), request.probity.locale);
  }

  // ---- institutions, by consent ---------------------------------------------------------------------------

  @Get(':id/candidates')
  @Auth()
  @ApiOperation({
    summary: 'The institutions an owner may add: every academy, and for a facility manager the regional organisations and agencies',
  })
  @ApiOkResponse({ type: [InitiativeCandidateResponseDto] })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiForbiddenResponse({ description: 'Not an owner' })
  async candidates(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: RequestLike,
  ): Promise<InitiativeCandidateResponseDto[]> {
    return mapCandidates(await this.members.candidates(user, id), request.probity.locale);
  }

  @Post(':id/institutions')
  @Auth()
  @ApiOperation({
    summary: 'Adds an institution (owners)',
    description:
      'An academy is invited (its administrators are told) until it accepts; the lead academy’s own and, added by a facility manager, regional organisations and agencies take part at once. An academy administrator may add academies only.',
  })
  @ApiCreatedResponse({ type: InitiativeResponseDto })
  @ApiNotFoundResponse({ description: `${UNKNOWN}; an unknown institution` })
  @ApiForbiddenResponse({ description: 'Not an owner; an academy administrator adding another kind of institution' })
  @ApiConflictResponse({ description: `already_member; ${MOVED_ON}` })
  async addInstitution(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddInstitutionDto,
    @Req() request: RequestLike,
  ): Promise<InitiativeResponseDto> {
    await this.members.add(user, id, dto.institutionId);
    return mapInitiative(await this.initiatives.get(user, id), request.probity.locale);
  }

  @Post(':id/institutions/:institutionId/accept')
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'The invited institution (its academy’s administrator or its focal point) accepts, once' })
  @ApiOkResponse({ type: InitiativeResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: `invitation_decided; ${MOVED_ON}` })
  async accept(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('institutionId', ParseUUIDPipe) institutionId: string,
    @Req() request: RequestLike,
  ): Promise<InitiativeResponseDto> {
    await this.members.accept(user, id, institutionId);
    return mapInitiative(await this.initiatives.get(user, id), request.probity.locale);
  }

  @Post(':id/institutions/:institutionId/decline')
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'The invited institution declines, once' })
  @ApiOkResponse({ type: InitiativeResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: `invitation_decided; ${MOVED_ON}` })
  async decline(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('institutionId', ParseUUIDPipe) institutionId: string,
    @Req() request: RequestLike,
  ): Promise<InitiativeResponseDto> {
    await this.members.decline(user, id, institutionId);
    return mapInitiative(await this.initiatives.get(user, id), request.probity.locale);
  }

  @Delete(':id/institutions/:institutionId')
  @HttpCode(204)
  @Auth()
  @ApiOperation({ summary: 'Takes an institution off (owners), while nothing of it is recorded' })
  @ApiNoContentResponse({ description: 'Taken off' })
  @ApiNotFoundResponse({ description: `${UNKNOWN}; not a member` })
  @ApiConflictResponse({ description: `membership_in_use; ${MOVED_ON}` })
  async removeInstitution(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('institutionId', ParseUUIDPipe) institutionId: string,
  ): Promise<void> {
    await this.members.remove(user, id, institutionId);
  }
}
