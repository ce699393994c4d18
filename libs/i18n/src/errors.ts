/**
 * A domain error: a stable code, the HTTP status it maps to and the parameters of its message.
 * The message itself is `errors:<code>` in the caller's locale, chosen by the exception filter.
 */
export class ProbityError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    readonly details: unknown[] = [],
  ) {
    super(code);
  }
}

export class NotFound extends ProbityError {
  constructor(entity: string) {
    super(404, 'not_found', { entity });
  }
}

export class Forbidden extends ProbityError {
  constructor(code = 'forbidden', params: Record<string, unknown> = {}) {
    super(403, code, params);
  }
}

export class Conflict extends ProbityError {
  constructor(code: string, params: Record<string, unknown> = {}) {
    super(409, code, params);
  }
}

export class Unprocessable extends ProbityError {
  constructor(code: string, params: Record<string, unknown> = {}) {
    super(422, code, params);
  }
}

/** More than one request may carry (questions in one import, …): a 413, and nothing was changed. */
export class TooLarge extends ProbityError {
  constructor(code: string, params: Record<string, unknown> = {}) {
    super(413, code, params);
  }
}

export class BadInput extends ProbityError {
  constructor(code: string, params: Record<string, unknown> = {}, details: unknown[] = []) {
    super(400, code, params, details);
  }
}

export class Unauthenticated extends ProbityError {
  constructor(code = 'unauthenticated') {
    super(401, code);
  }
}

/** One failed constraint of a DTO field, translated later into the caller's locale. */
export interface FieldViolation {
  field: string;
  constraint: string;
  params?: Record<string, unknown>;
}

export class ValidationFailed extends ProbityError {
  constructor(readonly violations: FieldViolation[]) {
    super(400, 'validation_failed', { count: violations.length });
  }
}
