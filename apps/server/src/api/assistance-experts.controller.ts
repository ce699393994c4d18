import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateExpertAccountDto,
  CreateExpertDto,
  ExpertSearchQueryDto,
  ExpertSelfDto,
  ExpertsService,
  MatchQueryDto,
  UpdateExpertDto,
} from '@probity/assistance';
import { Auth, type AuthUser, CurrentUser } from '@probity/identity';
import {
  ExpertAccountResponseDto,
  ExpertDetailResponseDto,
  ExpertPageResponseDto,
  MatchesResponseDto,
  mapExpertAccount,
  mapExpertDetail,
  mapExpertPage,
  mapMatches,
} from './dto/assistance-experts.response';

const MANAGERS = ['facility_manager', 'platform_admin'] as const;
const NOT_MANAGER = 'Not a facility manager (or platform administrator)';
const ARCHIVED = 'The expert is archived (expert_archived)';

/**
 * The Technical Assistance Facility's expert roster (issue 14 point 3, ADR 0012). Facility managers (and platform
 * administrators) keep it; an expert reads their own profile and keeps its languages and availability (`/me`), and
 * sees no other expert. Every change is audited.
 */
@ApiTags('assistance')
@Controller('api/v1/assistance/experts')
export class AssistanceExpertsController {
  constructor(private readonly experts: ExpertsService) {}

  @Get()
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'The roster, filtered and paged, by name',
    description:
      'topic: of the expert’s topics; language (+ minLevel): works in it at that level or better; country; available_from / ' +
      'available_to: available every day of the period (both included); q: part of name, e-mail or organisation; archived=true: ' +
      'the archived experts instead.',
  })
  @ApiOkResponse({ type: ExpertPageResponseDto })
  @ApiForbiddenResponse({ description: NOT_MANAGER })
  async search(@CurrentUser() user: AuthUser, @Query() query: ExpertSearchQueryDto): Promise<ExpertPageResponseDto> {
    return mapExpertPage(await this.experts.search(user, query));
  }

  @Post()
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Adds an expert to the roster (audited)' })
  @ApiCreatedResponse({ type: ExpertDetailResponseDto })
  @ApiForbiddenResponse({ description: NOT_MANAGER })
  @ApiConflictResponse({ description: 'The e-mail is on the roster already (expert_email_taken)' })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateExpertDto): Promise<ExpertDetailResponseDto> {
    return mapExpertDetail(await this.experts.create(user, dto));
  }

  @Get('me')
  @Auth('expert')
  @ApiOperation({ summary: 'The signed-in expert’s own profile' })
  @ApiOkResponse({ type: ExpertDetailResponseDto })
  @ApiNotFoundResponse({ description: 'No profile is linked to the account' })
  async mine(@CurrentUser() user: AuthUser): Promise<ExpertDetailResponseDto> {
    return mapExpertDetail(await this.experts.mine(user));
  }

  @Put('me')
  @Auth('expert')
  @ApiOperation({
    summary: 'The signed-in expert changes their languages and availability (each list given replaces the old one; audited)',
    description: 'Nothing else of the profile: other fields are refused (400).',
  })
  @ApiOkResponse({ type: ExpertDetailResponseDto })
  @ApiNotFoundResponse({ description: 'No profile is linked to the account' })
  @ApiConflictResponse({ description: ARCHIVED })
  async updateMine(@CurrentUser() user: AuthUser, @Body() dto: ExpertSelfDto): Promise<ExpertDetailResponseDto> {
    return mapExpertDetail(await this.experts.updateMine(user, dto));
  }

  @Get(':id')
  @Auth(...MANAGERS, 'expert')
  @ApiOkResponse({ type: ExpertDetailResponseDto, description: 'The profile with languages, availability and missions' })
  @ApiNotFoundResponse({ description: 'Unknown (to an expert: any expert but themselves)' })
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ExpertDetailResponseDto> {
    return mapExpertDetail(await this.experts.get(user, id));
  }

  @Patch(':id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Changes a profile: fields left out stay, null clears; languages and availability given replace (audited)' })
  @ApiOkResponse({ type: ExpertDetailResponseDto })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: NOT_MANAGER })
  @ApiConflictResponse({ description: `${ARCHIVED}, or the e-mail is another expert’s (expert_email_taken)` })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateExpertDto,
  ): Promise<ExpertDetailResponseDto> {
    return mapExpertDetail(await this.experts.update(user, id, dto));
  }

  @Delete(':id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Archives an expert: kept with their missions, never matched again, no longer changed (audited)' })
  @ApiOkResponse({ type: ExpertDetailResponseDto, description: 'The expert, archived' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: NOT_MANAGER })
  async archive(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ExpertDetailResponseDto> {
    return mapExpertDetail(await this.experts.archive(user, id));
  }

  @Post(':id/account')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Gives the expert an account (role expert, no academy) with their e-mail and name, linked to the profile (audited)',
  })
  @ApiCreatedResponse({ type: ExpertAccountResponseDto })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: NOT_MANAGER })
  @ApiConflictResponse({
    description: `${ARCHIVED}, the expert has an account (expert_has_account), or a person has the e-mail already (email_taken)`,
  })
  async createAccount(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateExpertAccountDto,
  ): Promise<ExpertAccountResponseDto> {
    return mapExpertAccount(await this.experts.createAccount(user, id, dto));
  }
}

/** Experts ranked for a request: a route of the requests' resource, answered by the roster. */
@ApiTags('assistance')
@Controller('api/v1/assistance/requests')
export class AssistanceMatchesController {
  constructor(private readonly experts: ExpertsService) {}

  @Get(':id/matches')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Active experts ranked for the request, best first (20 by default)',
    description:
      'score = topic (weights.topic when the expert has the request’s topic) + languages (for each of the request’s languages ' +
      'the expert’s level: A1..C2 1..6, native 7) + availability (weights.availability × days of [preferredFrom, preferredTo] ' +
      'the expert’s windows cover / days asked). Experts with none of the request’s languages come last. Flags (conflict, ' +
      'vettingExpired, publicOfficial) never hide an expert. Archived experts are never listed.',
  })
  @ApiOkResponse({ type: MatchesResponseDto })
  @ApiNotFoundResponse({ description: 'No such request' })
  @ApiForbiddenResponse({ description: NOT_MANAGER })
  async matches(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: MatchQueryDto,
  ): Promise<MatchesResponseDto> {
    return mapMatches(await this.experts.matches(user, id, query.limit));
  }
}
