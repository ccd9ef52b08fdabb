import type { BatchWriter } from '../../src/ai/batchWriter.ts';
import { createOfflineWriter } from '../../src/ai/offlineWriter.ts';
import type { AiWriter } from '../../src/ai/types.ts';
import type { Db } from '../../src/db/types.ts';
import { runJob, type Job } from '../../src/runs/runJob.ts';
import type { RunReport } from '../../src/runs/types.ts';
import type { RunOptions } from '../../src/domain/runRequest.ts';

/** Run options for tests: a fixed clock, no budget, CLI trigger. */
export function testOptions(asOf: string, more: Partial<RunOptions> = {}): RunOptions {
  return {
    asOf: new Date(asOf),
    dryRun: false,
    users: null,
    shard: null,
    concurrency: 4,
    timeBudgetMs: null,
    trigger: 'cli',
    source: 'cli',
    runUrl: null,
    ...more,
  };
}

/** Runs a job with offline writers (or the given AI writer, and batch mode's) and a sleep that never waits. */
export function runTestJob(
  job: Job,
  db: Db,
  options: RunOptions,
  deps: { ai?: AiWriter; now?: () => number; batch?: BatchWriter; submitBatches?: boolean } = {},
): Promise<RunReport> {
  const template = createOfflineWriter('template');
  return runJob(job, options, {
    db,
    ai: deps.ai ?? template,
    template,
    batch: deps.batch ?? null,
    // Given a Batch API: batch mode, unless told it only collects (a direct run).
    submitBatches: deps.submitBatches ?? deps.batch !== undefined,
    sleep: async () => {},
    ...(deps.now ? { now: deps.now } : {}),
  });
}
