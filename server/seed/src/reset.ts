import pg from 'pg';

/**
 * Empties every table of the application in the connection's schema (TRUNCATE … RESTART IDENTITY CASCADE),
 * leaving Prisma's _prisma_migrations alone. Returns the tables emptied.
 */
export async function truncateAppTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables
       WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'
       ORDER BY tablename`,
    );
    const tables = rows.map((row) => row.tablename);
    if (tables.length) {
      const list = tables.map((table) => `"${table.replace(/"/g, '""')}"`).join(', ');
      await client.query(`TRUNCATE TABLE ${list} RESTART IDENTITY CASCADE`);
    }
    return tables;
  } finally {
    await client.end();
  }
}
