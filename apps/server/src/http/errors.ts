import { HttpException } from '@nestjs/common';
import { type FieldViolation, type Locale, ProbityError, ValidationFailed, translate } from '@probity/i18n';

/** Seconds a client is asked to wait (`Retry-After`) when the database cannot be reached. */
export const RETRY_AFTER_SECONDS = 5;

/** Socket errors of a PostgreSQL server that is down, restarting or unreachable. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * SQLSTATEs that mean "not now" rather than "wrong": 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
 * cannot_connect_now (starting or in recovery), 53300 too_many_connections, 57014 query_canceled (statement_timeout),
 * and every connection exception (class 08).
 */
const NOT_NOW = /^(57P0[123]|53300|57014|08...)$/;
/** node-postgres and pg-pool say these in words, without a code: a pool that waited too long, a socket that closed. */
const UNREACHABLE_TEXT =
  /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error|Connection refused/i;

/**
 * Whether an error says PostgreSQL cannot be reached or cannot take more work now (the answer is 503 and
 * Retry-After, not 500). Looks through TypeORM's wrapper (`driverError`), `cause` and an AggregateError's errors.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNREACHABLE.has(e.code) || NOT_NOW.test(e.code))) return true;
  if (typeof e.message === 'string' && UNREACHABLE_TEXT.test(e.message)) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return inner.some((next) => next !== error && isDatabaseUnavailable(next, depth + 1));
}

/** The error body of API.md: `{statusCode, error, message, details}`, message in the caller's locale. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: string;
  details: unknown[];
  /** Validation failures beyond the first `MAX_DETAILS`, counted but not listed. */
  omitted?: number;
}

/** A body can break many rules at once: the first 20 are listed (and translated), the rest only counted. */
export const MAX_DETAILS = 20;

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A field's name as the reader knows it ("Email address"), not as the code spells it. */
export function fieldLabel(locale: Locale, field: string): string {
  const own = translate(locale, `fields:${field}`, { defaultValue: '' });
  if (own || !field.includes('.')) return own || field;
  // A nested field ("languages.1.level", "rules.partner_country.met"): the label of its last named part, and where it
  // sits ("Level (languages.1.level)"), so the reader knows which row.
  const last = field
    .split('.')
    .reverse()
    .find((part) => !/^\d+$/.test(part));
  const label = last ? translate(locale, `fields:${last}`, { defaultValue: '' }) : '';
  return label ? `${label} (${field})` : field;
}

export function violationMessage(locale: Locale, violation: FieldViolation): string {
  const field = fieldLabel(locale, violation.field);
  // The generic message only when the constraint has none of its own (translations are not free: ~50 µs each).
  const own = translate(locale, `validation:${violation.constraint}`, { ...violation.params, field, defaultValue: '' });
  return own || translate(locale, 'validation:invalid', { field });
}

function entityLabel(locale: Locale, params: Record<string, unknown>): Record<string, unknown> {
  return typeof params.entity === 'string' ? { ...params, entity: translate(locale, `errors:entities.${params.entity}`) } : params;
}

/**
 * Turns anything thrown into the status and body the caller sees; `internal` tells the caller to log it, and
 * `retryAfter` (seconds) to send `Retry-After`.
 */
export function toErrorBody(error: unknown, locale: Locale): { body: ErrorBody; internal: boolean; retryAfter?: number } {
  if (error instanceof ValidationFailed) {
    const details = error.violations
      .slice(0, MAX_DETAILS)
      .map((v) => ({ field: v.field, constraint: v.constraint, message: violationMessage(locale, v) }));
    const omitted = error.violations.length - details.length;
    const message = [translate(locale, 'errors:validation_failed', { count: error.violations.length }), ...details.map((d) => d.message)];
    if (omitted > 0) message.push(translate(locale, 'errors:validation_more', { count: omitted }));
    return {
      internal: false,
      body: {
        statusCode: 400,
        error: REASONS[400],
        code: error.code,
        message: message.join(' '),
        details,
        ...(omitted > 0 ? { omitted } : {}),
      },
    };
  }
  if (error instanceof ProbityError) {
    return {
      internal: false,
      body: {
        statusCode: error.status,
        error: REASONS[error.status] ?? 'Error',
        code: error.code,
        message: translate(locale, `errors:${error.code}`, entityLabel(locale, error.params)),
        details: error.details,
      },
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      internal: false,
      retryAfter: RETRY_AFTER_SECONDS,
      body: {
        statusCode: 503,
        error: REASONS[503],
        code: 'service_unavailable',
        message: translate(locale, 'errors:service_unavailable'),
        details: [],
      },
    };
  }
  const status = statusOf(error);
  if (status && status < 500) {
    return {
      internal: false,
      body: {
        statusCode: status,
        error: REASONS[status] ?? 'Error',
        code: `http_${status}`,
        message: translate(locale, `errors:http.${status}`, { defaultValue: translate(locale, 'errors:http.400') }),
        details: [],
      },
    };
  }
  return {
    internal: true,
    body: { statusCode: 500, error: REASONS[500], code: 'internal', message: translate(locale, 'errors:internal'), details: [] },
  };
}

/** The HTTP status of Nest's exceptions and of Fastify's own errors (body too large, bad JSON). */
function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}
