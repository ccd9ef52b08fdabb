/**
 * Runs the real `strukt-cron` command as a separate process, the way an operator or a workflow
 * step does: `node bin/strukt-cron.js …` with DATABASE_URL pointing at the benchmark database.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
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
  /** The process's peak RSS in bytes (VmHWM, sampled until exit); null unless asked for or off Linux. */
  peakRss: number | null;
  /** CPU time (user + system) the process had used at the last sample, in ms; null as peakRss. */
  cpuMs: number | null;
}

/**
 * How the CLI is started: `bin` runs `node bin/strukt-cron.js`, the installed command (what
 * `npx strukt-cron` starts, and what the benchmark times), which registers tsx's loader in
 * process; `tsx` runs `node_modules/.bin/tsx src/main.ts` (`npm run strukt-cron`), which starts a
 * second Node process; `source` runs `node --import tsx src/main.ts`, the current sources in one
 * process (what a benchmark of a change, or of its memory, needs).
 */
export type CliEntry = 'tsx' | 'bin' | 'source';

export interface CliExtras {
  /** Set in the child's environment after the defaults below (e.g. a fake OpenAI's URL and key). */
  env?: Record<string, string>;
  /** Sample the child's peak RSS and CPU time this often, in ms. */
  rssEveryMs?: number;
}

/** Spawns the CLI with `args`; the environment selects the postgres transport and nothing else. */
export function runCli(
  args: string[],
  databaseUrl: string,
  entry: CliEntry = 'bin',
  extras: CliExtras = {},
): Promise<CliRun> {
  const [command, ...first] =
    entry === 'tsx'
      ? [path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), 'src/main.ts']
      : entry === 'source'
        ? [process.execPath, '--import', 'tsx', 'src/main.ts']
        : [process.execPath, 'bin/strukt-cron.js'];
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
  // Whatever the caller's shell holds, the run must not go to Supabase or OpenAI.
  for (const name of ['SUPABASE_URL', 'SUPABASE_SERVICE_ROLE_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL']) {
    delete env[name];
  }
  Object.assign(env, extras.env);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command!, [...first, ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peakRss: number | null = null;
    let cpuMs: number | null = null;
    const sample = async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
      if (Number.isFinite(kb)) peakRss = Math.max(peakRss ?? 0, kb * 1024);
      // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): user and system
      // time in clock ticks, 100 a second on Linux.
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8').catch(() => '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number.isFinite(ticks)) cpuMs = Math.max(cpuMs ?? 0, ticks * 10);
    };
    const sampler = extras.rssEveryMs ? setInterval(() => void sample(), extras.rssEveryMs) : null;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      if (sampler) clearInterval(sampler);
      resolve({
        ms: performance.now() - started,
        exitCode,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        peakRss,
        cpuMs,
      });
    });
  });
}
