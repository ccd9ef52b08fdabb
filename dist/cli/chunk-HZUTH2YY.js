import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/lib/retry.ts
var RETRY_DELAYS_MS = [0, 3e3, 1e4];
var RetryExhaustedError = class extends Error {
  name = "RetryExhaustedError";
  attempts;
  stoppedBy;
  delaysMs;
  cause;
  constructor(attempts, stoppedBy, delaysMs, cause) {
    super(`Gave up after ${attempts} ${attempts === 1 ? "try" : "tries"} (${stoppedBy}): ${cause.message}`, {
      cause
    });
    this.attempts = attempts;
    this.stoppedBy = stoppedBy;
    this.delaysMs = delaysMs;
    this.cause = cause;
  }
};
var DeadlineExceededError = class extends Error {
  name = "DeadlineExceededError";
};
async function withRetry(fn, opts) {
  const delays = opts.delaysMs ?? RETRY_DELAYS_MS;
  if (delays.length === 0 || delays.some((d) => !Number.isFinite(d) || d < 0)) {
    throw new Error(
      `Expected delaysMs to be a non-empty list of non-negative numbers, got ${JSON.stringify(delays)}`
    );
  }
  const now = opts.now ?? Date.now;
  const made = [];
  let lastError = null;
  for (let i = 0; i < delays.length; i++) {
    let delay = delays[i] ?? 0;
    if (lastError !== null) {
      const serverWait = opts.retryAfterMs?.(lastError) ?? null;
      if (serverWait !== null && serverWait > delay) delay = serverWait;
    }
    if (opts.deadline !== void 0 && now() + delay > opts.deadline) {
      const cause = lastError ?? new DeadlineExceededError(
        `The deadline ${new Date(opts.deadline).toISOString()} passed before the first try could start`
      );
      throw new RetryExhaustedError(made.length, "deadline", made, cause);
    }
    if (delay > 0) await opts.sleep(delay);
    made.push(delay);
    try {
      return { value: await fn(i + 1), attempts: i + 1, delaysMs: made };
    } catch (error) {
      lastError = coerceError(error);
      if (!opts.isRetryable(error)) {
        throw new RetryExhaustedError(i + 1, "not_retryable", made, lastError);
      }
    }
  }
  throw new RetryExhaustedError(made.length, "out_of_tries", made, lastError ?? new Error("No try was made"));
}
function attemptsOf(error) {
  return error instanceof RetryExhaustedError ? error.attempts : null;
}
function coerceError(e) {
  if (e instanceof Error) return e;
  if (typeof e === "string") return new Error(e);
  let shown;
  try {
    shown = JSON.stringify(e) ?? String(e);
  } catch {
    shown = Object.prototype.toString.call(e);
  }
  return new Error(`Non-Error thrown: ${shown.slice(0, 200)}`, { cause: e });
}

export {
  RETRY_DELAYS_MS,
  RetryExhaustedError,
  DeadlineExceededError,
  withRetry,
  attemptsOf,
  coerceError
};
