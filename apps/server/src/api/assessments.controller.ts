import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBody, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import {
  AppealsService,
  AttemptsService,
  CreateAssessmentDto,
  CreateItemDto,
  AppealDto,
  AssessmentSettingsDto,
  DecideAppealDto,
  GradeDto,
  GradingService,
  ImportItemsDto,
  ItemsService,
  ResultsService,
  SaveResponseDto,
} from '@probity/assessments';
import { type Locale, isLocale, translate } from '@probity/i18n';
import type { RequestLike } from '@probity/identity';
import { toCsv } from '../http/csv';
import { validationPipe } from '../http/validation';
import {
  AttemptResponseDto,
  AttemptResultResponseDto,
  AttemptStartedResponseDto,
  SavedResponseDto,
  mapAttempt,
  mapAttemptResult,
  mapAttemptStarted,
  mapSaved,
} from './dto/attempts.response';
import {
  AppealResponseDto,
  AssessmentSettingsResponseDto,
  GradedResponseDto,
  GradingQueueResponseDto,
  MarkResponseDto,
  mapAppeal,
  mapAssessmentSettings,
  mapGraded,
  mapGradingQueue,
  mapMark,
} from './dto/grading.response';
import {
  AssessmentResponseDto,
  ItemImportResponseDto,
  ItemListResponseDto,
  ItemResponseDto,
  mapAssessment,
  mapItem,
  mapItemImport,
  mapItemList,
} from './dto/items.response';
import {
  AssessmentAnalysisResponseDto,
  GradebookCellResponseDto,
  GradebookResponseDto,
  ReleasedResponseDto,
  mapGradebook,
  mapItemAnalysis,
  mapReleased,
} from './dto/results.response';
import {
  Auth,
  AuthService,
  type AuthUser,
  CurrentToken,
  CurrentUser,
  type TokenClaims,
  TokenAuth,
  TokenSubject,
  adoptSubject,
} from '@probity/identity';

const AUTHORS = ['trainer', 'academy_admin', 'platform_admin'] as const;
/** The autosave route validates its body itself, after the token, so that a 400 is in the user's language. */
const BODY = validationPipe();
const PASS_THROUGH = { transform: (value: unknown): unknown => value };

@ApiTags('assessments')
@ApiExtraModels(GradebookResponseDto, GradebookCellResponseDto)
@Controller('api/v1')
export class AssessmentsController {
  constructor(
    private readonly items: ItemsService,
    private readonly attempts: AttemptsService,
    private readonly grading: GradingService,
    private readonly appealsService: AppealsService,
    private readonly results: ResultsService,
    private readonly auth: AuthService,
  ) {}

  @Post('courses/:id/items')
  @Auth(...AUTHORS)
  @ApiCreatedResponse({
    type: ItemResponseDto,
    description: '{id, status, revision, content}: approved at once unless the academy requires review',
  })
  async createItem(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateItemDto,
  ): Promise<ItemResponseDto> {
    return mapItem(await this.items.create(user, id, dto));
  }

  @Post('courses/:id/items/import')
  @Auth(...AUTHORS)
  @ApiCreatedResponse({
    type: ItemImportResponseDto,
    description: '{imported, errors:[{item, message}]}: good items are created, bad ones reported; broken XML is a 400',
  })
  async importItems(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ImportItemsDto,
    @Req() request: FastifyRequest,
  ): Promise<ItemImportResponseDto> {
    const lang = (request as unknown as RequestLike).probity.locale;
    const textLocale: Locale = isLocale(dto.locale) ? dto.locale : lang;
    const result = await this.items.import(user, id, dto.format, dto.content, textLocale);
    return mapItemImport({
      imported: result.imported,
      errors: result.errors.map((e) => ({ item: e.item, message: translate(lang, 'assessments:import_error', { reason: e.code }) })),
    });
  }

  @Get('courses/:id/items/export')
  @Auth(...AUTHORS)
  @ApiProduces('application/xml')
  @ApiOkResponse({
    description: 'The bank as Moodle XML (import(export(x)) == x for supported types), as a file',
    content: { 'application/xml': { schema: { type: 'string' } } },
  })
  async exportItems(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const lang = (request as unknown as RequestLike).probity.locale;
    void reply
      .header('content-type', 'application/xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="questions-${id}.xml"`);
    return this.items.exportMoodle(user, id, lang);
  }

  @Get('courses/:id/items')
  @Auth(...AUTHORS)
  @ApiOkResponse({ type: ItemListResponseDto, description: 'The course’s question bank: each item’s current revision' })
  async listItems(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ItemListResponseDto> {
    return mapItemList(await this.items.list(user, id));
  }

  @Put('items/:id')
  @Auth(...AUTHORS)
  @ApiOkResponse({ type: ItemResponseDto, description: 'A new revision of the item; published versions keep the revision they froze' })
  async reviseItem(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateItemDto,
  ): Promise<ItemResponseDto> {
    return mapItem(await this.items.revise(user, id, dto));
  }

  @Post('items/:id/approve')
  @HttpCode(200)
  @Auth('trainer', 'academy_admin')
  @ApiOkResponse({ type: ItemResponseDto, description: 'Approved by someone other than the author (200 again if already approved)' })
  async approve(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ItemResponseDto> {
    return mapItem(await this.items.approve(user, id));
  }

  @Post('courses/:id/assessments')
  @Auth(...AUTHORS)
  @ApiCreatedResponse({ type: AssessmentResponseDto, description: '{id, …}' })
  async createAssessment(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateAssessmentDto,
  ): Promise<AssessmentResponseDto> {
    return mapAssessment(await this.items.createAssessment(user, id, dto));
  }

  @Post('cohorts/:id/assessments/:assessmentId/attempts')
  @Auth()
  @ApiCreatedResponse({
    type: AttemptStartedResponseDto,
    description: '{id, items:[{id, type, stem, options?:[{id, text}]}], deadline?}: text in the cohort’s locale, never the answers',
  })
  async start(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
  ): Promise<AttemptStartedResponseDto> {
    return mapAttemptStarted(await this.attempts.start(user, id, assessmentId));
  }

  @Put('attempts/:id/responses/:itemId')
  @TokenAuth()
  @ApiBody({ type: SaveResponseDto })
  @ApiOkResponse({ type: SavedResponseDto, description: 'Autosave: the last write wins until submit; 409 after the deadline or submit' })
  async save(
    @TokenSubject() userId: string,
    @CurrentToken() token: TokenClaims,
    @Req() request: RequestLike,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body(PASS_THROUGH) body: unknown,
  ): Promise<SavedResponseDto> {
    try {
      const dto = (await BODY.transform(body, { type: 'body', metatype: SaveResponseDto })) as SaveResponseDto;
      return mapSaved(await this.attempts.save(userId, id, itemId, dto, token));
    } catch (error) {
      await adoptSubject(this.auth, request); // 401 for a user no longer active; otherwise the error in their language
      throw error;
    }
  }

  @Post('attempts/:id/submit')
  @HttpCode(200)
  @Auth()
  @ApiOkResponse({
    type: AttemptResultResponseDto,
    description: '{status:"graded"|"awaiting_grading", score?, maxScore, percent?, passed?}; a second submit returns the same result',
  })
  async submit(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<AttemptResultResponseDto> {
    return mapAttemptResult(await this.attempts.submit(user, id));
  }

  @Get('cohorts/:id/grading-queue')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({
    type: GradingQueueResponseDto,
    description: '{items:[{responseId, itemId, stem, answer, rubric, maxPoints, learner?, candidate}]}: no learner when graded blind',
  })
  async queue(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<GradingQueueResponseDto> {
    return mapGradingQueue(await this.grading.queue(user, id));
  }

  @Put('responses/:id/grade')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({ type: GradedResponseDto, description: '{points, stage, attempt:{status, percent, passed}}' })
  async grade(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: GradeDto): Promise<GradedResponseDto> {
    return mapGraded(await this.grading.grade(user, id, dto));
  }

  @Put('cohorts/:id/assessments/:assessmentId/settings')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({
    type: AssessmentSettingsResponseDto,
    description: 'The assessment’s window (opensAt, closesAt) and second marking in this cohort',
  })
  async configure(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
    @Body() dto: AssessmentSettingsDto,
  ): Promise<AssessmentSettingsResponseDto> {
    return mapAssessmentSettings(await this.grading.configure(user, id, assessmentId, dto));
  }

  @Get('responses/:id/marks')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({ type: [MarkResponseDto], description: 'Every mark the answer received (single, first, second, agreed, appeal)' })
  async marks(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<MarkResponseDto[]> {
    return (await this.grading.marks(user, id)).map(mapMark);
  }

  @Post('responses/:id/appeal')
  @Auth()
  @ApiCreatedResponse({ type: AppealResponseDto, description: 'The learner asks for a review of one released answer, with a reason' })
  async appeal(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AppealDto): Promise<AppealResponseDto> {
    return mapAppeal(await this.appealsService.appeal(user, id, dto.reason));
  }

  @Get('cohorts/:id/appeals')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({ type: [AppealResponseDto], description: 'The cohort’s appeals, oldest first' })
  async appeals(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<AppealResponseDto[]> {
    return (await this.appealsService.appeals(user, id)).map(mapAppeal);
  }

  @Post('appeals/:id/decide')
  @HttpCode(200)
  @Auth('trainer', 'academy_admin')
  @ApiOkResponse({ type: AppealResponseDto, description: 'Decided by a trainer who did not grade the answer; outcome and reason kept' })
  async decide(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DecideAppealDto,
  ): Promise<AppealResponseDto> {
    return mapAppeal(await this.appealsService.decide(user, id, dto));
  }

  @Post('cohorts/:id/assessments/:assessmentId/release')
  @HttpCode(200)
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({ type: ReleasedResponseDto, description: 'Learners now see their points, feedback and explanations' })
  async release(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
  ): Promise<ReleasedResponseDto> {
    return mapReleased(await this.results.release(user, id, assessmentId));
  }

  @Get('cohorts/:id/gradebook')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({
    description: 'Rows per learner, each assessment’s counted attempt, pass, completion, knowledge gain; Accept: text/csv for CSV',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(GradebookResponseDto) } },
      'text/csv': { schema: { type: 'string', description: 'One row per learner, with a header row' } },
    },
  })
  async gradebook(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GradebookResponseDto | string> {
    const book = await this.results.gradebook(user, id);
    if (!request.headers.accept?.includes('text/csv')) return mapGradebook(book);
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="gradebook-${id}.csv"`);
    const header = [
      'fullName',
      'email',
      'status',
      ...book.assessments.flatMap((a) => [`${a.title} (%)`, `${a.title} passed`]),
      'gain',
      'normalisedGain',
    ];
    const rows = book.rows.map((r) => [
      r.fullName,
      r.email,
      r.status,
      ...book.assessments.flatMap((a) => [r.assessments[a.id].percent, r.assessments[a.id].passed]),
      r.gain?.gain,
      r.gain?.normalisedGain,
    ]);
    return toCsv(header, rows);
  }

  @Get('cohorts/:id/assessments/:assessmentId/item-analysis')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({ type: AssessmentAnalysisResponseDto, description: 'Facility, discrimination, option frequencies and flags per item' })
  async itemAnalysis(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
  ): Promise<AssessmentAnalysisResponseDto> {
    return mapItemAnalysis(await this.results.itemAnalysis(user, id, assessmentId));
  }

  @Get('attempts/:id')
  @Auth()
  @ApiOkResponse({ type: AttemptResponseDto, description: 'The attempt with its result; per-item points and feedback once released' })
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<AttemptResponseDto> {
    const attempt = await this.attempts.get(user, id);
    const released = attempt.userId !== user.id || (await this.results.released(attempt.cohortId, attempt.assessmentId));
    const feedback = released && attempt.status !== 'in_progress' ? await this.results.feedback(attempt, user.locale) : undefined;
    return mapAttempt(attempt, released, feedback);
  }
}
