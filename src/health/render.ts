/**
 * The health check's result for people and programs: the Markdown summary both entry points
 * print (the CLI on stdout, the action as its job summary), the issue bodies of `--show-issues`,
 * the JSON of `--json`, and the figures of the action's outputs.
 */
import { describeKeepAlive } from '../github/keepAlive.ts';
import { CONTINUE_GAP_MINUTES } from '../monitoring/continuation.ts';
import type { JobHealth } from '../monitoring/evaluate.ts';
import { renderHealthSummary } from './alertBody.ts';
import { describeBatchPolls, type BatchPoll } from './batchPoll.ts';
import type { AlertOp } from './alertPlan.ts';
import type { AppliedOp } from './applyAlerts.ts';
import type { HealthCheckResult } from './check.ts';
import type { HealthRun } from './runHealth.ts';

/** True when no check of any job is in breach. */
export function isHealthy(health: JobHealth[]): boolean {
  return breachCount(health) === 0;
}

/** Checks in breach, over all jobs. */
export function breachCount(health: JobHealth[]): number {
  return health.reduce((n, h) => n + Object.values(h.checks).filter((c) => c.state === 'breach').length, 0);
}

/**
 * The outcome in lines of Markdown-safe text: each op with its issue number and title, each
 * catch-up and failure. Titles and figures only — bodies are left out, and hold no personal data anyway.
 */
export function describeOutcome(result: HealthCheckResult): string[] {
  const lines: string[] = [];
  const entries: Array<{ op: AlertOp; status: string; number?: number; error?: string }> =
    result.applied.length > 0 ? result.applied : result.ops.map((op) => ({ op, status: 'planned' }));
  for (const { op, status, number, error } of entries) {
    const issue = number ?? ('number' in op ? op.number : undefined);
    const what = op.type === 'create' ? `create "${op.title}"` : `${op.type} ${op.job}/${op.kind}`;
    const on = issue === undefined ? '' : ` #${issue}`;
    lines.push(`- ${what}${on}: ${status}${error ? ` (${error})` : ''}`);
  }
  if (entries.length === 0) lines.push('- no alert issue changes');
  for (const c of result.catchUps) {
    lines.push(`- catch-up ${c.workflow} as_of ${c.slot}: ${c.status}${c.error ? ` (${c.error})` : ''}`);
  }
  for (const c of result.continuations) {
    const status =
      c.status === 'waiting' ? `waiting (its last run is under ${CONTINUE_GAP_MINUTES} min old)` : c.status;
    lines.push(
      `- continue ${c.workflow} as_of ${c.slot} (${c.left} user(s) left): ${status}${c.error ? ` (${c.error})` : ''}`,
    );
  }
  return lines;
}

/** Counts for action outputs and one-line summaries: issues opened (created or reopened) and closed. */
export function countIssueChanges(applied: AppliedOp[]): { opened: number; closed: number } {
  const done = applied.filter((a) => a.status === 'applied');
  return {
    opened: done.filter((a) => a.op.type === 'create' || a.op.type === 'reopen').length,
    closed: done.filter((a) => a.op.type === 'close').length,
  };
}

/**
 * The check's result as Markdown, for a terminal and for the action's job summary alike: the
 * health table, the alert issue changes, and retention and keep-alive when they ran.
 */
export function renderHealthText(run: HealthRun, mode: { dryRun: boolean; github: boolean }): string {
  const { result } = run;
  const heading = !mode.github
    ? '## Alert issues (planned as if none existed; GitHub not configured)'
    : mode.dryRun
      ? '## Alert issues (dry run: nothing written, nothing dispatched)'
      : '## Alert issues';
  return [
    renderHealthSummary(result.health),
    heading,
    '',
    ...describeOutcome(result),
    ...(run.batchPolls.length > 0
      ? ['', '## OpenAI batches', '', ...describeBatchPolls(run.batchPolls)]
      : []),
    ...(run.pruned ? ['', `Retention: ${run.pruned}`] : []),
    ...(run.keptAlive.length > 0 ? ['', '## Keep-alive', '', ...describeKeepAlive(run.keptAlive)] : []),
    '',
  ].join('\n');
}

/**
 * `--show-issues`: each op in the order it is (or would be) applied, with the full Markdown it
 * writes. Bodies hold figures and masked error messages only (src/health/alertBody.ts).
 */
export function renderIssueBodies(result: HealthCheckResult): string {
  const entries = opEntries(result);
  const out = ['## Alert issue bodies', ''];
  if (entries.length === 0) out.push('No alert issue would be opened, updated or closed.', '');
  for (const { op, status, number } of entries) {
    const on = number === undefined ? '' : ` #${number}`;
    const what =
      op.type === 'create'
        ? `create "${op.title}" (labels: ${op.labels.join(', ')})`
        : op.type === 'close'
          ? `close ${op.job}/${op.kind}${on} as ${op.reason}${op.duplicateOf ? ` (duplicate of #${op.duplicateOf})` : ''}`
          : `${op.type} ${op.job}/${op.kind}${on}`;
    out.push(`----- ${what}: ${status} -----`);
    if ('body' in op) out.push(op.body.trimEnd());
    out.push('');
  }
  return out.join('\n');
}

function opEntries(result: HealthCheckResult) {
  return (result.applied.length > 0 ? result.applied : result.ops.map((op) => ({ op }))).map((a) => {
    const { op } = a;
    return {
      op,
      status: 'status' in a ? a.status : 'planned',
      error: 'error' in a ? a.error : undefined,
      number: ('number' in a ? a.number : undefined) ?? ('number' in op ? op.number : undefined),
    };
  });
}

/** The result without issue bodies (with `bodies`, each op's too): figures, ops, catch-ups and failures. */
export function healthJson(result: HealthCheckResult, bodies = false, batchPolls: readonly BatchPoll[] = []) {
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
      ...(op.type === 'create' ? { title: op.title } : {}),
      ...(number === undefined ? {} : { number }),
      status,
      ...(error ? { error } : {}),
      ...(bodies && 'body' in op ? { body: op.body } : {}),
    })),
    catchUps: result.catchUps,
    continuations: result.continuations,
    dispatched: result.dispatched,
    batchPolls,
    failures: result.failures,
  };
}
