/**
 * What a command writes on stderr besides its warnings: log lines, and progress while it works.
 * The rule, decided once per command from the terminal, the environment and the flags:
 *
 * - A person watches when stderr is a terminal and `CI` is not set (a CI log is read later, even
 *   when the runner gives the process a pseudo-terminal).
 * - Log lines are text for a person, JSON otherwise; `--log-format json|text` chooses outright.
 * - Progress shows only for a person, and never with `--json` or `--quiet`.
 */
import { Option } from 'commander';
import { createLogger, LOG_FORMATS, type LogFormat, type Logger } from '../lib/logger.ts';
import type { ProgressBar, ProgressStream, Spinner } from '../lib/progressBar.ts';

/** stderr as the commands see it. */
export interface StderrTarget {
  /** Writes one line. */
  printErr: (line: string) => void;
  /** stderr when a person watches it (see `personAt`), else null: no progress, JSON logs by default. */
  terminal: ProgressStream | null;
}

/** The stream when a person watches it: a terminal, outside CI. */
export function personAt(
  stderr: ProgressStream | undefined,
  env: Record<string, string | undefined>,
): ProgressStream | null {
  if (!stderr?.isTTY) return null;
  const ci = (env.CI ?? '').trim().toLowerCase();
  return ci === '' || ci === 'false' || ci === '0' ? stderr : null;
}

/** A target with no terminal: JSON logs, no progress (tests, and commands built without one). */
export function plainTarget(printErr: (line: string) => void): StderrTarget {
  return { printErr, terminal: null };
}

/** `--log-format`, on each command that logs; commander refuses other values, listing these. */
export function logFormatOption(): Option {
  return new Option(
    '--log-format <format>',
    'log lines as json or text (default: text on a terminal, json otherwise, and always json in CI)',
  ).choices(LOG_FORMATS);
}

export interface OutputFlags {
  /** `--log-format`. @default text for a person, else json */
  logFormat?: LogFormat | undefined;
  /** Whether log lines are written at all. @default true */
  logs?: boolean;
  /** Whether progress may show (false with `--json` or `--quiet`). @default true */
  progress?: boolean;
}

export interface CommandOutput {
  /** Writes log lines, above the progress bar while one shows. */
  log: Logger;
  /** A progress bar for `label`, or null when none is to show. Stop it before printing on stdout. */
  progress(label: string, unit?: string): Promise<ProgressBar | null>;
  /** A spinner for work with no progress of its own, or null when none is to show. */
  spinner(label: string): Promise<Spinner | null>;
}

export function commandOutput(target: StderrTarget, flags: OutputFlags = {}): CommandOutput {
  const format: LogFormat = flags.logFormat ?? (target.terminal ? 'text' : 'json');
  const terminal = flags.progress === false ? null : target.terminal;
  let drawing: ProgressBar | null = null;
  const log = createLogger(
    flags.logs === false ? () => {} : (line) => (drawing ? drawing.log(line) : target.printErr(line)),
    { format },
  );
  // Imported when a bar is drawn: `strukt-cron --help` and runs in CI never load cli-progress.
  const load = () => import('../lib/progressBar.ts');
  return {
    log,
    async progress(label, unit = 'users') {
      if (!terminal) return null;
      const bar = (await load()).startProgressBar(terminal, label, unit);
      drawing = bar;
      return {
        update: bar.update,
        log: bar.log,
        stop() {
          if (drawing === bar) drawing = null;
          bar.stop();
        },
      };
    },
    async spinner(label) {
      if (!terminal) return null;
      return (await load()).startSpinner(terminal, label);
    },
  };
}
