import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@probity/identity';
import { CourseAccessService } from './course-access.service';
import type { CreateLessonDto, CreateModuleDto, UpdateLessonDto, UpdateModuleDto } from './dto/course.dto';
import type { CourseModule } from './entities/course-module.entity';
import type { Lesson } from './entities/lesson.entity';
import { renderLocaleMap } from './markdown';
import { LessonsRepository } from './repositories/lessons.repository';
import { ModulesRepository } from './repositories/modules.repository';
import { clean, cleanList, uniqueTags } from './texts';

/** The outline of a course draft: its modules and lessons, added, changed and moved; each change audited. */
@Injectable()
export class CourseOutlineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly modules: ModulesRepository,
    private readonly lessons: LessonsRepository,
    private readonly access: CourseAccessService,
  ) {}

  async addModule(actor: AuthUser, courseId: string, dto: CreateModuleDto): Promise<CourseModule> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.access.editable(manager, actor, courseId, true);
      const position = await this.modules.nextPosition(manager, course.id);
      const scenario = clean(dto.scenario);
      const module = await this.modules.create(manager, {
        courseId: course.id,
        position,
        title: clean(dto.title),
        objectives: cleanList(dto.objectives),
        scenario,
        scenarioHtml: renderLocaleMap(scenario),
        tags: uniqueTags(dto.tags),
      });
      await this.access.record(manager, actor, course, 'module.created', 'module', module.id, null, {
        title: module.title,
        position: module.position,
      });
      return module;
    });
  }

  async updateModule(actor: AuthUser, moduleId: string, dto: UpdateModuleDto): Promise<CourseModule> {
    return this.dataSource.transaction(async (manager) => {
      const { module, course } = await this.access.moduleOf(manager, actor, moduleId);
      const before = { title: module.title, objectives: module.objectives, scenario: module.scenario, tags: module.tags };
      if (dto.title) module.title = clean(dto.title);
      if (dto.objectives) module.objectives = cleanList(dto.objectives);
      if (dto.scenario) {
        module.scenario = clean(dto.scenario);
        module.scenarioHtml = renderLocaleMap(module.scenario);
      }
      if (dto.tags) module.tags = uniqueTags(dto.tags);
      await this.modules.save(manager, module);
      await this.access.record(manager, actor, course, 'module.updated', 'module', module.id, before, {
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
      const { module, course } = await this.access.moduleOf(manager, actor, moduleId);
      await this.modules.lock(manager, module.id);
      const position = await this.lessons.nextPosition(manager, module.id);
      const body = clean(dto.body);
      const lesson = await this.lessons.create(manager, {
        moduleId: module.id,
        position,
        title: clean(dto.title),
        body,
        bodyHtml: renderLocaleMap(body),
        durationMinutes: dto.durationMinutes,
        tags: uniqueTags(dto.tags),
      });
      await this.access.record(manager, actor, course, 'lesson.created', 'lesson', lesson.id, null, {
        moduleId: module.id,
        title: lesson.title,
        durationMinutes: lesson.durationMinutes,
      });
      return lesson;
    });
  }

  async updateLesson(actor: AuthUser, lessonId: string, dto: UpdateLessonDto): Promise<Lesson> {
    return this.dataSource.transaction(async (manager) => {
      const { lesson, course } = await this.access.lessonOf(manager, actor, lessonId);
      const before = { title: lesson.title, body: lesson.body, durationMinutes: lesson.durationMinutes, tags: lesson.tags };
      if (dto.title) lesson.title = clean(dto.title);
      if (dto.body) {
        lesson.body = clean(dto.body);
        lesson.bodyHtml = renderLocaleMap(lesson.body);
      }
      if (dto.durationMinutes !== undefined) lesson.durationMinutes = dto.durationMinutes;
      if (dto.tags) lesson.tags = uniqueTags(dto.tags);
      await this.lessons.save(manager, lesson);
      await this.access.record(manager, actor, course, 'lesson.updated', 'lesson', lesson.id, before, {
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
      const { module, course } = await this.access.moduleOf(manager, actor, moduleId);
      await this.access.editable(manager, actor, course.id, true);
      const siblings = await this.modules.ofCourse(course.id, manager);
      if (await swap(siblings, module.id, direction, (id, position) => this.modules.setPosition(manager, id, position))) {
        await this.access.record(manager, actor, course, 'module.moved', 'module', module.id, null, { direction });
      }
    });
  }

  async moveLesson(actor: AuthUser, lessonId: string, direction: 'up' | 'down'): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { lesson, module, course } = await this.access.lessonOf(manager, actor, lessonId);
      await this.modules.lock(manager, module.id);
      const siblings = await this.lessons.ofModule(module.id, manager);
      if (await swap(siblings, lesson.id, direction, (id, position) => this.lessons.setPosition(manager, id, position))) {
        await this.access.record(manager, actor, course, 'lesson.moved', 'lesson', lesson.id, null, { direction });
      }
    });
  }
}

/** Swaps the positions of `id` and its neighbour among `siblings` (in order); false when there is no neighbour that way. */
async function swap(
  siblings: { id: string; position: number }[],
  id: string,
  direction: 'up' | 'down',
  setPosition: (id: string, position: number) => Promise<void>,
): Promise<boolean> {
  const index = siblings.findIndex((s) => s.id === id);
  const other = siblings[direction === 'up' ? index - 1 : index + 1];
  if (index < 0 || !other) return false;
  const mine = siblings[index];
  const [a, b] = [mine.position, other.position];
  await setPosition(mine.id, b);
  await setPosition(other.id, a);
  return true;
}
