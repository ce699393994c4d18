import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Counters taken in the issuing transaction under a row lock: `serial:<year>` (gap-free serials
 * per academy and year) and `status` (the certificate's position in the academy's status list).
 */
@Entity('certificate_counters')
export class CertificateCounter {
  @PrimaryColumn({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  name: string;

  @Column({ type: 'int' })
  value: number;
}
