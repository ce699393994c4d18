import { LOCALES, type Locale, type LocaleMap } from '@probity/i18n';

export interface SnapshotLesson {
  id: string;
  position: number;
  title: LocaleMap;
  bodyHtml: LocaleMap;
  durationMinutes: number;
  tags: string[];
}

export interface SnapshotModule {
  id: string;
  position: number;
  title: LocaleMap;
  objectives: LocaleMap[];
  scenarioHtml: LocaleMap;
  tags: string[];
  lessons: SnapshotLesson[];
}

/** What a published version freezes: the same ids as the draft it came from. */
export interface VersionSnapshot {
  course: {
    id: string;
    academyId: string;
    code: string;
    title: LocaleMap;
    summary: LocaleMap;
    objectives: LocaleMap[];
    tags: string[];
    shared: boolean;
  };
  modules: SnapshotModule[];
  lessonsTotal: number;
  durationMinutes: number;
  /** Parts other contexts add when the version is published (question items, assessments). */
  contributions: Record<string, unknown>;
}

/** One translatable text of a course tree, addressed by a stable key for the translation editor. */
export interface TranslatableField {
  key: string;
  /** `markdown` fields are rendered to HTML when saved. */
  kind: 'text' | 'markdown';
  /** What the field is, for the editor's label: course title, module 2 objective 1, … */
  label: { kind: string; module?: number; lesson?: number; index?: number };
  value: LocaleMap;
}

interface DraftTree {
  course: { title: LocaleMap; summary: LocaleMap; objectives: LocaleMap[] };
  modules: {
    id: string;
    title: LocaleMap;
    objectives: LocaleMap[];
    scenario: LocaleMap;
    lessons: { id: string; title: LocaleMap; body: LocaleMap }[];
  }[];
}

const present = (map: LocaleMap | undefined, locale: Locale): boolean => Boolean(map?.[locale]?.trim());
const anyText = (map: LocaleMap | undefined): boolean => LOCALES.some((l) => present(map, l));

/** Every text of the tree that a learner reads, in reading order. */
export function translatableFields(tree: DraftTree): TranslatableField[] {
  const fields: TranslatableField[] = [
    { key: 'course:title', kind: 'text', label: { kind: 'course_title' }, value: tree.course.title },
    { key: 'course:summary', kind: 'text', label: { kind: 'course_summary' }, value: tree.course.summary },
    ...tree.course.objectives.map((value, index) => ({
      key: `course:objectives:${index}`,
      kind: 'text' as const,
      label: { kind: 'course_objective', index: index + 1 },
      value,
    })),
  ];
  tree.modules.forEach((m, mi) => {
    const module = mi + 1;
    fields.push({ key: `module:${m.id}:title`, kind: 'text', label: { kind: 'module_title', module }, value: m.title });
    m.objectives.forEach((value, index) =>
      fields.push({
        key: `module:${m.id}:objectives:${index}`,
        kind: 'text',
        label: { kind: 'module_objective', module, index: index + 1 },
        value,
      }),
    );
    fields.push({ key: `module:${m.id}:scenario`, kind: 'markdown', label: { kind: 'module_scenario', module }, value: m.scenario });
    m.lessons.forEach((l, li) => {
      const lesson = li + 1;
      fields.push({ key: `lesson:${l.id}:title`, kind: 'text', label: { kind: 'lesson_title', module, lesson }, value: l.title });
      fields.push({ key: `lesson:${l.id}:body`, kind: 'markdown', label: { kind: 'lesson_body', module, lesson }, value: l.body });
    });
  });
  return fields;
}

/**
 * Percent of the tree's texts present in each locale (of the texts that exist in any locale).
 * A locale at 100 is complete: a version published now would list it.
 */
export function translationStats(tree: DraftTree): Record<Locale, number> {
  const fields = translatableFields(tree).filter((f) => anyText(f.value));
  return Object.fromEntries(
    LOCALES.map((locale) => [
      locale,
      fields.length ? Math.floor((100 * fields.filter((f) => present(f.value, locale)).length) / fields.length) : 0,
    ]),
  ) as Record<Locale, number>;
}

export function completeLocales(tree: DraftTree): Locale[] {
  const stats = translationStats(tree);
  return LOCALES.filter((locale) => stats[locale] === 100);
}

/** A draft tree as publication reads it: the course, its modules in order, each with its lessons in order. */
interface PublishableTree {
  course: VersionSnapshot['course'];
  modules: SnapshotModule[];
  lessonsTotal: number;
  durationMinutes: number;
}

/** The frozen copy of a draft that a version keeps (contributions are added by their contributors). */
export function snapshotOf(tree: PublishableTree): VersionSnapshot {
  const { course } = tree;
  return {
    course: {
      id: course.id,
      academyId: course.academyId,
      code: course.code,
      title: course.title,
      summary: course.summary,
      objectives: course.objectives,
      tags: course.tags,
      shared: course.shared,
    },
    modules: tree.modules.map((m) => ({
      id: m.id,
      position: m.position,
      title: m.title,
      objectives: m.objectives,
      scenarioHtml: m.scenarioHtml,
      tags: m.tags,
      lessons: m.lessons.map((l) => ({
        id: l.id,
        position: l.position,
        title: l.title,
        bodyHtml: l.bodyHtml,
        durationMinutes: l.durationMinutes,
        tags: l.tags,
      })),
    })),
    lessonsTotal: tree.lessonsTotal,
    durationMinutes: tree.durationMinutes,
    contributions: {},
  };
}
