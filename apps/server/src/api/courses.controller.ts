import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  CoursesService,
  CreateCourseDto,
  CreateLessonDto,
  CreateModuleDto,
  MoveDto,
  SaveTranslationsDto,
  UpdateCourseDto,
  UpdateLessonDto,
  UpdateModuleDto,
} from '@probity/courses';
import { CohortsService } from '@probity/cohorts';
import { type Locale } from '@probity/i18n';
import { Auth, AuthService, type AuthUser, CurrentUser, ListQueryDto, type RequestLike } from '@probity/identity';

const STAFF = ['trainer', 'academy_admin', 'platform_admin'] as const;

@ApiTags('courses')
@Controller('api/v1')
export class CoursesController {
  constructor(
    private readonly courses: CoursesService,
    private readonly auth: AuthService,
    private readonly cohorts: CohortsService,
  ) {}

  @Post('courses')
  @Auth(...STAFF)
  @ApiCreatedResponse({ description: '{id}: the new draft course, in the author’s academy' })
  @ApiQuery({ name: 'academyId', required: false, description: 'Platform administrators only' })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateCourseDto, @Query('academyId') academyId?: string): Promise<unknown> {
    return this.courses.create(user, dto, academyId);
  }

  @Get('courses')
  @Auth(...STAFF)
  @ApiOkResponse({ description: '{items, total}: the academy’s courses' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListQueryDto): Promise<unknown> {
    return this.courses.list(user, query.limit, query.offset);
  }

  @Get('courses/:id')
  @Auth(...STAFF)
  @ApiOkResponse({ description: 'The draft tree with modules and lessons, translation:{en:100,ka:80,…} and the published versions' })
  tree(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.courses.tree(user, id);
  }

  @Patch('courses/:id')
  @Auth(...STAFF)
  update(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCourseDto): Promise<unknown> {
    return this.courses.update(user, id, dto);
  }

  @Post('courses/:id/modules')
  @Auth(...STAFF)
  @ApiCreatedResponse({ description: '{id}' })
  addModule(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateModuleDto): Promise<unknown> {
    return this.courses.addModule(user, id, dto);
  }

  @Patch('modules/:id')
  @Auth(...STAFF)
  updateModule(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateModuleDto): Promise<unknown> {
    return this.courses.updateModule(user, id, dto);
  }

  @Post('modules/:id/move')
  @HttpCode(204)
  @Auth(...STAFF)
  moveModule(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: MoveDto): Promise<void> {
    return this.courses.moveModule(user, id, dto.direction);
  }

  @Post('modules/:id/lessons')
  @Auth(...STAFF)
  @ApiCreatedResponse({ description: '{id}; the Markdown body is rendered to sanitized HTML now, once' })
  addLesson(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateLessonDto): Promise<unknown> {
    return this.courses.addLesson(user, id, dto);
  }

  @Patch('lessons/:id')
  @Auth(...STAFF)
  updateLesson(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateLessonDto): Promise<unknown> {
    return this.courses.updateLesson(user, id, dto);
  }

  @Post('lessons/:id/move')
  @HttpCode(204)
  @Auth(...STAFF)
  moveLesson(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: MoveDto): Promise<void> {
    return this.courses.moveLesson(user, id, dto.direction);
  }

  @Get('courses/:id/translations')
  @Auth(...STAFF)
  @ApiOkResponse({ description: 'Every translatable text of the draft with its key, and translation percentages' })
  fields(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.courses.fields(user, id);
  }

  @Post('courses/:id/translations')
  @HttpCode(200)
  @Auth(...STAFF)
  @ApiOkResponse({ description: 'translation:{en:100,ka:80,…} after saving' })
  async saveTranslations(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SaveTranslationsDto,
  ): Promise<unknown> {
    return { translation: await this.courses.saveTranslations(user, id, dto.locale as Locale, dto.entries) };
  }

  @Post('courses/:id/versions')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiCreatedResponse({ description: '{id, number, publishedAt, locales:[fully translated locales]}' })
  @ApiUnprocessableEntityResponse({ description: 'The course has no lesson yet' })
  async publish(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    const { snapshot: _snapshot, ...version } = await this.courses.publish(user, id);
    return version;
  }

  @Get('course-versions/:id')
  @Auth()
  @ApiOkResponse({
    description:
      'The frozen tree (the same ids as the draft it froze). Staff of the owning academy and of cohorts that run it get everything; ' +
      'enrolled learners the learner view (`view: "learner"`): lessons, and of assessments only titles, kinds and rules, never items or answers',
  })
  async version(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    const version = await this.courses.version(user, id, (versionId) => this.cohorts.versionRelation(user, versionId));
    return {
      id: version.id,
      view: version.view,
      courseId: version.courseId,
      number: version.number,
      publishedAt: version.publishedAt,
      locales: version.locales,
      ...version.snapshot,
    };
  }

  /** Anyone: a signed-in reader sees their academy’s courses and shared ones; others shared ones. */
  @Get('catalog')
  @ApiQuery({ name: 'academy', required: false, description: 'An academy code: also list that academy’s published courses' })
  @ApiOkResponse({ description: '{items:[{courseId, versionId, code, title, summary, translation, lessonsTotal, durationMinutes, …}]}' })
  async catalog(@Req() request: FastifyRequest, @Query('academy') academy?: string): Promise<unknown> {
    const context = (request as unknown as RequestLike).probity;
    const header = request.headers.authorization;
    const reader = header?.startsWith('Bearer ') ? await this.auth.userForToken(header.slice(7)) : undefined;
    if (reader && !context.localeExplicit) context.locale = reader.locale;
    return this.courses.catalog(context.locale, reader, typeof academy === 'string' ? academy.toUpperCase() : undefined);
  }
}
