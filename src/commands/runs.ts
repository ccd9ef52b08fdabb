import { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { openDb } from '../db/open.ts';
import { JOBS, findJob, type JobDefinition } from '../domain/jobs.ts';
import { ConfigError } from '../lib/errors.ts';
import { humanTime } from '../lib/humanTime.ts';
import { plainTable } from '../lib/plainTable.ts';
import { ms } from '../lib/figures.ts';
import { readRunLog, type RunLogEntry } from '../monitoring/runLog.ts';

export interface RunsDeps {
  config: () => Config;
  print: (line: string) => void;
}

/** The most rows `cron_recent_runs` returns per call. */
const MAX_LIMIT = 1000;

/** `strukt-cron runs`: the run log (admin.system_cron_logs), newest first, as a table or JSON. */
export function runsCommand(deps: RunsDeps): Command {
  return new Command('runs')
    .description('print the run log (admin.system_cron_logs), newest first: status, duration, counts, errors')
    .option('--job <name>', 'one job: weekly-digest, user-status or plan-refresh (or its function name)')
    .option('--limit <n>', `runs shown, 1 to ${MAX_LIMIT}`, '20')
    .option('--json', 'print JSON (adds run ids, periods and workflow run links)')
    .addHelpText(
      'after',
      '\nError messages are shown masked (ids, emails and keys replaced), as the run records hold them.',
    )
    .action(async (flags: { job?: string; limit: string; json?: boolean }) => {
      const limit = Number(flags.limit);
      if (!/^\d+$/.test(flags.limit.trim()) || limit < 1 || limit > MAX_LIMIT) {
        throw new ConfigError(
          `Invalid --limit '${flags.limit}'. Expected a whole number from 1 to ${MAX_LIMIT}.`,
        );
      }
      let jobs: readonly JobDefinition[] = JOBS;
      if (flags.job !== undefined) {
        const job = findJob(flags.job);
        if (!job) {
          const valid = JOBS.map((j) => `${j.name} (${j.functionName})`).join(', ');
          throw new ConfigError(`Invalid --job '${flags.job}'. Expected one of: ${valid}.`);
        }
        jobs = [job];
      }
      const db = await openDb(deps.config());
      try {
        const runs = await readRunLog(db, jobs, limit);
        deps.print(flags.json ? JSON.stringify(runs, null, 2) : renderRunLog(runs, flags.job));
      } finally {
        await db.close();
      }
    });
}

/** The run log as a terminal table; `(none)` when nothing was recorded. */
export function renderRunLog(runs: RunLogEntry[], job?: string): string {
  const title = `Runs${job ? ` of ${findJob(job)?.name ?? job}` : ''}, newest first (admin.system_cron_logs)`;
  if (runs.length === 0) return `${title}\n  (none recorded)`;
  const columns = [
    'time',
    'job',
    'status',
    'duration',
    'attempts',
    'considered',
    'succeeded',
    'failed',
    'skipped',
    'remaining',
    'trigger',
    'error',
  ];
  const rows = runs.map((r) => [
    humanTime(r.runTime),
    r.job,
    r.status,
    ms(r.durationMs),
    r.attempts,
    r.counts?.considered ?? null,
    r.counts?.succeeded ?? null,
    r.counts?.failed ?? null,
    r.counts?.skipped ?? null,
    r.counts?.remaining ?? null,
    r.trigger,
    r.errorMessage?.replace(/\s+/g, ' ') ?? null,
  ]);
  return [title, ...plainTable(columns, rows, { maxWidth: 80 })].join('\n');
}
