import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A personal value of an audit entry, kept outside the hash (ADR 0014): the entry's `before`/`after` holds its
 * commitment at `path`; the value and its salt stay here until one of its subjects is erased.
 */
@Entity('audit_personal')
export class AuditPersonal {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'bigint', name: 'entry_id' })
  entryId: string;

  @Column({ type: 'text' })
  path: string;

  @Column({ type: 'uuid', array: true, name: 'subject_ids' })
  subjectIds: string[];

  @Column({ type: 'bytea' })
  salt: Buffer;

  @Column({ type: 'jsonb' })
  value: unknown;
}
