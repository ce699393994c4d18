import type { DataSource } from 'typeorm';
import { type AcademiesService, type AuthService, type AuthUser, type UsersService } from '@probity/identity';
import { type DemoTestCohort, type TestWriter, writeTests } from './assessments';
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
 * and published as version 1, with its pre-test and post-test (`seed/assessments/napor.ts`) when the
 * question bank is given. Skipped when the academy already has a course with its code.
 */
export async function seedCurriculum(
  dataSource: DataSource,
  auth: AuthService,
  courses: CourseWriter,
  bank?: TestWriter,
): Promise<boolean> {
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
  await writeCurriculum(courses, author, curriculum, bank && ((courseId) => writeTests(bank, author, courseId)));
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

/** One of the demo's cohorts of the NAPOR course; days count from the day the demo is seeded. */
interface DemoCohort {
  /** The owner academy (its demo administrator creates the cohort, its demo trainer teaches it). */
  academy: string;
  name: string;
  locale: string;
  startsIn: number;
  endsIn: number;
  venue: string;
  /** Partner academies: accepted by their administrator, or left invited (an invitation to answer). */
  partners?: { academy: string; accept: boolean }[];
  /** Learners as [academy, key]. */
  learners: [string, string][];
  /** Classroom sessions: days from seeding, the hour (UTC) they start, seven hours long. */
  sessions: { day: number; title: string }[];
  startHourUtc: number;
}

/**
 * The demo's cohorts of the NAPOR course besides the past Batumi one (`seedDemoCertificates`), so that every demo role
 * has something real to do on first start and every cohort status shows:
 * - Georgia's running trans-regional cohort with Ukraine as accepted partner, the demo learners of both enrolled: its
 *   opening session was held five days ago and its register is still to be taken (the Georgian trainer's to-do);
 * - a running cohort of each of Kyrgyzstan, Pakistan and Tanzania, in the academy's language, its two learners
 *   enrolled (their next lesson), its first session held three days ago without a register (the trainer's to-do);
 * - in the running cohorts, which require the post-test by default, the owner academy's second learner has sat the
 *   pre-test and handed in the post-test, whose essay waits for the trainer; the first learner has both tests to take
 *   (`seedDemoAttempts`, after the cohorts);
 * - a planned next intake of Ukraine, Pakistan and Tanzania, with no session and nobody enrolled yet (the trainer
 *   adds sessions, the administrator enrols); Ukraine's invites Kyrgyzstan, which has not answered yet (the Kyrgyz
 *   administrator's to-do).
 */
const DEMO_COHORTS: DemoCohort[] = [
  {
    academy: 'GE',
    name: 'Tbilisi–Kyiv cooperation cohort',
    locale: 'ka',
    startsIn: -7,
    endsIn: 60,
    venue: 'შსს აკადემია, თბილისი',
    partners: [{ academy: 'UA', accept: true }],
    learners: [
      ['GE', 'learner1'],
      ['GE', 'learner2'],
      ['UA', 'learner1'],
      ['UA', 'learner2'],
    ],
    sessions: [
      { day: -5, title: 'გახსნა: კურსის გეგმა და სამართლებრივი ჩარჩო' },
      { day: 2, title: 'მოდული 1–2: სამართლებრივი ჩარჩო, დაკავება და დაპატიმრება' },
      { day: 16, title: 'მოდული 3–4: დაკითხვა, ჩხრეკა და ამოღება' },
      { day: 30, title: 'მოდული 5–6: ფარული საგამოძიებო მოქმედებები, გზა სასამართლომდე' },
    ],
    startHourUtc: 5,
  },
  {
    academy: 'KG',
    name: 'Бишкек, группа следователей',
    locale: 'ru',
    startsIn: -10,
    endsIn: 50,
    venue: 'Академия МВД, Бишкек',
    learners: [
      ['KG', 'learner1'],
      ['KG', 'learner2'],
    ],
    sessions: [
      { day: -3, title: 'Модули 1–2: правовые рамки, задержание и арест' },
      { day: 11, title: 'Модули 3–4: допрос, обыск и изъятие' },
      { day: 25, title: 'Модули 5–6: специальные методы, путь к суду' },
    ],
    startHourUtc: 3,
  },
  {
    academy: 'PK',
    name: 'اسلام آباد، تفتیشی افسران کا گروپ',
    locale: 'ur',
    startsIn: -10,
    endsIn: 50,
    venue: 'نیشنل پولیس اکیڈمی، اسلام آباد',
    learners: [
      ['PK', 'learner1'],
      ['PK', 'learner2'],
    ],
    sessions: [
      { day: -3, title: 'ماڈیول 1–2: قانونی فریم ورک، گرفتاری اور حراست' },
      { day: 11, title: 'ماڈیول 3–4: پوچھ گچھ، تلاشی اور ضبطی' },
      { day: 25, title: 'ماڈیول 5–6: خصوصی طریقے، مقدمے تک' },
    ],
    startHourUtc: 4,
  },
  {
    academy: 'TZ',
    name: 'Moshi, kundi la wapelelezi',
    locale: 'sw',
    startsIn: -10,
    endsIn: 50,
    venue: 'Chuo cha Taaluma ya Polisi, Moshi',
    learners: [
      ['TZ', 'learner1'],
      ['TZ', 'learner2'],
    ],
    sessions: [
      { day: -3, title: 'Moduli 1–2: mfumo wa kisheria, kukamata na kuweka kizuizini' },
      { day: 11, title: 'Moduli 3–4: mahojiano, upekuzi na ukamataji wa vielelezo' },
      { day: 25, title: 'Moduli 5–6: mbinu maalum, hadi mahakamani' },
    ],
    startHourUtc: 6,
  },
  {
    academy: 'UA',
    name: 'Київ, наступний набір',
    locale: 'uk',
    startsIn: 28,
    endsIn: 88,
    venue: 'НАВС, Київ',
    partners: [{ academy: 'KG', accept: false }],
    learners: [],
    sessions: [],
    startHourUtc: 6,
  },
  {
    academy: 'PK',
    name: 'اسلام آباد، اگلا گروپ',
    locale: 'ur',
    startsIn: 35,
    endsIn: 95,
    venue: 'نیشنل پولیس اکیڈمی، اسلام آباد',
    learners: [],
    sessions: [],
    startHourUtc: 4,
  },
  {
    academy: 'TZ',
    name: 'Moshi, kundi lijalo',
    locale: 'sw',
    startsIn: 35,
    endsIn: 95,
    venue: 'Chuo cha Taaluma ya Polisi, Moshi',
    learners: [],
    sessions: [],
    startHourUtc: 6,
  },
];

/** The names of the demo's cohorts of the NAPOR course besides Batumi's (tests find them by name). */
export const DEMO_COHORT_NAMES = DEMO_COHORTS.map((c) => c.name);

/** The running demo cohorts with learners: their owner academy's second learner has sat the tests (`seedDemoAttempts`). */
export const DEMO_TEST_COHORTS: DemoTestCohort[] = DEMO_COHORTS.filter(
  (c) => c.startsIn <= 0 && c.endsIn >= 0 && c.learners.some(([code, key]) => code === c.academy && key === 'learner2'),
).map(({ academy, name, locale }) => ({ academy, name, locale }));

/**
 * The demo's cohorts of the NAPOR course (`DEMO_COHORTS`), each created once: a cohort is found again by its academy
 * and name, so starting again adds nothing and a demo seeded before a cohort was added gets just that one. Dates
 * count from the day of seeding, so the story holds whenever the demo starts. True when a cohort was created now.
 */
export async function seedDemoCohort(dataSource: DataSource, auth: AuthService, writer: CohortWriter): Promise<boolean> {
  const { cohorts, enrolments, partners, attendance } = writer;
  const [version] = await dataSource.query<{ id: string }[]>(
    `SELECT v.id FROM course_versions v JOIN courses c ON c.id = v.course_id JOIN academies a ON a.id = c.academy_id
      WHERE a.code = 'GE' AND c.code = 'NAPOR-CI' ORDER BY v.number DESC LIMIT 1`,
  );
  if (!version) return false;
  const people = await dataSource.query<{ id: string; email: string }[]>('SELECT id, email FROM users WHERE email LIKE $1', [
    '%@probity.demo',
  ]);
  const id = (key: string, code: string): string | undefined => people.find((p) => p.email === demoEmail(code, key))?.id;
  const actor = (key: string, code: string): Promise<AuthUser | undefined> =>
    auth.activeUser(id(key, code) ?? '00000000-0000-4000-8000-000000000000');
  const academies = new Map(
    (await dataSource.query<{ id: string; code: string }[]>('SELECT id, code FROM academies')).map((a) => [a.code, a.id]),
  );
  const today = new Date();
  const day = (offset: number): string => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  let created = false;
  for (const demo of DEMO_COHORTS) {
    const exists = await dataSource.query<unknown[]>(
      `SELECT 1 FROM cohorts c JOIN academies a ON a.id = c.academy_id WHERE a.code = $1 AND c.name = $2`,
      [demo.academy, demo.name],
    );
    if (exists.length) continue;
    const admin = await actor('admin', demo.academy);
    const trainerId = id('trainer', demo.academy);
    const partnerIds = (demo.partners ?? []).map((p) => academies.get(p.academy));
    if (!admin || !trainerId || partnerIds.some((p) => !p)) continue;
    const cohort = await cohorts.create(admin, {
      courseVersionId: version.id,
      name: demo.name,
      locale: demo.locale,
      startsOn: day(demo.startsIn),
      endsOn: day(demo.endsIn),
      trainerIds: [trainerId],
      partnerAcademyIds: partnerIds as string[],
      venue: demo.venue,
    });
    created = true;
    // A partner's administrator accepted the invitation: only then are its people enrolled. The others stay invited.
    for (const partner of demo.partners ?? []) {
      const partnerAdmin = partner.accept ? await actor('admin', partner.academy) : undefined;
      if (partnerAdmin) await partners.decidePartnership(partnerAdmin, cohort.id, academies.get(partner.academy)!, 'accepted');
    }
    const learners = demo.learners.map(([code, key]) => id(key, code)).filter((x): x is string => Boolean(x));
    if (learners.length) await enrolments.enrol(admin, cohort.id, learners);
    const hour = String(demo.startHourUtc).padStart(2, '0');
    const end = String(demo.startHourUtc + 7).padStart(2, '0');
    for (const session of demo.sessions) {
      await attendance.addSession(admin, cohort.id, {
        startsAt: `${day(session.day)}T${hour}:00:00Z`,
        endsAt: `${day(session.day)}T${end}:00:00Z`,
        title: session.title,
      });
    }
  }
  return created;
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
    venue: 'რეგიონული სასწავლო ცენტრი, ბათუმი',
    completion: { minAttendancePercent: 0, requireAllLessons: false },
  });
  await enrolments.enrol(
    admin,
    cohort.id,
    [id('learner1'), id('learner2')].filter((x): x is string => Boolean(x)),
  );
  // The demo's graduates sat the course's tests on paper: none is required of this past cohort, so everyone enrolled has
  // completed it (the post-test that version 1 freezes would otherwise be required by default).
  await cohorts.setRequiredAssessments(admin, cohort.id, []);
  await certificates.startIssuance(admin, cohort.id);
  return true;
}
