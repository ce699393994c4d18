import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The Open Badges 3.0 forms of a certificate, signed once on first request and then served as they are. */
@Entity('certificate_credentials')
export class CertificateCredential {
  @PrimaryColumn({ type: 'uuid', name: 'certificate_id' })
  certificateId: string;

  @Column({ type: 'text' })
  jwt: string;

  @Column({ type: 'jsonb' })
  credential: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
