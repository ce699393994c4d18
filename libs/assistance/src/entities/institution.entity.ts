import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';
import type { InstitutionKind } from '../assistance-model';

/**
 * An institution that may ask the facility for assistance (ADR 0012): an academy of Probity (one row per academy, made
 * when it first asks), a regional organisation (`countries`: its member countries) or a national agency.
 */
@Entity('assistance_institutions')
@Index('assistance_institutions_academy_key', ['academyId'], { unique: true })
export class AssistanceInstitution {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 30 })
  kind: InstitutionKind;

  /** Identity's academy when `kind` is `academy` (foreign key `assistance_institutions_academy_fk`). */
  @Column({ type: 'uuid', name: 'academy_id', nullable: true })
  academyId: string | null;

  @Column({ type: 'jsonb' })
  name: LocaleMap;

  /** ISO 3166-1 alpha-2; null for a regional organisation. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;

  /** A regional organisation's member countries. */
  @Column({ type: 'varchar', length: 2, array: true, default: () => "'{}'" })
  countries: string[];

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** A person who files requests for an institution (role `partner_focal_point`; academy administrators file for their academy). */
@Entity('assistance_focal_points')
@Index('assistance_focal_points_institution', ['institutionId'])
export class FocalPoint {
  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Column({ type: 'uuid', name: 'institution_id' })
  institutionId: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
