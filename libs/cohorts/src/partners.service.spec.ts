import { academyFactory, userFactory, versionFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { CohortsService } from './cohorts.service';
import { EnrolmentsService } from './enrolments.service';
import { PartnersService } from './partners.service';

type Person = Awaited<ReturnType<typeof userFactory>>;
const actor = (user: Person) => ({ ...user, locale: 'en' as const });

/**
 * What cohorts now asks other contexts for instead of reading their tables: the course title of an
 * invitation (`CoursesService.snapshot`) and the people of an address list (`UsersService.byEmails`).
 */
describe('PartnersService and EnrolmentsService, through the owners of courses and people', () => {
  let t: TestApp;
  let cohorts: CohortsService;
  let partners: PartnersService;
  let enrolments: EnrolmentsService;
  let adminGe: Person;
  let adminUa: Person;
  let versionId: string;

  beforeAll(async () => {
    t = await createTestApp();
    cohorts = t.app.get(CohortsService);
    partners = t.app.get(PartnersService);
    enrolments = t.app.get(EnrolmentsService);
    const ge = (await academyFactory(t.app)).id;
    const ua = (await academyFactory(t.app)).id;
    adminGe = await userFactory(t.app, { roles: ['academy_admin'], academyId: ge });
    adminUa = await userFactory(t.app, { roles: ['academy_admin'], academyId: ua });
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId: ge });
    ({ versionId } = await versionFactory(t.app, trainer, { lessons: 1 }));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  const cohortWithPartner = async (): Promise<string> =>
    (
      await cohorts.create(actor(adminGe), {
        courseVersionId: versionId,
        name: 'Partnered',
        locale: 'en',
        startsOn: '2027-01-01',
        endsOn: '2027-02-01',
        trainerIds: [],
        partnerAcademyIds: [adminUa.academyId!],
      })
    ).id;

  it('an invitation carries the course title of the cohort’s version in every language, as the invited academy’s own copy', async () => {
    const first = await cohortWithPartner();
    const second = await cohortWithPartner();
    await partners.decidePartnership(actor(adminUa), first, adminUa.academyId!, 'declined');
    const invitations = await partners.invitations(actor(adminUa));
    // Pending first, then those decided.
    expect(invitations.map((i) => [i.cohortId, i.status])).toEqual([
      [second, 'invited'],
      [first, 'declined'],
    ]);
    for (const invitation of invitations) {
      expect(invitation).toMatchObject({ courseVersionId: versionId, ownerAcademyId: adminGe.academyId, cohortName: 'Partnered' });
      expect(invitation.courseTitle).toEqual({ en: 'Case integrity', ka: 'საქმის მთლიანობა' });
      // Not the cached, frozen snapshot itself: what a caller does with its answer stays its own.
      expect(Object.isFrozen(invitation.courseTitle)).toBe(false);
    }
    expect(await partners.invitations(actor(adminGe))).toEqual([]);
  });

  it('enrolment by addresses asks for the academies taking part once, and a partner finds only its own people', async () => {
    const cohortId = await cohortWithPartner();
    await partners.decidePartnership(actor(adminUa), cohortId, adminUa.academyId!, 'accepted');
    const geLearner = await userFactory(t.app, { academyId: adminGe.academyId! });
    const uaLearner = await userFactory(t.app, { academyId: adminUa.academyId! });
    const academiesOf = jest.spyOn(partners, 'academiesOf');

    const byPartner = await enrolments.enrolByEmails(actor(adminUa), cohortId, `${geLearner.email}\n${uaLearner.email}`);
    expect(byPartner).toEqual({ enrolled: [uaLearner.id], skipped: [{ email: geLearner.email, reason: 'unknown_email' }] });
    expect(academiesOf).toHaveBeenCalledTimes(1);

    academiesOf.mockClear();
    const byOwner = await enrolments.enrolByEmails(actor(adminGe), cohortId, `email\n${geLearner.email}\n${uaLearner.email}\n`);
    expect(byOwner.enrolled).toEqual([geLearner.id]);
    expect(byOwner.skipped).toEqual([{ userId: uaLearner.id, email: uaLearner.email, reason: 'already_enrolled' }]);
    expect(academiesOf).toHaveBeenCalledTimes(1);
  });
});
