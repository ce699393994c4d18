/**
 * Runs the embedded PostgreSQL for `npm start` in a process group of its own, so that Ctrl-C in
 * the terminal reaches the server and the worker but not PostgreSQL: the launcher stops the
 * database itself, last, once they have closed. If the launcher dies (kill -9), the IPC channel
 * closes and the keeper stops PostgreSQL cleanly instead of leaving it orphaned.
 */
import { type EmbeddedOptions, ensureDatabase, startEmbeddedPostgres } from '@probity/database';

export type KeeperRequest = { start: EmbeddedOptions & { database: string } } | { stop: true };
export type KeeperAnswer = { url: string } | { error: string } | { stopped: true };

const send = (answer: KeeperAnswer): void => {
  if (process.connected) process.send?.(answer);
};
let stop: (() => Promise<void>) | undefined;

async function shutdown(): Promise<void> {
  await stop?.();
  send({ stopped: true });
  if (process.connected) process.disconnect();
  process.exit(0);
}

process.on('message', (request: KeeperRequest) => {
  if ('stop' in request) return void shutdown();
  const { database, ...options } = request.start;
  startEmbeddedPostgres(options)
    .then(async (db) => {
      stop = db.stop;
      await ensureDatabase(db.url('postgres'), database);
      send({ url: db.url(database) });
    })
    .catch((error: unknown) => send({ error: error instanceof Error ? error.message : String(error) }));
});
process.on('disconnect', () => void shutdown());
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => void shutdown());
