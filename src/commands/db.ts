import { Command, Option } from 'commander';
import { migrateDown, migrateUp, migrationStatus, type MigrationStatus } from '../db/migrate.ts';
import type { Db, SqlClient } from '../db/types.ts';
import { ConfigError } from '../lib/errors.ts';
import { activityTracking, type ActivityTracking } from '../sql/status.ts';

export interface DbCommandDeps {
  openSql: () => Promise<{ sql: SqlClient; transport: string }>;
  /** Any transport (RPC on supabase): for what a cron_* function does. */
  openDb: () => Promise<Db>;
  print: (line: string) => void;
}

/** `strukt-cron db migrate | rollback | status | activity-tracking`. */
export function dbCommand(deps: DbCommandDeps): Command {
  const db = new Command('db').description('apply, roll back or inspect the database migrations');

  db.command('migrate')
    .description('apply every pending migration (one transaction each)')
    .option('--json', 'print the migrations applied and adopted as JSON')
    .action(async (flags: { json?: boolean }) => {
      await withSql(deps, async (sql, transport) => {
        const adopted: string[] = [];
        const applied = await migrateUp(sql, {
          // adopted: `supabase db push` ran it already; recorded as applied, not run again.
          onStep: ({ direction, file }) => {
            if (direction === 'adopt') adopted.push(file);
            if (!flags.json) deps.print(`${direction === 'adopt' ? 'adopted' : 'applied'}  ${file}`);
          },
        });
        if (flags.json) deps.print(JSON.stringify({ transport, applied, adopted }, null, 2));
        else
          deps.print(
            applied.length === 0
              ? `Up to date (${transport}).`
              : `Applied ${applied.length} migration(s) (${transport}).`,
          );
      });
    });

  db.command('rollback')
    .description('undo migrations, newest first (default: the newest one)')
    .addOption(new Option('--steps <n>', 'how many migrations to undo').default('1'))
    .option('--all', 'undo every applied migration')
    .option('--json', 'print the migrations rolled back as JSON')
    .action(async (opts: { steps: string; all?: boolean; json?: boolean }) => {
      const steps = opts.all ? 'all' : parseSteps(opts.steps);
      await withSql(deps, async (sql, transport) => {
        const undone = await migrateDown(sql, steps, {
          onStep: ({ direction, file }) => {
            if (!opts.json) deps.print(`${direction === 'adopt' ? 'adopted ' : 'reverted'} ${file}`);
          },
        });
        if (opts.json) deps.print(JSON.stringify({ transport, rolledBack: undone }, null, 2));
        else deps.print(`Rolled back ${undone.length} migration(s) (${transport}).`);
      });
    });

  db.command('status')
    .description('list migrations and whether each is applied')
    .option('--json', 'print every migration and its state as JSON')
    .action(async (flags: { json?: boolean }) => {
      await withSql(deps, async (sql, transport) => {
        const statuses = await migrationStatus(sql);
        const stateOf = (m: MigrationStatus) => (m.changed ? 'changed' : m.applied ? 'applied' : 'pending');
        if (flags.json) {
          const migrations = statuses.map((m) => ({
            file: m.file,
            version: m.version,
            state: stateOf(m),
            appliedAt: m.appliedAt,
          }));
          const pending = migrations.filter((m) => m.state === 'pending').length;
          deps.print(JSON.stringify({ transport, pending, migrations }, null, 2));
          return;
        }
        for (const m of statuses) {
          const state = m.changed ? 'CHANGED' : stateOf(m);
          deps.print(`${state.padEnd(8)} ${m.file}${m.appliedAt ? `  (${m.appliedAt})` : ''}`);
        }
      });
    });

  db.command('activity-tracking')
    .description(
      "report, or turn on or off, the triggers that keep each user's latest activity (inactivity nudges need them)",
    )
    .argument('[state]', 'on or off; without it, only report')
    .option('--json', 'print the state as JSON')
    .addHelpText(
      'after',
      '\nA status run with nudges turns tracking on by itself. Turn it off when nudges are no longer used:\n' +
        "the triggers cost the app's inserts into ai_coach_logs, workouts, meals, sleep_logs and mood_logs.",
    )
    .action(async (state: string | undefined, flags: { json?: boolean }) => {
      const on = parseOnOff(state);
      const handle = await deps.openDb();
      try {
        const result = await activityTracking(handle, { p_on: on });
        if (flags.json) deps.print(JSON.stringify({ transport: handle.transport, ...result }, null, 2));
        else deps.print(describeTracking(result));
      } finally {
        await handle.close();
      }
    });

  return db;
}

function parseOnOff(state: string | undefined): boolean | null {
  if (state === undefined) return null;
  if (state === 'on' || state === 'off') return state === 'on';
  throw new ConfigError(`Invalid state '${state}'. Expected on, off, or nothing (to report).`);
}

function describeTracking(t: ActivityTracking): string {
  const state = t.tracking ? `on (latest activity of ${t.users.toLocaleString('en-US')} users kept)` : 'off';
  return `Activity tracking ${t.changed ? 'turned ' : 'is '}${state}.`;
}

function parseSteps(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError(`Invalid --steps '${value}'. Expected a whole number from 1 up, or --all.`);
  }
  return n;
}

async function withSql(
  deps: DbCommandDeps,
  work: (sql: SqlClient, transport: string) => Promise<void>,
): Promise<void> {
  const { sql, transport } = await deps.openSql();
  try {
    await work(sql, transport);
  } finally {
    await sql.close();
  }
}
