import { type SurveyItem, checkAnswers, itemShapeProblems, responseRate, summarise } from './survey-model';

const item = (id: string, type: SurveyItem['type'], extra: Partial<SurveyItem> = {}): SurveyItem => ({
  id,
  position: 0,
  type,
  scale: type === 'likert' ? 'relevance' : null,
  text: { en: id },
  options: type === 'single_choice' ? [{ text: { en: 'a' } }, { text: { en: 'b' } }, { text: { en: 'c' } }] : null,
  required: type !== 'open_text',
  ...extra,
});

describe('survey items and answers', () => {
  it('names what a template’s items lack or must not have', () => {
    expect(
      itemShapeProblems([
        { type: 'likert' },
        { type: 'likert', scale: 'trainers' },
        { type: 'open_text', scale: 'trainers' },
        { type: 'single_choice', options: [{}] },
        { type: 'single_choice', options: Array.from({ length: 11 }, () => ({})) },
        { type: 'single_choice', options: [{}, {}] },
        { type: 'likert', scale: 'trainers', options: [{}, {}] },
      ]).map((p) => `${p.field} ${p.constraint}`),
    ).toEqual([
      'items.0.scale surveyScaleRequired',
      'items.2.scale surveyScaleOnlyLikert',
      'items.3.options surveyOptionsCount',
      'items.4.options surveyOptionsCount',
      'items.6.options surveyOptionsOnlyChoice',
    ]);
  });

  it('stores numbers for Likert and choice items and trimmed text for open ones, and nothing else', () => {
    const items = [item('l', 'likert'), item('c', 'single_choice'), item('o', 'open_text')];
    expect(
      checkAnswers(items, [
        { itemId: 'l', value: 5 },
        { itemId: 'c', value: 3 },
        { itemId: 'o', text: '  useful  ' },
      ]),
    ).toEqual({ answers: { l: 5, c: 3, o: 'useful' }, problems: [] });
    // An optional open question left empty is simply not stored.
    expect(
      checkAnswers(items, [
        { itemId: 'l', value: 1 },
        { itemId: 'c', value: 1 },
        { itemId: 'o', text: '   ' },
      ]).answers,
    ).toEqual({ l: 1, c: 1 });
  });

  it('ties each problem to its question', () => {
    const items = [item('l', 'likert'), item('c', 'single_choice'), item('o', 'open_text', { required: true })];
    const { problems, answers } = checkAnswers(items, [
      { itemId: 'l', value: 6 },
      { itemId: 'c', value: 4 },
      { itemId: 'x', value: 1 },
      { itemId: 'l', value: 2 },
    ]);
    expect(problems.map((p) => `${p.field} ${p.constraint}`).sort()).toEqual(
      [
        'answers.x surveyUnknownItem',
        'answers.l surveyAnswerTwice',
        'answers.l surveyChoiceExpected',
        'answers.c surveyChoiceExpected',
        'answers.o surveyAnswerRequired',
      ].sort(),
    );
    expect(answers).toEqual({});
    expect(checkAnswers([item('l', 'likert')], [{ itemId: 'l', text: '5' }]).problems).toEqual([
      { field: 'answers.l', constraint: 'surveyChoiceExpected' },
    ]);
    expect(checkAnswers([item('o', 'open_text')], [{ itemId: 'o', value: 5 }]).problems).toEqual([
      { field: 'answers.o', constraint: 'surveyTextExpected' },
    ]);
  });

  it('summarises counts per value as n and a mean with two decimals, and the response rate in percent', () => {
    expect(summarise([0, 1, 1, 1, 2])).toEqual({ n: 5, mean: 3.8 });
    expect(summarise([1, 0, 0, 0, 2])).toEqual({ n: 3, mean: 3.67 });
    expect(summarise([0, 0, 0, 0, 0])).toEqual({ n: 0, mean: null });
    expect(responseRate(5, 6)).toBe(83.3);
    expect(responseRate(0, 0)).toBeNull();
  });
});
