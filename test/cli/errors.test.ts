import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { readMigrations } from '../../src/db/migrations.ts';
import { createTestDatabase, hasServer, type TestDatabase } from '../support/database.ts';
import { freePort } from '../support/freePort.ts';

/**
 * The CLI's last words on the failures a person can fix: a database that was never migrated, a
 * wrong port, a duration without a unit. Each through `main`, as `strukt-cron` runs it, with the
 * configuration read from the environment.
 */

const VARIABLES = [
  'DATABASE_URL',
  'SUPABASE_URL',
  'SUPABASE_SERVICE_ROLE_KEY',
  'OPENAI_API_KEY',
  'STRUKT_DATA_DIR',
];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

let empty: TestDatabase | null = null;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strukt-cli-errors-'));
  // A database nobody migrated: the server's when there is one, else a fresh embedded one.
  if (hasServer || process.env.CI === 'true')
    empty = await createTestDatabase({ migrate: false, start: 'empty' });
});

afterAll(async () => {
  await empty?.drop();
  await rm(dir, { recursive: true, force: true });
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

afterEach(() => vi.restoreAllMocks());

/** Runs `strukt-cron <args>` with only these variables set; returns the exit code and both streams. */
async function cli(args: string[], env: Record<string, string>) {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void stdout.push(String(line)));
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void stderr.push(String(line)));
  const code = await main(['node', 'strukt-cron', ...args]);
  vi.restoreAllMocks();
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

const unmigrated = (): Record<string, string> =>
  empty ? { DATABASE_URL: empty.url! } : { STRUKT_DATA_DIR: join(dir, 'never-migrated') };

describe('a database that was never migrated', () => {
  it.each([
    [['report']],
    [['prune', '--keep', '90d']],
    [['runs']],
    [['health', '--dry-run']],
    [['show', 'plan', '--user', 'da45416e-4a7e-400c-9de4-1b137e92e96c']],
    [['run', 'weekly-digest', '--ai', 'offline', '--quiet']],
    [['run', 'user-status', '--dry-run', '--quiet']],
  ])('strukt-cron %s names the pending migrations and says to run db migrate', async (args) => {
    const migrations = await readMigrations();
    const result = await cli(args, unmigrated());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `The database has no strukt-cron schema (${migrations.length} of ${migrations.length} migrations pending, ` +
        `first ${migrations[0]!.file}): run strukt-cron db migrate.`,
    );
    // The raw PostgreSQL text is not what the person reads last.
    expect(result.stderr.split('\n').at(-1)).not.toMatch(/does not exist/);
  });
});

describe('a wrong port', () => {
  it('says where the connection went, why it failed and what to check, without the password', async () => {
    const port = await freePort();
    const result = await cli(['report'], {
      DATABASE_URL: `postgres://postgres:N0t-Printed-Pw@127.0.0.1:${port}/postgres`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `strukt-cron: Could not connect to PostgreSQL at 127.0.0.1:${port} (connection refused): ` +
        'is the server running and the port right?',
    );
    expect(result.stderr).not.toContain('N0t-Printed-Pw');
  });
});

describe('durations', () => {
  it.each([
    [
      ['run', 'weekly-digest', '--time-budget', '5', '--ai', 'offline'],
      '--time-budget',
      '5',
      '90s, 15m or 2h',
    ],
    [['prune', '--keep', '90'], '--keep', '90', '90d or 720h'],
  ])('strukt-cron %s is refused: a duration needs a unit', async (args, name, value, examples) => {
    const result = await cli(args, { STRUKT_DATA_DIR: join(dir, 'unused') });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `strukt-cron: Invalid ${name} '${value}': expected a duration with a unit, like ${examples}.`,
    );
  });
});
