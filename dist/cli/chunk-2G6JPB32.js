import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  rowsOf
} from "./chunk-GATFU3MK.js";

// src/ai/batchLines.ts
function customIdOf(parts) {
  const job = parts.job === "weekly-digest" ? "digest" : "plan";
  return `${job}-${parts.day}-s${parts.shardIndex}of${parts.shardCount}-${String(parts.seq).padStart(6, "0")}`;
}
var FINISHED_STATUSES = /* @__PURE__ */ new Set([
  "completed",
  "failed",
  "expired",
  "cancelled"
]);
function requestLine(customId, body) {
  return JSON.stringify({ custom_id: customId, method: "POST", url: "/v1/chat/completions", body });
}
function parseAnswerLine(line) {
  let raw;
  try {
    raw = JSON.parse(line);
  } catch {
    return { kind: "unreadable" };
  }
  if (typeof raw !== "object" || raw === null) return { kind: "unreadable" };
  const record = raw;
  if (typeof record.custom_id !== "string" || record.custom_id === "") return { kind: "unreadable" };
  const customId = record.custom_id;
  if (record.error != null) return { kind: "error", customId, code: codeOf(record.error.code) };
  const status = record.response?.status_code;
  const body = record.response?.body;
  if (status !== 200 || typeof body !== "object" || body === null) {
    return {
      kind: "error",
      customId,
      code: codeOf(body?.error?.code ?? body?.error?.type ?? `http_${String(status)}`)
    };
  }
  if (!Array.isArray(body.choices)) return { kind: "error", customId, code: "no_choices" };
  return { kind: "answer", customId, completion: body };
}
function codeOf(value) {
  const text = typeof value === "string" && value !== "" ? value : "unknown";
  return text.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 40);
}

// src/sql/batches.ts
function openBatch(db, args) {
  return rowsOf(db, "cron_batch_open", args);
}
async function addBatchRequests(db, args) {
  const [row] = await rowsOf(db, "cron_batch_add_requests", args);
  return row?.added ?? 0;
}
async function markBatchSubmitted(db, args) {
  const [row] = await rowsOf(db, "cron_batch_submitted", args);
  return row?.updated ?? false;
}
function unclosedBatches(db, args) {
  return rowsOf(db, "cron_batches_unclosed", args);
}
async function claimBatch(db, args) {
  const [row] = await rowsOf(db, "cron_batch_claim", args);
  return row?.claimed ?? false;
}
async function noteBatchStatus(db, args) {
  await rowsOf(db, "cron_batch_note_status", args);
}
function batchUsers(db, args) {
  return rowsOf(db, "cron_batch_users", args);
}
function batchRequests(db, args) {
  return rowsOf(db, "cron_batch_requests", args);
}
async function closeBatch(db, args) {
  const [row] = await rowsOf(db, "cron_batch_close", args);
  return row?.closed ?? false;
}
function batchHealth(db, args) {
  return rowsOf(db, "cron_batch_health", args);
}

export {
  customIdOf,
  FINISHED_STATUSES,
  requestLine,
  parseAnswerLine,
  openBatch,
  addBatchRequests,
  markBatchSubmitted,
  unclosedBatches,
  claimBatch,
  noteBatchStatus,
  batchUsers,
  batchRequests,
  closeBatch,
  batchHealth
};
