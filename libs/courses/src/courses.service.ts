import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { BadInput, Conflict, type Locale, type LocaleMap, NotFound, Unprocessable, isLocale, pick } from '@probity/i18n';
import { AcademiesService, type AuthUser, type Page, canSeeAcademy, hasRole } from '@probity/identity';
import type {
  CreateCourseDto,
  CreateLessonDto,
  CreateModuleDto,
  UpdateCourseDto,
  UpdateLessonDto,
  UpdateModuleDto,
} from './dto/course.dto';
import { CourseModule } from './entities/course-module.entity';
import { CourseVersion } from './entities/course-version.entity';
import { Course } from './entities/course.entity';
import { Lesson } from './entities/lesson.entity';
import { renderLocaleMap, renderMarkdown } from './markdown';
import { type TranslatableField, type VersionSnapshot, completeLocales, translatableFields, translationStats } from './snapshot';
import { type PublishedVersion, VersionCache } from './version-cache';
import { VersionContributors } from './version-contributors';

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

export interface CatalogEntry {
  courseId: string;
  versionId: string;
  number: number;
  code: string;
  title: string;
  summary: string;
  objectives: string[];
  tags: string[];
  academyId: string;
  shared: boolean;
  translation: Record<string, number>;
  locales: string[];
  lessonsTotal: number;
  durationMinutes: number;
  publishedAt: Date;
  /** The text is in another locale than the one asked for. */
  fellBack: boolean;
}

const clean = (map: LocaleMap | undefined): LocaleMap =>
  Object.fromEntries(
    Object.entries(map ?? {}).filter(([locale, text]) => isLocale(locale) && typeof text === 'string' && text.trim() !== ''),
  );
const cleanList = (list: LocaleMap[] | undefined): LocaleMap[] => (list ?? []).map(clean).filter((m) => Object.keys(m).length > 0);
const uniqueTags = (tags: string[] | undefined): string[] => [...new Set(tags ?? [])];

@Injectable()
export class CoursesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly contributors: VersionContributors,
    private readonly academies: AcademiesService,
  ) {}

  // ---- access -------------------------------------------------------------------------------

  /** A course the actor may edit: their academy's (any for platform administrators); else 404. */
  private async editable(manager: EntityManager, actor: AuthUser, courseId: string, lock = false): Promise<Course> {
    const course = await manager.findOne(Course, {
      where: { id: courseId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!course || !canSeeAcademy(actor, course.academyId)) throw new NotFound('course');
    return course;
  }

  private async moduleOf(manager: EntityManager, actor: AuthUser, moduleId: string): Promise<{ module: CourseModule; course: Course }> {
    const module = await manager.findOneBy(CourseModule, { id: moduleId });
    if (!module) throw new NotFound('module');
    return { module, course: await this.editable(manager, actor, module.courseId).catch(() => Promise.reject(new NotFound('module'))) };
  }

  private async lessonOf(
    manager: EntityManager,
    actor: AuthUser,
    lessonId: string,
  ): Promise<{ lesson: Lesson; module: CourseModule; course: Course }> {
    const lesson = await manager.findOneBy(Lesson, { id: lessonId });
    if (!lesson) throw new NotFound('lesson');
    const { module, course } = await this.moduleOf(manager, actor, lesson.moduleId).catch(() => Promise.reject(new NotFound('lesson')));
    return { lesson, module, course };
  }

  private record(
    manager: EntityManager,
    actor: AuthUser | null,
    course: Course,
    action: string,
    entityType: string,
    entityId: string,
    before: object | null,
    after: object | null,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor?.id ?? null,
      academyId: course.academyId,
      action,
      entityType,
      entityId,
      before: before as Record<string, unknown> | null,
      after: after as Record<string, unknown> | null,
    });
  }

  // ---- courses -------------------------------------------------------------------------------

  async create(actor: AuthUser, dto: CreateCourseDto, academyId?: string): Promise<Course> {
    const owner = hasRole(actor, 'platform_admin') ? (academyId ?? actor.academyId) : actor.academyId;
    if (!owner) throw new BadInput('academy_required');
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(Course, { academyId: owner, code: dto.code })) throw new Conflict('course_code_taken', { code: dto.code });
      const course = await manager.save(
        manager.create(Course, {
          academyId: owner,
          code: dto.code,
          title: clean(dto.title),
          summary: clean(dto.summary),
          objectives: cleanList(dto.objectives),
          tags: uniqueTags(dto.tags),
          shared: dto.shared ?? false,
          createdBy: actor.id,
        }),
      );
      await this.record(manager, actor, course, 'course.created', 'course', course.id, null, {
        code: course.code,
        title: course.title,
        shared: course.shared,
      });
      return course;
    });
  }

  async list(actor: AuthUser, limit = 50, offset = 0): Promise<Page<Course & { lastVersion: number | null }>> {
    const qb = this.dataSource.getRepository(Course).createQueryBuilder('c');
    if (!hasRole(actor, 'platform_admin')) qb.where('c.academy_id = :academyId', { academyId: actor.academyId });
    const [items, total] = await qb.orderBy('c.code', 'ASC').take(limit).skip(offset).getManyAndCount();
    const versions = items.length
      ? await this.dataSource.query<{ course_id: string; number: number }[]>(
          'SELECT course_id, max(number)::int AS number FROM course_versions WHERE course_id = ANY($1) GROUP BY course_id',
          [items.map((c) => c.id)],
        )
      : [];
    return { items: items.map((c) => ({ ...c, lastVersion: versions.find((v) => v.course_id === c.id)?.number ?? null })), total };
  }

  async tree(actor: AuthUser, courseId: string, manager: EntityManager = this.dataSource.manager): Promise<CourseTree> {
    const course = await this.editable(manager, actor, courseId);
    return this.treeOf(manager, course);
  }

  private async treeOf(manager: EntityManager, course: Course): Promise<CourseTree> {
    const modules = await manager.find(CourseModule, { where: { courseId: course.id }, order: { position: 'ASC' } });
    const lessons = modules.length
      ? await manager
          .getRepository(Lesson)
          .createQueryBuilder('l')
          .where('l.module_id IN (:...ids)', { ids: modules.map((m) => m.id) })
          .orderBy('l.position', 'ASC')
          .getMany()
      : [];
    const withLessons = modules.map((m) => Object.assign(m, { lessons: lessons.filter((l) => l.moduleId === m.id) }));
    const versions = await manager.find(CourseVersion, {
      where: { courseId: course.id },
      order: { number: 'DESC' },
      select: { id: true, number: true, publishedAt: true, locales: true },
    });
    return {
      course,
      modules: withLessons,
      translation: translationStats({ course, modules: withLessons }),
      versions: versions.map(({ id, number, publishedAt, locales }) => ({ id, number, publishedAt, locales })),
      lessonsTotal: lessons.length,
      durationMinutes: lessons.reduce((sum, l) => sum + l.durationMinutes, 0),
    };
  }

  async update(actor: AuthUser, courseId: string, dto: UpdateCourseDto): Promise<Course> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.editable(manager, actor, courseId, true);
      const before = {
        title: course.title,
        summary: course.summary,
        objectives: course.objectives,
        tags: course.tags,
        shared: course.shared,
      };
      if (dto.title) course.title = clean(dto.title);
      if (dto.summary) course.summary = clean(dto.summary);
      if (dto.objectives) course.objectives = cleanList(dto.objectives);
      if (dto.tags) course.tags = uniqueTags(dto.tags);
      if (dto.shared !== undefined) course.shared = dto.shared;
      await manager.save(course);
      const after = {
        title: course.title,
        summary: course.summary,
        objectives: course.objectives,
        tags: course.tags,
        shared: course.shared,
      };
      await this.record(manager, actor, course, 'course.updated', 'course', course.id, before, after);
      return course;
    });
  }

  // ---- modules and lessons ---------------------------------------------------------------------

  async addModule(actor: AuthUser, courseId: string, dto: CreateModuleDto): Promise<CourseModule> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.editable(manager, actor, courseId, true);
      const [{ next }] = await manager.query<{ next: number }[]>(
        'SELECT coalesce(max(position), 0)::int + 1 AS next FROM course_modules WHERE course_id = $1',
        [course.id],
      );
      const scenario = clean(dto.scenario);
      const module = await manager.save(
        manager.create(CourseModule, {
          courseId: course.id,
          position: next,
          title: clean(dto.title),
          objectives: cleanList(dto.objectives),
          scenario,
          scenarioHtml: renderLocaleMap(scenario),
          tags: uniqueTags(dto.tags),
        }),
      );
      await this.record(manager, actor, course, 'module.created', 'module', module.id, null, {
        title: module.title,
        position: module.position,
      });
      return module;
    });
  }

  async updateModule(actor: AuthUser, moduleId: string, dto: UpdateModuleDto): Promise<CourseModule> {
    return this.dataSource.transaction(async (manager) => {
      const { module, course } = await this.moduleOf(manager, actor, moduleId);
      const before = { title: module.title, objectives: module.objectives, scenario: module.scenario, tags: module.tags };
      if (dto.title) module.title = clean(dto.title);
      if (dto.objectives) module.objectives = cleanList(dto.objectives);
      if (dto.scenario) {
        module.scenario = clean(dto.scenario);
        module.scenarioHtml = renderLocaleMap(module.scenario);
      }
      if (dto.tags) module.tags = uniqueTags(dto.tags);
      await manager.save(module);
      await this.record(manager, actor, course, 'module.updated', 'module', module.id, before, {
        title: module.title,
        objectives: module.objectives,
        scenario: module.scenario,
        tags: module.tags,
      });
      return module;
    });
  }

  async addLesson(actor: AuthUser, moduleId: string, dto: CreateLessonDto): Promise<Lesson> {
    return this.dataSource.transaction(async (manager) => {
      const { module, course } = await this.moduleOf(manager, actor, moduleId);
      await manager.query('SELECT 1 FROM course_modules WHERE id = $1 FOR UPDATE', [module.id]);
      const [{ next }] = await manager.query<{ next: number }[]>(
        'SELECT coalesce(max(position), 0)::int + 1 AS next FROM lessons WHERE module_id = $1',
        [module.id],
      );
      const body = clean(dto.body);
      const lesson = await manager.save(
        manager.create(Lesson, {
          moduleId: module.id,
          position: next,
          title: clean(dto.title),
          body,
          bodyHtml: renderLocaleMap(body),
          durationMinutes: dto.durationMinutes,
          tags: uniqueTags(dto.tags),
        }),
      );
      await this.record(manager, actor, course, 'lesson.created', 'lesson', lesson.id, null, {
        moduleId: module.id,
        title: lesson.title,
        durationMinutes: lesson.durationMinutes,
      });
      return lesson;
    });
  }

  async updateLesson(actor: AuthUser, lessonId: string, dto: UpdateLessonDto): Promise<Lesson> {
    return this.dataSource.transaction(async (manager) => {
      const { lesson, course } = await this.lessonOf(manager, actor, lessonId);
      const before = { title: lesson.title, body: lesson.body, durationMinutes: lesson.durationMinutes, tags: lesson.tags };
      if (dto.title) lesson.title = clean(dto.title);
      if (dto.body) {
        lesson.body = clean(dto.body);
        lesson.bodyHtml = renderLocaleMap(lesson.body);
      }
      if (dto.durationMinutes !== undefined) lesson.durationMinutes = dto.durationMinutes;
      if (dto.tags) lesson.tags = uniqueTags(dto.tags);
      await manager.save(lesson);
      await this.record(manager, actor, course, 'lesson.updated', 'lesson', lesson.id, before, {
        title: lesson.title,
        body: lesson.body,
        durationMinutes: lesson.durationMinutes,
        tags: lesson.tags,
      });
      return lesson;
    });
  }

  /** Swaps a module with its neighbour (the up/down buttons; works without JavaScript). */
  async moveModule(actor: AuthUser, moduleId: string, direction: 'up' | 'down'): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { module, course } = await this.moduleOf(manager, actor, moduleId);
      await this.editable(manager, actor, course.id, true);
      const siblings = await manager.find(CourseModule, { where: { courseId: course.id }, order: { position: 'ASC' } });
      if (await this.swap(manager, CourseModule, siblings, module.id, direction)) {
        await this.record(manager, actor, course, 'module.moved', 'module', module.id, null, { direction });
      }
    });
  }

  async moveLesson(actor: AuthUser, lessonId: string, direction: 'up' | 'down'): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { lesson, module, course } = await this.lessonOf(manager, actor, lessonId);
      await manager.query('SELECT 1 FROM course_modules WHERE id = $1 FOR UPDATE', [module.id]);
      const siblings = await manager.find(Lesson, { where: { moduleId: module.id }, order: { position: 'ASC' } });
      if (await this.swap(manager, Lesson, siblings, lesson.id, direction)) {
        await this.record(manager, actor, course, 'lesson.moved', 'lesson', lesson.id, null, { direction });
      }
    });
  }

  private async swap<T extends { id: string; position: number }>(
    manager: EntityManager,
    entity: new () => T,
    siblings: T[],
    id: string,
    direction: 'up' | 'down',
  ): Promise<boolean> {
    const index = siblings.findIndex((s) => s.id === id);
    const other = siblings[direction === 'up' ? index - 1 : index + 1];
    if (index < 0 || !other) return false;
    const mine = siblings[index];
    const [a, b] = [mine.position, other.position];
    await manager.update(entity, mine.id, { position: b } as never);
    await manager.update(entity, other.id, { position: a } as never);
    return true;
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
      const course = await this.editable(manager, actor, courseId, true);
      const tree = await this.treeOf(manager, course);
      const fields = new Map(translatableFields(tree).map((f) => [f.key, f]));
      const changed: string[] = [];
      const modules = new Map(tree.modules.map((m) => [m.id, m]));
      const lessons = new Map(tree.modules.flatMap((m) => m.lessons).map((l) => [l.id, l]));
      for (const { key, text } of entries) {
        const field = fields.get(key);
        if (!field) throw new BadInput('unknown_field', { key });
        const value = text.replace(/\r\n/g, '\n').trim();
        if ((field.value[locale] ?? '') === value) continue;
        changed.push(key);
        const set = (map: LocaleMap): LocaleMap => {
          const next = { ...map };
          if (value) next[locale] = value;
          else delete next[locale];
          return next;
        };
        const [kind, id, prop, index] = key.split(':');
        if (kind === 'course') {
          if (id === 'title') course.title = set(course.title);
          else if (id === 'summary') course.summary = set(course.summary);
          else course.objectives[Number(prop)] = set(course.objectives[Number(prop)]);
        } else if (kind === 'module') {
          const module = modules.get(id)!;
          if (prop === 'title') module.title = set(module.title);
          else if (prop === 'scenario') {
            module.scenario = set(module.scenario);
            module.scenarioHtml = { ...module.scenarioHtml, [locale]: value ? renderMarkdown(value) : undefined };
            if (!value) delete module.scenarioHtml[locale];
          } else module.objectives[Number(index)] = set(module.objectives[Number(index)]);
        } else {
          const lesson = lessons.get(id)!;
          if (prop === 'title') lesson.title = set(lesson.title);
          else {
            lesson.body = set(lesson.body);
            lesson.bodyHtml = { ...lesson.bodyHtml, [locale]: value ? renderMarkdown(value) : undefined };
            if (!value) delete lesson.bodyHtml[locale];
          }
        }
      }
      if (changed.length) {
        await manager.save(course);
        await manager.save([...modules.values()].map(({ lessons: _lessons, ...m }) => manager.create(CourseModule, m)));
        await manager.save([...lessons.values()]);
        await this.record(manager, actor, course, 'course.translated', 'course', course.id, null, { locale, fields: changed });
      }
      return translationStats(await this.treeOf(manager, course));
    });
  }

  // ---- publishing -----------------------------------------------------------------------------------

  /** Freezes the whole tree into version n+1, with what the registered contributors add. */
  async publish(actor: AuthUser, courseId: string): Promise<CourseVersion> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.editable(manager, actor, courseId, true);
      const tree = await this.treeOf(manager, course);
      if (tree.lessonsTotal === 0) throw new Unprocessable('course_has_no_lessons');
      const snapshot: VersionSnapshot = {
        course: {
          id: course.id,
          academyId: course.academyId,
          code: course.code,
          title: course.title,
          summary: course.summary,
          objectives: course.objectives,
          tags: course.tags,
          shared: course.shared,
        },
        modules: tree.modules.map((m) => ({
          id: m.id,
          position: m.position,
          title: m.title,
          objectives: m.objectives,
          scenarioHtml: m.scenarioHtml,
          tags: m.tags,
          lessons: m.lessons.map((l) => ({
            id: l.id,
            position: l.position,
            title: l.title,
            bodyHtml: l.bodyHtml,
            durationMinutes: l.durationMinutes,
            tags: l.tags,
          })),
        })),
        lessonsTotal: tree.lessonsTotal,
        durationMinutes: tree.durationMinutes,
        contributions: {},
      };
      for (const contributor of this.contributors.all())
        snapshot.contributions[contributor.key] = await contributor.contribute(manager, snapshot);
      const number = (tree.versions[0]?.number ?? 0) + 1;
      const version = await manager.save(
        manager.create(CourseVersion, {
          courseId: course.id,
          number,
          publishedAt: new Date(),
          publishedBy: actor.id,
          locales: completeLocales(tree),
          snapshot,
        }),
      );
      await this.record(manager, actor, course, 'course.published', 'course_version', version.id, null, {
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
    const version = await this.dataSource.getRepository(CourseVersion).findOneBy({ id: versionId });
    if (!version) throw new NotFound('course_version');
    const owner = hasRole(actor, 'trainer', 'academy_admin', 'platform_admin') && canSeeAcademy(actor, version.snapshot.course.academyId);
    // A shared curriculum is open to every signed-in reader, as the catalogue shows it: its lessons and rules, not its answers.
    const standing = owner ? 'staff' : ((await relation(version.id)) ?? (version.snapshot.course.shared ? 'learner' : undefined));
    if (!standing) throw new NotFound('course_version');
    if (standing === 'staff') return Object.assign(version, { view: 'staff' as const });
    const snapshot = { ...version.snapshot, contributions: this.contributors.learnerView(version.snapshot.contributions) };
    return Object.assign(version, { snapshot, view: 'learner' as const });
  }

  /** Published versions read so far: they never change, so each is read once per process (bounded, see VersionCache). */
  private readonly versionCache = new VersionCache();

  /** The academy that owns the course, or undefined when there is no such course (no access check). */
  async academyOf(courseId: string, manager: EntityManager = this.dataSource.manager): Promise<string | undefined> {
    return (await manager.findOneBy(Course, { id: courseId }))?.academyId;
  }

  /**
   * A published version's frozen content, for other contexts: the one cached reader of
   * `course_versions` outside courses. Not an access check: the caller has already decided the
   * reader may see it (cohorts' staff, enrolled learners, the issuer). The answer is frozen and
   * shared by every caller. `manager` lets a caller inside a transaction read on its own connection;
   * only committed versions are ever asked for (cohorts reference them by foreign key).
   */
  async snapshot(versionId: string, manager: EntityManager = this.dataSource.manager): Promise<PublishedVersion> {
    const cached = this.versionCache.get(versionId);
    if (cached) return cached;
    const version = await manager.findOneBy(CourseVersion, { id: versionId });
    if (!version) throw new NotFound('course_version');
    return this.versionCache.set(version);
  }

  /** The newest published version of each course the reader may see, in the reader's locale. */
  async catalog(locale: Locale, reader?: AuthUser, academyCode?: string): Promise<Page<CatalogEntry>> {
    // The academy named by its code is identity's to resolve; an unknown code adds no courses.
    const namedAcademy = academyCode ? await this.academies.byCode(academyCode) : null;
    const rows = await this.dataSource.query<(CourseVersion & { academy_id: string; shared: boolean })[]>(
      `SELECT DISTINCT ON (v.course_id) v.id, v.course_id AS "courseId", v.number, v.locales, v.snapshot, v.published_at AS "publishedAt",
              c.academy_id, c.shared
         FROM course_versions v JOIN courses c ON c.id = v.course_id
        WHERE ($1::boolean OR c.shared OR c.academy_id = $2::uuid OR c.academy_id = $3::uuid)
        ORDER BY v.course_id, v.number DESC`,
      [reader ? hasRole(reader, 'platform_admin') : false, reader?.academyId ?? null, namedAcademy?.id ?? null],
    );
    const items = rows.map((row): CatalogEntry => {
      const s = row.snapshot;
      // requested -> the reader's academy default -> en (ARCHITECTURE.md); never the owner's language.
      const fallback = [reader?.academyLocale];
      const title = pick(s.course.title, locale, ...fallback);
      const translation = translationStats({
        course: { ...s.course },
        modules: s.modules.map((m) => ({
          id: m.id,
          title: m.title,
          objectives: m.objectives,
          scenario: m.scenarioHtml,
          lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, body: l.bodyHtml })),
        })),
      });
      return {
        courseId: row.courseId,
        versionId: row.id,
        number: row.number,
        code: s.course.code,
        title: title.text,
        summary: pick(s.course.summary, locale, ...fallback).text,
        objectives: s.course.objectives.map((o) => pick(o, locale, ...fallback).text),
        tags: s.course.tags,
        academyId: row.academy_id,
        shared: row.shared,
        translation,
        locales: row.locales,
        lessonsTotal: s.lessonsTotal,
        durationMinutes: s.durationMinutes,
        publishedAt: row.publishedAt,
        fellBack: title.fellBack,
      };
    });
    items.sort((a, b) => a.title.localeCompare(b.title, locale));
    return { items, total: items.length };
  }
}
