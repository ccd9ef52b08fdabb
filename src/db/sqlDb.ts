import { assertFunctionName, type Db, type SqlClient, type Transport } from './types.ts';

/**
 * `Db` over a direct SQL connection (the `postgres` and `embedded` transports).
 *
 * Rows come back through `json_agg`, so they have exactly the shape PostgREST gives the
 * `supabase` transport: timestamps as ISO strings, numerics and bigints as JSON numbers.
 * A function returning a scalar yields one row `{ <fn>: value }`.
 */
export function sqlDb(
  sql: SqlClient,
  transport: Transport,
  close: () => Promise<void> = () => sql.close(),
): Db {
  return {
    transport,
    async call<Row>(fn: string, args: Record<string, unknown> = {}): Promise<Row[]> {
      assertFunctionName(fn);
      const names = Object.keys(args).filter((name) => args[name] !== undefined);
      for (const name of names) assertFunctionName(name);
      const named = names.map((name, i) => `${name} => $${i + 1}`).join(', ');
      const params = names.map((name) => toParam(args[name]));
      const rows = await sql.query<{ rows: Row[] | null }>(
        `select coalesce(json_agg(r), '[]'::json) as rows from (select * from public.${fn}(${named})) r`,
        params,
      );
      return rows[0]?.rows ?? [];
    },
    close,
  };
}

/**
 * Arrays of scalars become PostgreSQL arrays (uuid[], text[] arguments); objects and arrays of
 * objects go as JSON (jsonb arguments) — the same values PostgREST would receive as JSON.
 */
function toParam(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}
