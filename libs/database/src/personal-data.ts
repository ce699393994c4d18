/**
 * The register of personal data (issue 16 point 1, ADR 0014): each context declares, in code (its `personal-data.ts`,
 * exported from its index as `<CONTEXT>_PERSONAL_DATA`), every column of every
 * entity it owns as personal (with its category, purpose, legal basis and retention) or as not personal. The privacy
 * context gathers the declarations (`REGISTER`), the register page lists them in six languages, and a test fails when an
 * entity has a column that no declaration names.
 */

/** What kind of personal data a column holds. */
export const DATA_CATEGORIES = [
  'identity',
  'contact',
  'description',
  'account',
  'training',
  'assessment',
  'survey',
  'certificate',
  'communication',
  'audit',
  'assistance',
  'cooperation',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** GDPR Art. 6(1): why Probity may process it. */
export const LEGAL_BASES = ['public_task', 'legal_obligation', 'consent', 'contract', 'legitimate_interest'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** How long it is kept, as a code translated on the register page (`register:retention.<code>`). */
export const RETENTION_RULES = [
  'account_lifetime',
  'answers_two_years_after_cohort',
  'certificate_validity',
  'audit_permanent_pseudonymised',
  'survey_anonymous',
  'until_consent_withdrawn',
  'five_years_after_activity',
  'session_lifetime',
] as const;
export type RetentionRule = (typeof RETENTION_RULES)[number];

/** One table's declaration: its personal columns (by database column name) and the columns that are not personal. */
export interface TableDeclaration {
  table: string;
  /** The context that owns it (`libs/<context>`). */
  context: string;
  personal: {
    columns: string[];
    category: DataCategory;
    /** A code translated on the register page (`register:purpose.<code>`; the codes are `PURPOSES` in libs/privacy/src/register.ts). */
    purpose: string;
    legalBasis: LegalBasis;
    retention: RetentionRule;
  }[];
  /** Columns that hold nothing about a person (ids, dates of things, settings, foreign keys to non-person rows). */
  notPersonal: string[];
}
