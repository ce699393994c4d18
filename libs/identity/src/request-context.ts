import type { Locale } from '@probity/i18n';
import type { AuthUser } from './auth-user';
import type { TokenClaims } from './tokens';

/** What Probity adds to each request: the signed-in user and the locale chosen for the answer. */
export interface ProbityContext {
  auth?: AuthUser;
  /** Routes guarded by the token alone (`@TokenAuth()`): the token's subject, not yet looked up. */
  subject?: string;
  /** API routes: the claims of the bearer token presented (what logout revokes). */
  token?: TokenClaims;
  /** Set by the locale hook; refined once the user is known if nothing explicit was asked for. */
  locale: Locale;
  /** The locale came from `?lang=`, the language cookie or Accept-Language. */
  localeExplicit: boolean;
  /** Pages only: this session's CSRF token, for forms. */
  csrfToken?: string;
  /**
   * Pages only: the page session already resumed by the locale hook (null: the cookie named no live session), so that
   * the session guard does not read it twice. Undefined: not looked at yet.
   */
  session?: { user: AuthUser; csrfToken: string } | null;
  requestId?: string;
}

export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
  probity: ProbityContext;
  url: string;
  method: string;
  ip: string;
}
