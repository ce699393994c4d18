import type { TableDeclaration } from '@probity/database';

/** The personal data of the notices and consents part of the privacy context (issue 16 points 1 and 5). */
export const PRIVACY_PERSONAL_DATA: TableDeclaration[] = [
  {
    table: 'privacy_notices',
    context: 'privacy',
    personal: [
      {
        columns: ['published_by'],
        category: 'audit',
        purpose: 'privacy_notice_publication',
        legalBasis: 'legal_obligation',
        retention: 'account_lifetime',
      },
    ],
    notPersonal: ['id', 'academy_id', 'locale', 'version', 'body', 'published_at'],
  },
  {
    table: 'privacy_acknowledgements',
    context: 'privacy',
    personal: [
      {
        columns: ['user_id', 'academy_id', 'version', 'acknowledged_at'],
        category: 'account',
        purpose: 'privacy_notice_acknowledgement',
        legalBasis: 'legal_obligation',
        retention: 'account_lifetime',
      },
    ],
    notPersonal: ['id'],
  },
  {
    table: 'privacy_consents',
    context: 'privacy',
    personal: [
      {
        columns: ['user_id', 'purpose', 'granted_at', 'withdrawn_at'],
        category: 'account',
        purpose: 'consent_record',
        legalBasis: 'legal_obligation',
        retention: 'account_lifetime',
      },
    ],
    notPersonal: ['id'],
  },
  {
    table: 'privacy_exports',
    context: 'privacy',
    personal: [
      {
        columns: ['user_id', 'requested_by', 'content'],
        category: 'account',
        purpose: 'manage_accounts',
        legalBasis: 'legal_obligation',
        retention: 'session_lifetime',
      },
    ],
    notPersonal: ['id', 'job_id', 'created_at', 'expires_at', 'size'],
  },
  {
    table: 'privacy_retention',
    context: 'privacy',
    personal: [
      {
        columns: ['updated_by'],
        category: 'audit',
        purpose: 'record_responsibility',
        legalBasis: 'legal_obligation',
        retention: 'account_lifetime',
      },
    ],
    notPersonal: ['academy_id', 'answer_texts_years', 'inactive_account_years', 'updated_at'],
  },
  {
    table: 'privacy_retention_runs',
    context: 'privacy',
    personal: [],
    notPersonal: ['id', 'academy_id', 'ran_at', 'answer_texts_cleared', 'accounts_erased', 'job_id'],
  },
];
