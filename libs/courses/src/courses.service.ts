import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { BadInput, Conflict, type Locale, NotFound, Unprocessable } from '@probity/i18n';
import { AcademiesService, type AuthUser, type Page, canSeeAcademy, hasRole } from '@probity/identity';
import { type CatalogEntry, catalogEntry } from './catalog';
import { CourseAccessService } from './course-access.service';
import type {
  CreateCourseDto,
  CreateLessonDto,
  CreateModuleDto,
  UpdateCourseDto,
  UpdateLessonDto,
  UpdateModuleDto,
} from './dto/course.dto';
import type { CourseModule } from './entities/course-module.entity';
import type { CourseVersion } from './entities/course-version.entity';
import type { Course } from './entities/course.entity';
import type { Lesson } from './entities/lesson.entity';
import { CourseOutlineService } from './outline.service';
import { CoursesRepository } from './repositories/courses.repository';
import { LessonsRepository } from './repositories/lessons.repository';
import { ModulesRepository } from './repositories/modules.repository';
import { VersionsRepository } from './repositories/versions.repository';
import { type TranslatableField, completeLocales, snapshotOf, translatableFields, translationStats } from './snapshot';
import { clean, cleanList, uniqueTags } from './texts';
import { applyTranslation } from './translation';
import { type PublishedVersion, VersionCache } from './version-cache';
import { VersionContributors } from './version-contributors';

export type { CatalogEntry } from './catalog';

export interface CourseTree {
  course: Course;
  modules: (CourseModule & { lessons: Lesson[] })[];
  translation: Record<Locale, number>;
  versions: { id: string; number: number; publishedAt: Date; locales: string[] }[];
  lessonsTotal: number;
  durationMinutes: number;
}

/** How a reader stands to a course version: runs it (staff), takes it (learner), or neither. */
export type VersionRelation = 'staff' | 'learner' | undefined;

/**
 * Courses: drafts (the outline of modules and lessons is `CourseOutlineService`'s, reached through
 * here), their translation, publication as frozen versions, the catalogue, and the reads other
 * contexts make of a course (`academyOf`) and of a version (`snapshot`, the one cached reader).
 */
@Injectable()
export class CoursesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly courses: CoursesRepository,
    private readonly modules: ModulesRepository,
    private readonly lessons: LessonsRepository,
    private readonly versions: VersionsRepository,
    private readonly access: CourseAccessService,
    private readonly outline: CourseOutlineService,
    private readonly contributors: VersionContributors,
    private readonly academies: AcademiesService,
  ) {}

  // ---- courses -------------------------------------------------------------------------------

  async create(actor: AuthUser, dto: CreateCourseDto, academyId?: string): Promise<Course> {
    const owner = hasRole(actor, 'platform_admin') ? (academyId ?? actor.academyId) : actor.academyId;
    if (!owner) throw new BadInput('academy_required');
    return this.dataSource.transaction(async (manager) => {
      if (await this.courses.codeTaken(manager, owner, dto.code)) throw new Conflict('course_code_taken', { code: dto.code });
      const course = await this.courses.create(manager, {
        academyId: owner,
        code: dto.code,
        title: clean(dto.title),
        summary: clean(dto.summary),
        objectives: cleanList(dto.objectives),
        tags: uniqueTags(dto.tags),
        shared: dto.shared ?? false,
        createdBy: actor.id,
      });
      await this.access.record(manager, actor, course, 'course.created', 'course', course.id, null, {
        code: course.code,
        title: course.title,
        shared: course.shared,
      });
      return course;
    });
  }

  async list(actor: AuthUser, limit = 50, offset = 0): Promise<Page<Course & { lastVersion: number | null }>> {
    const [items, total] = await this.courses.page(actor.academyId, hasRole(actor, 'platform_admin'), limit, offset);
    const last = await this.versions.lastNumbers(items.map((c) => c.id));
    return { items: items.map((c) => ({ ...c, lastVersion: last.get(c.id) ?? null })), total };
  }

  async tree(actor: AuthUser, courseId: string, manager: EntityManager = this.dataSource.manager): Promise<CourseTree> {
    const course = await this.access.editable(manager, actor, courseId);
    return this.treeOf(manager, course);
  }

  private async treeOf(manager: EntityManager, course: Course): Promise<CourseTree> {
    const modules = await this.modules.ofCourse(course.id, manager);
    const lessons = await this.lessons.ofModules(
      modules.map((m) => m.id),
      manager,
    );
    const withLessons = modules.map((m) => Object.assign(m, { lessons: lessons.filter((l) => l.moduleId === m.id) }));
    return {
      course,
      modules: withLessons,
      translation: translationStats({ course, modules: withLessons }),
      versions: await this.versions.ofCourse(course.id, manager),
      lessonsTotal: lessons.length,
      durationMinutes: lessons.reduce((sum, l) => sum + l.durationMinutes, 0),
    };
  }

  async update(actor: AuthUser, courseId: string, dto: UpdateCourseDto): Promise<Course> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.access.editable(manager, actor, courseId, true);
      const texts = (c: Course) => ({ title: c.title, summary: c.summary, objectives: c.objectives, tags: c.tags, shared: c.shared });
      const before = texts(course);
      if (dto.title) course.title = clean(dto.title);
      if (dto.summary) course.summary = clean(dto.summary);
      if (dto.objectives) course.objectives = cleanList(dto.objectives);
      if (dto.tags) course.tags = uniqueTags(dto.tags);
      if (dto.shared !== undefined) course.shared = dto.shared;
      await this.courses.save(manager, course);
      await this.access.record(manager, actor, course, 'course.updated', 'course', course.id, before, texts(course));
      return course;
    });
  }

  // ---- modules and lessons (CourseOutlineService) ------------------------------------------------

  addModule(actor: AuthUser, courseId: string, dto: CreateModuleDto): Promise<CourseModule> {
    return this.outline.addModule(actor, courseId, dto);
  }

  updateModule(actor: AuthUser, moduleId: string, dto: UpdateModuleDto): Promise<CourseModule> {
    return this.outline.updateModule(actor, moduleId, dto);
  }

  addLesson(actor: AuthUser, moduleId: string, dto: CreateLessonDto): Promise<Lesson> {
    return this.outline.addLesson(actor, moduleId, dto);
  }

  updateLesson(actor: AuthUser, lessonId: string, dto: UpdateLessonDto): Promise<Lesson> {
    return this.outline.updateLesson(actor, lessonId, dto);
  }

  /** Swaps a module with its neighbour (the up/down buttons; works without JavaScript). */
  moveModule(actor: AuthUser, moduleId: string, direction: 'up' | 'down'): Promise<void> {
    return this.outline.moveModule(actor, moduleId, direction);
  }

  moveLesson(actor: AuthUser, lessonId: string, direction: 'up' | 'down'): Promise<void> {
    return this.outline.moveLesson(actor, lessonId, direction);
  }

  // ---- translation -------------------------------------------------------------------------------

  async fields(
    actor: AuthUser,
    courseId: string,
  ): Promise<{ course: Course; fields: TranslatableField[]; translation: Record<Locale, number> }> {
    const tree = await this.tree(actor, courseId);
    return { course: tree.course, fields: translatableFields(tree), translation: tree.translation };
  }

  /** Saves one locale's texts from the side-by-side editor; an empty text removes that locale. */
  async saveTranslations(
    actor: AuthUser,
    courseId: string,
    locale: Locale,
    entries: { key: string; text: string }[],
  ): Promise<Record<Locale, number>> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.access.editable(manager, actor, courseId, true);
      const tree = await this.treeOf(manager, course);
      const changed = applyTranslation(tree, locale, entries);
      if (changed.length) {
        await this.courses.save(manager, course);
        await this.modules.saveAll(
          manager,
          tree.modules.map(({ lessons: _lessons, ...m }) => m),
        );
        await this.lessons.saveAll(
          manager,
          tree.modules.flatMap((m) => m.lessons),
        );
        await this.access.record(manager, actor, course, 'course.translated', 'course', course.id, null, { locale, fields: changed });
      }
      return translationStats(await this.treeOf(manager, course));
    });
  }

  // ---- publishing -----------------------------------------------------------------------------------

  /** Freezes the whole tree into version n+1, with what the registered contributors add. */
  async publish(actor: AuthUser, courseId: string): Promise<CourseVersion> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.access.editable(manager, actor, courseId, true);
      const tree = await this.treeOf(manager, course);
      if (tree.lessonsTotal === 0) throw new Unprocessable('course_has_no_lessons');
      const snapshot = snapshotOf(tree);
      for (const contributor of this.contributors.all())
        snapshot.contributions[contributor.key] = await contributor.contribute(manager, snapshot);
      const number = (tree.versions[0]?.number ?? 0) + 1;
      const version = await this.versions.create(manager, {
        courseId: course.id,
        number,
        publishedAt: new Date(),
        publishedBy: actor.id,
        locales: completeLocales(tree),
        snapshot,
      });
      await this.access.record(manager, actor, course, 'course.published', 'course_version', version.id, null, {
        courseId: course.id,
        number,
        locales: version.locales,
      });
      return version;
    });
  }

  /**
   * A published version, for those it was published for. Staff get the whole frozen tree: trainers and
   * administrators of the owning academy, platform administrators, and staff of a cohort that runs it
   * (its trainers, its academy's and accepted partner academies' administrators). Learners enrolled in
   * a cohort that runs it, and anyone signed in when the course is shared, get the learner view:
   * lessons, and of every contribution only what its contributor shows learners (assessments' titles
   * and rules, never items or answers). Courses does not know cohorts: the caller says how the reader
   * stands to the version.
   */
  async version(
    actor: AuthUser,
    versionId: string,
    relation: (versionId: string) => Promise<VersionRelation> = () => Promise.resolve(undefined),
  ): Promise<CourseVersion & { view: 'staff' | 'learner' }> {
    const version = await this.versions.find(versionId);
    if (!version) throw new NotFound('course_version');
    const owner = hasRole(actor, 'trainer', 'academy_admin', 'platform_admin') && canSeeAcademy(actor, version.snapshot.course.academyId);
    // A shared curriculum is open to every signed-in reader, as the catalogue shows it: its lessons and rules, not its answers.
    const standing = owner ? 'staff' : ((await relation(version.id)) ?? (version.snapshot.course.shared ? 'learner' : undefined));
    if (!standing) throw new NotFound('course_version');
    if (standing === 'staff') return Object.assign(version, { view: 'staff' as const });
    const snapshot = { ...version.snapshot, contributions: this.contributors.learnerView(version.snapshot.contributions) };
    return Object.assign(version, { snapshot, view: 'learner' as const });
  }

  /**
   * The newest published version of each course the reader may see, in the reader's locale. `tolerateLag`: the
   * public catalogue pages may read it from the read replica (PROBITY_DATABASE_REPLICA_URL) when one is set.
   */
  async catalog(
    locale: Locale,
    reader?: AuthUser,
    academyCode?: string,
    options: { tolerateLag?: boolean } = {},
  ): Promise<Page<CatalogEntry>> {
    // The academy named by its code is identity's to resolve; an unknown code adds no courses.
    const namedAcademy = academyCode ? await this.academies.byCode(academyCode) : null;
    const rows = await this.versions.catalog(
      reader ? hasRole(reader, 'platform_admin') : false,
      reader?.academyId ?? null,
      namedAcademy?.id ?? null,
      options.tolerateLag,
    );
    const items = rows.map((row) => catalogEntry(row, locale, reader));
    items.sort((a, b) => a.title.localeCompare(b.title, locale));
    return { items, total: items.length };
  }

  // ---- for other contexts ------------------------------------------------------------------------

  /** Published versions read so far: they never change, so each is read once per process (bounded, see VersionCache). */
  private readonly versionCache = new VersionCache();

  /** The academy that owns the course, or undefined when there is no such course (no access check). */
  async academyOf(courseId: string, manager?: EntityManager): Promise<string | undefined> {
    return (await this.courses.find(courseId, manager))?.academyId;
  }

  /**
   * A published version's frozen content, for other contexts: the one cached reader of
   * `course_versions` outside courses. Not an access check: the caller has already decided the
   * reader may see it (cohorts' staff, enrolled learners, the issuer). The answer is frozen and
   * shared by every caller. `manager` lets a caller inside a transaction read on its own connection;
   * only committed versions are ever asked for (cohorts reference them by foreign key).
   */
  async snapshot(versionId: string, manager?: EntityManager): Promise<PublishedVersion> {
    const cached = this.versionCache.get(versionId);
    if (cached) return cached;
    const version = await this.versions.find(versionId, manager);
    if (!version) throw new NotFound('course_version');
    return this.versionCache.set(version);
  }
}
