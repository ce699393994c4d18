import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type FacilityFormat, FacilityReportQueryDto, FacilityReportService } from '@probity/assistance';
import type { Locale } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import { sendReportFile } from './reports.controller';
import {
  FacilityReportResponseDto,
  FacilityWorklistsResponseDto,
  mapFacilityReport,
  mapWorklists,
} from './dto/assistance-reports.response';

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;
/** Facility managers and platform administrators see every institution; focal points and academy administrators their own. */
const READERS = ['facility_manager', 'platform_admin', 'partner_focal_point', 'academy_admin'] as const;
const MANAGERS = ['facility_manager', 'platform_admin'] as const;
const SCOPE =
  'Facility managers and platform administrators: every institution. A focal point (or an academy administrator): their own ' +
  'institution’s figures only (nothing yet when their academy never asked); anyone else 403. Periods are calendar days in UTC; ' +
  'requests are dated by submission, missions, people and recommendations by the mission’s last day.';
const FILE_QUERY =
  'The same filters as GET /api/v1/assistance/reports/facility; `lang` sets the file’s language. Each download is written to the ' +
  'audit trail (report.exported: who, format, filters); the file holds counts only, never a person.';

/**
 * The Technical Assistance Facility's figures (issue 14 point 6, ADR 0012): requests by state, country and topic with
 * the days to a decision; missions by state and format; people reached (each person with an account once) by sex,
 * agency type and country; recommendations by state and overdue. As JSON, CSV and XLSX, each download audited.
 */
@ApiTags('assistance')
@Controller('api/v1/assistance/reports')
export class AssistanceReportsController {
  constructor(private readonly reports: FacilityReportService) {}

  @Get('facility')
  @Auth(...READERS)
  @ApiOperation({ summary: 'The facility’s dashboard figures for a period, a country and a topic', description: SCOPE })
  @ApiOkResponse({ type: FacilityReportResponseDto })
  @ApiBadRequestResponse({ description: 'A malformed filter, or `to` before `from`' })
  @ApiForbiddenResponse({ description: 'Neither a facility manager nor a focal point of an institution' })
  async facility(
    @CurrentUser() user: AuthUser,
    @Query() query: FacilityReportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<FacilityReportResponseDto> {
    return mapFacilityReport(await this.reports.report(user, query), locale(request));
  }

  @Get('facility/worklists')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Recommendations overdue now and requests waiting for screening or a decision',
    description: 'The country and topic filters apply; the period does not (these are today’s lists). Facility managers only.',
  })
  @ApiOkResponse({ type: FacilityWorklistsResponseDto })
  @ApiForbiddenResponse({ description: 'Not a facility manager' })
  async worklists(
    @CurrentUser() user: AuthUser,
    @Query() query: FacilityReportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<FacilityWorklistsResponseDto> {
    return mapWorklists(await this.reports.worklists(user, query), locale(request));
  }

  @Get('facility.csv')
  @Auth(...READERS)
  @ApiOperation({
    summary: 'The facility’s figures as CSV: the key figures, then one row per number of every table',
    description: FILE_QUERY,
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    content: { 'text/csv': { schema: { type: 'string', description: 'Section, table, code, label, measure, value' } } },
  })
  async csv(
    @CurrentUser() user: AuthUser,
    @Query() query: FacilityReportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.send(user, query, 'csv', request, reply);
  }

  @Get('facility.xlsx')
  @Auth(...READERS)
  @ApiOperation({
    summary: 'The facility’s figures as a workbook: filters, key figures and definitions, then a sheet per section (numbers as numbers)',
    description: FILE_QUERY,
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
  })
  async xlsx(
    @CurrentUser() user: AuthUser,
    @Query() query: FacilityReportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.send(user, query, 'xlsx', request, reply);
  }

  private async send(user: AuthUser, query: FacilityReportQueryDto, format: FacilityFormat, request: FastifyRequest, reply: FastifyReply) {
    await sendReportFile(reply, await this.reports.export(user, query, format, locale(request)));
  }
}
