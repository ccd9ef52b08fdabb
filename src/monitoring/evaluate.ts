/**
 * Health evaluation of one job from its system_cron_logs rows: pure, no clock, no I/O.
 *
 * Glossary: a *slot* is a moment the job's cron schedule (UTC) names; a slot is *due* once its
 * grace period has passed; a due slot is *covered* when a run started within the grace period
 * or a later (catch-up) run declared that slot as its period end.
 */
import { CronExpressionParser } from 'cron-parser';
import type { JobDefinition, JobName, JobThresholds } from '../domain/jobs.ts';
import { latestSlotAtOrBefore } from '../domain/period.ts';
import { ms, pct } from '../lib/figures.ts';
import { humanTime } from '../lib/humanTime.ts';
import type { BatchHealthRow } from '../sql/batches.ts';
import { evaluateBatches } from './batchHealth.ts';
import { groupErrorMessages, type ErrorMessages } from './errorMessages.ts';

// One implementation of period math: the digest's period and missed-slot detection must agree.
export { latestSlotAtOrBefore };

export type RunSampleStatus = 'success' | 'partial_success' | 'error';

/** One system_cron_logs row, as the health check reads it. */
export interface RunSample {
  runId: string;
  /** ISO time the run started. */
  runTime: string;
  status: RunSampleStatus;
  durationMs: number | null;
  attempts: number;
  /** Free text from the run record; may carry personal data, so it never leaves this module. */
  errorMessage: string | null;
  /** `details.period.end` if the run recorded one: the slot a late or catch-up run covered. */
  periodEnd?: string | null;
  trigger?: string | null;
  /** `details.counts.considered`: the users the run had to do; null for runs that did not record it. */
  considered?: number | null;
  /** `details.ai.calls`: OpenAI calls the run made (0 when it recorded none). */
  aiCalls?: number;
  /** `details.ai.retried_calls`: those that needed more than one try. */
  aiRetriedCalls?: number;
  /** `details.run_url`: the GitHub Actions run, recorded by runs in Actions (read for failed runs only). */
  runUrl?: string | null;
}

/**
 * What an alert is about; each kind has its own issue. `error-rate`: success rate or error streak;
 * `retry-rate`: runs whose own database work needed a retry; `call-retry-rate`: OpenAI calls that
 * needed a retry; `slow-runs`: runs slow for their size; `missed-schedule`: slots without a run;
 * `batches`: an OpenAI batch past its deadline and still open, or a closed batch whose failed-line
 * share passed the threshold (batchHealth.ts).
 */
export type AlertKind =
  'error-rate' | 'retry-rate' | 'call-retry-rate' | 'slow-runs' | 'missed-schedule' | 'batches';
export const ALERT_KINDS: readonly AlertKind[] = [
  'error-rate',
  'retry-rate',
  'call-retry-rate',
  'slow-runs',
  'missed-schedule',
  'batches',
];

export interface CheckResult {
  state: 'breach' | 'ok' | 'unknown';
  /** One line with the figures and the threshold; no personal data. */
  reason: string;
  /** ISO times of the due slots no run covered (missed-schedule only). */
  missedSlots?: string[];
}

export interface HealthFigures {
  runs: number;
  /** Share of runs with status `success`, 0–1; null without runs. */
  successRate: number | null;
  /** Average duration of non-error runs; null when there is none with a duration. */
  avgDurationMs: number | null;
  /** Longest duration of any run in the window. */
  maxDurationMs: number | null;
  /** Share of runs whose own database work needed a retry (attempts > 1), 0–1; null without runs. */
  retryRate: number | null;
  /** OpenAI calls made by the window's runs. */
  calls: number;
  /** Those that needed more than one try. */
  retriedCalls: number;
  /** retriedCalls ÷ calls, 0–1; null without calls. */
  callRetryRate: number | null;
  /** Users considered by the non-error runs with a duration (0 for runs that recorded none). */
  users: number;
  /** Total duration of those runs ÷ their users; null without users. */
  msPerUser: number | null;
  /** Average time allowance of those runs (slowRunBaseMs + slowRunMsPerUser × users); null without such runs. */
  avgAllowanceMs: number | null;
  /** Duration of the latest non-error run; null when there is none with a duration. */
  latestDurationMs: number | null;
  /**
   * The latest non-error run's duration ÷ its allowance, as a multiple of the median of the same
   * ratio over the (up to MEDIAN_RUNS) runs before it; null with fewer than minRuns of them.
   */
  latestVsMedian: number | null;
  /** Error runs in a row, counting back from the latest run. */
  consecutiveErrors: number;
}

/** A run reduced to what may appear in issues and summaries. */
export interface RecentRun {
  runTime: string;
  status: RunSampleStatus;
  durationMs: number | null;
  attempts: number;
  /** A short error class such as `TimeoutError`, never the message text. */
  errorClass: string | null;
  trigger: string | null;
}

export interface JobHealth {
  job: JobName;
  functionName: string;
  /** The job's cron schedule (UTC) the slots came from. */
  schedule: string;
  window: { from: string; to: string };
  figures: HealthFigures;
  checks: Record<AlertKind, CheckResult>;
  /** The thresholds the checks used (registry values with overrides applied). */
  thresholds: JobThresholds;
  graceMinutes: number;
  /** The latest runs of the window, newest first, sanitized (at most RECENT_RUNS_KEPT). */
  recentRuns: RecentRun[];
  /** The most frequent error messages of the window's failed runs, masked (errorMessages.ts). */
  errors: ErrorMessages;
}

export interface EvaluateInput {
  job: JobDefinition;
  /** Runs in the window, any order; runs outside [now - windowDays, now] are ignored. */
  runs: RunSample[];
  now: Date;
  /** Length of the evaluated window, ending at `now`. */
  windowDays: number;
  /** How long after its slot a run still counts as on time. @default 90 */
  graceMinutes?: number;
  /** Replace some of the job's registry thresholds. */
  overrides?: Partial<JobThresholds>;
  /**
   * This job's OpenAI batches as cron_batch_health reported them at `now` (already filtered to
   * the job). @default none: the batches check is ok with "no batch in the window"
   */
  batches?: BatchHealthRow[];
}

export const DEFAULT_GRACE_MINUTES = 90;
/** The latest run is compared with the median of at most this many runs before it: its recent past. */
export const MEDIAN_RUNS = 20;
/** Enough for a chart and a table; the renderers cut further. */
export const RECENT_RUNS_KEPT = 30;
/** A guard against schedules like `* * * * * *` over long windows. */
const MAX_SLOTS = 10_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Evaluates one job's runs in the window ending at `now` against its thresholds. */
export function evaluateJobHealth(input: EvaluateInput): JobHealth {
  const { job, now, windowDays } = input;
  if (!Number.isFinite(windowDays) || windowDays <= 0) {
    throw new RangeError(`Invalid windowDays '${windowDays}'. Expected a number of days above 0.`);
  }
  const graceMinutes = input.graceMinutes ?? DEFAULT_GRACE_MINUTES;
  if (!Number.isFinite(graceMinutes) || graceMinutes < 0) {
    throw new RangeError(`Invalid graceMinutes '${graceMinutes}'. Expected a number of minutes from 0 up.`);
  }
  const thresholds: JobThresholds = { ...job.thresholds, ...input.overrides };
  const from = new Date(now.getTime() - windowDays * DAY_MS);
  const timed = input.runs
    .map((run) => ({ run, at: parseTime(run.runTime, `runTime of run ${run.runId}`) }))
    .filter(({ at }) => at >= from.getTime() && at <= now.getTime())
    .sort((a, b) => b.at - a.at || b.run.runId.localeCompare(a.run.runId));
  const runs = timed.map(({ run }) => run);
  // Parsed once: at a million rows, parsing every time again was a third of the evaluation.
  const startsOldestFirst = timed.map(({ at }) => at).reverse();

  const figures = computeFigures(runs, thresholds);
  return {
    job: job.name,
    functionName: job.functionName,
    schedule: job.schedule,
    window: { from: from.toISOString(), to: now.toISOString() },
    figures,
    checks: {
      'error-rate': errorRateCheck(figures, thresholds),
      'retry-rate': retryRateCheck(figures, thresholds),
      'call-retry-rate': callRetryRateCheck(figures, thresholds),
      'slow-runs': slowRunsCheck(figures, thresholds),
      'missed-schedule': missedScheduleCheck(job.schedule, runs, startsOldestFirst, from, now, graceMinutes),
      batches: evaluateBatches(input.batches ?? [], thresholds.maxBatchFailedShare),
    },
    thresholds,
    graceMinutes,
    recentRuns: runs.slice(0, RECENT_RUNS_KEPT).map(toRecentRun),
    errors: groupErrorMessages(runs),
  };
}

/** Slots of `schedule` (UTC) with from ≤ slot ≤ to, oldest first. */
export function expectedSlots(schedule: string, from: Date, to: Date): Date[] {
  if (to.getTime() < from.getTime()) return [];
  // next() is strictly after currentDate, so start just before `from` to include a slot on it.
  const expression = CronExpressionParser.parse(schedule, {
    currentDate: new Date(from.getTime() - 1),
    tz: 'UTC',
  });
  const slots: Date[] = [];
  for (;;) {
    const slot = expression.next().toDate();
    if (slot.getTime() > to.getTime()) return slots;
    slots.push(slot);
    if (slots.length > MAX_SLOTS) {
      throw new RangeError(
        `Schedule '${schedule}' names more than ${MAX_SLOTS} slots between ${from.toISOString()} and ` +
          `${to.toISOString()}. Expected a schedule of at most one slot a minute over a window of days.`,
      );
    }
  }
}

function computeFigures(newestFirst: RunSample[], t: JobThresholds): HealthFigures {
  const n = newestFirst.length;
  const durations = newestFirst.flatMap((r) => (r.durationMs == null ? [] : [r.durationMs]));
  const timed = newestFirst.filter((r) => r.status !== 'error' && r.durationMs != null);
  const nonErrorDurations = timed.map((r) => r.durationMs!);
  let consecutiveErrors = 0;
  for (const run of newestFirst) {
    if (run.status !== 'error') break;
    consecutiveErrors += 1;
  }
  let calls = 0;
  let retriedCalls = 0;
  for (const run of newestFirst) {
    calls += run.aiCalls ?? 0;
    retriedCalls += run.aiRetriedCalls ?? 0;
  }
  const usersOf = (r: RunSample) => (r.considered != null && r.considered > 0 ? r.considered : 0);
  const allowance = (r: RunSample) => t.slowRunBaseMs + t.slowRunMsPerUser * usersOf(r);
  const users = timed.reduce((sum, r) => sum + usersOf(r), 0);
  const totalMs = nonErrorDurations.reduce((sum, d) => sum + d, 0);
  // Each run against its own allowance, so a run twice the size may take twice the per-user part.
  const ratios = timed.map((r) => r.durationMs! / Math.max(1, allowance(r)));
  const earlier = ratios.slice(1, 1 + MEDIAN_RUNS);
  const median = earlier.length >= t.minRuns ? medianOf(earlier) : null;
  return {
    runs: n,
    successRate: n === 0 ? null : newestFirst.filter((r) => r.status === 'success').length / n,
    avgDurationMs: timed.length === 0 ? null : totalMs / timed.length,
    // A loop, not Math.max(...durations): spreading ~120k or more arguments overflows the stack.
    maxDurationMs: durations.length === 0 ? null : durations.reduce((max, d) => (d > max ? d : max)),
    retryRate: n === 0 ? null : newestFirst.filter((r) => r.attempts > 1).length / n,
    calls,
    retriedCalls,
    callRetryRate: calls === 0 ? null : retriedCalls / calls,
    users,
    msPerUser: users === 0 ? null : totalMs / users,
    avgAllowanceMs:
      timed.length === 0 ? null : timed.reduce((sum, r) => sum + allowance(r), 0) / timed.length,
    latestDurationMs: timed[0]?.durationMs ?? null,
    latestVsMedian: median === null || ratios[0] === undefined ? null : ratios[0] / Math.max(median, 1e-9),
    consecutiveErrors,
  };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >>> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function tooFewRuns(f: HealthFigures, t: JobThresholds): CheckResult {
  return { state: 'unknown', reason: `${f.runs} run(s) in the window, fewer than the ${t.minRuns} needed` };
}

/** The success rate and the error streak; retries have checks of their own. */
function errorRateCheck(f: HealthFigures, t: JobThresholds): CheckResult {
  const streak = `${f.consecutiveErrors} error run(s) in a row (max ${t.maxConsecutiveErrors})`;
  const rate = `success rate ${pct(f.successRate)} (min ${pct(t.minSuccessRate)})`;
  if (f.consecutiveErrors >= t.maxConsecutiveErrors) {
    // A job that keeps failing is broken however few runs the window holds.
    return { state: 'breach', reason: `${streak}; ${rate}` };
  }
  if (f.runs < t.minRuns || f.successRate == null) return tooFewRuns(f, t);
  if (f.successRate < t.minSuccessRate) {
    return {
      state: 'breach',
      reason: `success rate ${pct(f.successRate)} below ${pct(t.minSuccessRate)} over ${f.runs} runs`,
    };
  }
  return { state: 'ok', reason: `${rate} over ${f.runs} runs` };
}

/** The seed's retry-needed rate: runs whose own database work needed a retry. */
function retryRateCheck(f: HealthFigures, t: JobThresholds): CheckResult {
  if (f.runs < t.minRuns || f.retryRate == null) return tooFewRuns(f, t);
  const figure = `retry-needed rate ${pct(f.retryRate)} (runs with attempts > 1)`;
  if (f.retryRate > t.maxRetryRate) {
    return { state: 'breach', reason: `${figure} above ${pct(t.maxRetryRate)} over ${f.runs} runs` };
  }
  return { state: 'ok', reason: `${figure} within ${pct(t.maxRetryRate)} over ${f.runs} runs` };
}

/** OpenAI calls that needed a retry, over every call of the window's runs. */
function callRetryRateCheck(f: HealthFigures, t: JobThresholds): CheckResult {
  if (f.calls < t.minCalls || f.callRetryRate == null) {
    return {
      state: 'unknown',
      reason: `${f.calls} OpenAI call(s) in the window, fewer than the ${t.minCalls} needed`,
    };
  }
  const figure = `call retry rate ${pct(f.callRetryRate)} (${f.retriedCalls} of ${f.calls} OpenAI calls retried)`;
  if (f.callRetryRate > t.maxCallRetryRate) {
    return { state: 'breach', reason: `${figure} above ${pct(t.maxCallRetryRate)}` };
  }
  return { state: 'ok', reason: `${figure} within ${pct(t.maxCallRetryRate)}` };
}

/**
 * Slow for their size: the window's runs take longer on average than their allowance (a fixed
 * part plus a part per considered user), or the latest run, against its allowance, is far above
 * the median of the earlier ones. The seed's flat figure is shown in the figures, not judged.
 */
function slowRunsCheck(f: HealthFigures, t: JobThresholds): CheckResult {
  if (f.runs < t.minRuns) return tooFewRuns(f, t);
  if (f.avgDurationMs == null || f.avgAllowanceMs == null) {
    return { state: 'unknown', reason: `no non-error run with a duration among ${f.runs} runs` };
  }
  const perUser = f.msPerUser == null ? 'no users recorded' : `${ms(f.msPerUser)} a user`;
  const slow = f.avgDurationMs > f.avgAllowanceMs;
  const average =
    `average duration ${ms(f.avgDurationMs)} (${perUser}) ${slow ? 'above' : 'within'} the average ` +
    `allowance of ${ms(f.avgAllowanceMs)} (${ms(t.slowRunBaseMs)} + ${ms(t.slowRunMsPerUser)} a user)`;
  const breaches: string[] = [];
  if (slow) breaches.push(average);
  const outlier =
    t.slowRunMedianFactor > 0 &&
    f.latestVsMedian != null &&
    f.latestDurationMs != null &&
    f.latestVsMedian > t.slowRunMedianFactor &&
    f.latestDurationMs > t.slowRunBaseMs;
  if (outlier) {
    breaches.push(
      `latest run ${ms(f.latestDurationMs)}, ${f.latestVsMedian!.toFixed(1)}× the median of the earlier ` +
        `runs for its size (max ${t.slowRunMedianFactor}×)`,
    );
  }
  if (breaches.length > 0) return { state: 'breach', reason: `${breaches.join('; ')} over ${f.runs} runs` };
  return { state: 'ok', reason: `${average} over ${f.runs} runs` };
}

function missedScheduleCheck(
  schedule: string,
  runs: RunSample[],
  startsOldestFirst: number[],
  from: Date,
  now: Date,
  graceMinutes: number,
): CheckResult {
  const graceMs = graceMinutes * MINUTE_MS;
  // Only slots whose grace period has passed can be called missed; the next hour may still cover a younger one.
  const due = expectedSlots(schedule, from, new Date(now.getTime() - graceMs));
  if (due.length === 0) {
    return {
      state: 'unknown',
      reason: `no slot of '${schedule}' due in the window (grace ${graceMinutes} min)`,
    };
  }
  const declaredEnds = new Set(
    runs.flatMap((r) => {
      const end = r.periodEnd == null ? NaN : Date.parse(r.periodEnd);
      return Number.isNaN(end) ? [] : [end];
    }),
  );
  const missed = due.filter((slot) => {
    const s = slot.getTime();
    if (declaredEnds.has(s)) return false;
    const first = firstAtOrAfter(startsOldestFirst, s);
    return !(first < startsOldestFirst.length && startsOldestFirst[first]! <= s + graceMs);
  });
  if (missed.length === 0) {
    return {
      state: 'ok',
      reason: `all ${due.length} due slot(s) ran within ${graceMinutes} min or were caught up`,
    };
  }
  const missedSlots = missed.map((d) => d.toISOString());
  return {
    state: 'breach',
    reason: `${missed.length} of ${due.length} due slot(s) without a run within ${graceMinutes} min, latest ${humanTime(missedSlots.at(-1)!)}`,
    missedSlots,
  };
}

/** Index of the first value ≥ `t` in ascending `sorted` (its length when there is none). */
function firstAtOrAfter(sorted: number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function toRecentRun(run: RunSample): RecentRun {
  return {
    runTime: new Date(Date.parse(run.runTime)).toISOString(),
    status: run.status,
    durationMs: run.durationMs,
    attempts: run.attempts,
    errorClass: errorClassOf(run.errorMessage),
    trigger: run.trigger == null ? null : safeWord(run.trigger),
  };
}

const ERROR_CLASS = /\b([A-Z][A-Za-z0-9]{0,40}(?:Error|Exception))\b/;

/**
 * The error's class name only (`TimeoutError`, `DbError`), or `Error` when the message names none.
 * Messages can quote user data, so the text itself is never passed on.
 */
export function errorClassOf(message: string | null): string | null {
  if (message == null || message.trim() === '') return null;
  return ERROR_CLASS.exec(message)?.[1] ?? 'Error';
}

/** Triggers are short words like `schedule`; anything else is cut to a safe token. */
function safeWord(text: string): string {
  return text.replace(/[^\w-]/g, '').slice(0, 20) || 'other';
}

function parseTime(iso: string, what: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`Invalid ${what}: '${iso}'. Expected an ISO 8601 time.`);
  return t;
}
