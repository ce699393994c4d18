import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type request from 'supertest';
import { CertificatePdfService, IssuanceService } from '@probity/certificates';
import { CoursesService } from '@probity/courses';
import type { LocaleMap } from '@probity/i18n';
import { AcademiesService, type Role, UsersService, type UserView } from '@probity/identity';

export const PASSWORD = 'correct-horse-battery';
let sequence = 0;
const unique = (): string => `${++sequence}${randomBytes(3).toString('hex')}`;

/** An academy, created through the service (so it is audited like any other). */
export async function academyFactory(
  app: NestFastifyApplication,
  overrides: Partial<{ code: string; name: LocaleMap; country: string; defaultLocale: string; timeZone: string }> = {},
): ReturnType<AcademiesService['create']> {
  const code = overrides.code ?? `A${unique().toUpperCase().slice(0, 8)}`;
  return app.get(AcademiesService).create(null, {
    code,
    name: overrides.name ?? { en: `Academy ${code}`, ru: `Академия ${code}` },
    country: overrides.country ?? 'GE',
    defaultLocale: overrides.defaultLocale ?? 'en',
    timeZone: overrides.timeZone,
  });
}

/**
 * A person, created through the service. Left out, `academyId` is a new academy's, but for platform administrators
 * and for people holding only the Technical Assistance Facility's roles (ADR 0012), who get none:
 * `userFactory(app, { roles: ['expert'] })` belongs to no academy, `userFactory(app, { roles: ['expert'], academyId })` to one.
 */
export async function userFactory(
  app: NestFastifyApplication,
  overrides: Partial<{ email: string; fullName: string; roles: Role[]; academyId: string; locale: string; password: string }> = {},
): Promise<UserView & { password: string }> {
  const password = overrides.password ?? PASSWORD;
  const roles = overrides.roles ?? ['learner'];
  const facilityOnly = roles.length > 0 && roles.every((role) => ['facility_manager', 'partner_focal_point', 'expert'].includes(role));
  if (overrides.academyId === undefined && facilityOnly) {
    const user = await app.get(UsersService).create(null, {
      email: overrides.email ?? `user${unique()}@example.test`,
      password,
      fullName: overrides.fullName ?? 'Test Person',
      roles,
      locale: overrides.locale ?? 'en',
    });
    return { ...user, password };
  }
  const academyId = overrides.academyId ?? (roles.includes('platform_admin') ? undefined : (await academyFactory(app)).id);
  const user = await app.get(UsersService).create(null, {
    email: overrides.email ?? `user${unique()}@example.test`,
    password,
    fullName: overrides.fullName ?? 'Test Person',
    roles,
    academyId,
    locale: overrides.locale ?? 'en',
  });
  return { ...user, password };
}

export async function tokenFor(http: () => ReturnType<typeof request>, user: { email: string; password: string }): Promise<string> {
  const response = await http().post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(200);
  return (response.body as { accessToken: string }).accessToken;
}

/** A published course version with `lessons` lessons in one module, authored through the service. */
export async function versionFactory(
  app: NestFastifyApplication,
  author: { id: string; email: string; fullName: string; roles: Role[]; academyId: string | null },
  options: { lessons?: number; shared?: boolean } = {},
): Promise<{ versionId: string; lessonIds: string[] }> {
  const courses = app.get(CoursesService);
  const actor = { ...author, locale: 'en' as const };
  const course = await courses.create(actor, {
    code: `V${unique().toUpperCase().slice(0, 10)}`,
    title: { en: 'Case integrity', ka: 'საქმის მთლიანობა' },
    shared: options.shared,
  });
  const module = await courses.addModule(actor, course.id, { title: { en: 'Module' } });
  const lessonIds: string[] = [];
  for (let i = 0; i < (options.lessons ?? 3); i++) {
    lessonIds.push(
      (
        await courses.addLesson(actor, module.id, {
          title: { en: `Lesson ${i + 1}`, ka: `გაკვეთილი ${i + 1}` },
          body: { en: `Text ${i + 1}` },
          durationMinutes: 10,
        })
      ).id,
    );
  }
  const version = await courses.publish(actor, course.id);
  return { versionId: version.id, lessonIds };
}

/** A course made by courseWithLessonFactory, and `publish()` for when the test has added what it needs to it. */
export interface CourseWithLesson {
  courseId: string;
  moduleId: string;
  lessonId: string;
  /** Publishes the course as it then is (`POST /api/v1/courses/:id/versions`, 201) and answers the version's id. */
  publish: () => Promise<string>;
}

/**
 * A course with one module and one lesson, written over the API by the person whose token is given (a trainer, as
 * through the authoring pages). Tests add their items and assessments to it, then publish it with `publish()`.
 */
export async function courseWithLessonFactory(
  http: () => ReturnType<typeof request>,
  token: string,
  overrides: Partial<{
    code: string;
    title: LocaleMap;
    module: LocaleMap;
    lesson: { title: LocaleMap; body: LocaleMap; durationMinutes: number };
  }> = {},
): Promise<CourseWithLesson> {
  const post = (path: string) => http().post(path).set('authorization', `Bearer ${token}`);
  const created = async (path: string, body: object): Promise<string> =>
    ((await post(path).send(body).expect(201)).body as { id: string }).id;
  const courseId = await created('/api/v1/courses', {
    code: overrides.code ?? `C${unique().toUpperCase().slice(0, 10)}`,
    title: overrides.title ?? { en: 'Course' },
  });
  const moduleId = await created(`/api/v1/courses/${courseId}/modules`, { title: overrides.module ?? { en: 'M' } });
  const lessonId = await created(
    `/api/v1/modules/${moduleId}/lessons`,
    overrides.lesson ?? { title: { en: 'L' }, body: { en: 'x' }, durationMinutes: 5 },
  );
  const publish = async (): Promise<string> => ((await post(`/api/v1/courses/${courseId}/versions`).expect(201)).body as { id: string }).id;
  return { courseId, moduleId, lessonId, publish };
}

/** What the worker does with a queued certificate job (the same service calls as apps/worker's processor). */
export function runCertificateJob(app: NestFastifyApplication, jobId: string): ReturnType<IssuanceService['runIssuance']> {
  const pdfs = app.get(CertificatePdfService);
  return app.get(IssuanceService).runIssuance(jobId, (c) => pdfs.renderDefault(c));
}
