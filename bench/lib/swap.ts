/**
 * Puts a proposed SQL function (bench/proposed/, schema bench) in the place of a shipped one for
 * the length of some work, so the unchanged product measures the proposal's expected effect.
 * Only the benchmark database is touched; the shipped function is renamed aside and put back.
 */
import type { SqlClient } from '../../src/db/types.ts';

export interface Replacement {
  /** The shipped function, e.g. `cron_runs_since` (schema public). */
  name: string;
  /** Its argument types, e.g. `text, timestamptz, timestamptz, uuid, integer`. */
  signature: string;
  /** The parameter list with defaults, as the shipped function declares it. */
  parameters: string;
  /** Its `returns table (…)` clause. */
  returns: string;
  /** The call to the proposal, e.g. `bench.runs_since(p_function_name, p_since, …)`. */
  call: string;
}

export async function withReplacement<T>(sql: SqlClient, r: Replacement, work: () => Promise<T>): Promise<T> {
  await sql.exec(`
    alter function public.${r.name}(${r.signature}) rename to ${r.name}_shipped;
    create function public.${r.name}(${r.parameters}) ${r.returns}
    language sql stable as 'select * from ${r.call}';`);
  try {
    return await work();
  } finally {
    await sql.exec(`
      drop function public.${r.name}(${r.signature});
      alter function public.${r.name}_shipped(${r.signature}) rename to ${r.name};`);
  }
}
