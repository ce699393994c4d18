import { cohortStatusOn } from './cohort-status';

describe('cohortStatusOn', () => {
  const cohort = { state: 'planned' as const, startsOn: '2027-03-01', endsOn: '2027-04-30', closedAt: null };

  it('follows the dates: planned before the first day, running from it to the last, finished after', () => {
    expect(cohortStatusOn(cohort, '2027-02-28')).toBe('planned');
    expect(cohortStatusOn(cohort, '2027-03-01')).toBe('running');
    expect(cohortStatusOn(cohort, '2027-04-30')).toBe('running');
    expect(cohortStatusOn(cohort, '2027-05-01')).toBe('finished');
  });

  it('counts a cohort started early by staff as running until its last day, and a closed one as closed whatever the day', () => {
    expect(cohortStatusOn({ ...cohort, state: 'running' }, '2027-01-10')).toBe('running');
    expect(cohortStatusOn({ ...cohort, state: 'running' }, '2027-05-01')).toBe('finished');
    expect(cohortStatusOn({ ...cohort, state: 'closed', closedAt: new Date() }, '2027-02-01')).toBe('closed');
    expect(cohortStatusOn({ ...cohort, state: 'closed', closedAt: new Date() }, '2027-06-01')).toBe('closed');
    expect(cohortStatusOn({ ...cohort, closedAt: new Date() }, '2027-03-10')).toBe('closed');
  });
});
