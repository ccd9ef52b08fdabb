import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  describeKeepAlive
} from "./chunk-XJULGJEB.js";
import {
  CONTINUE_GAP_MINUTES,
  describeBatchPolls,
  renderHealthSummary
} from "./chunk-BF2S7PAJ.js";
import "./chunk-QVW5FEDJ.js";
import "./chunk-SAIDL5CP.js";
import "./chunk-QK62JTBG.js";
import "./chunk-6YYR66XQ.js";
import "./chunk-2G6JPB32.js";
import "./chunk-GATFU3MK.js";
import "./chunk-6IGIM6DF.js";
import "./chunk-W4GVEMGZ.js";
import "./chunk-PUGRNUUZ.js";

// src/health/render.ts
function isHealthy(health) {
  return breachCount(health) === 0;
}
function breachCount(health) {
  return health.reduce((n, h) => n + Object.values(h.checks).filter((c) => c.state === "breach").length, 0);
}
function describeOutcome(result) {
  const lines = [];
  const entries = result.applied.length > 0 ? result.applied : result.ops.map((op) => ({ op, status: "planned" }));
  for (const { op, status, number, error } of entries) {
    const issue = number ?? ("number" in op ? op.number : void 0);
    const what = op.type === "create" ? `create "${op.title}"` : `${op.type} ${op.job}/${op.kind}`;
    const on = issue === void 0 ? "" : ` #${issue}`;
    lines.push(`- ${what}${on}: ${status}${error ? ` (${error})` : ""}`);
  }
  if (entries.length === 0) lines.push("- no alert issue changes");
  for (const c of result.catchUps) {
    lines.push(`- catch-up ${c.workflow} as_of ${c.slot}: ${c.status}${c.error ? ` (${c.error})` : ""}`);
  }
  for (const c of result.continuations) {
    const status = c.status === "waiting" ? `waiting (its last run is under ${CONTINUE_GAP_MINUTES} min old)` : c.status;
    lines.push(
      `- continue ${c.workflow} as_of ${c.slot} (${c.left} user(s) left): ${status}${c.error ? ` (${c.error})` : ""}`
    );
  }
  return lines;
}
function countIssueChanges(applied) {
  const done = applied.filter((a) => a.status === "applied");
  return {
    opened: done.filter((a) => a.op.type === "create" || a.op.type === "reopen").length,
    closed: done.filter((a) => a.op.type === "close").length
  };
}
function renderHealthText(run, mode) {
  const { result } = run;
  const heading = !mode.github ? "## Alert issues (planned as if none existed; GitHub not configured)" : mode.dryRun ? "## Alert issues (dry run: nothing written, nothing dispatched)" : "## Alert issues";
  return [
    renderHealthSummary(result.health),
    heading,
    "",
    ...describeOutcome(result),
    ...run.batchPolls.length > 0 ? ["", "## OpenAI batches", "", ...describeBatchPolls(run.batchPolls)] : [],
    ...run.pruned ? ["", `Retention: ${run.pruned}`] : [],
    ...run.keptAlive.length > 0 ? ["", "## Keep-alive", "", ...describeKeepAlive(run.keptAlive)] : [],
    ""
  ].join("\n");
}
function renderIssueBodies(result) {
  const entries = opEntries(result);
  const out = ["## Alert issue bodies", ""];
  if (entries.length === 0) out.push("No alert issue would be opened, updated or closed.", "");
  for (const { op, status, number } of entries) {
    const on = number === void 0 ? "" : ` #${number}`;
    const what = op.type === "create" ? `create "${op.title}" (labels: ${op.labels.join(", ")})` : op.type === "close" ? `close ${op.job}/${op.kind}${on} as ${op.reason}${op.duplicateOf ? ` (duplicate of #${op.duplicateOf})` : ""}` : `${op.type} ${op.job}/${op.kind}${on}`;
    out.push(`----- ${what}: ${status} -----`);
    if ("body" in op) out.push(op.body.trimEnd());
    out.push("");
  }
  return out.join("\n");
}
function opEntries(result) {
  return (result.applied.length > 0 ? result.applied : result.ops.map((op) => ({ op }))).map((a) => {
    const { op } = a;
    return {
      op,
      status: "status" in a ? a.status : "planned",
      error: "error" in a ? a.error : void 0,
      number: ("number" in a ? a.number : void 0) ?? ("number" in op ? op.number : void 0)
    };
  });
}
function healthJson(result, bodies = false, batchPolls = []) {
  const changes = countIssueChanges(result.applied);
  return {
    healthy: isHealthy(result.health),
    breaches: breachCount(result.health),
    issuesOpened: changes.opened,
    issuesClosed: changes.closed,
    health: result.health,
    ops: opEntries(result).map(({ op, status, error, number }) => ({
      type: op.type,
      job: op.job,
      kind: op.kind,
      ...op.type === "create" ? { title: op.title } : {},
      ...number === void 0 ? {} : { number },
      status,
      ...error ? { error } : {},
      ...bodies && "body" in op ? { body: op.body } : {}
    })),
    catchUps: result.catchUps,
    continuations: result.continuations,
    dispatched: result.dispatched,
    batchPolls,
    failures: result.failures
  };
}
export {
  breachCount,
  countIssueChanges,
  describeOutcome,
  healthJson,
  isHealthy,
  renderHealthText,
  renderIssueBodies
};
