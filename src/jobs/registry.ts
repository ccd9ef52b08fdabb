/**
 * The jobs this system runs: their names, schedules, windows and health thresholds.
 * Workflows, pg_cron SQL, the health check and `verify` all read from here.
 */
export type JobName = 'weekly-digest' | 'user-status' | 'plan-refresh';

export interface JobThresholds {
  /** Alert when the success rate (share of runs with status success) falls below this, 0–1. */
  minSuccessRate: number;
  /** Alert when the average duration of non-error runs exceeds this. */
  maxAvgDurationMs: number;
  /** Alert when the share of runs that needed a retry (attempts > 1) exceeds this, 0–1. */
  maxRetryRate: number;
  /** Fewer runs than this in the window: the figures are "unknown", never "healthy". */
  minRuns: number;
  /** Alert after this many error runs in a row, whatever the rate. */
  maxConsecutiveErrors: number;
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
}

const baseThresholds = { maxRetryRate: 0.1, minRuns: 3, maxConsecutiveErrors: 2 };

export const JOBS: readonly JobDefinition[] = [
  {
    name: 'weekly-digest',
    functionName: 'generateWeeklyDigest',
    schedule: '0 20 * * 0',
    workflow: 'weekly-digest.yml',
    windowDays: 7,
    thresholds: { ...baseThresholds, minSuccessRate: 0.95, maxAvgDurationMs: 30_000 },
    description: "Summarises each active user's week with OpenAI into ai_coach_notes.",
  },
  {
    name: 'user-status',
    functionName: 'checkUserStatus',
    schedule: '0 8 * * *',
    workflow: 'user-status.yml',
    windowDays: 3,
    thresholds: { ...baseThresholds, minSuccessRate: 0.98, maxAvgDurationMs: 10_000 },
    description: 'Finds stress patterns in the last 3 days and queues proactive coach notifications.',
  },
  {
    name: 'plan-refresh',
    functionName: 'generatePlans',
    schedule: '0 6 * * 1',
    workflow: 'plan-refresh.yml',
    windowDays: 7,
    thresholds: { ...baseThresholds, minSuccessRate: 0.95, maxAvgDurationMs: 60_000 },
    description: 'Writes a new plan for users without one or with a plan older than 28 days.',
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
