/**
 * The bench baseline: plain node:http + pg answering GET /api/v1/me with the same JSON and the same
 * kind of token check (HS256 via jose, same key derivation), on the same database; and the autosave
 * route PUT /api/v1/attempts/:id/responses/:itemId: the token check, then one upsert of the answer
 * into the real `responses` table (the same statement as Probity's, so the same rows and checks). Both check
 * that the token still counts as Probity does (account active, token version current, token not revoked).
 */
import { type IncomingMessage, createServer } from 'node:http';
import { jwtVerify } from 'jose';
import { Pool } from 'pg';
import { tokenKey, tokenStillValidSql } from '@probity/identity';

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
