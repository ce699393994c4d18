import type { TableDeclaration } from '@probity/database';

/**
 * What cohorts hold about people (issue 16 point 1): who trains, who is enrolled and how it ended, attendance, lessons
 * completed and assessments passed, and the messages of the inbox (whose `data` names people and places, and whose
 * mail error may repeat the address). Cohorts and their sessions are events, not people.
 */
export const COHORTS_PERSONAL_DATA: TableDeclaration[] = [
  {
    table: 'cohorts',
    context: 'cohorts',
    personal: [],
    notPersonal: [
      'id',
      'academy_id',
      'course_version_id',
      'name',
      'locale',
      'starts_on',
      'ends_on',
      'capacity',
      'venue',
      'status',
      'completion',
      'created_at',
      'closed_at',
    ],
  },
  {
    table: 'cohort_trainers',
    context: 'cohorts',
    personal: [
      {
        columns: ['user_id'],
        category: 'training',
        purpose: 'run_training',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['cohort_id'],
  },
  {
    table: 'cohort_partners',
    context: 'cohorts',
    personal: [
      {
        columns: ['invited_by', 'decided_by'],
        category: 'training',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['cohort_id', 'academy_id', 'status', 'invited_at', 'decided_at'],
  },
  {
    table: 'enrolments',
    context: 'cohorts',
    personal: [
      {
        columns: ['user_id', 'status', 'enrolled_at', 'completed_at', 'withdrawn_at', 'withdrawal_reason', 'unmet_rules'],
        category: 'training',
        purpose: 'run_training',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['enrolled_by'],
        category: 'training',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'cohort_id'],
  },
  {
    table: 'cohort_sessions',
    context: 'cohorts',
    personal: [],
    notPersonal: ['id', 'cohort_id', 'starts_at', 'ends_at', 'venue', 'title', 'register_taken_at'],
  },
  {
    table: 'attendance',
    context: 'cohorts',
    personal: [
      {
        columns: ['user_id', 'status'],
        category: 'training',
        purpose: 'run_training',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['recorded_by', 'recorded_at'],
        category: 'training',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['session_id'],
  },
  {
    table: 'lesson_completions',
    context: 'cohorts',
    personal: [
      {
        columns: ['user_id', 'completed_at'],
        category: 'training',
        purpose: 'run_training',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['cohort_id', 'lesson_id'],
  },
  {
    table: 'assessment_passes',
    context: 'cohorts',
    personal: [
      {
        columns: ['user_id', 'passed_at'],
        category: 'training',
        purpose: 'run_training',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['cohort_id', 'assessment_id'],
  },
  {
    table: 'notifications',
    context: 'cohorts',
    personal: [
      {
        columns: ['user_id', 'data', 'dedupe_key', 'created_at', 'sent_at', 'read_at', 'last_error'],
        category: 'communication',
        purpose: 'messaging',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'kind', 'attempts', 'claimed_until', 'claim_token', 'next_attempt_at'],
  },
];
