import 'reflect-metadata';
import { validateEnv } from '@probity/database';
import type * as Factory from './app.factory';

async function main(): Promise<void> {
  // A bad setting ends here, in one clear message, before Nest starts.
  const env = validateEnv(process.env);
  // Loaded here, not at the top: the configuration is validated as the module loads, and a bad
  // value should end in one clear message rather than a stack trace.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp, drainAndClose } = require('./app.factory') as typeof Factory;
  const app = await createApp();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen({ port, host: process.env.HOST ?? '0.0.0.0' });
  // Every deploy: not ready at once, serve what the load balancer still sends for PROBITY_DRAIN_MS, then close.
  process.once('SIGTERM', () => {
    drainAndClose(app, env.PROBITY_DRAIN_MS)
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error instanceof Error ? (error.stack ?? error.message) : error);
        process.exit(1);
      });
  });
  // Started by `npm start`: stop when the launcher goes away, even if it was killed outright.
  process.once('disconnect', () => void app.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
