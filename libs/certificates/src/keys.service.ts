import { type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { AcademySigningKey } from './entities/academy-key.entity';
import { KeyRepository } from './repositories/key.repository';
import { type Ed25519PublicJwk, decryptPrivateKey, generateAcademyKey, newKid, publicKeyFromJwk } from './signing';

/** Academies' Ed25519 keys: made on first use, private halves encrypted with PROBITY_SECRET, kept after rotation. */
@Injectable()
export class SigningKeysService {
  private readonly secret: string;
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(
    private readonly repository: KeyRepository,
    config: ConfigService,
  ) {
    this.secret = config.getOrThrow<string>('PROBITY_SECRET');
  }

  /** The academy's current key, made (once, even when two issuers ask at once) if it has none. */
  async current(manager: EntityManager, academyId: string, academyCode: string): Promise<AcademySigningKey> {
    const existing = await this.repository.active(academyId, manager);
    if (existing) return existing;
    await this.repository.lockAcademy(manager, academyId);
    return (await this.repository.active(academyId, manager)) ?? this.create(manager, academyId, academyCode);
  }

  private create(manager: EntityManager, academyId: string, academyCode: string): Promise<AcademySigningKey> {
    const kid = newKid(academyCode);
    const made = generateAcademyKey(this.secret, kid);
    return this.repository.create(manager, {
      academyId,
      kid,
      publicJwk: { ...made.publicJwk },
      privateKeyEncrypted: made.privateKeyEncrypted,
    });
  }

  /** Rotation: the current key is retired (it still verifies what it signed) and a new one made. */
  async rotate(manager: EntityManager, academyId: string, academyCode: string): Promise<AcademySigningKey> {
    await this.repository.lockAcademy(manager, academyId);
    await this.repository.retireActive(manager, academyId);
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
    return this.repository.all();
  }

  /** An academy's keys, newest first, retired ones too (its certificate design page). */
  academyKeys(academyId: string): Promise<AcademySigningKey[]> {
    return this.repository.ofAcademy(academyId);
  }

  byKid(kid: string): Promise<AcademySigningKey | null> {
    return this.repository.byKid(kid);
  }
}
