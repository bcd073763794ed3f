import { DataDirBusyError } from '../data-dir-lock.ts';
import { resolveDatabaseUrl } from '../database-url.ts';
import { Migrator } from '../migrator.ts';

class UsageError extends Error {}

const [command, name] = process.argv.slice(2);
const { url, stop } = await resolveDatabaseUrl().catch((error: Error) => {
  console.error(error instanceof DataDirBusyError ? error.message : `Cannot open the database: ${error.message.split('\n')[0]}`);
  process.exit(1);
});
const migrator = new Migrator({ databaseUrl: url });

try {
  switch (command) {
    case 'deploy': {
      const applied = await migrator.deploy();
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'No pending migrations.');
      break;
    }
    case 'new': {
      if (!name) throw new UsageError('usage: pnpm db:migrate:new <name>');
      const created = await migrator.create(name);
      console.log(created ? `Wrote ${created.path}` : 'schema.prisma and the migrations agree: nothing to write.');
      break;
    }
    case 'status': {
      const status = await migrator.status();
      console.log(`Applied: ${status.applied.length}`);
      if (status.pending.length) console.log(`Pending: ${status.pending.join(', ')}`);
      if (status.failed.length) console.log(`Failed: ${status.failed.join(', ')}`);
      if (status.edited.length) console.log(`Edited after applying: ${status.edited.join(', ')}`);
      if (status.unknown.length) console.log(`In the database but not in the folder: ${status.unknown.join(', ')}`);
      console.log(status.drift ? `Drift: the database differs from the migrations:\n${status.drift}` : 'Drift: none.');
      const healthy = !status.pending.length && !status.failed.length && !status.edited.length && !status.drift;
      process.exitCode = healthy ? 0 : 1;
      break;
    }
    default:
      throw new UsageError('usage: migrate.ts deploy | new <name> | status');
  }
} catch (error) {
  console.error(error instanceof UsageError ? error.message : `Migration failed: ${(error as Error).message.split('\n')[0]}`);
  process.exitCode = 2;
} finally {
  await stop();
}
