import type { FastifyReply, FastifyRequest } from 'fastify';
import { fromAcceptLanguage, isLocale } from '@probity/i18n';
import type { ProbityContext } from '@probity/identity';
import { isApiPath } from './exception.filter';

export const LANGUAGE_COOKIE = 'probity_lang';

/**
 * Resolves the answer's locale once per request. API: `?lang=`, then Accept-Language, then the
 * user's own, then the academy's (API.md). Pages honour the language a person picked in the
 * switcher (a cookie) before what the browser sends. The user's own is applied by the guards.
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
