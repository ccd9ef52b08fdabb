import { randomBytes, randomUUID } from 'node:crypto';
import type { AiWriter } from '../ai/types.ts';
import type { BatchWriter } from '../ai/batchWriter.ts';
import { explainDbFailure } from '../db/failures.ts';
import { isTransientDbError } from '../db/transient.ts';
import type { Db } from '../db/types.ts';
import type { JobDefinition } from '../domain/jobs.ts';
import type { Period } from '../domain/period.ts';
import type { RunOptions } from '../domain/runRequest.ts';
import { silentLogger, type Logger } from '../lib/logger.ts';
import { RETRY_DELAYS_MS, withRetry } from '../lib/retry.ts';
import { describeError } from '../lib/sanitize.ts';
import { createUserRef, type UserRef } from '../lib/userRef.ts';
import { acquireLease, leaseKey, releaseLease, renewLease } from './lease.ts';
import { recordRun } from './record.ts';
import { classifyStatus } from './status.ts';
import { RunTally, type RunProgress } from './tally.ts';
import type { RunReport } from './types.ts';

/** A lease outlives a crashed run by at most this long; a live run renews it every third of it. */
export const LEASE_TTL_MS = 120_000;

export interface JobContext {
  db: Db;
  /** This run's id: what it holds leases and batch claims under. */
  runId: string;
  /**
   * The Batch API, when the run can reach it (an OpenAI key): the AI jobs collect their open
   * batches with it in every mode; null otherwise.
   */
  batch: BatchWriter | null;
  /** Batch mode (`--ai batch`): submit this run's candidates as a batch instead of writing them. */
  submitBatches: boolean;
  /** Writes for users who consented to OpenAI processing (OpenAI, or offline with `--ai offline`). */
  ai: AiWriter;
  /** Writes for everyone else: templates from their own figures, no third party. */
  template: AiWriter;
  options: RunOptions;
  period: Period | null;
  tally: RunTally;
  log: Logger;
  /** The only way a user id reaches a log line: a keyed reference (src/lib/userRef.ts). */
  userRef: UserRef;
  now: () => number;
  /** True once the time budget is spent or the lease was lost: start no new users. */
  shouldStop: () => boolean;
  /** Epoch ms after which no external call may start (null: no budget). */
  deadline: number | null;
  /** Runs a database call of the run's own work under the seed's retry policy, counting its tries in `attempts`. */
  retry<T>(label: string, call: () => Promise<T>): Promise<T>;
}

export interface Job {
  definition: JobDefinition;
  /** Whether the job writes with AI at all (the status check does not, so it needs no key). */
  usesAi: boolean;
  /** The data window of a run at `asOf` (a digest's period ends at its slot). */
  period(asOf: Date): Period | null;
  run(ctx: JobContext): Promise<void>;
  /** The seed's message, e.g. "Generated 3 weekly digests". */
  message(tally: RunTally, dryRun: boolean): string;
}

export interface RunDeps {
  db: Db;
  ai: AiWriter;
  /** See JobContext.batch. @default null */
  batch?: BatchWriter | null;
  /** See JobContext.submitBatches. @default false */
  submitBatches?: boolean;
  template: AiWriter;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: Logger;
  /**
   * User refs for the logs, keyed from the configuration (`userRefKey`). Passed in, not read from
   * a global, so the key goes where the configuration goes. @default a random key per run: refs
   * then correlate only within this run
   */
  userRef?: UserRef;
  newRunId?: () => string;
  /**
   * Told as users finish, and once the candidates are counted (a count query beside the run,
   * made only when this is given): a progress display on a terminal. @default none
   */
  onProgress?: (progress: RunProgress) => void;
}

/**
 * Runs one job under the lifecycle every run shares: a lease per job and shard, a time budget,
 * retries, an honest status, and one system_cron_logs row. Never throws for a job failure: the
 * report says what happened. `recorded: false` on a non-dry run means the database could not
 * take the record — the caller must exit non-zero.
 */
export async function runJob(job: Job, options: RunOptions, deps: RunDeps): Promise<RunReport> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const runId = (deps.newRunId ?? randomUUID)();
  const startedMs = now();
  const shard = options.shard;
  const log = (deps.log ?? silentLogger).child({
    job: job.definition.name,
    run: runId.slice(0, 8),
    ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}),
  });
  const tally = new RunTally(deps.onProgress ?? null);
  const period = job.period(options.asOf);
  const deadline = options.timeBudgetMs === null ? null : startedMs + options.timeBudgetMs;
  const key = leaseKey(job.definition.name, shard);
  let leaseLost = false;

  const retry = async <T>(label: string, call: () => Promise<T>): Promise<T> => {
    try {
      const { value, attempts } = await withRetry(() => call(), {
        delaysMs: RETRY_DELAYS_MS,
        sleep,
        isRetryable: isTransientDbError,
        now,
      });
      tally.workTries(attempts);
      return value;
    } catch (error) {
      const attempts = (error as { attempts?: number }).attempts;
      if (typeof attempts === 'number') tally.workTries(attempts);
      throw new Error(`${label} failed: ${describeError(error)}`, { cause: error });
    }
  };

  const report = (status: RunReport['status'], message: string): RunReport => ({
    runId,
    job: job.definition.name,
    functionName: job.definition.functionName,
    status,
    message,
    dryRun: options.dryRun,
    period: period ? { start: period.start.toISOString(), end: period.end.toISOString() } : null,
    asOf: options.asOf.toISOString(),
    startedAt: new Date(startedMs).toISOString(),
    durationMs: Math.max(0, Math.round(now() - startedMs)),
    attempts: tally.attempts,
    counts: tally.counts(),
    figures: { ...tally.figures },
    results: tally.results,
    errors: [...tally.errors],
    shard,
    usersFiltered: options.users ? options.users.length : null,
    trigger: options.trigger,
    source: options.source,
    runUrl: options.runUrl,
    ai: { ...summariseUsage(deps.ai, deps.batch ?? null), ...tally.aiCalls },
    recorded: false,
  });

  let renewTimer: ReturnType<typeof setInterval> | undefined;
  if (!options.dryRun) {
    let acquired: boolean;
    try {
      acquired = await retry('acquire lease', () => acquireLease(deps.db, key, runId, LEASE_TTL_MS));
    } catch (error) {
      // No lease, no run, and nowhere to record it. Say why in words someone can act on, when known
      // (a refused connection, a database never migrated); else that the database is not answering.
      const explained = explainDbFailure(error);
      tally.error(explained === null ? describeError(error, 'start') : `start: ${explained}`);
      log.error('could not start', { error: explained ?? describeError(error) });
      const why = explained === null ? 'the database is unavailable.' : lowerFirst(explained);
      return report('error', `Could not start ${job.definition.functionName}: ${why}`);
    }
    if (!acquired) {
      log.warn('another run of this job and shard is live; skipped', { lease: key });
      return report('skipped', `Skipped: another ${job.definition.functionName} run holds the lease ${key}.`);
    }
    renewTimer = setInterval(() => {
      renewLease(deps.db, key, runId, LEASE_TTL_MS)
        .then((held) => {
          if (!held) {
            leaseLost = true;
            log.warn('lease lost; starting no new users', { lease: key });
          }
        })
        .catch((error) => log.warn('lease renewal failed', { error: describeError(error) }));
    }, LEASE_TTL_MS / 3);
    renewTimer.unref?.();
  }

  let fatal: unknown = null;
  log.info('run started', { as_of: options.asOf.toISOString(), dry_run: options.dryRun });
  try {
    await job.run({
      db: deps.db,
      runId,
      batch: deps.batch ?? null,
      submitBatches: deps.submitBatches ?? false,
      ai: deps.ai,
      template: deps.template,
      options,
      period,
      tally,
      log,
      userRef: deps.userRef ?? createUserRef(randomBytes(32)),
      now,
      deadline,
      shouldStop: () => leaseLost || (deadline !== null && now() >= deadline),
      retry,
    });
  } catch (error) {
    fatal = error;
    const explained = explainDbFailure(error);
    tally.error(explained === null ? describeError(error, 'run') : `run: ${explained}`);
    log.error('run failed', { error: describeError(error) });
  } finally {
    if (renewTimer) clearInterval(renewTimer);
  }
  // Users read but never finished because the run stopped on a fatal error (quota, a save that
  // failed) are left for the next run, so the counts still add up.
  if (fatal !== null && tally.unaccounted > 0) tally.remaining += tally.unaccounted;

  const status = classifyStatus({
    succeeded: tally.succeeded,
    failed: tally.failed,
    remaining: tally.remaining,
    fatal: fatal !== null,
  });
  const message = fatal
    ? `${job.definition.functionName} failed: ${explainedOr(fatal)}`
    : job.message(tally, options.dryRun);
  const final = report(status, message);

  if (!options.dryRun) {
    const errorMessage =
      status === 'success'
        ? null
        : (final.errors[0] ?? (final.counts.remaining > 0 ? 'time budget reached' : null));
    try {
      await retry('record run', () => recordRun(deps.db, final, errorMessage));
      final.recorded = true;
    } catch (error) {
      final.errors.push(describeError(error, 'record run in system_cron_logs'));
      log.error('could not record the run in system_cron_logs', { error: describeError(error) });
    }
    await releaseLease(deps.db, key, runId).catch((error) =>
      log.warn('could not release the lease; it expires by itself', { error: describeError(error) }),
    );
  }
  log.info('run finished', {
    status,
    duration_ms: final.durationMs,
    counts: final.counts,
    attempts: final.attempts,
  });
  return final;
}

/** The run's OpenAI usage: direct calls plus, in batch mode, the answers collected (at the batch price). */
function summariseUsage(
  ai: AiWriter,
  batch: BatchWriter | null,
): Omit<RunReport['ai'], 'calls' | 'retriedCalls'> {
  const direct = ai.usage();
  const batched = batch?.usage() ?? null;
  const add = (key: 'requests' | 'promptTokens' | 'completionTokens' | 'estimatedCostUsd') =>
    direct[key] + (batched?.[key] ?? 0);
  return {
    model: ai.model ?? batch?.model ?? null,
    requests: add('requests'),
    promptTokens: add('promptTokens'),
    completionTokens: add('completionTokens'),
    estimatedCostUsd: add('estimatedCostUsd'),
    ...(batched
      ? {
          batch: {
            requests: batched.requests,
            promptTokens: batched.promptTokens,
            completionTokens: batched.completionTokens,
            estimatedCostUsd: batched.estimatedCostUsd,
          },
        }
      : {}),
  };
}

/** "Could not connect …" (our own sentences) as the second half of one. */
function lowerFirst(text: string): string {
  return text[0]!.toLowerCase() + text.slice(1);
}

/** A connection or missing-schema failure in words someone can act on, else the error's one line. */
function explainedOr(error: unknown): string {
  const explained = explainDbFailure(error);
  return explained === null ? describeError(error) : lowerFirst(explained);
}
