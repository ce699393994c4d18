import type { TableDeclaration } from '@probity/database';

/**
 * What evaluation holds about people (issue 16 point 1): who answered a reaction survey (the day only) and, apart
 * from it, the anonymous answers, whose open texts may still name someone; the supervisors learners named, their
 * follow-up invitations, links and confidential answers; and who set up surveys, waves and indicators. Indicator
 * values are counts over groups, never one person.
 */
export const EVALUATION_PERSONAL_DATA: TableDeclaration[] = [
  {
    table: 'survey_templates',
    context: 'evaluation',
    personal: [
      {
        columns: ['created_by'],
        category: 'survey',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'academy_id', 'code', 'kind', 'title', 'intro', 'copied_from', 'created_at', 'updated_at'],
  },
  {
    table: 'survey_template_items',
    context: 'evaluation',
    personal: [],
    notPersonal: ['id', 'template_id', 'position', 'type', 'scale', 'text', 'options', 'required'],
  },
  {
    table: 'cohort_surveys',
    context: 'evaluation',
    personal: [
      {
        columns: ['created_by'],
        category: 'survey',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'cohort_id', 'academy_id', 'template_id', 'min_responses', 'closed_at', 'created_at'],
  },
  {
    table: 'survey_invitations',
    context: 'evaluation',
    personal: [
      {
        columns: ['user_id', 'answered_on'],
        category: 'survey',
        purpose: 'evaluate_training',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['cohort_survey_id'],
  },
  {
    table: 'survey_responses',
    context: 'evaluation',
    personal: [
      { columns: ['answers'], category: 'survey', purpose: 'evaluate_training', legalBasis: 'public_task', retention: 'survey_anonymous' },
    ],
    notPersonal: ['id', 'cohort_survey_id'],
  },
  {
    table: 'follow_up_waves',
    context: 'evaluation',
    personal: [
      {
        columns: ['created_by'],
        category: 'survey',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: [
      'id',
      'cohort_id',
      'academy_id',
      'months',
      'learner_template_id',
      'supervisor_template_id',
      'min_responses',
      'created_at',
    ],
  },
  {
    table: 'supervisor_contacts',
    context: 'evaluation',
    personal: [
      {
        columns: ['id', 'name'],
        category: 'identity',
        purpose: 'evaluate_training',
        legalBasis: 'consent',
        retention: 'until_consent_withdrawn',
      },
      {
        columns: ['email'],
        category: 'contact',
        purpose: 'evaluate_training',
        legalBasis: 'consent',
        retention: 'until_consent_withdrawn',
      },
      {
        columns: ['user_id', 'locale', 'created_at', 'updated_at', 'withdrawn_at'],
        category: 'survey',
        purpose: 'evaluate_training',
        legalBasis: 'consent',
        retention: 'until_consent_withdrawn',
      },
    ],
    notPersonal: ['cohort_id'],
  },
  {
    table: 'follow_up_invitations',
    context: 'evaluation',
    personal: [
      {
        columns: [
          'learner_id',
          'respondent',
          'contact_id',
          'due_at',
          'sent_at',
          'expires_at',
          'reminders_sent',
          'last_sent_at',
          'answered_at',
        ],
        category: 'survey',
        purpose: 'evaluate_training',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['last_error'],
        category: 'communication',
        purpose: 'messaging',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'wave_id', 'created_at', 'claim_token', 'claimed_until', 'attempts', 'next_attempt_at'],
  },
  {
    table: 'follow_up_links',
    context: 'evaluation',
    personal: [
      {
        columns: ['token_sha256'],
        category: 'survey',
        purpose: 'evaluate_training',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['invitation_id', 'created_at'],
  },
  {
    table: 'follow_up_responses',
    context: 'evaluation',
    personal: [
      {
        columns: ['answers'],
        category: 'survey',
        purpose: 'evaluate_training',
        legalBasis: 'public_task',
        retention: 'answers_two_years_after_cohort',
      },
    ],
    notPersonal: ['invitation_id'],
  },
  {
    table: 'indicators',
    context: 'evaluation',
    personal: [
      {
        columns: ['created_by', 'updated_by'],
        category: 'training',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: [
      'id',
      'academy_id',
      'code',
      'title',
      'description',
      'measure',
      'margin',
      'country',
      'course_id',
      'breakdown',
      'unit',
      'period_kind',
      'baseline_value',
      'baseline_date',
      'target_value',
      'target_date',
      'archived_at',
      'created_at',
      'updated_at',
    ],
  },
  {
    table: 'indicator_values',
    context: 'evaluation',
    personal: [
      {
        columns: ['computed_by'],
        category: 'training',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: [
      'id',
      'indicator_id',
      'period',
      'period_from',
      'period_to',
      'value',
      'n',
      'breakdown_values',
      'source',
      'note',
      'final',
      'computed_at',
    ],
  },
];
