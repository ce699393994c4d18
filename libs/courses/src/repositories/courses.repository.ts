import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Course } from '../entities/course.entity';

/**
 * The drafts of courses (`courses`). Methods that change rows or lock them run in the caller's
 * transaction and take its manager first; reads take a manager last, the pool's by default.
 */
@Injectable()
export class CoursesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  codeTaken(manager: EntityManager, academyId: string, code: string): Promise<boolean> {
    return manager.existsBy(Course, { academyId, code });
  }

  create(manager: EntityManager, fields: Partial<Course>): Promise<Course> {
    return manager.save(manager.create(Course, fields));
  }

  save(manager: EntityManager, course: Course): Promise<Course> {
    return manager.save(course);
  }

  find(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<Course | null> {
    return manager.findOne(Course, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** One page of courses by code, of one academy or (no academy) all of them, and how many there are. */
  page(academyId: string | null | undefined, all: boolean, limit: number, offset: number): Promise<[Course[], number]> {
    const qb = this.dataSource.getRepository(Course).createQueryBuilder('c');
    if (!all) qb.where('c.academy_id = :academyId', { academyId });
    return qb.orderBy('c.code', 'ASC').take(limit).skip(offset).getManyAndCount();
  }
}
