/**
 * Every error code Probity answers with, in one list: the `code` of the API's error body and the key of its
 * message (`errors:<code>`, or `errors:http.<status>` for the `http_<status>` codes), in every locale.
 * A code that is not listed here does not type-check, and `error-codes.spec.ts` fails when a listed code has
 * no message in one of the six locales, or when the source uses a code that is not listed.
 */
export const ERROR_CODES = [
  // the exception filter and validation
  'validation_failed',
  'internal',
  'service_unavailable',
  'not_found',
  'http_400',
  'http_401',
  'http_403',
  'http_404',
  'http_405',
  'http_406',
  'http_409',
  'http_413',
  'http_415',
  'http_422',
  'http_429',
  // request shape, before a handler (apps/server/src/http)
  'body_too_deep',
  'body_too_many_keys',
  'body_too_many_values',
  'bad_text',
  'bad_number',
  'sign_in_to_send',
  // signing in and tokens
  'unauthenticated',
  'invalid_token',
  'invalid_credentials',
  'login_required',
  'too_many_attempts',
  'csrf_failed',
  // who may do what
  'forbidden',
  'role_not_grantable',
  'platform_admin_protected',
  'other_academy',
  'approve_own_item',
  'decider_graded',
  // academies and people
  'academy_code_taken',
  'academy_required',
  'email_taken',
  'cannot_drop_own_admin',
  'cannot_deactivate_self',
  'cannot_erase_self',
  'already_erased',
  'holder_erased',
  'cannot_reset_own_password',
  'csv_expected',
  'csv_unreadable',
  'csv_too_many_lines',
  'csv_missing_columns',
  // courses
  'course_code_taken',
  'course_has_no_lessons',
  'unknown_field',
  // cohorts
  'cohort_closed',
  'no_emails',
  'not_enrolled',
  'invitation_decided',
  // assessments
  'items_not_approved',
  'broken_xml',
  'too_many_questions',
  'no_attempts_left',
  'attempt_expired',
  'attempt_submitted',
  'assessment_not_open',
  'assessment_closed',
  'already_graded',
  'already_marked',
  'not_released',
  'appeal_open',
  'appeal_decided',
  // certificates
  'certificate_revoked',
  'too_many_verifications',
  // evaluation: reaction surveys
  'survey_template_in_use',
  'survey_answered',
  'survey_closed',
  'survey_not_completed',
  'survey_already_answered',
  // evaluation: follow-up waves
  'follow_up_wave_started',
  'follow_up_not_completed',
  'supervisor_contact_locked',
  'follow_up_already_answered',
  'follow_up_closed',
  'follow_up_link_expired',
  'too_many_link_attempts',
  // evaluation: the indicator register
  'indicator_code_taken',
  'indicator_archived',
  'indicator_entered_by_hand',
  'indicator_platform_wide',
  // technical assistance facility
  'request_not_draft',
  'request_moved_on',
  'attachment_type',
  'attachment_too_large',
  'too_many_attachments',
  'not_a_focal_point',
  'expert_email_taken',
  'expert_archived',
  'mission_moved_on',
  'participant_exists',
  'participant_certified',
  'mission_runs_as_cohort',
  'issuing_academy_required',
  'request_not_approved',
  'not_focal_point_role',
  'mission_exists',
  'expert_has_account',
  'report_submitted',
  'report_mission_not_held',
  // cooperation initiatives: outcomes and the directory
  'outcome_reported',
  'outcome_not_due',
  'directory_consent_required',
  'directory_not_participant',
  'directory_opted_in',
  // cooperation initiatives
  'initiative_moved_on',
  'membership_not_accepted',
  'already_member',
  'membership_in_use',
  // personal data: notices and consents
  'privacy_notice_empty',
  'privacy_notice_changed',
  // personal data: retention
  'retention_out_of_range',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_CODE = /^http_(\d{3})$/;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The i18n key of a code's message: `errors:<code>`, or `errors:http.<status>` for an `http_<status>` code. */
export function errorMessageKey(code: ErrorCode): string {
  const http = HTTP_CODE.exec(code);
  return http ? `errors:http.${http[1]}` : `errors:${code}`;
}

/**
 * A domain error: a stable code, the HTTP status it maps to and the parameters of its message.
 * The message itself is `errors:<code>` in the caller's locale, chosen by the exception filter.
 */
export class ProbityError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
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
  constructor(code: ErrorCode = 'forbidden', params: Record<string, unknown> = {}) {
    super(403, code, params);
  }
}

export class Conflict extends ProbityError {
  constructor(code: ErrorCode, params: Record<string, unknown> = {}) {
    super(409, code, params);
  }
}

export class Unprocessable extends ProbityError {
  constructor(code: ErrorCode, params: Record<string, unknown> = {}) {
    super(422, code, params);
  }
}

/** More than one request may carry (questions in one import, …): a 413, and nothing was changed. */
export class TooLarge extends ProbityError {
  constructor(code: ErrorCode, params: Record<string, unknown> = {}) {
    super(413, code, params);
  }
}

export class BadInput extends ProbityError {
  constructor(code: ErrorCode, params: Record<string, unknown> = {}, details: unknown[] = []) {
    super(400, code, params, details);
  }
}

export class Unauthenticated extends ProbityError {
  constructor(code: ErrorCode = 'unauthenticated') {
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
