import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.ts';
import { loadConfig } from '../../src/config/config.ts';

/**
 * What a person expects of any command line tool, and what the seed's deployment guide promises:
 * --version, --json wherever a result is printed, the guide's npm scripts, its pg_cron schedule.
 */

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
};

let dir: string;
const repo = process.cwd();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strukt-conventions-'));
});

afterAll(async () => {
  process.chdir(repo);
  await rm(dir, { recursive: true, force: true });
});

/** `strukt-cron <args>` on the embedded database in `dir`: stdout lines, stderr lines. */
async function cli(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const program = buildProgram(() => loadConfig({ STRUKT_DATA_DIR: join(dir, 'data') }), {
    print: (line) => stdout.push(line),
    printErr: (line) => stderr.push(line),
  });
  program.configureOutput({ writeOut: (s) => stdout.push(s), writeErr: (s) => stderr.push(s) });
  await program.parseAsync(['node', 'strukt-cron', ...args]);
  return { stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

/** Every leaf command: `db migrate`, `run`, … */
function leaves(command: Command, prefix: string[] = []): Array<{ path: string; command: Command }> {
  return command.commands.flatMap((sub) =>
    sub.commands.length > 0
      ? leaves(sub, [...prefix, sub.name()])
      : [{ path: [...prefix, sub.name()].join(' '), command: sub }],
  );
}

describe('--version', () => {
  it("prints package.json's version and exits 0", async () => {
    const out: string[] = [];
    const program = buildProgram(() => loadConfig({}), { print: () => {}, printErr: () => {} });
    program.configureOutput({ writeOut: (s) => out.push(s) });
    const thrown = await program.parseAsync(['node', 'strukt-cron', '--version']).then(
      () => null,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(CommanderError);
    expect((thrown as CommanderError).exitCode).toBe(0);
    expect(out.join('')).toBe(`${packageJson.version}\n`);
  });
});

describe('a reader that stops early', () => {
  it('(`strukt-cron --help | head -1`) ends the command quietly: exit 0, no stack trace', async () => {
    // The pipe is closed before the command writes, as `head` closes it after its first line.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--help'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toMatch(/EPIPE|node:events|at /);
    expect(code, stderr).toBe(0);
  });
});

describe('--json', () => {
  it('is an option of every command that prints a result', () => {
    const program = buildProgram(() => loadConfig({}));
    // serve prints where it listens and runs until stopped; cron-sql prints SQL to paste or pipe.
    const printsNoResult = new Set(['serve', 'cron-sql']);
    const without = leaves(program)
      .filter(({ path }) => !printsNoResult.has(path))
      .filter(({ command }) => !command.options.some((o) => o.long === '--json'))
      .map(({ path }) => path);
    expect(without).toEqual([]);
  });

  it(
    'prints JSON alone on stdout for db migrate, db status, seed, prune and demo',
    { timeout: 240_000 },
    async () => {
      const migrate = JSON.parse((await cli(['db', 'migrate', '--json'])).stdout) as {
        applied: string[];
        transport: string;
      };
      expect(migrate.transport).toBe('embedded');
      expect(migrate.applied.length).toBeGreaterThan(0);

      const status = JSON.parse((await cli(['db', 'status', '--json'])).stdout) as {
        pending: number;
        migrations: Array<{ file: string; state: string }>;
      };
      expect(status.pending).toBe(0);
      expect(status.migrations.map((m) => m.file)).toEqual(migrate.applied);
      expect(new Set(status.migrations.map((m) => m.state))).toEqual(new Set(['applied']));

      const seeded = JSON.parse((await cli(['seed', '--users', '5', '--seed', '3', '--json'])).stdout) as {
        usersInserted: number;
        rows: Record<string, number>;
        totalRows: number;
      };
      expect(seeded.usersInserted).toBe(5);
      expect(seeded.rows['auth.users']).toBe(5);
      expect(seeded.totalRows).toBe(Object.values(seeded.rows).reduce((a, b) => a + b, 0));

      const pruned = JSON.parse((await cli(['prune', '--keep', '30d', '--json'])).stdout) as Record<
        string,
        unknown
      >;
      expect(pruned).toEqual({ keepDays: 30, logsDeleted: 0, leasesDeleted: 0 });

      // The demo works in the current folder (.strukt/demo, its summary file): a scratch one here.
      process.chdir(dir);
      try {
        const demo = await cli(['demo', '--users', '12', '--json']);
        const result = JSON.parse(demo.stdout) as {
          runs: Array<{ job: string; status: string }>;
          digestAgain: { counts: { succeeded: number } };
        };
        expect(result.runs.map((r) => r.job)).toEqual(['weekly-digest', 'user-status', 'plan-refresh']);
        expect(result.digestAgain.counts.succeeded).toBe(0);
        // The narrative is still there, on stderr.
        expect(demo.stderr).toContain('Embedded database: .strukt/demo');
      } finally {
        process.chdir(repo);
      }
    },
  );
});

describe("the deployment guide's npm scripts", () => {
  const testFiles = (function walk(folder: string): string[] {
    return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? walk(join(folder, entry.name))
        : entry.name.endsWith('.test.ts')
          ? [relative(repo, join(folder, entry.name))]
          : [],
    );
  })(join(repo, 'test'));

  /** The test files `vitest run <filters>` runs: vitest matches each filter against the path. */
  const selected = (script: string) => {
    const match = /^vitest run((?: [\w./-]+)+)$/.exec(script);
    expect(match, `'${script}' is not 'vitest run <paths>'`).not.toBeNull();
    const filters = match![1]!.trim().split(' ');
    for (const filter of filters)
      expect(
        testFiles.some((f) => f.includes(filter)),
        filter,
      ).toBe(true);
    return testFiles.filter((f) => filters.some((filter) => f.includes(filter)));
  };

  it('verify:phase3 runs strukt-cron verify, the integrity check', () => {
    expect(packageJson.scripts['verify:phase3']).toBe('tsx src/main.ts verify');
    expect(existsSync('src/main.ts')).toBe(true);
    const program = buildProgram(() => loadConfig({}));
    expect(program.commands.map((c) => c.name())).toContain('verify');
  });

  it("test:cron-functions runs the jobs' and the edge functions' tests", () => {
    const files = selected(packageJson.scripts['test:cron-functions']!);
    expect(files).toEqual(
      expect.arrayContaining([
        'test/jobs/weeklyDigest.test.ts',
        'test/jobs/userStatus.test.ts',
        'test/functions/handler.test.ts',
      ]),
    );
  });

  it("test:plan-generation runs plan generation's tests, and only those", () => {
    const files = selected(packageJson.scripts['test:plan-generation']!);
    expect(files).toEqual(
      expect.arrayContaining(['test/jobs/planRefresh.test.ts', 'test/domain/planSchema.test.ts']),
    );
    expect(files.filter((f) => !/\/plan[A-Z.]/.test(f))).toEqual([]);
  });
});

describe('cron-sql', () => {
  it("schedules the digest as the seed writes it: '0 20 * * SUN'", async () => {
    const { stdout } = await cli([
      'cron-sql',
      '--functions-url',
      'https://abcdefgh.supabase.co/functions/v1',
    ]);
    expect(stdout).toContain("  'generate-weekly-digest',\n  '0 20 * * SUN',");
    expect(stdout).not.toContain("'0 20 * * 0'");
  });
});
