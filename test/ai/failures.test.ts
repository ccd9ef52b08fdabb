import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, classifyAiError, retryAfterMsOf } from '../../src/ai/failures.ts';
import { AiOutputError, QuotaExceededError } from '../../src/ai/types.ts';
import { DeadlineExceededError, RetryExhaustedError } from '../../src/lib/retry.ts';

const http = (status: number, error: object = {}, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error }, undefined, new Headers(headers));

describe('classifyAiError', () => {
  it.each([
    [http(429, { type: 'requests', code: 'rate_limit_exceeded' }), 'http_429', true],
    [http(500), 'http_500', true],
    [http(503), 'http_503', true],
    [http(408), 'http_408', true],
    [http(400), 'http_400', false],
    [http(401), 'http_401', false],
    [http(403), 'http_403', false],
    [http(404), 'http_404', false],
    [http(429, { type: 'insufficient_quota', code: 'insufficient_quota' }), 'insufficient_quota', false],
    [new QuotaExceededError('x'), 'insufficient_quota', false],
    [new APIConnectionTimeoutError(), 'timeout', true],
    [new APIConnectionError({ message: 'socket hang up' }), 'connection', true],
    [new AiOutputError('malformed_json', 'x'), 'malformed_json', true],
    [new AiOutputError('schema_invalid', 'x'), 'schema_invalid', true],
    [new AiOutputError('invalid', 'x'), 'invalid', true],
    [new AiOutputError('refusal', 'x'), 'refusal', false],
    [new DeadlineExceededError('x'), 'deadline', false],
    [new TypeError('boom with user text'), 'unexpected_TypeError', false],
  ])('classifies %s as %s (retryable: %s)', (error, reason, retryable) => {
    expect(classifyAiError(error)).toEqual({ reason, retryable });
  });

  it('looks through RetryExhaustedError to the last error', () => {
    const wrapped = new RetryExhaustedError(3, 'out_of_tries', [0, 3000, 10000], http(502));
    expect(classifyAiError(wrapped)).toEqual({ reason: 'http_502', retryable: true });
  });
});

describe('retryAfterMsOf', () => {
  const now = Date.UTC(2025, 0, 5);

  it('reads retry-after-ms first, then retry-after in seconds or as a date', () => {
    expect(retryAfterMsOf(http(429, {}, { 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(1500);
    expect(retryAfterMsOf(http(429, {}, { 'retry-after': '2' }), now)).toBe(2000);
    const date = new Date(now + 4000).toUTCString();
    expect(retryAfterMsOf(http(503, {}, { 'retry-after': date }), now)).toBe(4000);
  });

  it('is null without the header and capped when the wait is very long', () => {
    expect(retryAfterMsOf(http(429), now)).toBeNull();
    expect(retryAfterMsOf(new Error('x'), now)).toBeNull();
    expect(retryAfterMsOf(http(429, {}, { 'retry-after': '3600' }), now)).toBe(MAX_RETRY_AFTER_MS);
  });
});
