import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  createUserRef,
  runJob,
  userRefKey
} from "./chunk-IQT6D2IH.js";
import {
  openDb
} from "./chunk-S2N5ZHOA.js";
import {
  jobFor
} from "./chunk-DZ4QOFLO.js";
import {
  createBatchWriterFor,
  createWriters
} from "./chunk-4WWU7CHW.js";

// src/jobs/execute.ts
async function executeRun(request, deps) {
  const job = jobFor(request.job);
  const mode = job.usesAi ? request.ai : "offline";
  const writers = createWriters(deps.config, mode === "batch" ? "openai" : mode, {
    sleep: deps.sleep,
    concurrency: request.options.concurrency ?? void 0,
    dryRun: request.options.dryRun
  });
  const batch = mode === "batch" || mode === "openai" && deps.config.openaiApiKey ? createBatchWriterFor(deps.config, { dryRun: request.options.dryRun }) : null;
  const db = deps.db ?? await openDb(deps.config, { poolSize: Math.min(10, (request.options.concurrency ?? 8) + 2) });
  try {
    return await runJob(job, request.options, {
      db,
      ...writers,
      batch,
      submitBatches: mode === "batch",
      log: deps.log,
      // Random when the configuration holds no secret to key it with: refs match within this run only.
      userRef: createUserRef(userRefKey(deps.config).key),
      sleep: deps.sleep,
      now: deps.now,
      onProgress: deps.onProgress
    });
  } finally {
    if (!deps.db) await db.close().catch(() => {
    });
  }
}

export {
  executeRun
};
