import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyCommand } from '../../src/commands/verify.ts';
import { loadConfig } from '../../src/config/config.ts';
import { JOBS } from '../../src/domain/jobs.ts';
import type { CheckResult } from '../../src/verify/types.ts';

export interface VerifyRun {
  exitCode: number;
  /** stdout lines (the text report, or the JSON). */
  lines: string[];
  errors: string[];
  durationMs: number;
}

/** Runs `strukt-cron verify` as the CLI would, with this environment in place of process.env. */
export async function runVerify(
  env: Record<string, string | undefined>,
  args: string[],
  cwd?: string,
): Promise<VerifyRun> {
  const lines: string[] = [];
  const errors: string[] = [];
  let exitCode = 0;
  const command = verifyCommand({
    config: () => loadConfig(env),
    print: (line) => lines.push(line),
    printErr: (line) => errors.push(line),
    setExitCode: (code) => (exitCode = code),
    cwd,
  });
  const started = Date.now();
  await command.parseAsync(args, { from: 'user' });
  return { exitCode, lines, errors, durationMs: Date.now() - started };
}

export interface VerifyJson {
  ok: boolean;
  passed: number;
  failed: number;
  skipped: number;
  warned: number;
  checks: CheckResult[];
}

export async function runVerifyJson(
  env: Record<string, string | undefined>,
  args: string[],
): Promise<{ exitCode: number; result: VerifyJson }> {
  const run = await runVerify(env, [...args, '--json']);
  return { exitCode: run.exitCode, result: JSON.parse(run.lines.join('\n')) as VerifyJson };
}

/** `group / name` of every check with this status, for assertions that read like the output. */
export function named(result: VerifyJson, status: CheckResult['status']): string[] {
  return result.checks.filter((c) => c.status === status).map((c) => `${c.group} / ${c.name}`);
}

export function find(result: VerifyJson, group: string, name: string): CheckResult {
  const check = result.checks.find((c) => c.group === group && c.name === name);
  if (!check) {
    const all = result.checks.map((c) => `${c.group} / ${c.name}`).join(', ');
    throw new Error(`No check ${group} / ${name}. Expected one of: ${all}`);
  }
  return check;
}

const BUNDLE = 'export {};\n// fixture bundle\n';

/**
 * A minimal repository for the repository checks: one workflow per job scheduled a few minutes
 * past the registry's slot, one action whose committed bundle is what its build script writes
 * (or, with `staleBundle`, something older). The real repository's bundles follow src/, which
 * teammates change all the time, so the passing run must not depend on them being rebuilt.
 */
export async function createFixtureRepo(options: { staleBundle?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'strukt-verify-repo-'));
  await mkdir(path.join(dir, '.github', 'workflows'), { recursive: true });
  for (const job of JOBS) {
    const [minute, ...rest] = job.schedule.split(' ');
    const cron = [Number(minute) + 7, ...rest].join(' ');
    await writeFile(
      path.join(dir, '.github', 'workflows', job.workflow),
      `name: ${job.name}\non:\n  schedule:\n    - cron: '${cron}' # past the slot\n  workflow_dispatch:\njobs: {}\n`,
    );
  }
  await mkdir(path.join(dir, 'actions', 'demo', 'dist'), { recursive: true });
  await writeFile(path.join(dir, 'actions', 'demo', 'main.ts'), 'export {};\n');
  await writeFile(
    path.join(dir, 'actions', 'demo', 'dist', 'index.js'),
    options.staleBundle ? '// built before the last change\n' : BUNDLE,
  );
  await mkdir(path.join(dir, 'scripts'), { recursive: true });
  await writeFile(
    path.join(dir, 'scripts', 'build-actions.mjs'),
    [
      "import { mkdir, writeFile } from 'node:fs/promises';",
      "import path from 'node:path';",
      "const at = process.argv.indexOf('--outdir');",
      "const outdir = at === -1 ? 'actions' : process.argv[at + 1];",
      "await mkdir(path.join(outdir, 'demo', 'dist'), { recursive: true });",
      `await writeFile(path.join(outdir, 'demo', 'dist', 'index.js'), ${JSON.stringify(BUNDLE)});`,
      '',
    ].join('\n'),
  );
  return dir;
}
