import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import request from 'supertest';
import { AuditService } from '@probity/audit';
import { CohortsService, NotificationsService } from '@probity/cohorts';
import { translate } from '@probity/i18n';
import { type Role, UsersService } from '@probity/identity';
import { PASSWORD, academyFactory, tokenFor, versionFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

type Person = { id: string; email: string; password: string; token: string; fullName: string; roles: Role[]; academyId: string | null };
type Request = {
  id: string;
  reference: string;
  status: string;
  statusText: string;
  institution: { id: string; kind: string };
  title: string;
  locale: string;
  actions: string[];
  editable: boolean;
  attachable: boolean;
  judgeable: boolean;
  screening: Record<string, { met: boolean; note: string; by: string } | null>;
  decisionReason: string | null;
  submittedAt: string | null;
};

/** A real one-page PDF, as pdfkit writes it. */
function pdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A6' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

/** A day `days` from today, `YYYY-MM-DD`. */
function day(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Requests to the Technical Assistance Facility (issue 14 points 1-2, ADR 0012): a focal point's draft, its edits and
 * submission (an incomplete one refused), screening with Probity's proposals, a question and an answer in the thread
 * (each side notified in its own language), the judgements and the decision; files checked by content and size;
 * tenancy between institutions; every change in the audit trail; two decisions at once give one.
 */
describe('assistance requests', () => {
  let t: TestApp;
  let ge: { id: string };
  let manager: Person, manager2: Person, focal: Person, otherFocal: Person, academyAdmin: Person, learner: Person;
  let regional: string, agency: string;

  const api = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, who: Person) =>
    t.http()[method](`/api/v1/assistance${path}`).set('authorization', `Bearer ${who.token}`);

  async function person(roles: Role[], options: { academyId?: string; locale?: string } = {}): Promise<Person> {
    const email = `p${Math.random().toString(36).slice(2, 10)}@assistance.test`;
    const created = await t.app.get(UsersService).create(null, {
      email,
      password: PASSWORD,
      fullName: `${roles[0]} ${email.slice(1, 5)}`,
      roles,
      academyId: options.academyId,
      locale: options.locale ?? 'en',
    });
    return { ...created, password: PASSWORD, token: await tokenFor(t.http, { email, password: PASSWORD }) };
  }

  const complete = () => ({
    need: 'Следователи не умеют работать с криптовалютными следами.',
    expectedResult: 'Умение отслеживать платежи в криптовалюте.',
    targetGroup: 'Следователи и прокуроры по делам о наркотиках',
    participants: 25,
    preferredFrom: day(60),
    preferredTo: day(64),
    languages: ['ru', 'en'],
  });

  async function draft(who: Person, body: object = {}): Promise<Request> {
    return (
      await api('post', '/requests', who)
        .send({ topic: 'financial_investigation', format: 'workshop', title: 'Финансовые расследования', locale: 'ru', ...body })
        .expect(201)
    ).body as Request;
  }

  async function submitted(who: Person, body: object = {}): Promise<Request> {
    const request = await draft(who, { ...complete(), ...body });
    return (await api('post', `/requests/${request.id}/submit`, who).expect(200)).body as Request;
  }

  async function screened(who: Person, body: object = {}): Promise<Request> {
    const request = await submitted(who, body);
    return (await api('post', `/requests/${request.id}/screen`, manager).expect(200)).body as Request;
  }

  const auditActions = async (id: string): Promise<string[]> =>
    (await t.db.query<{ action: string }>(`SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY at, id`, [id])).rows.map(
      (r) => r.action,
    );

  const notices = async (userId: string, kind: string) =>
    (
      await t.db.query<{ data: { messageKey: string; params: Record<string, string>; link: string } }>(
        `SELECT data FROM notifications WHERE user_id = $1 AND kind = $2 ORDER BY created_at, id`,
        [userId, kind],
      )
    ).rows.map((r) => r.data);

  const fileCount = async (requestId: string): Promise<number> =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM assistance_request_files WHERE request_id = $1`, [requestId])).rows[0]
      .n;

  beforeAll(async () => {
    t = await createTestApp();
    ge = await academyFactory(t.app, { country: 'GE' });
    await academyFactory(t.app, { country: 'UA' });
    manager = await person(['facility_manager'], { locale: 'en' });
    manager2 = await person(['facility_manager']);
    focal = await person(['partner_focal_point'], { locale: 'ru' });
    otherFocal = await person(['partner_focal_point']);
    academyAdmin = await person(['academy_admin'], { academyId: ge.id });
    learner = await person(['learner'], { academyId: ge.id });
    regional = (
      await api('post', '/institutions', manager)
        .send({ kind: 'regional_organisation', name: { en: 'Regional Centre', ru: 'Региональный центр' }, countries: ['KZ', 'GE'] })
        .expect(201)
    ).body.id as string;
    agency = (
      await api('post', '/institutions', manager)
        .send({ kind: 'national_agency', name: { en: 'Drug Control Agency' }, country: 'KG' })
        .expect(201)
    ).body.id as string;
    await api('post', `/institutions/${regional}/focal-points`, manager).send({ userId: focal.id }).expect(201);
    await api('post', `/institutions/${agency}/focal-points`, manager).send({ userId: otherFocal.id }).expect(201);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('institutions: kinds checked, focal points need the role, only managers keep them', async () => {
    await api('post', '/institutions', manager)
      .send({ kind: 'national_agency', name: { en: 'No country' } })
      .expect(400);
    await api('post', '/institutions', manager)
      .send({ kind: 'regional_organisation', name: { en: 'No members' } })
      .expect(400);
    await api('post', '/institutions', manager)
      .send({ kind: 'academy', name: { en: 'By hand' }, country: 'GE' })
      .expect(400);
    const refused = await api('post', `/institutions/${agency}/focal-points`, manager).send({ userId: learner.id }).expect(422);
    expect(refused.body.code).toBe('not_focal_point_role');
    await api('get', '/institutions', focal).expect(403);
    await api('post', '/institutions', academyAdmin)
      .send({ kind: 'national_agency', name: { en: 'X' }, country: 'GE' })
      .expect(403);
    const list = await api('get', '/institutions', manager).expect(200);
    const mine = (list.body.items as { id: string; focalPoints: { userId: string }[] }[]).find((i) => i.id === regional)!;
    expect(mine.focalPoints.map((f) => f.userId)).toEqual([focal.id]);
    expect(await auditActions(regional)).toEqual(['assistance.institution.created', 'assistance.focal_point.added']);
  });

  it('walks a request from draft to approval: edits, an incomplete submission refused, screening, a question and an answer', async () => {
    const created = await draft(focal);
    expect(created.reference).toMatch(/^TAF-\d{4}-\d{4}$/);
    expect(created).toMatchObject({ status: 'draft', locale: 'ru', editable: true, actions: ['submit', 'withdraw'] });
    expect(created.institution).toMatchObject({ id: regional, kind: 'regional_organisation' });

    const edited = await api('patch', `/requests/${created.id}`, focal)
      .send({ need: 'Нужно обучение.', participants: 20, languages: ['ru', 'ru', 'en'] })
      .expect(200);
    expect(edited.body).toMatchObject({ status: 'draft' });
    expect(edited.body.languages).toEqual(['ru', 'en']);

    // Incomplete: the fields it lacks are listed, and it stays a draft.
    const incomplete = await api('post', `/requests/${created.id}/submit`, focal).expect(400);
    expect(incomplete.body.code).toBe('validation_failed');
    const fields = (incomplete.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['expectedResult', 'preferredFrom', 'preferredTo', 'targetGroup']);
    expect((await api('get', `/requests/${created.id}`, focal).expect(200)).body.status).toBe('draft');
    await api('patch', `/requests/${created.id}`, focal)
      .send({ preferredFrom: day(70), preferredTo: day(65) })
      .expect(400);

    await api('patch', `/requests/${created.id}`, focal).send(complete()).expect(200);
    const sent = await api('post', `/requests/${created.id}/submit`, focal).expect(200);
    expect(sent.body).toMatchObject({ status: 'submitted', editable: false, actions: ['withdraw'] });
    expect(sent.body.submittedAt).toEqual(expect.any(String));
    const late = await api('patch', `/requests/${created.id}?lang=ru`, focal).send({ title: 'Другое' }).expect(409);
    expect(late.body.code).toBe('request_not_draft');
    expect(late.body.message).toBe(translate('ru', 'errors:request_not_draft'));

    // The focal point cannot screen; the manager sees it, takes it into screening.
    await api('post', `/requests/${created.id}/screen`, focal).expect(403);
    const listed = await api('get', '/requests?status=submitted', manager).expect(200);
    expect((listed.body.items as Request[]).map((r) => r.id)).toContain(created.id);
    const taken = await api('post', `/requests/${created.id}/screen`, manager).expect(200);
    expect(taken.body).toMatchObject({ status: 'screening', judgeable: true, actions: ['approve', 'reject'] });
    expect(taken.body.statusText).toBe(translate('en', 'assistance:states.screening'));
    await api('post', `/requests/${created.id}/screen`, manager).expect(409);

    // The manager asks; the focal point (Russian) is notified and answers; the manager is notified.
    const question = await api('post', `/requests/${created.id}/comments`, manager)
      .send({ body: 'Which agencies will send participants?' })
      .expect(201);
    expect(question.body).toMatchObject({ authorId: manager.id, fromFacility: true });
    const asked = await notices(focal.id, 'assistance_comment');
    expect(asked).toEqual([
      expect.objectContaining({ messageKey: 'assistance:notify.comment', link: `/assistance/requests/${created.id}` }),
    ]);
    await api('post', `/requests/${created.id}/comments`, focal).send({ body: '   ' }).expect(400);
    await api('post', `/requests/${created.id}/comments`, focal)
      .send({ body: 'x'.repeat(5001) })
      .expect(400);
    const answer = await api('post', `/requests/${created.id}/comments`, focal).send({ body: 'Полиция и прокуратура.' }).expect(201);
    expect(answer.body.fromFacility).toBe(false);
    expect(await notices(manager.id, 'assistance_comment')).toHaveLength(1);
    expect(await notices(manager2.id, 'assistance_comment')).toHaveLength(0);
    const thread = await api('get', `/requests/${created.id}/comments`, focal).expect(200);
    expect((thread.body as { body: string; fromFacility: boolean }[]).map((c) => [c.fromFacility, c.body])).toEqual([
      [true, 'Which agencies will send participants?'],
      [false, 'Полиция и прокуратура.'],
    ]);
    const inbox = await t.app
      .get(NotificationsService)
      .inbox({ id: focal.id, email: focal.email, fullName: focal.fullName, roles: focal.roles, academyId: null, locale: 'ru' }, 'ru');
    expect(inbox.items[0].subject).toBe(translate('ru', 'assistance:notify.comment.subject', { reference: created.reference }));
    expect(inbox.items[0].subject).toMatch(/[А-Яа-я]/);

    // Probity's proposals; the manager's judgements.
    const aid = await api('get', `/requests/${created.id}/screening-aid`, manager).expect(200);
    const proposal = (rule: string) =>
      (aid.body.proposals as { rule: string; met: boolean | null; explanation: string }[]).find((p) => p.rule === rule)!;
    expect(proposal('partner_country').met).toBe(true); // GE is an academy's country
    expect(proposal('topic_in_scope').met).toBe(true);
    expect(proposal('dates_feasible').met).toBe(true);
    expect(proposal('no_duplicate').met).toBe(true);
    expect(proposal('partner_country').explanation).toContain('GE');
    await api('get', `/requests/${created.id}/screening-aid`, focal).expect(403);
    const judged = await api('put', `/requests/${created.id}/screening`, manager)
      .send({ rules: { partner_country: { met: true, note: 'GE member' }, topic_in_scope: { met: true } } })
      .expect(200);
    expect(judged.body.screening.partner_country).toMatchObject({ met: true, note: 'GE member', by: manager.id });
    expect(judged.body.screening.dates_feasible).toBeNull();
    await api('put', `/requests/${created.id}/screening`, manager)
      .send({ rules: { no_duplicate: { met: 'yes' } } })
      .expect(400);
    await api('put', `/requests/${created.id}/screening`, focal)
      .send({ rules: { no_duplicate: { met: true } } })
      .expect(403);

    const approved = await api('post', `/requests/${created.id}/approve`, manager).send({}).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', actions: [], attachable: false, decisionReason: null });
    // The requester sees where it stands, and was told in the outbox.
    const seen = await api('get', `/requests/${created.id}?lang=ru`, focal).expect(200);
    expect(seen.body.statusText).toBe(translate('ru', 'assistance:states.approved'));
    expect((await notices(focal.id, 'assistance_state')).map((n) => n.messageKey)).toEqual([
      'assistance:notify.screening',
      'assistance:notify.approved',
    ]);
    await api('post', `/requests/${created.id}/withdraw`, focal).expect(409);

    expect(await auditActions(created.id)).toEqual([
      'assistance.request.created',
      'assistance.request.updated',
      'assistance.request.updated',
      'assistance.request.submitted',
      'assistance.request.screening_started',
      'assistance.request.commented',
      'assistance.request.commented',
      'assistance.request.screening_judged',
      'assistance.request.approved',
    ]);
  });

  it('a rejection needs a reason, which the requester reads', async () => {
    const request = await screened(focal, { topic: 'other' });
    const aid = await api('get', `/requests/${request.id}/screening-aid`, manager).expect(200);
    expect((aid.body.proposals as { rule: string; met: boolean }[]).find((p) => p.rule === 'topic_in_scope')!.met).toBe(false);
    expect((await api('post', `/requests/${request.id}/reject`, manager).send({}).expect(400)).body.code).toBe('validation_failed');
    await api('post', `/requests/${request.id}/reject`, manager).send({ reason: '   ' }).expect(400);
    expect((await api('get', `/requests/${request.id}`, manager).expect(200)).body.status).toBe('screening');
    await api('post', `/requests/${request.id}/reject`, manager).send({ reason: 'Out of the facility’s scope.' }).expect(200);
    const seen = await api('get', `/requests/${request.id}`, focal).expect(200);
    expect(seen.body).toMatchObject({ status: 'rejected', decisionReason: 'Out of the facility’s scope.' });
    // The reason is a personal value: the entry holds its commitment, revealed from audit_personal (ADR 0014).
    const audit = await t.db.query<{ id: string; before: null; after: { reason: string } }>(
      `SELECT id, before, after FROM audit_entries WHERE entity_id = $1 AND action = 'assistance.request.rejected'`,
      [request.id],
    );
    expect((await t.app.get(AuditService).reveal(audit.rows))[0].after.reason).toBe('Out of the facility’s scope.');
  });

  it('similar requests: a live request of the same institution and topic is proposed as a duplicate', async () => {
    const first = await submitted(otherFocal, { topic: 'forensics' });
    const second = await screened(otherFocal, { topic: 'forensics', preferredFrom: day(5), preferredTo: day(9) });
    const aid = await api('get', `/requests/${second.id}/screening-aid`, manager).expect(200);
    const rule = (name: string) => (aid.body.proposals as { rule: string; met: boolean | null }[]).find((p) => p.rule === name)!;
    expect(rule('no_duplicate').met).toBe(false);
    expect(rule('dates_feasible').met).toBe(false); // five days ahead
    expect(rule('partner_country').met).toBe(false); // KG: no academy there
    expect((aid.body.similar as { id: string }[]).map((s) => s.id)).toContain(first.id);
    expect((aid.body.similar as { id: string }[]).map((s) => s.id)).not.toContain(second.id);
  });

  it('tenancy: another institution’s focal point gets 404 everywhere, a learner 403, a manager never files', async () => {
    const request = await draft(focal);
    const pdfFile = await pdf('Needs assessment');
    await api('get', `/requests/${request.id}`, otherFocal).expect(404);
    await api('patch', `/requests/${request.id}`, otherFocal).send({ title: 'Mine' }).expect(404);
    await api('post', `/requests/${request.id}/submit`, otherFocal).expect(404);
    await api('post', `/requests/${request.id}/withdraw`, otherFocal).expect(404);
    await api('get', `/requests/${request.id}/files`, otherFocal).expect(404);
    await api('post', `/requests/${request.id}/files?name=x.pdf`, otherFocal)
      .set('content-type', 'application/pdf')
      .send(pdfFile)
      .expect(404);
    await api('get', `/requests/${request.id}/comments`, otherFocal).expect(404);
    await api('post', `/requests/${request.id}/comments`, otherFocal).send({ body: 'Hello' }).expect(404);
    await api('get', `/requests/${request.id}`, academyAdmin).expect(404);
    const theirs = await api('get', '/requests', otherFocal).expect(200);
    expect((theirs.body.items as Request[]).map((r) => r.id)).not.toContain(request.id);
    const filtered = await api('get', `/requests?institutionId=${regional}`, otherFocal).expect(200);
    expect(filtered.body.total).toBe(0);

    await api('get', '/requests', learner).expect(403);
    await api('get', `/requests/${request.id}`, learner).expect(403);
    await api('post', '/requests', learner).send({ topic: 'forensics', format: 'workshop', title: 'X' }).expect(403);
    const notTied = await person(['partner_focal_point']);
    const refused = await api('post', '/requests?lang=ru', notTied)
      .send({ topic: 'forensics', format: 'workshop', title: 'X' })
      .expect(403);
    expect(refused.body.code).toBe('not_a_focal_point');
    expect(refused.body.message).toBe(translate('ru', 'errors:not_a_focal_point'));
    await api('post', '/requests', manager).send({ topic: 'forensics', format: 'workshop', title: 'X' }).expect(403);
    // The manager reads a draft but does not change it or attach to it.
    await api('patch', `/requests/${request.id}`, manager).send({ title: 'Managed' }).expect(403);
    await api('post', `/requests/${request.id}/files?name=x.pdf`, manager).set('content-type', 'application/pdf').send(pdfFile).expect(403);
    expect(await fileCount(request.id)).toBe(0);
  });

  it('an academy administrator files for their academy, whose institution is made with its first request', async () => {
    const first = await draft(academyAdmin, { locale: 'en', title: 'Case integrity workshop' });
    expect(first.institution.kind).toBe('academy');
    const second = await draft(academyAdmin);
    expect(second.institution.id).toBe(first.institution.id);
    const colleague = await person(['academy_admin'], { academyId: ge.id });
    await api('get', `/requests/${first.id}`, colleague).expect(200);
    await api('get', `/requests/${first.id}`, focal).expect(404);
    const created = await t.db.query(`SELECT 1 FROM audit_entries WHERE entity_id = $1 AND action = 'assistance.institution.created'`, [
      first.institution.id,
    ]);
    expect(created.rowCount).toBe(1);
  });

  it('files: a real PDF is kept and sent back as an attachment; a PNG named .pdf is refused; 11 MB is refused and nothing stored', async () => {
    const request = await draft(focal);
    const content = await pdf('Terms of reference');
    const uploaded = await api('post', `/requests/${request.id}/files?name=${encodeURIComponent('Техническое задание.pdf')}`, focal)
      .set('content-type', 'application/pdf')
      .send(content)
      .expect(201);
    expect(uploaded.body).toMatchObject({ fileName: 'Техническое задание.pdf', mediaType: 'application/pdf', size: content.length });
    const listed = await api('get', `/requests/${request.id}/files`, manager).expect(200);
    expect((listed.body as { id: string }[]).map((f) => f.id)).toEqual([uploaded.body.id]);
    const downloaded = await api('get', `/requests/${request.id}/files/${uploaded.body.id}`, manager)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(downloaded.headers['content-type']).toBe('application/pdf');
    expect(downloaded.headers['content-disposition']).toMatch(/^attachment; filename=".*\.pdf"; filename\*=UTF-8''/);
    expect(downloaded.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(downloaded.body as Buffer, content)).toBe(0);

    const png = PNG.sync.write(new PNG({ width: 4, height: 4 }));
    const wrong = await api('post', `/requests/${request.id}/files?name=scan.pdf&lang=ru`, focal)
      .set('content-type', 'application/pdf')
      .send(png)
      .expect(415);
    expect(wrong.body.code).toBe('attachment_type');
    expect(wrong.body.message).toBe(translate('ru', 'errors:attachment_type'));

    const huge = Buffer.alloc(11 * 1024 * 1024, 0x20);
    huge.write('%PDF-1.4\n');
    const tooLarge = await api('post', `/requests/${request.id}/files?name=big.pdf`, focal)
      .set('content-type', 'application/octet-stream')
      .send(huge)
      .expect(413);
    expect(tooLarge.body.code).toBe('attachment_too_large');
    expect(await fileCount(request.id)).toBe(1);

    // Another content type is not read on other routes; JSON is not a file here.
    await api('post', `/requests/${request.id}/comments`, focal).set('content-type', 'application/pdf').send(content).expect(415);
    await api('post', `/requests/${request.id}/files`, focal).send({ file: 'x' }).expect(415);

    // At most ten; the requester removes a draft's file; after submission files are kept.
    for (let i = 2; i <= 10; i++)
      await api('post', `/requests/${request.id}/files?name=f${i}.pdf`, focal)
        .set('content-type', 'application/pdf')
        .send(content)
        .expect(201);
    const eleventh = await api('post', `/requests/${request.id}/files?name=f11.pdf`, focal)
      .set('content-type', 'application/pdf')
      .send(content)
      .expect(409);
    expect(eleventh.body.code).toBe('too_many_attachments');
    await api('delete', `/requests/${request.id}/files/${uploaded.body.id}`, manager).expect(403);
    await api('delete', `/requests/${request.id}/files/${uploaded.body.id}`, focal).expect(204);
    expect(await fileCount(request.id)).toBe(9);
    const actions = await auditActions(request.id);
    expect(actions.filter((a) => a === 'assistance.request.file_attached')).toHaveLength(10);
    expect(actions).toContain('assistance.request.file_removed');
  });

  it('two decisions at once: one 200, one 409 request_moved_on', async () => {
    for (let round = 0; round < 3; round++) {
      const request = await screened(focal);
      const answers = await Promise.all([
        api('post', `/requests/${request.id}/approve`, manager).send({}),
        api('post', `/requests/${request.id}/reject`, manager2).send({ reason: 'Duplicate' }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)!.body.code).toBe('request_moved_on');
      const decided = await auditActions(request.id);
      expect(decided.filter((a) => a === 'assistance.request.approved' || a === 'assistance.request.rejected')).toHaveLength(1);
    }
  });

  it('the requester withdraws before the decision; a withdrawn request moves no more', async () => {
    const request = await submitted(focal);
    await api('post', `/requests/${request.id}/withdraw`, manager).expect(403);
    const withdrawn = await api('post', `/requests/${request.id}/withdraw`, focal).expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', actions: [] });
    expect((await api('post', `/requests/${request.id}/screen`, manager).expect(409)).body.code).toBe('request_moved_on');
  });

  it('a submission reaches every active facility manager, one who never touched the request too, each in their own language', async () => {
    const georgian = await person(['facility_manager'], { locale: 'ka' });
    const inactive = await person(['facility_manager']);
    const admin = await person(['platform_admin']);
    await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [inactive.id]);
    const request = await submitted(otherFocal, { topic: 'demand_reduction' });
    const link = `/assistance/requests/${request.id}`;
    const about = async (who: Person) => (await notices(who.id, 'assistance_state')).filter((n) => n.link === link);
    for (const who of [manager, manager2, georgian])
      expect(await about(who)).toEqual([expect.objectContaining({ messageKey: 'assistance:notify.submitted', link })]);
    expect(await about(inactive)).toEqual([]);
    expect(await about(admin)).toEqual([]); // managers there are: the platform administrators are not troubled
    expect(await about(otherFocal)).toEqual([]);
    const inbox = await t.app
      .get(NotificationsService)
      .inbox(
        { id: georgian.id, email: georgian.email, fullName: georgian.fullName, roles: georgian.roles, academyId: null, locale: 'ka' },
        'ka',
      );
    const notice = inbox.items.find((n) => n.link === link)!;
    expect(notice.subject).toBe(translate('ka', 'assistance:notify.submitted.subject', { reference: request.reference }));
    expect(notice.subject).toMatch(/[\u10D0-\u10FF]/);

    // No active facility manager at all: the platform's administrators hear of it instead.
    const { rows } = await t.db.query<{ id: string }>(
      `UPDATE users SET active = false WHERE 'facility_manager' = ANY(roles) AND active RETURNING id`,
    );
    try {
      const unmanaged = await submitted(otherFocal, { topic: 'demand_reduction', title: 'Nobody to screen it' });
      const unmanagedLink = `/assistance/requests/${unmanaged.id}`;
      expect((await notices(admin.id, 'assistance_state')).filter((n) => n.link === unmanagedLink)).toEqual([
        expect.objectContaining({ messageKey: 'assistance:notify.submitted' }),
      ]);
      expect((await notices(manager.id, 'assistance_state')).filter((n) => n.link === unmanagedLink)).toEqual([]);
    } finally {
      await t.db.query(`UPDATE users SET active = true WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
    }
  });

  it('screening aid: an academy’s request shows the academy’s planned and running cohorts, in the API and on the page', async () => {
    const academy = await academyFactory(t.app, { country: 'UA' });
    const admin = await person(['academy_admin'], { academyId: academy.id });
    const elsewhere = await academyFactory(t.app, { country: 'UA' });
    const elsewhereAdmin = await person(['academy_admin'], { academyId: elsewhere.id });
    const cohorts = t.app.get(CohortsService);
    const actor = (p: Person) => ({
      id: p.id,
      email: p.email,
      fullName: p.fullName,
      roles: p.roles,
      academyId: p.academyId,
      locale: 'en' as const,
    });
    const { versionId } = await versionFactory(t.app, admin);
    const cohort = (name: string, startsOn: string, endsOn: string, who = admin, version = versionId) =>
      cohorts.create(actor(who), { courseVersionId: version, name, locale: 'uk', startsOn, endsOn, trainerIds: [] });
    const later = await cohort('Kyiv, autumn', day(120), day(150));
    const running = await cohort('Kyiv, now', day(-10), day(20));
    await cohorts.setStatus(actor(admin), running.id, 'running');
    const closed = await cohort('Kyiv, last year', day(-300), day(-280));
    await cohorts.close(actor(admin), closed.id);
    const { versionId: theirVersion } = await versionFactory(t.app, elsewhereAdmin);
    await cohort('Somebody else’s', day(30), day(40), elsewhereAdmin, theirVersion);

    const request = await submitted(admin, { locale: 'uk', title: 'Фінансові розслідування' });
    const aid = await api('get', `/requests/${request.id}/screening-aid?lang=ka`, manager).expect(200);
    expect(aid.body.cohorts).toEqual([
      {
        id: running.id,
        name: 'Kyiv, now',
        courseTitle: { en: 'Case integrity', ka: 'საქმის მთლიანობა' },
        courseTitleText: 'საქმის მთლიანობა',
        startsOn: day(-10),
        endsOn: day(20),
        status: 'running',
        statusText: translate('ka', 'cohorts:cohort_status.running'),
      },
      expect.objectContaining({ id: later.id, name: 'Kyiv, autumn', status: 'planned', startsOn: day(120) }),
    ]);
    // Not an academy: no cohorts.
    const regionalRequest = await submitted(focal);
    expect((await api('get', `/requests/${regionalRequest.id}/screening-aid`, manager).expect(200)).body.cohorts).toEqual([]);
    // The requester does not see the aid, cohorts or not.
    await api('get', `/requests/${request.id}/screening-aid`, admin).expect(403);

    const visitor = new Visitor(t);
    await visitor.login(manager.email, manager.password);
    const page = await visitor.get(`/assistance/requests/${request.id}?lang=ka`);
    expect(page.status).toBe(200);
    // A manager goes from the request to the experts ranked for it.
    expect(page.text).toContain(`href="/assistance/requests/${request.id}/matches"`);
    const listed = /<ul class="plain" id="academy-cohorts">([\s\S]*?)<\/ul>/.exec(page.text)?.[1] ?? '';
    expect(listed).toContain('Kyiv, now');
    expect(listed).toContain('Kyiv, autumn');
    expect(listed).toContain('საქმის მთლიანობა');
    expect(listed).not.toContain('Kyiv, last year');
    expect(listed).not.toContain('Somebody else');
    expect(listed.indexOf('Kyiv, now')).toBeLessThan(listed.indexOf('Kyiv, autumn'));
    const regionalPage = await visitor.get(`/assistance/requests/${regionalRequest.id}`);
    expect(regionalPage.text).not.toContain('id="academy-cohorts"');
  });

  it('validation messages name the request’s fields in the caller’s language', async () => {
    const refused = await api('post', '/requests?lang=ru', focal)
      .send({ topic: 'forensics', format: 'workshop', title: 'X', participants: 0, preferredFrom: 'soon', expectedResult: 7 })
      .expect(400);
    const details = refused.body.details as { field: string; constraint: string; message: string }[];
    const participants = details.find((d) => d.field === 'participants')!;
    expect(participants.message).toBe(translate('ru', 'validation:min', { field: 'Число участников', count: 1 }));
    expect(details.find((d) => d.field === 'preferredFrom')!.message).toContain('Желаемое начало');
    expect(details.find((d) => d.field === 'expectedResult')!.message).toContain('Ожидаемый результат');
    expect(refused.body.message).toContain('Число участников');
    expect(refused.body.message).not.toMatch(/participants|preferredFrom|expectedResult/);
  });

  describe('pages', () => {
    /** A signed-in browser (supertest's agent keeps the cookies), for forms with a file. */
    async function browser(who: Person) {
      const agent = request.agent(t.app.getHttpServer());
      const login = await agent.get('/login').expect(200);
      await agent
        .post('/login')
        .type('form')
        .send({ _csrf: Visitor.csrf(login.text), email: who.email, password: who.password, next: '/dashboard' })
        .expect(303);
      return agent;
    }

    it('a focal point writes, completes and submits a request through the forms, in Russian and in Urdu (right to left)', async () => {
      const visitor = new Visitor(t);
      await visitor.login(focal.email, focal.password);
      const empty = await visitor.get('/assistance/requests?lang=ru');
      expect(empty.status).toBe(200);
      expect(empty.text).toContain(translate('ru', 'assistance:list.title'));
      expect(empty.text).toContain('href="/assistance/requests/new"');

      const form = await visitor.get('/assistance/requests/new');
      expect(form.status).toBe(200);
      expect(form.text).toContain(translate('ru', 'assistance:form.new_title'));
      const refused = await visitor.post('/assistance/requests', { _csrf: Visitor.csrf(form.text), title: '', topic: 'forensics' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('id="title-error"');
      const created = await visitor.post('/assistance/requests', {
        _csrf: Visitor.csrf(form.text),
        title: 'Судебная экспертиза наркотиков',
        locale: 'ru',
        topic: 'forensics',
        format: 'study_visit',
        need: 'Лаборатории нужна методика.',
        languages: ['ru'],
        otherLanguages: 'kk',
      });
      expect(created.status).toBe(303);
      const path = created.location!;
      expect(path).toMatch(/^\/assistance\/requests\/[0-9a-f-]{36}$/);
      const id = path.split('/').pop()!;

      const page = await visitor.get(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain(translate('ru', 'assistance:where.draft'));
      expect(page.text).toContain(`action="${path}/moves/submit"`);
      // Incomplete: the form again, with the missing fields marked.
      const incomplete = await visitor.post(`${path}/moves/submit`, { _csrf: Visitor.csrf(page.text) });
      expect(incomplete.status).toBe(400);
      expect(incomplete.text).toContain('id="expectedResult-error"');
      expect(incomplete.text).toContain('id="preferredTo-error"');
      const edit = await visitor.get(`${path}/edit`);
      const saved = await visitor.post(path, {
        _csrf: Visitor.csrf(edit.text),
        title: 'Судебная экспертиза наркотиков',
        locale: 'ru',
        topic: 'forensics',
        format: 'study_visit',
        need: 'Лаборатории нужна методика.',
        expectedResult: 'Методика внедрена.',
        targetGroup: 'Эксперты-химики',
        participants: '12',
        preferredFrom: day(90),
        preferredTo: day(95),
        languages: ['ru', 'en'],
        otherLanguages: '',
      });
      expect(saved.status).toBe(303);

      // A file through the page's plain form (multipart), then the submission.
      const agent = await browser(focal);
      const detail = await agent.get(path).expect(200);
      const content = await pdf('Annex');
      const uploaded = await agent
        .post(`${path}/files`)
        .field('_csrf', Visitor.csrf(detail.text))
        .attach('file', content, { filename: 'Приложение.pdf', contentType: 'application/pdf' })
        .expect(303);
      expect(uploaded.headers.location).toBe(`${path}#files`);
      const files = await api('get', `/requests/${id}/files`, focal).expect(200);
      expect((files.body as { fileName: string }[]).map((f) => f.fileName)).toEqual(['Приложение.pdf']);
      const forged = await agent
        .post(`${path}/files`)
        .field('_csrf', 'forged')
        .attach('file', content, { filename: 'x.pdf', contentType: 'application/pdf' });
      expect(forged.status).toBe(403);
      const download = await agent.get(`/assistance/requests/${id}/files/${(files.body as { id: string }[])[0].id}`).expect(200);
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);

      const ready = await visitor.get(path);
      const sent = await visitor.post(`${path}/moves/submit`, { _csrf: Visitor.csrf(ready.text) });
      expect(sent.status).toBe(303);
      expect((await api('get', `/requests/${id}`, focal).expect(200)).body.status).toBe('submitted');

      // In Urdu, right to left, with where it stands.
      const urdu = await visitor.get(`${path}?lang=ur`);
      expect(urdu.status).toBe(200);
      expect(urdu.text).toMatch(/<html[^>]*dir="rtl"/);
      expect(urdu.text).toContain(translate('ur', 'assistance:states.submitted'));
      expect(urdu.text).toContain(translate('ur', 'assistance:where.submitted'));
      const list = await visitor.get('/assistance/requests');
      expect(list.text).toMatch(/<html[^>]*dir="rtl"/);
      expect(list.text).toContain(translate('ur', 'assistance:list.title'));

      // Another institution's focal point: not found.
      const stranger = new Visitor(t);
      await stranger.login(otherFocal.email, otherFocal.password);
      expect((await stranger.get(path)).status).toBe(404);
    });

    it('a facility manager screens with Probity’s proposals, asks in the thread and decides on the page', async () => {
      const submittedRequest = await submitted(focal);
      const path = `/assistance/requests/${submittedRequest.id}`;
      const visitor = new Visitor(t);
      await visitor.login(manager.email, manager.password);
      const page = await visitor.get(`${path}?lang=ru`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`action="${path}/moves/screen"`);
      expect(page.text).toContain(translate('ru', 'assistance:rules.partner_country'));
      expect(await visitor.post(`${path}/moves/screen`, { _csrf: Visitor.csrf(page.text) })).toMatchObject({ status: 303 });

      const screening = await visitor.get(path);
      expect(screening.text).toContain(`action="${path}/screening"`);
      expect(
        await visitor.post(`${path}/screening`, {
          _csrf: Visitor.csrf(screening.text),
          partner_country_met: 'yes',
          partner_country_note: 'GE',
          topic_in_scope_met: 'yes',
          dates_feasible_met: '',
          no_duplicate_met: 'no',
          no_duplicate_note: 'Ask',
        }),
      ).toMatchObject({ status: 303 });
      const judged = (await api('get', `/requests/${submittedRequest.id}`, manager).expect(200)).body as Request;
      expect(judged.screening.partner_country).toMatchObject({ met: true, note: 'GE' });
      expect(judged.screening.no_duplicate).toMatchObject({ met: false });
      expect(judged.screening.dates_feasible).toBeNull();

      const asked = await visitor.post(`${path}/comments`, { _csrf: Visitor.csrf(screening.text), body: 'Вопрос менеджера' });
      expect(asked.status).toBe(303);
      expect((await visitor.get(path)).text).toContain('Вопрос менеджера');

      const noReason = await visitor.post(`${path}/moves/reject`, { _csrf: Visitor.csrf(screening.text), reason: '' });
      expect(noReason.status).toBe(303);
      expect((await api('get', `/requests/${submittedRequest.id}`, manager).expect(200)).body.status).toBe('screening');
      const approved = await visitor.post(`${path}/moves/approve`, { _csrf: Visitor.csrf(screening.text), reason: 'Fits the plan' });
      expect(approved.status).toBe(303);
      const decided = (await api('get', `/requests/${submittedRequest.id}`, focal).expect(200)).body as Request;
      expect(decided).toMatchObject({ status: 'approved', decisionReason: 'Fits the plan' });
      // The learner has no such pages.
      const pupil = new Visitor(t);
      await pupil.login(learner.email, learner.password);
      expect((await pupil.get(path)).status).toBe(403);
    });
  });
});
