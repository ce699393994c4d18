import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req } from '@nestjs/common';
import {
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
  ComputeIndicatorDto,
  CreateIndicatorDto,
  IndicatorListQueryDto,
  IndicatorsService,
  ManualValueDto,
  UpdateIndicatorDto,
} from '@probity/evaluation';
import type { Locale } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import {
  IndicatorComputedResponseDto,
  IndicatorDetailResponseDto,
  IndicatorPageResponseDto,
  mapComputed,
  mapIndicatorDetail,
  mapIndicatorPage,
} from './dto/indicators.response';

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;
const ADMINS = ['academy_admin', 'platform_admin'] as const;
const UNKNOWN = 'Unknown, or another academy’s';
const PLATFORM_WIDE = 'A platform-wide indicator, and the caller is not a platform administrator (indicator_platform_wide)';

/**
 * The indicator register (issue 13 point 4, ADR 0010): indicators over Probity's data with a baseline, a target and a
 * value per reporting period. Academy administrators keep their academy's and read the platform-wide ones; platform
 * administrators keep all. People and knowledge measures are the training report's numbers for the same filters and
 * period (GET /api/v1/reports/training).
 */
@ApiTags('indicators')
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @Auth(...ADMINS)
  @ApiOkResponse({
    type: IndicatorPageResponseDto,
    description: 'The platform-wide indicators, then the caller’s academy’s (platform administrators: all)',
  })
  @ApiForbiddenResponse({ description: 'Not an administrator' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: IndicatorListQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<IndicatorPageResponseDto> {
    const page = await this.indicators.list(user, { limit: query.limit, offset: query.offset, archived: query.archived === 'true' });
    return mapIndicatorPage(page, locale(request));
  }

  @Post()
  @Auth(...ADMINS)
  @ApiOperation({
    summary: 'A new indicator; its values are computed at once',
    description:
      'Measures: people_trained, people_completed, people_certified (the training report’s enrolled, completed, certified), ' +
      'knowledge_improved_percent (improvedPercent with the indicator’s margin), mean_normalised_gain, mean_satisfaction (mean of the ' +
      'reaction surveys’ Likert answers, cohorts over their anonymity threshold, dated by the cohort’s last day), ' +
      'applying_at_follow_up_percent (learners answering “sometimes” or more often at follow-up, each once, groups of fewer than 5 hidden), ' +
      'people_trained_or_assisted (people enrolled in training or reached by a delivered technical assistance mission, each once), ' +
      'cooperation_joint_investigations, cooperation_mla_requests, cooperation_extradition_requests, cooperation_joint_operations, ' +
      'cooperation_information_exchanges, cooperation_mous_signed (sums of the outcome counts cooperation initiatives’ institutions ' +
      'reported at 3 and 6 months, dated by the initiative’s last day), ' +
      'manual (values entered by hand).',
  })
  @ApiCreatedResponse({ type: IndicatorDetailResponseDto })
  @ApiConflictResponse({ description: 'The code is taken in the academy (indicator_code_taken)' })
  @ApiNotFoundResponse({ description: 'Another academy (academy administrators), or no such academy' })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateIndicatorDto,
    @Req() request: FastifyRequest,
  ): Promise<IndicatorDetailResponseDto> {
    return mapIndicatorDetail(await this.indicators.create(user, dto), locale(request));
  }

  @Get(':id')
  @Auth(...ADMINS)
  @ApiOkResponse({ type: IndicatorDetailResponseDto, description: 'The indicator with its periods and every stored value' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<IndicatorDetailResponseDto> {
    return mapIndicatorDetail(await this.indicators.get(user, id), locale(request));
  }

  @Patch(':id')
  @Auth(...ADMINS)
  @ApiOperation({ summary: 'Changes an indicator; a change of filters, breakdown or margin computes its values again (changes audited)' })
  @ApiOkResponse({ type: IndicatorDetailResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiForbiddenResponse({ description: PLATFORM_WIDE })
  @ApiConflictResponse({ description: 'Archived (indicator_archived), or the code is taken (indicator_code_taken)' })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateIndicatorDto,
    @Req() request: FastifyRequest,
  ): Promise<IndicatorDetailResponseDto> {
    return mapIndicatorDetail(await this.indicators.update(user, id, dto), locale(request));
  }

  @Delete(':id')
  @Auth(...ADMINS)
  @ApiOperation({ summary: 'Archives an indicator: it keeps its values, leaves the list and is no longer computed' })
  @ApiOkResponse({ type: IndicatorDetailResponseDto, description: 'The indicator, archived' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiForbiddenResponse({ description: PLATFORM_WIDE })
  async archive(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<IndicatorDetailResponseDto> {
    return mapIndicatorDetail(await this.indicators.archive(user, id), locale(request));
  }

  @Post(':id/compute')
  @Auth(...ADMINS)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Computes the values now (every period, or one), as the worker does every night',
    description:
      'Values entered by hand are kept. A final value (its period closed) that changes is written to the audit trail with its old value.',
  })
  @ApiOkResponse({ type: IndicatorComputedResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiForbiddenResponse({ description: PLATFORM_WIDE })
  @ApiConflictResponse({ description: 'Archived, or a measure entered by hand (indicator_entered_by_hand)' })
  async compute(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ComputeIndicatorDto,
    @Req() request: FastifyRequest,
  ): Promise<IndicatorComputedResponseDto> {
    return mapComputed(await this.indicators.compute(user, id, dto.period), locale(request));
  }

  @Put(':id/values/:period')
  @Auth(...ADMINS)
  @ApiOperation({
    summary: 'Enters a value by hand for a period that has begun (`2026-Q1`, `2026-H1`, `2026`), with a note on its source',
    description:
      'For what Probity cannot compute, or figures from before it. Replaces what was there, is never replaced by a computation, and is audited.',
  })
  @ApiOkResponse({ type: IndicatorDetailResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiForbiddenResponse({ description: PLATFORM_WIDE })
  async enter(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('period') period: string,
    @Body() dto: ManualValueDto,
    @Req() request: FastifyRequest,
  ): Promise<IndicatorDetailResponseDto> {
    return mapIndicatorDetail(await this.indicators.enter(user, id, period, dto), locale(request));
  }

  @Delete(':id/values/:period')
  @Auth(...ADMINS)
  @ApiOperation({ summary: 'Takes back a value entered by hand (audited); a computed measure computes that period again' })
  @ApiOkResponse({ type: IndicatorDetailResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown, another academy’s, or no value entered by hand for the period' })
  @ApiForbiddenResponse({ description: PLATFORM_WIDE })
  async clear(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('period') period: string,
    @Req() request: FastifyRequest,
  ): Promise<IndicatorDetailResponseDto> {
    return mapIndicatorDetail(await this.indicators.clear(user, id, period), locale(request));
  }
}
