import { type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AcademySigningKey } from './entities/academy-key.entity';
import { type Ed25519PublicJwk, decryptPrivateKey, generateAcademyKey, newKid, publicKeyFromJwk } from './signing';

/** Academies' Ed25519 keys: made on first use, private halves encrypted with PROBITY_SECRET, kept after rotation. */
@Injectable()
export class SigningKeysService {
  private readonly secret: string;
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ConfigService,
  ) {
    this.secret = config.getOrThrow<string>('PROBITY_SECRET');
  }

  /** The academy's current key, made (once, even when two issuers ask at once) if it has none. */
  async current(manager: EntityManager, academyId: string, academyCode: string): Promise<AcademySigningKey> {
    const existing = await this.active(manager, academyId);
    if (existing) return existing;
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`probity:academy-key:${academyId}`]);
    return (await this.active(manager, academyId)) ?? this.create(manager, academyId, academyCode);
  }

  private active(manager: EntityManager, academyId: string): Promise<AcademySigningKey | null> {
    return manager.findOne(AcademySigningKey, { where: { academyId, retiredAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  private create(manager: EntityManager, academyId: string, academyCode: string): Promise<AcademySigningKey> {
    const kid = newKid(academyCode);
    const made = generateAcademyKey(this.secret, kid);
    return manager.save(
      manager.create(AcademySigningKey, {
        academyId,
        kid,
        publicJwk: { ...made.publicJwk },
        privateKeyEncrypted: made.privateKeyEncrypted,
        retiredAt: null,
      }),
    );
  }

  /** Rotation: the current key is retired (it still verifies what it signed) and a new one made. */
  async rotate(manager: EntityManager, academyId: string, academyCode: string): Promise<AcademySigningKey> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`probity:academy-key:${academyId}`]);
    await manager.update(AcademySigningKey, { academyId, retiredAt: IsNull() }, { retiredAt: new Date() });
    return this.create(manager, academyId, academyCode);
  }

  privateKey(key: AcademySigningKey): KeyObject {
    let found = this.privateKeys.get(key.kid);
    if (!found) {
      found = decryptPrivateKey(this.secret, key.privateKeyEncrypted);
      this.privateKeys.set(key.kid, found);
    }
    return found;
  }

  publicKey(jwk: Record<string, string>): KeyObject {
    let found = this.publicKeys.get(jwk.kid);
    if (!found) {
      found = publicKeyFromJwk(jwk as unknown as Ed25519PublicJwk);
      this.publicKeys.set(jwk.kid, found);
    }
    return found;
  }

  /** Every key ever used, retired ones too: what `/.well-known/jwks.json` publishes. */
  async all(): Promise<AcademySigningKey[]> {
    return this.dataSource.getRepository(AcademySigningKey).find({ order: { createdAt: 'ASC' } });
  }

  /** An academy's keys, newest first, retired ones too (its certificate design page). */
  academyKeys(academyId: string): Promise<AcademySigningKey[]> {
    return this.dataSource.getRepository(AcademySigningKey).find({ where: { academyId }, order: { createdAt: 'DESC' } });
  }

  byKid(kid: string): Promise<AcademySigningKey | null> {
    return this.dataSource.getRepository(AcademySigningKey).findOneBy({ kid });
  }
}
