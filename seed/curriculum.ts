import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES, type Locale, type LocaleMap, projectRoot } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';

/** A course as reviewers keep it under seed/curriculum/<course>/: one file per lesson per locale. */
export interface CurriculumLesson {
  slug: string;
  durationMinutes: number;
  tags: string[];
  title: LocaleMap;
  body: LocaleMap;
}

export interface CurriculumModule {
  folder: string;
  order: number;
  title: LocaleMap;
  objectives: LocaleMap[];
  tags: string[];
  scenario: LocaleMap;
  lessons: CurriculumLesson[];
}

export interface Curriculum {
  code: string;
  shared: boolean;
  title: LocaleMap;
  summary: LocaleMap;
  objectives: LocaleMap[];
  tags: string[];
  modules: CurriculumModule[];
}

interface FrontMatter {
  title: string;
  durationMinutes: number;
  tags: string[];
}

/** The small front matter our lesson files use: title, durationMinutes, tags: [a, b]. */
export function parseLessonFile(source: string, file: string): { front: FrontMatter; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) throw new Error(`${file}: no front matter`);
  const fields = Object.fromEntries(
    match[1].split(/\r?\n/).flatMap((line) => {
      const at = line.indexOf(':');
      return at > 0 ? [[line.slice(0, at).trim(), line.slice(at + 1).trim()]] : [];
    }),
  );
  const title = fields.title?.replace(/^["']|["']$/g, '');
  const durationMinutes = Number(fields.durationMinutes);
  const tags = (fields.tags ?? '')
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((t: string) => t.trim())
    .filter(Boolean);
  if (!title || !Number.isInteger(durationMinutes)) throw new Error(`${file}: front matter needs title and durationMinutes`);
  return { front: { title, durationMinutes, tags }, body: match[2].trim() };
}

/** Per-locale arrays ({"en": ["a", "b"], "ka": [...]}) turned into a list of locale maps. */
function zipObjectives(byLocale: Partial<Record<Locale, string[]>>): LocaleMap[] {
  const length = Math.max(0, ...Object.values(byLocale).map((list) => list?.length ?? 0));
  return Array.from(
    { length },
    (_, i) => Object.fromEntries(LOCALES.flatMap((l) => (byLocale[l]?.[i] ? [[l, byLocale[l][i]]] : []))) as LocaleMap,
  );
}

export function curriculumDir(name = 'napor'): string {
  return join(projectRoot(), 'seed', 'curriculum', name);
}

export function loadCurriculum(dir = curriculumDir()): Curriculum {
  const course = JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')) as Omit<Curriculum, 'modules' | 'objectives'> & {
    objectives: Partial<Record<Locale, string[]>>;
  };
  const modules = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry): CurriculumModule => {
      const folder = join(dir, entry.name);
      const meta = JSON.parse(readFileSync(join(folder, 'module.json'), 'utf8')) as {
        order: number;
        title: LocaleMap;
        objectives: Partial<Record<Locale, string[]>>;
        tags: string[];
      };
      const files = readdirSync(folder);
      const scenario = Object.fromEntries(
        LOCALES.filter((l) => existsSync(join(folder, `scenario.${l}.md`))).map((l) => [
          l,
          readFileSync(join(folder, `scenario.${l}.md`), 'utf8').trim(),
        ]),
      ) as LocaleMap;
      const slugs = [...new Set(files.flatMap((f) => /^(\d+-[a-z0-9-]+)\.[a-z]{2}\.md$/.exec(f)?.[1] ?? []))].sort(
        (a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10),
      );
      const lessons = slugs.map((slug): CurriculumLesson => {
        const lesson: CurriculumLesson = { slug, durationMinutes: 0, tags: [], title: {}, body: {} };
        for (const locale of LOCALES) {
          const file = join(folder, `${slug}.${locale}.md`);
          if (!existsSync(file)) continue;
          const { front, body } = parseLessonFile(readFileSync(file, 'utf8'), file);
          lesson.title[locale] = front.title;
          lesson.body[locale] = body;
          if (locale === 'en' || !lesson.durationMinutes) {
            lesson.durationMinutes = front.durationMinutes;
            lesson.tags = front.tags;
          }
        }
        return lesson;
      });
      return {
        folder: entry.name,
        order: meta.order,
        title: meta.title,
        objectives: zipObjectives(meta.objectives),
        tags: meta.tags,
        scenario,
        lessons,
      };
    })
    .sort((a, b) => a.order - b.order);
  return { ...course, objectives: zipObjectives(course.objectives), modules };
}

/** What the seeder needs of the courses service (kept narrow so that this file stays data-only). */
export interface CourseWriter {
  create(
    actor: AuthUser,
    dto: { code: string; title: LocaleMap; summary?: LocaleMap; objectives?: LocaleMap[]; tags?: string[]; shared?: boolean },
  ): Promise<{ id: string }>;
  addModule(
    actor: AuthUser,
    courseId: string,
    dto: { title: LocaleMap; objectives?: LocaleMap[]; scenario?: LocaleMap; tags?: string[] },
  ): Promise<{ id: string }>;
  addLesson(
    actor: AuthUser,
    moduleId: string,
    dto: { title: LocaleMap; body: LocaleMap; durationMinutes: number; tags?: string[] },
  ): Promise<{ id: string }>;
  publish(actor: AuthUser, courseId: string): Promise<{ number: number }>;
}

/**
 * Writes the curriculum as a trainer would (through the service: rendered, sanitized, audited), then publishes it.
 * `beforePublish` adds what the version must freeze besides the lessons (the course's tests).
 */
export async function writeCurriculum(
  courses: CourseWriter,
  author: AuthUser,
  curriculum: Curriculum,
  beforePublish?: (courseId: string) => Promise<void>,
): Promise<string> {
  const { id } = await courses.create(author, {
    code: curriculum.code,
    title: curriculum.title,
    summary: curriculum.summary,
    objectives: curriculum.objectives,
    tags: curriculum.tags,
    shared: curriculum.shared,
  });
  for (const module of curriculum.modules) {
    const created = await courses.addModule(author, id, {
      title: module.title,
      objectives: module.objectives,
      scenario: module.scenario,
      tags: module.tags,
    });
    for (const lesson of module.lessons) {
      await courses.addLesson(author, created.id, {
        title: lesson.title,
        body: lesson.body,
        durationMinutes: lesson.durationMinutes,
        tags: lesson.tags,
      });
    }
  }
  if (beforePublish) await beforePublish(id);
  await courses.publish(author, id);
  return id;
}
