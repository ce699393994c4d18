import { Transform } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TooLarge } from '@probity/i18n';
import { type AuthService, SESSION_COOKIE } from '@probity/identity';

/**
 * Without signing in, a request body may hold at most this much: the largest anonymous form (the login)
 * is well under 1 kB. Parsing a hostile megabyte costs ~10 ms of CPU; 16 kB costs well under one.
 */
export const ANONYMOUS_BODY_LIMIT = 16 * 1024;

/** Whether the request comes from someone signed in: a bearer token we signed, or a live session cookie. */
async function signedIn(auth: AuthService, request: FastifyRequest): Promise<boolean> {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return Boolean(await auth.tokenSubject(header.slice(7).trim()));
  const cookie = request.cookies?.[SESSION_COOKIE];
  return typeof cookie === 'string' && cookie.length <= 100 && Boolean(await auth.resumeSession(cookie));
}

/**
 * A `preParsing` hook: a body larger than ANONYMOUS_BODY_LIMIT is read only for someone signed in, so no
 * unauthenticated request costs more than a few milliseconds of CPU whatever it carries. A declared length is
 * refused at once (413 in the caller's language, before a byte is read); an undeclared one is cut off at the limit.
 */
export function anonymousBodyLimit(auth: AuthService) {
  return async (request: FastifyRequest, _reply: FastifyReply, payload: NodeJS.ReadableStream): Promise<NodeJS.ReadableStream> => {
    // No body at all (every GET): nothing to read, nothing to check.
    if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) return payload;
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared <= ANONYMOUS_BODY_LIMIT) return payload;
    if (await signedIn(auth, request)) return payload;
    const refusal = new TooLarge('sign_in_to_send', { count: ANONYMOUS_BODY_LIMIT / 1024 });
    if (Number.isFinite(declared)) throw refusal;
    let seen = 0;
    const capped = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        if (seen > ANONYMOUS_BODY_LIMIT) callback(refusal);
        else callback(null, chunk);
      },
    });
    return payload.pipe(capped);
  };
}
