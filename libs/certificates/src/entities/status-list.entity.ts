import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Each academy's signed Bitstring Status List credential, rewritten in every revocation's transaction. */
@Entity('status_lists')
export class StatusList {
  @PrimaryColumn({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  @Column({ type: 'jsonb' })
  credential: Record<string, unknown>;

  @Column({ type: 'text' })
  jwt: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
