import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Academy } from '../entities/academy.entity';

/**
 * The academies (`academies`). Methods that change rows or lock them run in the caller's transaction
 * and take its manager first; reads take a manager last, the pool's by default.
 */
@Injectable()
export class AcademiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  codeTaken(manager: EntityManager, code: string): Promise<boolean> {
    return manager.existsBy(Academy, { code });
  }

  exists(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(Academy, { id });
  }

  create(manager: EntityManager, fields: Partial<Academy>): Promise<Academy> {
    return manager.save(manager.create(Academy, fields));
  }

  findForUpdate(manager: EntityManager, id: string): Promise<Academy | null> {
    return manager.findOne(Academy, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, academy: Academy): Promise<Academy> {
    return manager.save(academy);
  }

  /** One page of every academy, by code, and how many there are. */
  page(limit: number, offset: number): Promise<[Academy[], number]> {
    return this.dataSource.getRepository(Academy).findAndCount({ order: { code: 'ASC' }, take: limit, skip: offset });
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<Academy | null> {
    return manager.findOneBy(Academy, { id });
  }

  byCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<Academy | null> {
    return manager.findOneBy(Academy, { code });
  }

  /** How many of the ids name an academy (an id given twice counts once). */
  countExisting(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.countBy(
      Academy,
      ids.map((id) => ({ id })),
    );
  }
}
