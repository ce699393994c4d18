import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The PDF rendered by the worker at issue (default language or bilingual); other languages render on request. */
@Entity('certificate_files')
export class CertificateFile {
  @PrimaryColumn({ type: 'uuid', name: 'certificate_id' })
  certificateId: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  variant: string;

  @Column({ type: 'bytea' })
  pdf: Buffer;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
