import { Command } from 'commander';
import { ConfigError, type Config } from '../config.ts';
import { openDb } from '../db/open.ts';
import { renderHealthSummary } from '../github/alertBody.ts';
import {
  breachCount,
  countIssueChanges,
  describeOutcome,
  isHealthy,
  parseHealthSettings,
  runHealthCheck,
} from '../monitoring/healthCheck.ts';
import type { HealthCheckGitHub, HealthCheckResult } from '../monitoring/healthCheck.ts';
import type { LogFormat } from '../runs/logger.ts';
import { registerSecrets } from '../runs/sanitize.ts';
import { commandOutput, logFormatOption, plainTarget, type StderrTarget } from './output.ts';

export interface HealthDeps {
  config: () => Config;
  print: (line: string) => void;
  /** Logs and failures go to stderr so `--json` keeps stdout for the result alone. */
  printErr: (line: string) => void;
  setExitCode: (code: number) => void;
  /** GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL; the entry point passes process.env. @default {} */
  env?: Record<string, string | undefined>;
  now?: () => Date;
  /** Log lines: text or JSON (--log-format). @default JSON lines through printErr */
  stderr?: StderrTarget;
}

interface HealthFlags {
  dryRun?: boolean;
  repo?: string;
  githubToken?: string;
  githubApiUrl?: string;
  ref: string;
  catchUp?: boolean;
  windowDays?: string;
  graceMinutes?: string;
  minSuccessRate?: string;
  maxRetryRate?: string;
  maxCallRetryRate?: string;
  json?: boolean;
  quiet?: boolean;
  showIssues?: boolean;
  logFormat?: LogFormat;
}

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** `strukt-cron health`: evaluate every job, keep the alert issues in line, optionally catch up. */
export function healthCommand(deps: HealthDeps): Command {
  return new Command('health')
    .description('evaluate job health from admin.system_cron_logs and open, update or close the alert issues')
    .option('--dry-run', 'plan the issue changes and catch-ups, write and dispatch nothing')
    .option('--repo <owner/name>', 'repository of the alert issues (default: GITHUB_REPOSITORY)')
    .option('--github-token <token>', 'token with issues: write (default: GITHUB_TOKEN)')
    .option(
      '--github-api-url <url>',
      'GitHub API root (default: GITHUB_API_URL, else https://api.github.com)',
    )
    .option('--ref <ref>', 'branch catch-up runs are dispatched on', 'main')
    .option(
      '--catch-up',
      "dispatch each job's workflow once for its latest missed slot, and again for a digest period a run left unfinished (needs actions: write)",
    )
    .option('--window-days <n>', 'days of runs evaluated (default 28)')
    .option('--grace-minutes <n>', 'minutes after a slot a run still counts as on time (default 90)')
    .option(
      '--min-success-rate <share>',
      "minimum success rate for every job, e.g. 0.95 (default: the job's)",
    )
    .option(
      '--max-retry-rate <share>',
      "maximum share of runs whose own database work needed a retry, e.g. 0.1 (default: the job's)",
    )
    .option(
      '--max-call-retry-rate <share>',
      "maximum share of OpenAI calls that needed a retry, e.g. 0.2 (default: the job's)",
    )
    .option(
      '--show-issues',
      'also print the full body of every alert issue and comment it writes, or would write with --dry-run (with --json: a body per op)',
    )
    .option('--json', 'print the result as JSON on stdout (logs stay on stderr)')
    .option('--quiet', 'no log lines on stderr')
    .addOption(logFormatOption())
    .addHelpText(
      'after',
      '\nWithout a repository and a token the jobs are evaluated and printed only; no issue is read or written.\n' +
        'Thresholds per job: STRUKT_THRESHOLD_<JOB>_<NAME> variables (docs/operations.md); a flag wins over them.\n' +
        'Exit codes: 0 evaluated — a breach is reported through the alert issues, not the exit code, so an\n' +
        'unhealthy job does not make this check look broken; 1 a GitHub operation failed (listing, writing or\n' +
        'dispatching); 2 bad usage or configuration.',
    )
    .action(async (flags: HealthFlags) => {
      const env = deps.env ?? {};
      const settings = parseHealthSettings(flags, {
        windowDays: '--window-days',
        graceMinutes: '--grace-minutes',
        minSuccessRate: '--min-success-rate',
        maxRetryRate: '--max-retry-rate',
        maxCallRetryRate: '--max-call-retry-rate',
      });
      const token = nonEmpty(flags.githubToken) ?? nonEmpty(env.GITHUB_TOKEN);
      // Not part of the configuration, so registered here: no error text may quote it.
      registerSecrets([token]);
      const repo = nonEmpty(flags.repo) ?? nonEmpty(env.GITHUB_REPOSITORY);
      const apiUrl = nonEmpty(flags.githubApiUrl) ?? nonEmpty(env.GITHUB_API_URL);
      if (repo !== null && !REPO.test(repo)) {
        const source = nonEmpty(flags.repo) !== null ? '--repo' : 'GITHUB_REPOSITORY';
        throw new ConfigError(`Invalid ${source} '${repo}'. Expected owner/name, like strukt/strukt-cron.`);
      }
      if (apiUrl !== null && !/^https?:\/\/[^\s/]+/.test(apiUrl)) {
        throw new ConfigError(`Invalid GitHub API URL '${apiUrl}'. Expected an http(s) URL.`);
      }
      const log = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
        logFormat: flags.logFormat,
        logs: !flags.quiet,
      }).log;
      let github: HealthCheckGitHub | null = null;
      if (repo !== null && token !== null) {
        const [owner = '', name = ''] = repo.split('/');
        // Imported when the command runs: `strukt-cron --help` stays fast (scripts/build-cli.mjs).
        const { createGitHubClient } = await import('../github/applyAlerts.ts');
        const octokit = createGitHubClient({
          token,
          ...(apiUrl ? { baseUrl: apiUrl } : {}),
          // Expected 404s (a missing label) arrive as octokit errors; real failures come back in the result.
          log: { debug: () => {}, info: () => {}, warn: (m) => log.warn(m), error: (m) => log.info(m) },
        });
        github = { octokit, owner, repo: name, ref: flags.ref };
      } else {
        const missing = [
          repo === null ? '--repo/GITHUB_REPOSITORY' : null,
          token === null ? '--github-token/GITHUB_TOKEN' : null,
        ]
          .filter(Boolean)
          .join(' and ');
        deps.printErr(
          `note: no ${missing}: evaluating and printing only; alert issues are not read or written` +
            (flags.catchUp ? ' and no catch-up is dispatched.' : '.'),
        );
      }

      const config = deps.config();
      const db = await openDb(config);
      let result: HealthCheckResult;
      try {
        result = await runHealthCheck(
          { db, github, now: (deps.now ?? (() => new Date()))(), log },
          {
            ...settings,
            jobThresholds: config.thresholds,
            dryRun: flags.dryRun ?? false,
            catchUp: flags.catchUp ?? false,
          },
        );
      } finally {
        await db.close();
      }

      const showIssues = flags.showIssues ?? false;
      if (flags.json) deps.print(JSON.stringify(toJson(result, showIssues), null, 2));
      else deps.print(renderText(result, { dryRun: flags.dryRun ?? false, github: github !== null }));
      if (showIssues && !flags.json) deps.print(renderIssueBodies(result));
      for (const failure of result.failures) deps.printErr(`error: ${failure}`);
      deps.setExitCode(result.failures.length > 0 ? 1 : 0);
    });
}

function renderText(result: HealthCheckResult, mode: { dryRun: boolean; github: boolean }): string {
  const heading = !mode.github
    ? '## Alert issues (planned as if none existed; GitHub not configured)'
    : mode.dryRun
      ? '## Alert issues (dry run: nothing written, nothing dispatched)'
      : '## Alert issues';
  return [renderHealthSummary(result.health), heading, '', ...describeOutcome(result), ''].join('\n');
}

/**
 * `--show-issues`: each op in the order it is (or would be) applied, with the full Markdown it
 * writes. Bodies hold figures and masked error messages only (src/github/alertBody.ts).
 */
function renderIssueBodies(result: HealthCheckResult): string {
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
function toJson(result: HealthCheckResult, bodies = false) {
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
    failures: result.failures,
  };
}

function nonEmpty(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}
