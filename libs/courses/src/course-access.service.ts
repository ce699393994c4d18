import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { NotFound } from '@probity/i18n';
import { type AuthUser, canSeeAcademy } from '@probity/identity';
import type { CourseModule } from './entities/course-module.entity';
import type { Course } from './entities/course.entity';
import type { Lesson } from './entities/lesson.entity';
import { CoursesRepository } from './repositories/courses.repository';
import { LessonsRepository } from './repositories/lessons.repository';
import { ModulesRepository } from './repositories/modules.repository';

/**
 * Who may edit a course draft, decided in one place for the course services: the staff of its academy
 * (any academy for platform administrators); anyone else gets 404. And the audit entries of draft changes.
 */
@Injectable()
export class CourseAccessService {
  constructor(
    private readonly courses: CoursesRepository,
    private readonly modules: ModulesRepository,
    private readonly lessons: LessonsRepository,
    private readonly audit: AuditService,
  ) {}

  /** A course the actor may edit, optionally locked until the transaction ends; else 404. */
  async editable(manager: EntityManager, actor: AuthUser, courseId: string, lock = false): Promise<Course> {
    const course = await this.courses.find(courseId, manager, lock);
    if (!course || !canSeeAcademy(actor, course.academyId)) throw new NotFound('course');
    return course;
  }

  /** A module of a course the actor may edit, with its course; else 404 for the module. */
  async moduleOf(manager: EntityManager, actor: AuthUser, moduleId: string): Promise<{ module: CourseModule; course: Course }> {
    const module = await this.modules.find(moduleId, manager);
    if (!module) throw new NotFound('module');
    return { module, course: await this.editable(manager, actor, module.courseId).catch(() => Promise.reject(new NotFound('module'))) };
  }

  /** A lesson of a course the actor may edit, with its module and course; else 404 for the lesson. */
  async lessonOf(
    manager: EntityManager,
    actor: AuthUser,
    lessonId: string,
  ): Promise<{ lesson: Lesson; module: CourseModule; course: Course }> {
    const lesson = await this.lessons.find(lessonId, manager);
    if (!lesson) throw new NotFound('lesson');
    const { module, course } = await this.moduleOf(manager, actor, lesson.moduleId).catch(() => Promise.reject(new NotFound('lesson')));
    return { lesson, module, course };
  }

  /** An audit entry of a change to the course, in its academy's chain, in the caller's transaction. */
  record(
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
}
