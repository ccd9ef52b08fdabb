import { readMigrations, type MigrationFile } from './migrations.ts';
import type { SqlClient } from './types.ts';

/** Applied migrations live outside `public` so PostgREST never exposes them and rollback never drops them. */
const LEDGER = 'strukt_meta.schema_migrations';
/**
 * The Supabase CLI's ledger: `supabase db push` runs every `<version>_<name>.sql` of
 * supabase/migrations (this repository's migrations/, by symlink) it has no row for, and records
 * it here (version, name, statements). Where it exists the two ledgers are kept in agreement, so
 * either tool skips what the other applied.
 */
const SUPABASE_LEDGER = 'supabase_migrations.schema_migrations';
/** Any constant works; it only has to be the same for every migrator of this project. */
const MIGRATE_LOCK_KEY = 741_120_251;

export interface MigrationStatus {
  version: string;
  name: string;
  file: string;
  applied: boolean;
  appliedAt: string | null;
  /** The file changed after it was applied. */
  changed: boolean;
}

export interface MigrateOptions {
  dir?: string;
  /**
   * Called once per migration applied, rolled back or adopted (found applied by `supabase db push`
   * and recorded as applied without running it again), for progress output.
   */
  onStep?: (step: { direction: 'up' | 'down' | 'adopt'; file: string }) => void;
}

/**
 * Applies every pending migration, one transaction each, under an advisory lock so two
 * migrators started together apply each migration once. Refuses to run when an applied file
 * has changed. A migration `supabase db push` already ran is adopted, not run again; one applied
 * here is recorded in Supabase's ledger too. Returns the files applied.
 */
export async function migrateUp(sql: SqlClient, options: MigrateOptions = {}): Promise<string[]> {
  const files = await readMigrations(options.dir);
  return withMigrateLock(sql, async () => {
    const supabase = await readSupabaseLedger(sql);
    const applied = await adoptSupabaseApplied(sql, files, supabase, options);
    assertUnchanged(files, applied);
    const done: string[] = [];
    for (const m of files) {
      if (applied.has(m.version)) continue;
      await inTransaction(
        sql,
        async () => {
          await sql.exec(m.up);
          await sql.query(`insert into ${LEDGER} (version, name, checksum) values ($1, $2, $3)`, [
            m.version,
            m.name,
            m.checksum,
          ]);
          if (supabase) await recordInSupabaseLedger(sql, supabase, m);
        },
        m.file,
      );
      options.onStep?.({ direction: 'up', file: m.file });
      done.push(m.file);
    }
    if (done.length > 0) await reloadPostgrestSchema(sql);
    return done;
  });
}

/** Rolls back the newest `steps` applied migrations (all with `steps: 'all'`), newest first. */
export async function migrateDown(
  sql: SqlClient,
  steps: number | 'all',
  options: MigrateOptions = {},
): Promise<string[]> {
  if (steps !== 'all' && (!Number.isInteger(steps) || steps < 1)) {
    throw new Error(`Invalid --steps '${steps}'. Expected a whole number from 1 up, or --all.`);
  }
  const files = await readMigrations(options.dir);
  return withMigrateLock(sql, async () => {
    const supabase = await readSupabaseLedger(sql);
    const applied = await adoptSupabaseApplied(sql, files, supabase, options);
    const byVersion = new Map(files.map((m) => [m.version, m]));
    const versions = [...applied.keys()].sort().reverse();
    const chosen = steps === 'all' ? versions : versions.slice(0, steps);
    const done: string[] = [];
    for (const version of chosen) {
      const m = byVersion.get(version);
      if (!m)
        throw new Error(`Cannot roll back ${version}: its files are missing from the migrations folder.`);
      await inTransaction(
        sql,
        async () => {
          await sql.exec(m.down);
          await sql.query(`delete from ${LEDGER} where version = $1`, [version]);
          if (supabase) await sql.query(`delete from ${SUPABASE_LEDGER} where version = $1`, [version]);
        },
        m.file.replace(/\.sql$/, '.down.sql'),
      );
      options.onStep?.({ direction: 'down', file: m.file });
      done.push(m.file);
    }
    if (done.length > 0) await reloadPostgrestSchema(sql);
    return done;
  });
}

/**
 * Every migration on disk, whether applied (by strukt-cron, or by `supabase db push`: the next
 * `db migrate` adopts those), and whether its file changed since. Only reads.
 */
export async function migrationStatus(
  sql: SqlClient,
  options: MigrateOptions = {},
): Promise<MigrationStatus[]> {
  const files = await readMigrations(options.dir);
  const [ledger] = await sql.query<{ exists: boolean }>(
    `select to_regclass($1::text) is not null as exists`,
    [LEDGER],
  );
  const applied = ledger?.exists ? await readLedger(sql) : new Map<string, LedgerRow>();
  const supabase = await readSupabaseLedger(sql);
  return files.map((m) => {
    const row = applied.get(m.version);
    return {
      version: m.version,
      name: m.name,
      file: m.file,
      applied: row !== undefined || (supabase?.versions.has(m.version) ?? false),
      appliedAt: row?.applied_at ?? null,
      changed: row !== undefined && row.checksum !== m.checksum,
    };
  });
}

interface LedgerRow {
  version: string;
  checksum: string;
  applied_at: string;
}

async function ensureLedger(sql: SqlClient): Promise<void> {
  await sql.exec(`
    create schema if not exists strukt_meta;
    create table if not exists ${LEDGER} (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    );`);
}

async function readLedger(sql: SqlClient): Promise<Map<string, LedgerRow>> {
  const rows = await sql.query<LedgerRow>(
    `select version, checksum, to_char(applied_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as applied_at
     from ${LEDGER} order by version`,
  );
  return new Map(rows.map((r) => [r.version, r]));
}

interface SupabaseLedger {
  versions: Set<string>;
  /** Older CLI versions recorded no name. */
  hasName: boolean;
}

/** Supabase's ledger, when this database has one (the CLI created it on a first `db push`); else null. */
async function readSupabaseLedger(sql: SqlClient): Promise<SupabaseLedger | null> {
  const [table] = await sql.query<{ exists: boolean; has_name: boolean }>(
    `select to_regclass($1::text) is not null as exists,
            exists (select 1 from pg_attribute
                    where attrelid = to_regclass($1::text) and attname = 'name' and not attisdropped) as has_name`,
    [SUPABASE_LEDGER],
  );
  if (!table?.exists) return null;
  const rows = await sql.query<{ version: string }>(`select version from ${SUPABASE_LEDGER}`);
  return { versions: new Set(rows.map((r) => r.version)), hasName: table.has_name };
}

/**
 * Records as applied, without running them, the migrations Supabase's ledger says ran (its CLI
 * applied them from the same files). Returns our ledger, adopted rows included.
 */
async function adoptSupabaseApplied(
  sql: SqlClient,
  files: MigrationFile[],
  supabase: SupabaseLedger | null,
  options: MigrateOptions,
): Promise<Map<string, LedgerRow>> {
  const applied = await readLedger(sql);
  if (!supabase) return applied;
  const adopted = files.filter((m) => !applied.has(m.version) && supabase.versions.has(m.version));
  if (adopted.length === 0) return applied;
  for (const m of adopted) {
    await sql.query(
      `insert into ${LEDGER} (version, name, checksum) values ($1, $2, $3) on conflict (version) do nothing`,
      [m.version, m.name, m.checksum],
    );
    options.onStep?.({ direction: 'adopt', file: m.file });
  }
  return readLedger(sql);
}

/** What `supabase db push` would have recorded, so it does not run the migration again. */
async function recordInSupabaseLedger(
  sql: SqlClient,
  supabase: SupabaseLedger,
  m: MigrationFile,
): Promise<void> {
  // No conflict target: the CLI's own table has version as primary key, but nothing here relies on it.
  if (supabase.hasName) {
    await sql.query(
      `insert into ${SUPABASE_LEDGER} (version, name, statements) values ($1, $2, array[$3::text]) on conflict do nothing`,
      [m.version, m.name, m.up],
    );
  } else {
    await sql.query(
      `insert into ${SUPABASE_LEDGER} (version, statements) values ($1, array[$2::text]) on conflict do nothing`,
      [m.version, m.up],
    );
  }
}

function assertUnchanged(files: MigrationFile[], applied: Map<string, LedgerRow>): void {
  const byVersion = new Map(files.map((m) => [m.version, m]));
  for (const [version, row] of applied) {
    const m = byVersion.get(version);
    if (!m) {
      throw new Error(
        `Applied migration ${version} is missing from the migrations folder. Restore its file.`,
      );
    }
    if (m.checksum !== row.checksum) {
      throw new Error(
        `Migration ${m.file} was changed after it was applied. Applied migrations must not be edited: ` +
          `restore the file and add a new migration for the change.`,
      );
    }
  }
}

async function withMigrateLock<T>(sql: SqlClient, work: () => Promise<T>): Promise<T> {
  // Session-level lock: held across the per-migration transactions below.
  await sql.query('select pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
  try {
    await ensureLedger(sql);
    return await work();
  } finally {
    await sql.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]);
  }
}

async function inTransaction(sql: SqlClient, work: () => Promise<void>, file: string): Promise<void> {
  await sql.exec('begin');
  try {
    await work();
    await sql.exec('commit');
  } catch (error) {
    await sql.exec('rollback');
    throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
  }
}

/** Tells PostgREST (Supabase) to re-read the schema so new functions are callable at once. */
async function reloadPostgrestSchema(sql: SqlClient): Promise<void> {
  await sql.exec(`notify pgrst, 'reload schema'`);
}
