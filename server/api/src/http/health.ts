import type { Db } from '@leaseboard/db';

export function healthz(): Response {
  return Response.json({ status: 'ok' });
}

/** Ready when the database answers and every migration in the folder has been applied. */
export async function readyz(db: Db, expectedMigrations: readonly string[]): Promise<Response> {
  try {
    const rows = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const applied = new Set(rows.map((r) => r.migration_name));
    const pending = expectedMigrations.filter((name) => !applied.has(name));
    if (pending.length) return Response.json({ status: 'migrations pending', pending }, { status: 503 });
    return Response.json({ status: 'ready' });
  } catch {
    return Response.json({ status: 'database unreachable' }, { status: 503 });
  }
}
