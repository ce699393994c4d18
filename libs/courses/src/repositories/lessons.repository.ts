import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Lesson } from '../entities/lesson.entity';

/**
 * The lessons of course drafts (`lessons`). Methods that change rows run in the caller's transaction
 * and take its manager first; reads take a manager last, the pool's by default.
 */
@Injectable()
export class LessonsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<Lesson | null> {
    return manager.findOneBy(Lesson, { id });
  }

  /** The lessons of the modules, in order of position. */
  ofModules(moduleIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Lesson[]> {
    if (!moduleIds.length) return Promise.resolve([]);
    return manager
      .getRepository(Lesson)
      .createQueryBuilder('l')
      .where('l.module_id IN (:...ids)', { ids: moduleIds })
      .orderBy('l.position', 'ASC')
      .getMany();
  }

  /** The module's lessons in order. */
  ofModule(moduleId: string, manager: EntityManager = this.dataSource.manager): Promise<Lesson[]> {
    return manager.find(Lesson, { where: { moduleId }, order: { position: 'ASC' } });
  }

  /** The position after the module's last lesson. */
  async nextPosition(manager: EntityManager, moduleId: string): Promise<number> {
    const [{ next }] = await manager.query<{ next: number }[]>(
      'SELECT coalesce(max(position), 0)::int + 1 AS next FROM lessons WHERE module_id = $1',
      [moduleId],
    );
    return next;
  }

  create(manager: EntityManager, fields: Partial<Lesson>): Promise<Lesson> {
    return manager.save(manager.create(Lesson, fields));
  }

  save(manager: EntityManager, lesson: Lesson): Promise<Lesson> {
    return manager.save(lesson);
  }

  async saveAll(manager: EntityManager, lessons: Lesson[]): Promise<void> {
    await manager.save(lessons);
  }

  async setPosition(manager: EntityManager, id: string, position: number): Promise<void> {
    await manager.update(Lesson, id, { position });
  }
}
