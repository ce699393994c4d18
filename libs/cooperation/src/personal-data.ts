import type { TableDeclaration } from '@probity/database';

type Group = TableDeclaration['personal'][number];

/** Who created, invited, decided, recorded or uploaded something: staff accounts, kept as long as the work they did. */
const responsibility = (...columns: string[]): Group => ({
  columns,
  category: 'cooperation',
  purpose: 'record_responsibility',
  legalBasis: 'public_task',
  retention: 'five_years_after_activity',
});

/** What an initiative records of the people who take part and of what they wrote. */
const initiative = (...columns: string[]): Group => ({
  columns,
  category: 'cooperation',
  purpose: 'cooperation_initiatives',
  legalBasis: 'public_task',
  retention: 'five_years_after_activity',
});

/**
 * What cooperation holds about people (issue 16 point 1): the participants of initiatives (people with an account or
 * guests, described for reporting) and their attendance, files that may name people, notes on action items and
 * outcome reports, the directory entries people opted in to (by consent, gone at opt-out) and the record of each
 * opt-in and opt-out. Initiatives, memberships, links, action items and follow-ups describe institutions and events.
 */
export const COOPERATION_PERSONAL_DATA: TableDeclaration[] = [
  {
    table: 'cooperation_initiatives',
    context: 'cooperation',
    personal: [responsibility('created_by')],
    notPersonal: [
      'id',
      'reference',
      'lead_academy_id',
      'title',
      'purpose',
      'format',
      'topic',
      'status',
      'starts_on',
      'ends_on',
      'venue',
      'online',
      'agenda',
      'budget_line',
      'created_at',
      'updated_at',
    ],
  },
  {
    table: 'cooperation_memberships',
    context: 'cooperation',
    personal: [responsibility('invited_by', 'decided_by')],
    notPersonal: ['initiative_id', 'institution_id', 'status', 'decided_at', 'created_at'],
  },
  { table: 'cooperation_links', context: 'cooperation', personal: [], notPersonal: ['id', 'initiative_id', 'cohort_id', 'mission_id'] },
  {
    table: 'cooperation_participants',
    context: 'cooperation',
    personal: [
      {
        columns: ['id', 'user_id', 'full_name'],
        category: 'identity',
        purpose: 'cooperation_initiatives',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
      {
        columns: ['email'],
        category: 'contact',
        purpose: 'cooperation_initiatives',
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
      initiative('country', 'organisation'),
      responsibility('added_by'),
    ],
    notPersonal: ['initiative_id', 'institution_id', 'created_at'],
  },
  {
    table: 'cooperation_attendance',
    context: 'cooperation',
    personal: [initiative('participant_id', 'day', 'present'), responsibility('recorded_by', 'recorded_at')],
    notPersonal: [],
  },
  {
    table: 'cooperation_materials',
    context: 'cooperation',
    personal: [initiative('file_name', 'content'), responsibility('uploaded_by')],
    notPersonal: ['id', 'initiative_id', 'media_type', 'size', 'sha256', 'created_at'],
  },
  {
    table: 'cooperation_action_items',
    context: 'cooperation',
    personal: [responsibility('updated_by')],
    notPersonal: ['id', 'initiative_id', 'position', 'body', 'owner_institution_id', 'due_on', 'status', 'updated_at'],
  },
  {
    table: 'cooperation_action_item_updates',
    context: 'cooperation',
    personal: [initiative('note'), responsibility('by', 'at')],
    notPersonal: ['id', 'action_item_id', 'status'],
  },
  {
    table: 'cooperation_follow_ups',
    context: 'cooperation',
    personal: [],
    notPersonal: ['initiative_id', 'wave', 'due_on', 'notified_at'],
  },
  {
    table: 'cooperation_outcome_reports',
    context: 'cooperation',
    personal: [initiative('note'), responsibility('submitted_by', 'submitted_at')],
    notPersonal: [
      'id',
      'initiative_id',
      'institution_id',
      'wave',
      'joint_investigations',
      'mla_requests',
      'extradition_requests',
      'joint_operations',
      'information_exchanges',
      'mous_signed',
    ],
  },
  {
    table: 'cooperation_directory_entries',
    context: 'cooperation',
    personal: [
      {
        columns: ['user_id', 'display_name'],
        category: 'identity',
        purpose: 'cooperation_network',
        legalBasis: 'consent',
        retention: 'until_consent_withdrawn',
      },
      {
        columns: ['work_contact'],
        category: 'contact',
        purpose: 'cooperation_network',
        legalBasis: 'consent',
        retention: 'until_consent_withdrawn',
      },
      {
        columns: ['agency', 'country', 'languages', 'topics', 'opted_in_at', 'updated_at'],
        category: 'cooperation',
        purpose: 'cooperation_network',
        legalBasis: 'consent',
        retention: 'until_consent_withdrawn',
      },
    ],
    notPersonal: [],
  },
  {
    table: 'cooperation_directory_consents',
    context: 'cooperation',
    personal: [
      {
        columns: ['user_id', 'action', 'at'],
        category: 'cooperation',
        purpose: 'consent_record',
        legalBasis: 'legal_obligation',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id'],
  },
];
