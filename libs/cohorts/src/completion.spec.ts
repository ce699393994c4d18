import { attendancePercent, requiredAssessments, unmetRules } from './completion';
import { DEFAULT_RULES } from './entities/cohort.entity';

const base = {
  lessonsDone: 18,
  lessonsTotal: 18,
  sessionsHeld: 10,
  sessionsTotal: 10,
  attended: 8,
  excused: 0,
  passedAssessmentIds: [] as string[],
};

describe('attendance percent', () => {
  it('counts present and late over held sessions; a missing mark is an absence', () => {
    expect(attendancePercent({ sessionsHeld: 10, attended: 8, excused: 0 }, 'exclude')).toBe(80);
    expect(attendancePercent({ sessionsHeld: 3, attended: 2, excused: 0 }, 'absent')).toBe(66.7);
  });
  it('treats excused absences as the rules say', () => {
    const p = { sessionsHeld: 10, attended: 7, excused: 2 };
    expect(attendancePercent(p, 'exclude')).toBe(87.5); // 7 of 8
    expect(attendancePercent(p, 'present')).toBe(90); // 9 of 10
    expect(attendancePercent(p, 'absent')).toBe(70); // 7 of 10
  });
  it('is 100 when nothing can be counted yet', () => {
    expect(attendancePercent({ sessionsHeld: 0, attended: 0, excused: 0 }, 'absent')).toBe(100);
    expect(attendancePercent({ sessionsHeld: 2, attended: 0, excused: 2 }, 'exclude')).toBe(100);
  });
});

describe('completion rules', () => {
  it('are met with all lessons, enough attendance, every session held and required assessments passed', () => {
    expect(unmetRules({ ...base, passedAssessmentIds: ['post'] }, DEFAULT_RULES, ['post'])).toEqual([]);
  });
  it('list what is left', () => {
    expect(unmetRules({ ...base, lessonsDone: 17, attended: 7, sessionsTotal: 11 }, DEFAULT_RULES, ['post', 'case'])).toEqual([
      'sessions_pending',
      'attendance',
      'lessons',
      'assessment:post',
      'assessment:case',
    ]);
  });
  it('honour a cohort that does not require every lesson, and its attendance threshold', () => {
    expect(
      unmetRules({ ...base, lessonsDone: 3, attended: 6 }, { ...DEFAULT_RULES, requireAllLessons: false, minAttendancePercent: 60 }, []),
    ).toEqual([]);
  });
});

describe('required assessments', () => {
  const contributions = {
    assessments: [
      { id: 'pre', kind: 'pre_test' },
      { id: 'post', kind: 'post_test' },
      { id: 'case', kind: 'case_exercise' },
      { id: 'quiz', kind: 'quiz' },
    ],
  };
  it('default to every post-test and case exercise of the version', () => {
    expect(requiredAssessments(contributions, null)).toEqual(['post', 'case']);
  });
  it('take the cohort’s own choice, limited to what the version has', () => {
    expect(requiredAssessments(contributions, ['quiz', 'nope'])).toEqual(['quiz']);
  });
  it('are none for a version without assessments', () => {
    expect(requiredAssessments({}, null)).toEqual([]);
  });
});
