import type { TableDeclaration } from '@probity/database';

/**
 * What the audit trail holds about people (issue 16 point 1): who did what and when (`actor_id`, `at`), which row it
 * touched (`entity_id`, a person's id when the row is a person), and the row's values before and after. Names, e-mails
 * and texts in them are commitments (`{"$p": …}`, ADR 0014); the values themselves, with their salts and the people
 * they are about (`subject_ids`), are in `audit_personal`, outside the hash, and deleted when one of those people is
 * erased. Entries are kept for good, pseudonymised on erasure.
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
  {
    table: 'audit_personal',
    context: 'audit',
    personal: [
      {
        columns: ['subject_ids', 'value'],
        category: 'audit',
        purpose: 'security_audit',
        legalBasis: 'legal_obligation',
        retention: 'audit_permanent_pseudonymised',
      },
    ],
    notPersonal: ['id', 'entry_id', 'path', 'salt'],
  },
];
