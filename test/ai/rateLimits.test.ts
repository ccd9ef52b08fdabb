import { describe, expect, it } from 'vitest';
import {
  CAP_MARGIN,
  MIN_IN_FLIGHT,
  budgetReading,
  createLatencyWindow,
  inFlightTarget,
  parseResetDuration,
  readRateLimitHeaders,
  startsPerMinute,
} from '../../src/ai/rateLimits.ts';

describe('parseResetDuration', () => {
  it.each([
    ['6m0s', 360_000],
    ['1s', 1000],
    ['20ms', 20],
    ['17.28s', 17_280],
    ['1h2m3s', 3_723_000],
    ['1m30.5s', 90_500],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseResetDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '5', '1d', '-1s', null, undefined])('reads %s as nothing', (text) => {
    expect(parseResetDuration(text)).toBeNull();
  });
});

describe('readRateLimitHeaders', () => {
  it("reads OpenAI's request and token budgets", () => {
    const headers = new Headers({
      'x-ratelimit-limit-requests': '10000',
      'x-ratelimit-remaining-requests': '9999',
      'x-ratelimit-reset-requests': '6ms',
      'x-ratelimit-limit-tokens': '10000000',
      'x-ratelimit-remaining-tokens': '9999000',
      'x-ratelimit-reset-tokens': '6ms',
    });
    expect(readRateLimitHeaders(headers)).toEqual({
      requests: { limit: 10_000, remaining: 9999, resetMs: 6 },
      tokens: { limit: 10_000_000, remaining: 9_999_000, resetMs: 6 },
    });
  });

  it('is null without the headers, and ignores values that are not counts', () => {
    expect(readRateLimitHeaders(new Headers({ 'content-type': 'application/json' }))).toBeNull();
    expect(readRateLimitHeaders(undefined)).toBeNull();
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-limit-requests': 'lots' }))).toBeNull();
  });
});

describe('budgetReading', () => {
  it('takes the tighter of the request and token budgets, holding until the reset', () => {
    const reading = budgetReading(
      {
        requests: { limit: 10_000, remaining: 9000, resetMs: 6000 },
        tokens: { limit: 1_000_000, remaining: 20_000, resetMs: 58_800 },
      },
      1000,
    );
    expect(reading).toEqual({ share: 0.02, until: 59_800 });
  });

  it('holds a reading without a reset time for a minute', () => {
    const reading = budgetReading(
      {
        requests: { limit: 100, remaining: 5, resetMs: null },
        tokens: { limit: null, remaining: null, resetMs: null },
      },
      0,
    );
    expect(reading).toEqual({ share: 0.05, until: 60_000 });
  });
});

describe('startsPerMinute', () => {
  it('stays CAP_MARGIN under the cap while the budget is not low', () => {
    expect(startsPerMinute(10_000, null, 0)).toBe(10_000 * (1 - CAP_MARGIN));
    expect(startsPerMinute(10_000, { share: 0.5, until: 1000 }, 0)).toBe(9900);
  });

  it('shrinks in proportion below a tenth of the budget, to no less than 5% of the cap', () => {
    expect(startsPerMinute(10_000, { share: 0.05, until: 1000 }, 0)).toBe(4950);
    expect(startsPerMinute(10_000, { share: 0.001, until: 1000 }, 0)).toBe(495);
    expect(startsPerMinute(10_000, { share: 0, until: 1000 }, 0)).toBe(495);
  });

  it('forgets a low reading once the server said the budget is full again', () => {
    expect(startsPerMinute(10_000, { share: 0, until: 1000 }, 1000)).toBe(9900);
  });

  it('allows at least one start a minute', () => {
    expect(startsPerMinute(1, null, 0)).toBe(1);
  });
});

describe('inFlightTarget', () => {
  it("is the start rate × the mean latency (Little's law), with half again for headroom", () => {
    expect(inFlightTarget(9900, 3000, 1024)).toBe(743);
  });

  it('stays between MIN_IN_FLIGHT and the maximum', () => {
    expect(inFlightTarget(60, 200, 1024)).toBe(MIN_IN_FLIGHT);
    expect(inFlightTarget(30_000, 5000, 1024)).toBe(1024);
    expect(inFlightTarget(30_000, 5000, 3)).toBe(3);
  });
});

describe('createLatencyWindow', () => {
  it('assumes the prior for the samples it has not seen yet', () => {
    const window = createLatencyWindow(4, 5000);
    expect(window.mean()).toBe(5000);
    window.add(1000);
    expect(window.mean()).toBe(4000);
  });

  it('averages the last `size` samples once full', () => {
    const window = createLatencyWindow(2, 5000);
    for (const ms of [1000, 2000, 3000]) window.add(ms);
    expect(window.mean()).toBe(2500);
  });
});
