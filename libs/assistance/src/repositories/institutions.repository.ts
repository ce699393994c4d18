import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';
import type { InstitutionKind } from '../assistance-model';
import { AssistanceInstitution, FocalPoint } from '../entities/institution.entity';

/** The institutions that may ask the facility (`assistance_institutions`) and their focal points (`assistance_focal_points`). */
@Injectable()
export class InstitutionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<AssistanceInstitution | null> {
    return manager.findOneBy(AssistanceInstitution, { id });
  }

  findMany(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<AssistanceInstitution[]> {
    if (!ids.length) return Promise.resolve([]);
    return manager.createQueryBuilder(AssistanceInstitution, 'i').where('i.id = ANY(:ids)', { ids }).getMany();
  }

  /** The institutions of these academies (those that have one). */
  ofAcademies(academyIds: string[], manager: EntityManager = this.dataSource.manager): Promise<AssistanceInstitution[]> {
    if (!academyIds.length) return Promise.resolve([]);
    return manager.createQueryBuilder(AssistanceInstitution, 'i').where('i.academy_id = ANY(:academyIds)', { academyIds }).getMany();
  }

  forAcademy(academyId: string, manager: EntityManager = this.dataSource.manager): Promise<AssistanceInstitution | null> {
    return manager.findOneBy(AssistanceInstitution, { academyId });
  }

  /**
   * The academy's institution, made the first time the academy asks (two first requests at once: the unique index on
   * `academy_id` keeps one row, and both get it). `created` tells the caller to audit it.
   */
  async ensureAcademy(
    manager: EntityManager,
    academyId: string,
    name: LocaleMap,
    country: string,
  ): Promise<{ institution: AssistanceInstitution; created: boolean }> {
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO assistance_institutions (kind, academy_id, name, country) VALUES ('academy', $1, $2, $3)
       ON CONFLICT (academy_id) DO NOTHING RETURNING id`,
      [academyId, JSON.stringify(name), country],
    );
    const institution = await manager.findOneByOrFail(AssistanceInstitution, { academyId });
    return { institution, created: inserted.length > 0 };
  }

  insert(
    manager: EntityManager,
    fields: { kind: InstitutionKind; name: LocaleMap; country: string | null; countries: string[] },
  ): Promise<AssistanceInstitution> {
    return manager.save(manager.create(AssistanceInstitution, { ...fields, academyId: null }));
  }

  async page(limit: number, offset: number): Promise<{ rows: AssistanceInstitution[]; total: number }> {
    const [rows, total] = await this.dataSource
      .getRepository(AssistanceInstitution)
      .createQueryBuilder('i')
      .orderBy('i.kind', 'ASC')
      .addOrderBy(`i.name->>'en'`, 'ASC')
      .addOrderBy('i.id', 'ASC')
      .take(limit)
      .skip(offset)
      .getManyAndCount();
    return { rows, total };
  }

  // ---- focal points -------------------------------------------------------------------------------

  focalPointOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<FocalPoint | null> {
    return manager.findOneBy(FocalPoint, { userId });
  }

  /** The focal points of each institution, oldest first. */
  async focalPoints(institutionIds: string[], manager: EntityManager = this.dataSource.manager): Promise<FocalPoint[]> {
    if (!institutionIds.length) return [];
    return manager
      .createQueryBuilder(FocalPoint, 'f')
      .where('f.institution_id = ANY(:ids)', { ids: institutionIds })
      .orderBy('f.created_at', 'ASC')
      .getMany();
  }

  /** Ties a person to an institution (a person is the focal point of one institution: an earlier tie moves). */
  async tie(manager: EntityManager, userId: string, institutionId: string): Promise<void> {
    await manager.query(
      `INSERT INTO assistance_focal_points (user_id, institution_id) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET institution_id = EXCLUDED.institution_id, created_at = now()`,
      [userId, institutionId],
    );
  }

  /** Unties a person from the institution; false when they were not its focal point. */
  async untie(manager: EntityManager, userId: string, institutionId: string): Promise<boolean> {
    const result = await manager.delete(FocalPoint, { userId, institutionId });
    return (result.affected ?? 0) > 0;
  }
}
