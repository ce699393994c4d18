import { HttpException } from '@nestjs/common';
import { type FieldViolation, type Locale, ProbityError, ValidationFailed, translate } from '@probity/i18n';

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
  return translate(locale, `fields:${field}`, { defaultValue: field });
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

/** Turns anything thrown into the status and body the caller sees; `internal` tells the caller to log it. */
export function toErrorBody(error: unknown, locale: Locale): { body: ErrorBody; internal: boolean } {
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
