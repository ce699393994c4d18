import type { Locale } from '@probity/i18n';
import type { Role } from './entities/user.entity';

/** Who is asking: what guards and services need of the signed-in user. */
export interface AuthUser {
  id: string;
  email: string;
  fullName: string;
  roles: Role[];
  academyId: string | null;
  locale: Locale;
  /** The academy's default locale, the last fallback before English. */
  academyLocale?: Locale;
  /** The academy's IANA time zone (UTC without an academy): times are entered and shown in it. */
  timeZone?: string;
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}

/** Platform administrators administer every academy; academy administrators their own. */
export function administers(user: AuthUser, academyId: string | null): boolean {
  return hasRole(user, 'platform_admin') || (hasRole(user, 'academy_admin') && academyId !== null && user.academyId === academyId);
}

/** Platform administrators see every academy; everybody else sees only their own. */
export function canSeeAcademy(user: AuthUser, academyId: string | null): boolean {
  return hasRole(user, 'platform_admin') || (academyId !== null && user.academyId === academyId);
}
