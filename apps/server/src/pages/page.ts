import type {} from '@fastify/view';
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type FieldViolation, ProbityError, ValidationFailed, validated } from '@probity/i18n';
import type { RequestLike } from '@probity/identity';
import { type Flash, layoutModel } from '@probity/web';
import { toErrorBody, violationMessage } from '../http/errors';

export const FLASH_COOKIE = 'probity_flash';
export const ANON_CSRF_COOKIE = 'probity_csrf';

export function ctx(request: FastifyRequest): RequestLike {
  return request as unknown as RequestLike;
}

/** Renders a page inside the layout; the flash message set by the previous redirect is shown once. */
export async function render(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  titleKey: string,
  model: Record<string, unknown> = {},
  status = 200,
  options: { cache?: string; titleParams?: Record<string, unknown> } = {},
): Promise<void> {
  const flash = readFlash(request, reply);
  await reply
    .status(status)
    .header('cache-control', flash ? 'no-store' : (options.cache ?? 'no-store'))
    .view(`pages/${template}.hbs`, { ...layoutModel(ctx(request), titleKey, flash, options.titleParams), ...model });
}

/** Post/redirect/get: the next page shows `flash`. */
export function redirect(reply: FastifyReply, to: string, flash?: Flash): void {
  if (flash)
    void reply.setCookie(FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString('base64url'), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      maxAge: 60,
    });
  void reply.redirect(to, 303);
}

function readFlash(request: FastifyRequest, reply: FastifyReply): Flash | undefined {
  const raw = request.cookies?.[FLASH_COOKIE];
  if (!raw) return undefined;
  void reply.clearCookie(FLASH_COOKIE, { path: '/' });
  try {
    const flash = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
    const safeKey = typeof flash.key === 'string' && /^[a-z]+:[a-z_.]+$/.test(flash.key);
    return safeKey && ['success', 'error', 'info'].includes(flash.kind)
      ? { kind: flash.kind, key: flash.key, params: flash.params }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A form's fields checked against the same DTO the API uses (`validated`); errors keyed by field, in the page's locale. */
export async function validateForm<T extends object>(
  request: FastifyRequest,
  type: new () => T,
  values: Record<string, unknown>,
): Promise<{ dto: T; errors?: undefined } | { dto?: undefined; errors: Record<string, string> }> {
  try {
    return { dto: await validated(type, values) };
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    return { errors: fieldErrors(request, error.violations) };
  }
}

/** Who runs courses and cohorts: the roles of the staff pages. */
export const STAFF = ['trainer', 'academy_admin', 'platform_admin'] as const;

export function fieldErrors(request: FastifyRequest, violations: FieldViolation[]): Record<string, string> {
  const locale = ctx(request).probity.locale;
  const errors: Record<string, string> = {};
  for (const v of violations)
    errors[v.field] = errors[v.field] ? `${errors[v.field]} ${violationMessage(locale, v)}` : violationMessage(locale, v);
  return errors;
}

/** A domain error raised by a form's action, as a message for the page (field errors when there are some). */
export function formError(request: FastifyRequest, error: unknown): { message: string; errors: Record<string, string> } {
  if (!(error instanceof ProbityError)) throw error;
  const errors = error instanceof ValidationFailed ? fieldErrors(request, error.violations) : {};
  return { message: toErrorBody(error, ctx(request).probity.locale).body.message, errors };
}

/** Forms sent before signing in (the login form) are protected by a double-submit cookie. */
export function anonymousCsrf(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies?.[ANON_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  void reply.setCookie(ANON_CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict' });
  return token;
}

/** A text field of a posted form, trimmed, with Windows line ends made plain; '' when absent. */
export function formText(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : '';
}

/** Checkbox groups arrive as a string when one is ticked and as an array when several are. */
/** Agenda lines as typed in a form, one a line: `2027-05-10 09:30 Securing the scene` (a mission's, an initiative's). */
export function agendaOf(text: string): { day: string; time: string; topic: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = /^(\S+)\s+(\S+)\s+(.*)$/.exec(line);
      return match ? { day: match[1], time: match[2], topic: match[3] } : { day: line, time: '', topic: '' };
    });
}

export function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/**
 * Only paths of this site are followed after login: one `/`, then printable ASCII without a second slash or a
 * backslash right after it, and no backslash, space or control character anywhere (browsers drop tabs and newlines,
 * so `/\t/evil.example` would become `//evil.example`).
 */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && value.length <= 2000 && /^\/(?![/\\])[!-[\]-~]*$/.test(value) ? value : '/dashboard';
}

/** A refused form action as the flash of the next page: the error's own message, in the person's language. */
export function errorFlash(request: FastifyRequest, error: unknown): Flash {
  return { kind: 'error', key: 'common:message', params: { message: formError(request, error).message } };
}
