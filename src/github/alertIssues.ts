/**
 * What the health check needs from GitHub, and nothing more: the labelled issues it keeps, the
 * few writes it makes to them, and a workflow dispatch. The health room (src/health/) plans and
 * decides; this module only speaks the REST API, so a test or another forge can stand in for it.
 */
import type { GitHubClient, RepoRef } from './client.ts';
import { statusOf } from './errors.ts';

/** An issue as the health check reads it. */
export interface ExistingIssue {
  number: number;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  labels: string[];
  body: string;
  createdAt: string;
  closedAt: string | null;
  title: string;
}

export interface NewLabel {
  name: string;
  color: string;
  description: string;
}

export interface WorkflowDispatch {
  /** Workflow file name or id, e.g. `weekly-digest.yml`. */
  workflow: string;
  /** Inputs of the dispatched run, e.g. `{ as_of: '2026-11-30T20:00:00.000Z' }`. */
  inputs: Record<string, string>;
}

/** The GitHub side of the health check; `gitHubAlertIssues` is the REST implementation. */
export interface AlertIssues {
  /** Every issue with the label, open and closed, pull requests left out. */
  list(label: string): Promise<ExistingIssue[]>;
  create(issue: { title: string; body: string; labels: string[] }): Promise<number>;
  setBody(number: number, body: string): Promise<void>;
  comment(number: number, body: string): Promise<void>;
  close(number: number, reason: 'completed' | 'not_planned' | 'duplicate'): Promise<void>;
  reopen(number: number): Promise<void>;
  /** Creates the label when the repository lacks it; a concurrent creator is not an error. */
  ensureLabel(label: NewLabel): Promise<void>;
  /** Starts a run of a workflow on the branch or tag `ref` given when the access was made. */
  dispatch(request: WorkflowDispatch): Promise<void>;
}

type LabelLike = string | { name?: string | null };

interface IssueLike {
  number: number;
  state: string;
  state_reason?: string | null;
  labels: LabelLike[];
  body?: string | null;
  created_at: string;
  closed_at: string | null;
  title: string;
  pull_request?: unknown;
}

/** The REST implementation over an Octokit client, for one repository and dispatch ref. */
export function gitHubAlertIssues(octokit: GitHubClient, repository: RepoRef & { ref: string }): AlertIssues {
  const { owner, repo, ref } = repository;
  return {
    async list(label) {
      // The issues listing, not search: search lags behind a just-created issue.
      const items: IssueLike[] = await octokit.paginate(octokit.issues.listForRepo, {
        owner,
        repo,
        labels: label,
        state: 'all',
        per_page: 100,
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
        state: 'closed',
        state_reason: reason,
      });
    },
    async reopen(number) {
      await octokit.issues.update({
        owner,
        repo,
        issue_number: number,
        state: 'open',
        state_reason: 'reopened',
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
        // 422: a concurrent health run created it first, which is what we wanted.
        if (statusOf(error) !== 422) throw error;
      }
    },
    async dispatch({ workflow, inputs }) {
      await octokit.actions.createWorkflowDispatch({ owner, repo, workflow_id: workflow, ref, inputs });
    },
  };
}

export function toExistingIssue(i: IssueLike): ExistingIssue {
  const reason = i.state_reason;
  return {
    number: i.number,
    state: i.state === 'closed' ? 'closed' : 'open',
    stateReason:
      reason === 'completed' || reason === 'not_planned' || reason === 'reopened' || reason === 'duplicate'
        ? reason
        : null,
    labels: i.labels.flatMap((l) => (typeof l === 'string' ? [l] : l.name ? [l.name] : [])),
    body: i.body ?? '',
    createdAt: i.created_at,
    closedAt: i.closed_at,
    title: i.title,
  };
}
