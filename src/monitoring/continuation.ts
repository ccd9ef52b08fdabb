/**
 * Continuation of unfinished periods (issue 14.3): a digest run cut short — by its time budget,
 * by exhausted quota, or with users that failed — leaves users without their digest for that
 * week. The hourly health check finds the newest such period and dispatches the job's workflow
 * again with as-of = the period's slot, until a run for the period ends success.
 *
 * Why this is safe to repeat: a period is fixed by its slot (src/domain/period.ts), the candidates
 * exclude users who already have a digest for it, and ai_coach_notes is unique on (user_id, type,
 * period_start). A second continuation for the same period writes nothing twice.
 *
 * Bounds: only periods whose slot is at most `continueForHours` old (registry, 48 h for the
 * digest), and no dispatch while the period's newest run started less than CONTINUE_GAP_MINUTES
 * ago — one continuation per hourly check at most. The runs themselves are the memory: no issue
 * or table remembers a dispatch, so a dispatch that fails is simply tried again next hour.
 */
import type { Db } from '../db/types.ts';
import type { JobDefinition, JobName } from '../domain/jobs.ts';
import { periodRuns, type PeriodRun } from '../sql/runLog.ts';

/**
 * A period's newest run must be at least this old before another continuation is dispatched. The
 * check runs hourly and a dispatched run records its start a minute or two after the dispatch, so
 * 45 minutes means at most one continuation per check without skipping every other hour.
 */
export const CONTINUE_GAP_MINUTES = 45;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface UnfinishedPeriod {
  /** The period's slot (ISO): the as-of of the continuation. */
  slot: string;
  /** Users the newest unfinished run left (its `remaining`, plus those that failed). */
  left: number;
  /** When the period's newest run started (ISO). */
  lastRunTime: string;
  /** False while the newest run is younger than the gap: wait for the next check. */
  due: boolean;
}

/**
 * Whether a run left users of its period for later: it ended partial_success (users failed or the
 * time budget ran out), or it stopped on a fatal error after reading users it never finished
 * (exhausted quota: status error with users remaining).
 */
export function leftWork(run: PeriodRun): boolean {
  return run.run_status === 'partial_success' || (run.run_status === 'error' && (run.remaining ?? 0) > 0);
}

/**
 * The newest period (slot within `continueForHours` of `now`) that a run left unfinished and that
 * no later successful run of the same shard — or of every user, without a `users` filter — has
 * finished since. Pure.
 */
export function findUnfinishedPeriod(
  runs: readonly PeriodRun[],
  now: Date,
  continueForHours: number,
  gapMinutes = CONTINUE_GAP_MINUTES,
): UnfinishedPeriod | null {
  const earliest = now.getTime() - continueForHours * HOUR_MS;
  const bySlot = new Map<number, PeriodRun[]>();
  for (const run of runs) {
    const slot = Date.parse(run.period_end);
    if (Number.isNaN(slot) || slot < earliest || slot > now.getTime()) continue;
    bySlot.set(slot, [...(bySlot.get(slot) ?? []), run]);
  }
  const slots = [...bySlot.keys()].sort((a, b) => b - a);
  for (const slot of slots) {
    const periodRuns = bySlot.get(slot)!;
    const unfinished = periodRuns.filter(
      (run) =>
        leftWork(run) &&
        !periodRuns.some(
          (later) =>
            later.run_status === 'success' &&
            !later.users_filtered &&
            Date.parse(later.run_time) > Date.parse(run.run_time) &&
            (later.shard === null || later.shard === run.shard),
        ),
    );
    if (unfinished.length === 0) continue;
    const newest = Math.max(...periodRuns.map((r) => Date.parse(r.run_time)));
    const newestUnfinished = unfinished.reduce((a, b) =>
      Date.parse(b.run_time) > Date.parse(a.run_time) ? b : a,
    );
    return {
      slot: new Date(slot).toISOString(),
      left: (newestUnfinished.remaining ?? 0) + (newestUnfinished.failed ?? 0),
      lastRunTime: new Date(newest).toISOString(),
      due: now.getTime() - newest >= gapMinutes * MINUTE_MS,
    };
  }
  return null;
}

/** The runs of `functionName` with a period that started at or after `since`, newest first (at most 1,000). */
export async function readPeriodRuns(db: Db, functionName: string, since: Date): Promise<PeriodRun[]> {
  try {
    return await periodRuns(db, { p_function_name: functionName, p_since: since.toISOString() });
  } catch (error) {
    throw new Error(`Could not read the runs of ${functionName} from admin.system_cron_logs`, {
      cause: error,
    });
  }
}

/** One continuation decision, for the health check's result and summary. */
export interface Continuation {
  job: JobName;
  /** The unfinished period's slot, sent as the run's `as_of`. */
  slot: string;
  workflow: string;
  /** Users the last run left (remaining + failed). */
  left: number;
  /** `waiting`: the period's newest run is younger than CONTINUE_GAP_MINUTES. */
  status: 'dispatched' | 'dry-run' | 'failed' | 'waiting';
  error?: string;
}

export interface ContinueDeps {
  db: Db;
  now: Date;
  dryRun: boolean;
  /** Starts the job's workflow with as_of = slot (the same dispatch as a catch-up). */
  dispatch: (job: JobDefinition, slot: string) => Promise<void>;
  log: { info(message: string, fields?: Record<string, unknown>): void };
}

/**
 * For each job with a continuation window, finds its unfinished period and dispatches a run for
 * it when due. A failed dispatch comes back with status `failed` for the caller to report; the
 * next check tries again, as nothing remembers it.
 */
export async function continueUnfinished(
  deps: ContinueDeps,
  jobs: readonly JobDefinition[],
  errorText: (error: unknown) => string,
): Promise<Continuation[]> {
  const out: Continuation[] = [];
  for (const job of jobs) {
    if (job.continueForHours === undefined) continue;
    const since = new Date(deps.now.getTime() - job.continueForHours * HOUR_MS);
    const runs = await readPeriodRuns(deps.db, job.functionName, since);
    const period = findUnfinishedPeriod(runs, deps.now, job.continueForHours);
    if (!period) continue;
    const base = { job: job.name, slot: period.slot, workflow: job.workflow, left: period.left };
    if (!period.due) {
      out.push({ ...base, status: 'waiting' });
      continue;
    }
    if (deps.dryRun) {
      out.push({ ...base, status: 'dry-run' });
      continue;
    }
    try {
      await deps.dispatch(job, period.slot);
      out.push({ ...base, status: 'dispatched' });
      deps.log.info('continuation run dispatched', { job: job.name, slot: period.slot, left: period.left });
    } catch (error) {
      out.push({ ...base, status: 'failed', error: errorText(error) });
    }
  }
  return out;
}
