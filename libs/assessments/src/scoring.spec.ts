import type { ItemContent } from './item-model';
import { normaliseAnswer, rubricPoints, scoreResponse } from './scoring';

const choice = (type: ItemContent['type'], fractions: number[], points = 2): ItemContent => ({
  type,
  stem: { en: 'Which?' },
  points,
  options: fractions.map((fraction, i) => ({ id: String.fromCharCode(97 + i), text: { en: `Option ${i}` }, fraction })),
});

describe('scoring', () => {
  it('single choice and true/false: the chosen option’s fraction, nothing for two choices or none', () => {
    const item = choice('single_choice', [1, 0, 0]);
    expect(scoreResponse(item, { optionIds: ['a'] })).toMatchObject({ points: 2, fraction: 1 });
    expect(scoreResponse(item, { optionIds: ['b'] }).points).toBe(0);
    expect(scoreResponse(item, { optionIds: ['a', 'b'] }).points).toBe(0);
    expect(scoreResponse(item, undefined).points).toBe(0);
    expect(scoreResponse(choice('single_choice', [1, 0.5, -1]), { optionIds: ['b'] }).points).toBe(1);
    expect(scoreResponse(choice('true_false', [1, 0], 1), { optionIds: ['a'] }).points).toBe(1);
    expect(scoreResponse(choice('true_false', [1, 0], 1), { optionIds: ['zzz'] }).points).toBe(0);
  });

  it('multiple choice: right picks minus wrong picks over the right options, floored at 0', () => {
    const item = choice('multiple_choice', [0.5, 0.5, -1, -1], 4);
    expect(scoreResponse(item, { optionIds: ['a', 'b'] }).points).toBe(4);
    expect(scoreResponse(item, { optionIds: ['a'] }).points).toBe(2);
    expect(scoreResponse(item, { optionIds: ['a', 'b', 'c'] }).points).toBe(2);
    expect(scoreResponse(item, { optionIds: ['a', 'c'] }).points).toBe(0);
    expect(scoreResponse(item, { optionIds: ['c', 'd'] }).points).toBe(0);
    expect(scoreResponse(item, { optionIds: [] }).points).toBe(0);
    const three = choice('multiple_choice', [1, 1, 1, 0], 3);
    expect(scoreResponse(three, { optionIds: ['a', 'b'] }).points).toBe(2);
    expect(scoreResponse(three, { optionIds: ['a', 'b', 'd'] }).points).toBe(1);
  });

  it('numeric: within the tolerance of an accepted value, the best one', () => {
    const item: ItemContent = {
      type: 'numeric',
      stem: { en: 'Purity %?' },
      points: 2,
      numeric: [
        { value: 58, tolerance: 0.5, fraction: 1 },
        { value: 58, tolerance: 2, fraction: 0.5 },
      ],
    };
    expect(scoreResponse(item, { value: 58.4 }).points).toBe(2);
    expect(scoreResponse(item, { value: 58.5 }).points).toBe(2);
    expect(scoreResponse(item, { value: 59.9 }).points).toBe(1);
    expect(scoreResponse(item, { value: 61 }).points).toBe(0);
    expect(scoreResponse(item, { value: Number.NaN }).points).toBe(0);
    expect(scoreResponse(item, {}).points).toBe(0);
  });

  it('short text: case- and (by default) diacritics-insensitive, in any script', () => {
    const item: ItemContent = {
      type: 'short_text',
      stem: { en: 'Name the principles' },
      points: 1,
      accepted: [
        { text: 'Méndez', fraction: 1 },
        { text: 'Mendes', fraction: 0.5 },
      ],
    };
    expect(scoreResponse(item, { text: '  mendez ' }).points).toBe(1);
    expect(scoreResponse(item, { text: 'MÉNDEZ' }).points).toBe(1);
    expect(scoreResponse(item, { text: 'Mendes' }).points).toBe(0.5);
    expect(scoreResponse(item, { text: 'Mendoza' }).points).toBe(0);
    expect(scoreResponse({ ...item, ignoreDiacritics: false }, { text: 'Mendez' }).points).toBe(0);
    expect(scoreResponse({ ...item, caseSensitive: true }, { text: 'méndez' }).points).toBe(0);
    const ka: ItemContent = { type: 'short_text', stem: { ka: '?' }, points: 1, accepted: [{ text: 'მტკიცებულება', fraction: 1 }] };
    expect(scoreResponse(ka, { text: ' მტკიცებულება' }).points).toBe(1);
    expect(normaliseAnswer('Ёлка  ЗЕЛЁНАЯ')).toBe('елка зеленая');
  });

  it('essays are not scored automatically; a rubric sums the chosen levels', () => {
    const essay: ItemContent = {
      type: 'essay',
      stem: { en: 'Assess the interview' },
      points: 10,
      rubric: [
        {
          criterion: { en: 'Legal basis' },
          levels: [
            { points: 0, descriptor: { en: 'None' } },
            { points: 3, descriptor: { en: 'Partly' } },
            { points: 5, descriptor: { en: 'Full' } },
          ],
        },
        {
          criterion: { en: 'Rights' },
          levels: [
            { points: 0, descriptor: { en: 'None' } },
            { points: 5, descriptor: { en: 'All' } },
          ],
        },
      ],
    };
    expect(scoreResponse(essay, { text: 'My answer' })).toEqual({ maxPoints: 10 });
    expect(rubricPoints(essay, [1, 1])).toBe(8);
    expect(() => rubricPoints(essay, [3, 0])).toThrow(RangeError);
    expect(() => rubricPoints(essay, [1])).toThrow(RangeError);
  });
});
