/** Courses as trainers edit them: the draft, its modules and lessons, the tree and its translations. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CoursesService } from '@probity/courses';
import type { LocaleMap } from '@probity/i18n';
import { type Answer as ServiceAnswer, DATE_TIME, LOCALE_MAP, LOCALE_MAPS, PERCENT_BY_LOCALE, UUID } from './common.response';

type Answer<K extends keyof CoursesService> = ServiceAnswer<CoursesService, K>;
type CourseRow = Answer<'create'>;
type ModuleRow = Answer<'addModule'>;
type LessonRow = Answer<'addLesson'>;
type Tree = Answer<'tree'>;
type Fields = Answer<'fields'>;

export class CourseResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  academyId: string;

  @ApiProperty({ example: 'NAPOR-CI' })
  code: string;

  @ApiProperty(LOCALE_MAP)
  title: LocaleMap;

  @ApiProperty(LOCALE_MAP)
  summary: LocaleMap;

  @ApiProperty(LOCALE_MAPS)
  objectives: LocaleMap[];

  @ApiProperty({ type: [String], example: ['chain-of-custody'] })
  tags: string[];

  @ApiProperty({ description: 'Other academies may run cohorts of a shared course' })
  shared: boolean;

  @ApiProperty({ ...UUID, nullable: true })
  createdBy: string | null;

  @ApiProperty(DATE_TIME)
  createdAt: Date;

  @ApiProperty(DATE_TIME)
  updatedAt: Date;
}

export class CourseListItemResponseDto extends CourseResponseDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Number of the newest published version' })
  lastVersion: number | null;
}

export class CoursePageResponseDto {
  @ApiProperty({ type: [CourseListItemResponseDto] })
  items: CourseListItemResponseDto[];

  @ApiProperty()
  total: number;
}

export class ModuleResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  courseId: string;

  @ApiProperty()
  position: number;

  @ApiProperty(LOCALE_MAP)
  title: LocaleMap;

  @ApiProperty(LOCALE_MAPS)
  objectives: LocaleMap[];

  @ApiProperty({ ...LOCALE_MAP, description: 'The module’s part of the case study, Markdown per locale' })
  scenario: LocaleMap;

  @ApiProperty({ ...LOCALE_MAP, description: 'The scenario as sanitized HTML per locale' })
  scenarioHtml: LocaleMap;

  @ApiProperty({ type: [String] })
  tags: string[];
}

export class LessonResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  moduleId: string;

  @ApiProperty()
  position: number;

  @ApiProperty(LOCALE_MAP)
  title: LocaleMap;

  @ApiProperty({ ...LOCALE_MAP, description: 'Markdown per locale, as written' })
  body: LocaleMap;

  @ApiProperty({ ...LOCALE_MAP, description: 'Sanitized HTML per locale, rendered when saved' })
  bodyHtml: LocaleMap;

  @ApiProperty()
  durationMinutes: number;

  @ApiProperty({ type: [String] })
  tags: string[];
}

export class TreeModuleResponseDto extends ModuleResponseDto {
  @ApiProperty({ type: [LessonResponseDto] })
  lessons: LessonResponseDto[];
}

export class VersionSummaryResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  number: number;

  @ApiProperty(DATE_TIME)
  publishedAt: Date;

  @ApiProperty({ type: [String], description: 'Fully translated locales', example: ['en', 'ka'] })
  locales: string[];
}

export class CourseTreeResponseDto {
  @ApiProperty({ type: CourseResponseDto })
  course: CourseResponseDto;

  @ApiProperty({ type: [TreeModuleResponseDto] })
  modules: TreeModuleResponseDto[];

  @ApiProperty(PERCENT_BY_LOCALE)
  translation: Record<string, number>;

  @ApiProperty({ type: [VersionSummaryResponseDto], description: 'Published versions, newest first' })
  versions: VersionSummaryResponseDto[];

  @ApiProperty()
  lessonsTotal: number;

  @ApiProperty()
  durationMinutes: number;
}

export class FieldLabelResponseDto {
  @ApiProperty({ example: 'module_objective' })
  kind: string;

  @ApiPropertyOptional()
  module?: number;

  @ApiPropertyOptional()
  lesson?: number;

  @ApiPropertyOptional()
  index?: number;
}

export class TranslatableFieldResponseDto {
  @ApiProperty({ example: 'course:title', description: 'The key to save a translation under' })
  key: string;

  @ApiProperty({ enum: ['text', 'markdown'] })
  kind: 'text' | 'markdown';

  @ApiProperty({ type: FieldLabelResponseDto })
  label: FieldLabelResponseDto;

  @ApiProperty(LOCALE_MAP)
  value: LocaleMap;
}

export class CourseTranslationsResponseDto {
  @ApiProperty({ type: CourseResponseDto })
  course: CourseResponseDto;

  @ApiProperty({ type: [TranslatableFieldResponseDto] })
  fields: TranslatableFieldResponseDto[];

  @ApiProperty(PERCENT_BY_LOCALE)
  translation: Record<string, number>;
}

export class TranslationResponseDto {
  @ApiProperty(PERCENT_BY_LOCALE)
  translation: Record<string, number>;
}

export function mapCourse(course: CourseRow): CourseResponseDto {
  return {
    id: course.id,
    academyId: course.academyId,
    code: course.code,
    title: course.title,
    summary: course.summary,
    objectives: course.objectives,
    tags: course.tags,
    shared: course.shared,
    createdBy: course.createdBy,
    createdAt: course.createdAt,
    updatedAt: course.updatedAt,
  };
}

export function mapCoursePage(page: Answer<'list'>): CoursePageResponseDto {
  return { items: page.items.map((c) => ({ ...mapCourse(c), lastVersion: c.lastVersion })), total: page.total };
}

export function mapModule(module: ModuleRow): ModuleResponseDto {
  return {
    id: module.id,
    courseId: module.courseId,
    position: module.position,
    title: module.title,
    objectives: module.objectives,
    scenario: module.scenario,
    scenarioHtml: module.scenarioHtml,
    tags: module.tags,
  };
}

export function mapLesson(lesson: LessonRow): LessonResponseDto {
  return {
    id: lesson.id,
    moduleId: lesson.moduleId,
    position: lesson.position,
    title: lesson.title,
    body: lesson.body,
    bodyHtml: lesson.bodyHtml,
    durationMinutes: lesson.durationMinutes,
    tags: lesson.tags,
  };
}

export function mapCourseTree(tree: Tree): CourseTreeResponseDto {
  return {
    course: mapCourse(tree.course),
    modules: tree.modules.map((m) => ({ ...mapModule(m), lessons: m.lessons.map(mapLesson) })),
    translation: tree.translation,
    versions: tree.versions.map((v) => ({ id: v.id, number: v.number, publishedAt: v.publishedAt, locales: v.locales })),
    lessonsTotal: tree.lessonsTotal,
    durationMinutes: tree.durationMinutes,
  };
}

export function mapCourseTranslations(answer: Fields): CourseTranslationsResponseDto {
  return {
    course: mapCourse(answer.course),
    fields: answer.fields.map((f) => ({ key: f.key, kind: f.kind, label: f.label, value: f.value })),
    translation: answer.translation,
  };
}

export function mapTranslation(translation: Answer<'saveTranslations'>): TranslationResponseDto {
  return { translation };
}
