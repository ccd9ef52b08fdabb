import type { Db } from '../db/types.ts';

/** The seed's monitoring figures plus the retry-needed rate, as `strukt-cron report` prints them. */
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
  }>;
  retryRates: Array<{ function_name: string; runs: number; retried: number; retry_rate_pct: number }>;
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
}

/**
 * Reads every figure. Windows follow the seed: success and retry rates and notification trends
 * over `days` (30), performance and error analysis over min(days, 7).
 */
export async function readMonitoringReport(db: Db, days: number, now: Date): Promise<MonitoringReport> {
  const p_now = now.toISOString();
  const shortDays = Math.min(days, 7);
  const [successRates, performance, retryRates, recentErrors, errorAnalysis, notificationTrends] =
    await Promise.all([
      db.call<MonitoringReport['successRates'][number]>('cron_success_rates', { p_days: days, p_now }),
      db.call<MonitoringReport['performance'][number]>('cron_performance', { p_days: shortDays, p_now }),
      db.call<MonitoringReport['retryRates'][number]>('cron_retry_rates', { p_days: days, p_now }),
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
    performance,
    retryRates,
    recentErrors: errors,
    errorAnalysis,
    notificationTrends,
  };
}
