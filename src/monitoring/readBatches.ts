/**
 * Reads the OpenAI batches for the health check, through `cron_batch_health`: one call for every
 * job (the rows are few: the window's closed batches and the unclosed ones).
 */
import { DbError, PG } from '../db/types.ts';
import type { Db } from '../db/types.ts';
import { batchHealth, type BatchHealthRow } from '../sql/batches.ts';

/**
 * The batches submitted or closed since `since`, and every unclosed one, as of `asOf`. Null when
 * the database has no cron_batch_health (migration 20261201000200 not applied): there can be no
 * batch to judge then. PostgREST names a missing function PGRST202, PostgreSQL 42883.
 */
export async function readBatchHealth(db: Db, asOf: Date, since: Date): Promise<BatchHealthRow[] | null> {
  try {
    return await batchHealth(db, { p_as_of: asOf.toISOString(), p_since: since.toISOString() });
  } catch (error) {
    if (error instanceof DbError && (error.code === PG.undefinedFunction || error.code === 'PGRST202')) {
      return null;
    }
    throw new Error('Could not read the OpenAI batches from strukt.ai_batches', { cause: error });
  }
}
