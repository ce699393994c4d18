import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PrivacyRetention, PrivacyRetentionRun } from '../entities/privacy-retention.entity';

/** An academy's stored periods (no row: the defaults apply). */
export type StoredRetention = Pick<PrivacyRetention, 'academyId' | 'answerTextsYears' | 'inactiveAccountYears' | 'updatedBy' | 'updatedAt'>;

/** One run's line of the report. */
export type StoredRetentionRun = Pick<PrivacyRetentionRun, 'id' | 'ranAt' | 'answerTextsCleared' | 'accountsErased' | 'jobId'>;

/** Retention's statements: the periods per academy and the runs' report (who is due is identity's: `AccountsService.inactive`). */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The stored periods of these academies (those without a row are left out). */
  async periods(academyIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, StoredRetention>> {
    if (!academyIds.length) return new Map();
    const rows = await manager
      .getRepository(PrivacyRetention)
      .createQueryBuilder('r')
      .where('r.academyId IN (:...ids)', { ids: academyIds })
      .getMany();
    return new Map(rows.map((r) => [r.academyId, r]));
  }

  /** Changes to one academy's periods are made one after the other: setting them takes this lock first. */
  async lock(manager: EntityManager, academyId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`privacy_retention:${academyId}`]);
  }

  async save(
    manager: EntityManager,
    row: Pick<PrivacyRetention, 'academyId' | 'answerTextsYears' | 'inactiveAccountYears' | 'updatedBy'>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO privacy_retention (academy_id, answer_texts_years, inactive_account_years, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (academy_id) DO UPDATE
         SET answer_texts_years = EXCLUDED.answer_texts_years, inactive_account_years = EXCLUDED.inactive_account_years,
             updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [row.academyId, row.answerTextsYears, row.inactiveAccountYears, row.updatedBy],
    );
  }

  /** Records what a run did for one academy; answers the row's id. */
  async recordRun(
    manager: EntityManager,
    run: Pick<PrivacyRetentionRun, 'academyId' | 'ranAt' | 'answerTextsCleared' | 'accountsErased' | 'jobId'>,
  ): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO privacy_retention_runs (academy_id, ran_at, answer_texts_cleared, accounts_erased, job_id)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [run.academyId, run.ranAt, run.answerTextsCleared, run.accountsErased, run.jobId],
    );
    return row.id;
  }

  /** An academy's latest runs, the newest first. */
  runs(academyId: string, limit: number): Promise<StoredRetentionRun[]> {
    return this.dataSource.getRepository(PrivacyRetentionRun).find({
      where: { academyId },
      order: { ranAt: 'DESC', id: 'ASC' },
      take: limit,
      select: { id: true, ranAt: true, answerTextsCleared: true, accountsErased: true, jobId: true },
    });
  }
}
