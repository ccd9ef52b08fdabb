/**
 * The shapes every typed SQL wrapper shares. Each `cron_*` function of the migrations has exactly
 * one wrapper in this folder, with its arguments and its row type: the only place a function is
 * called by name, so a renamed argument or column breaks one file and the type checker finds the
 * callers.
 */
import type { Db } from '../db/types.ts';

/** Arguments of a keyset-paged function: the last key seen (null for the first page) and the page size. */
export interface PageArgs {
  p_after: string | null;
  p_limit: number;
}

/** The function a page of `Row`s is read with (`pages` in src/db/pages.ts drives it). */
export type PageReader<Args, Row> = (db: Db, args: Args & PageArgs) => Promise<Row[]>;

/** Counts what a paged function would still return after `p_after` (null: all of it). */
export type PendingCounter<Args> = (db: Db, args: Args & { p_after: string | null }) => Promise<number>;

/** A scalar function's value: its one row holds it under the function's own name. */
export async function scalarOf<T>(db: Db, fn: string, args: object = {}): Promise<T> {
  const rows = await db.call<Record<string, T>>(fn, args as Record<string, unknown>);
  return rows[0]?.[fn] as T;
}

/** A set-returning function's rows. */
export function rowsOf<Row>(db: Db, fn: string, args: object = {}): Promise<Row[]> {
  return db.call<Row>(fn, args as Record<string, unknown>);
}

/** The arguments every candidate function shares: named users (null: all) and the shard. */
export interface SelectionArgs {
  p_users: string[] | null;
  p_shard_index: number;
  p_shard_count: number;
}
