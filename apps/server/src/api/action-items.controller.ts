import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  ActionItemListQueryDto,
  ActionItemStatusDto,
  ActionItemsService,
  CooperationOutcomesService,
  CreateActionItemDto,
  OutcomeReportDto,
  UpdateActionItemDto,
} from '@probity/cooperation';
import type { Locale } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import {
  ActionItemDetailsResponseDto,
  ActionItemPageResponseDto,
  InitiativeActionItemsResponseDto,
  OutcomeReportResponseDto,
  OutcomesResponseDto,
  mapActionItemDetails,
  mapActionItemPage,
  mapInitiativeActionItems,
  mapOutcomeReport,
  mapOutcomes,
} from './dto/cooperation-outcomes.response';

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;
const UNKNOWN = 'Unknown, or an initiative the caller neither owns, takes part in through their institution, nor took part in';

/**
 * What came of cooperation initiatives (issue 15 points 2 and 4, ADR 0013): agreed action items with an owner
 * institution, a due date and a status history; outcome counts reported by each member institution at 3 and 6 months.
 */
@ApiTags('cooperation')
@Controller('api/v1')
export class ActionItemsController {
  constructor(
    private readonly actionItems: ActionItemsService,
    private readonly outcomes: CooperationOutcomesService,
  ) {}

  @Get('initiatives/:id/action-items')
  @Auth()
  @ApiOkResponse({
    type: InitiativeActionItemsResponseDto,
    description: 'The initiative’s action items, for its owners, members and participants',
  })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async ofInitiative(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<InitiativeActionItemsResponseDto> {
    return mapInitiativeActionItems(await this.actionItems.ofInitiative(user, id), locale(request));
  }

  @Post('initiatives/:id/action-items')
  @Auth()
  @ApiOperation({ summary: 'Adds an action item (owners of the initiative); its owner institution must be an accepted member' })
  @ApiCreatedResponse({ type: ActionItemDetailsResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or an owner institution that is not an accepted member' })
  @ApiForbiddenResponse({ description: 'A member or participant who does not own the initiative' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateActionItemDto,
    @Req() request: FastifyRequest,
  ): Promise<ActionItemDetailsResponseDto> {
    return mapActionItemDetails(await this.actionItems.create(user, id, dto), locale(request));
  }

  @Get('action-items')
  @Auth()
  @ApiOkResponse({
    type: ActionItemPageResponseDto,
    description:
      'Facility managers: all; others: those their institution owns and those of initiatives their academy leads. Overdue first.',
  })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ActionItemListQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<ActionItemPageResponseDto> {
    return mapActionItemPage(await this.actionItems.list(user, query), locale(request));
  }

  @Get('action-items/:id')
  @Auth()
  @ApiOkResponse({ type: ActionItemDetailsResponseDto, description: 'With every change of its status' })
  @ApiNotFoundResponse({ description: 'Unknown, or of an initiative the caller may not see' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<ActionItemDetailsResponseDto> {
    return mapActionItemDetails(await this.actionItems.get(user, id), locale(request));
  }

  @Patch('action-items/:id')
  @Auth()
  @ApiOperation({ summary: 'Changes its text, owner institution or due date (owners of the initiative); audited' })
  @ApiOkResponse({ type: ActionItemDetailsResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or an owner institution that is not an accepted member' })
  @ApiForbiddenResponse({ description: 'Not an owner of the initiative' })
  @ApiNotFoundResponse({ description: 'Unknown, or of an initiative the caller may not see' })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateActionItemDto,
    @Req() request: FastifyRequest,
  ): Promise<ActionItemDetailsResponseDto> {
    return mapActionItemDetails(await this.actionItems.update(user, id, dto), locale(request));
  }

  @Put('action-items/:id/status')
  @Auth()
  @ApiOperation({ summary: 'Sets its status with a note, kept in its history; by the owners or the owner institution’s people; audited' })
  @ApiOkResponse({ type: ActionItemDetailsResponseDto })
  @ApiForbiddenResponse({ description: 'Neither an owner of the initiative nor a person of the owner institution' })
  @ApiNotFoundResponse({ description: 'Unknown, or of an initiative the caller may not see' })
  async mark(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ActionItemStatusDto,
    @Req() request: FastifyRequest,
  ): Promise<ActionItemDetailsResponseDto> {
    return mapActionItemDetails(await this.actionItems.mark(user, id, dto), locale(request));
  }

  @Get('initiatives/:id/outcomes')
  @Auth()
  @ApiOkResponse({ type: OutcomesResponseDto, description: 'Owners: every member institution’s reports; a member institution: its own' })
  @ApiForbiddenResponse({ description: 'A participant who speaks for no member institution' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async outcomesOf(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<OutcomesResponseDto> {
    return mapOutcomes(await this.outcomes.view(user, id), locale(request));
  }

  @Post('initiatives/:id/outcomes')
  @Auth()
  @ApiOperation({
    summary:
      'A member institution’s outcome counts at a due follow-up (3 or 6 months), once per wave; aggregate counts and a short note only',
  })
  @ApiCreatedResponse({ type: OutcomeReportResponseDto })
  @ApiBadRequestResponse({ description: 'Counts not whole numbers from 0 to 10,000, a note over 2,000 characters' })
  @ApiForbiddenResponse({ description: 'The caller does not speak for that institution, or it is not an accepted member' })
  @ApiConflictResponse({ description: 'The wave is not due yet (outcome_not_due), or was reported already (outcome_reported)' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async report(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: OutcomeReportDto,
    @Req() request: FastifyRequest,
  ): Promise<OutcomeReportResponseDto> {
    return mapOutcomeReport(await this.outcomes.report(user, id, dto), null, locale(request));
  }
}
