import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** API tokens revoked before their expiry (logout), kept until they would have expired anyway. */
@Entity('revoked_tokens')
@Index('revoked_tokens_expires_at', ['expiresAt'])
export class RevokedToken {
  /** The token's `jti` claim. */
  @PrimaryColumn({ type: 'uuid' })
  jti: string;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;
}
