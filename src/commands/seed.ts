import { Command } from 'commander';
import { isCalendarDate } from '../config/runOptions.ts';
import type { SqlClient } from '../db/types.ts';
import { ConfigError } from '../lib/errors.ts';
import { CATEGORIES } from '../seed/categories.ts';
import type { SeedResult } from '../seed/load.ts';
import { SAMPLE_TABLES } from '../seed/rows.ts';
import { commandOutput, type StderrTarget } from './output.ts';

export interface SeedCommandDeps {
  openSql: () => Promise<{ sql: SqlClient; transport: string }>;
  print: (line: string) => void;
  /** The default as-of. @default () => new Date() */
  now?: () => Date;
  /** Progress while seeding, on a terminal. @default none */
  stderr?: StderrTarget;
}

/** Parsed and checked `seed` options. */
export interface SeedCommandOptions {
  users: number;
  seed: number;
  asOf: Date;
}

const MAX_USERS = 1_000_000;
const MAX_SEED = 4_294_967_295;
/** Users per batch while a progress bar shows. */
const PROGRESS_BATCH_USERS = 1000;

/** `strukt-cron seed --users <n> [--seed <s>] [--as-of <time>]`: deterministic sample data. */
export function seedCommand(deps: SeedCommandDeps): Command {
  return new Command('seed')
    .description(
      'insert deterministic sample users and their last 30 days of activity (same seed, same rows; ' +
        'users already present are skipped)',
    )
    .option('--users <n>', 'how many users', '200')
    .option('--seed <s>', 'seed of the sample, 0 to 4294967295', '1')
    .option('--as-of <time>', '"now" for the data, ISO 8601 (default: the current time)')
    .option('--json', 'print what was inserted as JSON')
    .action(async (raw: { users: string; seed: string; asOf?: string; json?: boolean }) => {
      const options = parseSeedOptions(raw, (deps.now ?? (() => new Date()))());
      // Loaded here: the generator writes fallback plans, checked against the plan schema (zod).
      const { seedSampleData } = await import('../seed/load.ts');
      const { sql, transport } = await deps.openSql();
      try {
        const started = performance.now();
        const progress = deps.stderr
          ? await commandOutput(deps.stderr, { progress: !raw.json }).progress('seed')
          : null;
        progress?.update(0, options.users);
        let result: SeedResult;
        try {
          result = await seedSampleData(sql, {
            ...options,
            ...(progress
              ? {
                  // Smaller batches than the default only for the display: a step every second or so.
                  batchUsers: PROGRESS_BATCH_USERS,
                  onProgress: (p) => progress.update(p.usersDone, p.users),
                }
              : {}),
          });
        } finally {
          progress?.stop();
        }
        const seconds = (performance.now() - started) / 1000;
        if (raw.json)
          deps.print(JSON.stringify(seedResultJson(result, options, transport, seconds), null, 2));
        else for (const line of formatSeedResult(result, options, transport, seconds)) deps.print(line);
      } finally {
        await sql.close();
      }
    });
}

/** Checks the raw option strings; a bad one is a ConfigError saying what was expected. */
export function parseSeedOptions(
  raw: { users: string; seed: string; asOf?: string | undefined },
  now: Date,
): SeedCommandOptions {
  return {
    users: wholeNumber('--users', raw.users, 1, MAX_USERS),
    seed: wholeNumber('--seed', raw.seed, 0, MAX_SEED),
    asOf: raw.asOf === undefined ? now : isoTime(raw.asOf),
  };
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`Invalid ${flag} '${value}'. Expected a whole number from ${min} to ${max}.`);
  }
  return n;
}

/** A date (midnight UTC) or a date-time with Z or an offset: a time without a zone is ambiguous. */
function isoTime(value: string): Date {
  const shape = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const text = value.trim();
  // Date.parse would roll an impossible day (2025-02-30) over into the next month.
  const ms = shape.test(text) && isCalendarDate(text.slice(0, 10)) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) {
    throw new ConfigError(
      `Invalid --as-of '${value}'. Expected an ISO 8601 time with a zone, like 2025-10-26T20:00:00Z, or a date like 2025-10-26.`,
    );
  }
  return new Date(ms);
}

/** The report as `--json` prints it: the same figures as the tables, under the tables' names. */
export function seedResultJson(
  result: SeedResult,
  options: SeedCommandOptions,
  transport: string,
  seconds: number,
): Record<string, unknown> {
  const rows = Object.fromEntries(
    SAMPLE_TABLES.map((t) => [t === 'auth_users' ? 'auth.users' : t, result.rows[t]]),
  );
  return {
    transport,
    seed: options.seed,
    asOf: options.asOf.toISOString(),
    usersRequested: options.users,
    usersInserted: result.rows.auth_users,
    alreadyPresent: result.alreadyPresent,
    categories: result.categories,
    rows,
    totalRows: SAMPLE_TABLES.reduce((sum, t) => sum + result.rows[t], 0),
    seconds: Math.round(seconds * 10) / 10,
  };
}

/** The report: categories and rows as aligned tables, then totals and time. */
export function formatSeedResult(
  result: SeedResult,
  options: SeedCommandOptions,
  transport: string,
  seconds: number,
): string[] {
  const inserted = result.rows.auth_users;
  const lines = [
    `Seeded ${inserted} of ${options.users} users (seed ${options.seed}, as of ${options.asOf.toISOString()}) into the ${transport} database.`,
  ];
  if (result.alreadyPresent > 0) {
    lines.push(
      `${result.alreadyPresent} users of seed ${options.seed} were already present and left as they were. ` +
        'Use another --seed or a fresh database for new users.',
    );
  }
  const width = Math.max(...[...CATEGORIES, ...SAMPLE_TABLES, 'total rows'].map((s) => s.length)) + 2;
  const total = SAMPLE_TABLES.reduce((sum, t) => sum + result.rows[t], 0);
  const numberWidth = Math.max(String(total).length, String(result.categories.users).length);
  const row = (label: string, n: number) => `  ${label.padEnd(width)}${String(n).padStart(numberWidth)}`;
  lines.push('', 'users by category');
  for (const c of CATEGORIES) lines.push(row(c, result.categories[c]));
  lines.push('', 'rows inserted');
  for (const t of SAMPLE_TABLES) lines.push(row(t === 'auth_users' ? 'auth.users' : t, result.rows[t]));
  lines.push(row('total rows', total), '', `Done in ${seconds.toFixed(1)} s.`);
  return lines;
}
