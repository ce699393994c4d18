import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES, type LocaleMap, projectRoot } from '@probity/i18n';
import { DEMO_ANSWERS, NAPOR_ASSESSMENTS, NAPOR_ITEMS, NAPOR_ITEM_KEYS, type NaporItemKey } from './assessments';

const SCRIPT = { ru: /\p{Script=Cyrillic}/u, uk: /\p{Script=Cyrillic}/u, ka: /\p{Script=Georgian}/u, ur: /\p{Script=Arabic}/u } as Record<
  string,
  RegExp
>;
const glossary = Object.fromEntries(
  LOCALES.map((l) => [l, JSON.parse(readFileSync(join(projectRoot(), 'seed', 'glossary', `${l}.json`), 'utf8')) as Record<string, string>]),
);

/** Every text of an item a person reads, named for the failure message. */
function texts(key: NaporItemKey): [string, LocaleMap][] {
  const item = NAPOR_ITEMS[key];
  return [
    [`${key} stem`, item.stem],
    [`${key} explanation`, item.explanation ?? {}],
    ...(item.options ?? []).flatMap((o, i): [string, LocaleMap][] => [
      [`${key} option ${i}`, o.text],
      [`${key} feedback ${i}`, o.feedback ?? {}],
    ]),
    ...(item.rubric ?? []).flatMap((c, i): [string, LocaleMap][] => [
      [`${key} criterion ${i}`, c.criterion],
      ...c.levels.map((l, j): [string, LocaleMap] => [`${key} criterion ${i} level ${j}`, l.descriptor]),
    ]),
  ];
}

describe('the NAPOR tests (seed/assessments/napor.ts)', () => {
  it('has a pre-test and a post-test of 6–8 items mixing every kind of question, one essay graded against a rubric', () => {
    expect(NAPOR_ASSESSMENTS.map((a) => [a.kind, a.items.length])).toEqual([
      ['pre_test', 6],
      ['post_test', 8],
    ]);
    expect(new Set(NAPOR_ASSESSMENTS[1].items.map((k) => NAPOR_ITEMS[k].type))).toEqual(
      new Set(['single_choice', 'multiple_choice', 'true_false', 'short_text', 'essay']),
    );
    // The pre-test is scored at once: the same questions as the post-test, less those a trainer grades.
    expect(NAPOR_ASSESSMENTS[0].items.every((k) => NAPOR_ITEMS[k].type !== 'essay' && NAPOR_ASSESSMENTS[1].items.includes(k))).toBe(true);
    const essay = NAPOR_ITEMS['withdrawal-essay'];
    expect(essay.rubric!.reduce((sum, c) => sum + Math.max(...c.levels.map((l) => l.points)), 0)).toBe(essay.points);
  });

  it('writes every stem, option, feedback, explanation, rubric and title in all six languages, each in its own script', () => {
    const problems: string[] = [];
    const all: [string, LocaleMap][] = [
      ...NAPOR_ITEM_KEYS.flatMap(texts),
      ...NAPOR_ASSESSMENTS.map((a): [string, LocaleMap] => [`${a.kind} title`, a.title]),
    ];
    for (const [name, map] of all) {
      if (Object.keys(map).sort().join() !== [...LOCALES].sort().join()) problems.push(`${name} lacks a locale`);
      for (const locale of LOCALES.filter((l) => l !== 'en')) {
        if (map[locale] === map.en) problems.push(`${name} (${locale}) equals the English`);
        if (SCRIPT[locale] && !SCRIPT[locale].test(map[locale] ?? '')) problems.push(`${name} (${locale}) is not in its script`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses the glossary’s terms, as the lessons do, and accepts the chain of custody in every language', () => {
    const uses: [NaporItemKey, string][] = [
      ['arrest-grounds', 'arrest'],
      ['judge-promptly', 'custody_record'],
      ['custody-chain', 'chain_of_custody'],
      ['pretrial-detention', 'pre_trial_detention'],
      ['pretrial-detention', 'bail'],
      ['pretrial-detention', 'prosecutor'],
    ];
    const missing = uses.flatMap(([key, term]) =>
      LOCALES.filter(
        (l) =>
          !texts(key)
            .map(([, map]) => map[l] ?? '')
            .join(' ')
            .toLowerCase()
            .includes(glossary[l][term].toLowerCase()),
      ).map((l) => `${key}: ${term} (${l})`),
    );
    expect(missing).toEqual([]);
    const accepted = NAPOR_ITEMS['custody-chain'].answer as string[];
    for (const locale of LOCALES) expect(accepted).toContain(glossary[locale].chain_of_custody);
  });

  it('gives the demo learners answers that fit the items: options that exist, the right term in the post-test, an essay in the cohort’s script', () => {
    for (const [locale, byKind] of Object.entries(DEMO_ANSWERS)) {
      for (const [kind, answers] of Object.entries(byKind)) {
        const plan = NAPOR_ASSESSMENTS.find((a) => a.kind === kind)!;
        expect(Object.keys(answers).sort()).toEqual([...plan.items].sort());
        for (const [key, answer] of Object.entries(answers)) {
          if ('options' in answer) for (const i of answer.options) expect(NAPOR_ITEMS[key as NaporItemKey].options?.[i]).toBeDefined();
        }
      }
      expect(NAPOR_ITEMS['custody-chain'].answer).toContain((byKind.post_test['custody-chain'] as { text: string }).text);
      expect(NAPOR_ITEMS['custody-chain'].answer).not.toContain((byKind.pre_test['custody-chain'] as { text: string }).text);
      const essay = (byKind.post_test['withdrawal-essay'] as { text: string }).text;
      if (SCRIPT[locale]) expect(essay).toMatch(SCRIPT[locale]);
      expect(essay.split(/\s+/).length).toBeGreaterThanOrEqual(120);
    }
  });
});
