import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  explainDbFailure
} from "./chunk-JNB2SOGZ.js";
import {
  recordRun
} from "./chunk-6YYR66XQ.js";
import {
  DbError
} from "./chunk-AB5N4OH2.js";
import {
  scalarOf
} from "./chunk-GATFU3MK.js";
import {
  describeError,
  passwordsOf,
  scrub
} from "./chunk-6IGIM6DF.js";
import {
  RETRY_DELAYS_MS,
  withRetry
} from "./chunk-HZUTH2YY.js";

// src/lib/userRef.ts
import { createHmac, randomBytes } from "node:crypto";
var DERIVATION_LABEL = "strukt-cron/log-user-ref/v1";
function createUserRef(key) {
  return (userId) => "u_" + createHmac("sha256", key).update(userId).digest("hex").slice(0, 10);
}
function userRefKey(config) {
  if (config.logRefKey) return { key: Buffer.from(config.logRefKey, "utf8"), source: "STRUKT_LOG_REF_KEY" };
  const password = passwordsOf(config.databaseUrl).at(-1);
  const base = config.supabaseServiceRoleKey ? ["SUPABASE_SERVICE_ROLE_KEY", config.supabaseServiceRoleKey] : password ? ["DATABASE_URL", password] : null;
  if (base) return { key: createHmac("sha256", base[1]).update(DERIVATION_LABEL).digest(), source: base[0] };
  return { key: randomBytes(32), source: "random" };
}

// src/runs/runJob.ts
import { randomBytes as randomBytes2, randomUUID } from "node:crypto";

// src/db/transient.ts
var TRANSIENT_CODES = /* @__PURE__ */ new Set([
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  // connection exceptions
  "57P01",
  "57P02",
  "57P03",
  // admin shutdown, crash shutdown, cannot connect now
  "40001",
  "40P01",
  // serialization failure, deadlock detected
  "55P03",
  // lock_not_available: a lock_timeout gave up behind another transaction
  "53300",
  // too many connections
  "PGRST000",
  "PGRST001",
  "PGRST002",
  "PGRST003"
  // PostgREST could not reach or wait for the database
]);
var TRANSIENT_NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|fetch failed|Connection terminated|terminating connection|server closed the connection/i;
function isTransientDbError(error) {
  if (error instanceof DbError && error.code && TRANSIENT_CODES.has(error.code)) return true;
  if (error instanceof DbError && error.code && /^5\d\d$/.test(error.code)) return true;
  const message = error instanceof Error ? `${error.message} ${String(error.cause?.message ?? "")}` : String(error);
  return TRANSIENT_NETWORK.test(message);
}

// src/lib/logger.ts
var LOG_FORMATS = ["json", "text"];
function createLogger(sink, options = {}) {
  const format = options.format === "text" ? formatTextLine : formatJsonLine;
  return scopedLogger(sink, format, options.now ?? (() => /* @__PURE__ */ new Date()), {});
}
function scopedLogger(sink, format, now, scope) {
  const write = (level, message, fields = {}) => sink(format({ time: now(), level, message, fields: { ...scope, ...fields } }));
  return {
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (more) => scopedLogger(sink, format, now, { ...scope, ...more })
  };
}
function formatJsonLine(entry) {
  return JSON.stringify({
    time: entry.time.toISOString(),
    level: entry.level,
    message: entry.message,
    ...entry.fields
  });
}
function formatTextLine(entry) {
  const pairs = [];
  flatten("", entry.fields, pairs);
  const message = entry.message.replace(/[\r\n]+/g, " ");
  return `${clock(entry.time)} ${entry.level.padEnd(5)} ${message}${pairs.length > 0 ? `  ${pairs.join(" ")}` : ""}`;
}
function flatten(prefix, fields, into) {
  for (const [key, value] of Object.entries(fields)) {
    if (value === void 0) continue;
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (isPlainObject(value)) flatten(name, value, into);
    else into.push(`${name}=${textValue(value)}`);
  }
}
function isPlainObject(value) {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
function textValue(value) {
  if (typeof value === "string") return /^[^\s"=\\]+$/.test(value) ? value : JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return JSON.stringify(value) ?? String(value);
}
function clock(time) {
  return [time.getHours(), time.getMinutes(), time.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}
var silentLogger = createLogger(() => {
});

// src/sql/leases.ts
function acquireLease(db, args) {
  return scalarOf(db, "cron_acquire_lease", args);
}
function renewLease(db, args) {
  return scalarOf(db, "cron_renew_lease", args);
}
function releaseLease(db, args) {
  return scalarOf(db, "cron_release_lease", args);
}

// src/runs/lease.ts
function leaseKey(job, shard) {
  return `${job}:${shard && shard.count > 1 ? `${shard.index}/${shard.count}` : "all"}`;
}
function acquireLease2(db, key, holder, ttlMs) {
  return acquireLease(db, { p_key: key, p_holder: holder, p_ttl_seconds: ttlSeconds(ttlMs) });
}
function renewLease2(db, key, holder, ttlMs) {
  return renewLease(db, { p_key: key, p_holder: holder, p_ttl_seconds: ttlSeconds(ttlMs) });
}
function releaseLease2(db, key, holder) {
  return releaseLease(db, { p_key: key, p_holder: holder });
}
function ttlSeconds(ms) {
  return Math.max(1, Math.ceil(ms / 1e3));
}

// src/runs/record.ts
function recordRun2(db, report, errorMessage) {
  return recordRun(db, {
    p_run_id: report.runId,
    p_function_name: report.functionName,
    p_run_status: report.status,
    p_run_time: report.startedAt,
    p_duration_ms: report.durationMs,
    p_attempts: report.attempts,
    p_details: runDetails(report),
    p_error_message: errorMessage === null ? null : scrub(errorMessage)
  });
}
function runDetails(report) {
  return {
    job: report.job,
    message: scrub(report.message),
    period: report.period,
    as_of: report.asOf,
    counts: report.counts,
    figures: report.figures,
    shard: report.shard ? `${report.shard.index}/${report.shard.count}` : null,
    // A run limited to a few users never finishes a period for everyone (continuation reads it).
    users_filter: report.usersFiltered,
    trigger: report.trigger,
    source: report.source,
    run_url: report.runUrl ?? null,
    model: report.ai.model,
    usage: {
      requests: report.ai.requests,
      prompt_tokens: report.ai.promptTokens,
      completion_tokens: report.ai.completionTokens,
      estimated_cost_usd: report.ai.estimatedCostUsd,
      // Read by cron_cost_by_week: the batch part of the cost above (direct = total − batch).
      ...report.ai.batch ? {
        batch: {
          requests: report.ai.batch.requests,
          prompt_tokens: report.ai.batch.promptTokens,
          completion_tokens: report.ai.batch.completionTokens,
          estimated_cost_usd: report.ai.batch.estimatedCostUsd
        }
      } : {}
    },
    // Read by cron_call_retry_rates and cron_runs_since: the call retry rate is retried_calls ÷ calls.
    ai: { calls: report.ai.calls, retried_calls: report.ai.retriedCalls },
    errors: report.errors.slice(0, 20).map(scrub)
  };
}

// src/runs/status.ts
function classifyStatus(outcome) {
  if (outcome.fatal) return "error";
  if (outcome.failed > 0 && outcome.succeeded === 0) return "error";
  if (outcome.failed > 0 || outcome.remaining > 0) return "partial_success";
  return "success";
}

// src/runs/tally.ts
var MAX_RESULTS = 200;
var MAX_ERRORS = 50;
var RunTally = class {
  /** @param onProgress told as users finish and once they are counted; none: no progress is kept */
  constructor(onProgress = null) {
    this.onProgress = onProgress;
  }
  onProgress;
  considered = 0;
  succeeded = 0;
  failed = 0;
  remaining = 0;
  skipped = {};
  figures = {};
  results = [];
  errors = [];
  /** Batches this run submitted or closed (batch mode): OpenAI's id, what became of it, its requests. */
  batches = [];
  maxWorkTries = 0;
  calls = 0;
  retriedCalls = 0;
  progress = { done: 0, total: null };
  /** Whether someone watches the run's progress: only then is counting the candidates worth a query. */
  get watched() {
    return this.onProgress !== null;
  }
  /** `n` more candidates finished. Progress only: the counts above are what the run reports. */
  markDone(n = 1) {
    if (this.onProgress === null || n <= 0) return;
    this.progress = { ...this.progress, done: this.progress.done + n };
    this.onProgress(this.progress);
  }
  /** The run's candidates, counted beside the run for the progress display. */
  setTotal(total) {
    if (this.onProgress === null) return;
    this.progress = { ...this.progress, total };
    this.onProgress(this.progress);
  }
  skip(reason, n = 1) {
    if (n > 0) this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }
  /** Adds to a job-specific figure, e.g. `notifications.ai_coach_proactive.high`. */
  count(figure, n = 1) {
    if (n > 0) this.figures[figure] = (this.figures[figure] ?? 0) + n;
  }
  /**
   * Records how many tries one database call of the run's own work took (its reads, writes, lease
   * and record). The run's `attempts` is the most any of them needed.
   */
  workTries(tries) {
    if (tries > this.maxWorkTries) this.maxWorkTries = tries;
  }
  /**
   * Records one OpenAI call by the tries it used; 0 tries (a template, a call that never started)
   * is no call. Kept apart from `attempts`: one retried call must not mark a whole run as retried.
   */
  aiCall(tries) {
    if (!(tries > 0)) return;
    this.calls += 1;
    if (tries > 1) this.retriedCalls += 1;
  }
  result(row) {
    if (this.results.length < MAX_RESULTS) this.results.push(row);
  }
  /** `line` must already be free of user data (say which call failed and its class or code). */
  error(line) {
    if (this.errors.length < MAX_ERRORS && !this.errors.includes(line)) this.errors.push(line);
  }
  /** At least 1: the run itself is one try of the job; more when its own database work was retried. */
  get attempts() {
    return Math.max(1, this.maxWorkTries);
  }
  /** OpenAI calls made and how many of them needed more than one try. */
  get aiCalls() {
    return { calls: this.calls, retriedCalls: this.retriedCalls };
  }
  /** Everything started but not accounted for, e.g. users in flight when a fatal error stopped the run. */
  get unaccounted() {
    const skipped = Object.values(this.skipped).reduce((sum, n) => sum + n, 0);
    return this.considered - (this.succeeded + this.failed + skipped + this.remaining);
  }
  counts() {
    return {
      considered: this.considered,
      succeeded: this.succeeded,
      failed: this.failed,
      skipped: { ...this.skipped },
      remaining: this.remaining
    };
  }
};

// src/runs/runJob.ts
var LEASE_TTL_MS = 12e4;
async function runJob(job, options, deps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const runId = (deps.newRunId ?? randomUUID)();
  const startedMs = now();
  const shard = options.shard;
  const log = (deps.log ?? silentLogger).child({
    job: job.definition.name,
    run: runId.slice(0, 8),
    ...shard ? { shard: `${shard.index}/${shard.count}` } : {}
  });
  const tally = new RunTally(deps.onProgress ?? null);
  const period = job.period(options.asOf);
  const deadline = options.timeBudgetMs === null ? null : startedMs + options.timeBudgetMs;
  const key = leaseKey(job.definition.name, shard);
  let leaseLost = false;
  const retry = async (label, call) => {
    try {
      const { value, attempts } = await withRetry(() => call(), {
        delaysMs: RETRY_DELAYS_MS,
        sleep,
        isRetryable: isTransientDbError,
        now
      });
      tally.workTries(attempts);
      return value;
    } catch (error) {
      const attempts = error.attempts;
      if (typeof attempts === "number") tally.workTries(attempts);
      throw new Error(`${label} failed: ${describeError(error)}`, { cause: error });
    }
  };
  const report = (status2, message2) => ({
    runId,
    job: job.definition.name,
    functionName: job.definition.functionName,
    status: status2,
    message: message2,
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
    recorded: false
  });
  let renewTimer;
  if (!options.dryRun) {
    let acquired;
    try {
      acquired = await retry("acquire lease", () => acquireLease2(deps.db, key, runId, LEASE_TTL_MS));
    } catch (error) {
      const explained = explainDbFailure(error);
      tally.error(explained === null ? describeError(error, "start") : `start: ${explained}`);
      log.error("could not start", { error: explained ?? describeError(error) });
      const why = explained === null ? "the database is unavailable." : lowerFirst(explained);
      return report("error", `Could not start ${job.definition.functionName}: ${why}`);
    }
    if (!acquired) {
      log.warn("another run of this job and shard is live; skipped", { lease: key });
      return report("skipped", `Skipped: another ${job.definition.functionName} run holds the lease ${key}.`);
    }
    renewTimer = setInterval(() => {
      renewLease2(deps.db, key, runId, LEASE_TTL_MS).then((held) => {
        if (!held) {
          leaseLost = true;
          log.warn("lease lost; starting no new users", { lease: key });
        }
      }).catch((error) => log.warn("lease renewal failed", { error: describeError(error) }));
    }, LEASE_TTL_MS / 3);
    renewTimer.unref?.();
  }
  let fatal = null;
  log.info("run started", { as_of: options.asOf.toISOString(), dry_run: options.dryRun });
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
      userRef: deps.userRef ?? createUserRef(randomBytes2(32)),
      now,
      deadline,
      shouldStop: () => leaseLost || deadline !== null && now() >= deadline,
      retry
    });
  } catch (error) {
    fatal = error;
    const explained = explainDbFailure(error);
    tally.error(explained === null ? describeError(error, "run") : `run: ${explained}`);
    log.error("run failed", { error: describeError(error) });
  } finally {
    if (renewTimer) clearInterval(renewTimer);
  }
  if (fatal !== null && tally.unaccounted > 0) tally.remaining += tally.unaccounted;
  const status = classifyStatus({
    succeeded: tally.succeeded,
    failed: tally.failed,
    remaining: tally.remaining,
    fatal: fatal !== null
  });
  const message = fatal ? `${job.definition.functionName} failed: ${explainedOr(fatal)}` : job.message(tally, options.dryRun);
  const final = report(status, message);
  if (!options.dryRun) {
    const errorMessage = status === "success" ? null : final.errors[0] ?? (final.counts.remaining > 0 ? "time budget reached" : null);
    try {
      await retry("record run", () => recordRun2(deps.db, final, errorMessage));
      final.recorded = true;
    } catch (error) {
      final.errors.push(describeError(error, "record run in system_cron_logs"));
      log.error("could not record the run in system_cron_logs", { error: describeError(error) });
    }
    await releaseLease2(deps.db, key, runId).catch(
      (error) => log.warn("could not release the lease; it expires by itself", { error: describeError(error) })
    );
  }
  log.info("run finished", {
    status,
    duration_ms: final.durationMs,
    counts: final.counts,
    attempts: final.attempts
  });
  return final;
}
function summariseUsage(ai, batch) {
  const direct = ai.usage();
  const batched = batch?.usage() ?? null;
  const add = (key) => direct[key] + (batched?.[key] ?? 0);
  return {
    model: ai.model ?? batch?.model ?? null,
    requests: add("requests"),
    promptTokens: add("promptTokens"),
    completionTokens: add("completionTokens"),
    estimatedCostUsd: add("estimatedCostUsd"),
    ...batched ? {
      batch: {
        requests: batched.requests,
        promptTokens: batched.promptTokens,
        completionTokens: batched.completionTokens,
        estimatedCostUsd: batched.estimatedCostUsd
      }
    } : {}
  };
}
function lowerFirst(text) {
  return text[0].toLowerCase() + text.slice(1);
}
function explainedOr(error) {
  const explained = explainDbFailure(error);
  return explained === null ? describeError(error) : lowerFirst(explained);
}

export {
  LOG_FORMATS,
  createLogger,
  silentLogger,
  createUserRef,
  userRefKey,
  runJob
};
