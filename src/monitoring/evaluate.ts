/**
 * Health evaluation of one job from its system_cron_logs rows: pure, no clock, no I/O.
 *
 * Glossary: a *slot* is a moment the job's cron schedule (UTC) names; a slot is *due* once its
 * grace period has passed; a due slot is *covered* when a run started within the grace period
 * or a later (catch-up) run declared that slot as its period end.
 */
import { CronExpressionParser } from 'cron-parser';
import { latestSlotAtOrBefore } from '../domain/period.ts';
import type { JobDefinition, JobName, JobThresholds } from '../jobs/registry.ts';

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
}

export type AlertKind = 'error-rate' | 'slow-runs' | 'missed-schedule';
export const ALERT_KINDS: readonly AlertKind[] = ['error-rate', 'slow-runs', 'missed-schedule'];

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
  /** Share of runs that needed a retry (attempts > 1), 0–1; null without runs. */
  retryRate: number | null;
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
}

export const DEFAULT_GRACE_MINUTES = 90;
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

  const figures = computeFigures(runs);
  return {
    job: job.name,
    functionName: job.functionName,
    schedule: job.schedule,
    window: { from: from.toISOString(), to: now.toISOString() },
    figures,
    checks: {
      'error-rate': errorRateCheck(figures, thresholds),
      'slow-runs': slowRunsCheck(figures, thresholds),
      'missed-schedule': missedScheduleCheck(job.schedule, runs, startsOldestFirst, from, now, graceMinutes),
    },
    thresholds,
    graceMinutes,
    recentRuns: runs.slice(0, RECENT_RUNS_KEPT).map(toRecentRun),
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

function computeFigures(newestFirst: RunSample[]): HealthFigures {
  const n = newestFirst.length;
  const durations = newestFirst.flatMap((r) => (r.durationMs == null ? [] : [r.durationMs]));
  const nonErrorDurations = newestFirst.flatMap((r) =>
    r.status !== 'error' && r.durationMs != null ? [r.durationMs] : [],
  );
  let consecutiveErrors = 0;
  for (const run of newestFirst) {
    if (run.status !== 'error') break;
    consecutiveErrors += 1;
  }
  return {
    runs: n,
    successRate: n === 0 ? null : newestFirst.filter((r) => r.status === 'success').length / n,
    avgDurationMs:
      nonErrorDurations.length === 0
        ? null
        : nonErrorDurations.reduce((sum, d) => sum + d, 0) / nonErrorDurations.length,
    // A loop, not Math.max(...durations): spreading ~120k or more arguments overflows the stack.
    maxDurationMs: durations.length === 0 ? null : durations.reduce((max, d) => (d > max ? d : max)),
    retryRate: n === 0 ? null : newestFirst.filter((r) => r.attempts > 1).length / n,
    consecutiveErrors,
  };
}

function errorRateCheck(f: HealthFigures, t: JobThresholds): CheckResult {
  const streak = `${f.consecutiveErrors} error run(s) in a row (max ${t.maxConsecutiveErrors})`;
  if (f.consecutiveErrors >= t.maxConsecutiveErrors) {
    // A job that keeps failing is broken however few runs the window holds.
    return { state: 'breach', reason: `${streak}; ${rates(f, t)}` };
  }
  if (f.runs < t.minRuns || f.successRate == null || f.retryRate == null) {
    return { state: 'unknown', reason: `${f.runs} run(s) in the window, fewer than the ${t.minRuns} needed` };
  }
  const breaches: string[] = [];
  if (f.successRate < t.minSuccessRate) {
    breaches.push(`success rate ${pct(f.successRate)} below ${pct(t.minSuccessRate)}`);
  }
  if (f.retryRate > t.maxRetryRate) {
    breaches.push(`retry rate ${pct(f.retryRate)} above ${pct(t.maxRetryRate)}`);
  }
  if (breaches.length > 0) return { state: 'breach', reason: `${breaches.join('; ')} over ${f.runs} runs` };
  return { state: 'ok', reason: `${rates(f, t)} over ${f.runs} runs` };
}

function rates(f: HealthFigures, t: JobThresholds): string {
  return (
    `success rate ${pct(f.successRate)} (min ${pct(t.minSuccessRate)}), ` +
    `retry rate ${pct(f.retryRate)} (max ${pct(t.maxRetryRate)})`
  );
}

function slowRunsCheck(f: HealthFigures, t: JobThresholds): CheckResult {
  if (f.runs < t.minRuns) {
    return { state: 'unknown', reason: `${f.runs} run(s) in the window, fewer than the ${t.minRuns} needed` };
  }
  if (f.avgDurationMs == null) {
    return { state: 'unknown', reason: `no non-error run with a duration among ${f.runs} runs` };
  }
  const figure = `average duration ${ms(f.avgDurationMs)}`;
  if (f.avgDurationMs > t.maxAvgDurationMs) {
    return {
      state: 'breach',
      reason: `${figure} above ${ms(t.maxAvgDurationMs)} (max ${ms(f.maxDurationMs)})`,
    };
  }
  return { state: 'ok', reason: `${figure} within ${ms(t.maxAvgDurationMs)}` };
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
    reason: `${missed.length} of ${due.length} due slot(s) without a run within ${graceMinutes} min, latest ${missedSlots.at(-1)}`,
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

/** `0.953` → `95.3%`; null → `n/a`. */
export function pct(value: number | null): string {
  return value == null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

/** `12345` → `12.3 s`, `850` → `850 ms`; null → `n/a`. */
export function ms(value: number | null): string {
  if (value == null) return 'n/a';
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}
