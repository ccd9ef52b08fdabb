/**
 * Keep-alive for the scheduled workflows. In a public repository GitHub switches every scheduled
 * workflow off after 60 days without repository activity — cron-health included, so the
 * missed-slot alerts would stop together with the jobs they watch. Enabling a workflow through
 * the Actions API is the activity that re-arms it, so cron-health enables each one weekly.
 *
 * A workflow a person switched off (`disabled_manually`) stays off: that is a decision, not decay.
 */
import type { GitHubClient } from './client.ts';
import { describeGitHubError, statusOf } from './errors.ts';

/** The states the Actions API reports for a workflow; null when the file is not in the repository. */
export type WorkflowState =
  'active' | 'deleted' | 'disabled_fork' | 'disabled_inactivity' | 'disabled_manually' | null;

export interface KeepAliveDecision {
  workflow: string;
  state: WorkflowState | string;
  enable: boolean;
  reason: string;
}

/** Pure: what to do with each workflow, given the state GitHub reports for it. */
export function planKeepAlive(
  workflows: ReadonlyArray<{ workflow: string; state: WorkflowState | string }>,
): KeepAliveDecision[] {
  return workflows.map(({ workflow, state }) => ({ workflow, state, ...decide(state) }));
}

function decide(state: WorkflowState | string): { enable: boolean; reason: string } {
  switch (state) {
    case 'active':
      return { enable: true, reason: 'active; enabling again resets the 60-day inactivity timer' };
    case 'disabled_inactivity':
      return { enable: true, reason: 'switched off by GitHub after 60 days without activity' };
    case 'disabled_manually':
      return { enable: false, reason: 'switched off by a person; left off' };
    case 'disabled_fork':
      return { enable: false, reason: "a fork's schedules stay off until its owner enables them" };
    case null:
      return { enable: false, reason: 'not found in the repository' };
    default:
      return { enable: false, reason: `state '${state}' is not one this action changes` };
  }
}

export interface KeepAliveResult extends KeepAliveDecision {
  outcome: 'enabled' | 'left' | 'dry-run' | 'failed';
  error?: string;
}

export interface KeepAliveRequest {
  owner: string;
  repo: string;
  /** Workflow file names, e.g. `weekly-digest.yml`. */
  workflows: readonly string[];
  dryRun: boolean;
}

/** Reads each workflow's state, then enables those the plan says to; one failure does not stop the rest. */
export async function keepWorkflowsAlive(
  octokit: GitHubClient,
  request: KeepAliveRequest,
): Promise<KeepAliveResult[]> {
  const results: KeepAliveResult[] = [];
  for (const workflow of request.workflows) {
    const target = { owner: request.owner, repo: request.repo, workflow_id: workflow };
    let state: WorkflowState | string;
    try {
      state = (await octokit.actions.getWorkflow(target)).data.state;
    } catch (error) {
      if (statusOf(error) !== 404) {
        results.push({ workflow, state: null, enable: false, reason: 'state unknown', ...failure(error) });
        continue;
      }
      state = null;
    }
    const [decision] = planKeepAlive([{ workflow, state }]);
    if (!decision!.enable) {
      results.push({ ...decision!, outcome: 'left' });
    } else if (request.dryRun) {
      results.push({ ...decision!, outcome: 'dry-run' });
    } else {
      try {
        await octokit.actions.enableWorkflow(target);
        results.push({ ...decision!, outcome: 'enabled' });
      } catch (error) {
        results.push({ ...decision!, ...failure(error) });
      }
    }
  }
  return results;
}

/** One line per workflow, for the job summary and the log. */
export function describeKeepAlive(results: readonly KeepAliveResult[]): string[] {
  return results.map((r) => `- ${r.workflow}: ${r.outcome}${r.error ? ` (${r.error})` : ''} — ${r.reason}`);
}

function failure(error: unknown): { outcome: 'failed'; error: string } {
  return { outcome: 'failed', error: describeGitHubError(error) };
}
