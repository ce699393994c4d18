import { LOCALES, loadCatalogues } from '@probity/i18n';
import { wordCount } from '@probity/courses';
import { loadCurriculum } from './curriculum';

const TAGS = new Set(Object.keys((loadCatalogues().en.courses as { tags: Record<string, string> }).tags));
const SCRIPT = { ru: /\p{Script=Cyrillic}/u, uk: /\p{Script=Cyrillic}/u, ka: /\p{Script=Georgian}/u, ur: /\p{Script=Arabic}/u } as Record<
  string,
  RegExp
>;

describe('the NAPOR curriculum (seed/curriculum/napor)', () => {
  const curriculum = loadCurriculum();
  const lessons = curriculum.modules.flatMap((m) => m.lessons.map((l) => ({ ...l, module: m.folder })));

  it('has at least 6 modules and 18 lessons', () => {
    expect(curriculum.modules.length).toBeGreaterThanOrEqual(6);
    expect(lessons.length).toBeGreaterThanOrEqual(18);
  });

  it('has the course, every module, objective and scenario in all six locales', () => {
    for (const map of [curriculum.title, curriculum.summary, ...curriculum.objectives])
      expect(Object.keys(map).sort()).toEqual([...LOCALES].sort());
    for (const m of curriculum.modules) {
      for (const map of [m.title, m.scenario, ...m.objectives]) expect(Object.keys(map).sort()).toEqual([...LOCALES].sort());
    }
  });

  it.each(lessons.map((l) => [`${l.module}/${l.slug}`, l] as const))('%s exists in six locales with 300+ words each', (_name, lesson) => {
    const short = LOCALES.map((locale) => ({ locale, words: wordCount(lesson.body[locale] ?? '') })).filter((c) => c.words < 300);
    expect(short).toEqual([]);
    expect(Object.keys(lesson.title).sort()).toEqual([...LOCALES].sort());
  });

  it('never leaves English in place of a translation, and writes each language in its own script', () => {
    const problems: string[] = [];
    const texts = [
      ...lessons.flatMap((l) => [
        [`${l.module}/${l.slug} title`, l.title],
        [`${l.module}/${l.slug} body`, l.body],
      ]),
      ...curriculum.modules.map((m) => [`${m.folder} scenario`, m.scenario]),
    ] as [string, Record<string, string>][];
    for (const [name, map] of texts) {
      for (const locale of LOCALES.filter((l) => l !== 'en')) {
        if (map[locale] === map.en) problems.push(`${name} (${locale}) equals the English`);
        if (SCRIPT[locale] && !SCRIPT[locale].test(map[locale] ?? '')) problems.push(`${name} (${locale}) is not in its script`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('tags lessons only with known competencies, the same in every locale file', () => {
    const unknown = lessons.flatMap((l) => l.tags.filter((t) => !TAGS.has(t)).map((t) => `${l.slug}: ${t}`));
    expect(unknown).toEqual([]);
    expect(lessons.every((l) => l.durationMinutes > 0)).toBe(true);
  });
});
