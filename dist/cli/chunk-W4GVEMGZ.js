import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/domain/jobs.ts
var THRESHOLD_ENV_SUFFIX = {
  minSuccessRate: "MIN_SUCCESS_RATE",
  maxRetryRate: "MAX_RETRY_RATE",
  maxCallRetryRate: "MAX_CALL_RETRY_RATE",
  minCalls: "MIN_CALLS",
  maxBatchFailedShare: "MAX_BATCH_FAILED_SHARE",
  slowRunBaseMs: "SLOW_RUN_BASE",
  slowRunMsPerUser: "SLOW_RUN_PER_USER",
  slowRunMedianFactor: "SLOW_RUN_MEDIAN_FACTOR",
  minRuns: "MIN_RUNS",
  maxConsecutiveErrors: "MAX_CONSECUTIVE_ERRORS"
};
function thresholdVariable(job, threshold) {
  return `STRUKT_THRESHOLD_${job.toUpperCase().replace(/-/g, "_")}_${THRESHOLD_ENV_SUFFIX[threshold]}`;
}
var baseThresholds = {
  maxRetryRate: 0.1,
  // OpenAI answers some requests with 429 or 5xx at any volume; a fifth retried means trouble.
  maxCallRetryRate: 0.2,
  minCalls: 20,
  // A batch's failed lines fall back to the template; a tenth of them is more than bad luck.
  maxBatchFailedShare: 0.1,
  slowRunMedianFactor: 3,
  minRuns: 3,
  maxConsecutiveErrors: 2
};
var STATUS_WINDOWS = {
  /** Stressful days are counted in the user-local days this window before as-of touches. */
  stressDays: 3,
  /** No second proactive check-in within this many days of one. */
  checkinCooldownDays: 3,
  /** A user with no activity in this window (and some before it) has lapsed. */
  activeDays: 7,
  /** At most one nudge within this many days. */
  nudgeCooldownDays: 7,
  /** How far back "active before" looks (it includes the activity window). */
  activeBeforeDays: 37
};
var JOBS = [
  {
    name: "weekly-digest",
    functionName: "generateWeeklyDigest",
    schedule: "0 20 * * 0",
    workflow: "weekly-digest.yml",
    windowDays: 7,
    // About 5 s an OpenAI call at 8 at once, plus its retries: 1 s a user leaves room for both.
    thresholds: {
      ...baseThresholds,
      minSuccessRate: 0.95,
      seedAvgDurationMs: 3e4,
      slowRunBaseMs: 3e4,
      slowRunMsPerUser: 1e3
    },
    description: "Summarises each active user's week with OpenAI into ai_coach_notes.",
    noConsentFigure: "digests.template_no_consent",
    continueForHours: 48
  },
  {
    name: "user-status",
    functionName: "checkUserStatus",
    schedule: "0 8 * * *",
    workflow: "user-status.yml",
    windowDays: STATUS_WINDOWS.stressDays,
    // SQL only: 100k users took 12.8 s (0.13 ms a user) on the benchmark machines.
    thresholds: {
      ...baseThresholds,
      minSuccessRate: 0.98,
      seedAvgDurationMs: 1e4,
      slowRunBaseMs: 1e4,
      slowRunMsPerUser: 2
    },
    description: "Finds stress patterns in the last 3 days and queues proactive coach notifications."
  },
  {
    name: "plan-refresh",
    functionName: "generatePlans",
    schedule: "0 6 * * 1",
    workflow: "plan-refresh.yml",
    windowDays: 7,
    // A plan is up to 3,000 output tokens, several times a digest's. The seed names no figure for
    // plans; 60 s is this project's own, shown like the seed's.
    thresholds: {
      ...baseThresholds,
      minSuccessRate: 0.95,
      seedAvgDurationMs: 6e4,
      slowRunBaseMs: 6e4,
      slowRunMsPerUser: 3e3
    },
    description: "Writes a new plan for users without one or with a plan older than 28 days.",
    noConsentFigure: "plans.fallback_no_consent"
  }
];
function findJob(name) {
  const wanted = name.trim();
  return JOBS.find((j) => j.name === wanted || j.functionName === wanted);
}
function getJob(name) {
  const job = findJob(name);
  if (!job) {
    const valid = JOBS.map((j) => `${j.name} (${j.functionName})`).join(", ");
    throw new JobNameError(`Unknown job '${name}'. Expected one of: ${valid}.`);
  }
  return job;
}
var JobNameError = class extends Error {
  name = "JobNameError";
};

export {
  THRESHOLD_ENV_SUFFIX,
  thresholdVariable,
  STATUS_WINDOWS,
  JOBS,
  findJob,
  getJob,
  JobNameError
};
