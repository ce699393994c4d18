/**
 * Public verification under load: `GET /api/v1/verify/:code` for issued certificates, each request for the next
 * code of the list and from its own client address.
 *
 * The route allows 60 verifications per client address and minute (VERIFY_LIMIT, counted in `rate_limits` by every
 * replica). The bench leaves that limit as production has it and instead names a new client address in each request
 * with X-Forwarded-For, which Probity honours because the bench connects from loopback, the default trusted proxy
 * (PROBITY_TRUSTED_PROXIES unset). Each request therefore counts one new address (one row inserted into
 * `rate_limits`), as many verifiers at once would, and no answer is a 429. The baseline reads the same header the
 * same way and makes the same insert.
 */
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { VERIFY_LIMIT } from '@probity/certificates';

export const VERIFY_ACCEPT_LANGUAGE = 'ka,en;q=0.8';

export interface VerifyFigures {
  rps: number;
  /** The server's CPU time per answer, µs (run.ts measures it). */
  cpuUs?: number;
  p50: number;
  p99: number;
}

/** How the bench avoids 429s, printed with the figures. */
export const VERIFY_ADDRESSES =
  `the limit of ${VERIFY_LIMIT} verifications per address and minute stays on; each request comes from its own address ` +
  '(X-Forwarded-For 10.x.y.z, honoured from loopback, the default PROBITY_TRUSTED_PROXIES)';

/** One address never used before in this run, for every request to either target (they share `rate_limits`). */
let addresses = 0;
function nextAddress(): string {
  const n = ++addresses;
  if (n >= 1 << 24) throw new Error('the bench ran out of 10.0.0.0/8 addresses');
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** Both answers for one code, which must be the same JSON (else the baseline does not do the same work). */
export async function sameVerification(probity: string, baseline: string, code: string): Promise<void> {
  const answers = await Promise.all(
    [probity, baseline].map(async (origin) => {
      const answer = await fetch(`${origin}/api/v1/verify/${code}`, {
        headers: { 'accept-language': VERIFY_ACCEPT_LANGUAGE, 'x-forwarded-for': nextAddress() },
      });
      return { status: answer.status, body: (await answer.json()) as { signatureValid?: boolean } };
    }),
  );
  const [p, b] = answers;
  if (p.status !== 200 || !p.body.signatureValid || !isDeepStrictEqual(p, b))
    throw new Error(`verification: Probity and the baseline answer differently for ${code}:\n${JSON.stringify(answers, null, 1)}`);
}

/** autocannon on `origin`'s `GET /api/v1/verify/:code`, going round `codes`, a new client address per request. */
export async function loadVerify(origin: string, codes: string[], seconds: number, connections: number): Promise<VerifyFigures> {
  let next = 0;
  const result = await autocannon({
    url: origin,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path: `/api/v1/verify/${codes[next++ % codes.length]}`,
          headers: { ...request.headers, 'accept-language': VERIFY_ACCEPT_LANGUAGE, 'x-forwarded-for': nextAddress() },
        }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(
      `${origin} verify: ${result.non2xx} non-2xx answers (${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors`,
    );
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}
