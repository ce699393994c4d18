/** The course authoring page (outline, translation, versions) and the form helpers of the pages that edit a course. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoursesService } from '@probity/courses';
import { LANGUAGE_NAMES, LOCALES, type Locale, type LocaleMap, direction, isLocale } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import { ctx, render } from './page';

type Body = Record<string, unknown>;
const lines = (value: string): string[] =>
  value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
export const tagList = (value: string): string[] =>
  value
    .split(/[,\s]+/)
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);

/** Sets one locale of a map, keeping the others (the authoring pages edit one language at a time). */
export function withLocale(map: LocaleMap, locale: Locale, value: string): LocaleMap {
  const next = { ...map };
  if (value) next[locale] = value;
  else delete next[locale];
  return next;
}

/** Objectives edited one per line in one locale: line i becomes objective i's text in that locale. */
export function objectivesWith(current: LocaleMap[], locale: Locale, value: string): LocaleMap[] {
  const wanted = lines(value);
  const length = Math.max(current.length, wanted.length);
  return Array.from({ length }, (_, i) => withLocale(current[i] ?? {}, locale, wanted[i] ?? '')).filter((m) => Object.keys(m).length > 0);
}

export function editLocale(request: FastifyRequest, value: unknown): Locale {
  return isLocale(value) ? value : ctx(request).probity.locale;
}

/** The authoring page of a course in the locale being edited; the pages' forms show it again with their errors. */
export async function renderAuthor(
  courses: CoursesService,
  request: FastifyRequest,
  reply: FastifyReply,
  user: AuthUser,
  id: string,
  locale: Locale,
  model: Body = {},
  status = 200,
): Promise<void> {
  const tree = await courses.tree(user, id);
  const show = (map: LocaleMap): string => map[locale] ?? '';
  const missing = (map: LocaleMap): boolean => !map[locale] && Object.keys(map).length > 0;
  await render(
    request,
    reply,
    'courses/author',
    'courses:author.title',
    {
      course: {
        ...tree.course,
        displayTitle: show(tree.course.title) || tree.course.title.en || Object.values(tree.course.title)[0],
        titleText: show(tree.course.title),
        summaryText: show(tree.course.summary),
        objectivesText: tree.course.objectives.map((o) => o[locale] ?? '').join('\n'),
        tagsText: tree.course.tags.join(', '),
      },
      modules: tree.modules.map((m, mi) => ({
        id: m.id,
        number: mi + 1,
        first: mi === 0,
        last: mi === tree.modules.length - 1,
        title: show(m.title) || `(${Object.values(m.title)[0] ?? ''})`,
        titleMissing: missing(m.title),
        lessons: m.lessons.map((l, li) => ({
          id: l.id,
          number: li + 1,
          first: li === 0,
          last: li === m.lessons.length - 1,
          title: show(l.title) || `(${Object.values(l.title)[0] ?? ''})`,
          titleMissing: missing(l.title),
          bodyMissing: missing(l.body),
          durationMinutes: l.durationMinutes,
        })),
      })),
      translation: LOCALES.map((code) => ({
        code,
        name: LANGUAGE_NAMES[code],
        percent: tree.translation[code],
        complete: tree.translation[code] === 100,
      })),
      versions: tree.versions,
      lessonsTotal: tree.lessonsTotal,
      durationMinutes: tree.durationMinutes,
      edit: locale,
      editName: LANGUAGE_NAMES[locale],
      editDir: direction(locale),
      locales: LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code], current: code === locale })),
      ...model,
    },
    status,
  );
}
