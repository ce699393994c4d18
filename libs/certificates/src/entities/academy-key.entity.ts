import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An academy's Ed25519 signing key. The private key is stored encrypted with a key derived from
 * PROBITY_SECRET; a rotated key is retired, never deleted, so that what it signed still verifies.
 */
@Entity('academy_keys')
export class AcademySigningKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'academy_id' })
  @Index('academy_keys_academy')
  academyId: string;

  /** `<ACADEMY CODE>-<key id>`, as the JWKS, the JWT header and the Data Integrity proof name it. */
  @Column({ type: 'varchar', length: 64, unique: true })
  kid: string;

  @Column({ type: 'jsonb', name: 'public_jwk' })
  publicJwk: Record<string, string>;

  @Column({ type: 'text', name: 'private_key_encrypted' })
  privateKeyEncrypted: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'retired_at', nullable: true })
  retiredAt: Date | null;
}
