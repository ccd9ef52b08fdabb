import { createBatchWriterFor, createWriters } from '../ai/writers.ts';
import type { Config } from '../config/config.ts';
import type { AiMode } from '../config/runOptions.ts';
import { openDb } from '../db/open.ts';
import type { Db } from '../db/types.ts';
import type { RunOptions } from '../domain/runRequest.ts';
import type { Logger } from '../lib/logger.ts';
import { createUserRef, userRefKey } from '../lib/userRef.ts';
import { runJob, type RunDeps } from '../runs/runJob.ts';
import type { RunReport } from '../runs/types.ts';
import { jobFor } from './index.ts';

export interface ExecuteRequest {
  job: string;
  options: RunOptions;
  /** `openai` requires OPENAI_API_KEY; `offline` writes templates. */
  ai: AiMode;
}

export interface ExecuteDeps {
  config: Config;
  log: Logger;
  /** An open database to use (the HTTP server keeps one); otherwise one is opened and closed here. */
  db?: Db;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** A progress display's callback (src/runs/runJob.ts RunDeps.onProgress). @default none */
  onProgress?: RunDeps['onProgress'];
}

/**
 * One run as every entry point performs it: resolve the job, build the writers (failing fast on
 * missing configuration), open the database, run, close. Configuration errors throw ConfigError
 * before anything touches the database.
 */
export async function executeRun(request: ExecuteRequest, deps: ExecuteDeps): Promise<RunReport> {
  const job = jobFor(request.job);
  // The status check writes no text, so it runs without an OpenAI key whatever the mode.
  const mode = job.usesAi ? request.ai : 'offline';
  // Batch mode keeps a direct writer too: it serves the users of a batch that expired.
  const writers = createWriters(deps.config, mode === 'batch' ? 'openai' : mode, {
    sleep: deps.sleep,
    concurrency: request.options.concurrency ?? undefined,
    dryRun: request.options.dryRun,
  });
  // Every run that may reach OpenAI collects the job's open batches (batch mode also submits).
  const batch =
    mode === 'batch' || (mode === 'openai' && deps.config.openaiApiKey)
      ? createBatchWriterFor(deps.config, { dryRun: request.options.dryRun })
      : null;
  const db =
    deps.db ??
    (await openDb(deps.config, { poolSize: Math.min(10, (request.options.concurrency ?? 8) + 2) }));
  try {
    return await runJob(job, request.options, {
      db,
      ...writers,
      batch,
      submitBatches: mode === 'batch',
      log: deps.log,
      // Random when the configuration holds no secret to key it with: refs match within this run only.
      userRef: createUserRef(userRefKey(deps.config).key),
      sleep: deps.sleep,
      now: deps.now,
      onProgress: deps.onProgress,
    });
  } finally {
    if (!deps.db) await db.close().catch(() => {});
  }
}
