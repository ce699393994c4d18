import { randomBytes } from 'node:crypto';
import { type Socket, createServer } from 'node:net';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from './options';
import { ReadReplica } from './read-replica';

/** A database of this file's own, cloned from the migrated template that jest's globalSetup prepared. */
async function cloneTemplate(): Promise<string> {
  const server = process.env.PROBITY_TEST_SERVER_URL;
  const template = process.env.PROBITY_TEST_TEMPLATE;
  if (!server || !template) throw new Error('run the tests through jest (globalSetup prepares the database)');
  const name = `t_${process.env.PROBITY_TEST_RUN}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`).finally(() => admin.end());
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function run(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(sql).finally(() => client.end());
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

/**
 * The replica pool on two real databases: `probe` holds 'primary' on one and 'replica' on the other, so each answer
 * says where it was read; `primary_only` exists only on the primary (a statement the replica fails).
 */
describe('ReadReplica: reads that tolerate lag, and the primary whenever the replica cannot answer', () => {
  let primary: DataSource;
  let replicaUrl: string;
  const opened: ReadReplica[] = [];
  const open = (url: string | undefined): ReadReplica => {
    const replica = new ReadReplica(primary, url);
    opened.push(replica);
    return replica;
  };
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;
  // These connect to PostgreSQL itself (read-only connections): not as behind PgBouncer, whatever the environment says.
  const pgBouncer = process.env.PROBITY_DB_PGBOUNCER;

  beforeAll(async () => {
    delete process.env.PROBITY_DB_PGBOUNCER;
    const primaryUrl = await cloneTemplate();
    replicaUrl = await cloneTemplate();
    await run(
      primaryUrl,
      `CREATE TABLE probe (v text); INSERT INTO probe VALUES ('primary'); CREATE TABLE primary_only (v text); INSERT INTO primary_only VALUES ('primary')`,
    );
    await run(replicaUrl, `CREATE TABLE probe (v text); INSERT INTO probe VALUES ('replica')`);
    primary = new DataSource(databaseOptions(primaryUrl));
    await primary.initialize();
  });
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(opened.splice(0).map((r) => r.onModuleDestroy()));
  });
  afterAll(async () => {
    if (pgBouncer !== undefined) process.env.PROBITY_DB_PGBOUNCER = pgBouncer;
    await primary.destroy();
  });

  it('without a URL reads nothing elsewhere: read() has no rows, query() reads the primary, check() says null', async () => {
    const replica = open(undefined);
    expect([replica.configured, replica.usable]).toEqual([false, false]);
    expect(await replica.read('SELECT v FROM probe')).toBeUndefined();
    expect(await replica.query('SELECT v FROM probe')).toEqual([{ v: 'primary' }]);
    expect(await replica.check()).toBeNull();
  });

  it('reads the replica; a statement it fails goes to the primary, with one warning, until a check finds it again', async () => {
    const replica = open(replicaUrl);
    expect(await replica.query('SELECT v FROM probe')).toEqual([{ v: 'replica' }]);
    expect(await replica.query('SELECT v FROM primary_only')).toEqual([{ v: 'primary' }]);
    expect(replica.usable).toBe(false);
    for (let i = 0; i < 10; i++) expect(await replica.query('SELECT v FROM probe WHERE $1::int >= 0', [i])).toEqual([{ v: 'primary' }]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/read replica failed: relation "primary_only" does not exist/);
    expect(await replica.check()).toBe('up');
    expect(log.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/read replica answers again/)]);
    expect(await replica.query('SELECT v FROM probe')).toEqual([{ v: 'replica' }]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('never writes through the replica pool: its transactions are read-only', async () => {
    const replica = open(replicaUrl);
    expect(await replica.read(`INSERT INTO probe VALUES ('written') RETURNING v`)).toBeUndefined();
    expect(String(warn.mock.calls[0][0])).toMatch(/read-only transaction/);
    expect(await replica.check()).toBe('up');
    expect(await replica.read('SELECT v FROM probe')).toEqual([{ v: 'replica' }]);
  });

  it('with nothing listening: check() says down, every read goes to the primary, one warning names the refusal', async () => {
    const replica = open(`postgres://postgres@127.0.0.1:${await closedPort()}/probity`);
    expect(replica.usable).toBe(true);
    expect(await replica.query('SELECT v FROM probe')).toEqual([{ v: 'primary' }]);
    expect(await replica.check()).toBe('down');
    for (let i = 0; i < 5; i++) expect(await replica.query('SELECT v FROM probe')).toEqual([{ v: 'primary' }]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/ECONNREFUSED 127\.0\.0\.1:\d+/);
  });

  it('counts a replica that accepts connections but never answers as down after the check’s wait, not after the connect timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const replica = open(`postgres://postgres@127.0.0.1:${(silent.address() as { port: number }).port}/probity`);
      expect(await replica.check(50)).toBe('down');
      expect(replica.usable).toBe(false);
      expect(await replica.query('SELECT v FROM probe')).toEqual([{ v: 'primary' }]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/no answer to SELECT 1 within 50 ms/);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      silent.close();
    }
  });
});
