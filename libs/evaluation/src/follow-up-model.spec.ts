import { createHash } from 'node:crypto';
import {
  FOLLOW_UP_LIMITS,
  type FollowUpItem,
  answeredRate,
  checkFollowUpAnswers,
  followUpItemProblems,
  linkTokenHash,
  newLinkToken,
} from './follow-up-model';

const item = (id: string, type: FollowUpItem['type'], required = true, options = 0): FollowUpItem => ({
  id,
  position: 0,
  type,
  text: { en: id },
  options: options ? Array.from({ length: options }, (_, i) => ({ text: { en: `o${i + 1}` } })) : null,
  required,
});
const ITEMS = [
  item('freq', 'frequency'),
  item('cases', 'count'),
  item('example', 'open_text', false),
  item('barriers', 'multi_choice', true, 4),
  item('grade', 'single_choice', true, 3),
];

describe('follow-up answers', () => {
  it('stores a number per frequency, count and choice, sorted option numbers for several, and trimmed text', () => {
    const { answers, problems } = checkFollowUpAnswers(ITEMS, [
      { itemId: 'freq', value: 5 },
      { itemId: 'cases', value: 0 },
      { itemId: 'example', text: '  general example  ' },
      { itemId: 'barriers', values: [4, 2] },
      { itemId: 'grade', value: 3 },
    ]);
    expect(problems).toEqual([]);
    expect(answers).toEqual({ freq: 5, cases: 0, example: 'general example', barriers: [2, 4], grade: 3 });
  });

  it('names each problem at its question: missing, out of range, wrong kind, repeated, unknown', () => {
    const { problems } = checkFollowUpAnswers(ITEMS, [
      { itemId: 'freq', value: 6 },
      { itemId: 'cases', value: -1 },
      { itemId: 'barriers', values: [2, 2] },
      { itemId: 'grade', text: 'good' },
      { itemId: 'grade', value: 1 },
      { itemId: 'nope', value: 1 },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'answers.freq', constraint: 'surveyChoiceExpected' },
        { field: 'answers.cases', constraint: 'followUpCount', params: { max: FOLLOW_UP_LIMITS.count } },
        { field: 'answers.barriers', constraint: 'surveyChoiceExpected' },
        { field: 'answers.grade', constraint: 'surveyAnswerTwice' },
        { field: 'answers.nope', constraint: 'surveyUnknownItem' },
        { field: 'answers.grade', constraint: 'surveyChoiceExpected' },
      ]),
    );
    const missing = checkFollowUpAnswers(ITEMS, [{ itemId: 'barriers', values: [] }]).problems.map((p) => p.field);
    expect(missing.sort()).toEqual(['answers.barriers', 'answers.cases', 'answers.freq', 'answers.grade']);
  });

  it('takes a count of cases only as a whole number from 0 up to the limit', () => {
    for (const [value, ok] of [
      [0, true],
      [FOLLOW_UP_LIMITS.count, true],
      [FOLLOW_UP_LIMITS.count + 1, false],
      [2.5, false],
      [Number.NaN, false],
    ] as const)
      expect([value, checkFollowUpAnswers([item('c', 'count')], [{ itemId: 'c', value }]).problems.length === 0]).toEqual([value, ok]);
  });

  it('refuses an open answer longer than the limit that fits the anonymous body limit', () => {
    const long = 'ა'.repeat(FOLLOW_UP_LIMITS.answer + 1);
    expect(checkFollowUpAnswers([item('t', 'open_text')], [{ itemId: 't', text: long }]).problems).toEqual([
      { field: 'answers.t', constraint: 'maxLength', params: { count: FOLLOW_UP_LIMITS.answer } },
    ]);
    // Two full Georgian answers, percent-encoded in a form, stay under 16 kB with room for the rest.
    const encoded = 2 * new URLSearchParams({ q: 'ა'.repeat(FOLLOW_UP_LIMITS.answer) }).toString().length;
    expect(encoded).toBeLessThan(16 * 1024 - 2000);
  });

  it('knows choices need 2–10 options and other items none', () => {
    expect(followUpItemProblems([{ type: 'multi_choice', text: { en: 'x' }, options: [{ text: { en: 'a' } }], required: true }])).toEqual([
      { field: 'items.0.options', constraint: 'surveyOptionsCount', params: { count: 10 } },
    ]);
    expect(followUpItemProblems([{ type: 'count', text: { en: 'x' }, options: [{ text: { en: 'a' } }], required: true }])).toEqual([
      { field: 'items.0.options', constraint: 'surveyOptionsOnlyChoice' },
    ]);
  });
});

describe('supervisors’ link tokens', () => {
  it('are 32 random bytes in base64url, looked up by their SHA-256', () => {
    const a = newLinkToken();
    const b = newLinkToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toEqual(createHash('sha256').update(a.token).digest());
    expect(linkTokenHash(a.token)).toEqual(a.hash);
  });

  it('look nothing up for text that cannot be a token', () => {
    for (const text of ['', 'abc', `${newLinkToken().token}x`, '%'.repeat(43), "' OR 1=1 --".padEnd(43, 'a')])
      expect(linkTokenHash(text)).toBeUndefined();
  });

  it('give response rates in percent with one decimal', () => {
    expect(answeredRate(5, 6)).toBe(83.3);
    expect(answeredRate(0, 0)).toBeNull();
  });
});
