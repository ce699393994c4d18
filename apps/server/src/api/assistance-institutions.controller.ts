import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CreateInstitutionDto, FocalPointDto, InstitutionsService } from '@probity/assistance';
import type { Locale } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, ListQueryDto, type RequestLike } from '@probity/identity';
import { InstitutionPageResponseDto, InstitutionResponseDto, mapInstitution, mapInstitutionPage } from './dto/assistance-requests.response';

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;
const MANAGERS = ['facility_manager', 'platform_admin'] as const;

/**
 * The institutions that may ask the Technical Assistance Facility (ADR 0012), kept by facility managers: regional
 * organisations (member countries) and national agencies (a country), with the focal points who file for them. An
 * academy's institution is made when the academy first asks.
 */
@ApiTags('assistance')
@Controller('api/v1/assistance/institutions')
export class AssistanceInstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Post()
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Registers a regional organisation (with `countries`) or a national agency (with `country`)' })
  @ApiCreatedResponse({ type: InstitutionResponseDto })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateInstitutionDto,
    @Req() request: FastifyRequest,
  ): Promise<InstitutionResponseDto> {
    return mapInstitution(await this.institutions.create(user, dto), locale(request));
  }

  @Get()
  @Auth(...MANAGERS)
  @ApiOkResponse({ type: InstitutionPageResponseDto })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<InstitutionPageResponseDto> {
    return mapInstitutionPage(await this.institutions.list(user, query.limit, query.offset), locale(request));
  }

  @Post(':id/focal-points')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Ties a person with the role partner_focal_point to the institution (moving them from another one)' })
  @ApiCreatedResponse({ type: InstitutionResponseDto })
  @ApiNotFoundResponse({ description: 'No such institution or person' })
  @ApiUnprocessableEntityResponse({ description: 'The person lacks the role partner_focal_point (not_focal_point_role)' })
  async addFocalPoint(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: FocalPointDto,
    @Req() request: FastifyRequest,
  ): Promise<InstitutionResponseDto> {
    return mapInstitution(await this.institutions.addFocalPoint(user, id, dto.userId), locale(request));
  }

  @Delete(':id/focal-points/:userId')
  @Auth(...MANAGERS)
  @ApiOkResponse({ type: InstitutionResponseDto })
  @ApiNotFoundResponse({ description: 'No such institution, or the person is not its focal point' })
  async removeFocalPoint(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Req() request: FastifyRequest,
  ): Promise<InstitutionResponseDto> {
    return mapInstitution(await this.institutions.removeFocalPoint(user, id, userId), locale(request));
  }
}
