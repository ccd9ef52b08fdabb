/**
 * Mode invoke of the run-job action: call the job's deployed edge function and turn its answer
 * into a RunReport, so outputs, annotations and the summary are the same as for a run here.
 */
import type { InvocationSummary, InvokeOptions } from '../functions/invoke.ts';
import { scrub } from '../lib/sanitize.ts';
import type { RunReport } from '../runs/types.ts';
import type { RunJobInputs } from './runJobInputs.ts';

/** The edge-function client (`invokeFunction` of src/functions/invoke.ts): retries, timeout, checked answer. */
export type InvokeFunction = (request: InvokeOptions) => Promise<InvokeResponse>;

/** What the action uses of an answer: the HTTP status of the last try, its body, and the tries made. */
export interface InvokeResponse {
  status: number;
  body: unknown;
  attempts: number;
}

/** Reads an answer as a run (`summarizeInvocation` of src/functions/invoke.ts). */
export type SummarizeInvocation = (response: InvokeResponse) => InvocationSummary;

export interface InvokeDeps {
  invoke: InvokeFunction;
  summarizeInvocation: SummarizeInvocation;
  now?: () => number;
}

/** Invokes the edge function and reports its run; `note` says how it was reached, for the summary. */
export async function invokeJob(
  inputs: RunJobInputs,
  deps: InvokeDeps,
): Promise<{ report: RunReport; note: string }> {
  const now = deps.now ?? Date.now;
  const target = inputs.invoke;
  if (!target) throw new Error("invokeJob needs inputs.invoke: the inputs were read for mode 'run'.");
  const { options, job } = inputs;
  const body: Record<string, unknown> = { dryRun: options.dryRun, asOf: options.asOf.toISOString() };
  if (options.users) body.users = options.users;
  if (options.timeBudgetMs !== null) body.timeBudgetMs = options.timeBudgetMs;
  // Sent only when the workflow set it, so a deployment's own STRUKT_NUDGES otherwise decides.
  if (job.name === 'user-status' && options.nudges !== undefined) body.nudges = options.nudges;
  // Only a writer the function may be asked for; offline stays the deployment's own choice.
  if (job.name !== 'user-status' && inputs.ai !== 'offline') body.ai = inputs.ai;
  // Never `detail`: the report below keeps no per-user rows, so user ids and texts would cross
  // the network for nothing.

  const started = now();
  const response = await deps.invoke({
    baseUrl: target.baseUrl,
    functionName: job.functionName,
    key: target.key,
    body,
  });
  const summary = deps.summarizeInvocation(response);
  // The answer comes from elsewhere: mask ids and emails before it reaches a public summary.
  const message = scrub(summary.message);
  const counts = summary.counts ?? {};
  const report: RunReport = {
    runId: summary.runId ?? '',
    job: job.name,
    functionName: job.functionName,
    status: summary.status,
    message,
    dryRun: options.dryRun,
    period: null,
    asOf: options.asOf.toISOString(),
    startedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, Math.round(now() - started)),
    attempts: response.attempts,
    counts: {
      considered: counts.considered ?? 0,
      succeeded: counts.succeeded ?? 0,
      failed: counts.failed ?? 0,
      skipped: counts.skipped ?? {},
      remaining: summary.remaining,
    },
    figures: {},
    results: [],
    errors: summary.status === 'error' ? [message] : [],
    shard: null,
    usersFiltered: options.users ? options.users.length : null,
    trigger: options.trigger,
    source: 'edge',
    runUrl: options.runUrl,
    ai: {
      model: null,
      requests: 0,
      promptTokens: 0,
      completionTokens: 0,
      estimatedCostUsd: 0,
      calls: 0,
      retriedCalls: 0,
    },
    // The edge function records its own run; a dry or skipped one records nothing anywhere.
    recorded: !options.dryRun && summary.status !== 'skipped',
  };
  const note =
    `Invoked the edge function \`${job.functionName}\`: HTTP ${response.status} ` +
    `after ${response.attempts} attempt(s). Figures not in its answer show as 0.`;
  return { report, note };
}
