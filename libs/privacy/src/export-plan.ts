/**
 * What a person's export (issue 16 point 2, ADR 0014) reads, table by table: the rows that belong to the person, found
 * through the columns of each table that name them. The rule: a row belongs to a person when it is about them (their
 * `users` row; a `user_id`, `learner_id`, `participant_id` or `expert_id` naming them, directly or through the row it
 * hangs from: a response through its attempt, a mark through its response) or when it records what they did in a role
 * (`created_by`, `author_id`, `published_by`, `uploaded_by`, …) and holds nothing about another person. Rows where the
 * person only acted on someone else (a trainer's `recorded_by` on a learner's attendance, a grader's `grader_id` on a
 * learner's mark, an admin's `enrolled_by`) are not exported: they are the other person's data; what the person did is
 * in the audit entries they are the actor of, which are exported.
 *
 * Each `where` is SQL with `$1` the person's id. Secrets (password hashes, session tokens, link tokens) and stored files'
 * bytes are left out (`omit`); the files' names and sizes stay. The plan is read by `ExportRepository` only: the one
 * place where the privacy context reads other contexts' tables by name (a deliberate exception, ADR 0014: the top floor
 * reads every context's rows about one person, read-only; `scripts/cross-context.py` lists it as an allowed reader).
 * `export-plan.spec.ts` fails when a table with personal columns is neither here nor in {@link NOT_LINKABLE}.
 */
export interface ExportPlanEntry {
  table: string;
  /** The section of the summary it is counted under (`export:categories.<category>`). */
  category: ExportCategory;
  where: string;
  omit?: string[];
}

export const EXPORT_CATEGORIES = [
  'profile',
  'account',
  'enrolments',
  'attendance',
  'attempts',
  'grades',
  'appeals',
  'certificates',
  'messages',
  'audit',
  'surveys',
  'follow_ups',
  'assistance',
  'cooperation',
  'directory',
  'consents',
  'authored',
] as const;
export type ExportCategory = (typeof EXPORT_CATEGORIES)[number];

const MY_ATTEMPTS = `SELECT id FROM attempts WHERE user_id = $1`;
const MY_RESPONSES = `SELECT r.id FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE a.user_id = $1`;
const MY_CERTIFICATES = `SELECT id FROM certificates WHERE user_id = $1`;
const MY_EXPERT = `SELECT id FROM assistance_experts WHERE user_id = $1`;
const MY_MISSION_PARTICIPATION = `SELECT id FROM assistance_mission_participants WHERE user_id = $1`;
const MY_INITIATIVE_PARTICIPATION = `SELECT id FROM cooperation_participants WHERE user_id = $1`;

export const EXPORT_PLAN: readonly ExportPlanEntry[] = [
  { table: 'users', category: 'profile', where: `id = $1`, omit: ['password_hash', 'token_version'] },
  { table: 'web_sessions', category: 'account', where: `user_id = $1`, omit: ['token_hash', 'csrf_token'] },
  { table: 'login_throttles', category: 'account', where: `email = (SELECT email FROM users WHERE id = $1)` },
  { table: 'jobs', category: 'account', where: `started_by = $1` },
  { table: 'privacy_acknowledgements', category: 'consents', where: `user_id = $1` },
  { table: 'privacy_consents', category: 'consents', where: `user_id = $1` },
  { table: 'privacy_exports', category: 'account', where: `user_id = $1`, omit: ['content'] },
  { table: 'audit_entries', category: 'audit', where: `actor_id = $1::uuid OR entity_id = $1::text` },
  // The personal values of audit entries (shown opened in audit_entries.json too); the salts stay out.
  { table: 'audit_personal', category: 'audit', where: `subject_ids @> ARRAY[$1::uuid]`, omit: ['salt'] },
  { table: 'enrolments', category: 'enrolments', where: `user_id = $1` },
  { table: 'cohort_trainers', category: 'enrolments', where: `user_id = $1` },
  { table: 'lesson_completions', category: 'enrolments', where: `user_id = $1` },
  { table: 'assessment_passes', category: 'enrolments', where: `user_id = $1` },
  { table: 'attendance', category: 'attendance', where: `user_id = $1` },
  { table: 'attempts', category: 'attempts', where: `user_id = $1` },
  { table: 'responses', category: 'attempts', where: `attempt_id IN (${MY_ATTEMPTS})` },
  { table: 'marks', category: 'grades', where: `response_id IN (${MY_RESPONSES})` },
  { table: 'appeals', category: 'appeals', where: `user_id = $1` },
  { table: 'certificates', category: 'certificates', where: `user_id = $1` },
  { table: 'certificate_credentials', category: 'certificates', where: `certificate_id IN (${MY_CERTIFICATES})` },
  { table: 'certificate_files', category: 'certificates', where: `certificate_id IN (${MY_CERTIFICATES})`, omit: ['pdf'] },
  { table: 'notifications', category: 'messages', where: `user_id = $1`, omit: ['claim_token'] },
  { table: 'survey_invitations', category: 'surveys', where: `user_id = $1` },
  { table: 'supervisor_contacts', category: 'follow_ups', where: `user_id = $1` },
  { table: 'follow_up_invitations', category: 'follow_ups', where: `learner_id = $1`, omit: ['claim_token'] },
  {
    table: 'follow_up_links',
    category: 'follow_ups',
    where: `invitation_id IN (SELECT id FROM follow_up_invitations WHERE learner_id = $1 AND respondent = 'learner')`,
    omit: ['token_sha256'],
  },
  {
    table: 'follow_up_responses',
    category: 'follow_ups',
    where: `invitation_id IN (SELECT id FROM follow_up_invitations WHERE learner_id = $1 AND respondent = 'learner')`,
  },
  { table: 'assistance_focal_points', category: 'assistance', where: `user_id = $1` },
  { table: 'assistance_requests', category: 'assistance', where: `created_by = $1` },
  { table: 'assistance_request_files', category: 'assistance', where: `uploaded_by = $1`, omit: ['content'] },
  { table: 'assistance_request_comments', category: 'assistance', where: `author_id = $1` },
  { table: 'assistance_experts', category: 'assistance', where: `user_id = $1` },
  { table: 'assistance_expert_languages', category: 'assistance', where: `expert_id IN (${MY_EXPERT})` },
  { table: 'assistance_expert_availability', category: 'assistance', where: `expert_id IN (${MY_EXPERT})` },
  { table: 'assistance_mission_experts', category: 'assistance', where: `expert_id IN (${MY_EXPERT})` },
  { table: 'assistance_mission_participants', category: 'assistance', where: `user_id = $1` },
  { table: 'assistance_mission_attendance', category: 'assistance', where: `participant_id IN (${MY_MISSION_PARTICIPATION})` },
  {
    table: 'assistance_participation_certificates',
    category: 'certificates',
    where: `participant_id IN (${MY_MISSION_PARTICIPATION})`,
  },
  { table: 'assistance_mission_reports', category: 'assistance', where: `author_id = $1` },
  { table: 'assistance_evaluation_invitations', category: 'assistance', where: `user_id = $1` },
  { table: 'cooperation_participants', category: 'cooperation', where: `user_id = $1` },
  { table: 'cooperation_attendance', category: 'cooperation', where: `participant_id IN (${MY_INITIATIVE_PARTICIPATION})` },
  { table: 'cooperation_materials', category: 'cooperation', where: `uploaded_by = $1`, omit: ['content'] },
  { table: 'cooperation_outcome_reports', category: 'cooperation', where: `submitted_by = $1` },
  { table: 'cooperation_directory_entries', category: 'directory', where: `user_id = $1` },
  { table: 'cooperation_directory_consents', category: 'directory', where: `user_id = $1` },
  // What the person made or decided in a staff role, in rows that hold nothing about another person.
  { table: 'courses', category: 'authored', where: `created_by = $1` },
  { table: 'course_versions', category: 'authored', where: `published_by = $1`, omit: ['snapshot'] },
  { table: 'cohort_partners', category: 'authored', where: `invited_by = $1 OR decided_by = $1` },
  { table: 'items', category: 'authored', where: `author_id = $1` },
  { table: 'item_revisions', category: 'authored', where: `created_by = $1 OR approved_by = $1` },
  { table: 'assessments', category: 'authored', where: `created_by = $1` },
  { table: 'assessment_releases', category: 'authored', where: `released_by = $1` },
  { table: 'survey_templates', category: 'authored', where: `created_by = $1` },
  { table: 'cohort_surveys', category: 'authored', where: `created_by = $1` },
  { table: 'follow_up_waves', category: 'authored', where: `created_by = $1` },
  { table: 'indicators', category: 'authored', where: `created_by = $1 OR updated_by = $1` },
  { table: 'indicator_values', category: 'authored', where: `computed_by = $1` },
  { table: 'assistance_missions', category: 'authored', where: `created_by = $1` },
  { table: 'assistance_recommendations', category: 'authored', where: `updated_by = $1` },
  { table: 'assistance_recommendation_updates', category: 'authored', where: `"by" = $1` },
  { table: 'cooperation_initiatives', category: 'authored', where: `created_by = $1` },
  { table: 'cooperation_memberships', category: 'authored', where: `invited_by = $1 OR decided_by = $1` },
  { table: 'cooperation_action_items', category: 'authored', where: `updated_by = $1` },
  { table: 'cooperation_action_item_updates', category: 'authored', where: `"by" = $1` },
  { table: 'privacy_notices', category: 'authored', where: `published_by = $1`, omit: ['body'] },
  { table: 'privacy_retention', category: 'authored', where: `updated_by = $1` },
];

/** Tables with personal columns whose rows cannot be tied to one person's account, and why. */
export const NOT_LINKABLE: Readonly<Record<string, string>> = {
  survey_responses: 'Anonymous by design: answers are stored without any link to the invitation or the person.',
  assistance_evaluations: 'Anonymous by design: mission evaluations keep the respondent’s kind, not who answered.',
  academy_branding: 'Signatories are names typed on an academy’s certificate design, not linked to any account.',
  rate_limits: 'Short-lived counters keyed by client address and route, not by account.',
};
