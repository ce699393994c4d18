import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Assessment } from '../entities/assessment.entity';

/** The assessments of courses' drafts (`assessments`); published versions freeze them. */
@Injectable()
export class AssessmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(manager: EntityManager, fields: Omit<Assessment, 'id' | 'createdAt'>): Promise<Assessment> {
    return manager.save(manager.create(Assessment, fields));
  }

  /** The course's assessments, oldest first. */
  ofCourse(courseId: string, manager: EntityManager = this.dataSource.manager): Promise<Assessment[]> {
    return manager.find(Assessment, { where: { courseId }, order: { createdAt: 'ASC' } });
  }
}
