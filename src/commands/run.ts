import { Command, Option } from 'commander';
import type { Config } from '../config/config.ts';
import { parseOnOff } from '../config/switches.ts';
import { parseAiMode, parseRunOptions } from '../config/runOptions.ts';
import { openSql } from '../db/open.ts';
import { JOBS } from '../domain/jobs.ts';
import type { LogFormat } from '../lib/logger.ts';
import { exitCodeForReport, renderReportText } from '../runs/render.ts';
import { commandOutput, logFormatOption, plainTarget, type StderrTarget } from './output.ts';

export interface RunCommandDeps {
  config: () => Config;
  print: (line: string) => void;
  /** Logs go to stderr so `--json` keeps stdout for the report alone. */
  printErr: (line: string) => void;
  setExitCode: (code: number) => void;
  /** Log lines and progress. @default JSON lines through printErr, no progress */
  stderr?: StderrTarget;
}

interface RunFlags {
  dryRun?: boolean;
  asOf?: string;
  users?: string;
  shard?: string;
  concurrency?: string;
  timeBudget?: string;
  ai?: string;
  nudges?: string;
  json?: boolean;
  quiet?: boolean;
  logFormat?: LogFormat;
}

const jobNames = JOBS.map((j) => `${j.name} (${j.functionName})`).join(', ');

/** `strukt-cron run <job>`: one run on this machine, against the configured database. */
export function runCommand(deps: RunCommandDeps): Command {
  return new Command('run')
    .description(`run one job now: ${jobNames}`)
    .argument('<job>', 'job name, either form')
    .option('--dry-run', 'decide everything, write nothing')
    .option('--as-of <time>', "the run's clock (ISO 8601): backfills, catch-ups, tests (default: now)")
    .option('--users <ids>', 'only these user ids, comma-separated')
    .option('--shard <i/n>', 'only the users whose id hashes to i mod n')
    .option(
      '--concurrency <n>',
      'users processed at once: 1–64, or auto (default: as many as the OpenAI rate limit takes)',
    )
    .option('--time-budget <duration>', 'start no new users after this long (e.g. 90s, 5m)')
    .addOption(
      new Option(
        '--ai <mode>',
        'openai (direct, needs OPENAI_API_KEY), batch (OpenAI Batch API: half price, collected by a later run) or offline templates',
      ).choices(['openai', 'batch', 'offline']),
    )
    .option(
      '--nudges <on|off>',
      'user-status: also queue one inactivity nudge per lapse (default: STRUKT_NUDGES, else off)',
    )
    .option('--json', 'print the run report as JSON on stdout (logs stay on stderr)')
    .option('--quiet', 'no log lines or progress on stderr')
    .addOption(logFormatOption())
    .addHelpText(
      'after',
      '\nExit codes: 0 success or partial_success (a warning is printed) or skipped, 1 error, 2 bad usage or configuration.',
    )
    .action(async (job: string, flags: RunFlags) => {
      const config = deps.config();
      const options = {
        ...parseRunOptions(flags, { trigger: 'cli', source: 'cli', runUrl: config.github.runUrl }),
        nudges: parseOnOff(flags.nudges, '--nudges') ?? config.nudges,
      };
      const output = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
        logFormat: flags.logFormat,
        logs: !flags.quiet,
        progress: !flags.quiet && !flags.json,
      });
      // Imported when the command runs: `strukt-cron --help` stays fast (scripts/build-cli.mjs).
      const { executeRun } = await import('../jobs/execute.ts');
      const progress = await output.progress(job);
      let report;
      try {
        report = await executeRun(
          { job, options, ai: parseAiMode(flags.ai) ?? 'openai' },
          {
            config,
            log: output.log,
            ...(progress ? { onProgress: (p) => progress.update(p.done, p.total) } : {}),
          },
        );
      } finally {
        progress?.stop();
      }
      if (flags.json) deps.print(JSON.stringify(report, null, 2));
      else deps.print(renderReportText(report));
      if (report.status === 'partial_success') {
        deps.printErr(
          `warning: partial_success — ${report.counts.failed} failed, ${report.counts.remaining} left for the next run`,
        );
      }
      if (!report.recorded && !report.dryRun && report.status !== 'skipped') {
        deps.printErr('error: the run could not be recorded in system_cron_logs (see errors above)');
      }
      if (report.status === 'error') {
        // A database behind its migrations fails a run in many places: name what is pending, once.
        const { pendingMigrationsHint } = await import('../db/schemaHint.ts');
        const hint = await pendingMigrationsHint(async () => (await openSql(config)).sql);
        if (hint) deps.printErr(`error: ${hint}`);
      }
      deps.setExitCode(exitCodeForReport(report));
    });
}
