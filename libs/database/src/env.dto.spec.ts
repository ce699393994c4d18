import { isProduction, validateEnv } from './env.dto';

const SECRET = 'a-real-random-value-0123456789-abcdefghijklmnop';
const base = { DATABASE_URL: 'postgres://db.example/probity', PROBITY_SECRET: SECRET };

describe('validateEnv', () => {
  it('treats an operator-supplied DATABASE_URL as production, unless the embedded database, a test or development says otherwise', () => {
    expect(isProduction({ ...base })).toBe(true);
    expect(isProduction({ ...base, NODE_ENV: 'production' })).toBe(true);
    expect(isProduction({ ...base, PROBITY_EMBEDDED: '1' })).toBe(false);
    expect(isProduction({ ...base, NODE_ENV: 'test' })).toBe(false);
    expect(isProduction({ ...base, NODE_ENV: 'development' })).toBe(false);
    expect(isProduction({ ...base, NODE_ENV: 'production', PROBITY_EMBEDDED: '1' })).toBe(true);
  });

  it('refuses production without PROBITY_SECRET or PROBITY_PUBLIC_URL, naming both', () => {
    expect(() => validateEnv({ DATABASE_URL: base.DATABASE_URL })).toThrow(
      /PROBITY_SECRET[\s\S]*PROBITY_PUBLIC_URL|PROBITY_PUBLIC_URL[\s\S]*PROBITY_SECRET/,
    );
    expect(() => validateEnv({ ...base })).toThrow(/PROBITY_PUBLIC_URL must be set in production/);
    expect(validateEnv({ ...base, PROBITY_PUBLIC_URL: 'https://learn.example.org' }).PROBITY_PUBLIC_URL).toBe('https://learn.example.org');
  });

  it('lets the embedded demo and the tests start without a public URL', () => {
    expect(() => validateEnv({ ...base, PROBITY_EMBEDDED: '1' })).not.toThrow();
    expect(() => validateEnv({ ...base, NODE_ENV: 'test' })).not.toThrow();
  });

  it('reads the timeouts, with defaults, and refuses nonsense', () => {
    const env = validateEnv({ ...base, NODE_ENV: 'test' });
    expect(env.PROBITY_DB_CONNECT_TIMEOUT_MS).toBe(5000);
    expect(env.PROBITY_DB_STATEMENT_TIMEOUT_MS).toBe(30_000);
    expect(env.PROBITY_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS).toBe(60_000);
    expect(env.PROBITY_HTTP_REQUEST_TIMEOUT_MS).toBe(60_000);
    expect(env.PROBITY_HTTP_CONNECTION_TIMEOUT_MS).toBe(120_000);
    expect(env.PROBITY_DRAIN_MS).toBe(5000);
    expect(validateEnv({ ...base, NODE_ENV: 'test', PROBITY_DB_STATEMENT_TIMEOUT_MS: '1500' }).PROBITY_DB_STATEMENT_TIMEOUT_MS).toBe(1500);
    expect(() => validateEnv({ ...base, NODE_ENV: 'test', PROBITY_DB_STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(
      /PROBITY_DB_STATEMENT_TIMEOUT_MS/,
    );
    expect(() => validateEnv({ ...base, NODE_ENV: 'test', PROBITY_DRAIN_MS: '-1' })).toThrow(/PROBITY_DRAIN_MS/);
  });

  it('reads the read replica setting: unset or empty means none; a postgres URL; a whole pool size', () => {
    const test = { ...base, NODE_ENV: 'test' };
    expect(validateEnv(test).PROBITY_DATABASE_REPLICA_URL).toBeUndefined();
    expect(validateEnv({ ...test, PROBITY_DATABASE_REPLICA_URL: '' }).PROBITY_DATABASE_REPLICA_URL).toBeUndefined();
    const url = 'postgresql://probity:pw@10.0.0.21:5432/probity';
    expect(validateEnv({ ...test, PROBITY_DATABASE_REPLICA_URL: url, PROBITY_DB_REPLICA_POOL: '4' })).toMatchObject({
      PROBITY_DATABASE_REPLICA_URL: url,
      PROBITY_DB_REPLICA_POOL: 4,
    });
    expect(() => validateEnv({ ...test, PROBITY_DATABASE_REPLICA_URL: '10.0.0.21' })).toThrow(
      /PROBITY_DATABASE_REPLICA_URL must be a postgres:\/\/ URL/,
    );
    expect(() => validateEnv({ ...test, PROBITY_DB_REPLICA_POOL: '0' })).toThrow(/PROBITY_DB_REPLICA_POOL must be at least 1/);
  });
});
