import type { TableDeclaration } from '@probity/database';

type Group = TableDeclaration['personal'][number];

/** Who created, decided, recorded or uploaded something: staff accounts, kept as long as the work they did. */
const responsibility = (...columns: string[]): Group => ({
  columns,
  category: 'assistance',
  purpose: 'record_responsibility',
  legalBasis: 'public_task',
  retention: 'five_years_after_activity',
});

/** What the Technical Assistance Facility records of people while it runs requests and missions. */
const assistance = (...columns: string[]): Group => ({
  columns,
  category: 'assistance',
  purpose: 'technical_assistance',
  legalBasis: 'public_task',
  retention: 'five_years_after_activity',
});

/**
 * What the Technical Assistance Facility holds about people (issue 16 point 1): focal points, the expert roster
 * (names, e-mails, sex, languages, availability, bio; experts join it by agreement), mission participants (learners or
 * guests, described for reporting), their attendance and certificates of participation, the threads of requests and
 * the files attached (which may name people), lead experts' reports, progress notes, and who was asked to evaluate a
 * mission apart from the answers. Institutions, requests' descriptions, missions, recommendations and follow-ups
 * describe institutions and events, not people.
 */
export const ASSISTANCE_PERSONAL_DATA: TableDeclaration[] = [
  {
    table: 'assistance_institutions',
    context: 'assistance',
    personal: [],
    notPersonal: ['id', 'kind', 'academy_id', 'name', 'country', 'countries', 'created_at'],
  },
  {
    table: 'assistance_focal_points',
    context: 'assistance',
    personal: [{ ...assistance('user_id'), retention: 'account_lifetime' }],
    notPersonal: ['institution_id', 'created_at'],
  },
  {
    table: 'assistance_requests',
    context: 'assistance',
    personal: [responsibility('created_by', 'decided_by')],
    notPersonal: [
      'id',
      'reference',
      'institution_id',
      'locale',
      'status',
      'topic',
      'format',
      'title',
      'need',
      'expected_result',
      'target_group',
      'participants',
      'preferred_from',
      'preferred_to',
      'languages',
      'screening',
      'decision_reason',
      'decided_at',
      'submitted_at',
      'created_at',
      'updated_at',
    ],
  },
  {
    table: 'assistance_request_files',
    context: 'assistance',
    personal: [assistance('file_name', 'content'), responsibility('uploaded_by')],
    notPersonal: ['id', 'request_id', 'media_type', 'size', 'sha256', 'created_at'],
  },
  {
    table: 'assistance_request_comments',
    context: 'assistance',
    personal: [
      {
        columns: ['author_id', 'body', 'created_at'],
        category: 'communication',
        purpose: 'technical_assistance',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'request_id'],
  },
  {
    table: 'assistance_experts',
    context: 'assistance',
    personal: [
      {
        columns: ['id', 'user_id', 'full_name'],
        category: 'identity',
        purpose: 'technical_assistance',
        legalBasis: 'contract',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['email'],
        category: 'contact',
        purpose: 'technical_assistance',
        legalBasis: 'contract',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['sex'],
        category: 'description',
        purpose: 'report_to_donors',
        legalBasis: 'contract',
        retention: 'five_years_after_activity',
      },
      {
        columns: [
          'country',
          'institution_id',
          'organisation',
          'public_official',
          'topics',
          'vetted_on',
          'vetting_expires_on',
          'bio',
          'created_at',
          'updated_at',
          'archived_at',
        ],
        category: 'assistance',
        purpose: 'technical_assistance',
        legalBasis: 'contract',
        retention: 'five_years_after_activity',
      },
      responsibility('created_by'),
    ],
    notPersonal: [],
  },
  {
    table: 'assistance_expert_languages',
    context: 'assistance',
    personal: [{ ...assistance('expert_id', 'language', 'level'), legalBasis: 'contract' }],
    notPersonal: [],
  },
  {
    table: 'assistance_expert_availability',
    context: 'assistance',
    personal: [{ ...assistance('expert_id', 'available', 'note'), legalBasis: 'contract' }],
    notPersonal: ['id'],
  },
  {
    table: 'assistance_missions',
    context: 'assistance',
    personal: [responsibility('created_by')],
    notPersonal: [
      'id',
      'request_id',
      'status',
      'starts_on',
      'ends_on',
      'venue',
      'online',
      'agenda',
      'cohort_id',
      'issuing_academy_id',
      'delivered_at',
      'created_at',
      'updated_at',
    ],
  },
  {
    table: 'assistance_mission_experts',
    context: 'assistance',
    personal: [assistance('expert_id', 'lead')],
    notPersonal: ['mission_id'],
  },
  {
    table: 'assistance_mission_participants',
    context: 'assistance',
    personal: [
      {
        columns: ['id', 'user_id', 'full_name'],
        category: 'identity',
        purpose: 'technical_assistance',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['email'],
        category: 'contact',
        purpose: 'technical_assistance',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['sex', 'agency_type', 'function'],
        category: 'description',
        purpose: 'report_to_donors',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
      assistance('country', 'organisation'),
      responsibility('created_by'),
    ],
    notPersonal: ['mission_id', 'created_at'],
  },
  {
    table: 'assistance_mission_attendance',
    context: 'assistance',
    personal: [assistance('participant_id', 'day', 'present'), responsibility('recorded_by', 'recorded_at')],
    notPersonal: [],
  },
  {
    table: 'assistance_participation_certificates',
    context: 'assistance',
    personal: [
      {
        columns: ['participant_id', 'record', 'signature', 'issued_at'],
        category: 'certificate',
        purpose: 'issue_certificates',
        legalBasis: 'public_task',
        retention: 'certificate_validity',
      },
      {
        columns: ['code', 'revoked_at', 'revoked_reason', 'record_sha256', 'holder_erased_at'],
        category: 'certificate',
        purpose: 'verify_certificates',
        legalBasis: 'public_task',
        retention: 'certificate_validity',
      },
      { ...responsibility('issued_by'), category: 'certificate', retention: 'certificate_validity' },
    ],
    notPersonal: ['id', 'mission_id', 'academy_id', 'kid'],
  },
  {
    table: 'assistance_mission_reports',
    context: 'assistance',
    personal: [assistance('activities', 'findings'), responsibility('author_id')],
    notPersonal: ['mission_id', 'locale', 'submitted_at', 'created_at', 'updated_at'],
  },
  {
    table: 'assistance_recommendations',
    context: 'assistance',
    personal: [responsibility('updated_by')],
    notPersonal: ['id', 'mission_id', 'position', 'body', 'owner', 'owner_institution_id', 'due_on', 'status', 'updated_at'],
  },
  {
    table: 'assistance_recommendation_updates',
    context: 'assistance',
    personal: [assistance('note'), responsibility('by', 'at')],
    notPersonal: ['id', 'recommendation_id', 'wave', 'status'],
  },
  {
    table: 'assistance_mission_follow_ups',
    context: 'assistance',
    personal: [],
    notPersonal: ['mission_id', 'wave', 'due_on', 'notified_at'],
  },
  {
    table: 'assistance_evaluation_invitations',
    context: 'assistance',
    personal: [
      {
        columns: ['user_id', 'participant_id', 'respondent', 'answered_on'],
        category: 'survey',
        purpose: 'evaluate_training',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'mission_id'],
  },
  {
    table: 'assistance_evaluations',
    context: 'assistance',
    personal: [
      { columns: ['answers'], category: 'survey', purpose: 'evaluate_training', legalBasis: 'public_task', retention: 'survey_anonymous' },
    ],
    notPersonal: ['id', 'mission_id', 'respondent', 'template_id'],
  },
];
