import { type Server, type Socket, createServer, connect } from 'node:net';
import { Readiness } from '@probity/database';
import type * as Factory from '../../apps/server/src/app.factory';
import { tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp, createTestDatabase } from '../support/test-app';

/**
 * A TCP relay between the app and PostgreSQL, so that a test can take the database away and bring it back
 * as an outage would: `down()` closes every connection and refuses new ones; `hang()` accepts connections and
 * never answers (a pool that waits for a connection); `up()` relays again.
 */
class Relay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private mode: 'up' | 'hang' = 'up';
  port = 0;

  constructor(
    private readonly host: string,
    private readonly target: number,
  ) {}

  async up(): Promise<void> {
    this.mode = 'up';
    if (this.server) return;
    const server = createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => undefined);
      if (this.mode === 'hang') return;
      const upstream = connect(this.target, this.host);
      this.sockets.add(upstream);
      upstream.on('close', () => {
        this.sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** PostgreSQL is gone: open connections break, new ones are refused. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** PostgreSQL accepts connections but never answers them. */
  async hang(): Promise<void> {
    await this.down();
    await this.up();
    this.mode = 'hang';
  }
}

describe('resilience: health for load balancers, 503 while the database is away, drain on SIGTERM', () => {
  let t: TestApp;
  let relay: Relay;
  let token: string;
  let closed = false;

  beforeAll(async () => {
    const real = new URL(await createTestDatabase());
    relay = new Relay(real.hostname, Number(real.port || 5432));
    await relay.up();
    const relayed = new URL(real.toString());
    relayed.hostname = '127.0.0.1';
    relayed.port = String(relay.port);
    t = await createTestApp({
      listen: true,
      env: { DATABASE_URL: relayed.toString(), PROBITY_DB_CONNECT_TIMEOUT_MS: '1500', PROBITY_DRAIN_MS: '0' },
    });
    token = await tokenFor(t.http, await userFactory(t.app, { roles: ['platform_admin'] }));
  });
  afterAll(async () => {
    await relay.up();
    await t.db.end();
    if (!closed) await t.app.close();
    await relay.down();
  });

  it('answers /health/live and /health/ready, and keeps /health as it was', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body).toEqual({
      status: 'ok',
      db: 'up',
      migrations: 'applied',
      queue: 'up',
      draining: false,
      workers: { alive: 0, draining: 0 },
      replica: null,
    });
    await t.http().get('/health').expect(200, { status: 'ok', db: 'up' });
  });

  it('answers 503 with Retry-After in the caller’s language while PostgreSQL is unreachable, and recovers by itself', async () => {
    await relay.down();
    try {
      const en = await t.http().get('/api/v1/me').set('authorization', `Bearer ${token}`).set('accept-language', 'en');
      expect(en.status).toBe(503);
      expect(en.headers['retry-after']).toBe('5');
      expect(en.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'service_unavailable' });
      expect(en.body.message).toContain('cannot reach its database');

      const ka = await t.http().post('/api/v1/auth/login?lang=ka').send({ email: 'someone@example.test', password: 'whatever-it-is' });
      expect(ka.status).toBe(503);
      expect(ka.headers['retry-after']).toBe('5');
      expect(ka.body.message).toMatch(/[\u10D0-\u10FF]/);

      // A page: the same status and a localised page.
      const page = await t.http().get('/dashboard?lang=ru').set('cookie', 'probity_session=abcdefghijklmnopqrstuvwxyz012345');
      expect(page.status).toBe(503);
      expect(page.headers['retry-after']).toBe('5');
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain('не может связаться со своей базой данных');

      await t.http().get('/health/live').expect(200);
      const ready = await t.http().get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 'error', db: 'down' });
    } finally {
      await relay.up();
    }
    await t.http().get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
    await t.http().get('/health/ready').expect(200);
  });

  it('answers 503 when no connection comes within the pool’s acquisition timeout', async () => {
    await relay.hang();
    try {
      const started = Date.now();
      const res = await t.http().get('/api/v1/me').set('authorization', `Bearer ${token}`).set('accept-language', 'uk');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.message).toContain('базою даних');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await relay.down();
      await relay.up();
    }
    await t.http().get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
  });

  it('on SIGTERM turns not-ready at once, keeps serving for the drain period, then closes', async () => {
    // Loaded after createTestApp set the environment (the module validates it as it loads).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { drainAndClose } = require('../../apps/server/src/app.factory') as typeof Factory;
    const draining = drainAndClose(t.app, 400);
    expect(t.app.get(Readiness).draining).toBe(true);
    const ready = await t.http().get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'error', db: 'up', draining: true });
    await t.http().get('/health/live').expect(200);
    await t.http().get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
    await draining;
    closed = true;
    expect(t.app.getHttpServer().listening).toBe(false);
  });
});
