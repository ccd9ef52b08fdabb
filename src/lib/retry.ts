/**
 * The seed's retry policy for external calls: a try at once, another 3 s later, a last one 10 s
 * after that. Sleeping and the clock are injected so tests never wait.
 */

/** Delay before each try, in ms: the first entry is the (zero) wait before the first try. */
export const RETRY_DELAYS_MS: readonly number[] = [0, 3000, 10000];

export interface RetryOptions {
  /** Delay before each try; its length is the maximum number of tries. @default RETRY_DELAYS_MS */
  delaysMs?: readonly number[];
  /** Waits the given ms. Never called with 0: a zero delay means "go on now". */
  sleep: (ms: number) => Promise<void>;
  /** False stops at once: the error cannot clear by trying again (bad request, refusal, quota). */
  isRetryable: (error: unknown) => boolean;
  /** The server's own wait (Retry-After) for this error, in ms, or null when it named none. */
  retryAfterMs?: (error: unknown) => number | null;
  /** Epoch ms after which no try may start. @default none */
  deadline?: number;
  /** @default Date.now */
  now?: () => number;
}

export interface RetryResult<T> {
  value: T;
  /** Tries made, the successful one included (1 = no retry was needed). */
  attempts: number;
  /** The wait before each try made, in ms (the first is always 0). */
  delaysMs: number[];
}

/** Why a retried call gave up. */
export type RetryStop = 'out_of_tries' | 'not_retryable' | 'deadline';

/**
 * Thrown for every failure of `withRetry`, so a caller can always read how many tries the
 * call used (`attempts`, which is 0 when the deadline had passed before the first try). The
 * last error is the `cause`.
 */
export class RetryExhaustedError extends Error {
  override name = 'RetryExhaustedError';
  readonly attempts: number;
  readonly stoppedBy: RetryStop;
  readonly delaysMs: number[];
  override readonly cause: Error;

  constructor(attempts: number, stoppedBy: RetryStop, delaysMs: number[], cause: Error) {
    super(`Gave up after ${attempts} ${attempts === 1 ? 'try' : 'tries'} (${stoppedBy}): ${cause.message}`, {
      cause,
    });
    this.attempts = attempts;
    this.stoppedBy = stoppedBy;
    this.delaysMs = delaysMs;
    this.cause = cause;
  }
}

/** Thrown in place of a try that could not start before the deadline. */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
}

/** Tries `fn` on the retry schedule. `fn` receives the 1-based number of the try. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions,
): Promise<RetryResult<T>> {
  const delays = opts.delaysMs ?? RETRY_DELAYS_MS;
  if (delays.length === 0 || delays.some((d) => !Number.isFinite(d) || d < 0)) {
    throw new Error(
      `Expected delaysMs to be a non-empty list of non-negative numbers, got ${JSON.stringify(delays)}`,
    );
  }
  const now = opts.now ?? Date.now;
  const made: number[] = [];
  let lastError: Error | null = null;

  for (let i = 0; i < delays.length; i++) {
    let delay = delays[i] ?? 0;
    if (lastError !== null) {
      // The server knows its own load better than our fixed schedule, so a longer Retry-After wins.
      const serverWait = opts.retryAfterMs?.(lastError) ?? null;
      if (serverWait !== null && serverWait > delay) delay = serverWait;
    }
    if (opts.deadline !== undefined && now() + delay > opts.deadline) {
      const cause =
        lastError ??
        new DeadlineExceededError(
          `The deadline ${new Date(opts.deadline).toISOString()} passed before the first try could start`,
        );
      throw new RetryExhaustedError(made.length, 'deadline', made, cause);
    }
    if (delay > 0) await opts.sleep(delay);
    made.push(delay);
    try {
      return { value: await fn(i + 1), attempts: i + 1, delaysMs: made };
    } catch (error) {
      lastError = coerceError(error);
      if (!opts.isRetryable(error)) {
        throw new RetryExhaustedError(i + 1, 'not_retryable', made, lastError);
      }
    }
  }
  // The loop ran at least once (delays is non-empty), so a last error exists.
  throw new RetryExhaustedError(made.length, 'out_of_tries', made, lastError ?? new Error('No try was made'));
}

/** The number of tries a failed call used, when it went through `withRetry`; else null. */
export function attemptsOf(error: unknown): number | null {
  return error instanceof RetryExhaustedError ? error.attempts : null;
}

/** Normalises anything thrown into an Error, keeping Errors as they are. */
export function coerceError(e: unknown): Error {
  if (e instanceof Error) return e;
  if (typeof e === 'string') return new Error(e);
  let shown: string;
  try {
    shown = JSON.stringify(e) ?? String(e);
  } catch {
    shown = Object.prototype.toString.call(e);
  }
  return new Error(`Non-Error thrown: ${shown.slice(0, 200)}`, { cause: e });
}
