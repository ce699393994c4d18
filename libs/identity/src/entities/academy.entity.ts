import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';

/** A national academy: the tenant every user, course and cohort belongs to. */
@Entity('academies')
export class Academy {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Short upper-case code used in serials and key ids: "GE", "UA". */
  @Column({ type: 'varchar', length: 12, unique: true })
  code: string;

  @Column({ type: 'jsonb' })
  name: LocaleMap;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  country: string;

  @Column({ type: 'varchar', length: 5, name: 'default_locale' })
  defaultLocale: string;

  /** When true, question items need a second person's approval before publishing. */
  @Column({ type: 'boolean', name: 'item_review', default: false })
  itemReview: boolean;

  /** IANA time zone: session times are entered and shown in it; certificates are dated in it. */
  @Column({ type: 'varchar', length: 64, name: 'time_zone', default: 'UTC' })
  timeZone: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
