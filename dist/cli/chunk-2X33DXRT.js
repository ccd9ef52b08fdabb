import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  ALERT_LABEL,
  MAX_DISPATCHED_SLOTS,
  MUTED_LABEL,
  alertKey,
  alertMarker,
  alertTitle,
  continueUnfinished,
  parseStateMarker,
  pollOpenBatches,
  renderAlertBody
} from "./chunk-BF2S7PAJ.js";
import {
  describeGitHubError,
  statusOf
} from "./chunk-QVW5FEDJ.js";
import {
  ms,
  pct
} from "./chunk-SAIDL5CP.js";
import {
  humanTime
} from "./chunk-QK62JTBG.js";
import {
  prune,
  runsSince
} from "./chunk-6YYR66XQ.js";
import {
  DbError,
  PG
} from "./chunk-AB5N4OH2.js";
import {
  MAX_PAGE_SIZE
} from "./chunk-4I4YWPP6.js";
import {
  require_dist
} from "./chunk-26K63QEV.js";
import {
  batchHealth
} from "./chunk-2G6JPB32.js";
import "./chunk-GATFU3MK.js";
import {
  describeErrorChain,
  scrub
} from "./chunk-6IGIM6DF.js";
import {
  JOBS,
  getJob
} from "./chunk-W4GVEMGZ.js";
import {
  __toESM
} from "./chunk-PUGRNUUZ.js";

// src/github/alertIssues.ts
function gitHubAlertIssues(octokit, repository) {
  const { owner, repo, ref } = repository;
  return {
    async list(label) {
      const items = await octokit.paginate(octokit.issues.listForRepo, {
        owner,
        repo,
        labels: label,
        state: "all",
        per_page: 100
      });
      return items.filter((i) => i.pull_request == null).map(toExistingIssue);
    },
    async create({ title, body, labels }) {
      const { data } = await octokit.issues.create({ owner, repo, title, body, labels });
      return data.number;
    },
    async setBody(number, body) {
      await octokit.issues.update({ owner, repo, issue_number: number, body });
    },
    async comment(number, body) {
      await octokit.issues.createComment({ owner, repo, issue_number: number, body });
    },
    async close(number, reason) {
      await octokit.issues.update({
        owner,
        repo,
        issue_number: number,
        state: "closed",
        state_reason: reason
      });
    },
    async reopen(number) {
      await octokit.issues.update({
        owner,
        repo,
        issue_number: number,
        state: "open",
        state_reason: "reopened"
      });
    },
    async ensureLabel({ name, color, description }) {
      try {
        await octokit.issues.getLabel({ owner, repo, name });
        return;
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      try {
        await octokit.issues.createLabel({ owner, repo, name, color, description });
      } catch (error) {
        if (statusOf(error) !== 422) throw error;
      }
    },
    async dispatch({ workflow, inputs }) {
      await octokit.actions.createWorkflowDispatch({ owner, repo, workflow_id: workflow, ref, inputs });
    }
  };
}
function toExistingIssue(i) {
  const reason = i.state_reason;
  return {
    number: i.number,
    state: i.state === "closed" ? "closed" : "open",
    stateReason: reason === "completed" || reason === "not_planned" || reason === "reopened" || reason === "duplicate" ? reason : null,
    labels: i.labels.flatMap((l) => typeof l === "string" ? [l] : l.name ? [l.name] : []),
    body: i.body ?? "",
    createdAt: i.created_at,
    closedAt: i.closed_at,
    title: i.title
  };
}

// src/monitoring/evaluate.ts
var import_cron_parser = __toESM(require_dist(), 1);

// src/monitoring/batchHealth.ts
var BATCHES_NAMED = 3;
function evaluateBatches(rows, maxFailedShare) {
  if (rows.length === 0) return { state: "ok", reason: "no batch in the window" };
  const late = rows.filter((row) => row.past_deadline === true);
  const failing = rows.filter((row) => {
    const share = failedShare(row);
    return row.closed_at != null && share !== null && share > maxFailedShare;
  });
  const total = `${rows.length} batch${rows.length === 1 ? "" : "es"} in the window`;
  if (late.length === 0 && failing.length === 0) {
    return { state: "ok", reason: `${total}, none late or failing` };
  }
  const problems = [...late.map(lateReason), ...failing.map((row) => failingReason(row, maxFailedShare))];
  const named = problems.slice(0, BATCHES_NAMED);
  const more = problems.length - named.length;
  const counts = [
    ...late.length > 0 ? [`${late.length} late`] : [],
    ...failing.length > 0 ? [`${failing.length} failing`] : []
  ].join(", ");
  return {
    state: "breach",
    reason: `${total} (${counts}): ${named.join("; ")}${more > 0 ? `; and ${more} more` : ""}`
  };
}
function lateReason(row) {
  const status = row.openai_status ?? row.state;
  return `${batchName(row)} of ${row.job} is past its deadline (submitted ${humanTime(row.submitted_at)}, deadline ${humanTime(row.deadline_at)}) and still ${oneWord(status)}`;
}
function failingReason(row, maxFailedShare) {
  return `${batchName(row)} of ${row.job}: ${pctWhole(failedShare(row))} of its ${row.request_count} requests failed (threshold ${pctWhole(maxFailedShare)})`;
}
function batchName(row) {
  return row.openai_batch_id ? `batch ${oneWord(row.openai_batch_id)}` : `batch (key ${oneWord(row.key)})`;
}
function failedShare(row) {
  if (row.failed_share == null) return null;
  const share = Number(row.failed_share);
  return Number.isFinite(share) ? share : null;
}
function pctWhole(share) {
  const text = (share * 100).toFixed(1);
  return `${text.endsWith(".0") ? text.slice(0, -2) : text}%`;
}
function oneWord(text) {
  return text.replace(/[^\w.:-]/g, "").slice(0, 80) || "?";
}

// src/monitoring/errorMessages.ts
var MAX_MESSAGE_CHARS = 200;
var MAX_MESSAGE_GROUPS = 5;
var RUN_URL = /^https:\/\/[\w.-]+(?::\d+)?\/[\w.-]+\/[\w.-]+\/actions\/runs\/\d+(?:\/attempts\/\d+)?$/;
var TECHNICAL_WORDS = new Set(
  "Bad Request Unauthorized Payment Required Forbidden Not Found Method Allowed Acceptable Timeout Conflict Gone Length Precondition Failed Payload Too Large Unprocessable Entity Content Many Requests Internal Server Error Gateway Service Unavailable Implemented Connection Reset Refused Supabase Postgres Deno Node Vault Edge Function Functions Actions GitHub".split(" ")
);
var QUOTED = /"[^"\n]*"|“[^”\n]*”|(^|[^\w])'[^'\n]*'|(^|[^\w])‘[^’\n]*’/g;
var CAPITALISED = new RegExp("(^|[^\\p{L}\\p{N}_])(\\p{Lu}\\p{Ll}+)(?![\\p{L}\\p{N}_])", "gu");
function maskErrorMessage(message) {
  const masked = scrub(message).replace(
    QUOTED,
    (_match, before1, before2) => `${before1 ?? before2 ?? ""}[text]`
  ).replace(/\s+/g, " ").trim().replace(CAPITALISED, (match, before, word, offset, text) => {
    if (TECHNICAL_WORDS.has(word)) return match;
    const head = text.slice(0, offset + before.length).trimEnd();
    if (head === "" || /[.:;!?]$/.test(head)) return match;
    return `${before}[name]`;
  }).replace(/\[name\](?: \[name\])+/g, "[name]");
  return masked.length > MAX_MESSAGE_CHARS ? `${masked.slice(0, MAX_MESSAGE_CHARS - 1)}…` : masked;
}
function safeRunUrl(url) {
  return typeof url === "string" && RUN_URL.test(url) ? url : null;
}
function groupErrorMessages(runs, limit = MAX_MESSAGE_GROUPS) {
  const groups = /* @__PURE__ */ new Map();
  for (const run of runs) {
    if (run.status === "success" || run.errorMessage == null || run.errorMessage.trim() === "") continue;
    const message = maskErrorMessage(run.errorMessage);
    const at = Date.parse(run.runTime);
    const url = safeRunUrl(run.runUrl);
    const group = groups.get(message) ?? { message, runs: 0, at: -Infinity, url: null, urlAt: -Infinity };
    group.runs += 1;
    group.at = Math.max(group.at, at);
    if (url && at > group.urlAt) {
      group.url = url;
      group.urlAt = at;
    }
    groups.set(message, group);
  }
  const sorted = [...groups.values()].sort(
    (a, b) => b.runs - a.runs || b.at - a.at || a.message.localeCompare(b.message)
  );
  return {
    top: sorted.slice(0, limit).map((g) => ({
      message: g.message,
      runs: g.runs,
      lastSeen: new Date(g.at).toISOString(),
      runUrl: g.url
    })),
    distinct: sorted.length
  };
}

// src/monitoring/evaluate.ts
var ALERT_KINDS = [
  "error-rate",
  "retry-rate",
  "call-retry-rate",
  "slow-runs",
  "missed-schedule",
  "batches"
];
var DEFAULT_GRACE_MINUTES = 90;
var MEDIAN_RUNS = 20;
var RECENT_RUNS_KEPT = 30;
var MAX_SLOTS = 1e4;
var DAY_MS = 864e5;
var MINUTE_MS = 6e4;
function evaluateJobHealth(input) {
  const { job, now, windowDays } = input;
  if (!Number.isFinite(windowDays) || windowDays <= 0) {
    throw new RangeError(`Invalid windowDays '${windowDays}'. Expected a number of days above 0.`);
  }
  const graceMinutes = input.graceMinutes ?? DEFAULT_GRACE_MINUTES;
  if (!Number.isFinite(graceMinutes) || graceMinutes < 0) {
    throw new RangeError(`Invalid graceMinutes '${graceMinutes}'. Expected a number of minutes from 0 up.`);
  }
  const thresholds = { ...job.thresholds, ...input.overrides };
  const from = new Date(now.getTime() - windowDays * DAY_MS);
  const timed = input.runs.map((run) => ({ run, at: parseTime(run.runTime, `runTime of run ${run.runId}`) })).filter(({ at }) => at >= from.getTime() && at <= now.getTime()).sort((a, b) => b.at - a.at || b.run.runId.localeCompare(a.run.runId));
  const runs = timed.map(({ run }) => run);
  const startsOldestFirst = timed.map(({ at }) => at).reverse();
  const figures = computeFigures(runs, thresholds);
  return {
    job: job.name,
    functionName: job.functionName,
    schedule: job.schedule,
    window: { from: from.toISOString(), to: now.toISOString() },
    figures,
    checks: {
      "error-rate": errorRateCheck(figures, thresholds),
      "retry-rate": retryRateCheck(figures, thresholds),
      "call-retry-rate": callRetryRateCheck(figures, thresholds),
      "slow-runs": slowRunsCheck(figures, thresholds),
      "missed-schedule": missedScheduleCheck(job.schedule, runs, startsOldestFirst, from, now, graceMinutes),
      batches: evaluateBatches(input.batches ?? [], thresholds.maxBatchFailedShare)
    },
    thresholds,
    graceMinutes,
    recentRuns: runs.slice(0, RECENT_RUNS_KEPT).map(toRecentRun),
    errors: groupErrorMessages(runs)
  };
}
function expectedSlots(schedule, from, to) {
  if (to.getTime() < from.getTime()) return [];
  const expression = import_cron_parser.CronExpressionParser.parse(schedule, {
    currentDate: new Date(from.getTime() - 1),
    tz: "UTC"
  });
  const slots = [];
  for (; ; ) {
    const slot = expression.next().toDate();
    if (slot.getTime() > to.getTime()) return slots;
    slots.push(slot);
    if (slots.length > MAX_SLOTS) {
      throw new RangeError(
        `Schedule '${schedule}' names more than ${MAX_SLOTS} slots between ${from.toISOString()} and ${to.toISOString()}. Expected a schedule of at most one slot a minute over a window of days.`
      );
    }
  }
}
function computeFigures(newestFirst, t) {
  const n = newestFirst.length;
  const durations = newestFirst.flatMap((r) => r.durationMs == null ? [] : [r.durationMs]);
  const timed = newestFirst.filter((r) => r.status !== "error" && r.durationMs != null);
  const nonErrorDurations = timed.map((r) => r.durationMs);
  let consecutiveErrors = 0;
  for (const run of newestFirst) {
    if (run.status !== "error") break;
    consecutiveErrors += 1;
  }
  let calls = 0;
  let retriedCalls = 0;
  for (const run of newestFirst) {
    calls += run.aiCalls ?? 0;
    retriedCalls += run.aiRetriedCalls ?? 0;
  }
  const usersOf = (r) => r.considered != null && r.considered > 0 ? r.considered : 0;
  const allowance = (r) => t.slowRunBaseMs + t.slowRunMsPerUser * usersOf(r);
  const users = timed.reduce((sum, r) => sum + usersOf(r), 0);
  const totalMs = nonErrorDurations.reduce((sum, d) => sum + d, 0);
  const ratios = timed.map((r) => r.durationMs / Math.max(1, allowance(r)));
  const earlier = ratios.slice(1, 1 + MEDIAN_RUNS);
  const median = earlier.length >= t.minRuns ? medianOf(earlier) : null;
  return {
    runs: n,
    successRate: n === 0 ? null : newestFirst.filter((r) => r.status === "success").length / n,
    avgDurationMs: timed.length === 0 ? null : totalMs / timed.length,
    // A loop, not Math.max(...durations): spreading ~120k or more arguments overflows the stack.
    maxDurationMs: durations.length === 0 ? null : durations.reduce((max, d) => d > max ? d : max),
    retryRate: n === 0 ? null : newestFirst.filter((r) => r.attempts > 1).length / n,
    calls,
    retriedCalls,
    callRetryRate: calls === 0 ? null : retriedCalls / calls,
    users,
    msPerUser: users === 0 ? null : totalMs / users,
    avgAllowanceMs: timed.length === 0 ? null : timed.reduce((sum, r) => sum + allowance(r), 0) / timed.length,
    latestDurationMs: timed[0]?.durationMs ?? null,
    latestVsMedian: median === null || ratios[0] === void 0 ? null : ratios[0] / Math.max(median, 1e-9),
    consecutiveErrors
  };
}
function medianOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >>> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
function tooFewRuns(f, t) {
  return { state: "unknown", reason: `${f.runs} run(s) in the window, fewer than the ${t.minRuns} needed` };
}
function errorRateCheck(f, t) {
  const streak = `${f.consecutiveErrors} error run(s) in a row (max ${t.maxConsecutiveErrors})`;
  const rate = `success rate ${pct(f.successRate)} (min ${pct(t.minSuccessRate)})`;
  if (f.consecutiveErrors >= t.maxConsecutiveErrors) {
    return { state: "breach", reason: `${streak}; ${rate}` };
  }
  if (f.runs < t.minRuns || f.successRate == null) return tooFewRuns(f, t);
  if (f.successRate < t.minSuccessRate) {
    return {
      state: "breach",
      reason: `success rate ${pct(f.successRate)} below ${pct(t.minSuccessRate)} over ${f.runs} runs`
    };
  }
  return { state: "ok", reason: `${rate} over ${f.runs} runs` };
}
function retryRateCheck(f, t) {
  if (f.runs < t.minRuns || f.retryRate == null) return tooFewRuns(f, t);
  const figure = `retry-needed rate ${pct(f.retryRate)} (runs with attempts > 1)`;
  if (f.retryRate > t.maxRetryRate) {
    return { state: "breach", reason: `${figure} above ${pct(t.maxRetryRate)} over ${f.runs} runs` };
  }
  return { state: "ok", reason: `${figure} within ${pct(t.maxRetryRate)} over ${f.runs} runs` };
}
function callRetryRateCheck(f, t) {
  if (f.calls < t.minCalls || f.callRetryRate == null) {
    return {
      state: "unknown",
      reason: `${f.calls} OpenAI call(s) in the window, fewer than the ${t.minCalls} needed`
    };
  }
  const figure = `call retry rate ${pct(f.callRetryRate)} (${f.retriedCalls} of ${f.calls} OpenAI calls retried)`;
  if (f.callRetryRate > t.maxCallRetryRate) {
    return { state: "breach", reason: `${figure} above ${pct(t.maxCallRetryRate)}` };
  }
  return { state: "ok", reason: `${figure} within ${pct(t.maxCallRetryRate)}` };
}
function slowRunsCheck(f, t) {
  if (f.runs < t.minRuns) return tooFewRuns(f, t);
  if (f.avgDurationMs == null || f.avgAllowanceMs == null) {
    return { state: "unknown", reason: `no non-error run with a duration among ${f.runs} runs` };
  }
  const perUser = f.msPerUser == null ? "no users recorded" : `${ms(f.msPerUser)} a user`;
  const slow = f.avgDurationMs > f.avgAllowanceMs;
  const average = `average duration ${ms(f.avgDurationMs)} (${perUser}) ${slow ? "above" : "within"} the average allowance of ${ms(f.avgAllowanceMs)} (${ms(t.slowRunBaseMs)} + ${ms(t.slowRunMsPerUser)} a user)`;
  const breaches = [];
  if (slow) breaches.push(average);
  const outlier = t.slowRunMedianFactor > 0 && f.latestVsMedian != null && f.latestDurationMs != null && f.latestVsMedian > t.slowRunMedianFactor && f.latestDurationMs > t.slowRunBaseMs;
  if (outlier) {
    breaches.push(
      `latest run ${ms(f.latestDurationMs)}, ${f.latestVsMedian.toFixed(1)}× the median of the earlier runs for its size (max ${t.slowRunMedianFactor}×)`
    );
  }
  if (breaches.length > 0) return { state: "breach", reason: `${breaches.join("; ")} over ${f.runs} runs` };
  return { state: "ok", reason: `${average} over ${f.runs} runs` };
}
function missedScheduleCheck(schedule, runs, startsOldestFirst, from, now, graceMinutes) {
  const graceMs = graceMinutes * MINUTE_MS;
  const due = expectedSlots(schedule, from, new Date(now.getTime() - graceMs));
  if (due.length === 0) {
    return {
      state: "unknown",
      reason: `no slot of '${schedule}' due in the window (grace ${graceMinutes} min)`
    };
  }
  const declaredEnds = new Set(
    runs.flatMap((r) => {
      const end = r.periodEnd == null ? NaN : Date.parse(r.periodEnd);
      return Number.isNaN(end) ? [] : [end];
    })
  );
  const missed = due.filter((slot) => {
    const s = slot.getTime();
    if (declaredEnds.has(s)) return false;
    const first = firstAtOrAfter(startsOldestFirst, s);
    return !(first < startsOldestFirst.length && startsOldestFirst[first] <= s + graceMs);
  });
  if (missed.length === 0) {
    return {
      state: "ok",
      reason: `all ${due.length} due slot(s) ran within ${graceMinutes} min or were caught up`
    };
  }
  const missedSlots = missed.map((d) => d.toISOString());
  return {
    state: "breach",
    reason: `${missed.length} of ${due.length} due slot(s) without a run within ${graceMinutes} min, latest ${humanTime(missedSlots.at(-1))}`,
    missedSlots
  };
}
function firstAtOrAfter(sorted, t) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function toRecentRun(run) {
  return {
    runTime: new Date(Date.parse(run.runTime)).toISOString(),
    status: run.status,
    durationMs: run.durationMs,
    attempts: run.attempts,
    errorClass: errorClassOf(run.errorMessage),
    trigger: run.trigger == null ? null : safeWord(run.trigger)
  };
}
var ERROR_CLASS = /\b([A-Z][A-Za-z0-9]{0,40}(?:Error|Exception))\b/;
function errorClassOf(message) {
  if (message == null || message.trim() === "") return null;
  return ERROR_CLASS.exec(message)?.[1] ?? "Error";
}
function safeWord(text) {
  return text.replace(/[^\w-]/g, "").slice(0, 20) || "other";
}
function parseTime(iso, what) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`Invalid ${what}: '${iso}'. Expected an ISO 8601 time.`);
  return t;
}

// src/monitoring/readBatches.ts
async function readBatchHealth(db, asOf, since) {
  try {
    return await batchHealth(db, { p_as_of: asOf.toISOString(), p_since: since.toISOString() });
  } catch (error) {
    if (error instanceof DbError && (error.code === PG.undefinedFunction || error.code === "PGRST202")) {
      return null;
    }
    throw new Error("Could not read the OpenAI batches from strukt.ai_batches", { cause: error });
  }
}

// src/monitoring/readRuns.ts
var STATUSES = /* @__PURE__ */ new Set(["success", "partial_success", "error"]);
async function readRunSamples(db, functionName, since, options = {}) {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(
      `Invalid pageSize '${pageSize}'. Expected a whole number from 1 to ${MAX_PAGE_SIZE}.`
    );
  }
  const samples = [];
  let after = null;
  for (; ; ) {
    let rows;
    try {
      rows = await runsSince(db, {
        p_function_name: functionName,
        p_since: since.toISOString(),
        p_after_time: after?.time ?? null,
        p_after_id: after?.id ?? null,
        p_limit: pageSize
      });
    } catch (error) {
      throw new Error(`Could not read the runs of ${functionName} from admin.system_cron_logs`, {
        cause: error
      });
    }
    for (const row of rows) samples.push(toSample(row));
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return samples;
    after = { time: last.run_time, id: last.run_id };
  }
}
function toSample(row) {
  if (!STATUSES.has(row.run_status)) {
    throw new Error(
      `Unexpected run_status '${row.run_status}' on run ${row.run_id}. Expected success, partial_success or error.`
    );
  }
  return {
    runId: row.run_id,
    runTime: row.run_time,
    status: row.run_status,
    durationMs: row.duration_ms,
    attempts: row.attempts ?? 1,
    errorMessage: row.error_message,
    periodEnd: row.period_end,
    trigger: row.trigger,
    considered: row.considered ?? null,
    aiCalls: row.ai_calls ?? 0,
    aiRetriedCalls: row.ai_retried_calls ?? 0,
    runUrl: row.run_url ?? null
  };
}

// src/health/alertPlan.ts
var DEFAULT_PLAN_OPTIONS = { closeAfterHealthy: 2, reopenWithinDays: 7 };
var DAY_MS2 = 864e5;
function planAlerts(input) {
  const options = { ...DEFAULT_PLAN_OPTIONS, ...input.options };
  if (!Number.isInteger(options.closeAfterHealthy) || options.closeAfterHealthy < 1) {
    throw new RangeError(
      `Invalid closeAfterHealthy '${options.closeAfterHealthy}'. Expected a whole number from 1 up.`
    );
  }
  if (!Number.isFinite(options.reopenWithinDays) || options.reopenWithinDays < 0) {
    throw new RangeError(`Invalid reopenWithinDays '${options.reopenWithinDays}'. Expected days from 0 up.`);
  }
  const ops = [];
  for (const health of input.health) {
    for (const kind of ALERT_KINDS) {
      ops.push(...planOne(health, kind, input, options));
    }
  }
  return ops;
}
function issuesFor(issues, job, kind) {
  const marker = alertMarker(job, kind);
  return issues.filter((i) => i.labels.includes(ALERT_LABEL) && i.body.includes(marker));
}
function byAge(a, b) {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.number - b.number;
}
function planOne(health, kind, input, options) {
  const job = health.job;
  const target = { job, kind };
  const check = health.checks[kind];
  const matching = issuesFor(input.issues, job, kind);
  const [open, ...duplicates] = matching.filter((i) => i.state === "open").sort(byAge);
  const ops = [];
  for (const dup of duplicates) {
    if (!open) break;
    ops.push(
      { ...target, type: "comment", number: dup.number, body: `Duplicate of #${open.number}` },
      { ...target, type: "close", number: dup.number, reason: "duplicate", duplicateOf: open.number }
    );
  }
  const body = (memory, previousIssue = null) => renderAlertBody({ health, kind, memory, closeAfterHealthy: options.closeAfterHealthy, previousIssue });
  if (open) {
    if (open.labels.includes(MUTED_LABEL)) return ops;
    const memory = input.state?.[alertKey(job, kind)] ?? parseStateMarker(open.body) ?? { healthyStreak: 0, lastState: "breach" };
    const update = (next) => {
      const text = body(next);
      if (text !== open.body) ops.push({ ...target, type: "update", number: open.number, body: text });
    };
    if (check.state === "breach") {
      update({ healthyStreak: 0, lastState: "breach", ...dispatched(memory) });
    } else if (check.state === "ok") {
      const next = {
        healthyStreak: memory.healthyStreak + 1,
        lastState: "ok",
        ...dispatched(memory)
      };
      update(next);
      if (next.healthyStreak >= options.closeAfterHealthy) {
        ops.push(
          {
            ...target,
            type: "comment",
            number: open.number,
            body: `Recovered: ${check.reason}. Healthy for ${next.healthyStreak} evaluations in a row, so closing. A new breach within ${options.reopenWithinDays} days reopens this issue.`
          },
          { ...target, type: "close", number: open.number, reason: "completed" }
        );
      }
    } else {
      update(memory);
    }
    return ops;
  }
  if (check.state !== "breach") return ops;
  const breach = {
    healthyStreak: 0,
    lastState: "breach",
    ...dispatched(input.state?.[alertKey(job, kind)])
  };
  const last = matching.filter((i) => i.state === "closed" && i.stateReason !== "duplicate").sort((a, b) => Date.parse(b.closedAt ?? b.createdAt) - Date.parse(a.closedAt ?? a.createdAt))[0];
  const create = (previousIssue) => ops.push({
    ...target,
    type: "create",
    title: alertTitle(job, kind),
    body: body(breach, previousIssue),
    labels: [ALERT_LABEL]
  });
  if (!last) {
    create(null);
  } else if (last.stateReason === "not_planned" || last.labels.includes(MUTED_LABEL)) {
  } else if (input.now.getTime() - Date.parse(last.closedAt ?? last.createdAt) <= options.reopenWithinDays * DAY_MS2) {
    ops.push(
      { ...target, type: "reopen", number: last.number },
      { ...target, type: "update", number: last.number, body: body(breach) },
      {
        ...target,
        type: "comment",
        number: last.number,
        body: `Breached again: ${check.reason}. Reopened because it recurred within ${options.reopenWithinDays} days of closing.`
      }
    );
  } else {
    create(last.number);
  }
  return ops;
}
function dispatched(memory) {
  const slots = memory?.dispatchedSlots;
  return slots && slots.length > 0 ? { dispatchedSlots: slots } : {};
}

// src/health/applyAlerts.ts
async function applyAlerts(github, ops, options) {
  if (options.dryRun) return ops.map((op) => ({ op, status: "dry-run" }));
  const results = [];
  let labelError = null;
  if (ops.some((op) => op.type === "create")) {
    try {
      await github.ensureLabel({
        name: ALERT_LABEL,
        color: "d93f0b",
        description: "Opened and closed by the strukt-cron health check"
      });
    } catch (error) {
      labelError = `Could not ensure the '${ALERT_LABEL}' label: ${describeGitHubError(error)}`;
    }
  }
  for (const op of ops) {
    if (op.type === "create" && labelError) {
      results.push({ op, status: "failed", error: labelError });
      continue;
    }
    try {
      const number = await applyOne(github, op);
      results.push({ op, status: "applied", number });
      if (op.type === "create") results.push(...await settleAfterCreate(github, op, number, options));
    } catch (error) {
      results.push({
        op,
        status: "failed",
        ..."number" in op ? { number: op.number } : {},
        error: describeGitHubError(error)
      });
    }
  }
  return results;
}
async function settleAfterCreate(github, created, createdNumber, options) {
  try {
    return await closeDuplicatesAfterCreate(github, created, createdNumber, options);
  } catch (error) {
    (options.log ?? console).warn(
      `Could not check issue #${createdNumber} for duplicates: ${describeGitHubError(error)}. The next health run will.`
    );
    return [];
  }
}
async function applyOne(github, op) {
  switch (op.type) {
    case "create":
      return await github.create({ title: op.title, body: op.body, labels: op.labels });
    case "update":
      await github.setBody(op.number, op.body);
      return op.number;
    case "comment":
      await github.comment(op.number, op.body);
      return op.number;
    case "close":
      await github.close(op.number, op.reason);
      return op.number;
    case "reopen":
      await github.reopen(op.number);
      return op.number;
  }
}
async function closeDuplicatesAfterCreate(github, created, createdNumber, options) {
  const attempts = options.relistAttempts ?? 5;
  const sleep = options.sleep ?? ((ms2) => new Promise((resolve) => setTimeout(resolve, ms2)));
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(1e3 * 2 ** (attempt - 1));
    const open = issuesFor(await github.list(ALERT_LABEL), created.job, created.kind).filter((i) => i.state === "open").sort(byAge);
    if (!open.some((i) => i.number === createdNumber)) continue;
    const [keep, ...copies] = open;
    if (!keep) return [];
    const results = [];
    for (const copy of copies) {
      const target = { job: created.job, kind: created.kind };
      const comment = {
        ...target,
        type: "comment",
        number: copy.number,
        body: `Duplicate of #${keep.number}`
      };
      const close = {
        ...target,
        type: "close",
        number: copy.number,
        reason: "duplicate",
        duplicateOf: keep.number
      };
      for (const op of [comment, close]) {
        try {
          await applyOne(github, op);
          results.push({ op, status: "applied", number: copy.number });
        } catch (error) {
          results.push({ op, status: "failed", number: copy.number, error: describeGitHubError(error) });
        }
      }
    }
    return results;
  }
  (options.log ?? console).warn(
    `Issue #${createdNumber} did not appear in the issues listing after ${attempts} tries; duplicates will be closed by the next health run.`
  );
  return [];
}

// src/health/check.ts
var DEFAULT_WINDOW_DAYS = 28;
var DAY_MS3 = 864e5;
var MINUTE_MS2 = 6e4;
async function runHealthCheck(deps, options) {
  const { now, github, log } = deps;
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const jobs = (options.jobs ?? JOBS.map((j) => j.name)).map((name) => getJob(name));
  const since = new Date(now.getTime() - windowDays * DAY_MS3);
  const batches = await readBatchHealth(deps.db, now, since);
  if (batches === null) {
    log.warn("cron_batch_health not found (migration 20261201000200 not applied); no batch checked");
  }
  const health = [];
  for (const job of jobs) {
    const runs = await readRunSamples(deps.db, job.functionName, since);
    const h = evaluateJobHealth({
      job,
      runs,
      now,
      windowDays,
      batches: (batches ?? []).filter((b) => b.job === job.name),
      ...options.graceMinutes === void 0 ? {} : { graceMinutes: options.graceMinutes },
      overrides: { ...options.jobThresholds?.[job.name], ...options.overrides }
    });
    health.push(h);
    log.info("job evaluated", {
      job: job.name,
      runs: h.figures.runs,
      checks: Object.fromEntries(Object.entries(h.checks).map(([kind, c]) => [kind, c.state]))
    });
  }
  const planOptions = options.closeAfterHealthy === void 0 ? {} : { closeAfterHealthy: options.closeAfterHealthy };
  const plan = (issues2, state2 = {}) => planAlerts({ health, issues: issues2, now, state: state2, options: planOptions });
  const result = {
    health,
    ops: [],
    applied: [],
    dispatched: [],
    catchUps: [],
    continuations: [],
    issuesRead: false,
    failures: []
  };
  if (!github) {
    result.ops = plan([]);
    if (options.catchUp) log.warn("catch-up needs GitHub (a repository and a token); nothing dispatched");
    return result;
  }
  if (options.catchUp)
    await continuePeriods({ github, log, jobs, now, db: deps.db, dryRun: options.dryRun, result });
  let issues;
  try {
    issues = await github.list(ALERT_LABEL);
  } catch (error) {
    result.failures.push(`list alert issues: ${describeGitHubError(error)}`);
    log.warn("could not list alert issues; no issue written, no catch-up dispatched");
    return result;
  }
  result.issuesRead = true;
  const state = options.catchUp ? await catchUp({ github, log, health, issues, jobs, dryRun: options.dryRun, plan, result }) : {};
  result.ops = plan(issues, state);
  result.applied = await applyAlerts(github, result.ops, {
    dryRun: options.dryRun,
    ...deps.sleep ? { sleep: deps.sleep } : {},
    log: { warn: (message) => log.warn(message) }
  });
  for (const a of result.applied) {
    if (a.status !== "failed") continue;
    const target = `${a.op.job}/${a.op.kind}${a.number === void 0 ? "" : ` #${a.number}`}`;
    result.failures.push(`${a.op.type} ${target}: ${a.error ?? "failed"}`);
  }
  return result;
}
async function dispatchAsOf(github, workflow, slot) {
  const asOf = new Date(slot);
  if (Number.isNaN(asOf.getTime())) {
    throw new RangeError(`Invalid slot '${slot}' for a catch-up run. Expected an ISO 8601 time.`);
  }
  await github.dispatch({ workflow, inputs: { as_of: asOf.toISOString() } });
}
async function continuePeriods(ctx) {
  const { github, result } = ctx;
  const continuations = await continueUnfinished(
    {
      db: ctx.db,
      now: ctx.now,
      dryRun: ctx.dryRun,
      log: ctx.log,
      dispatch: (job, slot) => dispatchAsOf(github, job.workflow, slot)
    },
    ctx.jobs,
    describeGitHubError
  );
  for (const c of continuations) {
    if (c.status === "dispatched") result.dispatched.push({ job: c.job, slot: c.slot });
    if (c.status === "failed")
      result.failures.push(`dispatch ${c.workflow} to continue ${c.slot}: ${c.error}`);
  }
  result.continuations = continuations;
}
async function catchUp(ctx) {
  const { github, log, health, issues, jobs, result } = ctx;
  const state = {};
  const wanted = catchUpCandidates(health, issues, jobs);
  for (const c of wanted) {
    if (c.alreadyDispatched) {
      result.catchUps.push({
        job: c.job.name,
        slot: c.slot,
        workflow: c.job.workflow,
        status: "already-dispatched"
      });
    } else {
      state[c.key] = c.memory;
    }
  }
  const recorded = ctx.plan(issues, state);
  for (const c of wanted.filter((w) => !w.alreadyDispatched)) {
    const base = { job: c.job.name, slot: c.slot, workflow: c.job.workflow };
    if (!writesSlot(recorded, c.job.name, c.slot)) {
      delete state[c.key];
      result.catchUps.push({ ...base, status: "not-recorded" });
      log.warn("catch-up not dispatched: the missed-schedule alert is muted or closed as not planned", {
        job: c.job.name,
        slot: c.slot
      });
      continue;
    }
    if (ctx.dryRun) {
      result.catchUps.push({ ...base, status: "dry-run" });
      continue;
    }
    try {
      await dispatchAsOf(github, c.job.workflow, c.slot);
      result.catchUps.push({ ...base, status: "dispatched" });
      result.dispatched.push({ job: c.job.name, slot: c.slot });
      log.info("catch-up run dispatched", { job: c.job.name, slot: c.slot, workflow: c.job.workflow });
    } catch (error) {
      delete state[c.key];
      const text = describeGitHubError(error);
      result.catchUps.push({ ...base, status: "failed", error: text });
      result.failures.push(`dispatch ${c.job.workflow} for ${c.slot}: ${text}`);
    }
  }
  return state;
}
function catchUpCandidates(health, issues, jobs) {
  return health.flatMap((h) => {
    const slot = h.checks["missed-schedule"].missedSlots?.at(-1);
    const job = jobs.find((j) => j.name === h.job);
    if (h.checks["missed-schedule"].state !== "breach" || !slot || !job) return [];
    const dueUntil = new Date(Date.parse(h.window.to) - h.graceMinutes * MINUTE_MS2);
    const newestDue = expectedSlots(h.schedule, new Date(h.window.from), dueUntil).at(-1);
    if (newestDue?.toISOString() !== slot) return [];
    const open = issuesFor(issues, h.job, "missed-schedule").filter((i) => i.state === "open").sort(byAge)[0];
    const memory = open && parseStateMarker(open.body) || {
      healthyStreak: 0,
      lastState: "breach"
    };
    const remembered = memory.dispatchedSlots ?? [];
    const windowStart = Date.parse(h.window.from);
    const kept = remembered.filter((s) => Date.parse(s) >= windowStart && s !== slot);
    return [
      {
        job,
        key: alertKey(h.job, "missed-schedule"),
        slot,
        alreadyDispatched: remembered.includes(slot),
        memory: { ...memory, dispatchedSlots: [...kept, slot].slice(-MAX_DISPATCHED_SLOTS) }
      }
    ];
  });
}
function writesSlot(ops, job, slot) {
  return ops.some(
    (op) => op.job === job && op.kind === "missed-schedule" && (op.type === "create" || op.type === "update") && (parseStateMarker(op.body)?.dispatchedSlots ?? []).includes(slot)
  );
}

// src/health/runHealth.ts
async function runHealth(deps, request) {
  const { config, check } = request;
  const client = request.github ? await gitHubClient(request.github, deps) : null;
  const github = client && request.github ? gitHubAlertIssues(client, {
    owner: request.github.owner,
    repo: request.github.repo,
    ref: request.github.ref
  }) : null;
  const db = await deps.openDb(config);
  let result;
  let pruned = null;
  let batchPolls = [];
  const problems = [];
  try {
    result = await runHealthCheck(
      { db, github, now: deps.now, log: deps.log, ...deps.sleep ? { sleep: deps.sleep } : {} },
      { ...check, jobThresholds: config.thresholds }
    );
    if (config.openaiApiKey) {
      try {
        batchPolls = await pollOpenBatches({
          db,
          client: await batchClient(config.openaiApiKey, config.openaiBaseUrl),
          github,
          now: deps.now,
          dryRun: check.dryRun
        });
        for (const p of batchPolls.filter((b) => b.action === "failed")) {
          problems.push(`batch ${p.batchId} of ${p.job}: ${p.error ?? "failed"}`);
        }
      } catch (error) {
        problems.push(`polling the open OpenAI batches failed: ${describeErrorChain(error)}`);
      }
    }
    if (request.pruneKeepDays != null) {
      try {
        pruned = await retention(db, request.pruneKeepDays, deps.now, check.dryRun);
        deps.log.info(pruned);
      } catch (error) {
        problems.push(`retention (cron_prune) failed: ${describeErrorChain(error)}`);
      }
    }
  } finally {
    await db.close().catch((error) => deps.log.warn(`could not close the database: ${describeErrorChain(error)}`));
  }
  let keptAlive = [];
  const workflows = request.keepAlive ?? [];
  if (workflows.length > 0 && client && request.github) {
    const { keepWorkflowsAlive } = await import("./chunk-UNNGNW5M.js");
    keptAlive = await keepWorkflowsAlive(client, {
      owner: request.github.owner,
      repo: request.github.repo,
      workflows,
      dryRun: check.dryRun
    });
    for (const r of keptAlive.filter((k) => k.outcome === "failed")) {
      problems.push(`keep-alive of ${r.workflow} failed: ${r.error ?? "unknown error"}`);
    }
  }
  problems.unshift(...result.failures);
  return { result, batchPolls, pruned, keptAlive, problems };
}
async function batchClient(apiKey, baseURL) {
  const { createBatchClient } = await import("./chunk-IO4QPO2W.js");
  return createBatchClient({ apiKey, baseURL });
}
async function gitHubClient(github, deps) {
  const { createGitHubClient } = await import("./chunk-FIBZD3BA.js");
  return createGitHubClient({
    token: github.token,
    ...github.apiUrl ? { baseUrl: github.apiUrl } : {},
    ...deps.gitHubClient,
    log: deps.gitHubLog
  });
}
async function retention(db, keepDays, now, dryRun) {
  if (dryRun) return `dry run: would delete run logs older than ${keepDays} days and expired leases.`;
  const { logsDeleted, leasesDeleted } = await prune(db, { keepDays, now });
  return `deleted ${logsDeleted} run log row(s) older than ${keepDays} days and ${leasesDeleted} expired lease(s).`;
}
export {
  runHealth
};
