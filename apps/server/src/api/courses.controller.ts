import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
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
import {
  CatalogResponseDto,
  PublishedVersionResponseDto,
  VersionTreeResponseDto,
  mapCatalog,
  mapPublishedVersion,
  mapVersionTree,
} from './dto/course-versions.response';
import {
  CoursePageResponseDto,
  CourseResponseDto,
  CourseTranslationsResponseDto,
  CourseTreeResponseDto,
  LessonResponseDto,
  ModuleResponseDto,
  TranslationResponseDto,
  mapCourse,
  mapCoursePage,
  mapCourseTranslations,
  mapCourseTree,
  mapLesson,
  mapModule,
  mapTranslation,
} from './dto/courses.response';

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
  @ApiCreatedResponse({ type: CourseResponseDto, description: '{id, …}: the new draft course, in the author’s academy' })
  @ApiQuery({ name: 'academyId', required: false, description: 'Platform administrators only' })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateCourseDto,
    @Query('academyId') academyId?: string,
  ): Promise<CourseResponseDto> {
    return mapCourse(await this.courses.create(user, dto, academyId));
  }

  @Get('courses')
  @Auth(...STAFF)
  @ApiOkResponse({ type: CoursePageResponseDto, description: '{items, total}: the academy’s courses' })
  async list(@CurrentUser() user: AuthUser, @Query() query: ListQueryDto): Promise<CoursePageResponseDto> {
    return mapCoursePage(await this.courses.list(user, query.limit, query.offset));
  }

  @Get('courses/:id')
  @Auth(...STAFF)
  @ApiOkResponse({
    type: CourseTreeResponseDto,
    description: 'The draft tree with modules and lessons, translation:{en:100,ka:80,…} and the published versions',
  })
  async tree(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CourseTreeResponseDto> {
    return mapCourseTree(await this.courses.tree(user, id));
  }

  @Patch('courses/:id')
  @Auth(...STAFF)
  @ApiOkResponse({ type: CourseResponseDto, description: 'The course as saved' })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCourseDto,
  ): Promise<CourseResponseDto> {
    return mapCourse(await this.courses.update(user, id, dto));
  }

  @Post('courses/:id/modules')
  @Auth(...STAFF)
  @ApiCreatedResponse({ type: ModuleResponseDto, description: '{id, …}: the new module, last of the course' })
  async addModule(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateModuleDto,
  ): Promise<ModuleResponseDto> {
    return mapModule(await this.courses.addModule(user, id, dto));
  }

  @Patch('modules/:id')
  @Auth(...STAFF)
  @ApiOkResponse({ type: ModuleResponseDto, description: 'The module as saved' })
  async updateModule(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateModuleDto,
  ): Promise<ModuleResponseDto> {
    return mapModule(await this.courses.updateModule(user, id, dto));
  }

  @Post('modules/:id/move')
  @HttpCode(204)
  @Auth(...STAFF)
  @ApiNoContentResponse({ description: 'Swapped with its neighbour (nothing happens at either end)' })
  moveModule(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: MoveDto): Promise<void> {
    return this.courses.moveModule(user, id, dto.direction);
  }

  @Post('modules/:id/lessons')
  @Auth(...STAFF)
  @ApiCreatedResponse({ type: LessonResponseDto, description: '{id, …}; the Markdown body is rendered to sanitized HTML now, once' })
  async addLesson(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateLessonDto,
  ): Promise<LessonResponseDto> {
    return mapLesson(await this.courses.addLesson(user, id, dto));
  }

  @Patch('lessons/:id')
  @Auth(...STAFF)
  @ApiOkResponse({ type: LessonResponseDto, description: 'The lesson as saved' })
  async updateLesson(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateLessonDto,
  ): Promise<LessonResponseDto> {
    return mapLesson(await this.courses.updateLesson(user, id, dto));
  }

  @Post('lessons/:id/move')
  @HttpCode(204)
  @Auth(...STAFF)
  @ApiNoContentResponse({ description: 'Swapped with its neighbour (nothing happens at either end)' })
  moveLesson(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: MoveDto): Promise<void> {
    return this.courses.moveLesson(user, id, dto.direction);
  }

  @Get('courses/:id/translations')
  @Auth(...STAFF)
  @ApiOkResponse({
    type: CourseTranslationsResponseDto,
    description: 'Every translatable text of the draft with its key, and translation percentages',
  })
  async fields(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CourseTranslationsResponseDto> {
    return mapCourseTranslations(await this.courses.fields(user, id));
  }

  @Post('courses/:id/translations')
  @HttpCode(200)
  @Auth(...STAFF)
  @ApiOkResponse({ type: TranslationResponseDto, description: 'translation:{en:100,ka:80,…} after saving' })
  async saveTranslations(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SaveTranslationsDto,
  ): Promise<TranslationResponseDto> {
    return mapTranslation(await this.courses.saveTranslations(user, id, dto.locale as Locale, dto.entries));
  }

  @Post('courses/:id/versions')
  @Auth('trainer', 'academy_admin', 'platform_admin')
  @ApiCreatedResponse({ type: PublishedVersionResponseDto, description: '{id, number, publishedAt, locales:[fully translated locales]}' })
  @ApiUnprocessableEntityResponse({ description: 'The course has no lesson yet' })
  async publish(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PublishedVersionResponseDto> {
    return mapPublishedVersion(await this.courses.publish(user, id));
  }

  @Get('course-versions/:id')
  @Auth()
  @ApiOkResponse({
    type: VersionTreeResponseDto,
    description:
      'The frozen tree (the same ids as the draft it froze). Staff of the owning academy and of cohorts that run it get everything; ' +
      'enrolled learners the learner view (`view: "learner"`): lessons, and of assessments only titles, kinds and rules, never items or answers',
  })
  async version(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<VersionTreeResponseDto> {
    return mapVersionTree(await this.courses.version(user, id, (versionId) => this.cohorts.versionRelation(user, versionId)));
  }

  /** Anyone: a signed-in reader sees their academy’s courses and shared ones; others shared ones. */
  @Get('catalog')
  @ApiQuery({ name: 'academy', required: false, description: 'An academy code: also list that academy’s published courses' })
  @ApiOkResponse({
    type: CatalogResponseDto,
    description: '{items:[{courseId, versionId, code, title, summary, translation, lessonsTotal, durationMinutes, …}]}',
  })
  async catalog(@Req() request: FastifyRequest, @Query('academy') academy?: string): Promise<CatalogResponseDto> {
    const context = (request as unknown as RequestLike).probity;
    const header = request.headers.authorization;
    const reader = header?.startsWith('Bearer ') ? await this.auth.userForToken(header.slice(7)) : undefined;
    if (reader && !context.localeExplicit) context.locale = reader.locale;
    const academyCode = typeof academy === 'string' ? academy.toUpperCase() : undefined;
    // A course published a moment ago may show a moment later: this list may come from the read replica.
    return mapCatalog(await this.courses.catalog(context.locale, reader, academyCode, { tolerateLag: true }));
  }
}
