/**
 * The health room's one entry: `strukt-cron health` and the cron-health action both call
 * `runHealth`, and differ only in how they read their settings and show the result. It opens the
 * database, builds the GitHub access when a repository and token are given, runs the check, and
 * optionally applies retention and keeps the scheduled workflows armed. Every failure of a step
 * is collected in `problems`, so one broken step neither hides the others nor throws them away.
 */
import type { Config } from '../config/config.ts';
import type { Db } from '../db/types.ts';
import { gitHubAlertIssues } from '../github/alertIssues.ts';
import type { GitHubClientOptions, GitHubLog } from '../github/client.ts';
import type { KeepAliveResult } from '../github/keepAlive.ts';
import { describeErrorChain } from '../lib/sanitize.ts';
import { prune } from '../sql/runLog.ts';
import { pollOpenBatches, type BatchPoll } from './batchPoll.ts';
import {
  runHealthCheck,
  type HealthCheckDeps,
  type HealthCheckOptions,
  type HealthCheckResult,
} from './check.ts';

/** Where the alert issues live and how to reach GitHub; null: evaluate and print only. */
export interface HealthGitHub {
  token: string;
  owner: string;
  repo: string;
  /** Branch or tag catch-up runs are dispatched on. */
  ref: string;
  /** API root; null: https://api.github.com. */
  apiUrl: string | null;
}

export interface HealthRequest {
  config: Config;
  github: HealthGitHub | null;
  check: Omit<HealthCheckOptions, 'jobThresholds'>;
  /** Days of run logs kept when retention runs; null: no retention in this run. */
  pruneKeepDays?: number | null;
  /** Workflow files to enable again (keep-alive); empty: none. */
  keepAlive?: readonly string[];
}

export interface HealthRunDeps {
  openDb: (config: Config) => Promise<Db>;
  now: Date;
  log: HealthCheckDeps['log'];
  /** Where Octokit's own request log goes. */
  gitHubLog: GitHubLog;
  /** Test seams of the GitHub client: no write pacing, short rate-limit waits, no real sleeps. */
  gitHubClient?: Pick<GitHubClientOptions, 'throttle' | 'retryAfterBaseMs' | 'fetch'>;
  sleep?: (ms: number) => Promise<void>;
}

export interface HealthRun {
  result: HealthCheckResult;
  /** Open OpenAI batches polled, and what was done about each (needs an OpenAI key). */
  batchPolls: BatchPoll[];
  /** One line about retention, when it ran (or would have, on a dry run). */
  pruned: string | null;
  keptAlive: KeepAliveResult[];
  /** Every failed operation, one line each: the check's, retention's and keep-alive's. */
  problems: string[];
}

export async function runHealth(deps: HealthRunDeps, request: HealthRequest): Promise<HealthRun> {
  const { config, check } = request;
  // Octokit loads only when there is a repository and a token: never for `strukt-cron --help`.
  const client = request.github ? await gitHubClient(request.github, deps) : null;
  const github =
    client && request.github
      ? gitHubAlertIssues(client, {
          owner: request.github.owner,
          repo: request.github.repo,
          ref: request.github.ref,
        })
      : null;

  const db = await deps.openDb(config);
  let result: HealthCheckResult;
  let pruned: string | null = null;
  let batchPolls: BatchPoll[] = [];
  const problems: string[] = [];
  try {
    result = await runHealthCheck(
      { db, github, now: deps.now, log: deps.log, ...(deps.sleep ? { sleep: deps.sleep } : {}) },
      { ...check, jobThresholds: config.thresholds },
    );
    if (config.openaiApiKey) {
      try {
        batchPolls = await pollOpenBatches({
          db,
          client: await batchClient(config.openaiApiKey, config.openaiBaseUrl),
          github,
          now: deps.now,
          dryRun: check.dryRun,
        });
        for (const p of batchPolls.filter((b) => b.action === 'failed')) {
          problems.push(`batch ${p.batchId} of ${p.job}: ${p.error ?? 'failed'}`);
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
    await db
      .close()
      .catch((error: unknown) => deps.log.warn(`could not close the database: ${describeErrorChain(error)}`));
  }

  let keptAlive: KeepAliveResult[] = [];
  const workflows = request.keepAlive ?? [];
  if (workflows.length > 0 && client && request.github) {
    const { keepWorkflowsAlive } = await import('../github/keepAlive.ts');
    keptAlive = await keepWorkflowsAlive(client, {
      owner: request.github.owner,
      repo: request.github.repo,
      workflows,
      dryRun: check.dryRun,
    });
    for (const r of keptAlive.filter((k) => k.outcome === 'failed')) {
      problems.push(`keep-alive of ${r.workflow} failed: ${r.error ?? 'unknown error'}`);
    }
  }
  problems.unshift(...result.failures);
  return { result, batchPolls, pruned, keptAlive, problems };
}

/** The OpenAI SDK loads only when there is a key to poll with (as Octokit, only with a token). */
async function batchClient(apiKey: string, baseURL: string | null) {
  const { createBatchClient } = await import('../ai/batchClient.ts');
  return createBatchClient({ apiKey, baseURL });
}

async function gitHubClient(github: HealthGitHub, deps: HealthRunDeps) {
  const { createGitHubClient } = await import('../github/client.ts');
  return createGitHubClient({
    token: github.token,
    ...(github.apiUrl ? { baseUrl: github.apiUrl } : {}),
    ...deps.gitHubClient,
    log: deps.gitHubLog,
  });
}

async function retention(db: Db, keepDays: number, now: Date, dryRun: boolean): Promise<string> {
  if (dryRun) return `dry run: would delete run logs older than ${keepDays} days and expired leases.`;
  const { logsDeleted, leasesDeleted } = await prune(db, { keepDays, now });
  return `deleted ${logsDeleted} run log row(s) older than ${keepDays} days and ${leasesDeleted} expired lease(s).`;
}
