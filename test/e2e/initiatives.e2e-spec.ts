import { deflateRawSync } from 'node:zlib';
import { translate } from '@probity/i18n';
import { academyFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

type Member = { institutionId: string; status: string; mayDecide: boolean; mayRemove: boolean; nameText: string };
type Initiative = {
  id: string;
  reference: string;
  status: string;
  statusText: string;
  titleText: string;
  leadAcademyId: string | null;
  owner: boolean;
  invitation: boolean;
  members: Member[];
  agenda: { day: string }[];
  followUps: { wave: number; dueOn: string }[];
  participantCount: number;
  actions: string[];
};
type Participant = { id: string; institutionId: string; userId: string | null; fullName: string };

/** A minimal ZIP archive holding the named (empty-ish) entries, as Office files are. */
function zipOf(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const data = deflateRawSync(Buffer.from('<x/>'));
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(4, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(4, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Cooperation initiatives (issue 15 points 1-2, ADR 0013): multi-academy tenancy by consent. Georgia's academy runs an
 * initiative and invites Ukraine's and Kyrgyzstan's; Ukraine accepts, Kyrgyzstan not yet: nobody of Kyrgyzstan can be
 * added (409) and its administrator sees only the invitation; Ukraine's administrator sees and keeps only Ukraine's
 * participants; the owner sees all; a non-member academy's administrator gets 404, a learner 403. Materials are
 * checked by content and size; moves write the 3- and 6-month follow-ups; every change is audited; pages in ka and sw.
 */
describe('cooperation: initiatives', () => {
  let t: TestApp;
  let geAdmin: string, uaAdmin: string, kgAdmin: string, otherAdmin: string, learnerToken: string, manager: string;
  let geAcademy: { id: string }, uaAcademy: { id: string }, kgAcademy: { id: string }, otherAcademy: { id: string };
  let geInstitution: string, uaInstitution: string, kgInstitution: string, agency: string;
  let uaPerson: { id: string }, kgPerson: { id: string }, gePerson: { id: string };
  let geAdminUser: { email: string; password: string }, kgAdminUser: { email: string; password: string };
  let initiative: Initiative;
  let uaParticipant: Participant, geParticipant: Participant;

  const api = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, token: string) =>
    t
      .http()
      [method](path)
      .set(...bearer(token));

  async function institutionOf(academyId: string, country: string, name: string): Promise<string> {
    return (
      await t.db.query<{ id: string }>(
        `INSERT INTO assistance_institutions (kind, academy_id, name, country) VALUES ('academy', $1, $2, $3) RETURNING id`,
        [academyId, JSON.stringify({ en: name }), country],
      )
    ).rows[0].id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    geAcademy = await academyFactory(t.app, { code: 'CIGE', country: 'GE', name: { en: 'Georgian Academy', ka: 'საქართველოს აკადემია' } });
    uaAcademy = await academyFactory(t.app, { code: 'CIUA', country: 'UA', name: { en: 'Ukrainian Academy' } });
    kgAcademy = await academyFactory(t.app, { code: 'CIKG', country: 'KG', name: { en: 'Kyrgyz Academy' } });
    const other = await academyFactory(t.app, { code: 'CIMD', country: 'MD' });
    otherAcademy = other;
    geAdminUser = await userFactory(t.app, { roles: ['academy_admin'], academyId: geAcademy.id, locale: 'ka' });
    geAdmin = await tokenFor(t.http, geAdminUser);
    uaAdmin = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: uaAcademy.id }));
    kgAdminUser = await userFactory(t.app, { roles: ['academy_admin'], academyId: kgAcademy.id, locale: 'sw' });
    kgAdmin = await tokenFor(t.http, kgAdminUser);
    otherAdmin = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: other.id }));
    const learner = await userFactory(t.app, { roles: ['learner'], academyId: geAcademy.id });
    learnerToken = await tokenFor(t.http, learner);
    manager = await tokenFor(t.http, await userFactory(t.app, { roles: ['facility_manager'] }));
    uaPerson = await userFactory(t.app, { roles: ['learner'], academyId: uaAcademy.id, fullName: 'Olena Kovalenko' });
    kgPerson = await userFactory(t.app, { roles: ['learner'], academyId: kgAcademy.id, fullName: 'Aibek Toktogulov' });
    gePerson = await userFactory(t.app, { roles: ['trainer'], academyId: geAcademy.id, fullName: 'Nino Beridze' });
    uaInstitution = await institutionOf(uaAcademy.id, 'UA', 'Ukrainian Academy');
    kgInstitution = await institutionOf(kgAcademy.id, 'KG', 'Kyrgyz Academy');
    agency = (
      await t.db.query<{ id: string }>(
        `INSERT INTO assistance_institutions (kind, name, country) VALUES ('national_agency', '{"en":"Drug Control Agency"}', 'TJ') RETURNING id`,
      )
    ).rows[0].id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('an academy administrator creates an initiative for their academy, which takes part at once; a learner may not', async () => {
    const body = {
      title: { en: 'Heroin routes across the Caucasus and Central Asia', ka: 'ჰეროინის მარშრუტები კავკასიასა და ცენტრალურ აზიაში' },
      purpose: { en: 'Agree on channels for exchanging information' },
      format: 'regional_meeting',
      topic: 'international_cooperation',
      startsOn: '2027-03-10',
      endsOn: '2027-03-12',
      venue: 'Tbilisi',
      agenda: [
        { day: '2027-03-10', time: '09:30', topic: 'Opening' },
        { day: '2027-03-11', time: '10:00', topic: 'Case studies' },
      ],
      budgetLine: 'Component 3, line 3.2',
    };
    await api('post', '/api/v1/initiatives', learnerToken).send(body).expect(403);
    const outside = await api('post', '/api/v1/initiatives', geAdmin)
      .send({ ...body, agenda: [{ day: '2027-04-01', time: '09:00', topic: 'Late' }] })
      .expect(400);
    expect((outside.body as { details: { field: string }[] }).details.map((d) => d.field)).toContain('agenda.0.day');
    await api('post', '/api/v1/initiatives', geAdmin)
      .send({ ...body, venue: '' })
      .expect(400);
    const created = await api('post', '/api/v1/initiatives', geAdmin).send(body).set('accept-language', 'en').expect(201);
    initiative = created.body as Initiative;
    expect(initiative.reference).toMatch(/^CI-2027-\d+$/);
    expect(initiative.leadAcademyId).toBe(geAcademy.id);
    expect(initiative.owner).toBe(true);
    expect(initiative.status).toBe('planned');
    expect(initiative.members).toHaveLength(1);
    expect(initiative.members[0].status).toBe('accepted');
    geInstitution = initiative.members[0].institutionId;
    const { rows } = await t.db.query<{ academy_id: string }>(`SELECT academy_id FROM assistance_institutions WHERE id = $1`, [
      geInstitution,
    ]);
    expect(rows[0].academy_id).toBe(geAcademy.id);
  });

  it('the owner invites Ukraine and Kyrgyzstan; an academy administrator may not add an agency; the invited admins are told', async () => {
    await api('post', `/api/v1/initiatives/${initiative.id}/institutions`, geAdmin).send({ institutionId: agency }).expect(403);
    await api('post', `/api/v1/initiatives/${initiative.id}/institutions`, uaAdmin).send({ institutionId: uaInstitution }).expect(404);
    await api('post', `/api/v1/initiatives/${initiative.id}/institutions`, geAdmin).send({ institutionId: uaInstitution }).expect(201);
    const after = await api('post', `/api/v1/initiatives/${initiative.id}/institutions`, geAdmin)
      .send({ institutionId: kgInstitution })
      .expect(201);
    const members = (after.body as Initiative).members;
    expect(members.map((m) => m.status).sort()).toEqual(['accepted', 'invited', 'invited']);
    const again = await api('post', `/api/v1/initiatives/${initiative.id}/institutions`, geAdmin).send({ institutionId: kgInstitution });
    expect(again.status).toBe(409);
    expect((again.body as { code: string }).code).toBe('already_member');
    const notices = await t.db.query<{ user_id: string }>(
      `SELECT n.user_id FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'cooperation_invitation' AND u.academy_id = $1`,
      [kgAcademy.id],
    );
    expect(notices.rows).toHaveLength(1);
  });

  it('offers the owner every academy not yet in it, those that never asked the facility included; not agencies', async () => {
    type Candidate = { id: string; kind: string; academyId: string | null; name: string };
    const before = (await t.db.query(`SELECT 1 FROM assistance_institutions WHERE academy_id = $1`, [otherAcademy.id])).rowCount;
    expect(before).toBe(0);
    const offered = (await api('get', `/api/v1/initiatives/${initiative.id}/candidates`, geAdmin).expect(200)).body as Candidate[];
    const moldova = offered.find((c) => c.academyId === otherAcademy.id);
    expect(moldova).toMatchObject({ kind: 'academy' });
    expect(offered.every((c) => c.kind === 'academy')).toBe(true);
    for (const present of [geInstitution, uaInstitution, kgInstitution]) expect(offered.map((c) => c.id)).not.toContain(present);
    expect(
      (await t.db.query(`SELECT 1 FROM audit_entries WHERE action = 'assistance.institution.created' AND entity_id = $1`, [moldova!.id]))
        .rowCount,
    ).toBe(1);
    // The facility manager is offered the agency too; someone who does not run the initiative, nothing.
    const managers = (await api('get', `/api/v1/initiatives/${initiative.id}/candidates`, manager).expect(200)).body as Candidate[];
    expect(managers.map((c) => c.id)).toEqual(expect.arrayContaining([moldova!.id, agency]));
    expect([403, 404]).toContain((await api('get', `/api/v1/initiatives/${initiative.id}/candidates`, uaAdmin)).status);
  });

  it('Ukraine accepts; Kyrgyzstan sees only the invitation and none of its people can be added', async () => {
    const invitation = (await api('get', `/api/v1/initiatives/${initiative.id}`, kgAdmin).expect(200)).body as Initiative;
    expect(invitation.invitation).toBe(true);
    expect(invitation.agenda).toEqual([]);
    expect(invitation.members).toHaveLength(1);
    expect(invitation.members[0]).toMatchObject({ institutionId: kgInstitution, status: 'invited', mayDecide: true });
    await api('get', `/api/v1/initiatives/${initiative.id}/participants`, kgAdmin).expect(403);
    await api('get', `/api/v1/initiatives/${initiative.id}/materials`, kgAdmin).expect(403);
    // Only Kyrgyzstan decides for Kyrgyzstan.
    await api('post', `/api/v1/initiatives/${initiative.id}/institutions/${kgInstitution}/accept`, uaAdmin).expect(404);
    await api('post', `/api/v1/initiatives/${initiative.id}/institutions/${kgInstitution}/accept`, geAdmin).expect(403);
    const accepted = await api('post', `/api/v1/initiatives/${initiative.id}/institutions/${uaInstitution}/accept`, uaAdmin).expect(200);
    expect((accepted.body as Initiative).invitation).toBe(false);
    const twice = await api('post', `/api/v1/initiatives/${initiative.id}/institutions/${uaInstitution}/decline`, uaAdmin).expect(409);
    expect((twice.body as { code: string }).code).toBe('invitation_decided');

    const refused = await api('post', `/api/v1/initiatives/${initiative.id}/participants`, geAdmin)
      .send({ institutionId: kgInstitution, userId: kgPerson.id })
      .expect(409);
    expect((refused.body as { code: string }).code).toBe('membership_not_accepted');
    await api('post', `/api/v1/initiatives/${initiative.id}/participants`, kgAdmin)
      .send({ institutionId: kgInstitution, userId: kgPerson.id })
      .expect(403);
  });

  it('Ukraine’s administrator keeps only Ukraine’s participants; the owner sees everyone', async () => {
    uaParticipant = (
      await api('post', `/api/v1/initiatives/${initiative.id}/participants`, uaAdmin)
        .send({ institutionId: uaInstitution, userId: uaPerson.id })
        .expect(201)
    ).body as Participant;
    expect(uaParticipant.fullName).toBe('Olena Kovalenko');
    // A person of another academy is not one of Ukraine's.
    await api('post', `/api/v1/initiatives/${initiative.id}/participants`, uaAdmin)
      .send({ institutionId: uaInstitution, userId: kgPerson.id })
      .expect(404);
    await api('post', `/api/v1/initiatives/${initiative.id}/participants`, uaAdmin)
      .send({ institutionId: uaInstitution, userId: uaPerson.id })
      .expect(409);
    const guest = await api('post', `/api/v1/initiatives/${initiative.id}/participants`, uaAdmin)
      .send({ institutionId: uaInstitution, fullName: 'Petro Guest', sex: 'male', agencyType: 'police', function: 'investigator' })
      .expect(400);
    expect((guest.body as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(['country']);
    await api('post', `/api/v1/initiatives/${initiative.id}/participants`, uaAdmin)
      .send({
        institutionId: uaInstitution,
        fullName: 'Petro Guest',
        sex: 'male',
        agencyType: 'police',
        function: 'investigator',
        country: 'UA',
      })
      .expect(201);
    // Georgia's people are Georgia's to add.
    await api('post', `/api/v1/initiatives/${initiative.id}/participants`, uaAdmin)
      .send({ institutionId: geInstitution, userId: gePerson.id })
      .expect(403);
    geParticipant = (
      await api('post', `/api/v1/initiatives/${initiative.id}/participants`, geAdmin)
        .send({ institutionId: geInstitution, userId: gePerson.id })
        .expect(201)
    ).body as Participant;

    const seenByUa = (await api('get', `/api/v1/initiatives/${initiative.id}/participants`, uaAdmin).expect(200)).body as Participant[];
    expect(seenByUa.map((p) => p.fullName).sort()).toEqual(['Olena Kovalenko', 'Petro Guest']);
    expect(seenByUa.every((p) => p.institutionId === uaInstitution)).toBe(true);
    const seenByOwner = (await api('get', `/api/v1/initiatives/${initiative.id}/participants`, geAdmin).expect(200)).body as Participant[];
    expect(seenByOwner).toHaveLength(3);
    // Ukraine cannot remove Georgia's participant (it does not exist for Ukraine), nor mark them present.
    await api('delete', `/api/v1/initiatives/${initiative.id}/participants/${geParticipant.id}`, uaAdmin).expect(404);
    await api('put', `/api/v1/initiatives/${initiative.id}/attendance`, uaAdmin)
      .send({ day: '2027-03-10', present: { [geParticipant.id]: true } })
      .expect(400);
    const register = await api('put', `/api/v1/initiatives/${initiative.id}/attendance`, uaAdmin)
      .send({ day: '2027-03-10', present: { [uaParticipant.id]: true } })
      .expect(200);
    expect((register.body as { days: string[] }).days).toEqual(['2027-03-10', '2027-03-11', '2027-03-12']);
    await api('put', `/api/v1/initiatives/${initiative.id}/attendance`, geAdmin)
      .send({ day: '2027-03-13', present: { [geParticipant.id]: true } })
      .expect(400);
    const full = (await api('get', `/api/v1/initiatives/${initiative.id}/attendance`, geAdmin).expect(200)).body as {
      rows: { participant: Participant; marks: Record<string, boolean | null>; daysPresent: number }[];
    };
    expect(full.rows).toHaveLength(3);
    expect(full.rows.find((r) => r.participant.id === uaParticipant.id)!.marks['2027-03-10']).toBe(true);
    const uaRegister = (await api('get', `/api/v1/initiatives/${initiative.id}/attendance`, uaAdmin).expect(200)).body as {
      rows: unknown[];
    };
    expect(uaRegister.rows).toHaveLength(2);
  });

  it('a non-member academy’s administrator gets 404; a learner 403 or 404; the participant sees the initiative', async () => {
    await api('get', `/api/v1/initiatives/${initiative.id}`, otherAdmin).expect(404);
    await api('get', `/api/v1/initiatives/${initiative.id}/participants`, otherAdmin).expect(404);
    await api('get', `/api/v1/initiatives/${initiative.id}`, learnerToken).expect(404);
    const list = (await api('get', '/api/v1/initiatives', otherAdmin).expect(200)).body as { items: Initiative[] };
    expect(list.items.map((i) => i.id)).not.toContain(initiative.id);
    const kgList = (await api('get', '/api/v1/initiatives', kgAdmin).expect(200)).body as { items: Initiative[] };
    expect(kgList.items.find((i) => i.id === initiative.id)?.invitation).toBe(true);
    const participant = await tokenFor(t.http, { email: await userEmail(uaPerson.id), password: 'correct-horse-battery' });
    const seen = (await api('get', `/api/v1/initiatives/${initiative.id}`, participant).expect(200)).body as Initiative;
    expect(seen.invitation).toBe(false);
    await api('get', `/api/v1/initiatives/${initiative.id}/participants`, participant).expect(403);
    await api('post', `/api/v1/initiatives/${initiative.id}/hold`, participant).expect(403);
    await api('post', `/api/v1/initiatives/${initiative.id}/materials`, participant)
      .set('content-type', 'application/pdf')
      .send(Buffer.from('%PDF-1.4 x'))
      .expect(403);
  });

  async function userEmail(id: string): Promise<string> {
    return (await t.db.query<{ email: string }>(`SELECT email FROM users WHERE id = $1`, [id])).rows[0].email;
  }

  it('materials: PDF, DOCX, PPTX and XLSX by content, 10 MB, owners upload, accepted members read', async () => {
    const upload = (token: string, body: Buffer, type = 'application/octet-stream', name = 'file') =>
      api('post', `/api/v1/initiatives/${initiative.id}/materials?name=${name}`, token).set('content-type', type).send(body);
    const pdf = await upload(geAdmin, Buffer.from('%PDF-1.7\nprogramme'), 'application/pdf', 'programme').expect(201);
    expect((pdf.body as { fileName: string }).fileName).toBe('programme.pdf');
    const pptx = await upload(geAdmin, zipOf(['[Content_Types].xml', 'ppt/presentation.xml']), 'application/octet-stream', 'slides').expect(
      201,
    );
    expect((pptx.body as { mediaType: string }).mediaType).toBe(
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    );
    const xlsx = await upload(
      geAdmin,
      zipOf(['xl/workbook.xml']),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'figures.xlsx',
    ).expect(201);
    expect((xlsx.body as { fileName: string }).fileName).toBe('figures.xlsx');
    await upload(geAdmin, zipOf(['word/document.xml']), 'application/octet-stream', 'notes').expect(201);
    const zip = await upload(geAdmin, zipOf(['readme.txt']), 'application/octet-stream', 'fake.pdf').expect(415);
    expect((zip.body as { code: string }).code).toBe('attachment_type');
    await upload(geAdmin, Buffer.from('<html>'), 'application/pdf', 'page.pdf').expect(415);
    const big = await upload(geAdmin, Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(10 * 1024 * 1024)]), 'application/pdf').expect(413);
    expect((big.body as { code: string }).code).toBe('attachment_too_large');
    await upload(uaAdmin, Buffer.from('%PDF-1.7'), 'application/pdf').expect(403);

    const listed = (await api('get', `/api/v1/initiatives/${initiative.id}/materials`, uaAdmin).expect(200)).body as {
      id: string;
      fileName: string;
    }[];
    expect(listed.map((m) => m.fileName)).toEqual(['programme.pdf', 'slides.pptx', 'figures.xlsx', 'notes.docx']);
    const file = await api('get', `/api/v1/initiatives/${initiative.id}/materials/${listed[0].id}`, uaAdmin).expect(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(file.body as Buffer).toString('latin1')).toContain('programme');
    await api('get', `/api/v1/initiatives/${initiative.id}/materials/${listed[0].id}`, otherAdmin).expect(404);
    await api('delete', `/api/v1/initiatives/${initiative.id}/materials/${listed[3].id}`, uaAdmin).expect(403);
    await api('delete', `/api/v1/initiatives/${initiative.id}/materials/${listed[3].id}`, geAdmin).expect(204);
  });

  it('a facility manager adds an agency at once; an institution with participants stays', async () => {
    const added = (
      await api('post', `/api/v1/initiatives/${initiative.id}/institutions`, manager).send({ institutionId: agency }).expect(201)
    ).body as Initiative;
    expect(added.members.find((m) => m.institutionId === agency)?.status).toBe('accepted');
    const inUse = await api('delete', `/api/v1/initiatives/${initiative.id}/institutions/${uaInstitution}`, geAdmin).expect(409);
    expect((inUse.body as { code: string }).code).toBe('membership_in_use');
    await api('delete', `/api/v1/initiatives/${initiative.id}/institutions/${agency}`, geAdmin).expect(204);
    await api('put', `/api/v1/initiatives/${initiative.id}/links`, geAdmin)
      .send({ cohortIds: ['00000000-0000-4000-8000-000000000000'], missionIds: [] })
      .expect(404);
  });

  it('moves: held writes the 3- and 6-month follow-ups; closed; a second move 409; every change audited', async () => {
    await api('patch', `/api/v1/initiatives/${initiative.id}`, uaAdmin).send({ venue: 'Kyiv' }).expect(403);
    await api('patch', `/api/v1/initiatives/${initiative.id}`, geAdmin).send({ endsOn: '2027-03-09' }).expect(400);
    await api('post', `/api/v1/initiatives/${initiative.id}/close`, geAdmin).expect(409);
    const held = (await api('post', `/api/v1/initiatives/${initiative.id}/hold`, geAdmin).expect(200)).body as Initiative;
    expect(held.status).toBe('held');
    expect(held.followUps).toEqual([
      { wave: 3, dueOn: '2027-06-12' },
      { wave: 6, dueOn: '2027-09-12' },
    ]);
    const rows = await t.db.query<{ wave: number; due_on: string }>(
      `SELECT wave, due_on::text FROM cooperation_follow_ups WHERE initiative_id = $1 ORDER BY wave`,
      [initiative.id],
    );
    expect(rows.rows).toEqual([
      { wave: 3, due_on: '2027-06-12' },
      { wave: 6, due_on: '2027-09-12' },
    ]);
    const again = await api('post', `/api/v1/initiatives/${initiative.id}/hold`, geAdmin).expect(409);
    expect((again.body as { code: string }).code).toBe('initiative_moved_on');
    await api('patch', `/api/v1/initiatives/${initiative.id}`, geAdmin).send({ venue: 'Batumi' }).expect(409);
    await api('post', `/api/v1/initiatives/${initiative.id}/cancel`, geAdmin).expect(409);
    const closed = (await api('post', `/api/v1/initiatives/${initiative.id}/close`, geAdmin).expect(200)).body as Initiative;
    expect(closed.status).toBe('closed');
    await api('post', `/api/v1/initiatives/${initiative.id}/participants`, uaAdmin)
      .send({ institutionId: uaInstitution, fullName: 'Late', sex: 'male', agencyType: 'police', function: 'investigator', country: 'UA' })
      .expect(409);
    const trail = await t.db.query<{ action: string }>(`SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY at, id`, [
      initiative.id,
    ]);
    const actions = trail.rows.map((r) => r.action);
    for (const action of [
      'cooperation.initiative.created',
      'cooperation.member.added',
      'cooperation.member.accepted',
      'cooperation.member.removed',
      'cooperation.participant.added',
      'cooperation.attendance.marked',
      'cooperation.material.uploaded',
      'cooperation.material.removed',
      'cooperation.initiative.held',
      'cooperation.initiative.closed',
    ])
      expect(actions).toContain(action);
  });

  it('the owner’s page in Georgian and the invited administrator’s in Swahili', async () => {
    const owner = new Visitor(t);
    await owner.login(geAdminUser.email, geAdminUser.password);
    const ka = await owner.get(`/initiatives/${initiative.id}?lang=ka`);
    expect(ka.status).toBe(200);
    expect(ka.text).toContain('lang="ka"');
    expect(ka.text).toContain('ჰეროინის მარშრუტები');
    expect(ka.text).toContain('Olena Kovalenko');
    expect(ka.text).toContain(translate('ka', 'cooperation:states.closed'));
    const invited = new Visitor(t);
    await invited.login(kgAdminUser.email, kgAdminUser.password);
    const sw = await invited.get(`/initiatives/${initiative.id}?lang=sw`);
    expect(sw.status).toBe(200);
    expect(sw.text).toContain('lang="sw"');
    expect(sw.text).toContain('id="initiative-invitation"');
    expect(sw.text).toContain(translate('sw', 'cooperation:memberships.invited'));
    expect(sw.text).toContain(translate('sw', 'cooperation:states.closed'));
    expect(sw.text).not.toContain('Olena Kovalenko');
    expect(sw.text).not.toContain('programme.pdf');
    const list = await invited.get('/initiatives?lang=sw');
    expect(list.status).toBe(200);
    expect(list.text).toContain(initiative.reference);
    expect(list.text).toContain(translate('sw', 'cooperation:members.invitation'));
    const ur = await owner.get(`/initiatives/${initiative.id}?lang=ur`);
    expect(ur.text).toMatch(/<html[^>]*dir="rtl"/);
  });

  it('the form without JavaScript: a mistake comes back at its field in Georgian; a good one creates the initiative', async () => {
    const owner = new Visitor(t);
    await owner.login(geAdminUser.email, geAdminUser.password);
    const form = await owner.get('/initiatives/new?lang=ka');
    expect(form.status).toBe(200);
    const csrf = Visitor.csrf(form.text);
    const fields = { _csrf: csrf, format: 'conference', topic: 'forensics', startsOn: '2027-06-01', endsOn: '2027-05-30', venue: 'Batumi' };
    const bad = await owner.post('/initiatives?lang=ka', { ...fields, title_ka: 'კონფერენცია' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="endsOn-error"');
    expect(bad.text).toContain('value="Batumi"');
    const good = await owner.post('/initiatives?lang=ka', {
      ...fields,
      endsOn: '2027-06-02',
      title_ka: 'სასამართლო ექსპერტიზის კონფერენცია',
    });
    expect(good.status).toBe(303);
    const page = await owner.get(`${good.location}?lang=ka`);
    expect(page.text).toContain('სასამართლო ექსპერტიზის კონფერენცია');
    expect(page.text).toContain(translate('ka', 'cooperation:formats.conference'));
  });
});
