import type { TableDeclaration } from './personal-data';

/**
 * The database's own tables in the register (issue 16 point 1): the shared settings (the secret's fingerprint) and the
 * workers' heartbeats (host name and process id of a machine) hold nothing about a person. TypeORM's `migrations` table
 * and pg-boss's schema `pgboss` (the queue, pg-boss's own) are left out of the register.
 */
export const DATABASE_PERSONAL_DATA: TableDeclaration[] = [
  { table: 'settings', context: 'database', personal: [], notPersonal: ['key', 'value', 'created_at'] },
  {
    table: 'worker_heartbeats',
    context: 'database',
    personal: [],
    notPersonal: ['id', 'host', 'pid', 'started_at', 'seen_at', 'draining'],
  },
];
