import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  executeRun
} from "./chunk-BPACY45L.js";
import {
  ENTRY_FIELDS,
  MAX_BODY_BYTES,
  RESULTS_KEY,
  requestBodySchema
} from "./chunk-P2ASJX3D.js";
import "./chunk-IQT6D2IH.js";
import "./chunk-JNB2SOGZ.js";
import "./chunk-S2N5ZHOA.js";
import "./chunk-6YYR66XQ.js";
import "./chunk-AB5N4OH2.js";
import "./chunk-DZ4QOFLO.js";
import "./chunk-4I4YWPP6.js";
import "./chunk-26K63QEV.js";
import "./chunk-2G6JPB32.js";
import "./chunk-UZ5JGIKX.js";
import {
  parseAsOf,
  parseUsers
} from "./chunk-SIPP5JH7.js";
import "./chunk-VCRIN6ZY.js";
import "./chunk-GATFU3MK.js";
import {
  describeError,
  scrub
} from "./chunk-6IGIM6DF.js";
import "./chunk-4WWU7CHW.js";
import "./chunk-24W4TJKO.js";
import {
  JOBS
} from "./chunk-W4GVEMGZ.js";
import "./chunk-HZUTH2YY.js";
import {
  ConfigError
} from "./chunk-X27H6HXQ.js";
import "./chunk-PO4BBYRD.js";
import "./chunk-2VMIIVX7.js";
import "./chunk-GWVEPKG7.js";
import "./chunk-L6ZWD2HZ.js";
import "./chunk-PUGRNUUZ.js";

// src/functions/auth.ts
var encoder = new TextEncoder();
async function checkBearer(header, keys) {
  if (header === null || header === "") return { ok: false, reason: "missing" };
  if (/,[ \t]*bearer[ \t]/i.test(header)) return { ok: false, reason: "multiple" };
  const match = /^bearer (.+)$/is.exec(header);
  if (!match) return { ok: false, reason: "scheme" };
  const token = await sha256(match[1]);
  let matched = false;
  for (const key of keys) {
    if (equalDigests(token, await sha256(key))) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: "mismatch" };
}
async function sha256(text) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}
function equalDigests(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

// src/functions/requestBody.ts
var FIELDS = Object.keys(requestBodySchema.shape).join(", ");
async function readRequestBody(request, maxBytes = MAX_BODY_BYTES) {
  const tooLarge = {
    ok: false,
    status: 413,
    code: "payload_too_large",
    error: `Request body too large. Expected at most ${maxBytes} bytes.`
  };
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) return tooLarge;
  const bytes = await readCapped(request.body, maxBytes);
  if (bytes === null) return tooLarge;
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return badRequest("Invalid JSON body: expected UTF-8 text.");
  }
  if (text.trim() === "") return { ok: true, body: {} };
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return badRequest(`Invalid JSON body: ${clip(reason)}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    return badRequest(`Invalid body: expected a JSON object with optional fields ${FIELDS}; got ${got}.`);
  }
  const parsed = requestBodySchema.safeParse(value);
  if (!parsed.success) return badRequest(describeIssues(parsed.error));
  return { ok: true, body: parsed.data };
}
async function readCapped(stream, maxBytes) {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (; ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {
      });
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
function describeIssues(error) {
  const lines = error.issues.slice(0, 5).map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((k) => `'${clip(k, 40)}'`).join(", ");
      return `unknown field(s) ${keys}; expected only ${FIELDS}`;
    }
    const field = issue.path.length > 0 ? issue.path.join(".") : "body";
    return `field '${field}': ${issue.message}`;
  });
  return `Invalid body: ${lines.join("; ")}.`;
}
function badRequest(error) {
  return { ok: false, status: 400, code: "bad_request", error };
}
function clip(text, max = 200) {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

// src/functions/resultEntries.ts
var OUTCOMES = {
  "weekly-digest": { done: "written", dry: "would_write" },
  "user-status": { done: "queued", dry: "would_queue" },
  "plan-refresh": { done: "written", dry: "would_write" }
};
var REF_BYTES = 6;
var CODE = /^[a-z][a-z0-9_]{0,39}$/;
var encoder2 = new TextEncoder();
async function resultEntries(job, rows, dryRun) {
  const refOf = await answerRefs();
  const outcome = dryRun ? OUTCOMES[job].dry : OUTCOMES[job].done;
  const entries = await Promise.all(
    rows.map(async (row) => ({
      ref: await refOf(String(row.userId ?? "")),
      outcome,
      ...allowedFields(job, row)
    }))
  );
  return entries.sort((a, b) => a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
}
async function answerRefs() {
  const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return async (userId) => {
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder2.encode(userId)));
    return `r_${hex(mac.subarray(0, REF_BYTES))}`;
  };
}
function allowedFields(job, row) {
  const picked = {};
  for (const field of ENTRY_FIELDS[job]) {
    const value = row[field];
    if (typeof value === "number" && Number.isFinite(value)) picked[field] = value;
    else if (typeof value === "string" && CODE.test(value)) picked[field] = value;
  }
  return picked;
}
function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// src/functions/handler.ts
var DEFAULT_TIME_BUDGET_MS = 12e4;
var FUNCTIONS_PREFIX = ["functions", "v1"];
function createHandler(deps) {
  const served = servedJobs(deps.functions);
  const execute = deps.execute ?? executeRun;
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const budget = deps.defaultTimeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  if (!Number.isInteger(budget) || budget < 1) {
    throw new Error(`Invalid defaultTimeBudgetMs ${budget}. Expected a whole number of ms from 1 up.`);
  }
  const keys = [deps.config.supabaseServiceRoleKey, deps.config.cronSecret].filter(
    (k) => typeof k === "string" && k !== ""
  );
  async function handle(request, log) {
    const job = route(new URL(request.url).pathname, served);
    if (!job) {
      const names = [...served.keys()].join(", ");
      const error = `No such function. Expected POST /functions/v1/<name> with one of: ${names}.`;
      return errorResponse(404, { code: "not_found", error });
    }
    const scoped = log.child({ function: job.functionName });
    if (request.method !== "POST") {
      const error = `Method ${request.method} not allowed. Expected POST.`;
      return errorResponse(405, { code: "method_not_allowed", error }, { Allow: "POST" });
    }
    if (keys.length === 0) {
      scoped.error("no bearer key configured: set SUPABASE_SERVICE_ROLE_KEY or STRUKT_CRON_SECRET");
      const error = "Server not configured: it accepts no bearer key (set SUPABASE_SERVICE_ROLE_KEY or STRUKT_CRON_SECRET).";
      return errorResponse(500, { code: "misconfigured", error });
    }
    const auth = await checkBearer(request.headers.get("authorization"), keys);
    if (!auth.ok) {
      scoped.warn("unauthorized request", { reason: auth.reason });
      return errorResponse(401, { code: "unauthorized", error: "Unauthorized" });
    }
    const read = await readRequestBody(request);
    if (!read.ok) return errorResponse(read.status, { code: read.code, error: read.error });
    const detail = read.body.detail === true;
    if (detail) scoped.info("per-user detail requested: the answer carries user ids and texts");
    let options;
    try {
      const body = read.body;
      options = {
        asOf: parseAsOf(body.asOf, "asOf", now),
        dryRun: body.dryRun ?? false,
        users: parseUsers(body.users, "users"),
        shard: null,
        concurrency: deps.concurrency ?? 8,
        // A request may shorten the budget, never stretch it past the platform's wall clock.
        timeBudgetMs: Math.min(body.timeBudgetMs ?? budget, budget),
        trigger: "http",
        source: "edge",
        runUrl: deps.config.github.runUrl,
        nudges: body.nudges ?? deps.config.nudges
      };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return errorResponse(400, { code: "bad_request", error: error.message });
    }
    let report;
    try {
      report = await execute(
        { job: job.name, options, ai: writerFor(deps.ai ?? "openai", read.body.ai) },
        { config: deps.config, log: scoped, db: deps.db, sleep: deps.sleep }
      );
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      scoped.error("server misconfigured", { error: describeError(error) });
      return errorResponse(500, {
        code: "misconfigured",
        error: `Server misconfigured: ${scrub(error.message)}`
      });
    }
    return reportResponse(job, report, detail);
  }
  return async (request) => {
    const started = Date.now();
    let response;
    try {
      response = await handle(request, deps.log);
    } catch (error) {
      deps.log.error("request failed", { error: describeError(error) });
      response = errorResponse(500, { code: "internal", error: "Internal error" });
    }
    deps.log.info("request", {
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      duration_ms: Date.now() - started
    });
    return response;
  };
}
async function reportResponse(job, report, detail) {
  if (report.status === "skipped") {
    const error = `Another run of ${job.functionName} is in progress`;
    return errorResponse(409, { code: "run_in_progress", error, status: "skipped" });
  }
  if (report.status === "error") {
    const error = scrub(report.message);
    return errorResponse(500, { code: "run_failed", error, runId: report.runId, status: "error" });
  }
  if (!report.dryRun && !report.recorded) {
    const error = `${job.functionName} ended ${report.status} but the run could not be recorded in system_cron_logs.`;
    return errorResponse(500, {
      code: "run_not_recorded",
      error,
      runId: report.runId,
      status: report.status
    });
  }
  const body = {
    success: true,
    message: report.message,
    [RESULTS_KEY[job.name]]: detail ? report.results : await resultEntries(job.name, report.results, report.dryRun),
    status: report.status,
    runId: report.runId,
    dryRun: report.dryRun,
    counts: report.counts
  };
  if (report.status === "partial_success") body.remaining = report.counts.remaining;
  return json(200, body);
}
function servedJobs(names) {
  const served = /* @__PURE__ */ new Map();
  for (const name of names ?? JOBS.map((j) => j.functionName)) {
    const job = JOBS.find((j) => j.functionName === name);
    if (!job) {
      const valid = JOBS.map((j) => j.functionName).join(", ");
      throw new Error(`Unknown function '${name}'. Expected one of: ${valid}.`);
    }
    served.set(name, job);
  }
  return served;
}
function route(pathname, served) {
  const segments = pathname.split("/").filter((s) => s !== "");
  const name = segments.pop();
  if (name === void 0) return void 0;
  const prefixOk = segments.length === 0 || segments.length === FUNCTIONS_PREFIX.length && segments.every((s, i) => s === FUNCTIONS_PREFIX[i]);
  return prefixOk ? served.get(name) : void 0;
}
function errorResponse(status, body, headers = {}) {
  return json(status, { success: false, ...body }, headers);
}
function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers }
  });
}
function writerFor(deployed, asked) {
  return deployed === "offline" || asked === void 0 ? deployed : asked;
}
export {
  DEFAULT_TIME_BUDGET_MS,
  createHandler
};
