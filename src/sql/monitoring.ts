/**
 * The seed's monitoring queries as functions (cron_success_rates, cron_performance, …): each over
 * the `p_days` before `p_now`, each row per job function.
 */
import type { Db } from '../db/types.ts';
import { rowsOf, scalarOf } from './call.ts';

/** A window of days ending at `p_now` (ISO). */
export interface WindowArgs {
  p_days: number;
  p_now: string;
}

export interface SuccessRateRow {
  function_name: string;
  total_runs: number;
  successful: number;
  success_rate_pct: number;
}

export interface PerformanceRow {
  function_name: string;
  executions: number;
  avg_duration_ms: number;
  max_duration_ms: number;
  min_duration_ms: number;
  /** Users the runs considered (runs that recorded none add 0). */
  users: number;
  /** Duration ÷ users over the runs that recorded users; null when none did. */
  avg_ms_per_user: number | null;
}

/** Runs whose own database work needed a retry (attempts > 1): the seed's retry-needed rate. */
export interface RetryRateRow {
  function_name: string;
  runs: number;
  retried: number;
  retry_rate_pct: number;
}

/** OpenAI calls that needed a retry (details.ai); the rate is null without calls. */
export interface CallRetryRateRow {
  function_name: string;
  runs: number;
  calls: number;
  retried_calls: number;
  call_retry_rate_pct: number | null;
}

export interface RecentErrorRow {
  function_name: string;
  run_time: string;
  error_message: string | null;
  attempts: number;
}

export interface ErrorAnalysisRow {
  function_name: string;
  error_message: string;
  occurrences: number;
  last_seen: string;
}

export interface NotificationTrendRow {
  date: string;
  notifications_sent: number;
  proactive_count: number;
}

/**
 * OpenAI usage of one function in one ISO week (week_start: its Monday, UTC): what went through
 * the Batch API (details.usage.batch) and the rest, direct. Costs are estimates in USD, 6 decimals.
 */
export interface CostByWeekRow {
  function_name: string;
  week_start: string;
  runs: number;
  direct_requests: number;
  batch_requests: number;
  direct_cost_usd: number;
  batch_cost_usd: number;
}

export interface ConsentFallbackRow {
  function_name: string;
  runs: number;
  no_consent: number;
}

export function successRates(db: Db, args: WindowArgs): Promise<SuccessRateRow[]> {
  return rowsOf<SuccessRateRow>(db, 'cron_success_rates', args);
}

export function performance(db: Db, args: WindowArgs): Promise<PerformanceRow[]> {
  return rowsOf<PerformanceRow>(db, 'cron_performance', args);
}

export function retryRates(db: Db, args: WindowArgs): Promise<RetryRateRow[]> {
  return rowsOf<RetryRateRow>(db, 'cron_retry_rates', args);
}

export function callRetryRates(db: Db, args: WindowArgs): Promise<CallRetryRateRow[]> {
  return rowsOf<CallRetryRateRow>(db, 'cron_call_retry_rates', args);
}

/** The newest failed runs; rows may carry more columns (details), which callers drop. */
export function recentErrors(db: Db, args: { p_limit: number }): Promise<RecentErrorRow[]> {
  return rowsOf<RecentErrorRow>(db, 'cron_recent_errors', args);
}

export function errorAnalysis(db: Db, args: WindowArgs): Promise<ErrorAnalysisRow[]> {
  return rowsOf<ErrorAnalysisRow>(db, 'cron_error_analysis', args);
}

export function notificationTrends(db: Db, args: WindowArgs): Promise<NotificationTrendRow[]> {
  return rowsOf<NotificationTrendRow>(db, 'cron_notification_trends', args);
}

/** Runs, requests and cost by function and week over the window (p_days 1 to 366), direct vs batch. */
export function costByWeek(db: Db, args: WindowArgs): Promise<CostByWeekRow[]> {
  return rowsOf<CostByWeekRow>(db, 'cron_cost_by_week', args);
}

/** Users with an active openai_processing consent now. */
export function aiConsentUsers(db: Db): Promise<number> {
  return scalarOf<number>(db, 'cron_ai_consent_users');
}

/** Per function over the window: its runs and the users they gave a template for lack of consent. */
export function consentFallbacks(db: Db, args: WindowArgs): Promise<ConsentFallbackRow[]> {
  return rowsOf<ConsentFallbackRow>(db, 'cron_consent_fallbacks', args);
}
