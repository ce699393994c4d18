import { type KeyObject, createHash, createSecretKey, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export const TOKEN_TTL_SECONDS = 8 * 60 * 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a valid API token says: whose it is (`sub`), its own id (`jti`, what logout revokes), the
 * user's token version when it was issued (`ver`: deactivation and password changes raise the
 * version, which ends every older token at once) and its expiry (`exp`, seconds since the epoch).
 * The signature only proves that Probity issued it; whether it still counts is in PostgreSQL
 * (see `tokenStillValidSql`), so revocation holds across every server replica.
 */
export interface TokenClaims {
  sub: string;
  jti: string;
  ver: number;
  exp: number;
}

/**
 * The HMAC key for API tokens, derived from PROBITY_SECRET (never the secret itself), as a KeyObject
 * made once: jose would import a raw byte key again on every verify (measured: ~13% of a request's CPU).
 */
export function tokenKey(secret: string): KeyObject {
  return createSecretKey(createHash('sha256').update(`probity/api-token/v1:${secret}`).digest());
}

export async function signToken(key: KeyObject, userId: string, options: { version?: number; ttlSeconds?: number } = {}): Promise<string> {
  return new SignJWT({ ver: options.version ?? 0 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setJti(randomUUID())
    .setIssuer('probity')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.ttlSeconds ?? TOKEN_TTL_SECONDS))
    .sign(key);
}

/** The user id of a valid token, or undefined (bad signature, expired, `alg: none`, malformed). */
export async function verifyToken(key: KeyObject, token: string): Promise<string | undefined> {
  return (await verifyTokenClaims(key, token))?.sub;
}

/** The claims of a valid token: signed with `key`, unexpired, with a user id, a token id and a version. */
export async function verifyTokenClaims(key: KeyObject, token: string): Promise<TokenClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: 'probity' });
    const { sub, jti, ver, exp } = payload;
    return typeof sub === 'string' &&
      UUID.test(sub) &&
      typeof jti === 'string' &&
      UUID.test(jti) &&
      typeof ver === 'number' &&
      Number.isInteger(ver) &&
      ver >= 0 &&
      ver < 2 ** 31 &&
      typeof exp === 'number'
      ? { sub, jti, ver, exp }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The SQL condition that a token of user `alias` still counts: the account is active, the token's
 * version is the account's current one and the token was not revoked. `$ver` and `$jti` are the
 * parameter numbers of the token's `ver` and `jti`; when both are NULL (a page's session, already
 * checked) only the account's being active is required. Routes that check their user in their own
 * statement (the autosave) use this, so the hot path stays one round trip.
 */
export function tokenStillValidSql(alias: string, ver: number, jti: number): string {
  return `${alias}.active AND ($${ver}::int IS NULL OR (${alias}.token_version = $${ver}::int
    AND NOT EXISTS (SELECT 1 FROM revoked_tokens rt WHERE rt.jti = $${jti}::uuid)))`;
}

/**
 * Tokens whose signature was already verified, until they expire: the cache skips the HMAC and JSON
 * work on every later request (measured: about 15% of an autosave's CPU). It says nothing about
 * revocation: every route still checks in PostgreSQL that the token counts (`tokenStillValidSql`).
 * Bounded; the oldest entries go first.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, TokenClaims>();

  constructor(
    private readonly key: KeyObject,
    private readonly capacity = 20_000,
  ) {}

  async claims(token: string): Promise<TokenClaims | undefined> {
    const now = Date.now() / 1000;
    const known = this.entries.get(token);
    if (known && known.exp > now) return known;
    if (known) this.entries.delete(token);
    const claims = await verifyTokenClaims(this.key, token);
    if (!claims) return undefined;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, claims);
    return claims;
  }

  async subject(token: string): Promise<string | undefined> {
    return (await this.claims(token))?.sub;
  }
}
