import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AcademyBranding } from '../entities/academy-branding.entity';

/** How academies' certificates look (`academy_branding`). Writes and locks take the caller's manager first. */
@Injectable()
export class BrandingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(academyId: string, manager: EntityManager = this.dataSource.manager): Promise<AcademyBranding | null> {
    return manager.findOneBy(AcademyBranding, { academyId });
  }

  /** The academy's branding, locked until the caller's transaction ends; null when it has none stored yet. */
  lock(manager: EntityManager, academyId: string): Promise<AcademyBranding | null> {
    return manager.findOne(AcademyBranding, { where: { academyId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Branding not yet stored. */
  draft(fields: Omit<AcademyBranding, 'updatedAt'>): AcademyBranding {
    return this.dataSource.getRepository(AcademyBranding).create(fields);
  }

  save(manager: EntityManager, branding: AcademyBranding): Promise<AcademyBranding> {
    return manager.save(branding);
  }
}
