/**
 * The bench baseline: plain node:http + pg answering GET /api/v1/me with the same JSON and the same
 * kind of token check (HS256 via jose, same key derivation), on the same database.
 */
import { createServer } from 'node:http';
import { jwtVerify } from 'jose';
import { Pool } from 'pg';
import { tokenKey } from '@probity/identity';

const key = tokenKey(process.env.PROBITY_SECRET ?? '');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', () => undefined);
const query = {
  name: 'me',
  text: `SELECT u.id, u.email, u.full_name, u.roles, u.academy_id, u.locale, a.default_locale
           FROM users u LEFT JOIN academies a ON a.id = u.academy_id WHERE u.id = $1 AND u.active`,
};

const server = createServer((req, res) => {
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  void (async () => {
    if (req.method !== 'GET' || req.url !== '/api/v1/me') return send(404, { statusCode: 404 });
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return send(401, { statusCode: 401 });
    try {
      const { payload } = await jwtVerify(header.slice(7), key, { algorithms: ['HS256'], issuer: 'probity' });
      const { rows } = await pool.query({ ...query, values: [payload.sub] });
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
