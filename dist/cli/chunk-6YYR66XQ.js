import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  rowsOf,
  scalarOf
} from "./chunk-GATFU3MK.js";

// src/sql/runLog.ts
function recordRun(db, args) {
  return scalarOf(db, "cron_record_run", args);
}
function recentRuns(db, args) {
  return rowsOf(db, "cron_recent_runs", args);
}
function runsSince(db, args) {
  return rowsOf(db, "cron_runs_since", args);
}
function periodRuns(db, args) {
  return rowsOf(db, "cron_period_runs", args);
}
async function prune(db, { keepDays, now }) {
  const [row] = await rowsOf(db, "cron_prune", {
    p_keep_days: keepDays,
    p_now: now.toISOString()
  });
  return { logsDeleted: row?.logs_deleted ?? 0, leasesDeleted: row?.leases_deleted ?? 0 };
}

export {
  recordRun,
  recentRuns,
  runsSince,
  periodRuns,
  prune
};
