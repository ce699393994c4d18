import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { NotFound } from '@probity/i18n';
import { academyFactory, userFactory, versionFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { CoursesService } from './courses.service';
import { CourseVersion } from './entities/course-version.entity';
import type { VersionSnapshot } from './snapshot';
import { type PublishedVersion, VersionCache } from './version-cache';

const version = (id: string): PublishedVersion => ({
  id,
  courseId: 'course',
  number: 1,
  locales: ['en'],
  snapshot: { course: { title: { en: id } }, modules: [], contributions: {} } as unknown as VersionSnapshot,
});

describe('VersionCache', () => {
  it('answers the plain data it was given, frozen', () => {
    const cache = new VersionCache();
    const given = version('a');
    const kept = cache.set(given);
    expect(cache.get('a')).toBe(kept);
    expect(kept).toEqual(given);
    expect(Object.isFrozen(kept)).toBe(true);
    expect(Object.isFrozen(kept.snapshot.course.title)).toBe(true);
    expect(Object.getPrototypeOf(kept.snapshot.course.title)).toBe(Object.prototype);
    expect(() => (kept.locales as string[]).push('fr')).toThrow(TypeError);
  });

  it('keeps only the plain data of a version, not the entity', () => {
    const entity = Object.assign(new CourseVersion(), version('a'), { publishedAt: new Date(), publishedBy: null });
    const kept = new VersionCache().set(entity);
    expect(kept).not.toBeInstanceOf(CourseVersion);
    expect(Object.keys(kept).sort()).toEqual(['courseId', 'id', 'locales', 'number', 'snapshot']);
  });

  it('never holds more than its capacity, dropping the version read least recently', () => {
    const cache = new VersionCache(2);
    cache.set(version('a'));
    cache.set(version('b'));
    cache.get('a'); // a is now more recent than b
    cache.set(version('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.id).toBe('a');
    expect(cache.get('c')?.id).toBe('c');
  });

  it('refuses a capacity below one', () => {
    expect(() => new VersionCache(0)).toThrow();
  });
});

/** The one cached reader of a published version for other contexts, on a real database. */
describe('CoursesService.snapshot', () => {
  let t: TestApp;
  let courses: CoursesService;
  let versionId: string;
  let lessonIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    courses = t.app.get(CoursesService);
    const academyId = (await academyFactory(t.app)).id;
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId });
    ({ versionId, lessonIds } = await versionFactory(t.app, trainer, { lessons: 2 }));
  });
  afterAll(() => t.close());

  /** A manager that fails if used: a cached answer must not touch the database. */
  const untouchable = { findOneBy: () => Promise.reject(new Error('read the database')) } as unknown as EntityManager;

  it('reads the frozen version once, then answers it from the cache', async () => {
    const first = await courses.snapshot(versionId);
    expect(first).toMatchObject({ id: versionId, number: 1 });
    expect(first.snapshot.modules.flatMap((m) => m.lessons.map((l) => l.id))).toEqual(lessonIds);
    expect(await courses.snapshot(versionId, untouchable)).toBe(first);
  });

  it('reads through the caller’s manager when the version is not cached yet', async () => {
    const academyId = (await academyFactory(t.app)).id;
    const other = await versionFactory(t.app, await userFactory(t.app, { roles: ['trainer'], academyId }), { lessons: 1 });
    await expect(courses.snapshot(other.versionId, untouchable)).rejects.toThrow('read the database');
    expect((await courses.snapshot(other.versionId)).id).toBe(other.versionId);
  });

  it('answers NotFound for a version that does not exist, and caches nothing for it', async () => {
    const missing = randomUUID();
    await expect(courses.snapshot(missing)).rejects.toBeInstanceOf(NotFound);
    await expect(courses.snapshot(missing, untouchable)).rejects.toThrow('read the database');
  });
});
