import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  createUserRef,
  jobFor,
  openDb,
  runJob,
  userRefKey
} from "./chunk-WPSPVPWH.js";
import {
  createWriters
} from "./chunk-PSN3KVND.js";

// src/jobs/execute.ts
async function executeRun(request, deps) {
  const job = jobFor(request.job);
  const writers = createWriters(deps.config, job.usesAi ? request.ai : "offline", {
    sleep: deps.sleep,
    concurrency: request.options.concurrency ?? void 0,
    dryRun: request.options.dryRun
  });
  const db = deps.db ?? await openDb(deps.config, { poolSize: Math.min(10, (request.options.concurrency ?? 8) + 2) });
  try {
    return await runJob(job, request.options, {
      db,
      ...writers,
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
