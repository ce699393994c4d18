import type { CompletionRules } from './entities/cohort.entity';

/** What a learner has done in a cohort, as the progress query counts it. */
export interface LearnerProgress {
  lessonsDone: number;
  lessonsTotal: number;
  /** Sessions whose register has been taken. */
  sessionsHeld: number;
  /** Sessions of the cohort, held or not. */
  sessionsTotal: number;
  /** Held sessions at which the learner was present or late. */
  attended: number;
  /** Held sessions for which the learner was excused. */
  excused: number;
  passedAssessmentIds: string[];
}

export type UnmetRule = 'attendance' | 'sessions_pending' | 'lessons' | `assessment:${string}`;

/**
 * Attendance in percent (one decimal) as the rules count excused absences. A held session without
 * a mark for the learner counts as missed. With nothing to count yet, attendance is 100.
 */
export function attendancePercent(
  p: Pick<LearnerProgress, 'sessionsHeld' | 'attended' | 'excused'>,
  excused: CompletionRules['excused'],
): number {
  const attended = excused === 'present' ? p.attended + p.excused : p.attended;
  const counted = excused === 'exclude' ? p.sessionsHeld - p.excused : p.sessionsHeld;
  if (counted <= 0) return 100;
  return Math.round((1000 * attended) / counted) / 10;
}

/** The rules a learner has not met yet; empty means the enrolment is complete. */
export function unmetRules(p: LearnerProgress, rules: CompletionRules, requiredAssessmentIds: readonly string[]): UnmetRule[] {
  const unmet: UnmetRule[] = [];
  if (p.sessionsTotal > p.sessionsHeld) unmet.push('sessions_pending');
  if (attendancePercent(p, rules.excused) < rules.minAttendancePercent) unmet.push('attendance');
  if (rules.requireAllLessons && p.lessonsDone < p.lessonsTotal) unmet.push('lessons');
  for (const id of requiredAssessmentIds) if (!p.passedAssessmentIds.includes(id)) unmet.push(`assessment:${id}`);
  return unmet;
}

/** Kinds of assessment a version requires by default (when the cohort names none). */
export const DEFAULT_REQUIRED_KINDS = ['post_test', 'case_exercise'];

/**
 * The assessments that a version's snapshot lists (the assessments context contributes them as
 * `contributions.assessments`: `[{id, kind}]`) and that a cohort requires.
 */
export function requiredAssessments(contributions: Record<string, unknown>, chosen: string[] | null): string[] {
  const listed = Array.isArray(contributions.assessments) ? (contributions.assessments as { id: string; kind: string }[]) : [];
  if (chosen) return chosen.filter((id) => listed.some((a) => a.id === id));
  return listed.filter((a) => DEFAULT_REQUIRED_KINDS.includes(a.kind)).map((a) => a.id);
}
