import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CertificateCredential } from '../entities/certificate-credential.entity';
import { StatusList } from '../entities/status-list.entity';

/**
 * What is published for other systems: each certificate's signed Open Badges credential
 * (`certificate_credentials`) and each academy's signed status list (`status_lists`).
 */
@Injectable()
export class CredentialRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- Open Badges credentials ------------------------------------------------------------------

  findCredential(certificateId: string): Promise<CertificateCredential | null> {
    return this.dataSource.getRepository(CertificateCredential).findOneBy({ certificateId });
  }

  /**
   * Keeps the certificate's credential unless one is kept already (two first requests at once: the
   * first one written wins), and answers the one kept.
   */
  async keepCredential(certificateId: string, jwt: string, credential: Record<string, unknown>): Promise<CertificateCredential> {
    const repository = this.dataSource.getRepository(CertificateCredential);
    await repository
      .createQueryBuilder()
      .insert()
      .values({ certificateId, jwt, credential: credential as never })
      .orIgnore()
      .execute();
    return repository.findOneByOrFail({ certificateId });
  }

  // ---- status lists -----------------------------------------------------------------------------

  findStatusList(academyId: string): Promise<StatusList | null> {
    return this.dataSource.getRepository(StatusList).findOneBy({ academyId });
  }

  hasStatusList(academyId: string): Promise<boolean> {
    return this.dataSource.getRepository(StatusList).existsBy({ academyId });
  }

  /** Until the caller's transaction ends, no one else publishes the academy's status list. */
  async lockStatusList(manager: EntityManager, academyId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`probity:status-list:${academyId}`]);
  }

  /** Writes the academy's status list over the one before; answers it as stored. */
  async putStatusList(manager: EntityManager, fields: StatusList): Promise<StatusList> {
    const list = manager.create(StatusList, fields);
    await manager.query(
      `INSERT INTO status_lists (academy_id, credential, jwt, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (academy_id) DO UPDATE SET credential = EXCLUDED.credential, jwt = EXCLUDED.jwt, updated_at = EXCLUDED.updated_at`,
      [list.academyId, JSON.stringify(list.credential), list.jwt, list.updatedAt],
    );
    return list;
  }
}
