import {
  MAX_PERIODS,
  breakdownsOf,
  elapsedPercent,
  nextDay,
  periodByLabel,
  periodOf,
  periodsBetween,
  progressPercent,
  progressWords,
  roundValue,
} from './indicators-model';

describe('reporting periods', () => {
  it('finds the quarter, half-year and year of a day, leap days included', () => {
    expect(periodOf('quarter', '2026-02-28')).toEqual({ label: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
    expect(periodOf('quarter', '2028-02-29')).toEqual({ label: '2028-Q1', from: '2028-01-01', to: '2028-03-31' });
    expect(periodOf('quarter', '2026-12-31')).toEqual({ label: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
    expect(periodOf('half_year', '2026-07-01')).toEqual({ label: '2026-H2', from: '2026-07-01', to: '2026-12-31' });
    expect(periodOf('half_year', '2026-06-30')).toEqual({ label: '2026-H1', from: '2026-01-01', to: '2026-06-30' });
    expect(periodOf('year', '2026-05-05')).toEqual({ label: '2026', from: '2026-01-01', to: '2026-12-31' });
  });

  it('reads a label of its own kind only', () => {
    expect(periodByLabel('quarter', '2025-Q2')).toEqual({ label: '2025-Q2', from: '2025-04-01', to: '2025-06-30' });
    expect(periodByLabel('half_year', '2025-H2')?.to).toBe('2025-12-31');
    expect(periodByLabel('year', '2025')?.from).toBe('2025-01-01');
    for (const [kind, label] of [
      ['quarter', '2025'],
      ['quarter', '2025-Q5'],
      ['quarter', '2025-H1'],
      ['half_year', '2025-H3'],
      ['year', '2025-Q1'],
      ['year', '0999'],
      ['quarter', '2025-q1'],
    ] as const)
      expect(`${kind} ${label}: ${periodByLabel(kind, label) === undefined}`).toBe(`${kind} ${label}: true`);
  });

  it('lists the periods from a start to today, the current one last, and keeps the most recent ones', () => {
    expect(periodsBetween('quarter', nextDay('2025-12-31'), '2026-08-15').map((p) => p.label)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(periodsBetween('year', '2024-06-01', '2026-01-01').map((p) => p.label)).toEqual(['2024', '2025', '2026']);
    expect(periodsBetween('half_year', '2027-01-01', '2026-12-31')).toEqual([]);
    const many = periodsBetween('quarter', '2000-01-01', '2026-12-31');
    expect(many).toHaveLength(MAX_PERIODS);
    expect(many.at(-1)?.label).toBe('2026-Q4');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});

describe('progress towards a target', () => {
  it('measures the way from the baseline to the target, upwards and downwards', () => {
    expect(progressPercent(20, 60, 40)).toBe(50);
    expect(progressPercent(20, 60, 70)).toBe(125);
    expect(progressPercent(20, 60, 10)).toBe(-25);
    // Fewer is better: from 30 cases a year down to 10.
    expect(progressPercent(30, 10, 25)).toBe(25);
    expect(progressPercent(null, 60, 40)).toBeNull();
    expect(progressPercent(20, 20, 40)).toBeNull();
    expect(progressPercent(20, 60, null)).toBeNull();
  });

  it('compares the way made with the time passed', () => {
    expect(elapsedPercent('2026-01-01', '2026-01-11', '2026-01-06')).toBe(50);
    expect(elapsedPercent('2026-01-01', '2027-01-01', '2026-07-02')).toBe(49.9);
    expect(elapsedPercent('2026-01-01', '2027-01-01', '2028-01-01')).toBe(100);
    expect(elapsedPercent('2026-01-01', '2027-01-01', '2025-01-01')).toBe(0);
    expect(elapsedPercent(null, '2027-01-01', '2026-01-01')).toBeNull();
    expect(progressWords(50, 40)).toEqual({ key: 'on_track', percent: 50 });
    expect(progressWords(30, 40)).toEqual({ key: 'behind_schedule', percent: 30 });
    expect(progressWords(30, null)).toEqual({ key: 'part', percent: 30 });
    expect(progressWords(100, 40)).toEqual({ key: 'reached' });
    expect(progressWords(-5, 40)).toEqual({ key: 'behind_baseline' });
    expect(progressWords(null, 40)).toEqual({ key: 'no_value' });
  });
});

describe('measures', () => {
  it('lets anonymous satisfaction be broken down by country only', () => {
    expect(breakdownsOf('mean_satisfaction')).toEqual(['country']);
    expect(breakdownsOf('people_trained')).toEqual(['sex', 'agencyType', 'function', 'country']);
  });

  it('rounds a value as its measure is read', () => {
    expect(roundValue('count', 3.4)).toBe(3);
    expect(roundValue('percent', 66.666)).toBe(66.7);
    expect(roundValue('score', 4.005)).toBe(4.01);
    expect(roundValue('ratio', 0.66666)).toBe(0.667);
    expect(roundValue('percent', null)).toBeNull();
    expect(roundValue('percent', Number.NaN)).toBeNull();
  });
});
