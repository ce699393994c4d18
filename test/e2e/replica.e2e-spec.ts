import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type * as NestCommon from '@nestjs/common';
import { Client } from 'pg';
import type * as Factories from '../factories';
import type * as Support from '../support/test-app';
import { Visitor } from '../support/visitor';

/**
 * Reads from a streaming replica (PROBITY_DATABASE_REPLICA_URL, docs/adr/0011-reads-from-a-replica.md). The "replica"
 * is a copy of this file's database made after seeding (CREATE DATABASE … TEMPLATE); a course title and a holder's
 * name are then changed in the copy only, so an answer that shows them came from the replica. Certificates issued
 * and revoked after the copy exist only on the primary, as they would within a real replica's lag.
 */

/**
 * ConfigModule validates the environment once per module graph (when AppModule is imported): an app with another
 * PROBITY_DATABASE_REPLICA_URL needs a graph of its own, and the factories must come from that graph (they look
 * services up by class).
 */
function freshGraph(): { support: typeof Support; factories: typeof Factories } {
  jest.resetModules();
  /* eslint-disable @typescript-eslint/no-require-imports */
  return { support: require('../support/test-app') as typeof Support, factories: require('../factories') as typeof Factories };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
const PRIMARY_TITLE = 'Case integrity';
const REPLICA_TITLE = 'Title only the replica has';
const REPLICA_HOLDER = 'Name only the replica has';

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('reads from a streaming replica (PROBITY_DATABASE_REPLICA_URL)', () => {
  // process.env is shared by the test files one Jest worker runs: put back exactly what was there.
  const savedEnv = { ...process.env };
  let primaryUrl: string;
  let replicaUrl: string;
  let academyCode: string;
  let versionId: string;
  let lessonId: string;
  let cohortId: string;
  let admin: { email: string; password: string };
  let learners: { id: string; email: string; password: string }[];
  /** Issued before the copy: [shown with the replica's holder name, revoked after the copy, untouched]. */
  let codes: string[];
  let certificateIds: string[];

  beforeAll(async () => {
    const { support, factories } = freshGraph();
    const t = await support.createTestApp();
    primaryUrl = t.databaseUrl;
    try {
      const academy = await factories.academyFactory(t.app);
      academyCode = academy.code;
      const adminUser = await factories.userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id });
      admin = adminUser;
      const version = await factories.versionFactory(t.app, adminUser, { lessons: 1 });
      versionId = version.versionId;
      lessonId = version.lessonIds[0];
      const token = await factories.tokenFor(t.http, adminUser);
      const trainer = await factories.userFactory(t.app, { roles: ['trainer'], academyId: academy.id });
      cohortId = (
        await t
          .http()
          .post('/api/v1/cohorts')
          .set(...bearer(token))
          .send({
            courseVersionId: versionId,
            name: 'Replica cohort',
            locale: 'en',
            startsOn: '2026-10-01',
            endsOn: '2026-11-15',
            trainerIds: [trainer.id],
            completion: { minAttendancePercent: 0, requireAllLessons: true },
          })
          .expect(201)
      ).body.id;
      learners = [];
      for (let i = 1; i <= 4; i++) learners.push(await factories.userFactory(t.app, { academyId: academy.id, fullName: `Learner ${i}` }));
      await t
        .http()
        .post(`/api/v1/cohorts/${cohortId}/enrolments`)
        .set(...bearer(token))
        .send({ userIds: learners.map((l) => l.id) })
        .expect(201);
      // Three finish before the copy; the fourth finishes (and is certified) after it, on the primary only.
      for (const learner of learners.slice(0, 3))
        await t
          .http()
          .post(`/api/v1/cohorts/${cohortId}/lessons/${lessonId}/complete`)
          .set(...bearer(await factories.tokenFor(t.http, learner)))
          .expect(200);
      const { jobId } = (
        await t
          .http()
          .post(`/api/v1/cohorts/${cohortId}/certificates`)
          .set(...bearer(token))
          .send({})
          .expect(202)
      ).body;
      const issued = (await factories.runCertificateJob(t.app, jobId)).issued;
      expect(issued).toHaveLength(3);
      const byHolder = learners.slice(0, 3).map((l) => issued.find((c) => c.userId === l.id)!);
      codes = byHolder.map((c) => c.code);
      certificateIds = byHolder.map((c) => c.certificateId);
      // Without the setting there is no replica, and readiness says so.
      expect((await t.http().get('/health/ready').expect(200)).body).toMatchObject({ status: 'ok', replica: null });
    } finally {
      // CREATE DATABASE … TEMPLATE needs the source without connections.
      await t.close();
    }

    replicaUrl = withDatabase(primaryUrl, `${new URL(primaryUrl).pathname.slice(1)}_r${randomBytes(2).toString('hex')}`);
    const server = new Client({ connectionString: process.env.PROBITY_TEST_SERVER_URL });
    await server.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await server.query(`CREATE DATABASE ${new URL(replicaUrl).pathname.slice(1)} TEMPLATE ${new URL(primaryUrl).pathname.slice(1)}`);
          break;
        } catch (error) {
          // A closed pool's connections may take a moment to end on the server side.
          if (attempt >= 50 || !/being accessed by other users/.test(String(error))) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    } finally {
      await server.end();
    }
    // Only the copy changes (the triggers that freeze certificates and versions are skipped for this session).
    await sql(
      replicaUrl,
      `SET session_replication_role = replica;
       UPDATE course_versions SET snapshot = jsonb_set(snapshot, '{course,title,en}', '"${REPLICA_TITLE}"') WHERE id = '${versionId}';
       UPDATE certificates SET record = jsonb_set(record, '{holder,name}', '"${REPLICA_HOLDER}"') WHERE code = '${codes[0]}';`,
    );
  });

  afterAll(() => {
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  });

  describe('with the replica up', () => {
    let t: Support.TestApp;
    let factories: typeof Factories;
    let adminToken: string;

    beforeAll(async () => {
      const graph = freshGraph();
      factories = graph.factories;
      t = await graph.support.createTestApp({ databaseUrl: primaryUrl, env: { PROBITY_DATABASE_REPLICA_URL: replicaUrl } });
      adminToken = await factories.tokenFor(t.http, admin);
    });
    afterAll(() => t?.close());

    it('serves the public catalogue and the learner catalogue page from the replica', async () => {
      const [onPrimary] = await sql<{ title: string }>(
        primaryUrl,
        `SELECT snapshot->'course'->'title'->>'en' AS title FROM course_versions WHERE id = $1`,
        [versionId],
      );
      expect(onPrimary.title).toBe(PRIMARY_TITLE);
      const catalog = (await t.http().get(`/api/v1/catalog?academy=${academyCode}&lang=en`).expect(200)).body;
      expect(catalog.items.filter((i: { versionId: string }) => i.versionId === versionId).map((i: { title: string }) => i.title)).toEqual([
        REPLICA_TITLE,
      ]);
      const visitor = new Visitor(t);
      await visitor.login(learners[0].email, learners[0].password);
      const page = await visitor.get('/catalog?lang=en');
      expect(page.status).toBe(200);
      expect(page.text).toContain(REPLICA_TITLE);
      expect(page.text).not.toContain(PRIMARY_TITLE);
    });

    it('verifies from the replica: the record as the replica has it (so its signature no longer matches)', async () => {
      const verified = (await t.http().get(`/api/v1/verify/${codes[0]}?lang=en`).expect(200)).body;
      expect(verified).toMatchObject({ status: 'valid', holderName: REPLICA_HOLDER, signatureValid: false });
      const page = await t.http().get(`/verify/${codes[0]}?lang=en`).expect(200);
      expect(page.text).toContain(REPLICA_HOLDER);
      // An untouched certificate verifies from the replica as it was signed.
      expect((await t.http().get(`/api/v1/verify/${codes[2]}`).expect(200)).body).toMatchObject({
        status: 'valid',
        holderName: 'Learner 3',
        signatureValid: true,
      });
    });

    it('verifies a certificate issued after the copy (unknown to the replica) from the primary; writes go to the primary', async () => {
      await t
        .http()
        .post(`/api/v1/cohorts/${cohortId}/lessons/${lessonId}/complete`)
        .set(...bearer(await factories.tokenFor(t.http, learners[3])))
        .expect(200);
      const { jobId } = (
        await t
          .http()
          .post(`/api/v1/cohorts/${cohortId}/certificates`)
          .set(...bearer(adminToken))
          .send({})
          .expect(202)
      ).body;
      const [fresh] = (await factories.runCertificateJob(t.app, jobId)).issued;
      expect(fresh.userId).toBe(learners[3].id);
      expect(await sql(primaryUrl, 'SELECT 1 FROM certificates WHERE code = $1', [fresh.code])).toHaveLength(1);
      expect(await sql(replicaUrl, 'SELECT 1 FROM certificates WHERE code = $1', [fresh.code])).toHaveLength(0);
      expect((await t.http().get(`/api/v1/verify/${fresh.code}`).expect(200)).body).toMatchObject({
        status: 'valid',
        holderName: 'Learner 4',
        signatureValid: true,
      });
      expect((await t.http().get(`/verify/${fresh.code}?lang=en`).expect(200)).text).toContain('Learner 4');
      // A code that neither has is unknown.
      await t.http().get('/api/v1/verify/ZZZZ-ZZZZ-ZZZZ').expect(404);
      await t.http().get('/verify/ZZZZ-ZZZZ-ZZZZ?lang=en').expect(404);
      // Verification's per-address counter is a write: it is on the primary, and the replica has none of this run's.
      const counted = `SELECT coalesce(sum(count), 0)::int AS n FROM rate_limits WHERE key LIKE 'verify:%'`;
      expect((await sql<{ n: number }>(primaryUrl, counted))[0].n).toBeGreaterThanOrEqual(6);
      expect((await sql<{ n: number }>(replicaUrl, counted))[0].n).toBe(0);
    });

    it('shows a revocation made on the primary at once, though the replica still has the certificate valid', async () => {
      const reason = 'Issued in error: the final session was missed';
      await t
        .http()
        .post(`/api/v1/certificates/${certificateIds[1]}/revoke`)
        .set(...bearer(adminToken))
        .send({ reason })
        .expect(200);
      const [onReplica] = await sql<{ revoked_at: Date | null }>(replicaUrl, 'SELECT revoked_at FROM certificates WHERE code = $1', [
        codes[1],
      ]);
      expect(onReplica.revoked_at).toBeNull();
      const verified = (await t.http().get(`/api/v1/verify/${codes[1]}`).expect(200)).body;
      expect(verified).toMatchObject({ status: 'revoked', reason, holderName: 'Learner 2', signatureValid: true });
      expect(verified.revokedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const page = await t.http().get(`/verify/${codes[1]}?lang=en`).expect(200);
      expect(page.text).toContain('is-revoked');
      expect(page.text).toContain(reason);
    });

    it('reports the replica on /health/ready', async () => {
      expect((await t.http().get('/health/ready').expect(200)).body).toMatchObject({ status: 'ok', db: 'up', replica: 'up' });
    });
  });

  describe('with the replica unreachable (a closed port)', () => {
    let t: Support.TestApp;
    const warnings: string[] = [];

    beforeAll(async () => {
      const graph = freshGraph();
      const url = `postgres://postgres@127.0.0.1:${await closedPort()}/probity`;
      t = await graph.support.createTestApp({ databaseUrl: primaryUrl, env: { PROBITY_DATABASE_REPLICA_URL: url } });
      // The Logger of this app's module graph (loaded by createTestApp).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Logger } = require('@nestjs/common') as typeof NestCommon;
      jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    });
    afterAll(async () => {
      jest.restoreAllMocks();
      await t?.close();
    });

    it('answers the catalogue and verification from the primary, 200, and warns once with the error as text', async () => {
      for (let round = 0; round < 3; round++) {
        const catalog = (await t.http().get(`/api/v1/catalog?academy=${academyCode}&lang=en`).expect(200)).body;
        expect(catalog.items.find((i: { versionId: string }) => i.versionId === versionId)?.title).toBe(PRIMARY_TITLE);
        expect((await t.http().get(`/api/v1/verify/${codes[0]}`).expect(200)).body).toMatchObject({
          status: 'valid',
          holderName: 'Learner 1',
          signatureValid: true,
        });
      }
      expect((await t.http().get(`/api/v1/verify/${codes[1]}`).expect(200)).body).toMatchObject({ status: 'revoked' });
      expect((await t.http().get(`/verify/${codes[0]}?lang=en`).expect(200)).text).toContain('Learner 1');
      const visitor = new Visitor(t);
      await visitor.login(learners[0].email, learners[0].password);
      const page = await visitor.get('/catalog?lang=en');
      expect([page.status, page.text.includes(PRIMARY_TITLE)]).toEqual([200, true]);
      const replicaWarnings = warnings.filter((w) => w.includes('read replica'));
      expect(replicaWarnings).toHaveLength(1);
      expect(replicaWarnings[0]).toMatch(/ECONNREFUSED/);
      expect(replicaWarnings[0]).not.toContain('[object Object]');
    });

    it('stays ready on /health/ready, reporting the replica down', async () => {
      expect((await t.http().get('/health/ready').expect(200)).body).toMatchObject({ status: 'ok', db: 'up', replica: 'down' });
      expect(warnings.filter((w) => w.includes('read replica'))).toHaveLength(1);
    });
  });
});
