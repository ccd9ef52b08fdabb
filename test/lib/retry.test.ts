import { describe, expect, it } from 'vitest';
import {
  RETRY_DELAYS_MS,
  RetryExhaustedError,
  attemptsOf,
  coerceError,
  withRetry,
} from '../../src/lib/retry.ts';

class Transient extends Error {
  constructor(readonly retryAfterMs: number | null = null) {
    super('transient');
  }
}
class Permanent extends Error {}

/** A clock that moves only when the code under test sleeps, recording every wait. */
function fakeTime(start = 1_000_000) {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}

const policy = (time: ReturnType<typeof fakeTime>) => ({
  sleep: time.sleep,
  now: time.now,
  isRetryable: (e: unknown) => e instanceof Transient,
  retryAfterMs: (e: unknown) => (e instanceof Transient ? e.retryAfterMs : null),
});

async function failure(promise: Promise<unknown>): Promise<RetryExhaustedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RetryExhaustedError);
  return error as RetryExhaustedError;
}

describe('withRetry', () => {
  it('follows the seed schedule 0 s, +3 s, +10 s and reports three tries', async () => {
    const time = fakeTime();
    const tried: number[] = [];
    const error = await failure(
      withRetry(async (attempt) => {
        tried.push(attempt);
        throw new Transient();
      }, policy(time)),
    );
    expect(RETRY_DELAYS_MS).toEqual([0, 3000, 10000]);
    expect(error.delaysMs).toEqual([0, 3000, 10000]);
    expect(time.slept).toEqual([3000, 10000]);
    expect(tried).toEqual([1, 2, 3]);
    expect(error.attempts).toBe(3);
    expect(attemptsOf(error)).toBe(3);
    expect(error.stoppedBy).toBe('out_of_tries');
    expect(error.cause).toBeInstanceOf(Transient);
  });

  it('returns the value with the number of tries it took', async () => {
    const time = fakeTime();
    let calls = 0;
    const result = await withRetry(async () => {
      calls += 1;
      if (calls < 2) throw new Transient();
      return 'ok';
    }, policy(time));
    expect(result).toEqual({ value: 'ok', attempts: 2, delaysMs: [0, 3000] });
  });

  it('does not sleep at all when the first try succeeds', async () => {
    const time = fakeTime();
    const result = await withRetry(async () => 42, policy(time));
    expect(result.attempts).toBe(1);
    expect(time.slept).toEqual([]);
  });

  it('stops after one try on an error that is not retryable', async () => {
    const time = fakeTime();
    let calls = 0;
    const error = await failure(
      withRetry(async () => {
        calls += 1;
        throw new Permanent('bad request');
      }, policy(time)),
    );
    expect(calls).toBe(1);
    expect(error.attempts).toBe(1);
    expect(error.stoppedBy).toBe('not_retryable');
    expect(error.cause).toBeInstanceOf(Permanent);
    expect(time.slept).toEqual([]);
  });

  it('waits for a Retry-After longer than the scheduled delay', async () => {
    const time = fakeTime();
    await failure(
      withRetry(async () => {
        throw new Transient(7000);
      }, policy(time)),
    );
    // 7 s beats the scheduled 3 s; the scheduled 10 s beats 7 s.
    expect(time.slept).toEqual([7000, 10000]);
  });

  it('keeps the scheduled delay when Retry-After is shorter', async () => {
    const time = fakeTime();
    await failure(
      withRetry(async () => {
        throw new Transient(500);
      }, policy(time)),
    );
    expect(time.slept).toEqual([3000, 10000]);
  });

  it('stops instead of sleeping past the deadline', async () => {
    const time = fakeTime();
    const deadline = time.now() + 5000;
    let calls = 0;
    const error = await failure(
      withRetry(
        async () => {
          calls += 1;
          throw new Transient();
        },
        { ...policy(time), deadline },
      ),
    );
    // The second try starts at +3 s (before the deadline); the third would start at +13 s.
    expect(calls).toBe(2);
    expect(time.slept).toEqual([3000]);
    expect(error.stoppedBy).toBe('deadline');
    expect(error.attempts).toBe(2);
    expect(time.now()).toBeLessThanOrEqual(deadline);
  });

  it('does not wait out a Retry-After that ends after the deadline', async () => {
    const time = fakeTime();
    const error = await failure(
      withRetry(
        async () => {
          throw new Transient(60_000);
        },
        { ...policy(time), deadline: time.now() + 30_000 },
      ),
    );
    expect(error.attempts).toBe(1);
    expect(time.slept).toEqual([]);
  });

  it('makes no try when the deadline has already passed', async () => {
    const time = fakeTime();
    let calls = 0;
    const error = await failure(
      withRetry(
        async () => {
          calls += 1;
        },
        { ...policy(time), deadline: time.now() - 1 },
      ),
    );
    expect(calls).toBe(0);
    expect(error.attempts).toBe(0);
    expect(error.stoppedBy).toBe('deadline');
  });

  it('rejects an empty schedule with what it expected', async () => {
    const time = fakeTime();
    await expect(withRetry(async () => 1, { ...policy(time), delaysMs: [] })).rejects.toThrow(
      /Expected delaysMs to be a non-empty list/,
    );
  });
});

describe('coerceError', () => {
  it('keeps Errors, wraps strings and describes other values', () => {
    const original = new TypeError('x');
    expect(coerceError(original)).toBe(original);
    expect(coerceError('boom').message).toBe('boom');
    expect(coerceError({ code: 7 }).message).toBe('Non-Error thrown: {"code":7}');
    expect(coerceError(undefined).message).toBe('Non-Error thrown: undefined');
  });
});
