import { Command, Option } from 'commander';
import { ConfigError } from '../config.ts';
import { migrateDown, migrateUp, migrationStatus } from '../db/migrate.ts';
import type { SqlClient } from '../db/types.ts';

export interface DbCommandDeps {
  openSql: () => Promise<{ sql: SqlClient; transport: string }>;
  print: (line: string) => void;
}

/** `strukt-cron db migrate | rollback | status`. */
export function dbCommand(deps: DbCommandDeps): Command {
  const db = new Command('db').description('apply, roll back or inspect the database migrations');

  db.command('migrate')
    .description('apply every pending migration (one transaction each)')
    .action(async () => {
      await withSql(deps, async (sql, transport) => {
        const applied = await migrateUp(sql, {
          // adopted: `supabase db push` ran it already; recorded as applied, not run again.
          onStep: ({ direction, file }) =>
            deps.print(`${direction === 'adopt' ? 'adopted' : 'applied'}  ${file}`),
        });
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
    .action(async (opts: { steps: string; all?: boolean }) => {
      const steps = opts.all ? 'all' : parseSteps(opts.steps);
      await withSql(deps, async (sql, transport) => {
        const undone = await migrateDown(sql, steps, {
          onStep: ({ direction, file }) =>
            deps.print(`${direction === 'adopt' ? 'adopted ' : 'reverted'} ${file}`),
        });
        deps.print(`Rolled back ${undone.length} migration(s) (${transport}).`);
      });
    });

  db.command('status')
    .description('list migrations and whether each is applied')
    .action(async () => {
      await withSql(deps, async (sql) => {
        for (const m of await migrationStatus(sql)) {
          const state = m.changed ? 'CHANGED' : m.applied ? 'applied' : 'pending';
          deps.print(`${state.padEnd(8)} ${m.file}${m.appliedAt ? `  (${m.appliedAt})` : ''}`);
        }
      });
    });

  return db;
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
