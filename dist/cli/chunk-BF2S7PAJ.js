import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  describeGitHubError
} from "./chunk-QVW5FEDJ.js";
import {
  ms,
  pct
} from "./chunk-SAIDL5CP.js";
import {
  humanTime
} from "./chunk-QK62JTBG.js";
import {
  periodRuns
} from "./chunk-6YYR66XQ.js";
import {
  FINISHED_STATUSES,
  noteBatchStatus,
  unclosedBatches
} from "./chunk-2G6JPB32.js";
import {
  describeError
} from "./chunk-6IGIM6DF.js";
import {
  getJob
} from "./chunk-W4GVEMGZ.js";

// src/health/batchPoll.ts
async function pollOpenBatches(deps) {
  const polls = [];
  const dispatched = /* @__PURE__ */ new Set();
  for (const row of await unclosedBatches(deps.db, { p_job: null })) {
    if (row.openai_batch_id === null) continue;
    const workflow = getJob(row.job).workflow;
    const base = { job: row.job, batchId: row.openai_batch_id, workflow };
    let status;
    try {
      status = (await deps.client.retrieve(row.openai_batch_id)).status;
    } catch (error) {
      polls.push({ ...base, status: null, action: "failed", error: `poll: ${describeError(error)}` });
      continue;
    }
    if (!deps.dryRun) await noteBatchStatus(deps.db, { p_key: row.key, p_openai_status: status });
    const due = FINISHED_STATUSES.has(status) || deps.now.getTime() >= Date.parse(row.deadline_at);
    if (!due) {
      polls.push({ ...base, status, action: "running" });
    } else if (deps.github === null) {
      polls.push({ ...base, status, action: "due" });
    } else if (deps.dryRun) {
      polls.push({ ...base, status, action: "dry-run" });
    } else if (dispatched.has(row.job)) {
      polls.push({ ...base, status, action: "dispatched" });
    } else {
      try {
        await deps.github.dispatch({ workflow, inputs: {} });
        dispatched.add(row.job);
        polls.push({ ...base, status, action: "dispatched" });
      } catch (error) {
        polls.push({ ...base, status, action: "failed", error: `dispatch: ${describeGitHubError(error)}` });
      }
    }
  }
  return polls;
}
function describeBatchPolls(polls) {
  return polls.map((p) => {
    const what = p.action === "dispatched" ? `dispatched ${p.workflow} to collect it` : p.action === "dry-run" ? `would dispatch ${p.workflow} to collect it` : p.action === "due" ? "over; the job collects it at its next run (no GitHub to dispatch with)" : p.action === "running" ? "still running" : `failed (${p.error ?? "unknown error"})`;
    return `- batch ${p.batchId} of ${p.job} (${p.status ?? "status unknown"}): ${what}`;
  });
}

// src/monitoring/continuation.ts
var CONTINUE_GAP_MINUTES = 45;
var MINUTE_MS = 6e4;
var HOUR_MS = 60 * MINUTE_MS;
function leftWork(run) {
  return run.run_status === "partial_success" || run.run_status === "error" && (run.remaining ?? 0) > 0;
}
function findUnfinishedPeriod(runs, now, continueForHours, gapMinutes = CONTINUE_GAP_MINUTES) {
  const earliest = now.getTime() - continueForHours * HOUR_MS;
  const bySlot = /* @__PURE__ */ new Map();
  for (const run of runs) {
    const slot = Date.parse(run.period_end);
    if (Number.isNaN(slot) || slot < earliest || slot > now.getTime()) continue;
    bySlot.set(slot, [...bySlot.get(slot) ?? [], run]);
  }
  const slots = [...bySlot.keys()].sort((a, b) => b - a);
  for (const slot of slots) {
    const periodRuns2 = bySlot.get(slot);
    const unfinished = periodRuns2.filter(
      (run) => leftWork(run) && !periodRuns2.some(
        (later) => later.run_status === "success" && !later.users_filtered && Date.parse(later.run_time) > Date.parse(run.run_time) && (later.shard === null || later.shard === run.shard)
      )
    );
    if (unfinished.length === 0) continue;
    const newest = Math.max(...periodRuns2.map((r) => Date.parse(r.run_time)));
    const newestUnfinished = unfinished.reduce(
      (a, b) => Date.parse(b.run_time) > Date.parse(a.run_time) ? b : a
    );
    return {
      slot: new Date(slot).toISOString(),
      left: (newestUnfinished.remaining ?? 0) + (newestUnfinished.failed ?? 0),
      lastRunTime: new Date(newest).toISOString(),
      due: now.getTime() - newest >= gapMinutes * MINUTE_MS
    };
  }
  return null;
}
async function readPeriodRuns(db, functionName, since) {
  try {
    return await periodRuns(db, { p_function_name: functionName, p_since: since.toISOString() });
  } catch (error) {
    throw new Error(`Could not read the runs of ${functionName} from admin.system_cron_logs`, {
      cause: error
    });
  }
}
async function continueUnfinished(deps, jobs, errorText) {
  const out = [];
  for (const job of jobs) {
    if (job.continueForHours === void 0) continue;
    const since = new Date(deps.now.getTime() - job.continueForHours * HOUR_MS);
    const runs = await readPeriodRuns(deps.db, job.functionName, since);
    const period = findUnfinishedPeriod(runs, deps.now, job.continueForHours);
    if (!period) continue;
    const base = { job: job.name, slot: period.slot, workflow: job.workflow, left: period.left };
    if (!period.due) {
      out.push({ ...base, status: "waiting" });
      continue;
    }
    if (deps.dryRun) {
      out.push({ ...base, status: "dry-run" });
      continue;
    }
    try {
      await deps.dispatch(job, period.slot);
      out.push({ ...base, status: "dispatched" });
      deps.log.info("continuation run dispatched", { job: job.name, slot: period.slot, left: period.left });
    } catch (error) {
      out.push({ ...base, status: "failed", error: errorText(error) });
    }
  }
  return out;
}

// src/health/markers.ts
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

// src/health/alertBody.ts
var MAX_BODY_CHARS = 65536;
var DEFAULT_RUNS_SHOWN = 10;
var CHART_BARS = 20;
var MISSED_SLOTS_SHOWN = 50;
var HEADLINES = {
  "error-rate": "error rate above threshold",
  "retry-rate": "retry rate above threshold",
  "call-retry-rate": "OpenAI call retry rate above threshold",
  "slow-runs": "runs slower than threshold",
  "missed-schedule": "missed scheduled runs",
  batches: "OpenAI batches late or failing"
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
  const dispatched = memory.dispatchedSlots ?? [];
  if (dispatched.length > 0) {
    parts.push(
      `Catch-up run dispatched for: ${dispatched.map((slot) => escapeCell(humanTime(slot))).join(", ")}.`
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

export {
  pollOpenBatches,
  describeBatchPolls,
  CONTINUE_GAP_MINUTES,
  continueUnfinished,
  ALERT_LABEL,
  MUTED_LABEL,
  alertKey,
  alertMarker,
  MAX_DISPATCHED_SLOTS,
  parseStateMarker,
  alertTitle,
  renderAlertBody,
  renderHealthSummary
};
