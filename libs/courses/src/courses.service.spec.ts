import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { academyFactory, userFactory, versionFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { CoursesService } from './courses.service';
import { CourseVersion } from './entities/course-version.entity';
import { VersionsRepository } from './repositories/versions.repository';

type Person = Awaited<ReturnType<typeof userFactory>>;
const actor = (user: Person) => ({ ...user, locale: 'en' as const });

/** What courses offers other contexts instead of its tables (ADR 0005), on a real database. */
describe('CoursesService, for other contexts', () => {
  let t: TestApp;
  let courses: CoursesService;
  let dataSource: DataSource;
  let trainer: Person;

  beforeAll(async () => {
    t = await createTestApp();
    courses = t.app.get(CoursesService);
    dataSource = t.app.get(DataSource);
    trainer = await userFactory(t.app, { roles: ['trainer'], academyId: (await academyFactory(t.app)).id });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  describe('academyOf', () => {
    it('answers the academy that owns the course, and undefined for no such course', async () => {
      const other = await userFactory(t.app, { roles: ['trainer'], academyId: (await academyFactory(t.app)).id });
      const mine = await courses.create(actor(trainer), { code: 'OWN-1', title: { en: 'Mine' } });
      const theirs = await courses.create(actor(other), { code: 'OWN-1', title: { en: 'Theirs' } });
      expect(await courses.academyOf(mine.id)).toBe(trainer.academyId);
      expect(await courses.academyOf(theirs.id)).toBe(other.academyId);
      expect(await courses.academyOf(randomUUID())).toBeUndefined();
    });

    it('reads inside the caller’s transaction: a course not yet committed is seen there only', async () => {
      await dataSource
        .transaction(async (manager) => {
          const [{ id }] = await manager.query<{ id: string }[]>(
            `INSERT INTO courses (academy_id, code, title) VALUES ($1, 'OWN-TX', '{"en": "In a transaction"}') RETURNING id`,
            [trainer.academyId],
          );
          expect(await courses.academyOf(id, manager)).toBe(trainer.academyId);
          expect(await courses.academyOf(id)).toBeUndefined();
          throw new Error('roll back');
        })
        .catch((error: Error) => expect(error.message).toBe('roll back'));
    });
  });

  describe('snapshot', () => {
    it('answers the version’s frozen content as plain data: id, course, number, locales and the snapshot', async () => {
      const { versionId, lessonIds } = await versionFactory(t.app, trainer, { lessons: 2 });
      const version = await courses.snapshot(versionId);
      expect(version).not.toBeInstanceOf(CourseVersion);
      expect(Object.keys(version).sort()).toEqual(['courseId', 'id', 'locales', 'number', 'snapshot']);
      expect(version).toMatchObject({ id: versionId, number: 1, locales: ['en'] });
      expect(version.snapshot.course.academyId).toBe(trainer.academyId);
      expect(version.snapshot.modules[0].lessons.map((l) => l.id)).toEqual(lessonIds);
      expect(await courses.academyOf(version.courseId)).toBe(trainer.academyId);
    });

    it('is frozen all the way down: no caller can change what every other caller shares', async () => {
      const { versionId } = await versionFactory(t.app, trainer, { lessons: 1 });
      const version = await courses.snapshot(versionId);
      expect(Object.isFrozen(version)).toBe(true);
      expect(Object.isFrozen(version.locales)).toBe(true);
      expect(Object.isFrozen(version.snapshot.course.title)).toBe(true);
      const lesson = version.snapshot.modules[0].lessons[0];
      expect(Object.isFrozen(lesson)).toBe(true);
      expect(() => {
        (lesson as { durationMinutes: number }).durationMinutes = 99;
      }).toThrow(TypeError);
      expect((await courses.snapshot(versionId)).snapshot.modules[0].lessons[0].durationMinutes).toBe(10);
    });

    it('reads each version once: later calls answer the same object without a query', async () => {
      const { versionId } = await versionFactory(t.app, trainer, { lessons: 1 });
      const other = await versionFactory(t.app, trainer, { lessons: 1 });
      const find = jest.spyOn(t.app.get(VersionsRepository), 'find');
      const first = await courses.snapshot(versionId);
      const again = await courses.snapshot(versionId);
      const fromTransaction = await dataSource.transaction((manager) => courses.snapshot(versionId, manager));
      expect(again).toBe(first);
      expect(fromTransaction).toBe(first);
      expect(find).toHaveBeenCalledTimes(1);
      // Another version is its own entry.
      const second = await courses.snapshot(other.versionId);
      expect(second.id).toBe(other.versionId);
      expect(second).not.toBe(first);
      expect(find).toHaveBeenCalledTimes(2);
    });

    it('reads a version not yet cached on the caller’s connection, and refuses an unknown version with 404', async () => {
      const { versionId } = await versionFactory(t.app, trainer, { lessons: 1 });
      const find = jest.spyOn(t.app.get(VersionsRepository), 'find');
      await dataSource.transaction(async (manager) => {
        expect((await courses.snapshot(versionId, manager)).id).toBe(versionId);
        expect(find).toHaveBeenCalledWith(versionId, manager);
      });
      const unknown = randomUUID();
      await expect(courses.snapshot(unknown)).rejects.toMatchObject({ code: 'not_found', params: { entity: 'course_version' } });
      await expect(courses.snapshot(unknown)).rejects.toMatchObject({ code: 'not_found' });
      expect(find).toHaveBeenCalledTimes(3);
    });
  });
});
