/**
 * The jobs this system runs: their names, schedules, windows and health thresholds.
 * Workflows, pg_cron SQL, the health check and `verify` all read from here.
 */
export type JobName = 'weekly-digest' | 'user-status' | 'plan-refresh';

/**
 * What the health check alerts on, per job. Each can be changed per job with an environment
 * variable `STRUKT_THRESHOLD_<JOB>_<SUFFIX>` (thresholdVariable; read once by loadConfig), and some
 * for every job at once with a flag or action input of the health check.
 */
export interface JobThresholds {
  /** Alert when the success rate (share of runs with status success) falls below this, 0–1. */
  minSuccessRate: number;
  /**
   * Alert when the share of runs whose own database work needed a retry (attempts > 1) exceeds
   * this, 0–1: the seed's "retry needed rate". OpenAI call retries do not count here.
   */
  maxRetryRate: number;
  /** Alert when the share of OpenAI calls that needed a retry (retried calls ÷ calls) exceeds this, 0–1. */
  maxCallRetryRate: number;
  /** Fewer OpenAI calls than this in the window: the call retry rate is "unknown". */
  minCalls: number;
  /**
   * Alert when a closed OpenAI batch (`--ai batch`) has a larger share of its request lines
   * failed (failed lines ÷ requests) than this, 0–1. A batch past its deadline and still open
   * alerts whatever this is.
   */
  maxBatchFailedShare: number;
  /**
   * The seed's figure for the average duration of a run ("< 30 s per digest run"). Shown beside
   * the average in `strukt-cron report` and the alert issues, but never alerted on: it cannot
   * hold once OpenAI writes the text for more than a handful of users.
   */
  seedAvgDurationMs: number;
  /** A run's time allowance is this fixed part plus `slowRunMsPerUser` per considered user. */
  slowRunBaseMs: number;
  /** The per-user part of a run's allowance. Alert when the window's runs, on average, take longer than their allowance. */
  slowRunMsPerUser: number;
  /**
   * Alert when the latest run, measured against its allowance, is more than this many times the
   * median of the window's earlier runs (and took longer than `slowRunBaseMs`). 0 turns it off.
   */
  slowRunMedianFactor: number;
  /** Fewer runs than this in the window: the figures are "unknown", never "healthy". */
  minRuns: number;
  /** Alert after this many error runs in a row, whatever the rate. */
  maxConsecutiveErrors: number;
}

/** Threshold names as they appear in environment variables: STRUKT_THRESHOLD_<JOB>_<SUFFIX>. */
export const THRESHOLD_ENV_SUFFIX: Record<Exclude<keyof JobThresholds, 'seedAvgDurationMs'>, string> = {
  minSuccessRate: 'MIN_SUCCESS_RATE',
  maxRetryRate: 'MAX_RETRY_RATE',
  maxCallRetryRate: 'MAX_CALL_RETRY_RATE',
  minCalls: 'MIN_CALLS',
  maxBatchFailedShare: 'MAX_BATCH_FAILED_SHARE',
  slowRunBaseMs: 'SLOW_RUN_BASE',
  slowRunMsPerUser: 'SLOW_RUN_PER_USER',
  slowRunMedianFactor: 'SLOW_RUN_MEDIAN_FACTOR',
  minRuns: 'MIN_RUNS',
  maxConsecutiveErrors: 'MAX_CONSECUTIVE_ERRORS',
};

/** `weekly-digest` → `STRUKT_THRESHOLD_WEEKLY_DIGEST_MAX_CALL_RETRY_RATE`. */
export function thresholdVariable(job: JobName, threshold: keyof typeof THRESHOLD_ENV_SUFFIX): string {
  return `STRUKT_THRESHOLD_${job.toUpperCase().replace(/-/g, '_')}_${THRESHOLD_ENV_SUFFIX[threshold]}`;
}

export interface JobDefinition {
  name: JobName;
  /** The seed's function_name in system_cron_logs and the edge function's name. */
  functionName: string;
  /** Cron expression (UTC) of the job's slots; a digest's period ends at its slot. */
  schedule: string;
  /** The workflow file that runs it on GitHub. */
  workflow: string;
  /** What the job reads, in days before its slot or as-of. */
  windowDays: number;
  thresholds: JobThresholds;
  description: string;
  /**
   * The run figure counting users given a template or fallback because they have no
   * openai_processing consent (jobs that write with AI only). cron_consent_fallbacks sums it.
   */
  noConsentFigure?: string;
  /**
   * Hours after its slot during which the health check continues a period whose run ended
   * partial_success (jobs whose period is fixed by the slot only). Absent: never continued.
   */
  continueForHours?: number;
}

const baseThresholds = {
  maxRetryRate: 0.1,
  // OpenAI answers some requests with 429 or 5xx at any volume; a fifth retried means trouble.
  maxCallRetryRate: 0.2,
  minCalls: 20,
  // A batch's failed lines fall back to the template; a tenth of them is more than bad luck.
  maxBatchFailedShare: 0.1,
  slowRunMedianFactor: 3,
  minRuns: 3,
  maxConsecutiveErrors: 2,
};

/**
 * The user-status decision's windows, in days: the one definition the job passes to its SQL
 * functions (cron_status_candidates, cron_status_pending_count, cron_queue_notifications, whose
 * defaults are the same values for pg_cron and older callers) and the report's period reads.
 */
export const STATUS_WINDOWS = {
  /** Stressful days are counted in the user-local days this window before as-of touches. */
  stressDays: 3,
  /** No second proactive check-in within this many days of one. */
  checkinCooldownDays: 3,
  /** A user with no activity in this window (and some before it) has lapsed. */
  activeDays: 7,
  /** At most one nudge within this many days. */
  nudgeCooldownDays: 7,
  /** How far back "active before" looks (it includes the activity window). */
  activeBeforeDays: 37,
} as const;

export const JOBS: readonly JobDefinition[] = [
  {
    name: 'weekly-digest',
    functionName: 'generateWeeklyDigest',
    schedule: '0 20 * * 0',
    workflow: 'weekly-digest.yml',
    windowDays: 7,
    // About 5 s an OpenAI call at 8 at once, plus its retries: 1 s a user leaves room for both.
    thresholds: {
      ...baseThresholds,
      minSuccessRate: 0.95,
      seedAvgDurationMs: 30_000,
      slowRunBaseMs: 30_000,
      slowRunMsPerUser: 1_000,
    },
    description: "Summarises each active user's week with OpenAI into ai_coach_notes.",
    noConsentFigure: 'digests.template_no_consent',
    continueForHours: 48,
  },
  {
    name: 'user-status',
    functionName: 'checkUserStatus',
    schedule: '0 8 * * *',
    workflow: 'user-status.yml',
    windowDays: STATUS_WINDOWS.stressDays,
    // SQL only: 100k users took 12.8 s (0.13 ms a user) on the benchmark machines.
    thresholds: {
      ...baseThresholds,
      minSuccessRate: 0.98,
      seedAvgDurationMs: 10_000,
      slowRunBaseMs: 10_000,
      slowRunMsPerUser: 2,
    },
    description: 'Finds stress patterns in the last 3 days and queues proactive coach notifications.',
  },
  {
    name: 'plan-refresh',
    functionName: 'generatePlans',
    schedule: '0 6 * * 1',
    workflow: 'plan-refresh.yml',
    windowDays: 7,
    // A plan is up to 3,000 output tokens, several times a digest's. The seed names no figure for
    // plans; 60 s is this project's own, shown like the seed's.
    thresholds: {
      ...baseThresholds,
      minSuccessRate: 0.95,
      seedAvgDurationMs: 60_000,
      slowRunBaseMs: 60_000,
      slowRunMsPerUser: 3_000,
    },
    description: 'Writes a new plan for users without one or with a plan older than 28 days.',
    noConsentFigure: 'plans.fallback_no_consent',
  },
];

/** Looks a job up by either name form: `weekly-digest` or `generateWeeklyDigest`. */
export function findJob(name: string): JobDefinition | undefined {
  const wanted = name.trim();
  return JOBS.find((j) => j.name === wanted || j.functionName === wanted);
}

/** Like findJob, but a wrong name is an error listing the valid ones. */
export function getJob(name: string): JobDefinition {
  const job = findJob(name);
  if (!job) {
    const valid = JOBS.map((j) => `${j.name} (${j.functionName})`).join(', ');
    throw new JobNameError(`Unknown job '${name}'. Expected one of: ${valid}.`);
  }
  return job;
}

export class JobNameError extends Error {
  override name = 'JobNameError';
}
