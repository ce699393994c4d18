import type { TableDeclaration } from '@probity/database';

/**
 * What background jobs hold about people (issue 16 point 1): who started a job, and the learners a certificate
 * issuance was asked for and issued to (`params.userIds`, `result.issued[].userId`).
 */
export const JOBS_PERSONAL_DATA: TableDeclaration[] = [
  {
    table: 'jobs',
    context: 'jobs',
    personal: [
      {
        columns: ['started_by'],
        category: 'account',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['params', 'result'],
        category: 'certificate',
        purpose: 'issue_certificates',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'kind', 'state', 'done', 'total', 'error', 'academy_id', 'created_at', 'updated_at'],
  },
];
