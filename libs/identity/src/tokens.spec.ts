import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { VerifiedTokens, signToken, tokenKey, verifyTokenClaims } from './tokens';

const key = tokenKey('a-test-secret-of-more-than-32-characters');
const USER = '6f1c1a52-0d7e-4a8e-9f0a-3b2c4d5e6f70';

describe('VerifiedTokens', () => {
  it('accepts a valid token, from the cache the second time', async () => {
    const tokens = new VerifiedTokens(key);
    const token = await signToken(key, USER);
    expect(await tokens.subject(token)).toBe(USER);
    expect(await tokens.subject(token)).toBe(USER);
  });

  it('refuses a token signed with another key, a tampered token and `alg: none`, even next to a cached one', async () => {
    const tokens = new VerifiedTokens(key);
    const good = await signToken(key, USER);
    await tokens.subject(good);
    expect(await tokens.subject(await signToken(tokenKey('another-secret-of-more-than-32-characters'), USER))).toBeUndefined();
    const [header, payload, signature] = good.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone-else' }),
    ).toString('base64url');
    expect(await tokens.subject(`${header}.${forged}.${signature}`)).toBeUndefined();
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(await tokens.subject(`${none}.${payload}.`)).toBeUndefined();
  });

  it('stops accepting a cached token once it expires', async () => {
    const tokens = new VerifiedTokens(key);
    // A minute, not a second: `exp` counts whole seconds, so a 1-second token signed at x.999 s had expired by the
    // check just after it (seen once in a full run).
    const token = await signToken(key, USER, { ttlSeconds: 60 });
    expect(await tokens.subject(token)).toBe(USER);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout'] });
    jest.setSystemTime(Date.now() + 61_000);
    try {
      expect(await tokens.subject(token)).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps at most its capacity, dropping the oldest', async () => {
    const tokens = new VerifiedTokens(key, 2);
    const sign = (n: number) =>
      new SignJWT({ n, ver: 0 })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(USER)
        .setJti(randomUUID())
        .setIssuer('probity')
        .setExpirationTime('1h')
        .sign(key);
    const [a, b, c] = await Promise.all([1, 2, 3].map(sign));
    for (const token of [a, b, c]) await tokens.subject(token);
    const size = (tokens as unknown as { entries: Map<string, unknown> }).entries;
    expect([...size.keys()]).toEqual([b, c]);
  });

  it('carries a token id and the account’s token version, and refuses tokens without them', async () => {
    const claims = await verifyTokenClaims(key, await signToken(key, USER, { version: 3 }));
    expect(claims).toMatchObject({ sub: USER, ver: 3, jti: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const older = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(USER)
      .setIssuer('probity')
      .setExpirationTime('1h')
      .sign(key);
    expect(await new VerifiedTokens(key).claims(older)).toBeUndefined();
    const badVersion = await new SignJWT({ ver: -1 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(USER)
      .setJti(randomUUID())
      .setIssuer('probity')
      .setExpirationTime('1h')
      .sign(key);
    expect(await verifyTokenClaims(key, badVersion)).toBeUndefined();
  });
});
