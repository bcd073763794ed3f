import { boot, StartupAborted, StartupError } from './boot.ts';
import { ConfigError, loadConfig } from '@leaseboard/domain/config';
import { stopOnSignals } from './stop-on-signals.ts';

/** `pnpm start`: one clear line and exit 1 for any bad setting or start-up problem. */
const signals = stopOnSignals();
try {
  const config = loadConfig();
  const running = await boot(config, { print: (line) => console.log(line), signal: signals.startup });
  if (!signals.startup.aborted) {
    if (config.processRole === 'worker') console.log(`Leaseboard worker is ready (health and metrics at ${running.url})`);
    else console.log(`Leaseboard ${config.processRole === 'api' ? 'API ' : ''}is ready at ${running.url}  (GraphQL: ${running.url}/graphql)`);
  }
  signals.serve(running);
} catch (error) {
  if (error instanceof StartupAborted) signals.stoppedDuringStartup();
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
