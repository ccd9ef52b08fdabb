import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RunReport } from '../../src/runs/types.ts';

/**
 * The real `strukt-cron` command as its own operating-system process, for tests that kill it,
 * race several of it, or take its database away. It runs the source under test, as
 * `node --import tsx src/main.ts` (tsx registered in-process) — not the compiled bin/strukt-cron.js,
 * which lags src/ until `npm run build:cli` — and never through the `tsx` launcher: that one
 * forwards to a child node process, so a SIGKILL would kill the launcher and leave the run going
 * on as an orphan.
 */

const MAIN = path.resolve('src/main.ts');

/** The environment a CLI process gets: PATH and what the test names, nothing from this process. */
export function cliEnv(more: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...more };
}

export interface CliExit {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the deadline passed and the test killed the process (SIGKILL). */
  killedAtDeadline: boolean;
}

export interface CliStartOptions {
  /**
   * Kill the process (SIGKILL) when it is still running this many milliseconds after the spawn,
   * so a hang fails its own assertion, with the process's stderr, instead of the whole test's
   * timeout with nothing to show. @default no deadline
   */
  deadlineMs?: number;
}

/**
 * How long the pipes may stay open after the process exited. On a cold tsx cache the process
 * starts esbuild's service, which inherits stderr; 'close' waits for every holder of the pipes,
 * so a service slow to notice its parent is gone would hold the exit back for as long as it lives.
 */
const PIPE_GRACE_MS = 2_000;

export interface CliProcess {
  child: ChildProcess;
  /** Milliseconds since the spawn (performance.now based). */
  elapsed(): number;
  /** Resolves when a stderr line matches; rejects when the process ends first or after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** True while the process has not exited. */
  alive(): boolean;
  exited: Promise<CliExit>;
  /** The stderr lines so far. */
  stderrLines(): string[];
}

export function startCli(
  args: string[],
  env: Record<string, string>,
  options: CliStartOptions = {},
): CliProcess {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let done = false;
  let killedAtDeadline = false;
  const deadline =
    options.deadlineMs === undefined
      ? undefined
      : setTimeout(() => {
          killedAtDeadline = true;
          child.kill('SIGKILL');
        }, options.deadlineMs);
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of [...waiters]) {
      const line = stderr.split('\n').find((l) => waiter.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<CliExit>((resolve) => {
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      for (const waiter of waiters.splice(0)) {
        waiter.reject(
          new Error(`the process ended (${signal ?? code}) before a line matched ${waiter.pattern}`),
        );
      }
      resolve({ code, signal, stdout, stderr, killedAtDeadline });
    };
    child.on('close', settle);
    child.on('exit', (code, signal) => {
      // 'close' normally follows at once, with the last output read; see PIPE_GRACE_MS.
      setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
        settle(code, signal);
      }, PIPE_GRACE_MS).unref();
    });
  });
  return {
    child,
    elapsed: () => performance.now() - started,
    alive: () => !done && child.exitCode === null && child.signalCode === null,
    exited,
    stderrLines: () => stderr.split('\n').filter((l) => l !== ''),
    waitForLine(pattern, timeoutMs = 60_000) {
      const line = stderr.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) return Promise.resolve(line);
      if (done) return Promise.reject(new Error(`the process had ended before a line matched ${pattern}`));
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line matched ${pattern} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (l) => (clearTimeout(timer), resolve(l)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
      });
    },
  };
}

/** Runs the CLI to its end. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  options: CliStartOptions = {},
): Promise<CliExit> {
  return startCli(args, env, options).exited;
}

/** The JSON report `run --json` printed, or a failure that shows what the process said instead. */
export function reportOf(exit: CliExit): RunReport {
  try {
    return JSON.parse(exit.stdout) as RunReport;
  } catch {
    throw new Error(
      `expected a JSON run report on stdout (exit ${exit.code ?? exit.signal}); got:\n` +
        `${exit.stdout.slice(0, 2000)}\nstderr:\n${exit.stderr.slice(-2000)}`,
    );
  }
}

/** The 8-character run id prefix the run's log lines carry (`"run":"4daefe30"`), or null. */
export function runPrefixOf(line: string): string | null {
  return /"run":"([0-9a-f]{8})"/.exec(line)?.[1] ?? null;
}
