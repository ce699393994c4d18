/**
 * The Technical Assistance Facility's controlled lists (issue 14, ADR 0012): each code is translated under
 * `assistance:` in every locale and checked by a CHECK constraint in migration 1796500000000.
 */

/** What a request asks expertise in. */
export const TOPICS = [
  'supply_reduction',
  'demand_reduction',
  'case_integrity',
  'financial_investigation',
  'forensics',
  'international_cooperation',
  'human_rights_in_investigation',
  'other',
] as const;
export type Topic = (typeof TOPICS)[number];

/** How the assistance is delivered. */
export const FORMATS = ['expert_mission', 'workshop', 'study_visit', 'short_course'] as const;
export type AssistanceFormat = (typeof FORMATS)[number];

/**
 * Where a request stands: a focal point keeps a `draft` until they `submit` it; a facility manager takes it into
 * `screening`, then approves or rejects it (with a reason). The requester may withdraw it before the decision.
 */
export const REQUEST_STATES = ['draft', 'submitted', 'screening', 'approved', 'rejected', 'withdrawn'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The moves between states, and who makes them: `requester` (a focal point of the institution) or `manager`. */
export const REQUEST_MOVES = {
  submit: { from: ['draft'], to: 'submitted', by: 'requester' },
  withdraw: { from: ['draft', 'submitted', 'screening'], to: 'withdrawn', by: 'requester' },
  screen: { from: ['submitted'], to: 'screening', by: 'manager' },
  approve: { from: ['screening'], to: 'approved', by: 'manager' },
  reject: { from: ['submitted', 'screening'], to: 'rejected', by: 'manager' },
} as const satisfies Record<string, { from: readonly RequestState[]; to: RequestState; by: 'requester' | 'manager' }>;
export type RequestMove = keyof typeof REQUEST_MOVES;

/** The eligibility rules a facility manager screens a request against (each: met, not met, or not yet judged). */
export const ELIGIBILITY_RULES = ['partner_country', 'topic_in_scope', 'dates_feasible', 'no_duplicate'] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

/** An institution that may ask for assistance: an academy of Probity, a regional organisation, a national agency. */
export const INSTITUTION_KINDS = ['academy', 'regional_organisation', 'national_agency'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/** An expert's command of a language, CEFR levels and native. */
export const LANGUAGE_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'] as const;
export type LanguageLevel = (typeof LANGUAGE_LEVELS)[number];

/** Where a mission stands. */
export const MISSION_STATES = ['planned', 'running', 'delivered', 'cancelled'] as const;
export type MissionState = (typeof MISSION_STATES)[number];

/** Attachments of a request: PDF or DOCX, up to 10 MB each, at most 10 per request. */
export const ATTACHMENT_TYPES = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
} as const;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_PER_REQUEST = 10;

/** Where a recommendation of a mission report stands, as its owner marks it. */
export const RECOMMENDATION_STATES = ['not_started', 'in_progress', 'implemented'] as const;
export type RecommendationState = (typeof RECOMMENDATION_STATES)[number];

/** Months after a mission's last day when its recommendations are followed up. */
export const FOLLOW_UP_WAVES = [3, 6] as const;

/** Who evaluates a mission. */
export const EVALUATION_RESPONDENTS = ['participant', 'expert', 'host'] as const;
