import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  external_exports
} from "./chunk-2VMIIVX7.js";

// src/functions/contract.ts
var MAX_BODY_BYTES = 64 * 1024;
var MAX_REQUEST_USERS = 1e3;
var MAX_TIME_BUDGET_MS = 6 * 36e5;
var requestBodySchema = external_exports.object({
  /** Decide everything, write nothing. @default false */
  dryRun: external_exports.boolean().optional(),
  /** The run's clock, ISO 8601 (backfills, catch-ups). @default the server's now */
  asOf: external_exports.string().max(64).optional(),
  /**
   * Only these user ids (UUIDs). @default every candidate. An empty list is refused rather
   * than read as "everyone": a caller whose filter matched nobody must not run for all.
   */
  users: external_exports.array(external_exports.string().max(64)).min(1, "expected at least one user id (leave the field out to run for every user)").max(MAX_REQUEST_USERS).optional(),
  /** Start no new users after this long; never more than the server's own budget. */
  timeBudgetMs: external_exports.number().int().min(1).max(MAX_TIME_BUDGET_MS).optional(),
  /**
   * checkUserStatus: also queue one inactivity nudge per lapse. @default the function's own
   * STRUKT_NUDGES (off). Ignored by the other functions.
   */
  nudges: external_exports.boolean().optional(),
  /**
   * weekly-digest and plan-refresh: `batch` submits to OpenAI's Batch API (collected by a later
   * call), `openai` calls it directly. @default the function's own mode. A function deployed
   * offline stays offline. Ignored by checkUserStatus.
   */
  ai: external_exports.enum(["openai", "batch"]).optional(),
  /**
   * Answer with the per-user rows as the jobs report them — user ids and digest text included —
   * instead of `ResultEntry`s. Only for a caller that shows them to someone entitled to see them:
   * a scheduler's answers are stored (pg_cron keeps each in net._http_response). @default false
   */
  detail: external_exports.boolean().optional()
}).strict();
var FINAL_ERROR_CODES = /* @__PURE__ */ new Set([
  "run_failed",
  "run_not_recorded",
  "misconfigured"
]);
var RESULTS_KEY = {
  "weekly-digest": "results",
  "user-status": "notifications",
  "plan-refresh": "plans"
};
var ENTRY_FIELDS = {
  "weekly-digest": ["method", "logCount"],
  "user-status": ["type", "priority", "stressfulDays", "evidence"],
  "plan-refresh": ["method", "version"]
};
var resultRows = external_exports.array(external_exports.record(external_exports.string(), external_exports.unknown()));
var countsSchema = external_exports.looseObject({
  considered: external_exports.number(),
  succeeded: external_exports.number(),
  failed: external_exports.number(),
  skipped: external_exports.record(external_exports.string(), external_exports.number()),
  remaining: external_exports.number()
});
var successBodySchema = external_exports.looseObject({
  success: external_exports.literal(true),
  message: external_exports.string(),
  status: external_exports.enum(["success", "partial_success"]).optional(),
  runId: external_exports.string().optional(),
  dryRun: external_exports.boolean().optional(),
  counts: countsSchema.optional(),
  remaining: external_exports.number().int().min(0).optional(),
  results: resultRows.optional(),
  notifications: resultRows.optional(),
  plans: resultRows.optional()
});
var errorBodySchema = external_exports.looseObject({
  success: external_exports.literal(false),
  error: external_exports.string(),
  code: external_exports.string().optional(),
  runId: external_exports.string().optional(),
  status: external_exports.string().optional()
});
var responseBodySchema = external_exports.discriminatedUnion("success", [successBodySchema, errorBodySchema]);

export {
  MAX_BODY_BYTES,
  MAX_REQUEST_USERS,
  requestBodySchema,
  FINAL_ERROR_CODES,
  RESULTS_KEY,
  ENTRY_FIELDS,
  errorBodySchema,
  responseBodySchema
};
