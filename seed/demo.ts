import type { DataSource } from 'typeorm';
import { type AcademiesService, type AuthService, type AuthUser, type UsersService } from '@probity/identity';
import { type CourseWriter, loadCurriculum, writeCurriculum } from './curriculum';
import { DEMO_ACADEMIES, DEMO_PASSWORD, demoEmail } from './demo-data';

/**
 * The demo: five academies with an admin, a trainer and two learners each. Idempotent: what
 * exists is left as it is, what is missing is created (through the services, so it is audited).
 */
export async function seedDemo(
  dataSource: DataSource,
  academies: AcademiesService,
  users: UsersService,
): Promise<{ academies: number; users: number }> {
  let createdAcademies = 0;
  let createdUsers = 0;
  for (const demo of DEMO_ACADEMIES) {
    let academy = await academies.byCode(demo.code);
    if (!academy) {
      academy = await academies.create(null, {
        code: demo.code,
        name: demo.name,
        country: demo.country,
        defaultLocale: demo.defaultLocale,
        timeZone: demo.timeZone,
      });
      createdAcademies++;
    }
    for (const person of demo.people) {
      const email = demoEmail(demo.code, person.key);
      if ((await users.byEmails([email], [academy.id])).length) continue;
      await users.create(null, {
        email,
        password: DEMO_PASSWORD,
        fullName: person.fullName,
        roles: person.roles,
        academyId: academy.id,
        locale: demo.defaultLocale,
        sex: person.sex,
        agencyType: person.agencyType,
        function: person.function,
        agency: person.agency,
        rank: person.rank,
      });
      createdUsers++;
    }
  }
  return { academies: createdAcademies, users: createdUsers };
}

/**
 * The NAPOR curriculum, authored by the Georgian academy's demo trainer, shared with every academy
 * and published as version 1. Skipped when the academy already has a course with its code.
 */
export async function seedCurriculum(dataSource: DataSource, auth: AuthService, courses: CourseWriter): Promise<boolean> {
  const curriculum = loadCurriculum();
  const [owner] = await dataSource.query<{ id: string; academy_id: string }[]>(
    `SELECT u.id, u.academy_id FROM users u JOIN academies a ON a.id = u.academy_id WHERE a.code = 'GE' AND u.email = $1`,
    [demoEmail('GE', 'trainer')],
  );
  if (!owner) return false;
  const exists = await dataSource.query<unknown[]>('SELECT 1 FROM courses WHERE academy_id = $1 AND code = $2', [
    owner.academy_id,
    curriculum.code,
  ]);
  if (exists.length) return false;
  const author = await auth.activeUser(owner.id);
  if (!author) return false;
  await writeCurriculum(courses, author, curriculum);
  return true;
}

/** What the demo cohorts need of the cohorts context's services. */
export interface CohortWriter {
  cohorts: {
    create(
      actor: AuthUser,
      dto: {
        courseVersionId: string;
        name: string;
        locale: string;
        startsOn: string;
        endsOn: string;
        trainerIds: string[];
        partnerAcademyIds?: string[];
        venue?: string;
        completion?: { minAttendancePercent: number; requireAllLessons: boolean };
      },
    ): Promise<{ id: string }>;
    setRequiredAssessments(actor: AuthUser, cohortId: string, ids: string[] | null): Promise<{ completed: number }>;
  };
  enrolments: { enrol(actor: AuthUser, cohortId: string, userIds: string[]): Promise<unknown> };
  partners: {
    decidePartnership(actor: AuthUser, cohortId: string, academyId: string, decision: 'accepted' | 'declined'): Promise<unknown>;
  };
  attendance: {
    addSession(
      actor: AuthUser,
      cohortId: string,
      dto: { startsAt: string; endsAt: string; venue?: string; title?: string },
    ): Promise<unknown>;
  };
}

/**
 * A running trans-regional cohort of the NAPOR course (Georgia with Ukraine as partner), with the
 * demo learners of both enrolled and three classroom sessions ahead, so that every role has
 * something to see. Created once, right after the curriculum.
 */
export async function seedDemoCohort(dataSource: DataSource, auth: AuthService, writer: CohortWriter): Promise<boolean> {
  const { cohorts, enrolments, partners, attendance } = writer;
  const [version] = await dataSource.query<{ id: string }[]>(
    `SELECT v.id FROM course_versions v JOIN courses c ON c.id = v.course_id JOIN academies a ON a.id = c.academy_id
      WHERE a.code = 'GE' AND c.code = 'NAPOR-CI' ORDER BY v.number DESC LIMIT 1`,
  );
  if (!version) return false;
  if ((await dataSource.query<unknown[]>('SELECT 1 FROM cohorts WHERE course_version_id = $1', [version.id])).length) return false;
  const people = await dataSource.query<{ id: string; email: string }[]>('SELECT id, email FROM users WHERE email LIKE $1', [
    '%@probity.demo',
  ]);
  const id = (key: string, code: string): string | undefined => people.find((p) => p.email === demoEmail(code, key))?.id;
  const trainerId = id('trainer', 'GE');
  const admin = await auth.activeUser(id('admin', 'GE') ?? '00000000-0000-4000-8000-000000000000');
  const uaAdmin = await auth.activeUser(id('admin', 'UA') ?? '00000000-0000-4000-8000-000000000000');
  const [ua] = await dataSource.query<{ id: string }[]>(`SELECT id FROM academies WHERE code = 'UA'`);
  if (!admin || !uaAdmin || !trainerId || !ua) return false;
  const today = new Date();
  const day = (offset: number): string => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const cohort = await cohorts.create(admin, {
    courseVersionId: version.id,
    name: 'Tbilisi–Kyiv cooperation cohort',
    locale: 'ka',
    startsOn: day(-7),
    endsOn: day(60),
    trainerIds: [trainerId],
    partnerAcademyIds: [ua.id],
    venue: 'MIA Academy, Tbilisi',
  });
  // The Ukrainian academy's administrator accepted the invitation: only then are its people enrolled.
  await partners.decidePartnership(uaAdmin, cohort.id, ua.id, 'accepted');
  await enrolments.enrol(
    admin,
    cohort.id,
    [id('learner1', 'GE'), id('learner2', 'GE'), id('learner1', 'UA'), id('learner2', 'UA')].filter((x): x is string => Boolean(x)),
  );
  for (const [offset, title] of [
    [2, 'Module 1–2: legal frame, arrest and detention'],
    [16, 'Module 3–4: interviewing, search and seizure'],
    [30, 'Module 5–6: special techniques, to trial'],
  ] as const) {
    await attendance.addSession(admin, cohort.id, { startsAt: `${day(offset)}T05:00:00Z`, endsAt: `${day(offset)}T12:00:00Z`, title });
  }
  return true;
}

/** What the demo's certificates need of the certificates service. */
export interface CertificateIssuer {
  startIssuance(actor: AuthUser, cohortId: string): Promise<{ jobId: string }>;
}

/**
 * A past cohort of the NAPOR course whose two Georgian learners completed it, and the issuance of
 * their certificates queued for the worker: the verify page and the learner's downloads have
 * something real to show from the first start.
 */
export async function seedDemoCertificates(
  dataSource: DataSource,
  auth: AuthService,
  writer: CohortWriter,
  certificates: CertificateIssuer,
): Promise<boolean> {
  const { cohorts, enrolments } = writer;
  const [version] = await dataSource.query<{ id: string }[]>(
    `SELECT v.id FROM course_versions v JOIN courses c ON c.id = v.course_id JOIN academies a ON a.id = c.academy_id
      WHERE a.code = 'GE' AND c.code = 'NAPOR-CI' ORDER BY v.number DESC LIMIT 1`,
  );
  if (!version) return false;
  if (
    (await dataSource.query<unknown[]>(`SELECT 1 FROM cohorts WHERE course_version_id = $1 AND name = 'Batumi, spring 2026'`, [version.id]))
      .length
  )
    return false;
  const people = await dataSource.query<{ id: string; email: string }[]>('SELECT id, email FROM users WHERE email LIKE $1', [
    '%@probity.demo',
  ]);
  const id = (key: string): string | undefined => people.find((p) => p.email === demoEmail('GE', key))?.id;
  const admin = await auth.activeUser(id('admin') ?? '00000000-0000-4000-8000-000000000000');
  const trainerId = id('trainer');
  if (!admin || !trainerId) return false;
  const cohort = await cohorts.create(admin, {
    courseVersionId: version.id,
    name: 'Batumi, spring 2026',
    locale: 'ka',
    startsOn: '2026-03-02',
    endsOn: '2026-04-24',
    trainerIds: [trainerId],
    venue: 'Regional training centre, Batumi',
    completion: { minAttendancePercent: 0, requireAllLessons: false },
  });
  await enrolments.enrol(
    admin,
    cohort.id,
    [id('learner1'), id('learner2')].filter((x): x is string => Boolean(x)),
  );
  // The demo's graduates: no test is required of this past cohort, so everyone enrolled has completed it.
  await cohorts.setRequiredAssessments(admin, cohort.id, []);
  await certificates.startIssuance(admin, cohort.id);
  return true;
}
