import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthUser, CurrentUser } from '@probity/identity';
import { RetentionService, SetRetentionDto } from '@probity/privacy';
import { RetentionResponseDto, mapRetention } from './dto/privacy-retention.response';

/**
 * Retention periods per academy (issue 16 point 4, ADR 0014): how long the academy keeps its attempts' answer texts
 * after a cohort ended and its people's accounts after they last signed in, and what the nightly runs did. The
 * academy's administrators and platform administrators read and set them.
 */
@ApiTags('privacy')
@Controller('api/v1/academies/:id/retention')
export class PrivacyRetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  @Auth('academy_admin', 'platform_admin')
  @ApiOperation({ summary: 'The academy’s retention periods (its own or the defaults) and its latest nightly runs' })
  @ApiOkResponse({ type: RetentionResponseDto })
  @ApiForbiddenResponse({ description: 'Not an administrator of the academy' })
  @ApiNotFoundResponse({ description: 'Not an academy the caller can see' })
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<RetentionResponseDto> {
    return mapRetention(await this.retention.get(user, id));
  }

  @Put()
  @Auth('academy_admin', 'platform_admin')
  @ApiOperation({ summary: 'Sets the academy’s retention periods (a period left out keeps its value); audited' })
  @ApiOkResponse({ type: RetentionResponseDto })
  @ApiBadRequestResponse({ description: 'A period out of its bounds (answer texts 1–10 years, accounts 1–20 years)' })
  @ApiForbiddenResponse({ description: 'Not an administrator of the academy' })
  @ApiNotFoundResponse({ description: 'Not an academy the caller can see' })
  async set(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SetRetentionDto,
  ): Promise<RetentionResponseDto> {
    return mapRetention(await this.retention.set(user, id, dto));
  }
}
