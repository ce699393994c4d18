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

/**
 * A cohort whose learners each answered a short-text post-test (their `answers`: token and text), completed its one
 * lesson and were certified: a person's record in every learning category, for the privacy tests (export, erasure).
 * Answers the cohort's id.
 */
export async function certifiedCohortFactory(
  app: NestFastifyApplication,
  http: () => ReturnType<typeof request>,
  staff: { admin: string; trainer: string; trainerId: string },
  learners: { id: string; token: string; answer: string }[],
  cohortName = 'Cohort',
): Promise<string> {
  const post = (path: string, token: string, body: object = {}) => http().post(path).set('authorization', `Bearer ${token}`).send(body);
  const course = await courseWithLessonFactory(http, staff.trainer);
  const itemId = (
    await post(`/api/v1/courses/${course.courseId}/items`, staff.trainer, {
      type: 'short_text',
      stem: { en: 'Name the interviewing model.' },
      points: 1,
      answer: ['PEACE'],
    }).expect(201)
  ).body.id as string;
  const assessmentId = (
    await post(`/api/v1/courses/${course.courseId}/assessments`, staff.trainer, {
      kind: 'post_test',
      title: { en: 'Post-test' },
      itemIds: [itemId],
      passPercent: 0,
      maxAttempts: 1,
    }).expect(201)
  ).body.id as string;
  const versionId = await course.publish();
  const cohortId = (
    await post('/api/v1/cohorts', staff.admin, {
      courseVersionId: versionId,
      name: cohortName,
      locale: 'en',
      startsOn: '2027-01-01',
      endsOn: '2027-02-01',
      trainerIds: [staff.trainerId],
      completion: { minAttendancePercent: 0, requireAllLessons: true },
    }).expect(201)
  ).body.id as string;
  await post(`/api/v1/cohorts/${cohortId}/enrolments`, staff.admin, { userIds: learners.map((l) => l.id) }).expect(201);
  for (const { token, answer } of learners) {
    const attempt = (await post(`/api/v1/cohorts/${cohortId}/assessments/${assessmentId}/attempts`, token).expect(201)).body as {
      id: string;
      items: { id: string }[];
    };
    await http()
      .put(`/api/v1/attempts/${attempt.id}/responses/${attempt.items[0].id}`)
      .set('authorization', `Bearer ${token}`)
      .send({ text: answer })
      .expect(200);
    await post(`/api/v1/attempts/${attempt.id}/submit`, token).expect(200);
    await post(`/api/v1/cohorts/${cohortId}/lessons/${course.lessonId}/complete`, token).expect(200);
  }
  const { jobId } = (await post(`/api/v1/cohorts/${cohortId}/certificates`, staff.admin).expect(202)).body as { jobId: string };
  const { issued } = await runCertificateJob(app, jobId);
  if (issued.length !== learners.length) throw new Error(`certifiedCohortFactory: ${issued.length} of ${learners.length} certified`);
  return cohortId;
}
