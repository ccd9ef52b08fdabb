/**
 * Catalog reads and role switches shared by the raw-SQL checks. Everything here only reads, and
 * every statement run under another role runs in a transaction that is rolled back.
 */
import { DbError, PG, type SqlClient } from '../db/types.ts';
import { describeError } from '../lib/sanitize.ts';
import type { FoundColumn } from './jobColumns.ts';
import { isSkipped, type CheckOutcome, type VerifyContext } from './types.ts';

/** The API roles Supabase's PostgREST switches to; verify checks what each may do. */
export type ApiRole = 'anon' | 'authenticated' | 'service_role';

/** Runs `check` with raw SQL, or reports the check skipped with the reason there is none. */
export async function withSql(
  ctx: VerifyContext,
  check: (sql: SqlClient) => Promise<CheckOutcome>,
): Promise<CheckOutcome> {
  const sql = await ctx.sql();
  if (isSkipped(sql)) return sql;
  return check(sql);
}

export type RoleAttempt =
  { allowed: true; rows: Record<string, unknown>[] } | { allowed: false; code: string; message: string };

/**
 * Runs one statement as `role` (`set local role`, as PostgREST does) and rolls back whatever it
 * did. A permission error (42501) comes back as `allowed: false`; any other error too, with its
 * code, so the caller can tell "refused" from "broken".
 */
export async function tryAsRole(sql: SqlClient, role: ApiRole, statement: string): Promise<RoleAttempt> {
  await sql.exec('begin');
  try {
    await sql.exec(`set local role ${role}`);
    const rows = await sql.query(statement);
    return { allowed: true, rows };
  } catch (error) {
    const code = error instanceof DbError ? (error.code ?? '') : '';
    return { allowed: false, code, message: describeError(error) };
  } finally {
    await sql.exec('rollback');
  }
}

export function isPermissionDenied(attempt: RoleAttempt): boolean {
  return !attempt.allowed && attempt.code === PG.insufficientPrivilege;
}

export interface ColumnInfo {
  name: string;
  type: string;
  not_null: boolean;
  default: string | null;
  /** 's' for a stored generated column, '' otherwise. */
  generated: string;
}

/** The columns of `table` (schema-qualified, e.g. `admin.system_cron_logs`); empty when it does not exist. */
export async function readColumns(sql: SqlClient, table: string): Promise<Map<string, ColumnInfo>> {
  const rows = await sql.query<ColumnInfo>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
            pg_get_expr(d.adbin, d.adrelid) as default, a.attgenerated::text as generated
     from pg_attribute a
     left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped`,
    [table],
  );
  return new Map(rows.map((r) => [r.name, r]));
}

/**
 * Every column of `tables` (schema-qualified) with its type without modifiers (`numeric`, `text[]`).
 * Read from pg_attribute rather than information_schema.columns, which hides the columns of
 * tables the connecting role holds no privilege on (admin.system_cron_logs, for one).
 */
export async function readTypesOf(sql: SqlClient, tables: readonly string[]): Promise<FoundColumn[]> {
  return sql.query<FoundColumn>(
    `select t as table, a.attname as column, format_type(a.atttypid, null) as type
     from unnest($1::text[]) t
     join pg_attribute a on a.attrelid = to_regclass(t) and a.attnum > 0 and not a.attisdropped
     order by t, a.attnum`,
    [tables],
  );
}

/**
 * The definitions of the check constraints on exactly one column of `table` (schema-qualified),
 * e.g. `CHECK ((priority = ANY (…)))`.
 */
export async function columnChecks(sql: SqlClient, table: string, column: string): Promise<string[]> {
  const rows = await sql.query<{ def: string }>(
    `select pg_get_constraintdef(c.oid) as def
     from pg_constraint c
     join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.conrelid = to_regclass($1) and c.contype = 'c' and cardinality(c.conkey) = 1 and a.attname = $2`,
    [table, column],
  );
  return rows.map((r) => r.def);
}

/** Which of `values` no check constraint on the column names (so the column's rule differs from the seed's). */
export function valuesMissingFrom(checks: string[], values: readonly string[]): string[] {
  return values.filter((v) => !checks.some((def) => def.includes(`'${v}'`)));
}

/** Tables of `names` (schema-qualified: `public.plans`, `admin.system_cron_logs`) that do not exist. */
export async function missingTables(sql: SqlClient, names: readonly string[]): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `select t as name from unnest($1::text[]) t where to_regclass(t) is null`,
    [names],
  );
  return rows.map((r) => r.name);
}

export interface JobFunctionRow {
  name: string;
  /** `public.cron_record_run(uuid,text,…)`: what a grant or revoke names. */
  signature: string;
  arg_types: string[];
  security_definer: boolean;
  config: string[] | null;
}

/** Every `public.cron_*` function: the job functions PostgREST exposes as RPC. */
export async function readJobFunctions(sql: SqlClient): Promise<JobFunctionRow[]> {
  return sql.query<JobFunctionRow>(
    `select p.proname as name, p.oid::regprocedure::text as signature,
            array(select format_type(t.oid, null) from unnest(p.proargtypes::oid[]) with ordinality t(oid, n)
                  order by t.n) as arg_types,
            p.prosecdef as security_definer, p.proconfig as config
     from pg_proc p
     where p.pronamespace = 'public'::regnamespace and p.proname like 'cron\\_%'
     order by p.proname, p.oid`,
  );
}

/** A call of the function with a typed null for every argument: privileges are checked before any work. */
export function nullCall(fn: JobFunctionRow): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(fn.name)) {
    throw new Error(`Unexpected function name '${fn.name}'. Expected a lower-case identifier.`);
  }
  const args = fn.arg_types.map((type) => `null::${type}`).join(', ');
  return `select public.${fn.name}(${args})`;
}

/**
 * The name of a valid, unique, non-partial index on exactly `columns` of `table` (in any order):
 * what `on conflict (columns)` needs to find. Null when there is none.
 */
export async function uniqueIndexOn(
  sql: SqlClient,
  table: string,
  columns: readonly string[],
): Promise<string | null> {
  const [row] = await sql.query<{ name: string }>(
    `select c.relname as name
     from pg_index i join pg_class c on c.oid = i.indexrelid
     where i.indrelid = to_regclass($1) and i.indisunique and i.indisvalid
       and i.indpred is null and i.indexprs is null and i.indnkeyatts = cardinality($2::text[])
       and array(select a.attname::text
                 from unnest(i.indkey::int2[]) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                 where k.n <= i.indnkeyatts order by 1) = array(select unnest($2::text[]) order by 1)
     order by c.relname
     limit 1`,
    [table, columns],
  );
  return row?.name ?? null;
}
