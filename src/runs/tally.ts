import type { RunCounts } from './types.ts';

/** Most per-user results a report carries; the counts always cover every user. */
export const MAX_RESULTS = 200;
const MAX_ERRORS = 50;

/**
 * What a job accumulates while it runs: counts, the most tries any call needed, bounded
 * results and sanitized errors. The engine turns it into the run's status and record.
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
  private maxAttempts = 0;

  skip(reason: string, n = 1): void {
    if (n > 0) this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }

  /** Adds to a job-specific figure, e.g. `notifications.ai_coach_proactive.high`. */
  count(figure: string, n = 1): void {
    if (n > 0) this.figures[figure] = (this.figures[figure] ?? 0) + n;
  }

  /** Records how many tries one external call took. */
  attempt(tries: number): void {
    if (tries > this.maxAttempts) this.maxAttempts = tries;
  }

  result(row: Record<string, unknown>): void {
    if (this.results.length < MAX_RESULTS) this.results.push(row);
  }

  /** `line` must already be free of user data (say which call failed and its class or code). */
  error(line: string): void {
    if (this.errors.length < MAX_ERRORS && !this.errors.includes(line)) this.errors.push(line);
  }

  /** At least 1: the run itself is one try of the job. */
  get attempts(): number {
    return Math.max(1, this.maxAttempts);
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
