import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.PROBITY_TEST_SERVER_URL;
  if (url && !globalThis.__probityEmbedded) {
    // On a shared server (CI), leave nothing behind: the template and every per-file database.
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
      process.env.PROBITY_TEST_TEMPLATE,
      `t_${process.env.PROBITY_TEST_RUN}_%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
  }
  await globalThis.__probityEmbedded?.stop();
}
