import { isOverdue, missingForSubmission } from './mission-evaluations-model';

describe('a mission report’s submission', () => {
  it('lists each missing part: activities, findings (blank counts as missing), at least one recommendation', () => {
    expect(missingForSubmission({ activities: ' \n', findings: '', recommendations: 0 })).toEqual([
      { field: 'activities', constraint: 'isNotEmpty' },
      { field: 'findings', constraint: 'isNotEmpty' },
      { field: 'recommendations', constraint: 'arrayNotEmpty' },
    ]);
    expect(missingForSubmission({ activities: 'Two days', findings: 'Gaps', recommendations: 1 })).toEqual([]);
  });
});

describe('an overdue recommendation', () => {
  const today = '2027-03-10';
  it('is past its due date, or has a follow-up due that its owner has not answered, unless implemented', () => {
    expect(isOverdue({ status: 'in_progress', dueOn: '2027-03-09' }, today, [], [])).toBe(true);
    expect(isOverdue({ status: 'in_progress', dueOn: '2027-03-10' }, today, [], [])).toBe(false);
    expect(isOverdue({ status: 'not_started', dueOn: '2028-01-01' }, today, [3], [])).toBe(true);
    expect(isOverdue({ status: 'not_started', dueOn: '2028-01-01' }, today, [3], [3])).toBe(false);
    expect(isOverdue({ status: 'not_started', dueOn: '2028-01-01' }, today, [3, 6], [3])).toBe(true);
    expect(isOverdue({ status: 'implemented', dueOn: '2020-01-01' }, today, [3, 6], [])).toBe(false);
  });
});
