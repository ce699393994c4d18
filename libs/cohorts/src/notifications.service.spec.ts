import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { userFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { type Mailer, NotificationsService } from './notifications.service';
import { NotificationRepository } from './repositories/notification.repository';

type Message = Parameters<Mailer>[0];

/** The outbox mailed by several workers at once, on a real database; the mailer is a plain function. */
describe('NotificationsService.sendPending', () => {
  let t: TestApp;
  let notifications: NotificationsService;
  let outbox: NotificationRepository;
  let dataSource: DataSource;
  let userIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    notifications = t.app.get(NotificationsService);
    outbox = t.app.get(NotificationRepository);
    dataSource = t.app.get(DataSource);
    userIds = [];
    for (let i = 0; i < 3; i++) userIds.push((await userFactory(t.app, { roles: ['learner'] })).id);
  });
  afterAll(() => t.close());

  /** Queues `count` messages (as the events do) and answers their cohort names, one per message. */
  async function queue(count: number): Promise<string[]> {
    const run = randomUUID().slice(0, 8);
    const names = Array.from({ length: count }, (_, i) => `Cohort ${run}-${i}`);
    await dataSource.transaction(async (manager) => {
      for (const [i, name] of names.entries())
        await outbox.queue(manager, userIds[i % userIds.length], 'enrolled', `spec:${name}`, { cohortName: name });
    });
    return names;
  }
  const key = (message: Message): string => message.id;
  const row = async (id: string) =>
    (
      await t.db.query<{ sent: boolean; attempts: number; wait: number | null; error: string | null; claimed: boolean }>(
        `SELECT sent_at IS NOT NULL AS sent, attempts, extract(epoch FROM next_attempt_at - now())::float AS wait,
                last_error AS error, coalesce(claimed_until > now(), false) AS claimed
           FROM notifications WHERE id = $1`,
        [id],
      )
    ).rows[0];
  /** Moves the clock of one message forward by `seconds` (its back-off and claim), instead of waiting. */
  const age = (id: string, seconds: number) =>
    t.db.query(
      `UPDATE notifications SET next_attempt_at = next_attempt_at - make_interval(secs => $2),
                                claimed_until = claimed_until - make_interval(secs => $2) WHERE id = $1`,
      [id, seconds],
    );

  it('two senders at the same time over 150 queued messages mail each exactly once', async () => {
    const names = await queue(150);
    const calls = new Map<string, number>();
    const texts = new Map<string, string>();
    // A mail server that takes a little while, so that the two senders overlap.
    const mailer: Mailer = async (message) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      calls.set(key(message), (calls.get(key(message)) ?? 0) + 1);
      texts.set(key(message), message.text);
    };
    const [a, b] = await Promise.all([notifications.sendPending(mailer, 40), notifications.sendPending(mailer, 40)]);
    // Whatever is left after the first round goes out in later rounds, as the worker runs every minute.
    let rounds = 0;
    while ((await notifications.sendPending(mailer, 40)).sent > 0) rounds++;
    const mine = [...calls].filter(([id]) => names.some((name) => texts.get(id)?.includes(name)));
    const total = mine.reduce((sum, [, n]) => sum + n, 0);
    console.log(`two senders: ${total} e-mails for ${names.length} messages (first round ${a.sent} + ${b.sent}, ${rounds} more rounds)`);
    expect(mine.filter(([, n]) => n > 1)).toEqual([]);
    expect(mine).toHaveLength(names.length);
    expect(total).toBe(names.length);
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications WHERE dedupe_key LIKE 'spec:%' AND sent_at IS NULL`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('backs off after an SMTP error, does not retry before next_attempt_at, then sends', async () => {
    await queue(1);
    let failures = 0;
    const failing: Mailer = () => {
      failures++;
      return Promise.reject(new Error('421 try again later'));
    };
    expect(await notifications.sendPending(failing)).toEqual({ sent: 0, failed: 1 });
    const [{ id }] = (await t.db.query<{ id: string }>(`SELECT id FROM notifications WHERE sent_at IS NULL`)).rows;
    let state = await row(id);
    expect(state).toMatchObject({ sent: false, attempts: 1, error: '421 try again later', claimed: false });
    expect(state.wait).toBeGreaterThan(50); // about one minute
    expect(state.wait).toBeLessThanOrEqual(60);

    // Not retried before its time: nothing is claimed.
    expect(await notifications.sendPending(failing)).toEqual({ sent: 0, failed: 0 });
    expect(failures).toBe(1);

    // Its minute has passed: a second failure doubles the wait.
    await age(id, 61);
    expect(await notifications.sendPending(failing)).toEqual({ sent: 0, failed: 1 });
    state = await row(id);
    expect(state.attempts).toBe(2);
    expect(state.wait).toBeGreaterThan(110); // about two minutes
    expect(state.wait).toBeLessThanOrEqual(120);

    await age(id, 121);
    const sent: Message[] = [];
    expect(await notifications.sendPending((message) => Promise.resolve(void sent.push(message)))).toEqual({ sent: 1, failed: 0 });
    expect(sent.map((m) => m.id)).toEqual([id]);
    expect(await row(id)).toMatchObject({ sent: true, attempts: 3, error: null });
  });

  it('gives up after the last attempt: the message stays in the inbox, unsent', async () => {
    await queue(1);
    const failing: Mailer = () => Promise.reject(new Error('550 mailbox unavailable'));
    const [{ id }] = (await t.db.query<{ id: string }>(`SELECT id FROM notifications WHERE sent_at IS NULL`)).rows;
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await notifications.sendPending(failing)).toEqual({ sent: 0, failed: 1 });
      await age(id, 3600);
    }
    expect(await notifications.sendPending(() => Promise.resolve())).toEqual({ sent: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ sent: false, attempts: 5, error: '550 mailbox unavailable' });
    await t.db.query(`UPDATE notifications SET attempts = 0, next_attempt_at = NULL WHERE id = $1`, [id]);
    await notifications.sendPending(() => Promise.resolve()); // clears the outbox for the next test
  });

  it('hands back, untried, what it could not start while its claim was young enough', async () => {
    await queue(3);
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    const sent: Message[] = [];
    try {
      // The first message takes six minutes: the two others must not be started on this claim.
      const slow: Mailer = (message) => {
        sent.push(message);
        clock.mockReturnValue(now + 360_000);
        return Promise.resolve();
      };
      expect(await notifications.sendPending(slow)).toEqual({ sent: 1, failed: 0 });
    } finally {
      clock.mockRestore();
    }
    const { rows } = await t.db.query<{ attempts: number; claimed: boolean }>(
      `SELECT attempts, claimed_until IS NOT NULL AS claimed FROM notifications WHERE sent_at IS NULL`,
    );
    expect(rows).toEqual([
      { attempts: 0, claimed: false },
      { attempts: 0, claimed: false },
    ]);
    expect(await notifications.sendPending((message) => Promise.resolve(void sent.push(message)))).toEqual({ sent: 2, failed: 0 });
    expect(new Set(sent.map((m) => m.id)).size).toBe(3);
  });

  it('takes over the claim of a sender that died before mailing', async () => {
    await queue(3);
    // A worker claims a batch, then is killed: its claim holds the messages for a while.
    const dead = await outbox.claim(10, 600, 5);
    expect(dead).toHaveLength(3);
    const sent: Message[] = [];
    const mailer: Mailer = (message) => Promise.resolve(void sent.push(message));
    expect(await notifications.sendPending(mailer)).toEqual({ sent: 0, failed: 0 });
    // Its claim lapses: another sender takes the messages and mails each once.
    for (const { id } of dead) await age(id, 601);
    expect(await notifications.sendPending(mailer)).toEqual({ sent: 3, failed: 0 });
    expect(sent.map((m) => m.id).sort()).toEqual(dead.map((n) => n.id).sort());
    // The dead worker's claim no longer counts: it cannot mark the messages.
    expect(await outbox.markSent(dead[0].id, dead[0].claim)).toBe(false);
    expect(await notifications.sendPending(mailer)).toEqual({ sent: 0, failed: 0 });
  });
});
