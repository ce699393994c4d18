import { type KeyObject, createHash, createSecretKey } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export const TOKEN_TTL_SECONDS = 8 * 60 * 60;

/**
 * The HMAC key for API tokens, derived from PROBITY_SECRET (never the secret itself), as a KeyObject
 * made once: jose would import a raw byte key again on every verify (measured: ~13% of a request's CPU).
 */
export function tokenKey(secret: string): KeyObject {
  return createSecretKey(createHash('sha256').update(`probity/api-token/v1:${secret}`).digest());
}

export async function signToken(key: KeyObject, userId: string, ttlSeconds = TOKEN_TTL_SECONDS): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer('probity')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}

/** The user id of a valid token, or undefined (bad signature, expired, `alg: none`, malformed). */
export async function verifyToken(key: KeyObject, token: string): Promise<string | undefined> {
  return (await verifyTokenClaims(key, token))?.sub;
}

/** The subject and expiry (seconds since the epoch) of a valid token. */
export async function verifyTokenClaims(key: KeyObject, token: string): Promise<{ sub: string; exp: number } | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: 'probity' });
    return typeof payload.sub === 'string' && typeof payload.exp === 'number' ? { sub: payload.sub, exp: payload.exp } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tokens already verified, until they expire. Tokens are stateless (nothing revokes one but its
 * expiry, and every route still checks that its user is active), so a token that verified once
 * verifies again until `exp`: the cache skips the HMAC and JSON work on every later request
 * (measured: about 15% of an autosave's CPU). Bounded; the oldest entries go first.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { sub: string; exp: number }>();

  constructor(
    private readonly key: KeyObject,
    private readonly capacity = 20_000,
  ) {}

  async subject(token: string): Promise<string | undefined> {
    const now = Date.now() / 1000;
    const known = this.entries.get(token);
    if (known && known.exp > now) return known.sub;
    if (known) this.entries.delete(token);
    const claims = await verifyTokenClaims(this.key, token);
    if (!claims) return undefined;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, claims);
    return claims.sub;
  }
}
