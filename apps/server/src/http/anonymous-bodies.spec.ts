import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TooLarge } from '@probity/i18n';
import type { AuthService } from '@probity/identity';
import { ANONYMOUS_BODY_LIMIT, anonymousBodyLimit } from './anonymous-bodies';

const auth = (signedIn: boolean) =>
  ({
    tokenSubject: () => Promise.resolve(signedIn ? '00000000-0000-4000-8000-000000000000' : undefined),
    resumeSession: () => Promise.resolve(undefined),
  }) as unknown as AuthService;
const request = (headers: Record<string, string>) => ({ headers, cookies: {} }) as unknown as FastifyRequest;
const reply = {} as FastifyReply;
const chunks = (count: number) => Readable.from(Array.from({ length: count }, () => Buffer.alloc(8 * 1024, 'a')));
async function drain(stream: NodeJS.ReadableStream): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) bytes += chunk.length;
  return bytes;
}

describe('bodies before signing in', () => {
  it('refuses a declared length over the limit at once, before reading', async () => {
    await expect(
      anonymousBodyLimit(auth(false))(request({ 'content-length': String(ANONYMOUS_BODY_LIMIT + 1) }), reply, chunks(1)),
    ).rejects.toBeInstanceOf(TooLarge);
  });

  it('cuts a body of undeclared length off at the limit', async () => {
    const chunked = { 'transfer-encoding': 'chunked' };
    const stream = await anonymousBodyLimit(auth(false))(request(chunked), reply, chunks(10));
    await expect(drain(stream)).rejects.toBeInstanceOf(TooLarge);
    expect(await drain(await anonymousBodyLimit(auth(false))(request(chunked), reply, chunks(2)))).toBe(16 * 1024);
  });

  it('reads any body of someone signed in, and small bodies of anyone', async () => {
    const signed = request({ authorization: 'Bearer t', 'content-length': String(80 * 1024) });
    expect(await drain(await anonymousBodyLimit(auth(true))(signed, reply, chunks(10)))).toBe(80 * 1024);
    expect(await drain(await anonymousBodyLimit(auth(false))(request({ 'content-length': '8192' }), reply, chunks(1)))).toBe(8192);
  });
});
