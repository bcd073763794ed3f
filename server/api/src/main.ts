import { boot, StartupError } from './boot.ts';
import { ConfigError, loadConfig } from '@leaseboard/domain/config';
import { stopOnSignals } from './stop-on-signals.ts';

/** `pnpm start`: one clear line and exit 1 for any bad setting or start-up problem. */
try {
  const config = loadConfig();
  const running = await boot(config, { print: (line) => console.log(line) });
  console.log(`Leaseboard is ready at ${running.url}  (GraphQL: ${running.url}/graphql)`);
  stopOnSignals(running);
} catch (error) {
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
