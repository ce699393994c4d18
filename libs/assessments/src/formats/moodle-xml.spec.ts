import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ItemContent } from '../item-model';
import { BrokenXml, exportMoodleXml, importMoodleXml } from './index';

// Moodle's own export fixture (test/fixtures/README.md).
const FIXTURE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'moodle-xml', 'nested_categories_with_questions.xml');

const quiz = (...questions: string[]): string => `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n${questions.join('\n')}\n</quiz>`;

describe('importMoodleXml: the Moodle fixture', () => {
  const { items, errors } = importMoodleXml(readFileSync(FIXTURE, 'utf8'), 'en');

  it('imports the 5 questions and skips the categories', () => {
    expect(errors).toEqual([]);
    expect(items).toHaveLength(5);
    expect(items.map((i) => i.type)).toEqual(['true_false', 'essay', 'true_false', 'true_false', 'true_false']);
    expect(items.filter((i) => i.type === 'true_false')).toHaveLength(4);
  });

  it('keeps names, stems, points and answers', () => {
    expect(items.map((i) => i.name)).toEqual(['Iota Question', 'Kappa Essay Question', 'Kappa Question', 'Lambda Question', 'Mu Question']);
    expect(items.map((i) => i.stem)).toEqual([
      { en: 'Testing Iota Question' },
      { en: 'Testing Kappa Essay Question' },
      { en: 'Testing Kappa Question' },
      { en: 'Testing Lambda Question' },
      { en: 'Testing Mu Question' },
    ]);
    expect(items.every((i) => i.points === 1)).toBe(true);
    expect(items[0]).toEqual({
      type: 'true_false',
      name: 'Iota Question',
      stem: { en: 'Testing Iota Question' },
      points: 1,
      options: [
        { id: 'a', text: { en: 'true' }, fraction: 1 },
        { id: 'b', text: { en: 'false' }, fraction: 0 },
      ],
    });
    expect(items[1]).toEqual({ type: 'essay', name: 'Kappa Essay Question', stem: { en: 'Testing Kappa Essay Question' }, points: 1 });
  });

  it('puts every text under the locale asked for', () => {
    const georgian = importMoodleXml(readFileSync(FIXTURE, 'utf8'), 'ka').items;
    expect(georgian[0].stem).toEqual({ ka: 'Testing Iota Question' });
    expect(georgian[0].options?.[0].text).toEqual({ ka: 'true' });
  });
});

describe('importMoodleXml: question types', () => {
  it('reads single-answer multichoice with HTML, entities, CDATA, feedback, grade and tags', () => {
    const xml = quiz(`
  <question type="multichoice">
    <name><text>Capital &amp; country</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>What is the capital of <b>France</b>?</p><p>Caf&eacute;s&nbsp;&amp; bistros &lt;3<br>second line</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text>&lt;p&gt;Paris has been the capital since 987 &amp;amp; before.&lt;/p&gt;</text></generalfeedback>
    <defaultgrade>2.5000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>Paris</p>]]></text>
      <feedback format="html"><text><![CDATA[<p>Right!</p>]]></text></feedback>
    </answer>
    <answer fraction="0" format="html">
      <text>Lyon</text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="0" format="plain_text">
      <text>Marseille &lt;b&gt;</text>
      <feedback format="moodle_auto_format"><text>No, that is a port.</text></feedback>
    </answer>
    <tags>
      <tag><text>geography</text></tag>
      <tag><text>europe</text></tag>
    </tags>
  </question>`);
    const { items, errors } = importMoodleXml(xml, 'en');
    expect(errors).toEqual([]);
    expect(items).toEqual([
      {
        type: 'single_choice',
        name: 'Capital & country',
        stem: { en: 'What is the capital of France?\n\nCafés & bistros <3\nsecond line' },
        points: 2.5,
        options: [
          { id: 'a', text: { en: 'Paris' }, fraction: 1, feedback: { en: 'Right!' } },
          { id: 'b', text: { en: 'Lyon' }, fraction: 0 },
          { id: 'c', text: { en: 'Marseille <b>' }, fraction: 0, feedback: { en: 'No, that is a port.' } },
        ],
        explanation: { en: 'Paris has been the capital since 987 & before.' },
        tags: ['geography', 'europe'],
      },
    ]);
  });

  it('reads multi-answer multichoice with partial credit (50 / 50 / -100) and defaults points to 1', () => {
    const xml = quiz(`
  <question type="multichoice">
    <name><text>Primes</text></name>
    <questiontext format="plain_text"><text>Which are prime?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>2</text></answer>
    <answer fraction="50"><text>3</text></answer>
    <answer fraction="-100"><text>4</text></answer>
    <answer fraction="-33.33333"><text>9</text></answer>
  </question>`);
    const { items, errors } = importMoodleXml(xml, 'en');
    expect(errors).toEqual([]);
    expect(items[0]).toEqual({
      type: 'multiple_choice',
      name: 'Primes',
      stem: { en: 'Which are prime?' },
      points: 1,
      options: [
        { id: 'a', text: { en: '2' }, fraction: 0.5 },
        { id: 'b', text: { en: '3' }, fraction: 0.5 },
        { id: 'c', text: { en: '4' }, fraction: -1 },
        { id: 'd', text: { en: '9' }, fraction: -0.3333333 },
      ],
    });
  });

  it('reads true/false keeping the answer texts as given, with feedback', () => {
    const xml = quiz(`
  <question type="truefalse">
    <name><text>Earth</text></name>
    <questiontext format="moodle_auto_format"><text>The Earth is flat.</text></questiontext>
    <defaultgrade>1</defaultgrade>
    <answer fraction="0" format="moodle_auto_format">
      <text>True</text>
      <feedback format="html"><text>It is round.</text></feedback>
    </answer>
    <answer fraction="100" format="moodle_auto_format">
      <text>False</text>
      <feedback format="html"><text>Right.</text></feedback>
    </answer>
  </question>`);
    expect(importMoodleXml(xml, 'uk')).toEqual({
      items: [
        {
          type: 'true_false',
          name: 'Earth',
          stem: { uk: 'The Earth is flat.' },
          points: 1,
          options: [
            { id: 'a', text: { uk: 'True' }, fraction: 0, feedback: { uk: 'It is round.' } },
            { id: 'b', text: { uk: 'False' }, fraction: 1, feedback: { uk: 'Right.' } },
          ],
        },
      ],
      errors: [],
    });
  });

  it('reads numerical answers with tolerance, partial credit and feedback, skipping the "*" catch-all', () => {
    const xml = quiz(`
  <question type="numerical">
    <name><text>Pi</text></name>
    <questiontext format="html"><text>What is &lt;i&gt;π&lt;/i&gt; to two decimals?</text></questiontext>
    <defaultgrade>3</defaultgrade>
    <answer fraction="100" format="moodle_auto_format">
      <text>3.14</text>
      <tolerance>0.005</tolerance>
      <feedback format="html"><text>Exactly.</text></feedback>
    </answer>
    <answer fraction="50" format="moodle_auto_format">
      <text>3</text>
      <tolerance>0.2</tolerance>
    </answer>
    <answer fraction="0" format="moodle_auto_format">
      <text>*</text>
      <feedback format="html"><text>Any other answer.</text></feedback>
    </answer>
    <unitgradingtype>0</unitgradingtype>
  </question>`);
    const { items, errors } = importMoodleXml(xml, 'en');
    expect(errors).toEqual([]);
    expect(items[0]).toEqual({
      type: 'numeric',
      name: 'Pi',
      stem: { en: 'What is π to two decimals?' },
      points: 3,
      numeric: [
        { value: 3.14, tolerance: 0.005, fraction: 1, feedback: { en: 'Exactly.' } },
        { value: 3, tolerance: 0.2, fraction: 0.5 },
      ],
    });
  });

  it('reads short answers with fractions, feedback and case sensitivity', () => {
    const answer = (fraction: number, text: string, feedback = ''): string =>
      `<answer fraction="${fraction}" format="moodle_auto_format"><text>${text}</text><feedback format="html"><text>${feedback}</text></feedback></answer>`;
    const question = (usecase: string, name: string): string => `
  <question type="shortanswer">
    <name><text>${name}</text></name>
    <questiontext format="html"><text><![CDATA[<p>Name the chemical symbol of gold.</p>]]></text></questiontext>
    ${usecase}
    ${answer(100, 'Au', 'Yes: aurum.')}
    ${answer(50, 'AU')}
    ${answer(0, '')}
  </question>`;
    const { items, errors } = importMoodleXml(
      quiz(question('<usecase>1</usecase>', 'Gold'), question('<usecase>0</usecase>', 'Gold 2'), question('', 'Gold 3')),
      'en',
    );
    expect(errors).toEqual([]);
    expect(items[0]).toEqual({
      type: 'short_text',
      name: 'Gold',
      stem: { en: 'Name the chemical symbol of gold.' },
      points: 1,
      accepted: [
        { text: 'Au', fraction: 1, feedback: { en: 'Yes: aurum.' } },
        { text: 'AU', fraction: 0.5 },
      ],
      caseSensitive: true,
    });
    expect(items[1].caseSensitive).toBe(false);
    expect(items[2]).not.toHaveProperty('caseSensitive');
  });

  it('reads essays, with general feedback and grader information as the explanation', () => {
    const xml = quiz(`
  <question type="essay">
    <name><text>Reflection</text></name>
    <questiontext format="moodle_auto_format"><text>Describe your week.
Mention one success
and one failure.</text></questiontext>
    <generalfeedback format="html"><text>&lt;p&gt;Thanks for sharing.&lt;/p&gt;</text></generalfeedback>
    <defaultgrade>10</defaultgrade>
    <responseformat>editor</responseformat>
    <graderinfo format="html"><text><![CDATA[<ul><li>Honest</li><li>Specific</li></ul>]]></text></graderinfo>
  </question>`);
    expect(importMoodleXml(xml, 'en').items).toEqual([
      {
        type: 'essay',
        name: 'Reflection',
        stem: { en: 'Describe your week.\nMention one success\nand one failure.' },
        points: 10,
        explanation: { en: 'Thanks for sharing.\n\n- Honest\n- Specific' },
      },
    ]);
  });

  it('keeps line breaks of moodle_auto_format text, and reads text without a format as it', () => {
    const xml = quiz(`
  <question type="essay">
    <questiontext><text>  Line one\r\nLine two\n\nParagraph &lt;two&gt;  </text></questiontext>
  </question>`);
    expect(importMoodleXml(xml, 'en').items[0].stem).toEqual({ en: 'Line one\nLine two\n\nParagraph <two>' });
  });

  it('reads a <probity_rubric> of an essay', () => {
    const rubric = [{ criterion: { en: 'Clarity', ka: 'სიცხადე' }, levels: [{ points: 0, descriptor: { en: 'Unclear' } }] }];
    const xml = quiz(`
  <question type="essay">
    <questiontext format="html"><text>Explain.</text></questiontext>
    <probity_rubric>${JSON.stringify(rubric).replaceAll('"', '&quot;')}</probity_rubric>
  </question>`);
    expect(importMoodleXml(xml, 'en').items[0].rubric).toEqual(rubric);
  });
});

describe('importMoodleXml: errors', () => {
  it('reports bad questions by name (or number) and imports the good ones', () => {
    const xml = quiz(
      `<question type="category"><category><text>$course$/Top</text></category></question>`,
      `<question type="matching"><name><text>Match them</text></name><questiontext><text>Match</text></questiontext></question>`,
      `<question type="multichoice"><name><text>No right answer</text></name><questiontext><text>Pick</text></questiontext>
         <answer fraction="0"><text>a</text></answer><answer fraction="-50"><text>b</text></answer></question>`,
      `<question type="truefalse"><name><text>Good one</text></name><questiontext><text>Water is wet.</text></questiontext>
         <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>`,
      `<question type="numerical"><name><text>Not a number</text></name><questiontext><text>How many?</text></questiontext>
         <answer fraction="100"><text>several</text></answer></question>`,
      `<question type="shortanswer"><questiontext format="html"><text><![CDATA[<p> </p>]]></text></questiontext>
         <answer fraction="100"><text>x</text></answer></question>`,
      `<question type="essay"><name><text>Fine essay</text></name><questiontext><text>Write.</text></questiontext></question>`,
      `<question type="multichoice"><name><text>Bad fraction</text></name><questiontext><text>Pick</text></questiontext>
         <answer fraction="lots"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question>`,
      `<question type="multichoice"><name><text>Too much</text></name><questiontext><text>Pick</text></questiontext>
         <answer fraction="150"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question>`,
      `<question type="essay"><name><text>Bad grade</text></name><questiontext><text>Write.</text></questiontext><defaultgrade>-1</defaultgrade></question>`,
      `<question type="essay"><name><text>Raw HTML</text></name><questiontext format="html"><text><p>Write.</p></text></questiontext></question>`,
      `<question type="essay"><name><text>Bad rubric</text></name><questiontext><text>Write.</text></questiontext><probity_rubric>[{"criterion":1}]</probity_rubric></question>`,
      `<question><name><text>No type</text></name><questiontext><text>?</text></questiontext></question>`,
      `<question type="truefalse"><name><text>One answer</text></name><questiontext><text>?</text></questiontext><answer fraction="100"><text>true</text></answer></question>`,
    );
    const { items, errors } = importMoodleXml(xml, 'en');
    expect(items.map((i) => i.name)).toEqual(['Good one', 'Fine essay']);
    expect(errors).toEqual([
      { item: 'Match them', message: 'unsupported_type: matching' },
      { item: 'No right answer', message: 'no_correct_answer' },
      { item: 'Not a number', message: 'invalid_number' },
      { item: 'question 5', message: 'empty_question_text' },
      { item: 'Bad fraction', message: 'invalid_fraction' },
      { item: 'Too much', message: 'fraction_out_of_range' },
      { item: 'Bad grade', message: 'invalid_defaultgrade' },
      { item: 'Raw HTML', message: 'unescaped_markup_in_text' },
      { item: 'Bad rubric', message: 'invalid_probity_rubric' },
      { item: 'No type', message: 'missing_type' },
      { item: 'One answer', message: 'truefalse_needs_two_answers' },
    ]);
  });

  it('reads a quiz without questions as nothing', () => {
    expect(importMoodleXml('<quiz></quiz>', 'en')).toEqual({ items: [], errors: [] });
    expect(importMoodleXml('\ufeff<?xml version="1.0"?><quiz/>', 'en')).toEqual({ items: [], errors: [] });
  });

  it.each([
    ['not well-formed', '<quiz><question type="essay"></quiz>'],
    ['unescaped ampersand', '<quiz><question type="essay"><questiontext><text>a & b</text></questiontext></question></quiz>'],
    ['empty', ''],
    ['plain text', 'this is not XML'],
    ['GIFT', '::Q:: 1+1 {=2 ~3}'],
    ['two roots', '<quiz></quiz><quiz></quiz>'],
    ['another root', '<questions><question type="essay"/></questions>'],
    ['entity declarations', '<!DOCTYPE quiz [<!ENTITY big "xxxxxxxx">]><quiz>&big;</quiz>'],
  ])('throws BrokenXml for %s', (_what, xml) => {
    expect(() => importMoodleXml(xml, 'en')).toThrow(BrokenXml);
  });

  it('says why the XML is broken', () => {
    let caught: unknown;
    try {
      importMoodleXml('<quiz>\n<question>\n</quiz>', 'en');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BrokenXml);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toMatch(/line 3/);
    expect(() => importMoodleXml('<root/>', 'en')).toThrow('no <quiz> root element');
  });
});

/** A question of an export, as fast-xml-parser reads it (strings only). */
interface ExportedQuestion {
  '@_type': string;
  single?: string;
  defaultgrade: string;
  usecase?: string;
  questiontext: { '@_format': string; text: string };
  answer: { '@_fraction': string; text: string; tolerance?: string }[];
  tags: { tag: { text: string }[] };
  probity_rubric?: string;
}

describe('exportMoodleXml', () => {
  const items: ItemContent[] = [
    {
      type: 'single_choice',
      name: 'Capital <of> "France" & co',
      stem: { en: 'What is the capital of France?\n\nChoose  one — carefully.\n    (indented line)\ttab' },
      points: 2,
      options: [
        { id: 'a', text: { en: 'Paris' }, fraction: 1, feedback: { en: 'Right: <Paris> & ]]> too' } },
        { id: 'b', text: { en: 'Lyon' }, fraction: 0 },
        { id: 'c', text: { en: 'a < b && c > d' }, fraction: -0.3333333 },
      ],
      explanation: { en: 'It has been since 987.' },
      tags: ['geo', 'europe'],
    },
    {
      type: 'multiple_choice',
      name: 'Primes',
      stem: { en: 'Which are prime?' },
      points: 1,
      options: [
        { id: 'a', text: { en: '2' }, fraction: 0.5, feedback: { en: 'Even, yet prime.' } },
        { id: 'b', text: { en: '3' }, fraction: 0.5 },
        { id: 'c', text: { en: '4' }, fraction: -1 },
        { id: 'd', text: { en: '9' }, fraction: 0.07 },
      ],
    },
    {
      type: 'true_false',
      stem: { en: 'Water boils at 100 °C at sea level.' },
      points: 1,
      options: [
        { id: 'a', text: { en: 'True' }, fraction: 1, feedback: { en: 'Yes.' } },
        { id: 'b', text: { en: 'False' }, fraction: 0, feedback: { en: 'It does.' } },
      ],
      explanation: { en: 'At 1 atm.' },
    },
    {
      type: 'numeric',
      name: 'Pi',
      stem: { en: 'π to two decimals?' },
      points: 0.5,
      numeric: [
        { value: 3.14, tolerance: 0.005, fraction: 1, feedback: { en: 'Exactly.' } },
        { value: 3, tolerance: 0.2, fraction: 0.5 },
        { value: -1e-7, tolerance: 0, fraction: 0 },
      ],
      tags: [],
    },
    {
      type: 'short_text',
      name: 'Gold',
      stem: { en: 'Symbol of gold?' },
      points: 1,
      accepted: [
        { text: 'Au', fraction: 1, feedback: { en: 'Aurum.' } },
        { text: 'AU & <au>', fraction: 0.5 },
      ],
      caseSensitive: true,
      ignoreDiacritics: false,
    },
    {
      type: 'short_text',
      stem: { en: 'Capital of Georgia?' },
      points: 1,
      accepted: [{ text: 'Tbilisi', fraction: 1 }],
      caseSensitive: false,
    },
    { type: 'essay', name: 'Free', stem: { en: 'Write anything.' }, points: 5 },
    {
      type: 'essay',
      name: 'Rubric essay',
      stem: { en: 'Discuss.\n\n- point one\n- point two' },
      points: 4,
      explanation: { en: 'A model answer.' },
      rubric: [
        {
          criterion: { en: 'Clarity', ka: 'სიცხადე' },
          levels: [
            { points: 0, descriptor: { en: 'Unclear' } },
            { points: 2, descriptor: { en: 'Clear & <concise>' } },
          ],
        },
        { criterion: { en: 'Depth' }, levels: [{ points: 2, descriptor: { en: 'Deep' } }] },
      ],
      tags: ['writing'],
    },
    {
      type: 'essay',
      stem: { en: 'Odd spacing:\n\n\nthree newlines, a\u00a0non-breaking space and  an  ]]> end' },
      points: 1,
    },
  ];

  it('round-trips every type: importMoodleXml(exportMoodleXml(items)) equals items', () => {
    const xml = exportMoodleXml(items, 'en');
    expect(importMoodleXml(xml, 'en')).toEqual({ items, errors: [] });
  });

  it('round-trips the Moodle fixture too', () => {
    const { items: fixture } = importMoodleXml(readFileSync(FIXTURE, 'utf8'), 'en');
    expect(importMoodleXml(exportMoodleXml(fixture, 'en'), 'en').items).toEqual(fixture);
  });

  it('writes well-formed Moodle XML: percent fractions, HTML text, defaultgrade, tags, unknown elements only for Probity data', () => {
    const xml = exportMoodleXml(items, 'en');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      isArray: (name) => ['question', 'answer', 'tag'].includes(name),
    }).parse(xml) as {
      quiz: { question: ExportedQuestion[] };
    };
    const questions = parsed.quiz.question;
    expect(questions.map((q) => q['@_type'])).toEqual([
      'multichoice',
      'multichoice',
      'truefalse',
      'numerical',
      'shortanswer',
      'shortanswer',
      'essay',
      'essay',
      'essay',
    ]);
    expect(questions[0].single).toBe('true');
    expect(questions[1].single).toBe('false');
    expect(questions[0].defaultgrade).toBe('2');
    expect(questions[0].questiontext['@_format']).toBe('html');
    expect(questions[0].questiontext.text).toContain('<p>What is the capital of France?</p>');
    expect(questions[0].answer.map((a) => a['@_fraction'])).toEqual(['100', '0', '-33.33333']);
    expect(questions[1].answer.map((a) => a['@_fraction'])).toEqual(['50', '50', '-100', '7']);
    expect(questions[0].tags.tag.map((t) => t.text)).toEqual(['geo', 'europe']);
    // Moodle recognises true/false answers by their text.
    expect(questions[2].answer.map((a) => a.text)).toEqual(['True', 'False']);
    expect(questions[3].answer[0]).toMatchObject({ text: '3.14', tolerance: '0.005' });
    expect(questions[4].usecase).toBe('1');
    expect(questions[6]).not.toHaveProperty('probity_rubric');
    expect(JSON.parse(questions[7].probity_rubric ?? '')).toEqual(items[7].rubric);
    // Text HTML cannot carry unchanged is written as plain text.
    expect(questions[8].questiontext['@_format']).toBe('plain_text');
  });

  it('writes texts in the locale asked for, falling back to English', () => {
    const item: ItemContent = { type: 'essay', stem: { en: 'Write.', ka: 'დაწერეთ.' }, points: 1, explanation: { en: 'Any.' } };
    const { items: back } = importMoodleXml(exportMoodleXml([item], 'ka'), 'ka');
    expect(back).toEqual([{ type: 'essay', stem: { ka: 'დაწერეთ.' }, points: 1, explanation: { ka: 'Any.' } }]);
  });

  it('gives option ids a, b, c … in document order, past z', () => {
    const options = Array.from({ length: 28 }, (_, i) => ({ id: '', text: { en: `o${i}` }, fraction: i === 0 ? 1 : 0 }));
    const { items: back } = importMoodleXml(
      exportMoodleXml([{ type: 'single_choice', stem: { en: 'Pick' }, points: 1, options }], 'en'),
      'en',
    );
    expect(back[0].options?.map((o) => o.id).slice(24)).toEqual(['y', 'z', 'aa', 'ab']);
  });
});
