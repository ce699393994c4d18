import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';

/** How an academy's certificates look: emblem, signatories, bilingual by default. */
@Entity('academy_branding')
export class AcademyBranding {
  @PrimaryColumn({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  @Column({ type: 'bytea', nullable: true })
  emblem: Buffer | null;

  @Column({ type: 'varchar', length: 40, name: 'emblem_type', nullable: true })
  emblemType: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  signatories: { name: LocaleMap; title: LocaleMap }[];

  /** National language + English on one certificate, unless a language is asked for. */
  @Column({ type: 'boolean', default: false })
  bilingual: boolean;

  /** Print the final result (percent) on certificates and show it on public verification (off: only attendance and hours). */
  @Column({ type: 'boolean', name: 'print_result', default: false })
  printResult: boolean;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
