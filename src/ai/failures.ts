/**
 * How AI call failures are told apart: which ones a retry can fix, what Retry-After says, and
 * the short reason recorded when a fallback is used. Branches on classes, statuses and codes,
 * never on message text.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { DeadlineExceededError, RetryExhaustedError } from '../lib/retry.ts';
import { AiOutputError, QuotaExceededError } from './types.ts';

export interface Failure {
  /** A short code, safe for logs and the database: it never holds text from user data or model output. */
  reason: string;
  /** Whether another try may succeed. */
  retryable: boolean;
}

/** The longest Retry-After honoured: a longer wait is better left to the next scheduled run. */
export const MAX_RETRY_AFTER_MS = 60_000;

// 408 and 409 are what OpenAI's own SDK retries besides 429 and 5xx: a timeout and a lock clash.
const RETRYABLE_STATUSES = new Set([408, 409, 429]);

/** The code OpenAI sends (as `code` and `type`) when the account has no quota left. */
export const INSUFFICIENT_QUOTA = 'insufficient_quota';

export function isInsufficientQuota(e: unknown): boolean {
  return (
    e instanceof APIError &&
    e.status === 429 &&
    (e.code === INSUFFICIENT_QUOTA || e.type === INSUFFICIENT_QUOTA)
  );
}

export function classifyAiError(e: unknown): Failure {
  if (e instanceof RetryExhaustedError) return classifyAiError(e.cause);
  if (e instanceof QuotaExceededError || isInsufficientQuota(e))
    return { reason: INSUFFICIENT_QUOTA, retryable: false };
  if (e instanceof DeadlineExceededError) return { reason: 'deadline', retryable: false };
  if (e instanceof AiOutputError) {
    // A refusal or a content filter hit is the model's decision about this input: it repeats.
    const repeats = e.problem === 'refusal' || e.problem === 'content_filter';
    return { reason: e.problem, retryable: !repeats };
  }
  // Subclasses before their parents: a timeout is a connection error, both are API errors.
  if (e instanceof APIConnectionTimeoutError) return { reason: 'timeout', retryable: true };
  if (e instanceof APIUserAbortError) return { reason: 'aborted', retryable: false };
  if (e instanceof APIConnectionError) return { reason: 'connection', retryable: true };
  if (e instanceof APIError && typeof e.status === 'number') {
    return { reason: `http_${e.status}`, retryable: RETRYABLE_STATUSES.has(e.status) || e.status >= 500 };
  }
  const name = e instanceof Error ? e.name.replace(/[^\w]/g, '').slice(0, 40) : typeof e;
  return { reason: `unexpected_${name || 'error'}`, retryable: false };
}

/**
 * The wait an API error asks for, in ms: `retry-after-ms` (OpenAI's own, in ms) or
 * `retry-after` (seconds or an HTTP date), clamped to 0..MAX_RETRY_AFTER_MS. Null when absent.
 */
export function retryAfterMsOf(e: unknown, now: number): number | null {
  if (!(e instanceof APIError) || !(e.headers instanceof Headers)) return null;
  const clamp = (ms: number) => Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
  const ms = Number.parseFloat(e.headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return clamp(ms);
  const header = e.headers.get('retry-after');
  if (header === null) return null;
  const seconds = Number.parseFloat(header);
  if (Number.isFinite(seconds)) return clamp(seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? clamp(date - now) : null;
}
