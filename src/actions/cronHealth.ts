/**
 * The cron-health action's logic (actions/cron-health): read the inputs once, run the health room
 * (src/health/runHealth.ts, the same code as `strukt-cron health`), write the job summary and
 * outputs. Every failure reaches the one `core.setFailed` at the end, so a broken step is never
 * green and never fails twice.
 */
import { configFromInputs, type InputSource } from '../config/actionInputs.ts';
import type { Config } from '../config/config.ts';
import { parseBoolean, parseKeepDays } from '../config/runOptions.ts';
import { describeFailure } from '../db/failures.ts';
import { openDb as openDbDefault } from '../db/open.ts';
import type { Db } from '../db/types.ts';
import { JOBS } from '../domain/jobs.ts';
import type { HealthCheckOptions } from '../health/check.ts';
import { breachCount, countIssueChanges, isHealthy, renderHealthText } from '../health/render.ts';
import { runHealth, type HealthGitHub, type HealthRunDeps } from '../health/runHealth.ts';
import { parseHealthSettings } from '../health/settings.ts';
import { ConfigError } from '../lib/errors.ts';

/** The part of `@actions/core` this action uses; tests pass a recording fake. */
export interface ActionCore extends InputSource {
  getInput(name: string, options?: { required?: boolean }): string;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  summary: { addRaw(text: string, addEOL?: boolean): { write(): Promise<unknown> } };
}

export interface CronHealthActionDeps {
  core: ActionCore;
  /** The runner's environment: GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_REF_NAME, … */
  env: Record<string, string | undefined>;
  now?: () => Date;
  openDb?: (config: Config) => Promise<Db>;
  /** Test seams for the GitHub client: no write pacing, no real waits between re-listings. */
  github?: { throttle?: boolean; retryAfterBaseMs?: number; sleep?: (ms: number) => Promise<void> };
}

/** Everything the action reads, once, validated. */
export interface CronHealthSettings {
  config: Config;
  github: HealthGitHub;
  check: Omit<HealthCheckOptions, 'jobs' | 'closeAfterHealthy' | 'jobThresholds'>;
  /** Days of run logs kept when retention runs; null: no retention in this run. */
  pruneKeepDays: number | null;
  /** Workflow files to enable again (keep-alive); empty: no keep-alive in this run. */
  keepAlive: string[];
}

/** Input name → the environment variable it stands for. */
const INPUT_VARIABLES = {
  'github-token': 'GITHUB_TOKEN',
  'supabase-url': 'SUPABASE_URL',
  'supabase-service-role-key': 'SUPABASE_SERVICE_ROLE_KEY',
  'database-url': 'DATABASE_URL',
  'openai-api-key': 'OPENAI_API_KEY',
} as const;

/** Runs the action; never throws — failures end in `core.setFailed`. */
export async function runCronHealthAction(deps: CronHealthActionDeps): Promise<void> {
  const { core } = deps;
  try {
    const settings = readSettings(core, deps.env);
    const gh = deps.github ?? {};
    const runDeps: HealthRunDeps = {
      openDb: deps.openDb ?? openDbDefault,
      now: (deps.now ?? (() => new Date()))(),
      log: {
        info: (message, fields) => core.info(line(message, fields)),
        warn: (message, fields) => core.warning(line(message, fields)),
      },
      // Octokit logs every request, and as errors the 404s that are expected (a missing label);
      // real failures reach setFailed through the result, so only rate-limit warnings are annotated.
      gitHubLog: { debug: core.debug, info: core.debug, warn: core.warning, error: core.info },
      gitHubClient: {
        ...(gh.throttle === undefined ? {} : { throttle: gh.throttle }),
        ...(gh.retryAfterBaseMs === undefined ? {} : { retryAfterBaseMs: gh.retryAfterBaseMs }),
      },
      ...(gh.sleep ? { sleep: gh.sleep } : {}),
    };
    const run = await runHealth(runDeps, {
      config: settings.config,
      github: settings.github,
      check: settings.check,
      pruneKeepDays: settings.pruneKeepDays,
      keepAlive: settings.keepAlive,
    });

    const changes = countIssueChanges(run.result.applied);
    core.setOutput('healthy', String(isHealthy(run.result.health)));
    core.setOutput('breaches', String(breachCount(run.result.health)));
    core.setOutput('issues-opened', String(changes.opened));
    core.setOutput('issues-closed', String(changes.closed));
    core.setOutput('dispatched', String(run.result.dispatched.length));
    core.setOutput('workflows-enabled', String(run.keptAlive.filter((k) => k.outcome === 'enabled').length));

    try {
      await core.summary
        .addRaw(renderHealthText(run, { dryRun: settings.check.dryRun, github: true }))
        .write();
    } catch (error) {
      // The summary is a convenience; the issues and outputs already carry the result.
      core.warning(`Could not write the job summary: ${describeFailure(error)}`);
    }
    if (run.problems.length > 0) {
      throw new Error(`${run.problems.length} operation(s) failed:\n  ${run.problems.join('\n  ')}`);
    }
  } catch (error) {
    core.setFailed(describeFailure(error));
  }
}

/** Reads every input once, masks the secrets before anything can print them, and validates. */
export function readSettings(core: ActionCore, env: Record<string, string | undefined>): CronHealthSettings {
  const input = (name: string) => core.getInput(name).trim();
  // First: the token and credentials are masked before any later error could show them.
  const config = configFromInputs(core, env, INPUT_VARIABLES);
  const token = config.github.token;
  if (!token) {
    throw new ConfigError(
      "Input 'github-token' is empty. Expected a token with issues: write (the default is github.token).",
    );
  }
  if (!config.databaseUrl && !(config.supabaseUrl && config.supabaseServiceRoleKey)) {
    throw new ConfigError(
      "No database given. Expected inputs 'supabase-url' and 'supabase-service-role-key', or 'database-url'.",
    );
  }
  const [owner, repo] = (config.github.repository ?? '').split('/');
  if (!owner || !repo) {
    throw new ConfigError(
      'GITHUB_REPOSITORY is not set. Expected owner/name (GitHub sets it on every runner).',
    );
  }
  const keep = input('prune-keep');
  return {
    config,
    github: { token, owner, repo, ref: config.github.refName ?? 'main', apiUrl: config.github.apiUrl },
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
      dryRun: parseBoolean(input('dry-run'), "input 'dry-run'"),
      catchUp: parseBoolean(input('catch-up'), "input 'catch-up'"),
    },
    pruneKeepDays: keep ? parseKeepDays(keep, "input 'prune-keep'") : null,
    keepAlive: parseBoolean(input('keepalive'), "input 'keepalive'")
      ? keepAliveWorkflows(config.github.workflowRef)
      : [],
  };
}

/**
 * The job workflows and this one: cron-health must stay armed too, or the alerts stop with the
 * jobs. GITHUB_WORKFLOW_REF is `owner/repo/.github/workflows/<file>@<ref>`.
 */
function keepAliveWorkflows(workflowRef: string | null): string[] {
  const own = /\/\.github\/workflows\/([^/@]+)@/.exec(workflowRef ?? '')?.[1] ?? 'cron-health.yml';
  return [...new Set([...JOBS.map((job) => job.workflow), own])];
}

function line(message: string, fields: Record<string, unknown> = {}): string {
  return Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message;
}
