import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  rowsOf,
  scalarOf
} from "./chunk-GATFU3MK.js";

// src/sql/status.ts
function statusCandidates(db, args) {
  return rowsOf(db, "cron_status_candidates", args);
}
function statusPendingCount(db, args) {
  return scalarOf(db, "cron_status_pending_count", args);
}
function queueNotifications(db, args) {
  return rowsOf(db, "cron_queue_notifications", args);
}
async function activityTracking(db, args) {
  const [state] = await rowsOf(db, "cron_activity_tracking", args);
  return state;
}

export {
  statusCandidates,
  statusPendingCount,
  queueNotifications,
  activityTracking
};
