/**
 * The run log (admin.system_cron_logs) as `strukt-cron runs` shows it, read through
 * `cron_recent_runs`, the function job summaries read: one call per job, newest first, merged.
 */
import type { Db } from '../db/types.ts';
import type { JobDefinition, JobName } from '../domain/jobs.ts';
import { scrub } from '../lib/sanitize.ts';
import { recentRuns, type RecentRunRow } from '../sql/runLog.ts';

/** A row of `cron_recent_runs` as every transport returns it (timestamps as ISO strings). */

/** One run of the log. Details are read field by field: a row may hold anything a run wrote. */
export interface RunLogEntry {
  runId: string;
  job: JobName;
  functionName: string;
  status: string;
  /** ISO time the run started. */
  runTime: string;
  durationMs: number | null;
  attempts: number;
  /** details.counts; null for runs that did not record them (the original Phase 3's). */
  counts: {
    considered: number | null;
    succeeded: number | null;
    failed: number | null;
    /** The skipped users over every reason. */
    skipped: number | null;
    remaining: number | null;
  } | null;
  trigger: string | null;
  source: string | null;
  shard: string | null;
  period: { start: string | null; end: string | null } | null;
  /** The run's one-line outcome, masked (`scrub`). */
  message: string | null;
  /** The recorded error, masked (`scrub`). */
  errorMessage: string | null;
  /** The GitHub Actions run, when the run recorded one. */
  runUrl: string | null;
}

/** The newest `limit` runs of `jobs` together, newest first. */
export async function readRunLog(
  db: Db,
  jobs: readonly JobDefinition[],
  limit: number,
): Promise<RunLogEntry[]> {
  const perJob = await Promise.all(
    jobs.map(async (job) => {
      try {
        const rows = await recentRuns(db, { p_function_name: job.functionName, p_limit: limit });
        return rows.map((row) => toEntry(job, row));
      } catch (error) {
        throw new Error(`Could not read the runs of ${job.functionName} from admin.system_cron_logs`, {
          cause: error,
        });
      }
    }),
  );
  return perJob
    .flat()
    .sort((a, b) => Date.parse(b.runTime) - Date.parse(a.runTime) || a.runId.localeCompare(b.runId))
    .slice(0, limit);
}

function toEntry(job: JobDefinition, row: RecentRunRow): RunLogEntry {
  const details = isObject(row.details) ? row.details : {};
  const counts = isObject(details.counts) ? details.counts : null;
  const period = isObject(details.period) ? details.period : null;
  const message = text(details.message);
  return {
    runId: row.run_id,
    job: job.name,
    functionName: job.functionName,
    status: row.run_status,
    runTime: new Date(Date.parse(row.run_time)).toISOString(),
    durationMs: row.duration_ms,
    attempts: row.attempts ?? 1,
    counts: counts && {
      considered: count(counts.considered),
      succeeded: count(counts.succeeded),
      failed: count(counts.failed),
      skipped: isObject(counts.skipped)
        ? Object.values(counts.skipped).reduce<number>((sum, n) => sum + (count(n) ?? 0), 0)
        : count(counts.skipped),
      remaining: count(counts.remaining),
    },
    trigger: text(details.trigger),
    source: text(details.source),
    shard: text(details.shard),
    period: period && { start: text(period.start), end: text(period.end) },
    message: message === null ? null : scrub(message),
    errorMessage: row.error_message === null ? null : scrub(row.error_message),
    runUrl: text(details.run_url),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
