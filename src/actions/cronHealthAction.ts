/**
 * The cron-health action's logic (actions/cron-health): read the inputs once, run the health
 * check, optionally prune, write the job summary and outputs. Every failure reaches the one
 * `core.setFailed` at the end, so a broken step is never green and never fails twice.
 */
import { ConfigError, loadConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { parseKeepDays } from '../commands/prune.ts';
import { openDb as openDbDefault } from '../db/open.ts';
import type { Db } from '../db/types.ts';
import { renderHealthSummary } from '../github/alertBody.ts';
import { createGitHubClient } from '../github/applyAlerts.ts';
import { describeKeepAlive, keepWorkflowsAlive, type KeepAliveResult } from '../github/keepAlive.ts';
import { JOBS } from '../jobs/registry.ts';
import {
  breachCount,
  countIssueChanges,
  describeOutcome,
  isHealthy,
  parseHealthSettings,
  runHealthCheck,
} from '../monitoring/healthCheck.ts';
import type { HealthCheckOptions, HealthCheckResult } from '../monitoring/healthCheck.ts';
import { parseBoolean } from '../runs/options.ts';
import { describeErrorChain, passwordsOf, registerSecrets } from '../runs/sanitize.ts';

/** The part of `@actions/core` this action uses; tests pass a recording fake. */
export interface ActionCore {
  getInput(name: string, options?: { required?: boolean }): string;
  setOutput(name: string, value: string): void;
  setSecret(secret: string): void;
  setFailed(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  summary: { addRaw(text: string, addEOL?: boolean): { write(): Promise<unknown> } };
}

export interface CronHealthActionDeps {
  core: ActionCore;
  /** The runner's environment: GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_REF_NAME. */
  env: Record<string, string | undefined>;
  now?: () => Date;
  openDb?: (config: Config) => Promise<Db>;
  /** Test seams for the GitHub client: no write pacing, no real waits between re-listings. */
  github?: { throttle?: boolean; retryAfterBaseMs?: number; sleep?: (ms: number) => Promise<void> };
}

/** Everything the action reads, once, validated. */
export interface CronHealthSettings {
  config: Config;
  token: string;
  owner: string;
  repo: string;
  /** Where catch-up runs are dispatched: the branch this workflow runs on. */
  ref: string;
  apiUrl: string | null;
  check: Omit<HealthCheckOptions, 'jobs' | 'closeAfterHealthy'>;
  /** Days of run logs kept when retention runs; null: no retention in this run. */
  pruneKeepDays: number | null;
  /** Workflow files to enable again (keep-alive); empty: no keep-alive in this run. */
  keepAlive: string[];
}

/** Runs the action; never throws — failures end in `core.setFailed`. */
export async function runCronHealthAction(deps: CronHealthActionDeps): Promise<void> {
  const { core } = deps;
  try {
    const settings = readSettings(core, deps.env);
    const now = (deps.now ?? (() => new Date()))();
    const gh = deps.github ?? {};
    const octokit = createGitHubClient({
      token: settings.token,
      ...(settings.apiUrl ? { baseUrl: settings.apiUrl } : {}),
      ...(gh.throttle === undefined ? {} : { throttle: gh.throttle }),
      ...(gh.retryAfterBaseMs === undefined ? {} : { retryAfterBaseMs: gh.retryAfterBaseMs }),
      // Octokit logs every request, and as errors the 404s that are expected (a missing label);
      // real failures reach setFailed through the result, so only rate-limit warnings are annotated.
      log: { debug: core.debug, info: core.debug, warn: core.warning, error: core.info },
    });
    const log = {
      info: (message: string, fields?: Record<string, unknown>) => core.info(line(message, fields)),
      warn: (message: string, fields?: Record<string, unknown>) => core.warning(line(message, fields)),
    };

    const db = await (deps.openDb ?? openDbDefault)(settings.config);
    let result: HealthCheckResult;
    let pruned: string | null = null;
    const problems: string[] = [];
    try {
      result = await runHealthCheck(
        {
          db,
          github: { octokit, owner: settings.owner, repo: settings.repo, ref: settings.ref },
          now,
          log,
          ...(gh.sleep ? { sleep: gh.sleep } : {}),
        },
        settings.check,
      );
      if (settings.pruneKeepDays !== null) {
        try {
          pruned = await prune(db, settings.pruneKeepDays, now, settings.check.dryRun);
          core.info(pruned);
        } catch (error) {
          problems.push(`retention (cron_prune) failed: ${describeErrorChain(error)}`);
        }
      }
    } finally {
      await db
        .close()
        .catch((error: unknown) =>
          core.warning(`Could not close the database: ${describeErrorChain(error)}`),
        );
    }

    let keptAlive: KeepAliveResult[] = [];
    if (settings.keepAlive.length > 0) {
      keptAlive = await keepWorkflowsAlive(octokit, {
        owner: settings.owner,
        repo: settings.repo,
        workflows: settings.keepAlive,
        dryRun: settings.check.dryRun,
      });
      for (const r of keptAlive.filter((k) => k.outcome === 'failed')) {
        problems.push(`keep-alive of ${r.workflow} failed: ${r.error ?? 'unknown error'}`);
      }
    }

    const changes = countIssueChanges(result.applied);
    core.setOutput('healthy', String(isHealthy(result.health)));
    core.setOutput('breaches', String(breachCount(result.health)));
    core.setOutput('issues-opened', String(changes.opened));
    core.setOutput('issues-closed', String(changes.closed));
    core.setOutput('dispatched', String(result.dispatched.length));
    core.setOutput('workflows-enabled', String(keptAlive.filter((k) => k.outcome === 'enabled').length));

    const summary = [
      renderHealthSummary(result.health),
      settings.check.dryRun
        ? '## Alert issues (dry run: nothing written, nothing dispatched)'
        : '## Alert issues',
      '',
      ...describeOutcome(result),
      ...(pruned ? ['', `Retention: ${pruned}`] : []),
      ...(keptAlive.length > 0 ? ['', '## Keep-alive', '', ...describeKeepAlive(keptAlive)] : []),
      '',
    ].join('\n');
    try {
      await core.summary.addRaw(summary).write();
    } catch (error) {
      // The summary is a convenience; the issues and outputs already carry the result.
      core.warning(`Could not write the job summary: ${describeErrorChain(error)}`);
    }

    problems.unshift(...result.failures);
    if (problems.length > 0) {
      throw new Error(`${problems.length} operation(s) failed:\n  ${problems.join('\n  ')}`);
    }
  } catch (error) {
    core.setFailed(describeErrorChain(error));
  }
}

/** Reads every input once, masks the secrets before anything can print them, and validates. */
export function readSettings(core: ActionCore, env: Record<string, string | undefined>): CronHealthSettings {
  const input = (name: string) => core.getInput(name).trim();
  const token = input('github-token');
  const serviceRoleKey = input('supabase-service-role-key');
  const databaseUrl = input('database-url');
  const secrets = [token, serviceRoleKey, databaseUrl, ...passwordsOf(databaseUrl)].filter((v) => v !== '');
  for (const secret of secrets) core.setSecret(secret);
  // And in the error text this step builds, wherever it ends up (src/runs/sanitize.ts).
  registerSecrets(secrets);
  if (!token) {
    throw new ConfigError(
      "Input 'github-token' is empty. Expected a token with issues: write (the default is github.token).",
    );
  }
  const supabaseUrl = input('supabase-url');
  if (!databaseUrl && !(supabaseUrl && serviceRoleKey)) {
    throw new ConfigError(
      "No database given. Expected inputs 'supabase-url' and 'supabase-service-role-key', or 'database-url'.",
    );
  }
  // One validation of URLs and credentials for every entry point; the action's env is its inputs,
  // plus the per-job thresholds (STRUKT_THRESHOLD_*), which a workflow sets as env of the step.
  const thresholdVariables = Object.fromEntries(
    Object.entries(env).filter(([name]) => name.startsWith('STRUKT_THRESHOLD_')),
  );
  const config = loadConfig(
    {
      ...thresholdVariables,
      SUPABASE_URL: supabaseUrl,
      SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
      DATABASE_URL: databaseUrl,
      GITHUB_SERVER_URL: env.GITHUB_SERVER_URL,
      GITHUB_REPOSITORY: env.GITHUB_REPOSITORY,
      GITHUB_RUN_ID: env.GITHUB_RUN_ID,
      GITHUB_EVENT_NAME: env.GITHUB_EVENT_NAME,
    },
    {
      labels: {
        SUPABASE_URL: "input 'supabase-url'",
        SUPABASE_SERVICE_ROLE_KEY: "input 'supabase-service-role-key'",
        DATABASE_URL: "input 'database-url'",
      },
    },
  );
  const repository = env.GITHUB_REPOSITORY?.trim() ?? '';
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new ConfigError(`Invalid GITHUB_REPOSITORY '${repository}'. Expected owner/name.`);
  }
  const keep = input('prune-keep');
  return {
    config,
    token,
    owner,
    repo,
    ref: env.GITHUB_REF_NAME?.trim() || 'main',
    apiUrl: env.GITHUB_API_URL?.trim() || null,
    check: {
      ...parseHealthSettings(
        {
          windowDays: input('window-days'),
          graceMinutes: input('grace-minutes'),
          minSuccessRate: input('min-success-rate'),
          maxRetryRate: input('max-retry-rate'),
          maxCallRetryRate: input('max-call-retry-rate'),
        },
        {
          windowDays: "input 'window-days'",
          graceMinutes: "input 'grace-minutes'",
          minSuccessRate: "input 'min-success-rate'",
          maxRetryRate: "input 'max-retry-rate'",
          maxCallRetryRate: "input 'max-call-retry-rate'",
        },
      ),
      jobThresholds: config.thresholds,
      dryRun: parseBoolean(input('dry-run'), "input 'dry-run'"),
      catchUp: parseBoolean(input('catch-up'), "input 'catch-up'"),
    },
    pruneKeepDays: keep ? parseKeepDaysInput(keep) : null,
    keepAlive: parseBoolean(input('keepalive'), "input 'keepalive'")
      ? keepAliveWorkflows(env.GITHUB_WORKFLOW_REF)
      : [],
  };
}

/**
 * The job workflows and this one: cron-health must stay armed too, or the alerts stop with the
 * jobs. GITHUB_WORKFLOW_REF is `owner/repo/.github/workflows/<file>@<ref>`.
 */
function keepAliveWorkflows(workflowRef: string | undefined): string[] {
  const own = /\/\.github\/workflows\/([^/@]+)@/.exec(workflowRef ?? '')?.[1] ?? 'cron-health.yml';
  return [...new Set([...JOBS.map((job) => job.workflow), own])];
}

function parseKeepDaysInput(value: string): number {
  try {
    return parseKeepDays(value);
  } catch (error) {
    // parseKeepDays speaks of the CLI's --keep; name the input the workflow author wrote.
    throw new ConfigError(
      `Invalid input 'prune-keep' '${value}'. Expected a duration in days or hours like 90d.`,
      {
        cause: error,
      },
    );
  }
}

async function prune(db: Db, keepDays: number, now: Date, dryRun: boolean): Promise<string> {
  if (dryRun) return `dry run: would delete run logs older than ${keepDays} days and expired leases.`;
  const [row] = await db.call<{ logs_deleted: number; leases_deleted: number }>('cron_prune', {
    p_keep_days: keepDays,
    p_now: now.toISOString(),
  });
  return (
    `deleted ${row?.logs_deleted ?? 0} run log row(s) older than ${keepDays} days ` +
    `and ${row?.leases_deleted ?? 0} expired lease(s).`
  );
}

function line(message: string, fields: Record<string, unknown> = {}): string {
  return Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message;
}
