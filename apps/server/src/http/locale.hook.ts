import type { FastifyReply, FastifyRequest } from 'fastify';
import { fromAcceptLanguage, isLocale } from '@probity/i18n';
import { type AuthService, type ProbityContext, SESSION_COOKIE } from '@probity/identity';
import { isApiPath } from './exception.filter';

export const LANGUAGE_COOKIE = 'probity_lang';

/**
 * Resolves the answer's locale once per request. API: `?lang=`, then Accept-Language, then the
 * user's own, then the academy's (API.md). Pages honour the language a person picked in the
 * switcher (a cookie) before their own setting, and their own setting before what the browser sends
 * (`sessionLocale`, below, for every page, public ones included).
 */
export function resolveLocale(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const query = (request.query as Record<string, unknown> | undefined)?.lang;
  const api = isApiPath(request.url);
  const cookie = api ? undefined : request.cookies?.[LANGUAGE_COOKIE];
  const header = fromAcceptLanguage(request.headers['accept-language']);
  let explicit = isLocale(query) ? query : isLocale(cookie) ? cookie : header;
  if (!api && isLocale(query)) {
    void reply.setCookie(LANGUAGE_COOKIE, query, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  }
  // A browser always sends Accept-Language; on pages it yields to the user's own setting.
  if (!api && !isLocale(query) && !isLocale(cookie)) explicit = undefined;
  const context: ProbityContext = {
    locale: explicit ?? header ?? 'en',
    localeExplicit: explicit !== undefined,
    requestId: String(request.id),
  };
  (request as unknown as { probity: ProbityContext }).probity = context;
  done();
}

/** What is served beside the pages and never shows text: files, fonts, keys, status lists, the verifier's worker. */
const NOT_PAGES = /^\/(assets|fonts|status|academies)\/|^\/verify\/sw\.js|^\/favicon/;

/**
 * Pages (issue 17 point 1): a signed-in person who did not pick a language in the language bar reads every page in
 * their own language, public pages (verification, privacy notices, certificates of participation) included; an
 * anonymous visitor gets the bar's choice, then the browser's. The session is read once here and left on the request
 * for the session guard.
 */
export function sessionLocale(auth: AuthService) {
  return async (request: FastifyRequest): Promise<void> => {
    const probity = (request as unknown as { probity?: ProbityContext }).probity;
    if (!probity || probity.localeExplicit || isApiPath(request.url) || NOT_PAGES.test(request.url)) return;
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (typeof cookie !== 'string' || !cookie || cookie.length > 100) return;
    const session = await auth.resumeSession(cookie);
    probity.session = session ?? null;
    if (session) probity.locale = session.user.locale;
  };
}
