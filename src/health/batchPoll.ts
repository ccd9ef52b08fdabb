/**
 * The hourly health check's part in batch mode: it polls every open OpenAI batch and, when one is
 * over (or past its deadline), dispatches its job's workflow, whose run collects it. So a batch
 * is collected within the hour of finishing, not at the job's next scheduled slot. Needs an
 * OpenAI key (to poll) and GitHub (to dispatch); a run collects only what it claims, so an extra
 * dispatch costs one short run and never a second digest.
 */
import type { BatchClient } from '../ai/batchClient.ts';
import { FINISHED_STATUSES } from '../ai/batchLines.ts';
import type { Db } from '../db/types.ts';
import { getJob, type JobName } from '../domain/jobs.ts';
import type { AlertIssues } from '../github/alertIssues.ts';
import { describeGitHubError } from '../github/errors.ts';
import { describeError } from '../lib/sanitize.ts';
import { noteBatchStatus, unclosedBatches } from '../sql/batches.ts';

export interface BatchPoll {
  job: JobName;
  /** OpenAI's batch id (not personal data). */
  batchId: string;
  /** OpenAI's status now; null when it could not be read. */
  status: string | null;
  /** `running`: nothing to do yet; `due`: over, but no GitHub to dispatch with. */
  action: 'running' | 'dispatched' | 'dry-run' | 'due' | 'failed';
  workflow: string;
  error?: string;
}

export async function pollOpenBatches(deps: {
  db: Db;
  client: BatchClient;
  github: Pick<AlertIssues, 'dispatch'> | null;
  now: Date;
  dryRun: boolean;
}): Promise<BatchPoll[]> {
  const polls: BatchPoll[] = [];
  // A job is dispatched once per check, however many of its batches are due.
  const dispatched = new Set<JobName>();
  for (const row of await unclosedBatches(deps.db, { p_job: null })) {
    // Not yet taken by OpenAI: the job's next run adopts or abandons it.
    if (row.openai_batch_id === null) continue;
    const workflow = getJob(row.job).workflow;
    const base = { job: row.job, batchId: row.openai_batch_id, workflow };
    let status: string;
    try {
      status = (await deps.client.retrieve(row.openai_batch_id)).status;
    } catch (error) {
      polls.push({ ...base, status: null, action: 'failed', error: `poll: ${describeError(error)}` });
      continue;
    }
    if (!deps.dryRun) await noteBatchStatus(deps.db, { p_key: row.key, p_openai_status: status });
    const due = FINISHED_STATUSES.has(status) || deps.now.getTime() >= Date.parse(row.deadline_at);
    if (!due) {
      polls.push({ ...base, status, action: 'running' });
    } else if (deps.github === null) {
      polls.push({ ...base, status, action: 'due' });
    } else if (deps.dryRun) {
      polls.push({ ...base, status, action: 'dry-run' });
    } else if (dispatched.has(row.job)) {
      polls.push({ ...base, status, action: 'dispatched' });
    } else {
      try {
        await deps.github.dispatch({ workflow, inputs: {} });
        dispatched.add(row.job);
        polls.push({ ...base, status, action: 'dispatched' });
      } catch (error) {
        polls.push({ ...base, status, action: 'failed', error: `dispatch: ${describeGitHubError(error)}` });
      }
    }
  }
  return polls;
}

/** One line per polled batch, for the health summary. */
export function describeBatchPolls(polls: readonly BatchPoll[]): string[] {
  return polls.map((p) => {
    const what =
      p.action === 'dispatched'
        ? `dispatched ${p.workflow} to collect it`
        : p.action === 'dry-run'
          ? `would dispatch ${p.workflow} to collect it`
          : p.action === 'due'
            ? 'over; the job collects it at its next run (no GitHub to dispatch with)'
            : p.action === 'running'
              ? 'still running'
              : `failed (${p.error ?? 'unknown error'})`;
    return `- batch ${p.batchId} of ${p.job} (${p.status ?? 'status unknown'}): ${what}`;
  });
}
