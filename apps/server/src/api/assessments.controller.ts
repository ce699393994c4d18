import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiCreatedResponse({ description: '{id, status, revision, content}: approved at once unless the academy requires review' })
  createItem(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateItemDto): Promise<unknown> {
    return this.items.create(user, id, dto);
  }

  @Post('courses/:id/items/import')
  @Auth(...AUTHORS)
  @ApiCreatedResponse({
    description: '{imported, errors:[{item, message}]}: good items are created, bad ones reported; broken XML is a 400',
  })
  async importItems(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ImportItemsDto,
    @Req() request: FastifyRequest,
  ): Promise<unknown> {
    const lang = (request as unknown as RequestLike).probity.locale;
    const textLocale: Locale = isLocale(dto.locale) ? dto.locale : lang;
    const result = await this.items.import(user, id, dto.format, dto.content, textLocale);
    return {
      imported: result.imported,
      errors: result.errors.map((e) => ({ item: e.item, message: translate(lang, 'assessments:import_error', { reason: e.code }) })),
    };
  }

  @Get('courses/:id/items/export')
  @Auth(...AUTHORS)
  @ApiOkResponse({ description: 'The bank as Moodle XML (import(export(x)) == x for supported types)' })
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
  listItems(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.items.list(user, id);
  }

  @Put('items/:id')
  @Auth(...AUTHORS)
  @ApiOkResponse({ description: 'A new revision of the item; published versions keep the revision they froze' })
  reviseItem(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateItemDto): Promise<unknown> {
    return this.items.revise(user, id, dto);
  }

  @Post('items/:id/approve')
  @HttpCode(200)
  @Auth('trainer', 'academy_admin')
  @ApiOkResponse({ description: 'Approved by someone other than the author (200 again if already approved)' })
  approve(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.items.approve(user, id);
  }

  @Post('courses/:id/assessments')
  @Auth(...AUTHORS)
  @ApiCreatedResponse({ description: '{id}' })
  createAssessment(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateAssessmentDto,
  ): Promise<unknown> {
    return this.items.createAssessment(user, id, dto);
  }

  @Post('cohorts/:id/assessments/:assessmentId/attempts')
  @Auth()
  @ApiCreatedResponse({
    description: '{id, items:[{id, type, stem, options?:[{id, text}]}], deadline?}: text in the cohort’s locale, never the answers',
  })
  async start(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
  ): Promise<unknown> {
    const attempt = await this.attempts.start(user, id, assessmentId);
    return {
      id: attempt.id,
      number: attempt.number,
      deadline: attempt.deadline,
      items: attempt.items.map((i) => ({
        id: i.itemId,
        type: i.type,
        stem: i.stem,
        maxPoints: i.maxPoints,
        ...(i.options ? { options: i.options } : {}),
      })),
    };
  }

  @Put('attempts/:id/responses/:itemId')
  @TokenAuth()
  @ApiBody({ type: SaveResponseDto })
  @ApiOkResponse({ description: 'Autosave: the last write wins until submit; 409 after the deadline or submit' })
  async save(
    @TokenSubject() userId: string,
    @CurrentToken() token: TokenClaims,
    @Req() request: RequestLike,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body(PASS_THROUGH) body: unknown,
  ): Promise<unknown> {
    try {
      const dto = (await BODY.transform(body, { type: 'body', metatype: SaveResponseDto })) as SaveResponseDto;
      return await this.attempts.save(userId, id, itemId, dto, token);
    } catch (error) {
      await adoptSubject(this.auth, request); // 401 for a user no longer active; otherwise the error in their language
      throw error;
    }
  }

  @Post('attempts/:id/submit')
  @HttpCode(200)
  @Auth()
  @ApiOkResponse({
    description: '{status:"graded"|"awaiting_grading", score?, maxScore, percent?, passed?}; a second submit returns the same result',
  })
  submit(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.attempts.submit(user, id);
  }

  @Get('cohorts/:id/grading-queue')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({
    description: '{items:[{responseId, itemId, stem, answer, rubric, maxPoints, learner?, candidate}]}: no learner when graded blind',
  })
  queue(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.grading.queue(user, id);
  }

  @Put('responses/:id/grade')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({ description: '{points, attempt:{status, percent, passed}}' })
  grade(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: GradeDto): Promise<unknown> {
    return this.grading.grade(user, id, dto);
  }

  @Put('cohorts/:id/assessments/:assessmentId/settings')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({ description: 'The assessment’s window (opensAt, closesAt) and second marking in this cohort' })
  configure(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
    @Body() dto: AssessmentSettingsDto,
  ): Promise<unknown> {
    return this.grading.configure(user, id, assessmentId, dto);
  }

  @Get('responses/:id/marks')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({ description: 'Every mark the answer received (single, first, second, agreed, appeal)' })
  marks(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.grading.marks(user, id);
  }

  @Post('responses/:id/appeal')
  @Auth()
  @ApiCreatedResponse({ description: 'The learner asks for a review of one released answer, with a reason' })
  appeal(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AppealDto): Promise<unknown> {
    return this.appealsService.appeal(user, id, dto.reason);
  }

  @Get('cohorts/:id/appeals')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  appeals(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.appealsService.appeals(user, id);
  }

  @Post('appeals/:id/decide')
  @HttpCode(200)
  @Auth('trainer', 'academy_admin')
  @ApiOkResponse({ description: 'Decided by a trainer who did not grade the answer; outcome and reason kept' })
  decide(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideAppealDto): Promise<unknown> {
    return this.appealsService.decide(user, id, dto);
  }

  @Post('cohorts/:id/assessments/:assessmentId/release')
  @HttpCode(200)
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({ description: 'Learners now see their points, feedback and explanations' })
  release(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
  ): Promise<unknown> {
    return this.results.release(user, id, assessmentId);
  }

  @Get('cohorts/:id/gradebook')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiOkResponse({
    description: 'Rows per learner, each assessment’s counted attempt, pass, completion, knowledge gain; Accept: text/csv for CSV',
  })
  async gradebook(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const book = await this.results.gradebook(user, id);
    if (!request.headers.accept?.includes('text/csv')) return book;
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
  @ApiOkResponse({ description: 'Facility, discrimination, option frequencies and flags per item' })
  itemAnalysis(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
  ): Promise<unknown> {
    return this.results.itemAnalysis(user, id, assessmentId);
  }

  @Get('attempts/:id')
  @Auth()
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    const attempt = await this.attempts.get(user, id);
    const released = attempt.userId !== user.id || (await this.results.released(attempt.cohortId, attempt.assessmentId));
    return {
      id: attempt.id,
      cohortId: attempt.cohortId,
      assessmentId: attempt.assessmentId,
      number: attempt.number,
      status: attempt.status,
      startedAt: attempt.startedAt,
      deadline: attempt.deadline,
      submittedAt: attempt.submittedAt,
      items: attempt.shown.map((i) => ({
        id: i.itemId,
        type: i.type,
        stem: i.stem,
        maxPoints: i.maxPoints,
        ...(i.options ? { options: i.options } : {}),
      })),
      responses: attempt.responses,
      result: attempt.result,
      released,
      ...(released && attempt.status !== 'in_progress' ? { feedback: await this.results.feedback(attempt, user.locale) } : {}),
    };
  }
}
