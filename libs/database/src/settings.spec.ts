import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from './options';
import { secretFingerprint, verifySharedSecret } from './settings';

const SECRET = 'one-shared-secret-0123456789-abcdefghijklmnopqrstuv';

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

describe('verifySharedSecret (every process of one installation shares PROBITY_SECRET)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(databaseOptions(await cloneTemplate()));
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  it('stores a fingerprint at first start, never the secret', async () => {
    await verifySharedSecret(dataSource, SECRET);
    const rows: { key: string; value: string }[] = await dataSource.query('SELECT key, value FROM settings');
    expect(rows).toEqual([{ key: 'secret_fingerprint', value: secretFingerprint(SECRET) }]);
    expect(rows[0].value).not.toContain(SECRET);
    expect(secretFingerprint(SECRET)).not.toBe(secretFingerprint(`${SECRET}x`));
  });

  it('lets a process with the same secret start', async () => {
    await expect(verifySharedSecret(dataSource, SECRET)).resolves.toBeUndefined();
  });

  it('stops a process with another secret, with a clear message, and keeps the stored fingerprint', async () => {
    await expect(verifySharedSecret(dataSource, `${SECRET}-other`)).rejects.toThrow(
      /PROBITY_SECRET differs from the one the other Probity processes on this database use/,
    );
    const rows: { value: string }[] = await dataSource.query('SELECT value FROM settings');
    expect(rows).toEqual([{ value: secretFingerprint(SECRET) }]);
  });

  it('agrees with itself when several processes start at once', async () => {
    await dataSource.query('DELETE FROM settings');
    await Promise.all([1, 2, 3, 4].map(() => verifySharedSecret(dataSource, SECRET)));
    await expect(dataSource.query('SELECT count(*)::int AS n FROM settings')).resolves.toEqual([{ n: 1 }]);
  });
});
