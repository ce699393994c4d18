import { DataSource } from 'typeorm';
import { translate } from '@probity/i18n';
import { ErasureService } from '@probity/privacy';
import { academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

type Mission = {
  id: string;
  status: string;
  statusText: string;
  startsOn: string;
  endsOn: string;
  experts: { expertId: string; lead: boolean; conflict: boolean; vettingExpired: boolean }[];
  followUps: { wave: number; dueOn: string }[];
  issuingAcademy: { id: string; code: string } | null;
  cohort: { id: string; name: string } | null;
  deliveredAt: string | null;
  actions: string[];
  keepsRegister: boolean;
  mayIssue: boolean;
};
type Participant = { id: string; userId: string | null; fullName: string; learner: boolean; certificateCode: string | null };
type Register = { days: string[]; rows: { participant: Participant; marks: Record<string, boolean | null>; daysPresent: number }[] };
type Certificate = { participantId: string; code: string; record: Record<string, unknown>; kid: string };
type Detail = { field: string; constraint: string; message: string };

/**
 * Missions of the Technical Assistance Facility (issue 14 point 4, ADR 0012): an approved request becomes a mission with
 * a lead expert and flagged experts; participants (a learner and a guest) are marked present day by day; delivery
 * schedules the 3- and 6-month follow-ups; certificates of participation are issued once, signed with the academy's
 * key and checked publicly (a tampered record fails). Tenancy: an expert sees only the missions they are on, a focal
 * point only their institution's, a learner none.
 */
describe('assistance: missions', () => {
  let t: TestApp;
  let manager: string, managerRu: string, learnerToken: string, hostAdmin: string, otherFocal: string;
  let leadToken: string, otherExpertToken: string;
  let academyA: { id: string; code: string };
  let academyB: { id: string };
  let institutionA: string, institutionB: string;
  let learnerA: { id: string; fullName: string };
  let learnerB: { id: string };
  let lead: string, conflicted: string, outsider: string, archived: string;
  let trainerA: Awaited<ReturnType<typeof userFactory>>;
  let managerUser: Awaited<ReturnType<typeof userFactory>>;
  let learnerUser: Awaited<ReturnType<typeof userFactory>>;

  const api = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, token: string) =>
    t
      .http()
      [method](path)
      .set(...bearer(token));

  let sequence = 0;
  async function approvedRequest(institutionId: string, status = 'approved'): Promise<string> {
    const [{ id }] = (
      await t.db.query<{ id: string }>(
        `INSERT INTO assistance_requests (reference, institution_id, locale, status, topic, format, title, languages, preferred_from, preferred_to, submitted_at, decided_at)
         VALUES ($1, $2, 'en', $3::varchar, 'forensics', 'workshop', 'Crime scene forensics for investigators', '{en}', '2027-05-10', '2027-05-12', now(),
                 CASE WHEN $3::varchar IN ('approved', 'rejected') THEN now() END) RETURNING id`,
        [`TAF-M-${++sequence}`, institutionId, status],
      )
    ).rows;
    return id;
  }

  async function expert(body: object): Promise<string> {
    return ((await api('post', '/api/v1/assistance/experts', manager).send(body).expect(201)).body as { id: string }).id;
  }

  async function expertAccount(expertId: string, email: string): Promise<string> {
    await api('post', `/api/v1/assistance/experts/${expertId}/account`, manager)
      .send({ password: 'correct-horse-battery', locale: 'en' })
      .expect(201);
    return tokenFor(t.http, { email, password: 'correct-horse-battery' });
  }

  const missionBody = (experts: { expertId: string; lead: boolean }[], extra: object = {}) => ({
    startsOn: '2027-05-10',
    endsOn: '2027-05-12',
    venue: 'Tbilisi, Academy hall 2',
    agenda: [
      { day: '2027-05-10', time: '09:30', topic: 'Securing the scene' },
      { day: '2027-05-11', time: '10:00', topic: 'Chain of custody' },
    ],
    experts,
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    academyA = await academyFactory(t.app, { code: 'MISA', country: 'GE', name: { en: 'Georgian Academy', ru: 'Грузинская академия' } });
    academyB = await academyFactory(t.app, { code: 'MISB', country: 'UA' });
    managerUser = await userFactory(t.app, { roles: ['facility_manager'] });
    manager = await tokenFor(t.http, managerUser);
    managerRu = await tokenFor(t.http, await userFactory(t.app, { roles: ['facility_manager'], locale: 'ru' }));
    const learner = await userFactory(t.app, { roles: ['learner'], academyId: academyA.id, fullName: 'Nino Beridze' });
    learnerA = learner;
    learnerUser = learner;
    learnerToken = await tokenFor(t.http, learner);
    learnerB = await userFactory(t.app, { roles: ['learner'], academyId: academyB.id });
    hostAdmin = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: academyA.id }));
    trainerA = await userFactory(t.app, { roles: ['trainer'], academyId: academyA.id });
    institutionA = (
      await t.db.query<{ id: string }>(
        `INSERT INTO assistance_institutions (kind, academy_id, name, country) VALUES ('academy', $1, '{"en":"Georgian Academy"}', 'GE') RETURNING id`,
        [academyA.id],
      )
    ).rows[0].id;
    institutionB = (
      await t.db.query<{ id: string }>(
        `INSERT INTO assistance_institutions (kind, name, country) VALUES ('national_agency', '{"en":"Drug Agency"}', 'MD') RETURNING id`,
      )
    ).rows[0].id;
    const focal = await userFactory(t.app, { roles: ['partner_focal_point'] });
    await t.db.query(`INSERT INTO assistance_focal_points (user_id, institution_id) VALUES ($1, $2)`, [focal.id, institutionB]);
    otherFocal = await tokenFor(t.http, focal);

    lead = await expert({
      fullName: 'Ana Kapanadze',
      email: 'ana.mission@example.org',
      country: 'GE',
      vettedOn: '2026-01-10',
      vettingExpiresOn: '2030-01-10',
    });
    conflicted = await expert({
      fullName: 'Giorgi Tsiklauri',
      email: 'giorgi.mission@example.org',
      country: 'GE',
      institutionId: institutionA,
      vettedOn: '2026-01-10',
      vettingExpiresOn: '2027-05-11',
    });
    outsider = await expert({ fullName: 'Olena Shevchenko', email: 'olena.mission@example.org', country: 'UA' });
    archived = await expert({ fullName: 'Boris Archived', email: 'boris.mission@example.org', country: 'UA' });
    await api('delete', `/api/v1/assistance/experts/${archived}`, manager).expect(200);
    leadToken = await expertAccount(lead, 'ana.mission@example.org');
    otherExpertToken = await expertAccount(outsider, 'olena.mission@example.org');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('runs the whole path: mission, participants, register, delivery, follow-ups, certificates, public check', async () => {
    const requestId = await approvedRequest(institutionA);

    // Refusals first, each changing nothing: a request not approved, no lead or two, an archived expert, bad dates.
    const screening = await approvedRequest(institutionA, 'screening');
    const notApproved = await api('post', `/api/v1/assistance/requests/${screening}/mission`, managerRu)
      .send(missionBody([{ expertId: lead, lead: true }]))
      .expect(409);
    expect(notApproved.body).toMatchObject({ code: 'request_not_approved', message: translate('ru', 'errors:request_not_approved') });
    const twoLeads = await api('post', `/api/v1/assistance/requests/${requestId}/mission`, manager)
      .send(
        missionBody([
          { expertId: lead, lead: true },
          { expertId: conflicted, lead: true },
        ]),
      )
      .expect(400);
    expect((twoLeads.body.details as Detail[]).map((d) => d.field)).toEqual(['experts']);
    await api('post', `/api/v1/assistance/requests/${requestId}/mission`, manager)
      .send(
        missionBody([
          { expertId: lead, lead: true },
          { expertId: archived, lead: false },
        ]),
      )
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('expert_archived'));
    const badDates = await api('post', `/api/v1/assistance/requests/${requestId}/mission`, manager)
      .send(
        missionBody([{ expertId: lead, lead: true }], {
          endsOn: '2027-05-01',
          venue: '',
          agenda: [{ day: '2027-06-01', time: '09:00', topic: 'x' }],
        }),
      )
      .expect(400);
    expect((badDates.body.details as Detail[]).map((d) => `${d.field}:${d.constraint}`).sort()).toEqual([
      'agenda.0.day:invalid',
      'endsOn:endsBeforeStart',
      'venue:isNotEmpty',
    ]);
    await api('post', `/api/v1/assistance/requests/${requestId}/mission`, hostAdmin)
      .send(missionBody([{ expertId: lead, lead: true }]))
      .expect(403);
    expect((await t.db.query(`SELECT 1 FROM assistance_missions`)).rowCount).toBe(0);

    // The mission: the lead, and an expert of the requesting institution whose vetting ends before the last day.
    const created = await api('post', `/api/v1/assistance/requests/${requestId}/mission`, manager)
      .send(
        missionBody([
          { expertId: conflicted, lead: false },
          { expertId: lead, lead: true },
        ]),
      )
      .expect(201);
    const mission = created.body as Mission;
    expect(mission).toMatchObject({ status: 'planned', startsOn: '2027-05-10', endsOn: '2027-05-12', followUps: [], deliveredAt: null });
    expect(mission.issuingAcademy).toMatchObject({ id: academyA.id, code: 'MISA' });
    expect(mission.experts).toEqual([
      expect.objectContaining({ expertId: lead, lead: true, conflict: false, vettingExpired: false }),
      expect.objectContaining({ expertId: conflicted, lead: false, conflict: true, vettingExpired: true }),
    ]);
    await api('post', `/api/v1/assistance/requests/${requestId}/mission`, manager)
      .send(missionBody([{ expertId: lead, lead: true }]))
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('mission_exists'));
    const trail = await t.db.query<{ action: string }>(`SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY at, id`, [
      mission.id,
    ]);
    expect(trail.rows.map((r) => r.action)).toEqual(['assistance.mission.created']);

    // Participants: a learner of the academy (a learner of another academy is unknown here) and a guest.
    const base = `/api/v1/assistance/missions/${mission.id}`;
    await api('post', `${base}/participants`, manager).send({ userId: learnerB.id }).expect(404);
    const nino = (await api('post', `${base}/participants`, manager).send({ userId: learnerA.id }).expect(201)).body as Participant;
    expect(nino).toMatchObject({ userId: learnerA.id, fullName: 'Nino Beridze', learner: true });
    await api('post', `${base}/participants`, manager)
      .send({ userId: learnerA.id })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('participant_exists'));
    const missing = await api('post', `${base}/participants`, manager).send({ fullName: 'Guest' }).expect(400);
    expect((missing.body.details as Detail[]).map((d) => d.field).sort()).toEqual(['agencyType', 'country', 'function', 'sex']);
    await api('post', `${base}/participants`, manager)
      .send({ fullName: 'Guest', sex: 'robot', agencyType: 'police', function: 'investigator', country: 'MD' })
      .expect(400);
    // The lead expert keeps participants and the register too.
    const guest = (
      await api('post', `${base}/participants`, leadToken)
        .send({
          fullName: 'Ion Rusu',
          email: 'ion@example.md',
          sex: 'male',
          agencyType: 'customs',
          function: 'analyst',
          country: 'MD',
          organisation: 'Customs Service',
        })
        .expect(201)
    ).body as Participant;
    expect(guest).toMatchObject({ userId: null, learner: false, fullName: 'Ion Rusu' });
    const absent = (
      await api('post', `${base}/participants`, manager)
        .send({ fullName: 'Never Came', sex: 'female', agencyType: 'police', function: 'investigator', country: 'GE' })
        .expect(201)
    ).body as Participant;

    // The register: days outside the mission refused; two days marked; read as participants × days.
    await api('put', `${base}/attendance`, manager)
      .send({ day: '2027-05-13', present: { [nino.id]: true } })
      .expect(400);
    await api('put', `${base}/attendance`, manager)
      .send({ day: '2027-05-10', present: { '00000000-0000-4000-8000-000000000000': true } })
      .expect(400);
    await api('put', `${base}/attendance`, manager)
      .send({ day: '2027-05-10', present: { [nino.id]: true, [guest.id]: true, [absent.id]: false } })
      .expect(200);
    const register = (
      await api('put', `${base}/attendance`, leadToken)
        .send({ day: '2027-05-11', present: { [nino.id]: true, [guest.id]: false } })
        .expect(200)
    ).body as Register;
    expect(register.days).toEqual(['2027-05-10', '2027-05-11', '2027-05-12']);
    const row = (id: string) => register.rows.find((r) => r.participant.id === id)!;
    expect(row(nino.id)).toMatchObject({ daysPresent: 2, marks: { '2027-05-10': true, '2027-05-11': true, '2027-05-12': null } });
    expect(row(guest.id)).toMatchObject({ daysPresent: 1, marks: { '2027-05-10': true, '2027-05-11': false, '2027-05-12': null } });
    expect(row(absent.id).daysPresent).toBe(0);

    // Certificates wait for delivery; moves in order (a wrong one 409).
    await api('post', `${base}/certificates`, manager)
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('mission_moved_on'));
    await api('post', `${base}/deliver`, managerRu)
      .expect(409)
      .expect((r) => expect(r.body).toMatchObject({ code: 'mission_moved_on', message: translate('ru', 'errors:mission_moved_on') }));
    await api('post', `${base}/start`, leadToken).expect(403);
    expect(((await api('post', `${base}/start`, manager).expect(200)).body as Mission).status).toBe('running');
    await api('post', `${base}/start`, manager).expect(409);
    const delivered = (await api('post', `${base}/deliver`, manager).expect(200)).body as Mission;
    expect(delivered.status).toBe('delivered');
    expect(delivered.deliveredAt).not.toBeNull();
    expect(delivered.followUps.map((f) => [f.wave, f.dueOn])).toEqual([
      [3, '2027-08-12'],
      [6, '2027-11-12'],
    ]);
    const followUps = await t.db.query<{ wave: number; due_on: string }>(
      `SELECT wave, due_on::text FROM assistance_mission_follow_ups WHERE mission_id = $1 ORDER BY wave`,
      [mission.id],
    );
    expect(followUps.rows).toEqual([
      { wave: 3, due_on: '2027-08-12' },
      { wave: 6, due_on: '2027-11-12' },
    ]);
    await api('post', `${base}/cancel`, manager).expect(409);
    await api('patch', base, manager).send({ venue: 'Elsewhere' }).expect(409);

    // Certificates: one per participant present at least one day; called again, nothing twice.
    await api('post', `${base}/certificates`, leadToken).expect(403);
    const issued = (await api('post', `${base}/certificates`, manager).expect(200)).body as { issued: number; certificates: Certificate[] };
    expect(issued.issued).toBe(2);
    expect(issued.certificates.map((c) => c.participantId).sort()).toEqual([nino.id, guest.id].sort());
    const again = (await api('post', `${base}/certificates`, manager).expect(200)).body as { issued: number };
    expect(again.issued).toBe(0);
    expect((await t.db.query(`SELECT 1 FROM assistance_participation_certificates WHERE mission_id = $1`, [mission.id])).rowCount).toBe(2);
    const ninoCertificate = issued.certificates.find((c) => c.participantId === nino.id)!;
    expect(ninoCertificate.code).toMatch(/^TAP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(ninoCertificate.kid).toMatch(/^MISA-/);
    expect(ninoCertificate.record).toMatchObject({
      type: 'participation',
      holder: { fullName: 'Nino Beridze' },
      mission: {
        title: 'Crime scene forensics for investigators',
        format: 'workshop',
        topic: 'forensics',
        startsOn: '2027-05-10',
        endsOn: '2027-05-12',
        venue: 'Tbilisi, Academy hall 2',
        online: false,
      },
      issuer: { code: 'MISA' },
      daysPresent: 2,
      daysTotal: 3,
    });
    // A certified participant stays.
    await api('delete', `${base}/participants/${guest.id}`, manager).expect(409);

    // Public check without an account: valid; lower case and without hyphens too; unknown 404.
    const check = await t.http().get(`/api/v1/assistance/participation/${ninoCertificate.code}`).expect(200);
    expect(check.body).toMatchObject({ code: ninoCertificate.code, valid: true, revoked: false, record: ninoCertificate.record });
    await t
      .http()
      .get(`/api/v1/assistance/participation/${ninoCertificate.code.toLowerCase().replace(/-/g, '')}`)
      .expect(200);
    await t.http().get('/api/v1/assistance/participation/TAP-0000-0000').expect(404);
    // A record changed in the database no longer matches its signature.
    await t.db.query(`UPDATE assistance_participation_certificates SET record = jsonb_set(record, '{daysPresent}', '3') WHERE code = $1`, [
      ninoCertificate.code,
    ]);
    const tampered = await t.http().get(`/api/v1/assistance/participation/${ninoCertificate.code}`).expect(200);
    expect(tampered.body).toMatchObject({ valid: false, record: { daysPresent: 3 } });
    // The other one still holds, and a revoked one says so.
    const ionCode = issued.certificates.find((c) => c.participantId === guest.id)!.code;
    await api('post', `${base}/certificates/${ionCode}/revoke`, leadToken).send({ reason: 'Issued in error' }).expect(403);
    await api('post', `${base}/certificates/${ionCode}/revoke`, manager).send({ reason: '' }).expect(400);
    await api('post', `${base}/certificates/TAP-0000-0000/revoke`, manager).send({ reason: 'Issued in error' }).expect(404);
    await api('post', `${base}/certificates/${ionCode}/revoke`, manager).send({ reason: 'Issued in error' }).expect(200);
    await api('post', `${base}/certificates/${ionCode}/revoke`, manager)
      .send({ reason: 'Again' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('certificate_revoked'));
    expect((await t.http().get(`/api/v1/assistance/participation/${ionCode}`).expect(200)).body).toMatchObject({
      valid: true,
      revoked: true,
      revokedReason: 'Issued in error',
    });

    const actions = await t.db.query<{ action: string }>(`SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY at, id`, [
      mission.id,
    ]);
    expect(actions.rows.map((r) => r.action)).toEqual([
      'assistance.mission.created',
      'assistance.mission.participant_added',
      'assistance.mission.participant_added',
      'assistance.mission.participant_added',
      'assistance.mission.attendance_marked',
      'assistance.mission.attendance_marked',
      'assistance.mission.started',
      'assistance.mission.delivered',
      'assistance.mission.participation_issued',
      'assistance.mission.participation_revoked',
    ]);
  });

  it('shows each reader only their missions: experts theirs, focal points their institution’s, learners none', async () => {
    const requestId = await approvedRequest(institutionA);
    const mission = (
      await api('post', `/api/v1/assistance/requests/${requestId}/mission`, manager)
        .send(missionBody([{ expertId: lead, lead: true }], { startsOn: '2027-09-01', endsOn: '2027-09-02', agenda: [] }))
        .expect(201)
    ).body as Mission;
    const path = `/api/v1/assistance/missions/${mission.id}`;
    const ids = async (token: string) =>
      ((await api('get', '/api/v1/assistance/missions', token).expect(200)).body as { items: { id: string }[] }).items.map((m) => m.id);

    // The lead expert reads it (and keeps its register); an expert not on it gets 404 and an empty list.
    expect((await api('get', path, leadToken).expect(200)).body).toMatchObject({ keepsRegister: true, actions: [] });
    expect(await ids(leadToken)).toContain(mission.id);
    await api('get', path, otherExpertToken).expect(404);
    await api('get', `${path}/participants`, otherExpertToken).expect(404);
    await api('put', `${path}/attendance`, otherExpertToken).send({ day: '2027-09-01', present: {} }).expect(404);
    expect(await ids(otherExpertToken)).toEqual([]);
    // The host academy's administrator reads it, changes nothing; another institution's focal point: 404.
    expect((await api('get', path, hostAdmin).expect(200)).body).toMatchObject({ keepsRegister: false, actions: [] });
    expect(await ids(hostAdmin)).toContain(mission.id);
    await api('post', `${path}/participants`, hostAdmin).send({ userId: learnerA.id }).expect(403);
    await api('get', path, otherFocal).expect(404);
    expect(await ids(otherFocal)).toEqual([]);
    // A learner is no reader of missions at all.
    await api('get', path, learnerToken).expect(403);
    await api('get', '/api/v1/assistance/missions', learnerToken).expect(403);
    // Managers see everything.
    expect(await ids(manager)).toContain(mission.id);
  });

  it('changes a mission’s plan and experts, runs it as a cohort of the host academy, cancels it', async () => {
    const requestId = await approvedRequest(institutionA);
    const mission = (
      await api('post', `/api/v1/assistance/requests/${requestId}/mission`, manager)
        .send(
          missionBody([{ expertId: lead, lead: true }], {
            startsOn: '2027-10-01',
            endsOn: '2027-10-03',
            agenda: [],
            online: true,
            venue: '',
          }),
        )
        .expect(201)
    ).body as Mission;
    const path = `/api/v1/assistance/missions/${mission.id}`;
    const changed = (await api('patch', path, manager).send({ endsOn: '2027-10-02', online: false, venue: 'Kutaisi' }).expect(200))
      .body as Mission;
    expect(changed).toMatchObject({ endsOn: '2027-10-02', status: 'planned' });
    await api('patch', path, manager).send({ online: false, venue: '' }).expect(400);
    const experts = (
      await api('put', `${path}/experts`, manager)
        .send({
          experts: [
            { expertId: outsider, lead: true },
            { expertId: lead, lead: false },
          ],
        })
        .expect(200)
    ).body as Mission;
    expect(experts.experts.map((e) => [e.expertId, e.lead])).toEqual([
      [outsider, true],
      [lead, false],
    ]);
    // Now the other expert is on it and reads it.
    await api('get', path, otherExpertToken).expect(200);

    // A cohort of the host academy links; another academy's (or none) is unknown here.
    const author = { ...trainerA, academyId: academyA.id };
    const { versionId } = await versionFactory(t.app, author);
    const cohortOf = async (academyAdmin: string, name: string) =>
      (
        (
          await api('post', '/api/v1/cohorts', academyAdmin)
            .send({ courseVersionId: versionId, name, locale: 'en', startsOn: '2027-10-01', endsOn: '2027-10-02', trainerIds: [] })
            .expect(201)
        ).body as { id: string }
      ).id;
    const cohortA = await cohortOf(hostAdmin, 'Mission cohort');
    await api('put', `${path}/cohort`, manager).send({ cohortId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    const adminB = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: academyB.id }));
    const { versionId: versionB } = await versionFactory(t.app, {
      ...(await userFactory(t.app, { roles: ['trainer'], academyId: academyB.id })),
      academyId: academyB.id,
    });
    const cohortB = (
      (
        await api('post', '/api/v1/cohorts', adminB)
          .send({
            courseVersionId: versionB,
            name: 'Elsewhere',
            locale: 'en',
            startsOn: '2027-10-01',
            endsOn: '2027-10-02',
            trainerIds: [],
          })
          .expect(201)
      ).body as { id: string }
    ).id;
    await api('put', `${path}/cohort`, manager).send({ cohortId: cohortB }).expect(404);
    const linked = (await api('put', `${path}/cohort`, manager).send({ cohortId: cohortA }).expect(200)).body as Mission;
    expect(linked.cohort).toEqual({ id: cohortA, name: 'Mission cohort' });
    expect(linked.mayIssue).toBe(false);

    const cancelled = (await api('post', `${path}/cancel`, manager).expect(200)).body as Mission;
    expect(cancelled).toMatchObject({ status: 'cancelled', actions: [], keepsRegister: false });
    await api('post', `${path}/participants`, manager).send({ userId: learnerA.id }).expect(409);
    const trail = await t.db.query<{ action: string }>(`SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY at, id`, [
      mission.id,
    ]);
    expect(trail.rows.map((r) => r.action)).toEqual([
      'assistance.mission.created',
      'assistance.mission.updated',
      'assistance.mission.experts_changed',
      'assistance.mission.cohort_linked',
      'assistance.mission.cancelled',
    ]);
  });

  it('shows the pages in Russian and in Urdu (right to left): creation form, mission, register, certificates, public check', async () => {
    const requestId = await approvedRequest(institutionA);
    const visitor = new Visitor(t);
    await visitor.login(managerUser.email, managerUser.password);

    // The form in Russian, the request's ranked experts with their flags; a mistake comes back in Russian, in place.
    const form = await visitor.get(`/assistance/requests/${requestId}/mission?lang=ru`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(translate('ru', 'missions:form.create'));
    expect(form.text).toContain(translate('ru', 'missions:flags.conflict'));
    const csrf = Visitor.csrf(form.text);
    const wrong = await visitor.post(`/assistance/requests/${requestId}/mission?lang=ru`, {
      _csrf: csrf,
      startsOn: '2027-06-01',
      endsOn: '2027-06-02',
      venue: 'Батуми',
      agenda: '2027-06-01 09:00 Открытие',
      experts: [lead, conflicted],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('id="experts-error"');
    expect(wrong.text).toContain('Батуми');
    const made = await visitor.post(`/assistance/requests/${requestId}/mission`, {
      _csrf: csrf,
      startsOn: '2027-06-01',
      endsOn: '2027-06-02',
      venue: 'Батуми',
      agenda: '2027-06-01 09:00 Открытие\n2027-06-02 10:00 Практикум',
      experts: [lead, conflicted],
      lead,
    });
    expect(made.status).toBe(303);
    const missionId = /\/assistance\/missions\/([0-9a-f-]{36})$/.exec(made.location ?? '')![1];
    // The form of a request that is a mission already leads to the mission.
    expect((await visitor.get(`/assistance/requests/${requestId}/mission`)).location).toBe(`/assistance/missions/${missionId}`);

    // The mission in Urdu, right to left: experts with their flags, a guest added, a day of the register kept.
    const page = await visitor.get(`/assistance/missions/${missionId}?lang=ur`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<html[^>]*dir="rtl"/);
    expect(page.text).toContain(translate('ur', 'missions:register.heading'));
    // The mission leads to its report and its evaluation.
    expect(page.text).toContain(`href="/assistance/missions/${missionId}/report"`);
    expect(page.text).toContain(`href="/assistance/missions/${missionId}/evaluation"`);
    // Every label found its text (no key shows through).
    for (const html of [form.text, page.text]) expect(html).not.toMatch(/\b(missions|assistance|people):[a-z_.]+/);
    expect(page.text).toContain(translate('ur', 'missions:flags.conflict'));
    expect(page.text).toContain('Открытие');
    const token = Visitor.csrf(page.text);
    const guestWrong = await visitor.post(`/assistance/missions/${missionId}/participants?lang=ur`, {
      _csrf: token,
      fullName: 'Amina Odhiambo',
    });
    expect(guestWrong.status).toBe(400);
    expect(guestWrong.text).toContain('Amina Odhiambo');
    const added = await visitor.post(`/assistance/missions/${missionId}/participants`, {
      _csrf: token,
      fullName: 'Amina Odhiambo',
      sex: 'female',
      agencyType: 'police',
      function: 'investigator',
      country: 'ke',
    });
    expect(added.status).toBe(303);
    const [{ id: participantId }] = (
      await t.db.query<{ id: string }>(`SELECT id FROM assistance_mission_participants WHERE mission_id = $1`, [missionId])
    ).rows;
    const marked = await visitor.post(`/assistance/missions/${missionId}/attendance`, {
      _csrf: token,
      day: '2027-06-02',
      listed: participantId,
      present: participantId,
    });
    expect(marked.status).toBe(303);
    const marks = await t.db.query(`SELECT day::text, present FROM assistance_mission_attendance WHERE participant_id = $1`, [
      participantId,
    ]);
    expect(marks.rows).toEqual([{ day: '2027-06-02', present: true }]);

    // Moves and certificates through the buttons; the flash says how many, in Russian.
    for (const move of ['start', 'deliver'])
      expect((await visitor.post(`/assistance/missions/${missionId}/moves/${move}`, { _csrf: token })).status).toBe(303);
    expect((await visitor.post(`/assistance/missions/${missionId}/certificates`, { _csrf: token })).status).toBe(303);
    const after = await visitor.get(`/assistance/missions/${missionId}?lang=ru`);
    expect(after.text).toContain(translate('ru', 'missions:certificates.issued', { count: 1 }));
    const [{ code }] = (
      await t.db.query<{ code: string }>(`SELECT code FROM assistance_participation_certificates WHERE mission_id = $1`, [missionId])
    ).rows;
    expect(after.text).toContain(code);

    // The public page, without an account, in the visitor's language.
    const anonymous = new Visitor(t);
    const publicUr = await anonymous.get(`/assistance/participation/${code}?lang=ur`);
    expect(publicUr.status).toBe(200);
    expect(publicUr.text).toMatch(/<html[^>]*dir="rtl"/);
    expect(publicUr.text).toContain(translate('ur', 'missions:participation.valid'));
    expect(publicUr.text).toContain('Amina Odhiambo');
    const publicRu = await anonymous.get(`/assistance/participation/${code}?lang=ru`);
    expect(publicRu.text).toContain(translate('ru', 'missions:participation.days', { count: 2, present: 1 }));
    expect((await anonymous.get('/assistance/participation/TAP-0000-0000?lang=ru')).status).toBe(404);

    // The lead expert's list holds the mission; a learner has no missions page.
    const expertVisitor = new Visitor(t);
    await expertVisitor.login('ana.mission@example.org', 'correct-horse-battery');
    const mine = await expertVisitor.get('/assistance/missions?lang=ru');
    expect(mine.status).toBe(200);
    expect(mine.text).toContain(`/assistance/missions/${missionId}`);
    const learnerVisitor = new Visitor(t);
    await learnerVisitor.login(learnerUser.email, learnerUser.password);
    expect((await learnerVisitor.get('/assistance/missions')).status).toBe(403);
  });

  // Last: it erases the learner the tests above use.
  it('keeps a certificate of participation verifying after its holder is erased, without the name', async () => {
    // Erasure of the learner (issue 16 point 3): the certificate of participation keeps verifying, without the name.
    const [ninoCertificate] = (
      await t.db.query<{ code: string }>(
        `SELECT c.code FROM assistance_participation_certificates c JOIN assistance_mission_participants p ON p.id = c.participant_id
          WHERE p.user_id = $1 ORDER BY c.issued_at LIMIT 1`,
        [learnerA.id],
      )
    ).rows;
    // The first test changed this record in the database to show a broken signature: put it back as issued.
    await t.db.query(`UPDATE assistance_participation_certificates SET record = jsonb_set(record, '{daysPresent}', '2') WHERE code = $1`, [
      ninoCertificate.code,
    ]);
    await t.app
      .get(DataSource)
      .transaction((manager) =>
        t.app.get(ErasureService).eraseWithin(manager, learnerA.id, { actorId: null, reason: 'Her written request' }),
      );
    const erased = (await t.http().get(`/api/v1/assistance/participation/${ninoCertificate.code}`).expect(200)).body as {
      valid: boolean;
      holderErased: boolean;
      record: { holder: { fullName: string }; daysPresent: number };
    };
    expect(erased).toMatchObject({ valid: true, holderErased: true, record: { holder: { fullName: '' }, daysPresent: 2 } });
    const left = await t.db.query(
      `SELECT 1 FROM assistance_participation_certificates WHERE record::text LIKE '%Nino Beridze%'
       UNION ALL SELECT 1 FROM assistance_mission_participants WHERE full_name = 'Nino Beridze'`,
    );
    expect(left.rowCount).toBe(0);
    expect((await new Visitor(t).get(`/assistance/participation/${ninoCertificate.code}?lang=uk`)).text).toContain(
      translate('uk', 'certificates:verify.holder_erased'),
    );
  });
});
