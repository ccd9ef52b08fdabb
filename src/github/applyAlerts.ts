/**
 * The only module that talks to GitHub for alerts: lists alert issues, applies planned operations,
 * closes duplicates that concurrent health runs created, and dispatches catch-up runs.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { AlertOp, ExistingIssue } from './alertPlan.ts';
import { byAge, issuesFor } from './alertPlan.ts';
import { scrub } from '../runs/sanitize.ts';
import { ALERT_LABEL } from './markers.ts';

export const GitHubClient = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof GitHubClient>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface GitHubLog {
  debug: (message: string) => void;
  info: (message: string) => void;
  warn: (message: string) => void;
  error: (message: string) => void;
}

export interface GitHubClientOptions {
  token: string;
  /** API root, e.g. a fake server in tests. @default 'https://api.github.com' */
  baseUrl?: string;
  fetch?: typeof fetch;
  /**
   * Pace writes the way GitHub asks (one at a time, a second apart) and handle rate limits.
   * Tests turn it off only where that pacing would make them slow. @default true
   */
  throttle?: boolean;
  /** Unit of the retry and rate-limit waits: 1000 makes `Retry-After: 2` wait 2 s. @default 1000 */
  retryAfterBaseMs?: number;
  log?: GitHubLog;
}

const quietLog: GitHubLog = {
  debug: () => {},
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};

/** Octokit with retries on 5xx and rate-limit handling; the one place a GitHub client is built. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  if (!options.token)
    throw new Error('A GitHub token is required to manage alert issues. Expected GITHUB_TOKEN.');
  const log = options.log ?? quietLog;
  const base = options.retryAfterBaseMs ?? 1000;
  return new GitHubClient({
    auth: options.token,
    userAgent: 'strukt-cron',
    log,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
    retry: { retryAfterBaseValue: base },
    throttle:
      options.throttle === false
        ? { enabled: false }
        : { ...throttleHandlers(log), retryAfterBaseValue: base, fallbackSecondaryRateRetryAfter: 60 },
  });
}

interface LimitedRequest {
  method: string;
  url: string;
}

/**
 * Rate-limit handlers: retry once. A primary limit that resets later than a minute is not waited
 * for, because the health check runs again within the hour anyway.
 */
export function throttleHandlers(log: Pick<GitHubLog, 'warn'>) {
  return {
    onRateLimit: (retryAfter: number, options: LimitedRequest, _octokit: unknown, retryCount: number) => {
      const again = retryCount < 1 && retryAfter <= 60;
      log.warn(
        `GitHub rate limit hit on ${options.method} ${options.url}; resets in ${retryAfter} s; ` +
          (again ? 'retrying once.' : 'giving up.'),
      );
      return again;
    },
    onSecondaryRateLimit: (
      retryAfter: number,
      options: LimitedRequest,
      _octokit: unknown,
      retryCount: number,
    ) => {
      const again = retryCount < 1;
      log.warn(
        `GitHub secondary rate limit hit on ${options.method} ${options.url}; ` +
          (again ? `retrying once after ${retryAfter} s.` : 'giving up.'),
      );
      return again;
    },
  };
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

/** Every cron-alert issue, open and closed, from the issues listing (the search API lags). */
export async function listAlertIssues(
  octokit: GitHubClient,
  { owner, repo }: RepoRef,
): Promise<ExistingIssue[]> {
  const items: IssueLike[] = await octokit.paginate(octokit.issues.listForRepo, {
    owner,
    repo,
    labels: ALERT_LABEL,
    state: 'all',
    per_page: 100,
  });
  // The issues listing includes pull requests; they are never alerts.
  return items.filter((i) => i.pull_request == null).map(toExistingIssue);
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

export interface AppliedOp {
  op: AlertOp;
  /** `dry-run`: planned only; `failed`: GitHub refused, see `error` (the caller fails the run). */
  status: 'applied' | 'dry-run' | 'failed';
  /** The issue the op touched or created. */
  number?: number;
  error?: string;
}

export interface ApplyOptions {
  /** Return the ops without calling GitHub. */
  dryRun: boolean;
  /** Listings after a create until the new issue shows up in them. @default 5 */
  relistAttempts?: number;
  /** Waits between those listings. @default exponential from 1 s */
  sleep?: (ms: number) => Promise<void>;
  log?: Pick<GitHubLog, 'warn'>;
}

/**
 * Applies planned ops in order. A failed op is recorded and the rest still run, so one refused
 * comment cannot hide another job's alert; callers must treat any `failed` result as a failure.
 */
export async function applyAlerts(
  octokit: GitHubClient,
  ref: RepoRef,
  ops: AlertOp[],
  options: ApplyOptions,
): Promise<AppliedOp[]> {
  if (options.dryRun) return ops.map((op) => ({ op, status: 'dry-run' as const }));
  const results: AppliedOp[] = [];
  let labelError: string | null = null;
  if (ops.some((op) => op.type === 'create')) {
    try {
      await ensureAlertLabel(octokit, ref);
    } catch (error) {
      labelError = `Could not ensure the '${ALERT_LABEL}' label: ${errorText(error)}`;
    }
  }
  for (const op of ops) {
    if (op.type === 'create' && labelError) {
      // Without the label a created issue could never be found again, so it is not created.
      results.push({ op, status: 'failed', error: labelError });
      continue;
    }
    try {
      const number = await applyOne(octokit, ref, op);
      results.push({ op, status: 'applied', number });
      if (op.type === 'create') results.push(...(await settleAfterCreate(octokit, ref, op, number, options)));
    } catch (error) {
      results.push({
        op,
        status: 'failed',
        ...('number' in op ? { number: op.number } : {}),
        error: errorText(error),
      });
    }
  }
  return results;
}

/** The duplicate check after a create; a failed relist is a warning, as the next run's plan closes copies too. */
async function settleAfterCreate(
  octokit: GitHubClient,
  ref: RepoRef,
  created: Extract<AlertOp, { type: 'create' }>,
  createdNumber: number,
  options: ApplyOptions,
): Promise<AppliedOp[]> {
  try {
    return await closeDuplicatesAfterCreate(octokit, ref, created, createdNumber, options);
  } catch (error) {
    (options.log ?? console).warn(
      `Could not check issue #${createdNumber} for duplicates: ${errorText(error)}. The next health run will.`,
    );
    return [];
  }
}

async function applyOne(octokit: GitHubClient, { owner, repo }: RepoRef, op: AlertOp): Promise<number> {
  switch (op.type) {
    case 'create': {
      const { data } = await octokit.issues.create({
        owner,
        repo,
        title: op.title,
        body: op.body,
        labels: op.labels,
      });
      return data.number;
    }
    case 'update':
      await octokit.issues.update({ owner, repo, issue_number: op.number, body: op.body });
      return op.number;
    case 'comment':
      await octokit.issues.createComment({ owner, repo, issue_number: op.number, body: op.body });
      return op.number;
    case 'close':
      await octokit.issues.update({
        owner,
        repo,
        issue_number: op.number,
        state: 'closed',
        state_reason: op.reason,
      });
      return op.number;
    case 'reopen':
      await octokit.issues.update({
        owner,
        repo,
        issue_number: op.number,
        state: 'open',
        state_reason: 'reopened',
      });
      return op.number;
  }
}

/**
 * Two health runs can both see no issue and both create one. After a create, list again until the
 * new issue is visible, then close every open copy but the oldest; both runs pick the same one.
 */
async function closeDuplicatesAfterCreate(
  octokit: GitHubClient,
  ref: RepoRef,
  created: Extract<AlertOp, { type: 'create' }>,
  createdNumber: number,
  options: ApplyOptions,
): Promise<AppliedOp[]> {
  const attempts = options.relistAttempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(1000 * 2 ** (attempt - 1));
    const open = issuesFor(await listAlertIssues(octokit, ref), created.job, created.kind)
      .filter((i) => i.state === 'open')
      .sort(byAge);
    if (!open.some((i) => i.number === createdNumber)) continue;
    const [keep, ...copies] = open;
    if (!keep) return [];
    const results: AppliedOp[] = [];
    for (const copy of copies) {
      const target = { job: created.job, kind: created.kind };
      const comment: AlertOp = {
        ...target,
        type: 'comment',
        number: copy.number,
        body: `Duplicate of #${keep.number}`,
      };
      const close: AlertOp = {
        ...target,
        type: 'close',
        number: copy.number,
        reason: 'duplicate',
        duplicateOf: keep.number,
      };
      for (const op of [comment, close]) {
        try {
          await applyOne(octokit, ref, op);
          results.push({ op, status: 'applied', number: copy.number });
        } catch (error) {
          results.push({ op, status: 'failed', number: copy.number, error: errorText(error) });
        }
      }
    }
    return results;
  }
  (options.log ?? console).warn(
    `Issue #${createdNumber} did not appear in the issues listing after ${attempts} tries; ` +
      'duplicates will be closed by the next health run.',
  );
  return [];
}

/** Creates the cron-alert label when the repository lacks it. */
export async function ensureAlertLabel(octokit: GitHubClient, { owner, repo }: RepoRef): Promise<void> {
  try {
    await octokit.issues.getLabel({ owner, repo, name: ALERT_LABEL });
    return;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  try {
    await octokit.issues.createLabel({
      owner,
      repo,
      name: ALERT_LABEL,
      color: 'd93f0b',
      description: 'Opened and closed by the strukt-cron health check',
    });
  } catch (error) {
    // 422: a concurrent health run created it first, which is what we wanted.
    if (statusOf(error) !== 422) throw error;
  }
}

export interface CatchUpRequest extends RepoRef {
  /** Workflow file name or id, e.g. `weekly-digest.yml`. */
  workflow: string;
  /** Branch or tag to run, e.g. `main`. */
  ref: string;
  /** The slot to catch up; the run computes its period from it. */
  asOf: Date | string;
}

/** Starts a catch-up run of a job's workflow with `as_of` set to the missed slot. */
export async function dispatchCatchUp(octokit: GitHubClient, request: CatchUpRequest): Promise<void> {
  const asOf = typeof request.asOf === 'string' ? new Date(request.asOf) : request.asOf;
  if (Number.isNaN(asOf.getTime())) {
    throw new RangeError(
      `Invalid asOf '${String(request.asOf)}' for a catch-up run. Expected an ISO 8601 time.`,
    );
  }
  await octokit.actions.createWorkflowDispatch({
    owner: request.owner,
    repo: request.repo,
    workflow_id: request.workflow,
    ref: request.ref,
    inputs: { as_of: asOf.toISOString() },
  });
}

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function errorText(error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  const status = statusOf(error);
  // Masked before the cut, so no part of a secret is left at the end.
  return `${status ? `HTTP ${status}: ` : ''}${scrub(e.message).split('\n')[0] ?? ''}`.slice(0, 300);
}
