import { type Locale, translate } from '@probity/i18n';
import { type AuthUser, type UsersService, hasRole } from '@probity/identity';
import { violationMessage } from './errors';

/**
 * What API controllers and pages both show the same way: answers built from a service's result for the caller.
 * Pages import these from here, never from an API controller.
 */

/** Whose entries an administrator verifies: the whole chain for platform administrators, else their academy's. */
export function auditScope(user: AuthUser): string | undefined {
  return hasRole(user, 'platform_admin') ? undefined : (user.academyId ?? '00000000-0000-4000-8000-000000000000');
}

/** Import errors with their messages in the caller's language. */
export function importAnswer(
  result: Awaited<ReturnType<UsersService['importCsv']>>,
  locale: Locale,
): { created: number; errors: { line: number; message: string }[] } {
  return {
    created: result.created,
    errors: result.errors.map((error) => ({
      line: error.line,
      message: error.violations?.length
        ? error.violations.map((v) => violationMessage(locale, v)).join(' ')
        : translate(locale, `errors:${error.code}`, error.params),
    })),
  };
}
