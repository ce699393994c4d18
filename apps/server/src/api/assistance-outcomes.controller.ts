import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
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
  MissionEvaluationDto,
  MissionEvaluationsService,
  MissionReportDto,
  MissionReportsService,
  RecommendationListQueryDto,
  RecommendationStatusDto,
  RecommendationsService,
} from '@probity/assistance';
import type { Locale } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import {
  EvaluationAnsweredResponseDto,
  EvaluationFormResponseDto,
  EvaluationResultsResponseDto,
  MissionReportResponseDto,
  RecommendationDetailsResponseDto,
  RecommendationPageResponseDto,
  mapEvaluationForm,
  mapEvaluationResults,
  mapRecommendationDetails,
  mapRecommendationPage,
  mapReport,
} from './dto/assistance-outcomes.response';

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;
/** Who takes part in a mission's outcomes: the facility, the requesting and owning institutions, the experts. */
const PARTIES = ['facility_manager', 'platform_admin', 'partner_focal_point', 'academy_admin', 'expert'] as const;
const UNKNOWN_REPORT =
  'Unknown, or a mission the caller is not on, did not ask for and does not manage (or a draft the caller may not read)';

/**
 * Mission reports, their recommendations' follow-up and mission evaluations (issue 14 point 5, ADR 0012). The lead
 * expert writes and submits the report; the recommendations' owners mark their progress at the 3- and 6-month
 * follow-ups; participants, experts and the host answer an anonymous evaluation whose results show per kind of
 * respondent from three answers on.
 */
@ApiTags('assistance')
@Controller('api/v1/assistance')
export class AssistanceOutcomesController {
  constructor(
    private readonly reports: MissionReportsService,
    private readonly recommendations: RecommendationsService,
    private readonly evaluations: MissionEvaluationsService,
  ) {}

  // ---- reports -----------------------------------------------------------------------------------------

  @Get('missions/:id/report')
  @Auth(...PARTIES)
  @ApiOkResponse({
    type: MissionReportResponseDto,
    description: 'The lead expert and facility managers: the draft too; the mission’s other experts and the host: once submitted',
  })
  @ApiNotFoundResponse({ description: UNKNOWN_REPORT })
  async report(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<MissionReportResponseDto> {
    return mapReport(await this.reports.get(user, id), locale(request));
  }

  @Put('missions/:id/report')
  @Auth(...PARTIES)
  @ApiOperation({ summary: 'The lead expert’s draft, saved whole: its recommendations replace the earlier ones' })
  @ApiOkResponse({ type: MissionReportResponseDto })
  @ApiForbiddenResponse({ description: 'Not the mission’s lead expert' })
  @ApiConflictResponse({ description: 'Submitted already (report_submitted), or the mission was cancelled (report_mission_not_held)' })
  @ApiNotFoundResponse({ description: UNKNOWN_REPORT })
  async saveReport(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: MissionReportDto,
    @Req() request: FastifyRequest,
  ): Promise<MissionReportResponseDto> {
    return mapReport(await this.reports.save(user, id, dto), locale(request));
  }

  @Post('missions/:id/report/submit')
  @HttpCode(200)
  @Auth(...PARTIES)
  @ApiOperation({
    summary: 'Submits the report (read-only from then on) and asks participants, experts and the host to evaluate the mission',
  })
  @ApiOkResponse({ type: MissionReportResponseDto })
  @ApiBadRequestResponse({ description: 'Incomplete: activities, findings and at least one recommendation are needed (each listed)' })
  @ApiForbiddenResponse({ description: 'Not the mission’s lead expert' })
  @ApiConflictResponse({
    description: 'Submitted already (report_submitted), or the mission is neither running nor delivered (report_mission_not_held)',
  })
  @ApiNotFoundResponse({ description: UNKNOWN_REPORT })
  async submitReport(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<MissionReportResponseDto> {
    return mapReport(await this.reports.submit(user, id), locale(request));
  }

  // ---- recommendations ---------------------------------------------------------------------------------------

  @Get('recommendations')
  @Auth(...PARTIES)
  @ApiOkResponse({
    type: RecommendationPageResponseDto,
    description:
      'Of submitted reports: facility managers all; an institution’s people those it owns or asked for; experts those of their missions. Overdue first.',
  })
  async listRecommendations(
    @CurrentUser() user: AuthUser,
    @Query() query: RecommendationListQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<RecommendationPageResponseDto> {
    return mapRecommendationPage(await this.recommendations.list(user, query), locale(request));
  }

  @Get('recommendations/:id')
  @Auth(...PARTIES)
  @ApiOkResponse({ type: RecommendationDetailsResponseDto, description: 'With every mark of its progress' })
  @ApiNotFoundResponse({ description: 'Unknown, of a draft report, or one the caller may not see' })
  async recommendation(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<RecommendationDetailsResponseDto> {
    return mapRecommendationDetails(await this.recommendations.get(user, id), locale(request));
  }

  @Put('recommendations/:id/status')
  @Auth(...PARTIES)
  @ApiOperation({ summary: 'Marks its progress with a note (and the follow-up it answers); kept in its history and audited' })
  @ApiOkResponse({ type: RecommendationDetailsResponseDto })
  @ApiForbiddenResponse({ description: 'Neither a facility manager nor a person of the institution that answers for it' })
  @ApiNotFoundResponse({ description: 'Unknown, of a draft report, or one the caller may not see' })
  async markRecommendation(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecommendationStatusDto,
    @Req() request: FastifyRequest,
  ): Promise<RecommendationDetailsResponseDto> {
    return mapRecommendationDetails(await this.recommendations.mark(user, id, dto), locale(request));
  }

  // ---- evaluations -------------------------------------------------------------------------------------------

  @Get('missions/:id/evaluation')
  @Auth()
  @ApiOkResponse({ type: EvaluationFormResponseDto, description: 'The questions in the caller’s language, and their invitations' })
  @ApiNotFoundResponse({ description: 'Neither invited nor a reader of the mission' })
  async evaluationForm(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<EvaluationFormResponseDto> {
    return mapEvaluationForm(await this.evaluations.form(user, id), locale(request));
  }

  @Post('missions/:id/evaluation')
  @Auth()
  @ApiOperation({ summary: 'Answers once per invitation; stored apart from who answered (the invitation keeps only the day)' })
  @ApiCreatedResponse({ type: EvaluationAnsweredResponseDto })
  @ApiBadRequestResponse({ description: 'Answers that do not fit the questions, each tied to its question' })
  @ApiForbiddenResponse({ description: 'A reader of the mission who was not asked' })
  @ApiConflictResponse({ description: 'Answered already (survey_already_answered)' })
  @ApiNotFoundResponse({ description: 'Neither invited nor a reader of the mission' })
  async answerEvaluation(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: MissionEvaluationDto,
  ): Promise<EvaluationAnsweredResponseDto> {
    return this.evaluations.answer(user, id, dto);
  }

  @Get('missions/:id/evaluation/results')
  @Auth()
  @ApiOkResponse({
    type: EvaluationResultsResponseDto,
    description: 'Per kind of respondent: invited and answered; from three answers of a kind, means, distributions and open answers',
  })
  @ApiForbiddenResponse({ description: 'The mission’s experts and participants' })
  @ApiNotFoundResponse({ description: 'Anyone else but facility managers and the host' })
  async evaluationResults(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<EvaluationResultsResponseDto> {
    return mapEvaluationResults(await this.evaluations.results(user, id), locale(request));
  }
}
