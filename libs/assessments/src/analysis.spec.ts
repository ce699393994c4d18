import { analyseItems, cohortGain, correlation, gain } from './analysis';

describe('knowledge gain', () => {
  it('is post minus pre, normalised by what could be gained', () => {
    expect(gain(40, 70)).toEqual({ pre: 40, post: 70, gain: 30, normalisedGain: 0.5 });
    expect(gain(80, 70)).toEqual({ pre: 80, post: 70, gain: -10, normalisedGain: -0.5 });
    expect(gain(100, 100)).toEqual({ pre: 100, post: 100, gain: 0 });
  });
  it('averages over the cohort', () => {
    expect(cohortGain([gain(40, 70), gain(60, 80), gain(100, 90)])).toEqual({
      learners: 3,
      meanPre: 66.667,
      meanPost: 80,
      meanGain: 13.333,
      meanNormalisedGain: 0.5,
    });
    expect(cohortGain([])).toEqual({ learners: 0 });
  });
});

describe('item analysis', () => {
  it('computes the point-biserial correlation', () => {
    expect(correlation([1, 1, 0, 0], [4, 3, 1, 0])).toBeCloseTo(0.949, 3);
    expect(correlation([1, 1, 1], [1, 2, 3])).toBeNull();
  });
  it('gives facility, discrimination, option frequencies and flags', () => {
    const attempts = [
      {
        items: {
          good: { fraction: 1, optionIds: ['a'] },
          easy: { fraction: 1, optionIds: ['a'] },
          odd: { fraction: 0, optionIds: ['b'] },
          x: { fraction: 1 },
          y: { fraction: 1 },
        },
      },
      {
        items: {
          good: { fraction: 1, optionIds: ['a'] },
          easy: { fraction: 1, optionIds: ['a'] },
          odd: { fraction: 0, optionIds: ['c'] },
          x: { fraction: 1 },
          y: { fraction: 0 },
        },
      },
      {
        items: {
          good: { fraction: 0, optionIds: ['b'] },
          easy: { fraction: 1, optionIds: ['a'] },
          odd: { fraction: 1, optionIds: ['a'] },
          x: { fraction: 0 },
          y: { fraction: 0 },
        },
      },
      {
        items: {
          good: { fraction: 0, optionIds: ['c'] },
          easy: { fraction: 1, optionIds: ['a'] },
          odd: { fraction: 1, optionIds: ['a'] },
          x: { fraction: 0 },
          y: { fraction: 0 },
        },
      },
    ];
    const [good, easy, odd] = analyseItems(['good', 'easy', 'odd'], attempts);
    expect(good).toMatchObject({ responses: 4, facility: 0.5, options: { a: 2, b: 1, c: 1 }, flags: [] });
    expect(good.discrimination).toBeGreaterThan(0.5);
    expect(easy).toMatchObject({ facility: 1, discrimination: null, flags: ['too_easy', 'low_discrimination'] });
    expect(odd.discrimination).toBeLessThan(0);
    expect(odd.flags).toContain('low_discrimination');
  });
});
