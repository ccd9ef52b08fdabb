/**
 * Reads one job's system_cron_logs rows for the health check, through `cron_runs_since`.
 */
import { MAX_PAGE_SIZE } from '../db/pages.ts';
import type { Db } from '../db/types.ts';
import { runsSince, type RunSinceRow } from '../sql/runLog.ts';
import type { RunSample, RunSampleStatus } from './evaluate.ts';

const STATUSES: ReadonlySet<string> = new Set<RunSampleStatus>(['success', 'partial_success', 'error']);

export interface ReadRunsOptions {
  /** Rows per call; PostgREST's cap (1,000) is also the most allowed. @default 1000 */
  pageSize?: number;
}

/**
 * Every run of `functionName` that started at or after `since`, oldest first. Pages by
 * (run_time, run_id), one call per page, so a window of any size reads past PostgREST's cap.
 */
export async function readRunSamples(
  db: Db,
  functionName: string,
  since: Date,
  options: ReadRunsOptions = {},
): Promise<RunSample[]> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(
      `Invalid pageSize '${pageSize}'. Expected a whole number from 1 to ${MAX_PAGE_SIZE}.`,
    );
  }
  const samples: RunSample[] = [];
  // The cursor keeps the database's own timestamp text: a JS Date would drop the microseconds,
  // and a cursor a fraction early would read rows of the last page again.
  let after: { time: string; id: string } | null = null;
  for (;;) {
    let rows: RunSinceRow[];
    try {
      rows = await runsSince(db, {
        p_function_name: functionName,
        p_since: since.toISOString(),
        p_after_time: after?.time ?? null,
        p_after_id: after?.id ?? null,
        p_limit: pageSize,
      });
    } catch (error) {
      throw new Error(`Could not read the runs of ${functionName} from admin.system_cron_logs`, {
        cause: error,
      });
    }
    for (const row of rows) samples.push(toSample(row));
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return samples;
    after = { time: last.run_time, id: last.run_id };
  }
}

function toSample(row: RunSinceRow): RunSample {
  if (!STATUSES.has(row.run_status)) {
    throw new Error(
      `Unexpected run_status '${row.run_status}' on run ${row.run_id}. Expected success, partial_success or error.`,
    );
  }
  return {
    runId: row.run_id,
    runTime: row.run_time,
    status: row.run_status as RunSampleStatus,
    durationMs: row.duration_ms,
    attempts: row.attempts ?? 1,
    errorMessage: row.error_message,
    periodEnd: row.period_end,
    trigger: row.trigger,
    considered: row.considered ?? null,
    aiCalls: row.ai_calls ?? 0,
    aiRetriedCalls: row.ai_retried_calls ?? 0,
    runUrl: row.run_url ?? null,
  };
}
