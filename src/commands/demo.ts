import { Command } from 'commander';
import { rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Config } from '../config/config.ts';
import { openEmbedded } from '../db/embedded.ts';
import { migrateUp } from '../db/migrate.ts';
import { sqlDb } from '../db/sqlDb.ts';
import { JOBS } from '../domain/jobs.ts';
import type { RunOptions } from '../domain/runRequest.ts';
import type { LogFormat } from '../lib/logger.ts';
import type { ProgressBar } from '../lib/progressBar.ts';
import { renderRunSummary } from '../runs/markdownSummary.ts';
import { runJob, type RunDeps } from '../runs/runJob.ts';
import type { RunReport } from '../runs/types.ts';
import { recentRuns } from '../sql/runLog.ts';
import { commandOutput, logFormatOption, plainTarget, type StderrTarget } from './output.ts';

export interface DemoDeps {
  config: () => Config;
  print: (line: string) => void;
  printErr: (line: string) => void;
  /** Log lines (with --verbose) and progress. @default JSON lines through printErr, no progress */
  stderr?: StderrTarget;
}

const DEMO_DIR = '.strukt/demo';
const SUMMARY_FILE = 'strukt-demo-summary.md';

/**
 * `strukt-cron demo` (`npm run demo`): every job on a fresh embedded database with sample users,
 * no account needed. Shows what each run decided, then runs the digest again to show that a
 * second pass writes nothing.
 */
export function demoCommand(given: DemoDeps): Command {
  return new Command('demo')
    .description('run every job on a fresh embedded database with sample users (no account needed)')
    .option('--users <n>', 'sample users', '200')
    .option('--verbose', 'print the run logs too')
    .option('--json', 'print the runs as JSON on stdout (the narrative goes to stderr)')
    .addOption(logFormatOption())
    .action(async (flags: { users: string; verbose?: boolean; logFormat?: LogFormat; json?: boolean }) => {
      // With --json, stdout carries the JSON alone: every narrative line goes to stderr instead.
      const deps = flags.json ? { ...given, print: given.printErr } : given;
      const config = deps.config();
      const output = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
        logFormat: flags.logFormat,
        logs: flags.verbose === true,
        progress: !flags.json,
      });
      /** Runs `work` under a progress bar for `label` (on a terminal), taken off before anything is printed. */
      const withProgress = async <T>(
        label: string,
        work: (bar: ProgressBar | null) => Promise<T>,
      ): Promise<T> => {
        const bar = await output.progress(label);
        try {
          return await work(bar);
        } finally {
          bar?.stop();
        }
      };
      const progressOf = (bar: ProgressBar | null): RunDeps['onProgress'] =>
        bar ? (p) => bar.update(p.done, p.total) : undefined;
      // Loaded here, not with the command's definition: the jobs and the sample data bring the
      // schedules (cron-parser) and the plan schema (zod), which --help never needs.
      const [{ jobFor }, { seedSampleData }] = await Promise.all([
        import('../jobs/index.ts'),
        import('../seed/load.ts'),
      ]);
      const users = Number(flags.users);
      const started = Date.now();
      const dir = resolve(DEMO_DIR);
      await rm(dir, { recursive: true, force: true });
      deps.print(`Embedded database: ${DEMO_DIR} (each demo starts it afresh; delete the folder to reset)`);
      const sql = await openEmbedded(dir);
      try {
        const applied = await migrateUp(sql);
        deps.print(`Migrations: ${applied.length} applied`);
        const asOf = new Date();
        const seeded = await withProgress('seed', (bar) =>
          seedSampleData(sql, {
            users,
            seed: 1,
            asOf,
            onProgress: bar ? (p) => bar.update(p.usersDone, p.users) : undefined,
          }),
        );
        deps.print(
          `Sample data: ${seeded.categories.users} users, ${sumRows(seeded.rows)} activity and profile rows`,
        );

        const mode = config.openaiApiKey ? 'openai' : 'offline';
        deps.print(
          mode === 'openai'
            ? `Writer: OpenAI (${config.openaiModel}) for users who consented, templates for the others`
            : 'Writer: offline templates (set OPENAI_API_KEY to use OpenAI)',
        );
        const db = sqlDb(sql, 'embedded', async () => {});
        const log = output.log;
        const options: RunOptions = {
          asOf,
          dryRun: false,
          users: null,
          shard: null,
          concurrency: 8,
          timeBudgetMs: null,
          trigger: 'cli',
          source: 'cli',
          runUrl: null,
          nudges: config.nudges,
        };
        // Imported when the command runs: `strukt-cron --help` stays fast (scripts/build-cli.mjs).
        const { createWriters } = await import('../ai/writers.ts');
        const reports: RunReport[] = [];
        for (const definition of JOBS) {
          const writers = createWriters(config, mode);
          const report = await withProgress(definition.name, (bar) =>
            runJob(jobFor(definition.name), options, { db, ...writers, log, onProgress: progressOf(bar) }),
          );
          reports.push(report);
          deps.print('');
          deps.print(describeRun(report));
        }

        const again = await withProgress('weekly-digest', (bar) =>
          runJob(jobFor('weekly-digest'), options, {
            db,
            ...createWriters(config, mode),
            log,
            onProgress: progressOf(bar),
          }),
        );
        deps.print('');
        deps.print(
          `Digest again (same period): ${again.message} — ${again.counts.succeeded === 0 ? 'nothing new written' : 'UNEXPECTED new digests'}`,
        );

        const summaries: string[] = ['# strukt-cron demo', ''];
        for (const report of [...reports, again]) {
          const recent = await recentRuns(db, { p_function_name: report.functionName, p_limit: 10 });
          summaries.push(renderRunSummary(report, recent));
        }
        await writeFile(SUMMARY_FILE, summaries.join('\n'));
        deps.print('');
        deps.print(`Job summaries (as GitHub would show them): ${SUMMARY_FILE}`);
        deps.print(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        // The demo ignores DATABASE_URL and SUPABASE_URL; the hint only works with them unset.
        deps.print(`Explore it (with DATABASE_URL and SUPABASE_URL unset):`);
        for (const args of exploreCommands(reports))
          deps.print(`  STRUKT_DATA_DIR=${DEMO_DIR} npx strukt-cron ${args}`);
        if (flags.json) {
          const run = (r: RunReport) => ({
            job: r.job,
            functionName: r.functionName,
            status: r.status,
            message: r.message,
            durationMs: r.durationMs,
            counts: r.counts,
            figures: r.figures,
          });
          const result = {
            database: DEMO_DIR,
            migrationsApplied: applied.length,
            sampleUsers: seeded.categories.users,
            runs: reports.map(run),
            digestAgain: run(again),
            summaryFile: SUMMARY_FILE,
            seconds: Math.round((Date.now() - started) / 100) / 10,
          };
          given.print(JSON.stringify(result, null, 2));
        }
      } finally {
        await sql.close();
      }
    });
}

/**
 * The closing hints: the run log, what the jobs wrote for a sample user who got something (the
 * demo's users are made up, so their ids may be printed), the alert issues, the figures, verify.
 */
function exploreCommands(reports: RunReport[]): string[] {
  const userWith = (job: RunReport['job'], field: string): string | null => {
    const row = reports.find((r) => r.job === job)?.results.find((x) => x[field] !== undefined);
    return typeof row?.userId === 'string' ? row.userId : null;
  };
  const digestUser = userWith('weekly-digest', 'digest');
  const notifiedUser = userWith('user-status', 'type');
  const planUser = userWith('plan-refresh', 'version');
  return [
    'runs',
    ...(digestUser ? [`show digest --user ${digestUser}`] : []),
    ...(notifiedUser ? [`show notifications --user ${notifiedUser}`] : []),
    ...(planUser ? [`show plan --user ${planUser}`] : []),
    'health --dry-run --show-issues',
    'report --days 7',
    'verify --skip-openai',
  ];
}

function describeRun(report: RunReport): string {
  const c = report.counts;
  const lines = [`${report.functionName} — ${report.status}: ${report.message} (${report.durationMs} ms)`];
  lines.push(
    `  considered ${c.considered}, succeeded ${c.succeeded}, failed ${c.failed}, remaining ${c.remaining}`,
  );
  const skipped = Object.entries(c.skipped);
  if (skipped.length > 0)
    lines.push(`  skipped: ${skipped.map(([reason, n]) => `${reason} ${n}`).join(', ')}`);
  const figures = Object.entries(report.figures).filter(([name]) => name.includes('.'));
  if (figures.length > 0) lines.push(`  ${figures.map(([name, n]) => `${name} ${n}`).join(', ')}`);
  return lines.join('\n');
}

function sumRows(rows: Record<string, number>): number {
  return Object.values(rows).reduce((a, b) => a + b, 0);
}
