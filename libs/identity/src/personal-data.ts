import type { TableDeclaration } from '@probity/database';

/**
 * What identity holds about people (issue 16 point 1, the register): the account and profile in `users`, browser
 * sessions, and the login attempts counted per e-mail and client address. `revoked_tokens` holds only the ids of
 * tokens ended early (no user, no address), and academies are institutions, not people.
 */
export const IDENTITY_PERSONAL_DATA: TableDeclaration[] = [
  {
    table: 'academies',
    context: 'identity',
    personal: [],
    notPersonal: ['id', 'code', 'name', 'country', 'default_locale', 'item_review', 'time_zone', 'created_at'],
  },
  {
    table: 'users',
    context: 'identity',
    personal: [
      {
        columns: ['id', 'full_name'],
        category: 'identity',
        purpose: 'manage_accounts',
        legalBasis: 'public_task',
        retention: 'account_lifetime',
      },
      { columns: ['email'], category: 'contact', purpose: 'manage_accounts', legalBasis: 'public_task', retention: 'account_lifetime' },
      {
        columns: ['last_seen_at'],
        category: 'account',
        purpose: 'manage_accounts',
        legalBasis: 'legal_obligation',
        retention: 'account_lifetime',
      },
      {
        columns: ['roles', 'academy_id', 'locale', 'active', 'created_at', 'updated_at', 'erased_at'],
        category: 'account',
        purpose: 'manage_accounts',
        legalBasis: 'public_task',
        retention: 'account_lifetime',
      },
      {
        columns: ['password_hash', 'token_version'],
        category: 'account',
        purpose: 'account_security',
        legalBasis: 'legal_obligation',
        retention: 'account_lifetime',
      },
      {
        columns: ['sex', 'agency_type', 'function'],
        category: 'description',
        purpose: 'report_to_donors',
        legalBasis: 'public_task',
        retention: 'account_lifetime',
      },
      {
        columns: ['agency', 'rank'],
        category: 'description',
        purpose: 'run_training',
        legalBasis: 'public_task',
        retention: 'account_lifetime',
      },
    ],
    notPersonal: [],
  },
  {
    table: 'web_sessions',
    context: 'identity',
    personal: [
      {
        columns: ['token_hash', 'user_id', 'csrf_token', 'created_at', 'expires_at'],
        category: 'account',
        purpose: 'account_security',
        legalBasis: 'legal_obligation',
        retention: 'session_lifetime',
      },
    ],
    notPersonal: [],
  },
  {
    table: 'login_throttles',
    context: 'identity',
    personal: [
      {
        columns: ['email', 'address', 'failures', 'first_at', 'last_at', 'locked_until'],
        category: 'account',
        purpose: 'account_security',
        legalBasis: 'legal_obligation',
        retention: 'session_lifetime',
      },
    ],
    notPersonal: [],
  },
  { table: 'revoked_tokens', context: 'identity', personal: [], notPersonal: ['jti', 'expires_at'] },
];
