/**
 * Runs the real `strukt-cron` command as a separate process, the way an operator or a workflow
 * step does: `node bin/strukt-cron.js …` with DATABASE_URL pointing at the benchmark database.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/ is two levels down). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliRun {
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * How the CLI is started: `bin` runs `node bin/strukt-cron.js`, the installed command (what
 * `npx strukt-cron` starts, and what the benchmark times), which registers tsx's loader in
 * process; `tsx` runs `node_modules/.bin/tsx src/main.ts` (`npm run strukt-cron`), which starts a
 * second Node process.
 */
export type CliEntry = 'tsx' | 'bin';

/** Spawns the CLI with `args`; the environment selects the postgres transport and nothing else. */
export function runCli(args: string[], databaseUrl: string, entry: CliEntry = 'bin'): Promise<CliRun> {
  const [command, first] =
    entry === 'tsx'
      ? [path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), 'src/main.ts']
      : [process.execPath, 'bin/strukt-cron.js'];
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
  // Whatever the caller's shell holds, the run must not go to Supabase or OpenAI.
  for (const name of ['SUPABASE_URL', 'SUPABASE_SERVICE_ROLE_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL']) {
    delete env[name];
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, [first, ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (exitCode) =>
      resolve({
        ms: performance.now() - started,
        exitCode,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}
