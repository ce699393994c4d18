import { ASSESSMENTS_PERSONAL_DATA } from '@probity/assessments';
import { ASSISTANCE_PERSONAL_DATA } from '@probity/assistance';
import { AUDIT_PERSONAL_DATA } from '@probity/audit';
import { CERTIFICATES_PERSONAL_DATA } from '@probity/certificates';
import { COHORTS_PERSONAL_DATA } from '@probity/cohorts';
import { COOPERATION_PERSONAL_DATA } from '@probity/cooperation';
import { COURSES_PERSONAL_DATA } from '@probity/courses';
import { DATABASE_PERSONAL_DATA, type TableDeclaration } from '@probity/database';
import { EVALUATION_PERSONAL_DATA } from '@probity/evaluation';
import { IDENTITY_PERSONAL_DATA } from '@probity/identity';
import { JOBS_PERSONAL_DATA } from '@probity/jobs';
import { PRIVACY_PERSONAL_DATA } from './personal-data';

/**
 * The register of personal data (issue 16 point 1, ADR 0014): every context's declarations, in the order of the floors
 * (`docs/architecture.md`). Each table of the public schema is declared once, by the context that owns it, and each
 * of its columns is named once: in a personal group (category, purpose, legal basis, retention) or as not personal.
 *
 * How columns were judged: a column is personal when it says something about an identifiable person or links a row
 * to one: names, e-mails, client addresses, free text a person wrote (answers, comments, notes, reasons, bios,
 * reports, attached files), descriptions (sex, agency, function), what a person did and when (enrolment, attendance,
 * attempts, scores), and the id of a person wherever it stands (`user_id`, `created_by`, `graded_by`, `expert_id`,
 * `participant_id`, `actor_id`). Ids of rows that are not people (cohorts, courses, attempts, invitations) and the dates
 * of things (a course's creation, a session's start) are not personal on their own, even in a row that is about a
 * person: the personal columns of that row say what it holds about them.
 */
export const REGISTER: readonly TableDeclaration[] = [
  ...DATABASE_PERSONAL_DATA,
  ...AUDIT_PERSONAL_DATA,
  ...IDENTITY_PERSONAL_DATA,
  ...JOBS_PERSONAL_DATA,
  ...COURSES_PERSONAL_DATA,
  ...COHORTS_PERSONAL_DATA,
  ...ASSESSMENTS_PERSONAL_DATA,
  ...CERTIFICATES_PERSONAL_DATA,
  ...EVALUATION_PERSONAL_DATA,
  ...ASSISTANCE_PERSONAL_DATA,
  ...COOPERATION_PERSONAL_DATA,
  ...PRIVACY_PERSONAL_DATA,
];

/** The purposes the declarations name, each translated on the register page (`register:purpose.<code>`). */
export const PURPOSES = [
  'manage_accounts',
  'account_security',
  'service_security',
  'run_training',
  'assess_learning',
  'issue_certificates',
  'verify_certificates',
  'evaluate_training',
  'report_to_donors',
  'security_audit',
  'record_responsibility',
  'consent_record',
  'privacy_notice_publication',
  'privacy_notice_acknowledgement',
  'messaging',
  'technical_assistance',
  'cooperation_initiatives',
  'cooperation_network',
] as const;

/** Tables of the public schema that are not Probity's data: TypeORM's list of migrations run. */
export const NOT_REGISTERED = ['migrations', 'typeorm_metadata'] as const;

/** A column as the database or an entity's metadata has it. */
export interface ColumnName {
  table: string;
  column: string;
}

/** What the register misses or gets wrong, each as `table.column` (or `table` for a whole table), sorted. */
export interface RegisterGaps {
  /** Columns that exist and no declaration names. */
  undeclared: string[];
  /** Columns (or tables) declared that do not exist. */
  unknown: string[];
  /** Columns named more than once (in two groups, or personal and not personal), and tables declared twice. */
  repeated: string[];
}

/**
 * Compares declarations with the columns that exist (read from `information_schema` or from TypeORM's metadata):
 * the completeness check of the register. Tables in {@link NOT_REGISTERED} are left out on both sides.
 */
export function registerGaps(declarations: readonly TableDeclaration[], columns: readonly ColumnName[]): RegisterGaps {
  const skip = new Set<string>(NOT_REGISTERED);
  const existing = new Set(columns.filter((c) => !skip.has(c.table)).map((c) => `${c.table}.${c.column}`));
  const existingTables = new Set(columns.map((c) => c.table));
  const declared = new Map<string, number>();
  const tables = new Map<string, number>();
  for (const d of declarations) {
    tables.set(d.table, (tables.get(d.table) ?? 0) + 1);
    for (const column of [...d.personal.flatMap((g) => g.columns), ...d.notPersonal]) {
      const key = `${d.table}.${column}`;
      declared.set(key, (declared.get(key) ?? 0) + 1);
    }
  }
  const unknownTables = [...tables.keys()].filter((t) => !existingTables.has(t));
  return {
    undeclared: [...existing].filter((key) => !declared.has(key)).sort(),
    unknown: [
      ...unknownTables,
      ...[...declared.keys()].filter((key) => !existing.has(key) && !unknownTables.includes(key.slice(0, key.indexOf('.')))),
    ].sort(),
    repeated: [
      ...[...tables].filter(([, n]) => n > 1).map(([t]) => t),
      ...[...declared].filter(([, n]) => n > 1).map(([key]) => key),
    ].sort(),
  };
}
