import { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { parseOnOff } from '../config/switches.ts';
import { parseAsOf, parseDuration, parseUsers } from '../config/runOptions.ts';
import { findJob, JOBS } from '../domain/jobs.ts';
import type { InvokeResult } from '../functions/invoke.ts';
import { ConfigError } from '../lib/errors.ts';
import { expectedHttpsUrl, isSecureHttpUrl } from '../lib/loopback.ts';
import { scrub } from '../lib/sanitize.ts';
import { commandOutput, type StderrTarget } from './output.ts';

export interface InvokeCommandDeps {
  config: () => Config;
  print: (line: string) => void;
  printErr: (line: string) => void;
  setExitCode: (code: number) => void;
  /** @default the global fetch */
  fetch?: typeof fetch;
  /** Waits between tries. @default a real timer */
  sleep?: (ms: number) => Promise<void>;
  /** A spinner while the function runs, on a terminal. @default none */
  stderr?: StderrTarget;
}

interface InvokeFlags {
  url?: string;
  dryRun?: boolean;
  asOf?: string;
  users?: string;
  timeBudget?: string;
  nudges?: string;
  json?: boolean;
  detail?: boolean;
}

const jobNames = JOBS.map((j) => `${j.name} (${j.functionName})`).join(', ');

/**
 * `strukt-cron invoke <job>`: runs a job in its deployed edge function (or `strukt-cron serve`)
 * and reports it like `run` does, with the same exit codes.
 */
export function invokeCommand(deps: InvokeCommandDeps): Command {
  return new Command('invoke')
    .description(`run one job in its edge function: ${jobNames}`)
    .argument('<job>', 'job name, either form')
    .option('--url <url>', "the functions' base URL (default: $SUPABASE_URL/functions/v1)")
    .option('--dry-run', 'decide everything, write nothing')
    .option('--as-of <time>', "the run's clock (ISO 8601) (default: the function's now)")
    .option('--users <ids>', 'only these user ids, comma-separated')
    .option('--time-budget <duration>', "start no new users after this long (at most the function's own)")
    .option(
      '--nudges <on|off>',
      "user-status: also queue one inactivity nudge per lapse (default: the function's STRUKT_NUDGES)",
    )
    .option('--json', 'print the HTTP status, tries and the whole answer as JSON on stdout')
    .option(
      '--detail',
      'with --json: ask for per-user rows with user ids and digest texts (default: opaque refs and figures)',
    )
    .addHelpText(
      'after',
      '\nThe bearer key is STRUKT_CRON_SECRET, else SUPABASE_SERVICE_ROLE_KEY.' +
        '\nExit codes: 0 success or partial_success (a warning is printed) or skipped (another run is in ' +
        'progress), 1 error or any other failed answer, 2 bad usage or configuration.',
    )
    .action(async (jobName: string, flags: InvokeFlags) => {
      const job = findJob(jobName);
      if (!job) throw new ConfigError(`Unknown job '${jobName}'. Expected one of: ${jobNames}.`);
      const body: Record<string, unknown> = {};
      if (flags.dryRun) body.dryRun = true;
      // Checked here so a typo fails before any request; sent as ISO so both sides read one instant.
      if (flags.asOf !== undefined) body.asOf = parseAsOf(flags.asOf).toISOString();
      const users = parseUsers(flags.users);
      if (users) body.users = users;
      const budget = parseDuration(flags.timeBudget);
      if (budget !== null) body.timeBudgetMs = budget;
      const nudges = parseOnOff(flags.nudges, '--nudges');
      if (nudges !== null) body.nudges = nudges;
      if (flags.detail) body.detail = detailWanted(flags);

      const config = deps.config();
      const baseUrl = functionsBaseUrl(flags.url, config);
      // The narrower secret first: the service-role key also opens the whole database.
      const keyName = config.cronSecret ? 'STRUKT_CRON_SECRET' : 'SUPABASE_SERVICE_ROLE_KEY';
      const key = config.cronSecret ?? config.supabaseServiceRoleKey;
      if (!key) {
        throw new ConfigError(
          'No key to invoke the function with. Set STRUKT_CRON_SECRET or SUPABASE_SERVICE_ROLE_KEY ' +
            '(the function accepts either as its bearer token).',
        );
      }

      // The function answers once, at the end: a spinner with the time and the try is all there is to show.
      const spinner = deps.stderr
        ? await commandOutput(deps.stderr, { progress: !flags.json }).spinner(
            `${job.functionName} running in the edge function`,
          )
        : null;
      // Loaded here: the client checks answers against the functions' contract (zod).
      const { invokeFunction, InvokeError, summarizeInvocation } = await import('../functions/invoke.ts');
      let result: InvokeResult;
      try {
        result = await invokeFunction({
          baseUrl,
          functionName: job.functionName,
          key,
          body,
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
          ...(deps.sleep ? { sleep: deps.sleep } : {}),
          ...(spinner ? { onTry: spinner.attempt } : {}),
        });
      } catch (error) {
        if (!(error instanceof InvokeError)) throw error;
        spinner?.stop();
        deps.printErr(`error: ${scrub(error.message)}`);
        deps.setExitCode(1);
        return;
      } finally {
        spinner?.stop();
      }

      const summary = summarizeInvocation(result);
      if (flags.json) {
        deps.print(
          JSON.stringify({ httpStatus: result.status, attempts: result.attempts, ...result.body }, null, 2),
        );
      } else {
        const tries = `${result.attempts} ${result.attempts === 1 ? 'try' : 'tries'}`;
        deps.print(
          `${job.functionName}: ${summary.status}${flags.dryRun ? ' (dry run)' : ''} — ${summary.message}`,
        );
        deps.print(`  answer     HTTP ${result.status} after ${tries} from ${baseUrl}/${job.functionName}`);
        if (summary.counts) {
          const c = summary.counts;
          deps.print(
            `  users      considered ${c.considered ?? 0}, succeeded ${c.succeeded ?? 0}, failed ${c.failed ?? 0}, remaining ${summary.remaining}`,
          );
        }
        if (summary.runId) deps.print(`  run id     ${summary.runId}`);
      }
      if (summary.status === 'partial_success') {
        deps.printErr(`warning: partial_success — ${summary.remaining} users left for the next run`);
      } else if (summary.status === 'skipped') {
        deps.printErr('note: another run is in progress; nothing ran (the running one covers the same work)');
      } else if (summary.status === 'error') {
        deps.printErr(`error: ${scrub(summary.message)}`);
        if (result.status === 401) {
          deps.printErr(
            `hint: the function refused ${keyName}; is the same value set on the function's side?`,
          );
        }
      }
      deps.setExitCode(summary.status === 'error' ? 1 : 0);
    });
}

/**
 * Only --json prints the per-user rows: asked for without it, they would cross the network and
 * be thrown away, so that is refused rather than sent.
 */
function detailWanted(flags: InvokeFlags): true {
  if (!flags.json) {
    throw new ConfigError(
      'Invalid --detail without --json. Expected --json too: only it prints the per-user rows.',
    );
  }
  return true;
}

function functionsBaseUrl(flag: string | undefined, config: Config): string {
  if (flag !== undefined) {
    // The bearer key goes to this address: never in clear to another machine.
    if (!URL.canParse(flag.trim()) || !isSecureHttpUrl(new URL(flag.trim()))) {
      throw new ConfigError(
        `Invalid --url '${flag}'. Expected ${expectedHttpsUrl('https://abcd.supabase.co/functions/v1')}.`,
      );
    }
    return flag.trim().replace(/\/+$/, '');
  }
  if (!config.supabaseUrl) {
    throw new ConfigError(
      'No functions URL. Set SUPABASE_URL (the functions are at $SUPABASE_URL/functions/v1) or pass --url.',
    );
  }
  return `${config.supabaseUrl}/functions/v1`;
}
