import type { Db } from '../db/types.ts';
import { readConsentFigures, type ConsentFigures } from './consent.ts';
import { findJob } from '../jobs/registry.ts';

/**
 * The seed's monitoring figures plus the retry-needed rate and the OpenAI call retry rate, as
 * `strukt-cron report` prints them.
 */
export interface MonitoringReport {
  days: number;
  generatedAt: string;
  successRates: Array<{
    function_name: string;
    total_runs: number;
    successful: number;
    success_rate_pct: number;
  }>;
  performance: Array<{
    function_name: string;
    executions: number;
    avg_duration_ms: number;
    max_duration_ms: number;
    min_duration_ms: number;
    /** Users the runs considered (runs that recorded none add 0). */
    users: number;
    /** Duration ÷ users over the runs that recorded users; null when none did. */
    avg_ms_per_user: number | null;
    /** The seed's flat figure for the job's average duration (registry), shown, never alerted on. */
    seed_avg_duration_ms: number | null;
  }>;
  /** Runs whose own database work needed a retry (attempts > 1): the seed's retry-needed rate. */
  retryRates: Array<{ function_name: string; runs: number; retried: number; retry_rate_pct: number }>;
  /** OpenAI calls that needed a retry (details.ai); the rate is null without calls. */
  callRetryRates: Array<{
    function_name: string;
    runs: number;
    calls: number;
    retried_calls: number;
    call_retry_rate_pct: number | null;
  }>;
  recentErrors: Array<{
    function_name: string;
    run_time: string;
    error_message: string | null;
    attempts: number;
  }>;
  errorAnalysis: Array<{
    function_name: string;
    error_message: string;
    occurrences: number;
    last_seen: string;
  }>;
  notificationTrends: Array<{ date: string; notifications_sent: number; proactive_count: number }>;
  /** Users with AI consent now, and the users given templates for lack of it over `days`. */
  consent: ConsentFigures;
}

/**
 * Reads every figure. Windows follow the seed: success and retry rates (runs and calls) and
 * notification trends over `days` (30), performance and error analysis over min(days, 7).
 */
export async function readMonitoringReport(db: Db, days: number, now: Date): Promise<MonitoringReport> {
  const p_now = now.toISOString();
  const shortDays = Math.min(days, 7);
  const [
    successRates,
    performance,
    retryRates,
    callRetryRates,
    recentErrors,
    errorAnalysis,
    notificationTrends,
  ] = await Promise.all([
    db.call<MonitoringReport['successRates'][number]>('cron_success_rates', { p_days: days, p_now }),
    db.call<Omit<MonitoringReport['performance'][number], 'seed_avg_duration_ms'>>('cron_performance', {
      p_days: shortDays,
      p_now,
    }),
    db.call<MonitoringReport['retryRates'][number]>('cron_retry_rates', { p_days: days, p_now }),
    db.call<MonitoringReport['callRetryRates'][number]>('cron_call_retry_rates', { p_days: days, p_now }),
    db.call<MonitoringReport['recentErrors'][number]>('cron_recent_errors', { p_limit: 20 }),
    db.call<MonitoringReport['errorAnalysis'][number]>('cron_error_analysis', { p_days: shortDays, p_now }),
    db.call<MonitoringReport['notificationTrends'][number]>('cron_notification_trends', {
      p_days: days,
      p_now,
    }),
  ]);
  // Details can hold anything a run wrote; the report shows the seed's columns only.
  const errors = recentErrors.map(({ function_name, run_time, error_message, attempts }) => ({
    function_name,
    run_time,
    error_message,
    attempts,
  }));
  return {
    days,
    generatedAt: p_now,
    successRates,
    performance: performance.map((row) => ({
      ...row,
      seed_avg_duration_ms: findJob(row.function_name)?.thresholds.seedAvgDurationMs ?? null,
    })),
    retryRates,
    callRetryRates,
    recentErrors: errors,
    errorAnalysis,
    notificationTrends,
    consent: await readConsentFigures(db, days, now),
  };
}
