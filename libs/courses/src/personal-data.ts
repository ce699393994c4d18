import type { TableDeclaration } from '@probity/database';

/**
 * What courses hold about people (issue 16 point 1): only who wrote a course and who published a version. The
 * teaching texts are the academy's material, not data about a person.
 */
export const COURSES_PERSONAL_DATA: TableDeclaration[] = [
  {
    table: 'courses',
    context: 'courses',
    personal: [
      {
        columns: ['created_by'],
        category: 'training',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'academy_id', 'code', 'title', 'summary', 'objectives', 'tags', 'shared', 'created_at', 'updated_at'],
  },
  {
    table: 'course_modules',
    context: 'courses',
    personal: [],
    notPersonal: ['id', 'course_id', 'position', 'title', 'objectives', 'scenario', 'scenario_html', 'tags'],
  },
  {
    table: 'lessons',
    context: 'courses',
    personal: [],
    notPersonal: ['id', 'module_id', 'position', 'title', 'body', 'body_html', 'duration_minutes', 'tags'],
  },
  {
    table: 'course_versions',
    context: 'courses',
    personal: [
      {
        columns: ['published_by'],
        category: 'training',
        purpose: 'record_responsibility',
        legalBasis: 'public_task',
        retention: 'five_years_after_activity',
      },
    ],
    notPersonal: ['id', 'course_id', 'number', 'published_at', 'locales', 'snapshot'],
  },
];
