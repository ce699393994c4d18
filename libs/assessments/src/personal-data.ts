import type { TableDeclaration } from '@probity/database';

/**
 * What assessments hold about people (issue 16 point 1): a learner's attempts and their scores, the answers they
 * wrote, the marks and comments of graders, appeals and their reasons, and who wrote, approved or released what. The
 * question bank's content is the academy's material.
 */
export const ASSESSMENTS_PERSONAL_DATA: TableDeclaration[] = [
  {
    table: 'items',
    context: 'assessments',
    personal: [
      {
        columns: ['author_id'],
        category: 'assessment',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'course_id', 'status', 'current_revision', 'created_at', 'updated_at'],
  },
  {
    table: 'item_revisions',
    context: 'assessments',
    personal: [
      {
        columns: ['created_by', 'approved_by'],
        category: 'assessment',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'item_id', 'revision', 'content', 'created_at', 'approved_at'],
  },
  {
    table: 'assessments',
    context: 'assessments',
    personal: [
      {
        columns: ['created_by'],
        category: 'assessment',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: [
      'id',
      'course_id',
      'kind',
      'title',
      'item_ids',
      'pass_percent',
      'time_limit_minutes',
      'max_attempts',
      'shuffle',
      'blind_grading',
      'policy',
      'created_at',
    ],
  },
  {
    table: 'attempts',
    context: 'assessments',
    personal: [
      {
        columns: [
          'user_id',
          'number',
          'status',
          'locale',
          'started_at',
          'deadline',
          'submitted_at',
          'score',
          'max_score',
          'percent',
          'passed',
        ],
        category: 'assessment',
        purpose: 'assess_learning',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'cohort_id', 'assessment_id', 'seed', 'shown'],
  },
  {
    table: 'responses',
    context: 'assessments',
    personal: [
      {
        columns: ['value', 'comment'],
        category: 'assessment',
        purpose: 'assess_learning',
        legalBasis: 'public_task',
        retention: 'answers_two_years_after_cohort',
      },
      {
        columns: ['saved_at', 'points', 'max_points', 'rubric_levels'],
        category: 'assessment',
        purpose: 'assess_learning',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['graded_by', 'graded_at'],
        category: 'assessment',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'attempt_id', 'item_id'],
  },
  {
    table: 'assessment_releases',
    context: 'assessments',
    personal: [
      {
        columns: ['released_by'],
        category: 'assessment',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['cohort_id', 'assessment_id', 'released_at'],
  },
  {
    table: 'cohort_assessment_settings',
    context: 'assessments',
    personal: [],
    notPersonal: ['cohort_id', 'assessment_id', 'opens_at', 'closes_at', 'second_marking', 'marking_threshold'],
  },
  {
    table: 'marks',
    context: 'assessments',
    personal: [
      {
        columns: ['comment'],
        category: 'assessment',
        purpose: 'assess_learning',
        legalBasis: 'public_task',
        retention: 'answers_two_years_after_cohort',
      },
      {
        columns: ['role', 'points', 'rubric_levels'],
        category: 'assessment',
        purpose: 'assess_learning',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['grader_id', 'created_at'],
        category: 'assessment',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'response_id'],
  },
  {
    table: 'appeals',
    context: 'assessments',
    personal: [
      {
        columns: ['reason', 'decision_reason'],
        category: 'assessment',
        purpose: 'assess_learning',
        legalBasis: 'public_task',
        retention: 'answers_two_years_after_cohort',
      },
      {
        columns: ['user_id', 'status', 'points_before', 'points_after', 'created_at', 'decided_at'],
        category: 'assessment',
        purpose: 'assess_learning',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['decided_by'],
        category: 'assessment',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'response_id', 'cohort_id'],
  },
];
