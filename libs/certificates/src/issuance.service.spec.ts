import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CohortsService, EnrolmentsService, ProgressService } from '@probity/cohorts';
import { type Locale, zonedDate } from '@probity/i18n';
import { JobQueue } from '@probity/database';
import { AcademiesService, UsersService } from '@probity/identity';
import { JobsService } from '@probity/jobs';
import { academyFactory, userFactory, versionFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { CertificatesService } from './certificates.service';
import { CredentialsService } from './credentials.service';
import { IssuanceInterrupted, IssuanceService } from './issuance.service';
import { CertificateRepository } from './repositories/certificate.repository';
import { VerificationService } from './verification.service';

type Person = Awaited<ReturnType<typeof userFactory>>;
const actor = (user: Person) => ({ ...user, locale: 'en' as const });

/**
 * Issuance signs what the owners say: the academy (code, name, country, time zone) from
 * `AcademiesService.get`, each learner's language from `UsersService.localesOf`, the cohort from
 * `CohortsService.find`; serials come from counters locked in the issuing transaction. On a real database.
 */
describe('IssuanceService: a certificate’s facts come from their owners', () => {
  let t: TestApp;
  let issuance: IssuanceService;
  let academies: AcademiesService;
  let users: UsersService;
  let academyId: string;
  let admin: Person;
  let version: { versionId: string; lessonIds: string[] };

  beforeAll(async () => {
    t = await createTestApp();
    issuance = t.app.get(IssuanceService);
    academies = t.app.get(AcademiesService);
    users = t.app.get(UsersService);
    academyId = (
      await academyFactory(t.app, {
        code: 'ISS',
        name: { en: 'Issuing Academy', ka: 'გამცემი აკადემია' },
        country: 'GE',
        defaultLocale: 'ka',
        timeZone: 'Asia/Tbilisi',
      })
    ).id;
    admin = await userFactory(t.app, { roles: ['academy_admin'], academyId });
    version = await versionFactory(t.app, admin, { lessons: 1 });
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  /** A cohort in `locale` whose learners (one per locale given) finished its one lesson, and so completed. */
  async function completedCohort(locale: Locale, learnerLocales: Locale[]): Promise<{ cohortId: string; learners: Person[] }> {
    const cohortId = (
      await t.app.get(CohortsService).create(actor(admin), {
        courseVersionId: version.versionId,
        name: `Cohort ${randomUUID().slice(0, 6)}`,
        locale,
        startsOn: '2027-01-01',
        endsOn: '2027-02-01',
        trainerIds: [],
        completion: { minAttendancePercent: 80, requireAllLessons: true, excused: 'exclude', requiredAssessmentIds: [] },
      })
    ).id;
    const learners: Person[] = [];
    for (const l of learnerLocales) learners.push(await userFactory(t.app, { roles: ['learner'], academyId, locale: l }));
    if (learners.length)
      await t.app.get(EnrolmentsService).enrol(
        actor(admin),
        cohortId,
        learners.map((l) => l.id),
      );
    for (const learner of learners) await t.app.get(ProgressService).completeLesson(actor(learner), cohortId, version.lessonIds[0]);
    return { cohortId, learners };
  }

  async function issue(cohortId: string) {
    const { jobId } = await issuance.startIssuance(actor(admin), cohortId);
    await issuance.runIssuance(jobId);
    const certificates = await t.app.get(CertificatesService).list(actor(admin), { cohortId });
    return (userId: string) => certificates.find((c) => c.userId === userId)!;
  }

  it('dates and numbers a certificate in the academy’s time zone, names the academy and defaults to the learner’s language', async () => {
    const { cohortId, learners } = await completedCohort('en', ['ka', 'ru']);
    const certificate = await issue(cohortId);
    const year = zonedDate(new Date(), 'Asia/Tbilisi').slice(0, 4);
    const [first, second] = learners.map((l) => certificate(l.id));
    expect(first.locale).toBe('ka');
    expect(second.locale).toBe('ru');
    expect(first.record.academy).toEqual({ code: 'ISS', name: { en: 'Issuing Academy', ka: 'გამცემი აკადემია' }, country: 'GE' });
    expect([first.serial, second.serial].sort()).toEqual([`ISS-${year}-000001`, `ISS-${year}-000002`]);
    expect(first.record.issuedOn).toBe(zonedDate(first.issuedAt, 'Asia/Tbilisi'));
  });

  it('signs what identity answers: the academy as AcademiesService.get reports it, the cohort’s language where localesOf knows none', async () => {
    const { cohortId, learners } = await completedCohort('uk', ['ka', 'ru']);
    const get = academies.get.bind(academies);
    jest
      .spyOn(academies, 'get')
      .mockImplementation(async (id, manager) => ({ ...(await get(id, manager)), name: { en: 'As identity says' }, country: 'UA' }));
    const localesOf = jest.spyOn(users, 'localesOf').mockResolvedValue(new Map([[learners[0].id, 'sw']]));
    const certificate = await issue(cohortId);
    expect(localesOf).toHaveBeenCalledWith(expect.arrayContaining(learners.map((l) => l.id)));
    expect(certificate(learners[0].id).locale).toBe('sw');
    expect(certificate(learners[1].id).locale).toBe('uk');
    expect(certificate(learners[0].id).record.academy).toEqual({ code: 'ISS', name: { en: 'As identity says' }, country: 'UA' });
  });

  it('issues only for an administrator of the cohort’s academy: 404 for an unknown cohort or another academy, 403 for its trainers', async () => {
    const { cohortId } = await completedCohort('en', []);
    await expect(issuance.startIssuance(actor(admin), randomUUID())).rejects.toMatchObject({ status: 404, params: { entity: 'cohort' } });
    const outsider = await userFactory(t.app, { roles: ['academy_admin'] });
    await expect(issuance.startIssuance(actor(outsider), cohortId)).rejects.toMatchObject({ status: 404, params: { entity: 'cohort' } });
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId });
    await expect(issuance.startIssuance(actor(trainer), cohortId)).rejects.toMatchObject({ status: 403 });
  });

  it('finds an academy’s revocation and status lists by its code through identity, in any case; an unknown code is not found', async () => {
    await t.app.get(CredentialsService).ensureStatusList(academyId);
    expect((await t.app.get(VerificationService).revocations('iss')).academy).toBe('ISS');
    expect((await t.app.get(CredentialsService).statusList('iss')).academyId).toBe(academyId);
    await expect(t.app.get(VerificationService).revocations('NOPE')).rejects.toMatchObject({ status: 404, params: { entity: 'academy' } });
    await expect(t.app.get(CredentialsService).statusList('NOPE')).rejects.toMatchObject({ status: 404, params: { entity: 'academy' } });
  });

  /** Every certificate of the academy this year, by serial number: each learner holds one, numbers 1..n with no gap. */
  async function expectOnePerLearnerGapFree(cohortId: string, learners: Person[]): Promise<void> {
    const year = zonedDate(new Date(), 'Asia/Tbilisi').slice(0, 4);
    const { rows } = await t.db.query<{ serial: string }>(
      'SELECT serial FROM certificates WHERE academy_id = $1 AND serial LIKE $2 ORDER BY serial',
      [academyId, `ISS-${year}-%`],
    );
    const numbers = rows.map((r) => Number(r.serial.slice(-6)));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const held = await t.db.query<{ user_id: string; n: number }>(
      'SELECT user_id, count(*)::int AS n FROM certificates WHERE cohort_id = $1 GROUP BY user_id',
      [cohortId],
    );
    expect(held.rows.map((r) => r.n)).toEqual(learners.map(() => 1));
    expect(held.rows.map((r) => r.user_id).sort()).toEqual(learners.map((l) => l.id).sort());
  }

  it('writes a job’s row and its queue message in one transaction: a failed send leaves no orphan queued row', async () => {
    const { cohortId } = await completedCohort('en', ['en']);
    const boss = await t.app.get(JobQueue).boss$();
    const send = boss.send.bind(boss);
    const messages = async () =>
      (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'probity.certificates'")).rows[0].n;
    const queued = async () =>
      (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE params->>'cohortId' = $1", [cohortId])).rows[0].n;
    const before = await messages();
    // The message is written, then the connection fails: the transaction takes both back.
    jest.spyOn(boss, 'send').mockImplementationOnce(async (...args: Parameters<typeof send>) => {
      await send(...args);
      throw new Error('connection terminated');
    });
    await expect(issuance.startIssuance(actor(admin), cohortId)).rejects.toThrow('connection terminated');
    expect(await queued()).toBe(0);
    expect(await messages()).toBe(before);

    // Sent for real: one row, one message under the row's id, retried with heartbeats.
    const { jobId } = await issuance.startIssuance(actor(admin), cohortId);
    expect(await queued()).toBe(1);
    const { rows } = await t.db.query('SELECT state, retry_limit, heartbeat_seconds, data FROM pgboss.job WHERE id = $1', [jobId]);
    expect(rows).toEqual([{ state: 'created', retry_limit: 20, heartbeat_seconds: 30, data: { jobId } }]);
  });

  it('resumes an interrupted issuance: stopped after 2 of 5 learners, run again, each learner certified once with gap-free serials', async () => {
    const { cohortId, learners } = await completedCohort('en', ['en', 'en', 'en', 'en', 'en']);
    const { jobId } = await issuance.startIssuance(actor(admin), cohortId);
    const jobs = t.app.get(JobsService);
    // The worker is asked to stop while its second learner is being rendered: it stops before the third.
    const stop = new AbortController();
    let rendered = 0;
    const render = () => {
      if (++rendered === 2) stop.abort();
      return Promise.resolve();
    };
    await expect(issuance.runIssuance(jobId, render, { signal: stop.signal, final: false })).rejects.toBeInstanceOf(IssuanceInterrupted);
    // Handed back, not failed: the row keeps its progress for the next run.
    expect(await jobs.get(actor(admin), jobId)).toMatchObject({ state: 'active', progress: { done: 2, total: 5 } });
    expect((await t.db.query('SELECT count(*)::int AS n FROM certificates WHERE cohort_id = $1', [cohortId])).rows[0].n).toBe(2);

    const result = await issuance.runIssuance(jobId, render);
    expect(result.issued).toHaveLength(3);
    expect(result.counts).toEqual({ issuedNow: 3, issuedBefore: 2, notCompleted: 0, notEnrolled: 0 });
    expect(result.resumed).toBe(true);
    const view = await jobs.get(actor(admin), jobId);
    expect(view).toMatchObject({
      state: 'completed',
      progress: { done: 5, total: 5 },
      result: { counts: { issuedNow: 3, issuedBefore: 2 } },
    });
    expect(view.error).toBeUndefined();
    await expectOnePerLearnerGapFree(cohortId, learners);
  });

  it('leaves a job the queue will retry active after an error, and fails it on its last run', async () => {
    const { cohortId, learners } = await completedCohort('en', ['en', 'en', 'en']);
    const { jobId } = await issuance.startIssuance(actor(admin), cohortId);
    const counters = t.app.get(CertificateRepository);
    const next = counters.nextCounter.bind(counters);
    let taken = 0;
    // PostgreSQL goes away during the second learner.
    const failing = () =>
      jest.spyOn(counters, 'nextCounter').mockImplementation(async (...args: Parameters<typeof next>) => {
        if (++taken === 3) throw new Error('terminating connection due to administrator command');
        return next(...args);
      });
    failing();
    await expect(issuance.runIssuance(jobId, undefined, { final: false })).rejects.toThrow('administrator command');
    // Progress is written at most every quarter second: a run that resumes counts what is done from the certificates.
    expect(await t.app.get(JobsService).get(actor(admin), jobId)).toMatchObject({ state: 'active', progress: { total: 3 } });
    taken = 0;
    await expect(issuance.runIssuance(jobId, undefined, { final: true })).rejects.toThrow('administrator command');
    expect(await t.app.get(JobsService).get(actor(admin), jobId)).toMatchObject({
      state: 'failed',
      error: 'terminating connection due to administrator command',
    });
    jest.restoreAllMocks();
    // Asking again issues only what is missing.
    const again = await issuance.startIssuance(actor(admin), cohortId);
    expect((await issuance.runIssuance(again.jobId)).counts).toMatchObject({ issuedNow: 1, issuedBefore: 2 });
    await expectOnePerLearnerGapFree(cohortId, learners);
  });

  it('issues each learner once when two workers run the same job at the same time', async () => {
    const { cohortId, learners } = await completedCohort('en', ['en', 'en', 'en', 'en', 'en', 'en']);
    const { jobId } = await issuance.startIssuance(actor(admin), cohortId);
    const [a, b] = await Promise.all([issuance.runIssuance(jobId), issuance.runIssuance(jobId)]);
    expect(a.issued.length + b.issued.length).toBe(6);
    expect(a.counts!.issuedNow + b.counts!.issuedNow).toBe(6);
    expect(await t.app.get(JobsService).get(actor(admin), jobId)).toMatchObject({ state: 'completed', progress: { done: 6, total: 6 } });
    await expectOnePerLearnerGapFree(cohortId, learners);
  });

  it('CertificateRepository.nextCounter: gap-free per academy and name, one taker at a time, nothing taken by a rolled-back issue', async () => {
    const counters = t.app.get(CertificateRepository);
    const dataSource = t.app.get(DataSource);
    const other = (await academyFactory(t.app)).id;
    const next = (academy: string, name: string, first: number) =>
      dataSource.transaction((manager) => counters.nextCounter(manager, academy, name, first));
    expect(await next(academyId, 'serial:1999', 1)).toBe(1);
    expect(await next(academyId, 'serial:1999', 1)).toBe(2);
    expect(await next(academyId, 'status-test', 0)).toBe(0);
    expect(await next(other, 'serial:1999', 1)).toBe(1);

    // A first issuer holds the counter; a second waits; the first rolls back, so the second gets the number it would have used.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let taken!: (n: number) => void;
    const firstTook = new Promise<number>((resolve) => (taken = resolve));
    const first = dataSource
      .transaction(async (manager) => {
        taken(await counters.nextCounter(manager, academyId, 'serial:1999', 1));
        await released;
        throw new Error('rolled back');
      })
      .catch((error: Error) => error.message);
    expect(await firstTook).toBe(3);
    let secondDone = false;
    const second = next(academyId, 'serial:1999', 1).then((n) => ((secondDone = true), n));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondDone).toBe(false);
    release();
    expect(await first).toBe('rolled back');
    expect(await second).toBe(3);
  });
});
