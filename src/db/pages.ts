import type { Db } from './types.ts';

/** PostgREST caps a response at 1,000 rows (Supabase's default), so no page may be larger. */
export const MAX_PAGE_SIZE = 1000;

/**
 * Reads a list function in keyset pages. The function takes `p_after` (the last key seen, null
 * for the first page) and `p_limit`, and returns rows ordered by `key`. One call per page, so a
 * run's database calls grow with pages, not with users.
 */
export async function* pages<Row extends Record<string, unknown>>(
  db: Db,
  fn: string,
  args: Record<string, unknown>,
  options: {
    key: keyof Row & string;
    pageSize?: number;
    /** Wraps each page's call, e.g. in the run's retry policy: a page read is safe to repeat. */
    read?: (call: () => Promise<Row[]>) => Promise<Row[]>;
  },
): AsyncGenerator<Row[]> {
  const pageSize = Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const read = options.read ?? ((call) => call());
  let after: unknown = null;
  for (;;) {
    const pageArgs = { ...args, p_after: after, p_limit: pageSize };
    const rows = await read(() => db.call<Row>(fn, pageArgs));
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]![options.key];
  }
}

/** The value of a function that returns a scalar. */
export async function scalar<T>(db: Db, fn: string, args: Record<string, unknown> = {}): Promise<T> {
  const rows = await db.call<Record<string, T>>(fn, args);
  return rows[0]?.[fn] as T;
}
