/**
 * The bench baseline: plain node:http + pg answering GET /api/v1/me with the same JSON and the same
 * kind of token check (HS256 via jose, same key derivation), on the same database; and the autosave
 * route PUT /api/v1/attempts/:id/responses/:itemId: the token check, then one upsert of the answer
 * into the real `responses` table (the same statement as Probity's, so the same rows and checks). Both check
 * that the token still counts as Probity does (account active, token version current, token not revoked).
 * And the public verification GET /api/v1/verify/:code, as VerificationService does it: the client address taken
 * from X-Forwarded-For when the peer is loopback (Probity's default trusted proxy), one count in `rate_limits` for
 * that address (the same statement; 429 past the same limit), the certificate's frozen record with its key and
 * branding (the same query), the Ed25519 signature checked over the record's canonical JSON with the same functions
 * (the public key object cached per kid, as SigningKeysService does), and the same JSON in the request's locale.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import { Pool } from 'pg';
import { type Certificate, VERIFY_LIMIT, normalizeCode, publicKeyFromJwk, verifyRecord } from '@probity/certificates';
import { fromAcceptLanguage } from '@probity/i18n';
import { clientAddressKey, tokenKey, tokenStillValidSql } from '@probity/identity';

const key = tokenKey(process.env.PROBITY_SECRET ?? '');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', () => undefined);
const query = {
  name: 'me',
  text: `SELECT u.id, u.email, u.full_name, u.roles, u.academy_id, u.locale, a.default_locale
           FROM users u LEFT JOIN academies a ON a.id = u.academy_id WHERE u.id = $1 AND ${tokenStillValidSql('u', 2, 3)}`,
};
const save = {
  name: 'save',
  text: `INSERT INTO responses (attempt_id, item_id, value, max_points, saved_at)
         SELECT a.id, $3::uuid, $4::jsonb, (s->>'maxPoints')::numeric, now()
           FROM attempts a JOIN users u ON u.id = a.user_id AND ${tokenStillValidSql('u', 5, 6)} CROSS JOIN LATERAL jsonb_array_elements(a.shown) s
          WHERE a.id = $1 AND a.user_id = $2 AND a.status = 'in_progress' AND (a.deadline IS NULL OR a.deadline > now()) AND s->>'itemId' = $3::uuid::text
         ON CONFLICT (attempt_id, item_id) DO UPDATE SET value = EXCLUDED.value, saved_at = now()
         RETURNING saved_at`,
};
const SAVE_PATH = /^\/api\/v1\/attempts\/([0-9a-f-]{36})\/responses\/([0-9a-f-]{36})$/;
const rateLimitHit = {
  name: 'rate-limit-hit',
  text: `INSERT INTO rate_limits (key, window_start, count)
         VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1 RETURNING count`,
};
const verification = {
  name: 'verification',
  text: `SELECT c.record, c.signature, c.kid, c.revoked_at, c.revocation_reason, k.public_jwk, b.print_result
           FROM certificates c JOIN academy_keys k ON k.kid = c.kid LEFT JOIN academy_branding b ON b.academy_id = c.academy_id
          WHERE c.code = $1`,
};
const VERIFY_PATH = /^\/api\/v1\/verify\/([^/?]+)(?:\?.*)?$/;
const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;
const publicKeys = new Map<string, KeyObject>();

/** The client's address as Fastify's trustProxy ['loopback'] gives it: the nearest X-Forwarded-For hop that is not loopback. */
function clientIp(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? '';
  if (!LOOPBACK.test(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => h.trim());
  for (let i = hops.length - 1; i >= 0; i--) if (hops[i] && !LOOPBACK.test(hops[i])) return hops[i];
  return hops[0] || peer;
}

async function verify(req: IncomingMessage, res: ServerResponse, rawCode: string): Promise<void> {
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const key = `verify:${clientAddressKey(clientIp(req))}`.slice(0, 120);
  const { rows: counted } = await pool.query<{ count: number }>({ ...rateLimitHit, values: [key, 60] });
  if (Math.random() < 0.01)
    void pool.query(`DELETE FROM rate_limits WHERE window_start < now() - interval '1 hour'`).catch(() => undefined);
  if (counted[0].count > VERIFY_LIMIT) return send(429, { statusCode: 429 });
  const locale = fromAcceptLanguage(req.headers['accept-language']) ?? 'en';
  const code = normalizeCode(decodeURIComponent(rawCode).slice(0, 40)) ?? '-';
  const { rows } = await pool.query<{
    record: Certificate['record'];
    signature: string;
    kid: string;
    revoked_at: Date | null;
    revocation_reason: string | null;
    public_jwk: Record<string, string>;
    print_result: boolean | null;
  }>({ ...verification, values: [code] });
  const row = rows[0];
  // Unknown codes (Probity checks a decoy signature first) are not part of the bench's load.
  if (!row) return send(404, { statusCode: 404 });
  let publicKey = publicKeys.get(row.public_jwk.kid);
  if (!publicKey)
    publicKeys.set(row.public_jwk.kid, (publicKey = publicKeyFromJwk(row.public_jwk as Parameters<typeof publicKeyFromJwk>[0])));
  const signatureValid = verifyRecord(publicKey, row.record, row.signature);
  const r = row.record;
  const title = (map: Record<string, string | undefined>): string =>
    map[locale] ?? map[r.cohort.locale] ?? map.en ?? Object.values(map)[0] ?? '';
  const day = (d: Date): string => new Date(d).toISOString().slice(0, 10);
  send(200, {
    status: row.revoked_at ? 'revoked' : 'valid',
    serial: r.serial,
    code: r.code,
    holderName: r.holder.name,
    course: {
      title: title(r.course.title),
      titles: r.course.title,
      code: r.course.code,
      versionNumber: r.course.versionNumber,
      hours: r.course.hours,
    },
    academy: { code: r.academy.code, name: title(r.academy.name), country: r.academy.country },
    cohort: { name: r.cohort.name, startsOn: r.cohort.startsOn, endsOn: r.cohort.endsOn },
    issuedOn: r.issuedOn,
    completedOn: r.completedOn,
    result: { attendancePercent: r.result.attendancePercent, ...(row.print_result ? { percent: r.result.percent } : {}) },
    ...(row.revoked_at ? { revokedOn: day(row.revoked_at), reason: row.revocation_reason ?? '' } : {}),
    signatureValid,
    kid: row.kid,
  });
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.on('error', reject);
  });
}

const server = createServer((req, res) => {
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  void (async () => {
    const verifying = req.method === 'GET' ? VERIFY_PATH.exec(req.url ?? '') : null;
    if (verifying) return verify(req, res, verifying[1]).catch(() => send(500, { statusCode: 500 }));
    const saving = req.method === 'PUT' ? SAVE_PATH.exec(req.url ?? '') : null;
    if (saving) {
      const header = req.headers.authorization;
      const body = (await readJson(req).catch(() => null)) as { optionIds?: unknown; text?: unknown; value?: unknown } | null;
      if (!body || typeof body !== 'object') return send(400, { statusCode: 400 });
      if (!header?.startsWith('Bearer ')) return send(401, { statusCode: 401 });
      const claims = await jwtVerify(header.slice(7), key, { algorithms: ['HS256'], issuer: 'probity' }).then(
        ({ payload }) => payload,
        () => undefined,
      );
      if (!claims?.sub) return send(401, { statusCode: 401 });
      const value = { optionIds: body.optionIds, text: body.text, value: body.value };
      try {
        const { rows } = await pool.query({
          ...save,
          values: [saving[1], claims.sub, saving[2], JSON.stringify(value), claims.ver, claims.jti],
        });
        const row = rows[0] as { saved_at: Date } | undefined;
        return row ? send(200, { savedAt: row.saved_at }) : send(409, { statusCode: 409 });
      } catch {
        return send(500, { statusCode: 500 });
      }
    }
    if (req.method !== 'GET' || req.url !== '/api/v1/me') return send(404, { statusCode: 404 });
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return send(401, { statusCode: 401 });
    try {
      const { payload } = await jwtVerify(header.slice(7), key, { algorithms: ['HS256'], issuer: 'probity' });
      const { rows } = await pool.query({ ...query, values: [payload.sub, payload.ver, payload.jti] });
      const row = rows[0] as Record<string, unknown> | undefined;
      if (!row) return send(401, { statusCode: 401 });
      send(200, {
        id: row.id,
        email: row.email,
        fullName: row.full_name,
        roles: row.roles,
        academyId: row.academy_id,
        locale: row.locale,
        academyLocale: row.default_locale,
      });
    } catch {
      send(401, { statusCode: 401 });
    }
  })();
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
