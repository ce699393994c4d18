import type { TableDeclaration } from '@probity/database';

/**
 * What the audit trail holds about people (issue 16 point 1): who did what and when (`actor_id`, `at`), which row it
 * touched (`entity_id`, a person's id when the row is a person), and the row's values before and after, which may
 * hold names, e-mails and texts. Kept for good, pseudonymised on erasure (ADR 0014).
 */
export const AUDIT_PERSONAL_DATA: TableDeclaration[] = [
  {
    table: 'audit_entries',
    context: 'audit',
    personal: [
      {
        columns: ['actor_id', 'at', 'entity_id', 'before', 'after'],
        category: 'audit',
        purpose: 'security_audit',
        legalBasis: 'legal_obligation',
        retention: 'audit_permanent_pseudonymised',
      },
    ],
    notPersonal: ['id', 'academy_id', 'action', 'entity_type', 'prev_hash', 'hash'],
  },
];
