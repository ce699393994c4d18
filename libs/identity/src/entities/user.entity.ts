import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AGENCY_TYPES, type AgencyType, PERSON_FUNCTIONS, type PersonFunction, SEXES, type Sex } from '../people';
import { Academy } from './academy.entity';

/**
 * `facility_manager`, `partner_focal_point` and `expert` are the Technical Assistance Facility's (issue 14, ADR 0012):
 * they may belong to no academy (a regional organisation's focal point, an expert from elsewhere).
 */
export const ROLES = [
  'learner',
  'trainer',
  'academy_admin',
  'platform_admin',
  'facility_manager',
  'partner_focal_point',
  'expert',
] as const;
export type Role = (typeof ROLES)[number];

/** `"column" IN ('a', 'b')`: the CHECK constraints of the controlled lists (NULL passes: not recorded). */
const oneOf = (column: string, codes: readonly string[]): string => `"${column}" IN (${codes.map((c) => `'${c}'`).join(', ')})`;

@Entity('users')
@Check('users_sex_check', oneOf('sex', SEXES))
@Check('users_agency_type_check', oneOf('agency_type', AGENCY_TYPES))
@Check('users_function_check', oneOf('function', PERSON_FUNCTIONS))
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case; unique across the platform. */
  @Index('users_email_key', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'text', name: 'password_hash', nullable: true, select: false })
  passwordHash: string | null;

  /** Full name in any script. */
  @Column({ type: 'varchar', length: 200, name: 'full_name' })
  fullName: string;

  @Column({ type: 'text', array: true })
  roles: Role[];

  /** Null only for platform administrators and for people holding only the Facility's roles (`mayBeWithoutAcademy`). */
  @Index('users_academy_id')
  @Column({ type: 'uuid', name: 'academy_id', nullable: true })
  academyId: string | null;

  @ManyToOne(() => Academy, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'academy_id', foreignKeyConstraintName: 'users_academy_fk' })
  academy?: Academy;

  @Column({ type: 'varchar', length: 5 })
  locale: string;

  /** One of SEXES; null: not asked or not recorded (`not_stated`: the person declined to say). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  sex: Sex | null;

  /** One of AGENCY_TYPES (the sector reports count by); null: not recorded. */
  @Column({ type: 'varchar', length: 20, name: 'agency_type', nullable: true })
  agencyType: AgencyType | null;

  /** One of PERSON_FUNCTIONS; null: not recorded. */
  @Column({ type: 'varchar', length: 20, name: 'function', nullable: true })
  function: PersonFunction | null;

  /** The agency's name as the person gives it: detail beside `agencyType`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  agency: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  rank: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** API tokens carry the version they were issued under; raising it (deactivation, password change or reset) ends them all. */
  @Column({ type: 'int', name: 'token_version', default: 0 })
  tokenVersion: number;

  /** When the person was erased at their request or by the retention run (ADR 0014): the row stays, pseudonymised. */
  @Column({ type: 'timestamptz', name: 'erased_at', nullable: true })
  erasedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
