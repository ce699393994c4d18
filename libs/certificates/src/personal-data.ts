import type { TableDeclaration } from '@probity/database';

/**
 * What certificates hold about people (issue 16 point 1): the holder of each certificate and its signed record (name,
 * course, dates, result), its credentials and PDFs (which print the name), who issued and revoked it and why, the
 * signatories printed on an academy's certificates, and the client addresses counted by the rate limits. Keys,
 * counters and status lists hold no person.
 */
export const CERTIFICATES_PERSONAL_DATA: TableDeclaration[] = [
  {
    table: 'certificates',
    context: 'certificates',
    personal: [
      {
        columns: ['user_id', 'record', 'signature', 'locale', 'issued_at'],
        category: 'certificate',
        purpose: 'issue_certificates',
        legalBasis: 'public_task',
        retention: 'certificate_validity',
      },
      {
        columns: ['serial', 'code', 'status_index', 'revoked_at', 'revocation_reason', 'record_sha256', 'holder_erased_at'],
        category: 'certificate',
        purpose: 'verify_certificates',
        legalBasis: 'public_task',
        retention: 'certificate_validity',
      },
      {
        columns: ['issued_by', 'revoked_by'],
        category: 'certificate',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'certificate_validity',
      },
    ],
    notPersonal: ['id', 'academy_id', 'cohort_id', 'enrolment_id', 'kid'],
  },
  {
    table: 'certificate_credentials',
    context: 'certificates',
    personal: [
      {
        columns: ['jwt', 'credential'],
        category: 'certificate',
        purpose: 'verify_certificates',
        legalBasis: 'public_task',
        retention: 'certificate_validity',
      },
    ],
    notPersonal: ['certificate_id', 'created_at'],
  },
  {
    table: 'certificate_files',
    context: 'certificates',
    personal: [
      {
        columns: ['pdf'],
        category: 'certificate',
        purpose: 'issue_certificates',
        legalBasis: 'public_task',
        retention: 'certificate_validity',
      },
    ],
    notPersonal: ['certificate_id', 'variant', 'created_at'],
  },
  { table: 'certificate_counters', context: 'certificates', personal: [], notPersonal: ['academy_id', 'name', 'value'] },
  {
    table: 'academy_keys',
    context: 'certificates',
    personal: [],
    notPersonal: ['id', 'academy_id', 'kid', 'public_jwk', 'private_key_encrypted', 'created_at', 'retired_at'],
  },
  {
    table: 'academy_branding',
    context: 'certificates',
    personal: [
      {
        columns: ['signatories'],
        category: 'certificate',
        purpose: 'issue_certificates',
        legalBasis: 'public_task',
        retention: 'certificate_validity',
      },
    ],
    notPersonal: ['academy_id', 'emblem', 'emblem_type', 'bilingual', 'print_result', 'updated_at'],
  },
  { table: 'status_lists', context: 'certificates', personal: [], notPersonal: ['academy_id', 'credential', 'jwt', 'updated_at'] },
  {
    table: 'rate_limits',
    context: 'certificates',
    personal: [
      {
        columns: ['key', 'window_start', 'count'],
        category: 'account',
        purpose: 'service_security',
        legalBasis: 'legal_obligation',
        retention: 'session_lifetime',
      },
    ],
    notPersonal: [],
  },
];
