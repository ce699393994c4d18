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
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: 'probity' });
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
