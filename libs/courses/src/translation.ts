import { BadInput, type Locale, type LocaleMap } from '@probity/i18n';
import type { CourseModule } from './entities/course-module.entity';
import type { Course } from './entities/course.entity';
import type { Lesson } from './entities/lesson.entity';
import { renderMarkdown } from './markdown';
import { translatableFields } from './snapshot';

/**
 * Sets one locale's texts of a draft from the side-by-side editor, in place: each entry names a field
 * by its key (`translatableFields`); an empty text removes that locale, Markdown fields get their HTML
 * again. Answers the keys whose text changed; an unknown key is refused (400).
 */
export function applyTranslation(
  tree: { course: Course; modules: (CourseModule & { lessons: Lesson[] })[] },
  locale: Locale,
  entries: { key: string; text: string }[],
): string[] {
  const { course } = tree;
  const fields = new Map(translatableFields(tree).map((f) => [f.key, f]));
  const changed: string[] = [];
  const modules = new Map(tree.modules.map((m) => [m.id, m]));
  const lessons = new Map(tree.modules.flatMap((m) => m.lessons).map((l) => [l.id, l]));
  for (const { key, text } of entries) {
    const field = fields.get(key);
    if (!field) throw new BadInput('unknown_field', { key });
    const value = text.replace(/\r\n/g, '\n').trim();
    if ((field.value[locale] ?? '') === value) continue;
    changed.push(key);
    const set = (map: LocaleMap): LocaleMap => {
      const next = { ...map };
      if (value) next[locale] = value;
      else delete next[locale];
      return next;
    };
    const [kind, id, prop, index] = key.split(':');
    if (kind === 'course') {
      if (id === 'title') course.title = set(course.title);
      else if (id === 'summary') course.summary = set(course.summary);
      else course.objectives[Number(prop)] = set(course.objectives[Number(prop)]);
    } else if (kind === 'module') {
      const module = modules.get(id)!;
      if (prop === 'title') module.title = set(module.title);
      else if (prop === 'scenario') {
        module.scenario = set(module.scenario);
        module.scenarioHtml = { ...module.scenarioHtml, [locale]: value ? renderMarkdown(value) : undefined };
        if (!value) delete module.scenarioHtml[locale];
      } else module.objectives[Number(index)] = set(module.objectives[Number(index)]);
    } else {
      const lesson = lessons.get(id)!;
      if (prop === 'title') lesson.title = set(lesson.title);
      else {
        lesson.body = set(lesson.body);
        lesson.bodyHtml = { ...lesson.bodyHtml, [locale]: value ? renderMarkdown(value) : undefined };
        if (!value) delete lesson.bodyHtml[locale];
      }
    }
  }
  return changed;
}
