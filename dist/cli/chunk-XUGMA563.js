import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  require_dist
} from "./chunk-26K63QEV.js";
import {
  scrub
} from "./chunk-H7BZEFKJ.js";
import {
  __toESM
} from "./chunk-PUGRNUUZ.js";

// src/github/markers.ts
var ALERT_LABEL = "cron-alert";
var MUTED_LABEL = "cron-alert:muted";
function alertKey(job, kind) {
  return `${job}:${kind}`;
}
function alertMarker(job, kind) {
  return `<!-- strukt-cron:alert:v1:${job}:${kind} -->`;
}
var STATE = /<!-- strukt-cron:state (\{[^}]*\}) -->/;
var MAX_DISPATCHED_SLOTS = 20;
function stateMarker(memory) {
  const slots = memory.dispatchedSlots ?? [];
  const json = JSON.stringify({
    healthyStreak: memory.healthyStreak,
    lastState: memory.lastState,
    ...slots.length > 0 ? { dispatchedSlots: slots.slice(-MAX_DISPATCHED_SLOTS) } : {}
  });
  return `<!-- strukt-cron:state ${json} -->`;
}
function parseStateMarker(body) {
  const match = body == null ? null : STATE.exec(body);
  if (!match?.[1]) return null;
  try {
    const value = JSON.parse(match[1]);
    if (typeof value !== "object" || value === null) return null;
    const { healthyStreak, lastState, dispatchedSlots } = value;
    if (typeof healthyStreak !== "number" || !Number.isInteger(healthyStreak) || healthyStreak < 0)
      return null;
    if (lastState !== "breach" && lastState !== "ok" && lastState !== "unknown") return null;
    const slots = parseSlots(dispatchedSlots);
    return slots.length > 0 ? { healthyStreak, lastState, dispatchedSlots: slots } : { healthyStreak, lastState };
  } catch {
    return null;
  }
}
function parseSlots(value) {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const t = typeof v === "string" ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? [] : [new Date(t).toISOString()];
  });
}

// src/monitoring/evaluate.ts
var import_cron_parser = __toESM(require_dist(), 1);

// src/lib/humanTime.ts
function humanTime(value) {
  const ms2 = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms2)) return String(value);
  const iso = new Date(ms2).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
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
  "missed-schedule"
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
      "missed-schedule": missedScheduleCheck(job.schedule, runs, startsOldestFirst, from, now, graceMinutes)
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
function pct(value) {
  return value == null ? "n/a" : `${(value * 100).toFixed(1)}%`;
}
function ms(value) {
  if (value == null) return "n/a";
  if (value < 10 && !Number.isInteger(value)) return `${value.toFixed(1)} ms`;
  return value < 1e3 ? `${Math.round(value)} ms` : `${(value / 1e3).toFixed(1)} s`;
}

// src/github/alertBody.ts
var MAX_BODY_CHARS = 65536;
var DEFAULT_RUNS_SHOWN = 10;
var CHART_BARS = 20;
var MISSED_SLOTS_SHOWN = 50;
var HEADLINES = {
  "error-rate": "error rate above threshold",
  "retry-rate": "retry rate above threshold",
  "call-retry-rate": "OpenAI call retry rate above threshold",
  "slow-runs": "runs slower than threshold",
  "missed-schedule": "missed scheduled runs"
};
function alertTitle(job, kind) {
  return `[cron-alert] ${job}: ${HEADLINES[kind]}`;
}
function renderAlertBody(input) {
  let runsShown = input.runsShown ?? DEFAULT_RUNS_SHOWN;
  for (; ; ) {
    const body = composeAlertBody(input, runsShown);
    if (body.length <= MAX_BODY_CHARS) return body;
    if (runsShown === 0) {
      const note = `

_(cut to ${MAX_BODY_CHARS} characters)_`;
      return body.slice(0, MAX_BODY_CHARS - note.length) + note;
    }
    runsShown = Math.floor(runsShown / 2);
  }
}
function composeAlertBody(input, runsShown) {
  const { health, kind, memory } = input;
  const check = health.checks[kind];
  const parts = [
    `${alertMarker(health.job, kind)}
${stateMarker(memory)}`,
    `## ${stateIcon(check.state)} ${health.job}: ${HEADLINES[kind]}`,
    `**${stateWord(check.state)}** — ${inline(check.reason)}`
  ];
  if (memory.lastState !== "breach" && memory.healthyStreak > 0) {
    parts.push(
      `Recovering: ${memory.healthyStreak} of ${input.closeAfterHealthy} healthy evaluations in a row; this issue closes when the count is reached.`
    );
  }
  if (input.previousIssue != null) parts.push(`Follows #${input.previousIssue}, which was closed earlier.`);
  if (kind === "error-rate" && health.errors.top.length > 0) parts.push(errorsTable(health));
  parts.push(figuresTable(health));
  parts.push(
    `Window: ${humanTime(health.window.from)} → ${humanTime(health.window.to)}. Schedule \`${health.schedule}\` (UTC), grace ${health.graceMinutes} min. Function \`${health.functionName}\`.`
  );
  if (check.missedSlots && check.missedSlots.length > 0) parts.push(missedSlotsList(check.missedSlots));
  const dispatched2 = memory.dispatchedSlots ?? [];
  if (dispatched2.length > 0) {
    parts.push(
      `Catch-up run dispatched for: ${dispatched2.map((slot) => escapeCell(humanTime(slot))).join(", ")}.`
    );
  }
  const chart = durationChart(health);
  if (chart) parts.push(`### Recent run durations

${chart}`);
  if (runsShown > 0 && health.recentRuns.length > 0) {
    parts.push(`### Last runs

${runsTable(health.recentRuns.slice(0, runsShown))}`);
  }
  parts.push(
    '<sub>Kept up to date by the strukt-cron health check. To silence this alert, close the issue as "not planned" or add the label `cron-alert:muted`.</sub>'
  );
  return parts.join("\n\n") + "\n";
}
function renderHealthSummary(health) {
  const sections = health.map((h) => {
    const checks = [
      "| check | state | reason |",
      "|---|---|---|",
      ...Object.entries(h.checks).map(
        ([kind, c]) => `| ${kind} | ${stateIcon(c.state)} ${c.state} | ${escapeCell(c.reason)} |`
      )
    ].join("\n");
    const chart = durationChart(h);
    return [
      `### ${h.job} (\`${h.functionName}\`)`,
      `Window ${humanTime(h.window.from)} → ${humanTime(h.window.to)}`,
      checks,
      figuresTable(h),
      ...chart ? [chart] : []
    ].join("\n\n");
  });
  return ["## Cron health", ...sections.length > 0 ? sections : ["_No jobs evaluated._"]].join("\n\n") + "\n";
}
function figuresTable(h) {
  const { figures: f, thresholds: t } = h;
  const rows = [
    ["runs", String(f.runs), `≥ ${t.minRuns} to judge rates`],
    ["success rate", pct(f.successRate), `≥ ${pct(t.minSuccessRate)}`],
    ["consecutive errors", String(f.consecutiveErrors), `< ${t.maxConsecutiveErrors}`],
    ["retry-needed rate (runs with attempts > 1)", pct(f.retryRate), `≤ ${pct(t.maxRetryRate)}`],
    [
      `OpenAI call retry rate (${f.retriedCalls} of ${f.calls} calls)`,
      pct(f.callRetryRate),
      `≤ ${pct(t.maxCallRetryRate)} (from ${t.minCalls} calls)`
    ],
    [
      "average duration (non-error runs)",
      ms(f.avgDurationMs),
      `≤ average allowance ${ms(f.avgAllowanceMs)}; seed's figure < ${ms(t.seedAvgDurationMs)} (shown, not alerted on)`
    ],
    [
      `time per user (${f.users} users)`,
      ms(f.msPerUser),
      `allowance ${ms(t.slowRunBaseMs)} a run + ${ms(t.slowRunMsPerUser)} a user`
    ],
    [
      "latest run against the median for its size",
      f.latestVsMedian == null ? "n/a" : `${f.latestVsMedian.toFixed(1)}×`,
      t.slowRunMedianFactor > 0 ? `≤ ${t.slowRunMedianFactor}× (or under ${ms(t.slowRunBaseMs)})` : "off"
    ],
    ["max duration", ms(f.maxDurationMs), "—"]
  ];
  return [
    "| figure | value | threshold |",
    "|---|---:|---|",
    ...rows.map((r) => `| ${r.map(escapeCell).join(" | ")} |`)
  ].join("\n");
}
function errorsTable(h) {
  const { top, distinct } = h.errors;
  const days = Math.round((Date.parse(h.window.to) - Date.parse(h.window.from)) / 864e5);
  const more = distinct - top.length;
  return [
    `### Most frequent errors (last ${days} days)`,
    "",
    "| runs | last seen | error | workflow run |",
    "|---:|---|---|---|",
    ...top.map(
      (e) => `| ${e.runs} | ${humanTime(e.lastSeen)} | ${escapeCell(e.message)} | ${e.runUrl ? `[run ${/\/runs\/(\d+)/.exec(e.runUrl)?.[1] ?? ""}](${e.runUrl})` : "—"} |`
    ),
    ...more > 0 ? ["", `_${more} other message(s) in the window, not listed._`] : [],
    "",
    "<sub>Messages are masked: ids, emails, keys, quoted values and words that look like names are replaced.</sub>"
  ].join("\n");
}
function missedSlotsList(slots) {
  const shown = slots.slice(-MISSED_SLOTS_SHOWN);
  const more = slots.length - shown.length;
  return [
    "### Missed slots",
    "",
    ...more > 0 ? [`_${more} older slot(s) not listed._`] : [],
    ...shown.map((s) => `- ${escapeCell(humanTime(s))}`),
    "",
    // A backfill by hand takes the slot as an ISO 8601 as_of.
    `To run one by hand, dispatch the workflow with \`as_of\` = the slot, e.g. \`${escapeCell((shown.at(-1) ?? "").replace(".000Z", "Z"))}\`.`
  ].join("\n");
}
function runsTable(runs) {
  return [
    "| time | status | duration | attempts | error class | trigger |",
    "|---|---|---:|---:|---|---|",
    ...runs.map(
      (r) => `| ${[
        humanTime(r.runTime),
        r.status,
        ms(r.durationMs),
        String(r.attempts),
        r.errorClass ?? "—",
        r.trigger ?? "—"
      ].map(escapeCell).join(" | ")} |`
    )
  ].join("\n");
}
function durationChart(h) {
  const runs = h.recentRuns.slice(0, CHART_BARS).reverse().filter((r) => r.durationMs != null);
  if (runs.length === 0) return null;
  const labels = runs.map((r) => `"${r.runTime.slice(5, 16).replace("T", " ")}"`);
  const values = runs.map((r) => Number(((r.durationMs ?? 0) / 1e3).toFixed(1)));
  const top = Math.max(...values, (h.figures.avgAllowanceMs ?? h.thresholds.slowRunBaseMs) / 1e3);
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${h.job} run durations (s)"`,
    `  x-axis [${labels.join(", ")}]`,
    `  y-axis "seconds" 0 --> ${Math.ceil(top * 1.1)}`,
    `  bar [${values.join(", ")}]`,
    "```"
  ].join("\n");
}
function escapeCell(text) {
  return text.replace(/\r?\n|\r/g, " ").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/`/g, "\\`").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function inline(text) {
  return text.replace(/\r?\n|\r/g, " ").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function stateIcon(state) {
  return state === "breach" ? "🔴" : state === "ok" ? "🟢" : "⚪";
}
function stateWord(state) {
  return state === "breach" ? "Breach" : state === "ok" ? "Healthy" : "Unknown";
}

// src/github/alertPlan.ts
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

export {
  humanTime,
  evaluateJobHealth,
  expectedSlots,
  ms,
  ALERT_LABEL,
  alertKey,
  MAX_DISPATCHED_SLOTS,
  parseStateMarker,
  renderHealthSummary,
  planAlerts,
  issuesFor,
  byAge
};
