import { rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { createWriters } from '../ai/writers.ts';
import type { Config } from '../config.ts';
import { openEmbedded } from '../db/embedded.ts';
import { migrateUp } from '../db/migrate.ts';
import { sqlDb } from '../db/sqlDb.ts';
import { renderRunSummary, type RecentRun } from '../github/runSummary.ts';
import { jobFor } from '../jobs/index.ts';
import { JOBS } from '../jobs/registry.ts';
import { createLogger } from '../runs/logger.ts';
import { runJob } from '../runs/runJob.ts';
import type { RunOptions, RunReport } from '../runs/types.ts';
import { seedSampleData } from '../seed/load.ts';

export interface DemoDeps {
  config: () => Config;
  print: (line: string) => void;
  printErr: (line: string) => void;
}

const DEMO_DIR = '.strukt/demo';
const SUMMARY_FILE = 'strukt-demo-summary.md';

/**
 * `strukt-cron demo` (`npm run demo`): every job on a fresh embedded database with sample users,
 * no account needed. Shows what each run decided, then runs the digest again to show that a
 * second pass writes nothing.
 */
export function demoCommand(deps: DemoDeps): Command {
  return new Command('demo')
    .description('run every job on a fresh embedded database with sample users (no account needed)')
    .option('--users <n>', 'sample users', '200')
    .option('--verbose', 'print the run logs too')
    .action(async (flags: { users: string; verbose?: boolean }) => {
      const config = deps.config();
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
        const seeded = await seedSampleData(sql, { users, seed: 1, asOf });
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
        const log = createLogger(flags.verbose ? deps.printErr : () => {});
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
        const reports: RunReport[] = [];
        for (const definition of JOBS) {
          const writers = createWriters(config, mode);
          const report = await runJob(jobFor(definition.name), options, { db, ...writers, log });
          reports.push(report);
          deps.print('');
          deps.print(describeRun(report));
        }

        const again = await runJob(jobFor('weekly-digest'), options, {
          db,
          ...createWriters(config, mode),
          log,
        });
        deps.print('');
        deps.print(
          `Digest again (same period): ${again.message} — ${again.counts.succeeded === 0 ? 'nothing new written' : 'UNEXPECTED new digests'}`,
        );

        const summaries: string[] = ['# strukt-cron demo', ''];
        for (const report of [...reports, again]) {
          const recent = await db.call<RecentRun>('cron_recent_runs', {
            p_function_name: report.functionName,
            p_limit: 10,
          });
          summaries.push(renderRunSummary(report, recent));
        }
        await writeFile(SUMMARY_FILE, summaries.join('\n'));
        deps.print('');
        deps.print(`Job summaries (as GitHub would show them): ${SUMMARY_FILE}`);
        deps.print(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        // The demo ignores DATABASE_URL and SUPABASE_URL; the hint only works with them unset.
        deps.print(`Explore it (with DATABASE_URL and SUPABASE_URL unset):`);
        deps.print(`  STRUKT_DATA_DIR=${DEMO_DIR} npx strukt-cron report --days 7`);
        deps.print(`  STRUKT_DATA_DIR=${DEMO_DIR} npx strukt-cron verify --skip-openai`);
      } finally {
        await sql.close();
      }
    });
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
