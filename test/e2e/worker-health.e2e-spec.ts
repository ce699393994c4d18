import { WorkerHeartbeat } from '@probity/database';
import { type TestApp, createTestApp } from '../support/test-app';

/** Workers serve no HTTP: their heartbeat rows tell the servers' /health/ready how many are alive. */
describe('worker heartbeats in /health/ready', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const ready = async () => (await t.http().get('/health/ready').expect(200)).body as { status: string; workers: unknown };

  it('counts a worker that beats, says when it drains, forgets it when it stops, and ignores a stale one', async () => {
    expect(await ready()).toMatchObject({ status: 'ok', workers: { alive: 0, draining: 0 } });
    // Two workers of this installation, as each worker process holds one (the server's module provides it too).
    const first = t.app.get(WorkerHeartbeat);
    await first.start();
    expect(await ready()).toMatchObject({ status: 'ok', workers: { alive: 1, draining: 0 } });
    await first.drain();
    expect(await ready()).toMatchObject({ workers: { alive: 1, draining: 1 } });
    // A worker killed with -9 never deletes its row: after a minute without a beat it is not counted.
    await t.db.query(
      `INSERT INTO worker_heartbeats (id, host, pid, seen_at) VALUES ('dead-host:1:x', 'dead-host', 1, now() - interval '2 minutes')`,
    );
    expect(await ready()).toMatchObject({ workers: { alive: 1, draining: 1 } });
    await first.stop();
    expect(await ready()).toMatchObject({ status: 'ok', workers: { alive: 0, draining: 0 } });
  });
});
