/**
 * What erasure (issue 16 point 3, ADR 0014) deletes or empties in the tables of other contexts, beside what identity
 * (the `users` row, sessions, login limits), certificates (the holder's name in records, kept PDFs and credentials) and
 * the audit chain (the person's personal values) do through their own services. Each step is one statement on rows
 * that belong to the person, found as the export plan finds them (`$1` the person's id; `$2` and `$3` the pseudonym's
 * name and e-mail where a step names them). Like the export plan, it is a deliberate, documented exception to ADR 0005
 * (`scripts/cross-context.py` allows it by name): one list that says what erasure means for every table, checked by a
 * test that scans every text column after an erasure.
 *
 * What stays, and why: attempts, marks' points and grades, attendance, completions and enrolments (numbers and facts
 * of the cohort's statistics and of the certificates); survey answers (anonymous by design); the request texts,
 * mission reports and initiatives' outcome notes a person wrote for an institution (the institution's records, not
 * about the author); consent and acknowledgement ledgers (proof that consent was asked; no text).
 */
export interface ErasureStep {
  table: string;
  /** `delete`: the rows go; `clear`: their texts are emptied, the rows stay. */
  action: 'delete' | 'clear';
  sql: string;
  /** What of the pseudonym the statement takes after the person's id: `$2` its name, and `$3` its e-mail. */
  pseudonym?: 'name' | 'name_email';
}

const MY_ATTEMPTS = `SELECT id FROM attempts WHERE user_id = $1`;
const MY_RESPONSES = `SELECT r.id FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE a.user_id = $1`;
const MY_EXPERT = `SELECT id FROM assistance_experts WHERE user_id = $1`;

export const ERASURE_PLAN: readonly ErasureStep[] = [
  // Messages to the person and the exports made of their data.
  { table: 'notifications', action: 'delete', sql: `DELETE FROM notifications WHERE user_id = $1` },
  { table: 'privacy_exports', action: 'delete', sql: `DELETE FROM privacy_exports WHERE user_id = $1` },
  // Answers: the texts go, the points stay (cohort statistics, certificates' results).
  {
    table: 'responses',
    action: 'clear',
    sql: `UPDATE responses SET value = '{}'::jsonb, comment = NULL
           WHERE attempt_id IN (${MY_ATTEMPTS}) AND (value <> '{}'::jsonb OR comment IS NOT NULL)`,
  },
  {
    table: 'marks',
    action: 'clear',
    sql: `UPDATE marks SET comment = NULL WHERE response_id IN (${MY_RESPONSES}) AND comment IS NOT NULL`,
  },
  {
    table: 'appeals',
    action: 'clear',
    sql: `UPDATE appeals SET reason = '', decision_reason = NULL WHERE user_id = $1 AND (reason <> '' OR decision_reason IS NOT NULL)`,
  },
  {
    table: 'enrolments',
    action: 'clear',
    sql: `UPDATE enrolments SET withdrawal_reason = NULL WHERE user_id = $1 AND withdrawal_reason IS NOT NULL`,
  },
  // Follow-ups: the supervisors the person named (their invitations go with them) and the answers about the person.
  {
    table: 'follow_up_responses',
    action: 'delete',
    sql: `DELETE FROM follow_up_responses WHERE invitation_id IN (SELECT id FROM follow_up_invitations WHERE learner_id = $1)`,
  },
  {
    table: 'follow_up_links',
    action: 'delete',
    sql: `DELETE FROM follow_up_links WHERE invitation_id IN (SELECT id FROM follow_up_invitations WHERE learner_id = $1)`,
  },
  { table: 'supervisor_contacts', action: 'delete', sql: `DELETE FROM supervisor_contacts WHERE user_id = $1` },
  // The facility: comments the person wrote, their focal-point role, their expert profile and participations.
  { table: 'assistance_request_comments', action: 'delete', sql: `DELETE FROM assistance_request_comments WHERE author_id = $1` },
  { table: 'assistance_focal_points', action: 'delete', sql: `DELETE FROM assistance_focal_points WHERE user_id = $1` },
  {
    table: 'assistance_experts',
    action: 'clear',
    sql: `UPDATE assistance_experts SET full_name = $2, email = $3, organisation = '', bio = '' WHERE user_id = $1`,
    pseudonym: 'name_email',
  },
  {
    table: 'assistance_expert_availability',
    action: 'clear',
    sql: `UPDATE assistance_expert_availability SET note = '' WHERE expert_id IN (${MY_EXPERT}) AND note <> ''`,
  },
  {
    table: 'assistance_mission_participants',
    action: 'clear',
    sql: `UPDATE assistance_mission_participants SET full_name = $2, email = NULL, organisation = '' WHERE user_id = $1`,
    pseudonym: 'name',
  },
  // Cooperation: participations and the directory entry.
  {
    table: 'cooperation_participants',
    action: 'clear',
    sql: `UPDATE cooperation_participants SET full_name = $2, email = NULL, organisation = '' WHERE user_id = $1`,
    pseudonym: 'name',
  },
  { table: 'cooperation_directory_entries', action: 'delete', sql: `DELETE FROM cooperation_directory_entries WHERE user_id = $1` },
];

/**
 * Retention of answer texts (issue 16 point 4): the same emptying as erasure's, for every attempt of an academy's
 * cohorts that ended before `$2` (`$1` the academy).
 */
export const CLEAR_ANSWER_TEXTS = `UPDATE responses SET value = '{}'::jsonb, comment = NULL
  WHERE attempt_id IN (SELECT a.id FROM attempts a JOIN cohorts c ON c.id = a.cohort_id WHERE c.academy_id = $1 AND c.ends_on < $2::date)
    AND (value <> '{}'::jsonb OR comment IS NOT NULL)`;
