/**
 * Database checks: reachable, migrations applied and unchanged, the Supabase baseline and every
 * table the jobs need. The columns, indexes and keys the jobs rely on are in schema.ts.
 */
import { migrationStatus, type MigrationStatus } from '../db/migrate.ts';
import { DbError, type SqlClient } from '../db/types.ts';
import { describeError } from '../lib/sanitize.ts';
import { recentRuns } from '../sql/runLog.ts';
import { JOB_TABLES, tableLabel } from './jobColumns.ts';
import { missingTables, withSql } from './sql.ts';
import { fail, isSkipped, listOf, pass, skip, type Check, type VerifyContext } from './types.ts';

/**
 * Every table the jobs read or write, the leases the run engine owns, and the notification ledger
 * the status check's cooldowns read (schema-qualified).
 */
export const REQUIRED_TABLES: readonly string[] = [
  ...JOB_TABLES,
  'public.cron_leases',
  'strukt.notification_ledger',
  'strukt.ai_batches',
  'strukt.ai_batch_requests',
];

export const MIGRATE_FIX =
  'Run `strukt-cron db migrate` with DATABASE_URL set to this database (it applies only what is missing).';

const reachable: Check = {
  group: 'database',
  name: 'reachable',
  async run(ctx) {
    if (!ctx.config) return skip('the configuration is invalid (see configuration / environment)');
    const parts: string[] = [];
    const sql = await ctx.sql();
    if (!isSkipped(sql)) {
      const [row] = await sql.query<{ num: number; version: string }>(
        `select current_setting('server_version_num')::integer as num, current_setting('server_version') as version`,
      );
      if (!row || row.num < 150000) {
        return fail(
          `PostgreSQL ${row?.version ?? '(unknown)'} answered; the migrations need 15 or newer`,
          'Upgrade the server to PostgreSQL 15 or newer (Supabase projects already are).',
        );
      }
      parts.push(
        `PostgreSQL ${row.version} over ${ctx.transport === 'supabase' ? 'DATABASE_URL' : ctx.transport}`,
      );
    } else if (ctx.transport !== 'supabase') {
      return fail(
        sql.detail ? `the database is not reachable: ${sql.detail}` : sql.reason,
        ctx.transport === 'embedded'
          ? 'Check STRUKT_DATA_DIR points at a writable folder that no other process has open.'
          : 'Check DATABASE_URL (host, port, user, password, database) and that the server accepts connections from here.',
      );
    }
    if (ctx.transport === 'supabase') {
      const rpc = await probeRpc(ctx);
      if (!rpc.ok) return rpc;
      parts.push(rpc.reason);
    }
    return pass(parts.join('; '));
  },
};

/** The supabase transport answers RPC with the service-role key: the path every job call takes. */
async function probeRpc(ctx: VerifyContext) {
  const db = await ctx.db();
  if (isSkipped(db))
    return fail(db.detail ?? db.reason, 'Check SUPABASE_URL and that the project is not paused.');
  try {
    await recentRuns(db, { p_function_name: 'generateWeeklyDigest', p_limit: 1 });
    return pass('PostgREST answers RPC with the service-role key');
  } catch (error) {
    const code = error instanceof DbError ? error.code : undefined;
    const fix =
      code === 'PGRST202' || code === '42883'
        ? MIGRATE_FIX
        : code === '42501'
          ? 'SUPABASE_SERVICE_ROLE_KEY is not the service_role key: set the service_role key from Project Settings → API.'
          : code?.startsWith('PGRST3')
            ? 'The API refused the key: set SUPABASE_SERVICE_ROLE_KEY to this project’s service_role key.'
            : 'Check SUPABASE_URL and that the project is not paused (Dashboard → Project overview).';
    return fail(`RPC cron_recent_runs failed: ${describeError(error)}`, fix);
  }
}

async function readMigrationStatus(ctx: VerifyContext, sql: SqlClient): Promise<MigrationStatus[] | null> {
  return ctx.memo('migrations', async () => {
    // Either ledger counts: a migration `supabase db push` ran is applied (the next migrate adopts it).
    const [ledger] = await sql.query<{ exists: boolean }>(
      `select to_regclass('strukt_meta.schema_migrations') is not null
           or to_regclass('supabase_migrations.schema_migrations') is not null as exists`,
    );
    return ledger?.exists ? migrationStatus(sql) : null;
  });
}

const migrationsApplied: Check = {
  group: 'database',
  name: 'migrations applied',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const status = await readMigrationStatus(ctx, sql);
      if (!status)
        return fail('no migration was ever applied (strukt_meta.schema_migrations is missing)', MIGRATE_FIX);
      const pending = status.filter((m) => !m.applied).map((m) => m.file);
      if (pending.length > 0) return fail(`${pending.length} pending: ${listOf(pending, 3)}`, MIGRATE_FIX);
      return pass(`all ${status.length} applied`);
    }),
};

const migrationsUnchanged: Check = {
  group: 'database',
  name: 'migrations unchanged',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const status = await readMigrationStatus(ctx, sql);
      const applied = status?.filter((m) => m.applied) ?? [];
      if (applied.length === 0) return skip('no migration is applied yet');
      const changed = applied.filter((m) => m.changed).map((m) => m.file);
      if (changed.length > 0) {
        return fail(
          `changed after being applied: ${listOf(changed, 3)}`,
          'Restore the file(s) from git (applied migrations are never edited) and put the change in a new migration.',
        );
      }
      return pass(`the ${applied.length} applied files match their recorded checksums`);
    }),
};

const baseline: Check = {
  group: 'database',
  name: 'Supabase baseline',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const [row] = await sql.query<Record<string, boolean>>(
        `select (select count(*) from pg_roles where rolname in ('anon', 'authenticated', 'service_role')) = 3 as roles,
                coalesce((select rolbypassrls from pg_roles where rolname = 'service_role'), false) as bypass,
                to_regclass('auth.users') is not null as users,
                to_regprocedure('auth.uid()') is not null as uid,
                to_regprocedure('auth.role()') is not null as role,
                to_regnamespace('strukt') is not null as strukt`,
      );
      const wanted: Record<string, string> = {
        roles: 'roles anon, authenticated and service_role',
        bypass: 'service_role with BYPASSRLS',
        users: 'auth.users',
        uid: 'auth.uid()',
        role: 'auth.role()',
        strukt: 'schema strukt',
      };
      const missing = Object.keys(wanted)
        .filter((k) => !row?.[k])
        .map((k) => wanted[k]!);
      if (missing.length > 0) return fail(`missing: ${missing.join(', ')}`, MIGRATE_FIX);
      return pass('auth schema, auth.uid()/auth.role(), the three API roles and schema strukt exist');
    }),
};

const tables: Check = {
  group: 'database',
  name: 'tables',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const missing = await missingTables(sql, REQUIRED_TABLES);
      if (missing.length > 0) return fail(`missing: ${listOf(missing)}`, MIGRATE_FIX);
      return pass(`all ${REQUIRED_TABLES.length} present (${listOf(REQUIRED_TABLES.map(tableLabel), 4)})`);
    }),
};

/** The fix for a time zone copy older than the server's tzdata. */
export const TIME_ZONES_FIX =
  'insert into strukt.time_zones select name from pg_catalog.pg_timezone_names on conflict do nothing;';

/**
 * strukt.time_zones is a copy of pg_timezone_names (migration faster_reads). A name added by a
 * later tzdata is still honoured, but looked up in the slow view on every page: say so.
 */
const timeZones: Check = {
  group: 'database',
  name: 'time zone names',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const [table] = await sql.query<{ present: boolean }>(
        `select to_regclass('strukt.time_zones') is not null as present`,
      );
      if (!table?.present) return fail('strukt.time_zones is missing', MIGRATE_FIX);
      const [row] = await sql.query<{ known: number; absent: number }>(
        `select count(*)::integer as known, count(*) filter (where t.name is null)::integer as absent
         from pg_catalog.pg_timezone_names n left join strukt.time_zones t on t.name = n.name`,
      );
      const { known = 0, absent = 0 } = row ?? {};
      if (absent > 0) {
        return fail(
          `${absent} of the ${known} names PostgreSQL knows are not in strukt.time_zones (its tzdata changed); ` +
            'users in those zones are still checked in their zone, but every page of the status check gets slower',
          TIME_ZONES_FIX,
        );
      }
      return pass(`all ${known} names PostgreSQL knows are in strukt.time_zones`);
    }),
};

export function databaseChecks(): Check[] {
  return [reachable, migrationsApplied, migrationsUnchanged, baseline, tables, timeZones];
}
