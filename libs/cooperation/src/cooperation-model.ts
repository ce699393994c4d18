/**
 * Cooperation initiatives' controlled lists (issue 15, ADR 0013): each code is translated under `cooperation:` in
 * every locale and checked by a CHECK constraint in migration 1796530000000.
 */

/** What kind of event an initiative is. */
export const INITIATIVE_FORMATS = ['regional_meeting', 'joint_exercise', 'exchange_visit', 'conference'] as const;
export type InitiativeFormat = (typeof INITIATIVE_FORMATS)[number];

/** Where an initiative stands. */
export const INITIATIVE_STATES = ['planned', 'held', 'closed', 'cancelled'] as const;
export type InitiativeState = (typeof INITIATIVE_STATES)[number];

/**
 * An institution's part in an initiative: an academy other than the initiative's own is `invited` until its
 * administrator accepts (ADR 0009: partners by consent); nothing of its people is listed or added before.
 * Other institutions (regional organisations, agencies) are added by a facility manager as `accepted`.
 */
export const MEMBERSHIP_STATES = ['invited', 'accepted', 'declined'] as const;
export type MembershipState = (typeof MEMBERSHIP_STATES)[number];

/** Where an agreed action item stands. */
export const ACTION_ITEM_STATES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type ActionItemState = (typeof ACTION_ITEM_STATES)[number];

/**
 * What an institution reports back at 3 and 6 months: aggregate counts only, never cases or operational details.
 * Each is a column of `cooperation_outcome_reports`.
 */
export const OUTCOME_COUNTS = [
  'joint_investigations',
  'mla_requests',
  'extradition_requests',
  'joint_operations',
  'information_exchanges',
  'mous_signed',
] as const;
export type OutcomeCount = (typeof OUTCOME_COUNTS)[number];

/** Months after an initiative's last day when each participating institution is asked for its outcomes. */
export const OUTCOME_WAVES = [3, 6] as const;
export type OutcomeWave = (typeof OUTCOME_WAVES)[number];

/** Materials of an initiative: PDF, DOCX, PPTX or XLSX, up to 10 MB each, at most 20 per initiative. */
export const MATERIAL_MAX_BYTES = 10 * 1024 * 1024;
export const MATERIALS_PER_INITIATIVE = 20;
