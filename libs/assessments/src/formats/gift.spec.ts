import { importGift } from './index';

const one = (gift: string) => {
  const { items, errors } = importGift(gift, 'en');
  expect(errors).toEqual([]);
  expect(items).toHaveLength(1);
  return items[0];
};

describe('importGift', () => {
  it('reads single choice with a title, comments and per-answer feedback', () => {
    const gift = `// Geography, week 1
// another comment
::Capital of France::What is the capital of France? {
  =Paris#Right, since 987.
  ~Lyon#No, that is the third city.
  ~Marseille
}`;
    expect(one(gift)).toEqual({
      type: 'single_choice',
      name: 'Capital of France',
      stem: { en: 'What is the capital of France?' },
      points: 1,
      options: [
        { id: 'a', text: { en: 'Paris' }, fraction: 1, feedback: { en: 'Right, since 987.' } },
        { id: 'b', text: { en: 'Lyon' }, fraction: 0, feedback: { en: 'No, that is the third city.' } },
        { id: 'c', text: { en: 'Marseille' }, fraction: 0 },
      ],
    });
  });

  it('reads a question without a title, on one line, in the locale asked for', () => {
    const { items } = importGift('Who wrote "The Knight in the Panther\'s Skin"? {=Rustaveli ~Chavchavadze ~Baratashvili}', 'ka');
    expect(items[0]).toEqual({
      type: 'single_choice',
      stem: { ka: 'Who wrote "The Knight in the Panther\'s Skin"?' },
      points: 1,
      options: [
        { id: 'a', text: { ka: 'Rustaveli' }, fraction: 1 },
        { id: 'b', text: { ka: 'Chavchavadze' }, fraction: 0 },
        { id: 'c', text: { ka: 'Baratashvili' }, fraction: 0 },
      ],
    });
  });

  it('reads weighted answers as multiple choice', () => {
    expect(one('::Primes:: Which are prime? {~%50%2 ~%50%3 ~%-100%4 ~%-33.33333%9#Divisible by 3.}')).toEqual({
      type: 'multiple_choice',
      name: 'Primes',
      stem: { en: 'Which are prime?' },
      points: 1,
      options: [
        { id: 'a', text: { en: '2' }, fraction: 0.5 },
        { id: 'b', text: { en: '3' }, fraction: 0.5 },
        { id: 'c', text: { en: '4' }, fraction: -1 },
        { id: 'd', text: { en: '9' }, fraction: -0.3333333, feedback: { en: 'Divisible by 3.' } },
      ],
    });
    // Any weight makes it multiple choice; so does more than one right answer.
    expect(one('Pick {=A ~%-50%B ~C}').type).toBe('multiple_choice');
    expect(one('Pick {=A =B ~C}')).toMatchObject({
      type: 'multiple_choice',
      options: [{ fraction: 1 }, { fraction: 1 }, { fraction: 0 }],
    });
    expect(one('Pick {=A ~B ~C}').type).toBe('single_choice');
  });

  it.each([
    ['{T}', true],
    ['{TRUE}', true],
    ['{F}', false],
    ['{FALSE}', false],
    ['{ true }', true],
  ])('reads true/false %s', (block, truth) => {
    expect(one(`::TF:: The sun is a star. ${block}`)).toEqual({
      type: 'true_false',
      name: 'TF',
      stem: { en: 'The sun is a star.' },
      points: 1,
      options: [
        { id: 'a', text: { en: 'True' }, fraction: truth ? 1 : 0 },
        { id: 'b', text: { en: 'False' }, fraction: truth ? 0 : 1 },
      ],
    });
  });

  it('reads true/false feedback: first for a wrong answer, second for a right one', () => {
    expect(one("Grant is buried in Grant's tomb. {F#No one is buried there.#Right: they are entombed.}").options).toEqual([
      { id: 'a', text: { en: 'True' }, fraction: 0, feedback: { en: 'No one is buried there.' } },
      { id: 'b', text: { en: 'False' }, fraction: 1, feedback: { en: 'Right: they are entombed.' } },
    ]);
    expect(one('Water is wet. {T#Think again}').options).toEqual([
      { id: 'a', text: { en: 'True' }, fraction: 1 },
      { id: 'b', text: { en: 'False' }, fraction: 0, feedback: { en: 'Think again' } },
    ]);
  });

  it('reads short answers, weighted and with feedback', () => {
    expect(one('::Colour:: Two plus two is {=four =4#Digits are fine. =%50%for#Spelling!}.')).toEqual({
      type: 'short_text',
      name: 'Colour',
      stem: { en: 'Two plus two is _____.' },
      points: 1,
      accepted: [
        { text: 'four', fraction: 1 },
        { text: '4', fraction: 1, feedback: { en: 'Digits are fine.' } },
        { text: 'for', fraction: 0.5, feedback: { en: 'Spelling!' } },
      ],
    });
    expect(one('Capital of Georgia? {Tbilisi}').accepted).toEqual([{ text: 'Tbilisi', fraction: 1 }]);
  });

  it('reads numeric answers: tolerance, several weighted answers, ranges', () => {
    expect(one('::Pi:: π to two decimals? {#3.14:0.005}')).toEqual({
      type: 'numeric',
      name: 'Pi',
      stem: { en: 'π to two decimals?' },
      points: 1,
      numeric: [{ value: 3.14, tolerance: 0.005, fraction: 1 }],
    });
    expect(one('When was Ulysses S. Grant born? {#=1822:0#Exactly. =%50%1822:2#Close. ~#Any other answer}').numeric).toEqual([
      { value: 1822, tolerance: 0, fraction: 1, feedback: { en: 'Exactly.' } },
      { value: 1822, tolerance: 2, fraction: 0.5, feedback: { en: 'Close.' } },
    ]);
    expect(one('Value? {#=3.5:0.1 =%50%3:1}').numeric).toEqual([
      { value: 3.5, tolerance: 0.1, fraction: 1 },
      { value: 3, tolerance: 1, fraction: 0.5 },
    ]);
    expect(one('A number from 1 to 5? {#1..5}').numeric).toEqual([{ value: 3, tolerance: 2, fraction: 1 }]);
    expect(one('Below zero? {#-5..-1}').numeric).toEqual([{ value: -3, tolerance: 2, fraction: 1 }]);
    expect(one('Exactly? {#42}').numeric).toEqual([{ value: 42, tolerance: 0, fraction: 1 }]);
  });

  it('reads essays and general feedback', () => {
    expect(one('::Essay:: Describe your week. {}')).toEqual({
      type: 'essay',
      name: 'Essay',
      stem: { en: 'Describe your week.' },
      points: 1,
    });
    expect(one('Describe your week. {####Be honest.}')).toEqual({
      type: 'essay',
      stem: { en: 'Describe your week.' },
      points: 1,
      explanation: { en: 'Be honest.' },
    });
    expect(one('Capital? {=Paris ~Lyon ####Paris since 987.}').explanation).toEqual({ en: 'Paris since 987.' });
  });

  it('reads escaped special characters as themselves', () => {
    expect(one('::a\\:b:: Is 1 \\= 1 \\{really\\} \\~ \\#1? C:\\\\ \\n next line {=yes \\= indeed\\#1 ~no\\}#because \\#2}')).toEqual({
      type: 'single_choice',
      name: 'a:b',
      stem: { en: 'Is 1 = 1 {really} ~ #1? C:\\ \n next line' },
      points: 1,
      options: [
        { id: 'a', text: { en: 'yes = indeed#1' }, fraction: 1 },
        { id: 'b', text: { en: 'no}' }, fraction: 0, feedback: { en: 'because #2' } },
      ],
    });
  });

  it('reads missing-word questions and multi-line questions', () => {
    expect(one('Moodle costs {~lots of money =nothing ~a small amount} to download.').stem).toEqual({
      en: 'Moodle costs _____ to download.',
    });
    expect(one('First line\nsecond line\n{\n=a\n~b\n}').stem).toEqual({ en: 'First line\nsecond line' });
  });

  it('reads [html] questions as text and keeps other formats as written', () => {
    const item = one('::H::[html]<p>Is <b>this</b> bold&nbsp;&amp; true?</p><p>Yes.</p>{=<i>yes</i> ~no}');
    expect(item.stem).toEqual({ en: 'Is this bold & true?\n\nYes.' });
    expect(item.options?.[0].text).toEqual({ en: 'yes' });
    expect(one('[markdown]Is **this** markdown? {T}').stem).toEqual({ en: 'Is **this** markdown?' });
  });

  it('separates questions by blank lines, skips $CATEGORY lines, reads Moodle tag comments', () => {
    const gift = [
      '$CATEGORY: $course$/Top/Week 1',
      '',
      '// [tag:algebra] [tag:easy]',
      '::Q1:: 1 + 1? {#2}',
      '',
      '',
      '::Q2:: 2 + 2? {#4}',
      '   ',
      '// trailing comment',
    ].join('\r\n');
    const { items, errors } = importGift(gift, 'en');
    expect(errors).toEqual([]);
    expect(items.map((i) => i.name)).toEqual(['Q1', 'Q2']);
    expect(items[0].tags).toEqual(['algebra', 'easy']);
    expect(items[1]).not.toHaveProperty('tags');
  });

  it('reports malformed questions with their title or first words and starting line, and imports the rest', () => {
    const gift = `// A quiz
::Good:: 1 + 1? {=2 ~3}

::Unclosed:: What is
the answer? {=42 ~41

This one has no answers at all and goes on for a while

::No right:: Pick {~a ~b}

::Matching:: Match {=cat -> meow =dog -> woof}

::Bad number:: Value? {#three}

::Bad range:: Value? {#5..1}

::Bad weight:: Pick {~%fifty%a =b}

::One option:: Pick {~=a}

::Tail:: Last {=ok ~no}`;
    const { items, errors } = importGift(gift, 'en');
    expect(items.map((i) => i.name)).toEqual(['Good', 'Tail']);
    expect(errors).toEqual([
      { item: 'Unclosed', line: 4, message: 'unclosed_answer_block' },
      { item: 'This one has no answers at all and goes…', line: 7, message: 'missing_answer_block' },
      { item: 'No right', line: 9, message: 'no_correct_answer' },
      { item: 'Matching', line: 11, message: 'unsupported_type: matching' },
      { item: 'Bad number', line: 13, message: 'invalid_number' },
      { item: 'Bad range', line: 15, message: 'invalid_range' },
      { item: 'Bad weight', line: 17, message: 'invalid_weight' },
      { item: 'One option', line: 19, message: 'empty_answer' },
    ]);
  });

  it('reports other malformed questions', () => {
    const { items, errors } = importGift(
      ['::Open title Q {T}', '', '{=a ~b}', '', 'Two {=a ~b} blocks {=c ~d}', '', 'Stray } brace {T}', '', 'Nested {=a {~b}}'].join('\n'),
      'en',
    );
    expect(items).toEqual([]);
    expect(errors).toEqual([
      { item: 'Open title Q', line: 1, message: 'unclosed_title' },
      { item: 'question', line: 3, message: 'empty_question_text' },
      { item: 'Two', line: 5, message: 'more_than_one_answer_block' },
      { item: 'Stray } brace', line: 7, message: 'unexpected_closing_brace' },
      { item: 'Nested', line: 9, message: 'unexpected_opening_brace' },
    ]);
  });

  it('reads nothing from an empty text', () => {
    expect(importGift('', 'en')).toEqual({ items: [], errors: [] });
    expect(importGift('// only a comment\n\n', 'en')).toEqual({ items: [], errors: [] });
  });
});
