import { type Locale, pick } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import type { CatalogRow } from './repositories/versions.repository';
import { translationStats } from './snapshot';

export interface CatalogEntry {
  courseId: string;
  versionId: string;
  number: number;
  code: string;
  title: string;
  summary: string;
  objectives: string[];
  tags: string[];
  academyId: string;
  shared: boolean;
  translation: Record<string, number>;
  locales: string[];
  lessonsTotal: number;
  durationMinutes: number;
  publishedAt: Date;
  /** The text is in another locale than the one asked for. */
  fellBack: boolean;
}

/** A version as the catalogue shows it to `reader`, in `locale`. */
export function catalogEntry(row: CatalogRow, locale: Locale, reader?: AuthUser): CatalogEntry {
  const s = row.snapshot;
  // requested -> the reader's academy default -> en (ARCHITECTURE.md); never the owner's language.
  const fallback = [reader?.academyLocale];
  const title = pick(s.course.title, locale, ...fallback);
  const translation = translationStats({
    course: { ...s.course },
    modules: s.modules.map((m) => ({
      id: m.id,
      title: m.title,
      objectives: m.objectives,
      scenario: m.scenarioHtml,
      lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, body: l.bodyHtml })),
    })),
  });
  return {
    courseId: row.courseId,
    versionId: row.id,
    number: row.number,
    code: s.course.code,
    title: title.text,
    summary: pick(s.course.summary, locale, ...fallback).text,
    objectives: s.course.objectives.map((o) => pick(o, locale, ...fallback).text),
    tags: s.course.tags,
    academyId: row.academy_id,
    shared: row.shared,
    translation,
    locales: row.locales,
    lessonsTotal: s.lessonsTotal,
    durationMinutes: s.durationMinutes,
    publishedAt: row.publishedAt,
    fellBack: title.fellBack,
  };
}
