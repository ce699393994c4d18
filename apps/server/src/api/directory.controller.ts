import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
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
import { DirectoryEntryDto, DirectoryOptInDto, DirectoryQueryDto, DirectoryService } from '@probity/cooperation';
import { Auth, type AuthUser, CurrentUser } from '@probity/identity';
import { DirectoryMeResponseDto, DirectoryPageResponseDto, mapDirectoryMe, mapDirectoryPage } from './dto/cooperation-outcomes.response';

/**
 * The opt-in directory of counterparts (issue 15 point 3, ADR 0013): people who took part in an initiative show a
 * name, agency, country, languages, topics and a work contact to facility managers and to other opted-in people of
 * initiatives they share; never publicly. Opting out removes the entry at once; every opt-in and opt-out is recorded.
 */
@ApiTags('cooperation')
@Controller('api/v1/directory')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @Auth()
  @ApiOkResponse({
    type: DirectoryPageResponseDto,
    description:
      'Facility managers: every entry; others: only if they opted in themselves, the entries of people who took part in an initiative with them',
  })
  @ApiForbiddenResponse({ description: 'Neither a facility manager nor someone who took part in an initiative' })
  async list(@CurrentUser() user: AuthUser, @Query() query: DirectoryQueryDto): Promise<DirectoryPageResponseDto> {
    return mapDirectoryPage(await this.directory.list(user, query));
  }

  @Get('me')
  @Auth()
  @ApiOkResponse({ type: DirectoryMeResponseDto, description: 'The caller’s entry (or none) and record of consent' })
  async me(@CurrentUser() user: AuthUser): Promise<DirectoryMeResponseDto> {
    return mapDirectoryMe(await this.directory.me(user));
  }

  @Post('me')
  @Auth()
  @ApiOperation({ summary: 'Opts in with an explicit consent (consent: true); recorded and audited without contact data' })
  @ApiCreatedResponse({ type: DirectoryMeResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or consent not given (directory_consent_required)' })
  @ApiForbiddenResponse({ description: 'Did not take part in any initiative (directory_not_participant)' })
  @ApiConflictResponse({ description: 'Opted in already (directory_opted_in)' })
  async optIn(@CurrentUser() user: AuthUser, @Body() dto: DirectoryOptInDto): Promise<DirectoryMeResponseDto> {
    return mapDirectoryMe(await this.directory.optIn(user, dto));
  }

  @Put('me')
  @Auth()
  @ApiOperation({ summary: 'Changes what the caller’s entry shows' })
  @ApiOkResponse({ type: DirectoryMeResponseDto })
  @ApiNotFoundResponse({ description: 'Not opted in' })
  async update(@CurrentUser() user: AuthUser, @Body() dto: DirectoryEntryDto): Promise<DirectoryMeResponseDto> {
    return mapDirectoryMe(await this.directory.update(user, dto));
  }

  @Delete('me')
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'Opts out: the entry is deleted at once; the record of consent keeps the opt-out' })
  @ApiOkResponse({ type: DirectoryMeResponseDto })
  @ApiNotFoundResponse({ description: 'Not opted in' })
  async optOut(@CurrentUser() user: AuthUser): Promise<DirectoryMeResponseDto> {
    return mapDirectoryMe(await this.directory.optOut(user));
  }
}
