import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AttachSurveyDto,
  SurveyAnswersService,
  SurveyListQueryDto,
  SurveyResponseDto,
  SurveyResultsService,
  SurveyTemplateDto,
  SurveysService,
} from '@probity/evaluation';
import { type Locale, NotFound } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import { surveyResultsCsv } from '../http/surveys.presenter';
import { SurveyComparisonResponseDto, SurveyResultsResponseDto, mapComparison, mapResults } from './dto/survey-results.response';
import {
  CohortSurveyResponseDto,
  MySurveysResponseDto,
  SurveyAnsweredResponseDto,
  SurveyFormResponseDto,
  SurveyTemplatePageResponseDto,
  SurveyTemplateResponseDto,
  mapAnswered,
  mapCohortSurvey,
  mapMySurveys,
  mapSurveyForm,
  mapTemplate,
  mapTemplatePage,
} from './dto/surveys.response';

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;
const STAFF = ['trainer', 'academy_admin', 'platform_admin'] as const;

/** Reaction survey templates: platform-wide and each academy's; frozen once a cohort uses them. */
@ApiTags('surveys')
@Controller('api/v1/surveys/templates')
export class SurveyTemplatesController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly results: SurveyResultsService,
  ) {}

  @Get()
  @Auth(...STAFF)
  @ApiOkResponse({ type: SurveyTemplatePageResponseDto, description: 'Platform-wide templates and the caller’s academy’s' })
  async list(@CurrentUser() user: AuthUser, @Query() query: SurveyListQueryDto): Promise<SurveyTemplatePageResponseDto> {
    return mapTemplatePage(await this.surveys.listTemplates(user, query.limit, query.offset));
  }

  @Post()
  @Auth(...STAFF)
  @ApiCreatedResponse({
    type: SurveyTemplateResponseDto,
    description: 'The new template, the caller’s academy’s (platform-wide for a platform administrator)',
  })
  async create(@CurrentUser() user: AuthUser, @Body() dto: SurveyTemplateDto): Promise<SurveyTemplateResponseDto> {
    return mapTemplate(await this.surveys.createTemplate(user, dto));
  }

  @Get(':id')
  @Auth(...STAFF)
  @ApiOkResponse({ type: SurveyTemplateResponseDto, description: 'The template with its items in every language' })
  @ApiNotFoundResponse({ description: 'Unknown, or another academy’s' })
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<SurveyTemplateResponseDto> {
    return mapTemplate(await this.surveys.template(user, id));
  }

  @Put(':id')
  @Auth(...STAFF)
  @ApiOkResponse({ type: SurveyTemplateResponseDto, description: 'The template, changed' })
  @ApiConflictResponse({ description: 'A cohort uses it (survey_template_in_use): copy it to change it' })
  @ApiForbiddenResponse({ description: 'A platform-wide template and the caller is not a platform administrator' })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SurveyTemplateDto,
  ): Promise<SurveyTemplateResponseDto> {
    return mapTemplate(await this.surveys.updateTemplate(user, id, dto));
  }

  @Post(':id/copy')
  @Auth(...STAFF)
  @ApiCreatedResponse({ type: SurveyTemplateResponseDto, description: 'A copy, owned by the caller’s academy, that can be changed' })
  async copy(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<SurveyTemplateResponseDto> {
    return mapTemplate(await this.surveys.copyTemplate(user, id));
  }

  @Get(':id/comparison')
  @Auth(...STAFF)
  @ApiOkResponse({
    type: SurveyComparisonResponseDto,
    description: 'Per cohort the caller runs that reached its threshold: responses, rate, mean per scale',
  })
  async comparison(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<SurveyComparisonResponseDto> {
    return mapComparison(await this.results.comparison(user, id), locale(request));
  }
}

/** A cohort's reaction survey: attaching it, answering it (anonymously, once), closing it, its results. */
@ApiTags('surveys')
@ApiExtraModels(SurveyResultsResponseDto)
@Controller('api/v1')
export class CohortSurveysController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly answers: SurveyAnswersService,
    private readonly results: SurveyResultsService,
  ) {}

  @Put('cohorts/:id/survey')
  @Auth(...STAFF)
  @ApiOkResponse({ type: CohortSurveyResponseDto, description: 'The cohort’s survey (one per cohort), attached or changed' })
  @ApiConflictResponse({ description: 'Closed, or another template after someone answered' })
  async attach(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AttachSurveyDto,
  ): Promise<CohortSurveyResponseDto> {
    return mapCohortSurvey(await this.surveys.attach(user, id, dto));
  }

  @Get('cohorts/:id/survey')
  @Auth(...STAFF)
  @ApiOkResponse({ type: CohortSurveyResponseDto, description: 'The cohort’s survey' })
  @ApiNotFoundResponse({ description: 'No survey attached, or a cohort the caller does not run' })
  async ofCohort(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CohortSurveyResponseDto> {
    const { survey } = await this.surveys.ofCohort(user, id);
    if (!survey) throw new NotFound('cohort_survey');
    return mapCohortSurvey(survey);
  }

  @Get('me/surveys')
  @Auth()
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: MySurveysResponseDto, description: 'The open surveys of the cohorts the caller completed' })
  async mine(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<MySurveysResponseDto> {
    return mapMySurveys(await this.answers.mine(user), locale(request));
  }

  @Get('cohort-surveys/:id')
  @Auth()
  @ApiOkResponse({ type: SurveyFormResponseDto, description: 'The questions, in the caller’s language, and where the caller stands' })
  @ApiNotFoundResponse({ description: 'Neither enrolled in the cohort nor its staff' })
  async form(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<SurveyFormResponseDto> {
    return mapSurveyForm(await this.answers.form(user, id), locale(request));
  }

  @Post('cohort-surveys/:id/responses')
  @Auth()
  @ApiCreatedResponse({ type: SurveyAnsweredResponseDto, description: 'Stored without the person; only that they answered, and the day' })
  @ApiForbiddenResponse({ description: 'The caller has not completed the course (survey_not_completed)' })
  @ApiConflictResponse({ description: 'Answered already (survey_already_answered) or closed (survey_closed)' })
  async respond(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SurveyResponseDto,
  ): Promise<SurveyAnsweredResponseDto> {
    return mapAnswered(await this.answers.respond(user, id, dto));
  }

  @Post('cohort-surveys/:id/close')
  @HttpCode(200)
  @Auth(...STAFF)
  @ApiOkResponse({ type: CohortSurveyResponseDto, description: 'Closed: no more answers; results stay' })
  @ApiConflictResponse({ description: 'Closed already' })
  async close(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CohortSurveyResponseDto> {
    return mapCohortSurvey(await this.surveys.close(user, id));
  }

  @Get('cohort-surveys/:id/results')
  @Auth(...STAFF)
  @ApiOkResponse({
    description:
      'Mean, distribution and response rate per item and scale, open answers in a random order; until minResponses answered only the count and rate. Accept: text/csv for a spreadsheet (the export is audited)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(SurveyResultsResponseDto) } },
      'text/csv': { schema: { type: 'string', description: 'The count and rate, then a row per scale and per question' } },
    },
  })
  async resultsOf(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SurveyResultsResponseDto | string> {
    if (request.headers.accept?.includes('text/csv')) {
      const results = await this.results.export(user, id, 'csv');
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="survey-${id}.csv"`);
      return surveyResultsCsv(results, locale(request));
    }
    return mapResults(await this.results.results(user, id), locale(request));
  }
}
