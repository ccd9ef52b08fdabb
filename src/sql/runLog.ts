/**
 * The run log, admin.system_cron_logs, through its functions: cron_record_run writes a run's one
 * row; cron_recent_runs, cron_runs_since and cron_period_runs read them; cron_prune applies
 * retention. Timestamps arrive as ISO strings on every transport.
 */
import type { Db } from '../db/types.ts';
import { rowsOf, scalarOf } from './call.ts';

export interface RecordRunArgs {
  p_run_id: string;
  p_function_name: string;
  p_run_status: string;
  p_run_time: string;
  p_duration_ms: number;
  p_attempts: number;
  p_details: Record<string, unknown>;
  p_error_message: string | null;
}

/** Idempotent on run_id: false when the row was already there (a retried write). */
export function recordRun(db: Db, args: RecordRunArgs): Promise<boolean> {
  return scalarOf<boolean>(db, 'cron_record_run', args);
}

/** A past run as cron_recent_runs returns it, newest first. */
export interface RecentRunRow {
  run_id: string;
  run_status: string;
  run_time: string;
  duration_ms: number | null;
  attempts: number;
  error_message: string | null;
  details: Record<string, unknown> | null;
}

export function recentRuns(
  db: Db,
  args: { p_function_name: string; p_limit: number },
): Promise<RecentRunRow[]> {
  return rowsOf<RecentRunRow>(db, 'cron_recent_runs', args);
}

/** A row of cron_runs_since: the figures the health check evaluates, keyset-paged by (run_time, run_id). */
export interface RunSinceRow {
  run_id: string;
  run_time: string;
  run_status: string;
  duration_ms: number | null;
  attempts: number | null;
  period_end: string | null;
  trigger: string | null;
  error_message: string | null;
  /** Null for runs that did not record their users (older rows, other writers). */
  considered: number | null;
  ai_calls: number | null;
  ai_retried_calls: number | null;
  /** details.run_url of a run that did not succeed; null otherwise (and before 20261130001600). */
  run_url?: string | null;
}

export function runsSince(
  db: Db,
  args: {
    p_function_name: string;
    p_since: string;
    p_after_time: string | null;
    p_after_id: string | null;
    p_limit: number;
  },
): Promise<RunSinceRow[]> {
  return rowsOf<RunSinceRow>(db, 'cron_runs_since', args);
}

/** A run that recorded its period, as cron_period_runs returns it (newest first, at most 1,000). */
export interface PeriodRun {
  run_id: string;
  run_time: string;
  run_status: string;
  period_start: string | null;
  period_end: string;
  /** `i/n`, or null for a run over every user. */
  shard: string | null;
  /** The run was limited to named users: it finishes nothing for everyone else. */
  users_filtered: boolean;
  succeeded: number | null;
  failed: number | null;
  remaining: number | null;
}

export function periodRuns(db: Db, args: { p_function_name: string; p_since: string }): Promise<PeriodRun[]> {
  return rowsOf<PeriodRun>(db, 'cron_period_runs', args);
}

/** Deletes run log rows older than `keepDays` before `now`, and expired leases. */
export async function prune(
  db: Db,
  { keepDays, now }: { keepDays: number; now: Date },
): Promise<{ logsDeleted: number; leasesDeleted: number }> {
  const [row] = await rowsOf<{ logs_deleted: number; leases_deleted: number }>(db, 'cron_prune', {
    p_keep_days: keepDays,
    p_now: now.toISOString(),
  });
  return { logsDeleted: row?.logs_deleted ?? 0, leasesDeleted: row?.leases_deleted ?? 0 };
}
