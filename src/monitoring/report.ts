import type { Db } from '../db/types.ts';
import { findJob } from '../domain/jobs.ts';
import * as sql from '../sql/monitoring.ts';
import { readConsentFigures, type ConsentFigures } from './consent.ts';

/**
 * The seed's monitoring figures plus the retry-needed rate and the OpenAI call retry rate, as
 * `strukt-cron report` prints them.
 */
export interface MonitoringReport {
  days: number;
  generatedAt: string;
  successRates: sql.SuccessRateRow[];
  performance: Array<
    sql.PerformanceRow & {
      /** The seed's flat figure for the job's average duration (registry), shown, never alerted on. */
      seed_avg_duration_ms: number | null;
    }
  >;
  retryRates: sql.RetryRateRow[];
  callRetryRates: sql.CallRetryRateRow[];
  recentErrors: sql.RecentErrorRow[];
  errorAnalysis: sql.ErrorAnalysisRow[];
  notificationTrends: sql.NotificationTrendRow[];
  /** OpenAI requests and cost by function and week, direct vs Batch API, over `costDays`. */
  costByWeek: sql.CostByWeekRow[];
  /** The window of costByWeek: `days`, at most 366 (what cron_cost_by_week accepts). */
  costDays: number;
  /** Users with AI consent now, and the users given templates for lack of it over `days`. */
  consent: ConsentFigures;
}

/** The longest window cron_cost_by_week accepts (`report --days` goes to 3650). */
export const MAX_COST_DAYS = 366;

/**
 * Reads every figure. Windows follow the seed: success and retry rates (runs and calls) and
 * notification trends over `days` (30), performance and error analysis over min(days, 7), OpenAI
 * cost by week over min(days, 366).
 */
export async function readMonitoringReport(db: Db, days: number, now: Date): Promise<MonitoringReport> {
  const p_now = now.toISOString();
  const shortDays = Math.min(days, 7);
  const costDays = Math.min(days, MAX_COST_DAYS);
  const [
    successRates,
    performance,
    retryRates,
    callRetryRates,
    recentErrors,
    errorAnalysis,
    notificationTrends,
    costByWeek,
  ] = await Promise.all([
    sql.successRates(db, { p_days: days, p_now }),
    sql.performance(db, { p_days: shortDays, p_now }),
    sql.retryRates(db, { p_days: days, p_now }),
    sql.callRetryRates(db, { p_days: days, p_now }),
    sql.recentErrors(db, { p_limit: 20 }),
    sql.errorAnalysis(db, { p_days: shortDays, p_now }),
    sql.notificationTrends(db, { p_days: days, p_now }),
    sql.costByWeek(db, { p_days: costDays, p_now }),
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
    costByWeek,
    costDays,
    consent: await readConsentFigures(db, days, now),
  };
}
