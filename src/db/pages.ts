import type { Db } from './types.ts';

/** PostgREST caps a response at 1,000 rows (Supabase's default), so no page may be larger. */
export const MAX_PAGE_SIZE = 1000;

/**
 * Reads a list function in keyset pages through its typed wrapper (src/sql/). The function takes
 * `p_after` (the last key seen, null for the first page) and `p_limit`, and returns rows ordered
 * by `key`. One call per page, so a run's database calls grow with pages, not with users.
 */
export async function* pages<Args, Row extends Record<string, unknown>>(
  db: Db,
  readPage: (db: Db, args: Args & { p_after: string | null; p_limit: number }) => Promise<Row[]>,
  args: Args,
  options: {
    key: keyof Row & string;
    pageSize?: number | undefined;
    /** Wraps each page's call, e.g. in the run's retry policy: a page read is safe to repeat. */
    read?: (call: () => Promise<Row[]>) => Promise<Row[]>;
  },
): AsyncGenerator<Row[]> {
  const pageSize = Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const read = options.read ?? ((call) => call());
  // The key as the function returned it (a uuid string for every cron_* function).
  let after: unknown = null;
  for (;;) {
    const pageArgs = { ...args, p_after: after as string | null, p_limit: pageSize };
    const rows = await read(() => readPage(db, pageArgs));
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]![options.key];
  }
}
