/**
 * What a person at a terminal sees, and what a CI log gets: the real command in a
 * pseudo-terminal (util-linux `script` gives the child one) shows progress and readable log
 * lines; with its output piped, or with CI set, it writes JSON log lines and no progress.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../support/cliProcess.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';

const MAIN = path.resolve('src/main.ts');
const AS_OF = '2025-11-10T07:00:00Z';
/** A slow shared machine: tsx starts, migrations run, 2,000 users are written. */
const SLOW = { timeout: 240_000 };

/** Progress as it is drawn: `seed [███░░░] 1,000/2,000 users`. */
const BAR = (label: string) => new RegExp(`${label} \\[[█░]{24}\\] [\\d,]+/[\\d,]+ users`);
const TEXT_LOG = /\d\d:\d\d:\d\d info {2}run started {2}job=user-status /;
const PROGRESS_MARKS = /█|░|users so far/;

let t: TestDatabase;
let env: Record<string, string>;

/** Everything the command wrote to its terminal (stdout and stderr are one there). */
function inPseudoTerminal(
  args: string[],
  more: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, '--import', 'tsx', MAIN, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { ...env, ...more },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function shellQuote(arg: string): string {
  return /^[\w./:=@-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

describe.skipIf(!runServerSuites)('terminal output', () => {
  beforeAll(async () => {
    try {
      execFileSync('script', ['--version'], { stdio: 'ignore' });
    } catch (error) {
      throw new Error("util-linux 'script' is needed to give the command a pseudo-terminal", {
        cause: error,
      });
    }
    t = await createTestDatabase();
    // cliEnv passes PATH and HOME only: no CI, as on a developer's terminal.
    env = cliEnv({ DATABASE_URL: t.url! });
  });

  afterAll(async () => {
    await t?.drop();
  });

  it('shows progress on a terminal: seed, then a run with readable log lines', SLOW, async () => {
    const seed = await inPseudoTerminal(['seed', '--users', '2000', '--seed', '11', '--as-of', AS_OF]);
    expect(seed.code, seed.output).toBe(0);
    expect(seed.output).toMatch(BAR('seed'));
    expect(seed.output).toContain('Seeded 2000 of 2000 users');

    const run = await inPseudoTerminal(['run', 'user-status', '--dry-run', '--as-of', AS_OF]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(BAR('user-status'));
    expect(run.output).toMatch(TEXT_LOG);
    expect(run.output).toMatch(/info {2}run finished {2}job=user-status .*counts\.considered=\d+/);
    expect(run.output).not.toContain('{"time"');
  });

  it('writes JSON log lines and no progress when its output is piped', SLOW, async () => {
    const seed = await runCli(['seed', '--users', '2000', '--seed', '12', '--as-of', AS_OF], env);
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toContain('Seeded 2000 of 2000 users');
    expect(seed.stderr).not.toMatch(PROGRESS_MARKS);

    const run = await runCli(['run', 'user-status', '--dry-run', '--as-of', AS_OF], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr + run.stdout).not.toMatch(PROGRESS_MARKS);
    const lines = run.stderr.split('\n').filter((l) => l !== '');
    expect(lines.map((l) => JSON.parse(l) as { message: string }).map((l) => l.message)).toEqual([
      'run started',
      'run finished',
    ]);
  });

  it('writes JSON log lines and no progress in CI, even on a terminal', SLOW, async () => {
    const run = await inPseudoTerminal(['run', 'user-status', '--dry-run', '--as-of', AS_OF], { CI: 'true' });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('{"time"');
    expect(run.output).not.toMatch(TEXT_LOG);
    expect(run.output).not.toMatch(PROGRESS_MARKS);
  });

  it('follows --log-format whatever the terminal, and refuses a format it does not know', SLOW, async () => {
    const text = await runCli(
      ['run', 'user-status', '--dry-run', '--as-of', AS_OF, '--log-format', 'text'],
      env,
    );
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(TEXT_LOG);

    const json = await inPseudoTerminal([
      'run',
      'user-status',
      '--dry-run',
      '--as-of',
      AS_OF,
      '--log-format',
      'json',
    ]);
    expect(json.code, json.output).toBe(0);
    expect(json.output).toContain('{"time"');

    const bad = await runCli(['run', 'user-status', '--log-format', 'xml'], env);
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toContain("argument 'xml' is invalid. Allowed choices are json, text.");
  });
});
