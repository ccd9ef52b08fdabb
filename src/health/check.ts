/**
 * The health check (DESIGN §8): reads each job's runs (and, once for all jobs, the OpenAI batches
 * of `--ai batch` mode), evaluates them, brings the alert issues in line and, when asked,
 * dispatches one catch-up run per missed slot. `strukt-cron health` and the
 * cron-health action both call `runHealthCheck`; everything GitHub-facing goes through the AlertIssues access (src/github/alertIssues.ts).
 *
 * Catch-up memory: a dispatched slot stays missed until its run is recorded, which can take longer
 * than the hour until the next check. The slot is therefore remembered in the missed-schedule
 * issue's state marker, and a slot found there is never dispatched again. The dispatch comes
 * before the issue write: if that write then fails (reported as a failure), the next check may
 * dispatch the slot once more, which is harmless because every job is idempotent per period —
 * whereas writing first and failing to dispatch would remember a run that never started.
 *
 * Continuation (src/monitoring/continuation.ts): with catch-up on, a digest period whose last run
 * ended partial_success is dispatched again, as-of its slot, until a run for it ends success.
 */
import type { Db } from '../db/types.ts';
import { JOBS, getJob } from '../domain/jobs.ts';
import type { JobDefinition, JobName, JobThresholds } from '../domain/jobs.ts';
import type { AlertIssues, ExistingIssue } from '../github/alertIssues.ts';
import { describeGitHubError } from '../github/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { continueUnfinished, type Continuation } from '../monitoring/continuation.ts';
import { evaluateJobHealth, expectedSlots } from '../monitoring/evaluate.ts';
import type { JobHealth } from '../monitoring/evaluate.ts';
import { readBatchHealth } from '../monitoring/readBatches.ts';
import { readRunSamples } from '../monitoring/readRuns.ts';
import { byAge, issuesFor, planAlerts } from './alertPlan.ts';
import type { AlertOp } from './alertPlan.ts';
import { applyAlerts, type AppliedOp } from './applyAlerts.ts';
import { ALERT_LABEL, MAX_DISPATCHED_SLOTS, alertKey, parseStateMarker } from './markers.ts';
import type { AlertMemory, AlertMemoryEntry } from './markers.ts';

/** Weekly jobs have one slot a week and need `minRuns` (3) runs to be judged: four weeks hold four. */
export const DEFAULT_WINDOW_DAYS = 28;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The GitHub side: alert issues and workflow dispatches (`gitHubAlertIssues` over Octokit). */
export type HealthCheckGitHub = AlertIssues;

export interface HealthCheckDeps {
  db: Db;
  /** Null: evaluate only; no issue is read or written and nothing is dispatched. */
  github: HealthCheckGitHub | null;
  now: Date;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Waits between the listings that look for a just-created issue. @default real timers */
  sleep?: (ms: number) => Promise<void>;
}

export interface HealthCheckOptions {
  /** Jobs to evaluate. @default every job in the registry */
  jobs?: JobName[];
  /** Days of runs evaluated, ending now. @default 28 */
  windowDays?: number;
  /** How long after its slot a run still counts as on time. @default 90 */
  graceMinutes?: number;
  /** Thresholds that replace the registry's, for every evaluated job. */
  overrides?: Partial<JobThresholds>;
  /**
   * Thresholds per job (Config.thresholds, from STRUKT_THRESHOLD_* variables): over the
   * registry's, under `overrides`. @default none
   */
  jobThresholds?: Partial<Record<JobName, Partial<JobThresholds>>>;
  /** Plan everything, write nothing and dispatch nothing. */
  dryRun: boolean;
  /**
   * Dispatch a catch-up run for each job whose newest due slot was missed, once per slot. Older
   * holes behind a slot that ran are left to the alert issue. Also continues an unfinished digest
   * period (a run ended partial_success) until a run for it ends success; see continuation.ts.
   */
  catchUp: boolean;
  /** Healthy evaluations in a row before an alert issue closes. @default 2 */
  closeAfterHealthy?: number;
}

/**
 * One catch-up decision. `already-dispatched`: the issue remembers the slot; `not-recorded`: the
 * alert is muted or closed as not planned, so the slot could not be remembered and is left alone.
 */
export interface CatchUp {
  job: JobName;
  /** The missed slot (ISO), sent as the run's `as_of`. */
  slot: string;
  workflow: string;
  status: 'dispatched' | 'dry-run' | 'failed' | 'already-dispatched' | 'not-recorded';
  error?: string;
}

export interface HealthCheckResult {
  health: JobHealth[];
  /** The planned operations; with no GitHub, planned as if no alert issue existed yet. */
  ops: AlertOp[];
  /** What became of each op (`dry-run` on a dry run); empty without GitHub. */
  applied: AppliedOp[];
  /** Catch-up and continuation runs actually started. */
  dispatched: Array<{ job: JobName; slot: string }>;
  catchUps: CatchUp[];
  /** Unfinished periods found, and what became of each (with catch-up on and GitHub only). */
  continuations: Continuation[];
  /** Whether the alert issues could be read (false without GitHub or when listing failed). */
  issuesRead: boolean;
  /** Every failed GitHub operation, one line each; the caller exits non-zero when any. */
  failures: string[];
}

/** Evaluates the jobs and applies the alert plan; see the module comment. */
export async function runHealthCheck(
  deps: HealthCheckDeps,
  options: HealthCheckOptions,
): Promise<HealthCheckResult> {
  const { now, github, log } = deps;
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const jobs = (options.jobs ?? JOBS.map((j) => j.name)).map((name) => getJob(name));
  const since = new Date(now.getTime() - windowDays * DAY_MS);

  // One read for every job; a database without the batch tables has no batch to judge.
  const batches = await readBatchHealth(deps.db, now, since);
  if (batches === null) {
    log.warn('cron_batch_health not found (migration 20261201000200 not applied); no batch checked');
  }
  const health: JobHealth[] = [];
  for (const job of jobs) {
    const runs = await readRunSamples(deps.db, job.functionName, since);
    const h = evaluateJobHealth({
      job,
      runs,
      now,
      windowDays,
      batches: (batches ?? []).filter((b) => b.job === job.name),
      ...(options.graceMinutes === undefined ? {} : { graceMinutes: options.graceMinutes }),
      overrides: { ...options.jobThresholds?.[job.name], ...options.overrides },
    });
    health.push(h);
    log.info('job evaluated', {
      job: job.name,
      runs: h.figures.runs,
      checks: Object.fromEntries(Object.entries(h.checks).map(([kind, c]) => [kind, c.state])),
    });
  }

  const planOptions =
    options.closeAfterHealthy === undefined ? {} : { closeAfterHealthy: options.closeAfterHealthy };
  const plan = (issues: ExistingIssue[], state: AlertMemory = {}) =>
    planAlerts({ health, issues, now, state, options: planOptions });
  const result: HealthCheckResult = {
    health,
    ops: [],
    applied: [],
    dispatched: [],
    catchUps: [],
    continuations: [],
    issuesRead: false,
    failures: [],
  };

  if (!github) {
    result.ops = plan([]);
    if (options.catchUp) log.warn('catch-up needs GitHub (a repository and a token); nothing dispatched');
    return result;
  }
  // Needs no issue: the run log itself says which period is unfinished and when it last ran.
  if (options.catchUp)
    await continuePeriods({ github, log, jobs, now, db: deps.db, dryRun: options.dryRun, result });
  let issues: ExistingIssue[];
  try {
    issues = await github.list(ALERT_LABEL);
  } catch (error) {
    // Planning against an unread list would open a second copy of every open alert.
    result.failures.push(`list alert issues: ${describeGitHubError(error)}`);
    log.warn('could not list alert issues; no issue written, no catch-up dispatched');
    return result;
  }
  result.issuesRead = true;

  const state = options.catchUp
    ? await catchUp({ github, log, health, issues, jobs, dryRun: options.dryRun, plan, result })
    : {};
  result.ops = plan(issues, state);
  result.applied = await applyAlerts(github, result.ops, {
    dryRun: options.dryRun,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    log: { warn: (message) => log.warn(message) },
  });
  for (const a of result.applied) {
    if (a.status !== 'failed') continue;
    const target = `${a.op.job}/${a.op.kind}${a.number === undefined ? '' : ` #${a.number}`}`;
    result.failures.push(`${a.op.type} ${target}: ${a.error ?? 'failed'}`);
  }
  return result;
}

/** Starts a run of a job's workflow with `as_of` set to a slot; the run computes its period from it. */
async function dispatchAsOf(github: HealthCheckGitHub, workflow: string, slot: string): Promise<void> {
  const asOf = new Date(slot);
  if (Number.isNaN(asOf.getTime())) {
    throw new RangeError(`Invalid slot '${slot}' for a catch-up run. Expected an ISO 8601 time.`);
  }
  await github.dispatch({ workflow, inputs: { as_of: asOf.toISOString() } });
}

/** Dispatches a continuation per unfinished period; a failed dispatch is a failure to report, retried next hour. */
async function continuePeriods(ctx: {
  github: HealthCheckGitHub;
  log: HealthCheckDeps['log'];
  jobs: JobDefinition[];
  now: Date;
  db: Db;
  dryRun: boolean;
  result: HealthCheckResult;
}): Promise<void> {
  const { github, result } = ctx;
  const continuations = await continueUnfinished(
    {
      db: ctx.db,
      now: ctx.now,
      dryRun: ctx.dryRun,
      log: ctx.log,
      dispatch: (job, slot) => dispatchAsOf(github, job.workflow, slot),
    },
    ctx.jobs,
    describeGitHubError,
  );
  for (const c of continuations) {
    if (c.status === 'dispatched') result.dispatched.push({ job: c.job, slot: c.slot });
    if (c.status === 'failed')
      result.failures.push(`dispatch ${c.workflow} to continue ${c.slot}: ${c.error}`);
  }
  result.continuations = continuations;
}

interface CatchUpContext {
  github: HealthCheckGitHub;
  log: HealthCheckDeps['log'];
  health: JobHealth[];
  issues: ExistingIssue[];
  jobs: JobDefinition[];
  dryRun: boolean;
  plan: (issues: ExistingIssue[], state: AlertMemory) => AlertOp[];
  /** Receives the catch-ups, dispatches and failures. */
  result: HealthCheckResult;
}

/**
 * Dispatches the catch-up runs and returns the missed-schedule memory the plan must write: the
 * slots dispatched now, added to those the issues already remember. A dispatch that fails is
 * left out, so the next hourly check tries it again.
 */
async function catchUp(ctx: CatchUpContext): Promise<AlertMemory> {
  const { github, log, health, issues, jobs, result } = ctx;
  const state: AlertMemory = {};
  const wanted = catchUpCandidates(health, issues, jobs);
  for (const c of wanted) {
    if (c.alreadyDispatched) {
      result.catchUps.push({
        job: c.job.name,
        slot: c.slot,
        workflow: c.job.workflow,
        status: 'already-dispatched',
      });
    } else {
      state[c.key] = c.memory;
    }
  }
  // The memory only holds if the plan writes it; a muted alert's body is never rewritten.
  const recorded = ctx.plan(issues, state);
  for (const c of wanted.filter((w) => !w.alreadyDispatched)) {
    const base = { job: c.job.name, slot: c.slot, workflow: c.job.workflow };
    if (!writesSlot(recorded, c.job.name, c.slot)) {
      delete state[c.key];
      result.catchUps.push({ ...base, status: 'not-recorded' });
      log.warn('catch-up not dispatched: the missed-schedule alert is muted or closed as not planned', {
        job: c.job.name,
        slot: c.slot,
      });
      continue;
    }
    if (ctx.dryRun) {
      result.catchUps.push({ ...base, status: 'dry-run' });
      continue;
    }
    try {
      await dispatchAsOf(github, c.job.workflow, c.slot);
      result.catchUps.push({ ...base, status: 'dispatched' });
      result.dispatched.push({ job: c.job.name, slot: c.slot });
      log.info('catch-up run dispatched', { job: c.job.name, slot: c.slot, workflow: c.job.workflow });
    } catch (error) {
      // Not remembered, so the next hourly check tries this slot again.
      delete state[c.key];
      const text = describeGitHubError(error);
      result.catchUps.push({ ...base, status: 'failed', error: text });
      result.failures.push(`dispatch ${c.job.workflow} for ${c.slot}: ${text}`);
    }
  }
  return state;
}

interface Candidate {
  job: JobDefinition;
  key: string;
  slot: string;
  alreadyDispatched: boolean;
  /** The missed-schedule memory with the slot added, to hand the planner. */
  memory: AlertMemoryEntry;
}

/** Per job with missed slots: its latest missed slot and what the open issue remembers. */
function catchUpCandidates(health: JobHealth[], issues: ExistingIssue[], jobs: JobDefinition[]): Candidate[] {
  return health.flatMap((h) => {
    const slot = h.checks['missed-schedule'].missedSlots?.at(-1);
    const job = jobs.find((j) => j.name === h.job);
    if (h.checks['missed-schedule'].state !== 'breach' || !slot || !job) return [];
    // Only the newest due slot is caught up. A hole behind a slot that did run is history: a
    // status check as of last week would queue stale notifications, and backfilling every hole
    // one per hour could go on for days. Such holes stay on the alert issue for a human.
    const dueUntil = new Date(Date.parse(h.window.to) - h.graceMinutes * MINUTE_MS);
    const newestDue = expectedSlots(h.schedule, new Date(h.window.from), dueUntil).at(-1);
    if (newestDue?.toISOString() !== slot) return [];
    // The planner keeps the oldest open copy, so its memory is the one that counts.
    const open = issuesFor(issues, h.job, 'missed-schedule')
      .filter((i) => i.state === 'open')
      .sort(byAge)[0];
    const memory: AlertMemoryEntry = (open && parseStateMarker(open.body)) || {
      healthyStreak: 0,
      lastState: 'breach',
    };
    const remembered = memory.dispatchedSlots ?? [];
    // Slots before the window can no longer be reported missed, so they need no memory.
    const windowStart = Date.parse(h.window.from);
    const kept = remembered.filter((s) => Date.parse(s) >= windowStart && s !== slot);
    return [
      {
        job,
        key: alertKey(h.job, 'missed-schedule'),
        slot,
        alreadyDispatched: remembered.includes(slot),
        memory: { ...memory, dispatchedSlots: [...kept, slot].slice(-MAX_DISPATCHED_SLOTS) },
      },
    ];
  });
}

/** Whether the plan writes a missed-schedule body for `job` that remembers `slot`. */
function writesSlot(ops: AlertOp[], job: JobName, slot: string): boolean {
  return ops.some(
    (op) =>
      op.job === job &&
      op.kind === 'missed-schedule' &&
      (op.type === 'create' || op.type === 'update') &&
      (parseStateMarker(op.body)?.dispatchedSlots ?? []).includes(slot),
  );
}
