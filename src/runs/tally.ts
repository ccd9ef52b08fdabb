import type { RunCounts } from './types.ts';

/** How far a run has come, for a progress display on a terminal. */
export interface RunProgress {
  /** Candidates finished: written, failed or skipped (the status check: every user of a page read). */
  done: number;
  /** The run's candidates, once counted; null before, or when the count failed. */
  total: number | null;
}

/** Most per-user results a report carries; the counts always cover every user. */
export const MAX_RESULTS = 200;
const MAX_ERRORS = 50;

/**
 * What a job accumulates while it runs: counts, the tries of the run's own work, the OpenAI calls
 * and how many of them needed a retry, bounded results and sanitized errors. The engine turns it
 * into the run's status and record.
 */
export class RunTally {
  considered = 0;
  succeeded = 0;
  failed = 0;
  remaining = 0;
  readonly skipped: Record<string, number> = {};
  readonly figures: Record<string, number> = {};
  readonly results: Array<Record<string, unknown>> = [];
  readonly errors: string[] = [];
  /** Batches this run submitted or closed (batch mode): OpenAI's id, what became of it, its requests. */
  readonly batches: Array<{ id: string; state: string; requests: number }> = [];
  private maxWorkTries = 0;
  private calls = 0;
  private retriedCalls = 0;
  private progress: RunProgress = { done: 0, total: null };

  /** @param onProgress told as users finish and once they are counted; none: no progress is kept */
  constructor(private readonly onProgress: ((progress: RunProgress) => void) | null = null) {}

  /** Whether someone watches the run's progress: only then is counting the candidates worth a query. */
  get watched(): boolean {
    return this.onProgress !== null;
  }

  /** `n` more candidates finished. Progress only: the counts above are what the run reports. */
  markDone(n = 1): void {
    if (this.onProgress === null || n <= 0) return;
    this.progress = { ...this.progress, done: this.progress.done + n };
    this.onProgress(this.progress);
  }

  /** The run's candidates, counted beside the run for the progress display. */
  setTotal(total: number): void {
    if (this.onProgress === null) return;
    this.progress = { ...this.progress, total };
    this.onProgress(this.progress);
  }

  skip(reason: string, n = 1): void {
    if (n > 0) this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }

  /** Adds to a job-specific figure, e.g. `notifications.ai_coach_proactive.high`. */
  count(figure: string, n = 1): void {
    if (n > 0) this.figures[figure] = (this.figures[figure] ?? 0) + n;
  }

  /**
   * Records how many tries one database call of the run's own work took (its reads, writes, lease
   * and record). The run's `attempts` is the most any of them needed.
   */
  workTries(tries: number): void {
    if (tries > this.maxWorkTries) this.maxWorkTries = tries;
  }

  /**
   * Records one OpenAI call by the tries it used; 0 tries (a template, a call that never started)
   * is no call. Kept apart from `attempts`: one retried call must not mark a whole run as retried.
   */
  aiCall(tries: number): void {
    if (!(tries > 0)) return;
    this.calls += 1;
    if (tries > 1) this.retriedCalls += 1;
  }

  result(row: Record<string, unknown>): void {
    if (this.results.length < MAX_RESULTS) this.results.push(row);
  }

  /** `line` must already be free of user data (say which call failed and its class or code). */
  error(line: string): void {
    if (this.errors.length < MAX_ERRORS && !this.errors.includes(line)) this.errors.push(line);
  }

  /** At least 1: the run itself is one try of the job; more when its own database work was retried. */
  get attempts(): number {
    return Math.max(1, this.maxWorkTries);
  }

  /** OpenAI calls made and how many of them needed more than one try. */
  get aiCalls(): { calls: number; retriedCalls: number } {
    return { calls: this.calls, retriedCalls: this.retriedCalls };
  }

  /** Everything started but not accounted for, e.g. users in flight when a fatal error stopped the run. */
  get unaccounted(): number {
    const skipped = Object.values(this.skipped).reduce((sum, n) => sum + n, 0);
    return this.considered - (this.succeeded + this.failed + skipped + this.remaining);
  }

  counts(): RunCounts {
    return {
      considered: this.considered,
      succeeded: this.succeeded,
      failed: this.failed,
      skipped: { ...this.skipped },
      remaining: this.remaining,
    };
  }
}
