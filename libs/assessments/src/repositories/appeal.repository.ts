import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Appeal } from '../entities/grading.entity';

/** Learners' appeals of graded answers (`appeals`). Writes and locks take the caller's manager first. */
@Injectable()
export class AppealRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The appeal, locked until the caller's transaction ends (one decision at a time). */
  lock(manager: EntityManager, id: string): Promise<Appeal | null> {
    return manager.findOne(Appeal, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  hasOpen(responseId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(Appeal, { responseId, status: 'open' });
  }

  create(
    manager: EntityManager,
    fields: Pick<Appeal, 'responseId' | 'cohortId' | 'userId' | 'reason' | 'status' | 'pointsBefore'>,
  ): Promise<Appeal> {
    return manager.save(manager.create(Appeal, fields));
  }

  save(manager: EntityManager, appeal: Appeal): Promise<Appeal> {
    return manager.save(appeal);
  }

  /** The cohort's appeals, oldest first. */
  ofCohort(cohortId: string, manager: EntityManager = this.dataSource.manager): Promise<Appeal[]> {
    return manager.find(Appeal, { where: { cohortId }, order: { createdAt: 'ASC' } });
  }
}
