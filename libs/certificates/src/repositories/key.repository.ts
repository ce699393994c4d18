import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AcademySigningKey } from '../entities/academy-key.entity';

/** Academies' signing keys (`academy_keys`). Writes and locks take the caller's manager first; reads take it last. */
@Injectable()
export class KeyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The academy's newest key not retired, if any. */
  active(academyId: string, manager: EntityManager = this.dataSource.manager): Promise<AcademySigningKey | null> {
    return manager.findOne(AcademySigningKey, { where: { academyId, retiredAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  /** Until the caller's transaction ends, no one else makes or retires keys of the academy. */
  async lockAcademy(manager: EntityManager, academyId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`probity:academy-key:${academyId}`]);
  }

  create(
    manager: EntityManager,
    fields: Pick<AcademySigningKey, 'academyId' | 'kid' | 'publicJwk' | 'privateKeyEncrypted'>,
  ): Promise<AcademySigningKey> {
    return manager.save(manager.create(AcademySigningKey, { ...fields, retiredAt: null }));
  }

  /** Retires the academy's keys not yet retired (they still verify what they signed). */
  async retireActive(manager: EntityManager, academyId: string): Promise<void> {
    await manager.update(AcademySigningKey, { academyId, retiredAt: IsNull() }, { retiredAt: new Date() });
  }

  /** Every key, oldest first. */
  all(): Promise<AcademySigningKey[]> {
    return this.dataSource.getRepository(AcademySigningKey).find({ order: { createdAt: 'ASC' } });
  }

  /** The academy's keys, newest first. */
  ofAcademy(academyId: string): Promise<AcademySigningKey[]> {
    return this.dataSource.getRepository(AcademySigningKey).find({ where: { academyId }, order: { createdAt: 'DESC' } });
  }

  byKid(kid: string): Promise<AcademySigningKey | null> {
    return this.dataSource.getRepository(AcademySigningKey).findOneBy({ kid });
  }

  /** Some academy's public key, if there is any key at all. */
  async anyPublicJwk(): Promise<Record<string, string> | undefined> {
    const [key] = await this.dataSource.query<{ public_jwk: Record<string, string> }[]>('SELECT public_jwk FROM academy_keys LIMIT 1');
    return key?.public_jwk;
  }
}
