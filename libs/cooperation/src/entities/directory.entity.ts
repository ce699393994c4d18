import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Topic } from '@probity/assistance';

/**
 * A counterpart who opted in to the directory (issue 15 point 3): what they agreed to show, to other opted-in members
 * of initiatives they share and to facility managers only. Opting out deletes the row at once.
 */
@Entity('cooperation_directory_entries')
export class DirectoryEntry {
  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Column({ type: 'varchar', length: 200, name: 'display_name' })
  displayName: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  agency: string;

  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;

  @Column({ type: 'varchar', length: 3, array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'varchar', length: 40, array: true, default: () => "'{}'" })
  topics: Topic[];

  /** A work e-mail or telephone the person chose to share. */
  @Column({ type: 'varchar', length: 300, name: 'work_contact' })
  workContact: string;

  @Column({ type: 'timestamptz', name: 'opted_in_at', default: () => 'now()' })
  optedInAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}

/** Each opt-in and opt-out, kept after the entry is gone: the record of consent, without contact data. */
@Entity('cooperation_directory_consents')
@Index('cooperation_directory_consents_user', ['userId', 'at'])
export class DirectoryConsent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Column({ type: 'varchar', length: 10 })
  action: 'opt_in' | 'opt_out';

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
