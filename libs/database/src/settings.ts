import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** The fixed label whose HMAC identifies a secret: the same secret gives the same fingerprint, and it reveals nothing. */
const FINGERPRINT_LABEL = 'probity/settings/secret-fingerprint/v1';
const FINGERPRINT_KEY = 'secret_fingerprint';

export function secretFingerprint(secret: string): string {
  return createHmac('sha256', secret).update(FINGERPRINT_LABEL).digest('hex');
}

/**
 * Every server and worker on one database must use the same PROBITY_SECRET (tokens, CSRF, signed links and
 * pseudonyms made by one are checked by another). The first process to start stores the secret's fingerprint
 * (insert-if-absent, so replicas starting at once agree); every later start compares its own and refuses to
 * start on a mismatch, rather than answering 401 or 500 later. Call it after the migrations.
 */
export async function verifySharedSecret(dataSource: DataSource, secret: string): Promise<void> {
  const mine = secretFingerprint(secret);
  await dataSource.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [FINGERPRINT_KEY, mine]);
  const rows: { value: string }[] = await dataSource.query(`SELECT value FROM settings WHERE key = $1`, [FINGERPRINT_KEY]);
  const stored = Buffer.from(rows[0]?.value ?? '', 'utf8');
  const own = Buffer.from(mine, 'utf8');
  if (stored.length !== own.length || !timingSafeEqual(stored, own)) {
    throw new Error(
      'PROBITY_SECRET differs from the one the other Probity processes on this database use (its fingerprint in the ' +
        '`settings` table does not match). Give every server and worker the same PROBITY_SECRET. If the secret was ' +
        "changed on purpose, stop every process, delete the row (DELETE FROM settings WHERE key = 'secret_fingerprint') " +
        'and start them again with the new secret: signed-in sessions and links made with the old one stop working.',
    );
  }
}
