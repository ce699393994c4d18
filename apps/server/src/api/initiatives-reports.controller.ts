import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CooperationFormat, CooperationReportQueryDto, CooperationReportingService } from '@probity/cooperation';
import type { Locale } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import { sendReportFile } from './reports.controller';
import { CooperationReportResponseDto, mapCooperationReport } from './dto/cooperation-reports.response';

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;
/** Facility managers and platform administrators see every initiative; academy administrators their academy's. */
const READERS = ['facility_manager', 'platform_admin', 'academy_admin'] as const;
const SCOPE =
  'Facility managers and platform administrators: every initiative. An academy administrator: the initiatives their academy leads or ' +
  'accepted to take part in (all their institutions’ counts; nothing when none); anyone else 403. Initiatives are dated by their last ' +
  'day (calendar days); cancelled ones are never counted. Counts only, never a person.';
const FILE_QUERY =
  'The same filters as GET /api/v1/initiatives/reports/summary; `lang` sets the file’s language. Each download is written to the audit ' +
  'trail (report.exported, report cooperation: who, format, filters); the file holds counts only, never a person.';

/**
 * The cooperation initiatives' figures (issue 15 point 5, ADR 0013): initiatives by topic and country pair, the
 * countries × countries matrix of cooperation links, participants by sex, agency type and country, action items done,
 * overdue and open, outcome counts by wave and month. As JSON, CSV and XLSX, each download audited. Registered before
 * any controller with `/api/v1/initiatives/:id`, and its paths are static, so `reports` is never read as an id.
 */
@ApiTags('initiatives')
@Controller('api/v1/initiatives/reports')
export class InitiativesReportsController {
  constructor(private readonly reports: CooperationReportingService) {}

  @Get('summary')
  @Auth(...READERS)
  @ApiOperation({ summary: 'The cooperation initiatives’ figures for a period, a country and a topic', description: SCOPE })
  @ApiOkResponse({ type: CooperationReportResponseDto })
  @ApiBadRequestResponse({ description: 'A malformed filter, or `to` before `from`' })
  @ApiForbiddenResponse({ description: 'Neither a facility manager, a platform administrator nor an academy administrator' })
  async summary(
    @CurrentUser() user: AuthUser,
    @Query() query: CooperationReportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<CooperationReportResponseDto> {
    return mapCooperationReport(await this.reports.report(user, query), locale(request));
  }

  @Get('summary.csv')
  @Auth(...READERS)
  @ApiOperation({
    summary: 'The cooperation figures as CSV: the key figures, then one row per number of every table',
    description: FILE_QUERY,
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    content: { 'text/csv': { schema: { type: 'string', description: 'Section, table, code, label, measure, value' } } },
  })
  async csv(
    @CurrentUser() user: AuthUser,
    @Query() query: CooperationReportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.send(user, query, 'csv', request, reply);
  }

  @Get('summary.xlsx')
  @Auth(...READERS)
  @ApiOperation({
    summary: 'The cooperation figures as a workbook: filters, key figures and definitions, then a sheet per section (numbers as numbers)',
    description: FILE_QUERY,
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
  })
  async xlsx(
    @CurrentUser() user: AuthUser,
    @Query() query: CooperationReportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.send(user, query, 'xlsx', request, reply);
  }

  private async send(
    user: AuthUser,
    query: CooperationReportQueryDto,
    format: CooperationFormat,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    await sendReportFile(reply, await this.reports.export(user, query, format, locale(request)));
  }
}
