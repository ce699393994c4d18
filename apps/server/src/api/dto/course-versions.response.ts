/** Published versions: what publishing answers, the frozen tree (staff or learner view), and the catalogue. */
import { ApiProperty } from '@nestjs/swagger';
import type { CoursesService } from '@probity/courses';
import type { LocaleMap } from '@probity/i18n';
import { type Answer as ServiceAnswer, DATE_TIME, LOCALE_MAP, LOCALE_MAPS, OBJECT, PERCENT_BY_LOCALE, UUID } from './common.response';

type Answer<K extends keyof CoursesService> = ServiceAnswer<CoursesService, K>;
type Version = Answer<'version'>;
type Catalog = Answer<'catalog'>;

export class PublishedVersionResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  courseId: string;

  @ApiProperty()
  number: number;

  @ApiProperty(DATE_TIME)
  publishedAt: Date;

  @ApiProperty({ ...UUID, nullable: true })
  publishedBy: string | null;

  @ApiProperty({ type: [String], description: 'Fully translated locales', example: ['en', 'ka'] })
  locales: string[];
}

export class FrozenCourseResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  academyId: string;

  @ApiProperty()
  code: string;

  @ApiProperty(LOCALE_MAP)
  title: LocaleMap;

  @ApiProperty(LOCALE_MAP)
  summary: LocaleMap;

  @ApiProperty(LOCALE_MAPS)
  objectives: LocaleMap[];

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty()
  shared: boolean;
}

export class FrozenLessonResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  position: number;

  @ApiProperty(LOCALE_MAP)
  title: LocaleMap;

  @ApiProperty(LOCALE_MAP)
  bodyHtml: LocaleMap;

  @ApiProperty()
  durationMinutes: number;

  @ApiProperty({ type: [String] })
  tags: string[];
}

export class FrozenModuleResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  position: number;

  @ApiProperty(LOCALE_MAP)
  title: LocaleMap;

  @ApiProperty(LOCALE_MAPS)
  objectives: LocaleMap[];

  @ApiProperty(LOCALE_MAP)
  scenarioHtml: LocaleMap;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({ type: [FrozenLessonResponseDto] })
  lessons: FrozenLessonResponseDto[];
}

/** A published version's frozen tree: the same ids as the draft it froze. */
export class VersionTreeResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ enum: ['staff', 'learner'], description: 'learner: lessons, and of assessments only titles, kinds and rules' })
  view: 'staff' | 'learner';

  @ApiProperty(UUID)
  courseId: string;

  @ApiProperty()
  number: number;

  @ApiProperty(DATE_TIME)
  publishedAt: Date;

  @ApiProperty({ type: [String] })
  locales: string[];

  @ApiProperty({ type: FrozenCourseResponseDto })
  course: FrozenCourseResponseDto;

  @ApiProperty({ type: [FrozenModuleResponseDto] })
  modules: FrozenModuleResponseDto[];

  @ApiProperty()
  lessonsTotal: number;

  @ApiProperty()
  durationMinutes: number;

  @ApiProperty({
    ...OBJECT,
    description: 'What other contexts froze with the version, by key (`assessments`); learners see only what each shows them',
  })
  contributions: Record<string, unknown>;
}

export class CatalogEntryResponseDto {
  @ApiProperty(UUID)
  courseId: string;

  @ApiProperty(UUID)
  versionId: string;

  @ApiProperty()
  number: number;

  @ApiProperty()
  code: string;

  @ApiProperty({ description: 'In the request’s locale (or a fallback: see fellBack)' })
  title: string;

  @ApiProperty()
  summary: string;

  @ApiProperty({ type: [String] })
  objectives: string[];

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty(UUID)
  academyId: string;

  @ApiProperty()
  shared: boolean;

  @ApiProperty(PERCENT_BY_LOCALE)
  translation: Record<string, number>;

  @ApiProperty({ type: [String] })
  locales: string[];

  @ApiProperty()
  lessonsTotal: number;

  @ApiProperty()
  durationMinutes: number;

  @ApiProperty(DATE_TIME)
  publishedAt: Date;

  @ApiProperty({ description: 'The text is in another locale than the one asked for' })
  fellBack: boolean;
}

export class CatalogResponseDto {
  @ApiProperty({ type: [CatalogEntryResponseDto] })
  items: CatalogEntryResponseDto[];

  @ApiProperty()
  total: number;
}

/** A version just published: everything but the frozen tree (GET /course-versions/:id has it). */
export function mapPublishedVersion(version: Answer<'publish'>): PublishedVersionResponseDto {
  return {
    id: version.id,
    courseId: version.courseId,
    number: version.number,
    publishedAt: version.publishedAt,
    publishedBy: version.publishedBy,
    locales: version.locales,
  };
}

export function mapVersionTree(version: Version): VersionTreeResponseDto {
  const { snapshot } = version;
  return {
    id: version.id,
    view: version.view,
    courseId: version.courseId,
    number: version.number,
    publishedAt: version.publishedAt,
    locales: version.locales,
    course: snapshot.course,
    modules: snapshot.modules,
    lessonsTotal: snapshot.lessonsTotal,
    durationMinutes: snapshot.durationMinutes,
    contributions: snapshot.contributions,
  };
}

export function mapCatalog(page: Catalog): CatalogResponseDto {
  return {
    items: page.items.map((e) => ({
      courseId: e.courseId,
      versionId: e.versionId,
      number: e.number,
      code: e.code,
      title: e.title,
      summary: e.summary,
      objectives: e.objectives,
      tags: e.tags,
      academyId: e.academyId,
      shared: e.shared,
      translation: e.translation,
      locales: e.locales,
      lessonsTotal: e.lessonsTotal,
      durationMinutes: e.durationMinutes,
      publishedAt: e.publishedAt,
      fellBack: e.fellBack,
    })),
    total: page.total,
  };
}
