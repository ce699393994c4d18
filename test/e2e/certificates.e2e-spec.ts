import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, compactVerify, importJWK } from 'jose';
import request from 'supertest';
import {
  BrandingService,
  decodeStatusList,
  isRevoked,
  CertificatesService,
  IssuanceInterrupted,
  IssuanceService,
  VerificationService,
  canonicalJson,
  publicKeyFromJwk,
  verifyDataIntegrity,
  verifyRecord,
} from '@probity/certificates';
import { academyFactory, runCertificateJob, tokenFor, userFactory, versionFactory } from '../factories';
import { ARTIFACTS } from '../support/browser';
import { zonedDate } from '@probity/i18n';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const run = promisify(execFile);
import type * as Factory from '../../apps/server/src/app.factory';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

describe('certificates: issue, sign, verify, revoke', () => {
  let t: TestApp;
  let second: NestFastifyApplication;
  let academyId: string;
  let admin: string;
  let adminUser: Awaited<ReturnType<typeof userFactory>>;
  let version: { versionId: string; lessonIds: string[] };

  beforeAll(async () => {
    t = await createTestApp();
    // A second instance of the server on the same database: two issuers at once.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createApp } = require('../../apps/server/src/app.factory') as typeof Factory;
    // It trusts only a proxy at 10.9.9.9, so its clients here (on loopback) cannot pick their address.
    process.env.PROBITY_TRUSTED_PROXIES = '10.9.9.9';
    second = await createApp({ logger: false });
    delete process.env.PROBITY_TRUSTED_PROXIES;
    await second.init();
    await second.getHttpAdapter().getInstance().ready();
    const academy = await academyFactory(t.app, { code: 'GEC', defaultLocale: 'ka' });
    academyId = academy.id;
    adminUser = await userFactory(t.app, { roles: ['academy_admin'], academyId, fullName: 'Nino Beridze' });
    admin = await tokenFor(t.http, adminUser);
    version = await versionFactory(t.app, adminUser, { lessons: 1 });
  });

  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  /** A cohort whose `completed` learners finished its one lesson (and so completed), `others` did not. */
  async function cohortWith(completed: number, others = 0): Promise<{ id: string; learners: { id: string; token: string }[] }> {
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId });
    const id = (
      await t
        .http()
        .post('/api/v1/cohorts')
        .set(...bearer(admin))
        .send({
          courseVersionId: version.versionId,
          name: `Tbilisi ${Math.random().toString(36).slice(2, 6)}`,
          locale: 'ka',
          startsOn: '2026-10-01',
          endsOn: '2026-11-15',
          trainerIds: [trainer.id],
          completion: { minAttendancePercent: 0, requireAllLessons: true },
        })
        .expect(201)
    ).body.id;
    const learners: { id: string; token: string }[] = [];
    for (let i = 0; i < completed + others; i++) {
      const user = await userFactory(t.app, { roles: ['learner'], academyId, fullName: `ნინო ბერიძე ${i + 1}`, locale: 'ka' });
      learners.push({ id: user.id, token: await tokenFor(t.http, user) });
    }
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/enrolments`)
      .set(...bearer(admin))
      .send({ userIds: learners.map((l) => l.id) })
      .expect(201);
    for (const learner of learners.slice(0, completed))
      await t
        .http()
        .post(`/api/v1/cohorts/${id}/lessons/${version.lessonIds[0]}/complete`)
        .set(...bearer(learner.token))
        .expect(200);
    return { id, learners };
  }

  /** The admin asks for the cohort's certificates (202) and the worker's step runs: what it issued. */
  async function issueAll(cohortId: string) {
    const { jobId } = (
      await t
        .http()
        .post(`/api/v1/cohorts/${cohortId}/certificates`)
        .set(...bearer(admin))
        .send({})
        .expect(202)
    ).body;
    return (await runCertificateJob(t.app, jobId)).issued;
  }

  it('issues one signed certificate per completed learner through a job; a re-run never duplicates', async () => {
    const cohort = await cohortWith(3, 1);
    const { jobId } = (
      await t
        .http()
        .post(`/api/v1/cohorts/${cohort.id}/certificates`)
        .set(...bearer(admin))
        .send({})
        .expect(202)
    ).body;
    expect(
      (
        await t
          .http()
          .get(`/api/v1/jobs/${jobId}`)
          .set(...bearer(admin))
          .expect(200)
      ).body,
    ).toMatchObject({ state: 'queued', progress: { done: 0 } });
    const result = await runCertificateJob(t.app, jobId);
    expect(result.issued).toHaveLength(3);
    const job = (
      await t
        .http()
        .get(`/api/v1/jobs/${jobId}`)
        .set(...bearer(admin))
        .expect(200)
    ).body;
    expect(job).toMatchObject({ state: 'completed', progress: { done: 3, total: 3 } });
    expect(job.result.issued.map((i: { serial: string }) => i.serial)).toEqual(result.issued.map((i) => i.serial));
    for (const issued of result.issued) {
      expect(issued.serial).toMatch(/^GEC-\d{4}-\d{6}$/);
      expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{11}$/);
    }
    // Again: nothing new, everyone already certified.
    const again = (
      await t
        .http()
        .post(`/api/v1/cohorts/${cohort.id}/certificates`)
        .set(...bearer(admin))
        .send({ userIds: cohort.learners.map((l) => l.id) })
        .expect(202)
    ).body;
    const rerun = await runCertificateJob(t.app, again.jobId);
    expect(rerun.issued).toHaveLength(0);
    expect(rerun.skipped.map((s) => s.reason).sort()).toEqual([
      'already_certified',
      'already_certified',
      'already_certified',
      'not_completed',
    ]);
    const count = await t.db.query(`SELECT count(*)::int AS n FROM certificates WHERE cohort_id = $1`, [cohort.id]);
    expect(count.rows[0].n).toBe(3);
    // Trainers and learners cannot start issuance.
    await t
      .http()
      .post(`/api/v1/cohorts/${cohort.id}/certificates`)
      .set(...bearer(cohort.learners[0].token))
      .send({})
      .expect(403);
  });

  it('the job page says what a finished issuance did, in the person’s language, server-rendered: issued now, already certified, not eligible, resumed', async () => {
    // 7 learners completed, 1 did not; 5 of them are certified by a first job.
    const cohort = await cohortWith(7, 1);
    const start = async (userIds: string[]): Promise<string> =>
      (
        await t
          .http()
          .post(`/api/v1/cohorts/${cohort.id}/certificates`)
          .set(...bearer(admin))
          .send({ userIds })
          .expect(202)
      ).body.jobId;
    const first = await start(cohort.learners.slice(0, 5).map((l) => l.id));
    expect((await runCertificateJob(t.app, first)).issued).toHaveLength(5);
    // The second job asks for everyone and one person of the academy outside the cohort. Its first run is stopped
    // after one certificate (a worker stopping between two learners), and a second run resumes it.
    const outsider = await userFactory(t.app, { roles: ['learner'], academyId, fullName: 'Нодира Саидова' });
    const second = await start([...cohort.learners.map((l) => l.id), outsider.id]);
    const stop = new AbortController();
    await expect(
      t.app.get(IssuanceService).runIssuance(
        second,
        () => {
          stop.abort(); // after the first certificate
          return Promise.resolve();
        },
        { signal: stop.signal, final: false },
      ),
    ).rejects.toBeInstanceOf(IssuanceInterrupted);
    const v = new Visitor(t);
    await v.login(adminUser.email, adminUser.password);
    // Interrupted, not yet resumed: the bar, and no summary yet.
    const midway = await v.get(`/jobs/${second}?lang=ru`);
    expect(midway.status).toBe(200);
    expect(midway.text).toContain('Выполнено: 1 из 2');
    expect(midway.text).not.toContain('job-counts');
    const resumed = await runCertificateJob(t.app, second);
    expect(resumed).toMatchObject({ counts: { issuedNow: 1, issuedBefore: 6, notCompleted: 1, notEnrolled: 1 }, resumed: true });
    // The API's answer is the same job, with its counts in the result.
    const api = await t
      .http()
      .get(`/api/v1/jobs/${second}`)
      .set(...bearer(admin))
      .expect(200);
    expect(api.body).toMatchObject({ state: 'completed', progress: { done: 2, total: 2 }, result: { resumed: true } });
    const lines = (html: string): string[] => [...html.matchAll(/<li class="job-[a-z-]+">([^<]*)<\/li>/g)].map((m) => m[1]);
    const ru = await v.get(`/jobs/${second}?lang=ru`);
    expect(ru.text).toContain('<html lang="ru"');
    expect(lines(ru.text)).toEqual([
      'Выдан 1 сертификат.',
      'Пропущено 6 человек: сертификаты уже были выданы раньше.',
      '1 человек не завершил обучение по курсу.',
      '1 человек не числится в этой учебной группе.',
    ]);
    expect(ru.text).toContain('Выдача прерывалась (обработчик остановился), а затем была продолжена.');
    // Who was skipped is named, not shown as an id.
    expect(ru.text).toContain(outsider.fullName);
    expect(ru.text).not.toContain(`>${outsider.id}<`);
    expect(ru.text).not.toContain('<noscript><meta http-equiv="refresh"');
    const uk = await v.get(`/jobs/${second}?lang=uk`);
    expect(lines(uk.text)).toEqual([
      'Видано 1 сертифікат.',
      'Пропущено 6 осіб: сертифікати вже було видано раніше.',
      '1 особа не завершила навчання за курсом.',
      '1 особа не входить до цієї навчальної групи.',
    ]);
    const ur = await v.get(`/jobs/${second}?lang=ur`);
    expect(ur.text).toContain('<html lang="ur" dir="rtl">');
    expect(lines(ur.text)).toContain('6 افراد کے پاس پہلے سے سرٹیفکیٹ تھا، اس لیے انہیں چھوڑ دیا گیا۔');
    // The first job ran once: five issued now, nobody skipped, no word of an interruption; in Georgian.
    const ka = await v.get(`/jobs/${first}?lang=ka`);
    expect(lines(ka.text)).toEqual(['გაიცა 5 სერტიფიკატი.']);
    expect(ka.text).not.toContain('job-resumed');
  });

  it('keeps serials unique and gap-free when two server instances issue at the same time', async () => {
    const a = await cohortWith(12);
    const b = await cohortWith(12);
    const start = async (app: NestFastifyApplication, cohortId: string) =>
      (
        await request(app.getHttpServer())
          .post(`/api/v1/cohorts/${cohortId}/certificates`)
          .set(...bearer(admin))
          .send({})
          .expect(202)
      ).body.jobId as string;
    const [jobA, jobB] = await Promise.all([start(t.app, a.id), start(second, b.id)]);
    const [ra, rb] = await Promise.all([runCertificateJob(t.app, jobA), runCertificateJob(second, jobB)]);
    expect(ra.issued.length + rb.issued.length).toBe(24);
    const year = new Date().getUTCFullYear();
    const serials = (
      await t.db.query<{ serial: string }>(`SELECT serial FROM certificates WHERE academy_id = $1 AND serial LIKE $2 ORDER BY serial`, [
        academyId,
        `GEC-${year}-%`,
      ])
    ).rows.map((r) => Number(r.serial.slice(-6)));
    expect(serials).toEqual(serials.map((_, i) => i + 1)); // 1..n, no gap, no duplicate
    const indexes = (
      await t.db.query<{ i: number }>(`SELECT status_index AS i FROM certificates WHERE academy_id = $1 ORDER BY 1`, [academyId])
    ).rows.map((r) => r.i);
    expect(indexes).toEqual(indexes.map((_, i) => i));
  });

  it('verifies by code: the whole record, a valid signature; a tampered record fails; unknown codes 404', async () => {
    const cohort = await cohortWith(1);
    const [issued] = await issueAll(cohort.id);
    const lower = `${issued.code.slice(0, 4).toLowerCase()}-${issued.code.slice(4)}`;
    const verified = (await t.http().get(`/api/v1/verify/${lower}`).set('accept-language', 'en').expect(200)).body;
    expect(verified).toMatchObject({
      status: 'valid',
      serial: issued.serial,
      holderName: 'ნინო ბერიძე 1',
      course: { title: 'Case integrity' },
      academy: { country: expect.any(String) },
      signatureValid: true,
    });
    expect(verified.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(verified.course.titles).toEqual({ en: 'Case integrity', ka: 'საქმის მთლიანობა' });
    // Public verification shows what the certificate shows: no internal ids, no record, and no result
    // percentage unless the academy prints it.
    const { rows: ids } = await t.db.query<{ user_id: string; cohort_id: string; id: string; issuer: string }>(
      `SELECT user_id, cohort_id, id, record->'issuer'->>'id' AS issuer FROM certificates WHERE code = $1`,
      [issued.code],
    );
    for (const id of Object.values(ids[0])) expect(JSON.stringify(verified)).not.toContain(id);
    expect(verified).not.toHaveProperty('record');
    expect(verified.result).toEqual({ attendancePercent: expect.any(Number) });
    const page = await t.http().get(`/verify/${issued.code}`).expect(200);
    for (const id of Object.values(ids[0])) expect(page.text).not.toContain(id);
    // An academy that prints the result shows it on verification too.
    await t.app.get(BrandingService).save({ ...adminUser, locale: 'en', timeZone: 'UTC' } as never, academyId, { printResult: true });
    const printed = (await t.http().get(`/api/v1/verify/${issued.code}`).expect(200)).body;
    expect(printed.result).toHaveProperty('percent'); // null here: this course has no test
    await t.app.get(BrandingService).save({ ...adminUser, locale: 'en', timeZone: 'UTC' } as never, academyId, { printResult: false });
    // The holder's and the academy's own copy carries the signed record and its signature.
    const own = (await t.http().get(`/api/v1/certificates?cohortId=${cohort.id}`).set('authorization', `Bearer ${admin}`).expect(200)).body;
    const mine = (Array.isArray(own) ? own : own.items).find((c: { code: string }) => c.code === issued.code);
    Object.assign(verified, { record: mine.record, signature: mine.signature });
    expect(verified.record.course.title).toEqual({ en: 'Case integrity', ka: 'საქმის მთლიანობა' });
    // The signature covers the canonical record: checked here with the published key.
    const jwks = (await t.http().get('/.well-known/jwks.json').expect(200)).body;
    const jwk = jwks.keys.find((k: { kid: string }) => k.kid === verified.kid);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: expect.stringMatching(/^GEC-/) });
    expect(verifyRecord(publicKeyFromJwk(jwk), verified.record, verified.signature)).toBe(true);
    expect(
      verifyRecord(
        publicKeyFromJwk(jwk),
        { ...verified.record, holder: { ...verified.record.holder, name: 'Someone Else' } },
        verified.signature,
      ),
    ).toBe(false);
    expect(canonicalJson(verified.record)).not.toContain('\n');
    // Tampering with the stored record (a superuser bypassing the trigger) shows as an invalid signature.
    await t.db.query(`ALTER TABLE certificates DISABLE TRIGGER certificates_frozen`);
    await t.db.query(`UPDATE certificates SET record = jsonb_set(record, '{course,hours}', '999') WHERE code = $1`, [issued.code]);
    await t.db.query(`ALTER TABLE certificates ENABLE TRIGGER certificates_frozen`);
    expect((await t.http().get(`/api/v1/verify/${issued.code}`).expect(200)).body).toMatchObject({ signatureValid: false });
    // The trigger refuses edits and deletion otherwise.
    await expect(t.db.query(`UPDATE certificates SET serial = 'X' WHERE code = $1`, [issued.code])).rejects.toThrow(/frozen/);
    await expect(t.db.query(`DELETE FROM certificates WHERE code = $1`, [issued.code])).rejects.toThrow(/never deleted/);
    const unknown = await t.http().get('/api/v1/verify/7KQ4M9XT2CJ').set('accept-language', 'ru').expect(404);
    expect(unknown.body.message).toMatch(/[а-яё]/i);
  });

  it('gives the holder an Open Badges 3.0 credential as a VC-JWT that jose verifies with the JWKS, and as Data Integrity JSON', async () => {
    const cohort = await cohortWith(1);
    const [issued] = await issueAll(cohort.id);
    const holder = cohort.learners[0];
    const { jwt, credential } = (
      await t
        .http()
        .get(`/api/v1/certificates/${issued.certificateId}/credential`)
        .set(...bearer(holder.token))
        .expect(200)
    ).body;
    const jwks = createLocalJWKSet((await t.http().get('/.well-known/jwks.json').expect(200)).body);
    const { payload, protectedHeader } = await jwtVerify(jwt, jwks);
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'JWT', kid: expect.stringMatching(/^GEC-/) });
    expect(payload).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      jti: `urn:uuid:${issued.certificateId}`,
      sub: `urn:uuid:${holder.id}`,
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
    });
    expect(payload.iss).toBe((payload.issuer as { id: string }).id);
    // A forged token (another key under the academy's kid) is refused.
    const { generateKeyPair } = await import('jose');
    const forger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: protectedHeader.kid })
      .sign(forger.privateKey);
    await expect(jwtVerify(forged, jwks)).rejects.toThrow();
    const [h, , s] = jwt.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...payload, name: 'Another course' })).toString('base64url');
    await expect(jwtVerify(`${h}.${tampered}.${s}`, jwks)).rejects.toThrow();
    // The Data Integrity form, checked with keys served by Probity's own key documents.
    expect(credential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    const resolveKey = async (url: string) => {
      const path = new URL(url).pathname;
      const answer = await t.http().get(path);
      return answer.status === 200 ? answer.body : null;
    };
    expect((await verifyDataIntegrity(credential, resolveKey)).verified).toBe(true);
    expect((await verifyDataIntegrity({ ...credential, name: 'Another course' }, resolveKey)).verified).toBe(false);
    // The same again: the credential is kept, not signed anew.
    const later = (
      await t
        .http()
        .get(`/api/v1/certificates/${issued.certificateId}/credential`)
        .set(...bearer(admin))
        .expect(200)
    ).body;
    expect(later.jwt).toBe(jwt);
    // Another learner cannot read it.
    const stranger = await userFactory(t.app, { roles: ['learner'], academyId });
    await t
      .http()
      .get(`/api/v1/certificates/${issued.certificateId}/credential`)
      .set(...bearer(await tokenFor(t.http, stranger)))
      .expect(404);
    // The QR token in the PDF's link verifies with the same key.
    const token = await t.app
      .get(CertificatesService)
      .qrToken(await t.app.get(CertificatesService).get({ ...adminUser, locale: 'en' }, issued.certificateId));
    const header = decodeProtectedHeader(token);
    const jwk = (await t.http().get('/.well-known/jwks.json').expect(200)).body.keys.find((k: { kid: string }) => k.kid === header.kid);
    const checked = await compactVerify(token, await importJWK(jwk, 'EdDSA'));
    expect(JSON.parse(new TextDecoder().decode(checked.payload))).toMatchObject({ c: issued.code, s: issued.serial, n: 'ნინო ბერიძე 1' });
  });

  it('revokes with a reason (academy admins only): verification, the revocation list and the signed status list show it', async () => {
    const cohort = await cohortWith(2);
    const [issued, kept] = await issueAll(cohort.id);
    await t
      .http()
      .post(`/api/v1/certificates/${issued.certificateId}/revoke`)
      .set(...bearer(cohort.learners[0].token))
      .send({ reason: 'mine' })
      .expect(403);
    await t
      .http()
      .post(`/api/v1/certificates/${issued.certificateId}/revoke`)
      .set(...bearer(admin))
      .send({})
      .expect(400);
    const revoked = (
      await t
        .http()
        .post(`/api/v1/certificates/${issued.certificateId}/revoke`)
        .set(...bearer(admin))
        .send({ reason: 'Issued in error: the final session was missed' })
        .expect(200)
    ).body;
    expect(revoked).toMatchObject({ status: 'revoked', reason: 'Issued in error: the final session was missed' });
    await t
      .http()
      .post(`/api/v1/certificates/${issued.certificateId}/revoke`)
      .set(...bearer(admin))
      .send({ reason: 'again' })
      .expect(409);
    const verified = (await t.http().get(`/api/v1/verify/${issued.code}`).expect(200)).body;
    expect(verified).toMatchObject({ status: 'revoked', reason: 'Issued in error: the final session was missed', signatureValid: true });
    expect(verified.revokedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const list = (await t.http().get('/api/v1/academies/GEC/revocations').expect(200)).body;
    expect(list.items.map((i: { serial: string }) => i.serial)).toEqual([issued.serial]);
    // The signed status list has the revoked one's bit set, the other's not.
    const status = (await t.http().get('/status/GEC').expect(200)).body;
    const [one, two] = await t.db
      .query<{ status_index: number }>(`SELECT status_index FROM certificates WHERE id = ANY($1) ORDER BY serial`, [
        [issued.certificateId, kept.certificateId],
      ])
      .then((r) => r.rows.map((x) => x.status_index));
    const bits = decodeStatusList(status.credentialSubject.encodedList);
    expect(isRevoked(bits, one)).toBe(true);
    expect(isRevoked(bits, two)).toBe(false);
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'certificate.revoked' AND entity_id = $1`, [
      issued.certificateId,
    ]);
    expect(audit.rows[0].n).toBe(1);
  });

  it('rotates the academy’s signing key: old certificates still verify with the retired key, new ones use the new key', async () => {
    const before = await cohortWith(1);
    const [first] = await issueAll(before.id);
    const oldKid = (await t.http().get(`/api/v1/verify/${first.code}`).expect(200)).body.kid;
    await t
      .http()
      .post(`/api/v1/academies/${academyId}/signing-key/rotate`)
      .set(...bearer(before.learners[0].token))
      .expect(403);
    const { kid } = (
      await t
        .http()
        .post(`/api/v1/academies/${academyId}/signing-key/rotate`)
        .set(...bearer(admin))
        .expect(200)
    ).body;
    expect(kid).not.toBe(oldKid);
    const after = await cohortWith(1);
    const [second] = await issueAll(after.id);
    expect((await t.http().get(`/api/v1/verify/${first.code}`).expect(200)).body).toMatchObject({ kid: oldKid, signatureValid: true });
    expect((await t.http().get(`/api/v1/verify/${second.code}`).expect(200)).body).toMatchObject({ kid, signatureValid: true });
    const kids = (await t.http().get('/.well-known/jwks.json').expect(200)).body.keys.map((k: { kid: string }) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([oldKid, kid]));
  });

  it('limits verification per address (60 a minute) with a 429 in the caller’s language', async () => {
    await t.db.query('DELETE FROM rate_limits');
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await t.http().get('/api/v1/verify/7KQ4M9XT2CJ').set('accept-language', 'uk')).status);
    expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
    const limited = await t.http().get('/api/v1/verify/7KQ4M9XT2CJ').set('accept-language', 'uk').expect(429);
    expect(limited.body.message).toMatch(/[а-яіїєґ]/i);
    await t.db.query('DELETE FROM rate_limits');
  });

  it('counts verifications per IPv4 address or IPv6 /64, and refuses emblems that are too large before decoding them', async () => {
    expect(VerificationService.addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(VerificationService.addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(VerificationService.addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(VerificationService.addressKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(VerificationService.addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    // A client's own X-Forwarded-For is not believed where it does not come from a configured proxy.
    await t.db.query('DELETE FROM rate_limits');
    const other = () => request(second.getHttpServer());
    for (let i = 0; i < 60; i++) await other().get('/api/v1/verify/7KQ4M9XT2CJ').set('x-forwarded-for', `198.51.100.${i}`);
    await other().get('/api/v1/verify/7KQ4M9XT2CJ').set('x-forwarded-for', '198.51.100.200').expect(429);
    await t.db.query('DELETE FROM rate_limits');
    // A tiny PNG that declares an 8000 x 8000 image is refused from its header.
    const header = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
    header.writeUInt32BE(13, 8);
    header.write('IHDR', 12, 'ascii');
    header.writeUInt32BE(8000, 16);
    header.writeUInt32BE(8000, 20);
    await expect(t.app.get(BrandingService).save({ ...adminUser, locale: 'en' }, academyId, { emblem: header })).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      t.app.get(BrandingService).save({ ...adminUser, locale: 'en' }, academyId, { emblem: Buffer.alloc(600 * 1024, 1) }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('dates certificates in the academy’s time zone, which its admins set (and no one else)', async () => {
    const learner = await userFactory(t.app, { roles: ['learner'], academyId, locale: 'uk' });
    await t
      .http()
      .put(`/api/v1/academies/${academyId}/settings`)
      .set(...bearer(await tokenFor(t.http, learner)))
      .send({ timeZone: 'Asia/Tbilisi' })
      .expect(403);
    const bad = await t
      .http()
      .put(`/api/v1/academies/${academyId}/settings`)
      .set(...bearer(admin))
      .set('accept-language', 'ka')
      .send({ timeZone: 'Mars/Olympus' })
      .expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'timeZone' });
    expect(
      (
        await t
          .http()
          .put(`/api/v1/academies/${academyId}/settings`)
          .set(...bearer(admin))
          .send({ timeZone: 'Pacific/Kiritimati' })
          .expect(200)
      ).body,
    ).toMatchObject({
      timeZone: 'Pacific/Kiritimati',
    });
    const cohort = await cohortWith(1);
    const [issued] = await issueAll(cohort.id);
    const verified = (await t.http().get(`/api/v1/verify/${issued.code}`).expect(200)).body;
    // UTC+14: the certificate's date is the academy's, which can differ from the UTC date.
    expect(verified.issuedOn).toBe(zonedDate(new Date(), 'Pacific/Kiritimati'));
    expect(issued.serial.slice(4, 8)).toBe(zonedDate(new Date(), 'Pacific/Kiritimati').slice(0, 4));
    await t
      .http()
      .put(`/api/v1/academies/${academyId}/settings`)
      .set(...bearer(admin))
      .send({ timeZone: 'UTC' })
      .expect(200);
  });

  it('serves the PDF to the holder in their language, in any of the six on request, and bilingual', async () => {
    const cohort = await cohortWith(1);
    const [issued] = await issueAll(cohort.id);
    const get = (lang?: string) =>
      t
        .http()
        .get(`/api/v1/certificates/${issued.certificateId}/pdf${lang ? `?lang=${lang}` : ''}`)
        .set(...bearer(cohort.learners[0].token))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
    const kept = await get().expect(200);
    expect(kept.headers['content-type']).toBe('application/pdf');
    expect((kept.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(kept.headers['content-disposition']).toContain(`${issued.serial}-ka.pdf`);
    for (const lang of ['en', 'ru', 'uk', 'ur', 'sw', 'bilingual']) {
      const answer = await get(lang).expect(200);
      expect((answer.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    }
    const files = await t.db.query(`SELECT variant FROM certificate_files WHERE certificate_id = $1`, [issued.certificateId]);
    expect(files.rows).toEqual([{ variant: 'ka' }]);
    // The issued PDF: Georgian text extracts, and its QR code opens the verify page with the signed facts.
    const dir = join(ARTIFACTS, 'certificates');
    mkdirSync(dir, { recursive: true });
    const pdfFile = join(dir, 'issued-ka.pdf');
    writeFileSync(pdfFile, kept.body as Buffer);
    const text = (await run('pdftotext', [pdfFile, '-'])).stdout;
    expect(text).toContain('ნინო ბერიძე 1');
    expect(text).toContain('საქმის მთლიანობა');
    expect(text).toContain(issued.serial);
    await run('pdftoppm', ['-r', '150', '-png', '-singlefile', pdfFile, join(dir, 'issued-ka')]);
    // zbarimg may also report a stray one-dimensional "barcode" in the border ornaments: only QR symbols count.
    const qr = (await run('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', join(dir, 'issued-ka.png')])).stdout.trim();
    const service = t.app.get(CertificatesService);
    const certificate = await service.get({ ...adminUser, locale: 'en' }, issued.certificateId);
    expect(qr).toBe(service.verifyUrl(issued.code, await service.qrToken(certificate)));
  });
});
