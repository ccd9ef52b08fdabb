/**
 * Progress on a terminal, drawn by cli-progress: one line that redraws in place, with log lines
 * written above it. Only for a person at a terminal (src/commands/output.ts decides); nothing
 * here checks whether the stream is one.
 */
import cliProgress from 'cli-progress';

/** stderr, or a pseudo-terminal in tests. */
export interface ProgressStream extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBar {
  /** `done` of `total` (null: not counted yet). */
  update(done: number, total: number | null): void;
  /** One line above the bar (a log line); the bar redraws below it. */
  log(line: string): void;
  /** Writes the lines still waiting and takes the bar off the screen. */
  stop(): void;
}

export interface Spinner {
  /** The try now running, from 1; shown from the second on. */
  attempt(n: number): void;
  stop(): void;
}

/** What one progress line shows. */
export interface ProgressLine {
  label: string;
  /** What is counted: "users". */
  unit: string;
  done: number;
  total: number | null;
  elapsedMs: number;
}

const BAR_WIDTH = 24;
const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Redraws per second: enough for a spinner, little output for a long run. */
const FPS = 8;

/**
 * `weekly-digest [██████░░░░░░] 5,120/14,000 users · 142/s · 1m03s left`. The rate is the
 * average since the start; the time left assumes it holds. Before a total is known:
 * `weekly-digest 5,120 users so far · 142/s · 36s`.
 */
export function formatProgressLine(p: ProgressLine): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.done / seconds : 0;
  const parts: string[] = [];
  if (p.total === null) {
    parts.push(`${p.label} ${count(p.done)} ${p.unit} so far`);
  } else {
    const total = Math.max(p.total, p.done);
    const filled = total === 0 ? BAR_WIDTH : Math.round((p.done / total) * BAR_WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    parts.push(`${p.label} [${bar}] ${count(p.done)}/${count(total)} ${p.unit}`);
  }
  if (p.done > 0 && seconds >= 1) parts.push(`${count(Math.round(rate))}/s`);
  if (p.total !== null && p.done > 0 && seconds >= 1 && p.done < p.total) {
    parts.push(`${duration((p.total - p.done) / rate)} left`);
  } else {
    parts.push(duration(seconds));
  }
  return parts.join(' · ');
}

/** `⠹ generateWeeklyDigest · running in the edge function · 12s · try 2` */
export function formatSpinnerLine(label: string, elapsedMs: number, attempt: number): string {
  const frame = SPINNER_FRAMES[Math.floor(elapsedMs / (1000 / FPS)) % SPINNER_FRAMES.length]!;
  const parts = [`${frame} ${label}`, duration(elapsedMs / 1000)];
  if (attempt > 1) parts.push(`try ${attempt}`);
  return parts.join(' · ');
}

/** Draws `label`'s progress on `stream` until stop(). */
export function startProgressBar(
  stream: ProgressStream,
  label: string,
  unit: string,
  now: () => number = Date.now,
): ProgressBar {
  const started = now();
  let done = 0;
  let total: number | null = null;
  // The line is formatted afresh on every frame, from these: an update only sets them.
  const bars = start(stream, () =>
    formatProgressLine({ label, unit, done, total, elapsedMs: now() - started }),
  );
  return {
    update(d, t) {
      done = d;
      total = t;
    },
    log: (line) => bars.log(`${line}\n`),
    stop: () => finish(bars),
  };
}

/** A spinner with the time since the start, for work that reports no progress of its own. */
export function startSpinner(stream: ProgressStream, label: string, now: () => number = Date.now): Spinner {
  const started = now();
  let attempt = 1;
  const bars = start(stream, () => formatSpinnerLine(label, now() - started, attempt));
  return {
    attempt: (n) => (attempt = n),
    stop: () => finish(bars),
  };
}

function start(stream: ProgressStream, line: () => string): cliProgress.MultiBar {
  // A MultiBar, though it holds one bar: only it writes log lines above the bar.
  const bars = new cliProgress.MultiBar({
    stream,
    fps: FPS,
    format: () => line(),
    // Redrawn on every frame: the time moves on between updates, and a log line written above
    // the bar must not leave it blank until the next update.
    forceRedraw: true,
    clearOnComplete: true,
    // Left on: turning wrapping off writes a terminal mode that a killed process would leave behind.
    linewrap: true,
    hideCursor: false,
  });
  bars.create(0, 0);
  return bars;
}

/** Idempotent: a bar stopped on an error path and again in a finally is cleared once. */
function finish(bars: cliProgress.MultiBar): void {
  if (!bars.isActive) return;
  // stop() alone would drop the log lines that wait for the next frame.
  bars.update();
  bars.stop();
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `9s`, `1m03s`, `1h02m`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
