/**
 * Outcomes of a mission (issue 14 point 5): the rules that need no database, beside the services that apply them.
 */

/** The standard mission evaluation (a survey template of kind `mission`, seeded on every database under this code). */
export const MISSION_EVALUATION_CODE = 'taf-mission-evaluation';

/** Results of one kind of respondent show only once at least this many of them answered (ADR 0010's floor). */
export const EVALUATION_MIN_RESPONSES = 3;

/** The sizes a report keeps to. */
export const REPORT_LIMITS = {
  /** Characters of the activities and of the findings. */
  text: 20_000,
  /** Characters of one recommendation (the column's CHECK). */
  recommendation: 5000,
  owner: 200,
  recommendations: 30,
  note: 2000,
} as const;

/** The mission states in which a report may be submitted: the mission has taken place, or is taking place. */
export const REPORTABLE_MISSION_STATES = ['running', 'delivered'] as const;

/** A report's fields that a submission needs, and the constraint each one misses (for a 400 listing them). */
export function missingForSubmission(report: {
  activities: string;
  findings: string;
  recommendations: number;
}): { field: string; constraint: string }[] {
  const missing: { field: string; constraint: string }[] = [];
  if (!report.activities.trim()) missing.push({ field: 'activities', constraint: 'isNotEmpty' });
  if (!report.findings.trim()) missing.push({ field: 'findings', constraint: 'isNotEmpty' });
  if (report.recommendations < 1) missing.push({ field: 'recommendations', constraint: 'arrayNotEmpty' });
  return missing;
}

/**
 * Whether a recommendation is overdue on `today` (YYYY-MM-DD): not implemented, and past its due date or with a
 * follow-up wave of its mission due (`dueWaves`) that its owner has not answered (`answeredWaves`). The repository's
 * SQL says the same (`OVERDUE_SQL`); this is its statement for tests and pages.
 */
export function isOverdue(
  recommendation: { status: string; dueOn: string },
  today: string,
  dueWaves: readonly number[],
  answeredWaves: readonly number[],
): boolean {
  if (recommendation.status === 'implemented') return false;
  return recommendation.dueOn < today || dueWaves.some((wave) => !answeredWaves.includes(wave));
}
