import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ReportFile, type ReportFormat, ReportsService, TrainingReportQueryDto } from '@probity/evaluation';
import type { Locale } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import { toCsv } from '../http/csv';
import { TrainingReportResponseDto, mapTrainingReport } from './dto/reports.response';

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;
const ADMINS = ['academy_admin', 'platform_admin'] as const;
const FILE_QUERY =
  'The same filters as GET /api/v1/reports/training (`by` is ignored: the file holds every breakdown); `lang` sets its language. ' +
  'Each download is written to the audit trail (who, format, filters); the file holds counts and means only.';

/** Sends an export as an attachment: the CSV through the server's one CSV writer, the others as they are. */
export async function sendReportFile(reply: FastifyReply, file: ReportFile<string>): Promise<void> {
  await reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .send(file.table ? toCsv(file.table.header, file.table.rows) : file.body);
}

/**
 * The training report (issue 13, ADR 0010): each person counted once per measure, under their own academy. Academy
 * administrators see their academy's people; platform administrators all, or one academy's.
 */
@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('training')
  @Auth(...ADMINS)
  @ApiOperation({
    summary: 'People enrolled, completed, certified and with a knowledge gain in a period, with one breakdown',
    description:
      'Each person counted once per measure (count distinct), under their own academy wherever they trained; each measure dates its own ' +
      'event (enrolled, completed, certified, post-test graded) on the calendar of the person’s academy. Knowledge gain: each person’s ' +
      'most recent counted pre-/post-test pair in the period (per course in the breakdown by course); improved: post − pre > margin.',
  })
  @ApiOkResponse({ type: TrainingReportResponseDto })
  @ApiNotFoundResponse({ description: 'No such academy, or another academy’s (academy administrators)' })
  @ApiForbiddenResponse({ description: 'Not an administrator' })
  async training(
    @CurrentUser() user: AuthUser,
    @Query() query: TrainingReportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<TrainingReportResponseDto> {
    return mapTrainingReport(await this.reports.training(user, query), query.by, locale(request));
  }

  @Get('training.csv')
  @Auth(...ADMINS)
  @ApiOperation({ summary: 'The training report as CSV: the totals and every breakdown, one row per value', description: FILE_QUERY })
  @ApiProduces('text/csv')
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string', description: 'A header row, the totals, then each breakdown' } } } })
  async csv(
    @CurrentUser() user: AuthUser,
    @Query() query: TrainingReportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.send(user, query, 'csv', request, reply);
  }

  @Get('training.xlsx')
  @Auth(...ADMINS)
  @ApiOperation({
    summary: 'The training report as a workbook: filters and definitions, totals, and a sheet per breakdown (numbers as numbers)',
    description: FILE_QUERY,
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
  })
  async xlsx(
    @CurrentUser() user: AuthUser,
    @Query() query: TrainingReportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.send(user, query, 'xlsx', request, reply);
  }

  @Get('training.pdf')
  @Auth(...ADMINS)
  @ApiOperation({
    summary: 'The training report as PDF: filters, totals, a chart and a table per breakdown, definitions; who made it and when',
    description: FILE_QUERY,
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  async pdf(
    @CurrentUser() user: AuthUser,
    @Query() query: TrainingReportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.send(user, query, 'pdf', request, reply);
  }

  private async send(user: AuthUser, query: TrainingReportQueryDto, format: ReportFormat, request: FastifyRequest, reply: FastifyReply) {
    await sendReportFile(reply, await this.reports.export(user, query, format, locale(request)));
  }
}
