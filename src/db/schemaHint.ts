/**
 * What to say when a command meets a database without strukt-cron's schema, or with an older one:
 * how many migrations are pending, the first of them, and `run strukt-cron db migrate`. Every
 * command that needs the schema says it through here (the CLI's failure path for the commands
 * that throw, `run` for a run that ended in error).
 */
import { describeMissingObject, missingSchemaObject } from './failures.ts';
import { migrationStatus, type MigrationStatus } from './migrate.ts';
import type { SqlClient } from './types.ts';

/**
 * The ledger as one line: "The database has no strukt-cron schema (19 of 19 migrations pending,
 * first 20251028000000_x.sql): run strukt-cron db migrate." Null when nothing is pending and no
 * missing object was named: there is nothing the migrations would fix.
 */
export function describePending(statuses: MigrationStatus[], missing: string | null = null): string | null {
  const pending = statuses.filter((m) => !m.applied);
  if (pending.length === 0) {
    return missing === null
      ? null
      : `The database lacks ${missing} although all ${statuses.length} migrations are recorded as applied: ` +
          'something removed it after they ran. Run strukt-cron verify to see what else is missing.';
  }
  const what =
    pending.length === statuses.length
      ? 'The database has no strukt-cron schema'
      : "The database's strukt-cron schema is out of date";
  return `${what} (${pending.length} of ${statuses.length} migrations pending, first ${pending[0]!.file}): run strukt-cron db migrate.`;
}

/**
 * Reads the migrations ledger through `open` and describes what is pending, or null when nothing
 * is or the ledger cannot be read (no direct connection on the supabase transport, a server that
 * is down): the caller then says what it knows without the ledger. Never throws.
 */
export async function pendingMigrationsHint(
  open: () => Promise<SqlClient>,
  missing: string | null = null,
): Promise<string | null> {
  let sql: SqlClient;
  try {
    sql = await open();
  } catch {
    return null;
  }
  try {
    return describePending(await migrationStatus(sql), missing);
  } catch {
    return null;
  } finally {
    await sql.close().catch(() => {});
  }
}

/**
 * For an error that says a strukt-cron object is missing: the ledger's line when it can be read,
 * else the missing object and `db migrate`. Null for any other error.
 */
export async function missingSchemaHint(
  error: unknown,
  open: () => Promise<SqlClient>,
): Promise<string | null> {
  const missing = missingSchemaObject(error);
  if (missing === null) return null;
  return (await pendingMigrationsHint(open, missing)) ?? describeMissingObject(error);
}
