import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CourseModule } from '../entities/course-module.entity';

/**
 * The modules of course drafts (`course_modules`). Methods that change rows or lock them run in the
 * caller's transaction and take its manager first; reads take a manager last, the pool's by default.
 */
@Injectable()
export class ModulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<CourseModule | null> {
    return manager.findOneBy(CourseModule, { id });
  }

  /** Locks the module's row until the caller's transaction ends (its lessons are renumbered one change at a time). */
  async lock(manager: EntityManager, id: string): Promise<void> {
    await manager.query('SELECT 1 FROM course_modules WHERE id = $1 FOR UPDATE', [id]);
  }

  /** The course's modules in order. */
  ofCourse(courseId: string, manager: EntityManager = this.dataSource.manager): Promise<CourseModule[]> {
    return manager.find(CourseModule, { where: { courseId }, order: { position: 'ASC' } });
  }

  /** The position after the course's last module. */
  async nextPosition(manager: EntityManager, courseId: string): Promise<number> {
    const [{ next }] = await manager.query<{ next: number }[]>(
      'SELECT coalesce(max(position), 0)::int + 1 AS next FROM course_modules WHERE course_id = $1',
      [courseId],
    );
    return next;
  }

  create(manager: EntityManager, fields: Partial<CourseModule>): Promise<CourseModule> {
    return manager.save(manager.create(CourseModule, fields));
  }

  save(manager: EntityManager, module: CourseModule): Promise<CourseModule> {
    return manager.save(module);
  }

  /** Saves the modules' own columns (whatever else the objects carry, such as their lessons, is left out). */
  async saveAll(manager: EntityManager, modules: Partial<CourseModule>[]): Promise<void> {
    await manager.save(modules.map((m) => manager.create(CourseModule, m)));
  }

  async setPosition(manager: EntityManager, id: string, position: number): Promise<void> {
    await manager.update(CourseModule, id, { position });
  }
}
