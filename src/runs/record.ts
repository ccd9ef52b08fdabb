import type { Db } from '../db/types.ts';
import { scrub } from '../lib/sanitize.ts';
import { recordRun as recordRunRow } from '../sql/runLog.ts';
import type { RunReport } from './types.ts';

/**
 * Writes the run's one system_cron_logs row: the seed's columns plus run_id, and details with
 * figures only — never per-user results, which carry digest text and user ids.
 * Idempotent on run_id, so a retried write is harmless. Texts are masked again here (`scrub`),
 * whoever wrote them: the row outlives the run and is read by reports and the health check.
 */
export function recordRun(db: Db, report: RunReport, errorMessage: string | null): Promise<boolean> {
  return recordRunRow(db, {
    p_run_id: report.runId,
    p_function_name: report.functionName,
    p_run_status: report.status,
    p_run_time: report.startedAt,
    p_duration_ms: report.durationMs,
    p_attempts: report.attempts,
    p_details: runDetails(report),
    p_error_message: errorMessage === null ? null : scrub(errorMessage),
  });
}

/** The details jsonb of a run record. */
export function runDetails(report: RunReport): Record<string, unknown> {
  return {
    job: report.job,
    message: scrub(report.message),
    period: report.period,
    as_of: report.asOf,
    counts: report.counts,
    figures: report.figures,
    shard: report.shard ? `${report.shard.index}/${report.shard.count}` : null,
    // A run limited to a few users never finishes a period for everyone (continuation reads it).
    users_filter: report.usersFiltered,
    trigger: report.trigger,
    source: report.source,
    run_url: report.runUrl ?? null,
    model: report.ai.model,
    usage: {
      requests: report.ai.requests,
      prompt_tokens: report.ai.promptTokens,
      completion_tokens: report.ai.completionTokens,
      estimated_cost_usd: report.ai.estimatedCostUsd,
      // Read by cron_cost_by_week: the batch part of the cost above (direct = total − batch).
      ...(report.ai.batch
        ? {
            batch: {
              requests: report.ai.batch.requests,
              prompt_tokens: report.ai.batch.promptTokens,
              completion_tokens: report.ai.batch.completionTokens,
              estimated_cost_usd: report.ai.batch.estimatedCostUsd,
            },
          }
        : {}),
    },
    // Read by cron_call_retry_rates and cron_runs_since: the call retry rate is retried_calls ÷ calls.
    ai: { calls: report.ai.calls, retried_calls: report.ai.retriedCalls },
    errors: report.errors.slice(0, 20).map(scrub),
  };
}
