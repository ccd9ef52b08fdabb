import { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { REPOSITORY } from '../config/switches.ts';
import { openDb } from '../db/open.ts';
import type { HealthGitHub } from '../health/runHealth.ts';
import { parseHealthSettings } from '../health/settings.ts';
import { ConfigError } from '../lib/errors.ts';
import type { LogFormat } from '../lib/logger.ts';
import { registerSecrets } from '../lib/sanitize.ts';
import { commandOutput, logFormatOption, plainTarget, type StderrTarget } from './output.ts';

export interface HealthDeps {
  config: () => Config;
  print: (line: string) => void;
  /** Logs and failures go to stderr so `--json` keeps stdout for the result alone. */
  printErr: (line: string) => void;
  setExitCode: (code: number) => void;
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
      const settings = parseHealthSettings(flags, {
        windowDays: '--window-days',
        graceMinutes: '--grace-minutes',
        minSuccessRate: '--min-success-rate',
        maxRetryRate: '--max-retry-rate',
        maxCallRetryRate: '--max-call-retry-rate',
      });
      const config = deps.config();
      const token = nonEmpty(flags.githubToken) ?? config.github.token;
      // A flag is not part of the configuration, so registered here: no error text may quote it.
      registerSecrets([token]);
      const repo = nonEmpty(flags.repo) ?? config.github.repository;
      const apiUrl = nonEmpty(flags.githubApiUrl) ?? config.github.apiUrl;
      if (flags.repo !== undefined && !REPOSITORY.test(flags.repo.trim())) {
        throw new ConfigError(
          `Invalid --repo '${flags.repo}'. Expected owner/name, like strukt/strukt-cron.`,
        );
      }
      if (flags.githubApiUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(flags.githubApiUrl.trim())) {
        throw new ConfigError(`Invalid --github-api-url '${flags.githubApiUrl}'. Expected an http(s) URL.`);
      }
      const log = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
        logFormat: flags.logFormat,
        logs: !flags.quiet,
      }).log;
      let github: HealthGitHub | null = null;
      if (repo !== null && token !== null) {
        const [owner = '', name = ''] = repo.split('/');
        github = { token, owner, repo: name, ref: flags.ref, apiUrl };
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

      // Loaded here: the check reads schedules (cron-parser), which --help never needs.
      const [{ runHealth }, { healthJson, renderHealthText, renderIssueBodies }] = await Promise.all([
        import('../health/runHealth.ts'),
        import('../health/render.ts'),
      ]);
      const dryRun = flags.dryRun ?? false;
      const run = await runHealth(
        {
          openDb,
          now: (deps.now ?? (() => new Date()))(),
          log,
          // Expected 404s (a missing label) arrive as octokit errors; real failures come back in the result.
          gitHubLog: { debug: () => {}, info: () => {}, warn: (m) => log.warn(m), error: (m) => log.info(m) },
        },
        { config, github, check: { ...settings, dryRun, catchUp: flags.catchUp ?? false } },
      );

      const showIssues = flags.showIssues ?? false;
      if (flags.json) deps.print(JSON.stringify(healthJson(run.result, showIssues, run.batchPolls), null, 2));
      else deps.print(renderHealthText(run, { dryRun, github: github !== null }));
      if (showIssues && !flags.json) deps.print(renderIssueBodies(run.result));
      for (const problem of run.problems) deps.printErr(`error: ${problem}`);
      deps.setExitCode(run.problems.length > 0 ? 1 : 0);
    });
}

function nonEmpty(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}
