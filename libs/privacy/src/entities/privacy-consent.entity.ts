import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Processing that happens only with a person's consent (issue 16 point 5). */
export const CONSENT_PURPOSES = ['cooperation_directory', 'supervisor_follow_up'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** One grant of a consent, and its withdrawal: the history of a person's consents, one row per grant. */
@Entity('privacy_consents')
export class PrivacyConsent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Column({ type: 'varchar', length: 30 })
  purpose: ConsentPurpose;

  @Column({ type: 'timestamptz', name: 'granted_at', default: () => 'now()' })
  grantedAt: Date;

  @Column({ type: 'timestamptz', name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;
}
