/**
 * What OpenAI's rate-limit headers say, and the two figures the writer derives from them and
 * from the latency it observes: how many requests it may start per minute, and how many it keeps
 * in flight. Pure functions; openaiWriter.ts applies them on its injected clock.
 *
 * Glossary:
 * - cap: requests the key may start per minute (`x-ratelimit-limit-requests`, or the writer's
 *   own `requestsPerMinute` when lower).
 * - budget: what the server says is left (`x-ratelimit-remaining-*`) and how long until it is
 *   back to full (`x-ratelimit-reset-*`). OpenAI refills it continuously, so a writer alone on
 *   the key at the cap keeps it nearly full; a low budget means others use the key too.
 * - in flight: requests handed to the writer's queue and not yet answered (waiting for their
 *   start slot or sent).
 */

/** Requests per minute assumed until the server names its limit: OpenAI's first paid tier. */
export const DEFAULT_REQUESTS_PER_MINUTE = 500;

/** Most requests in flight at once, whatever the latency: the bound on the writer's memory. */
export const DEFAULT_MAX_IN_FLIGHT = 1024;

/** Never fewer requests in flight than this (the writer's fixed concurrency before it adapted). */
export const MIN_IN_FLIGHT = 8;

/**
 * Starts per 60 s stay this share under the cap, so that a few ms of jitter between this process
 * and the server (a late timer, a garbage collection) cannot push a server's window over it.
 */
export const CAP_MARGIN = 0.01;

/** Below this share of its limit, a budget is "nearly gone" and the rate shrinks with it. */
export const LOW_BUDGET_SHARE = 0.1;

/** However low the budget, the rate never shrinks below this share of the cap (the answers carry the news that it recovered). */
export const MIN_RATE_SHARE = 0.05;

/** Requests in flight = starts per ms × mean latency × this: room for latency to vary. */
export const IN_FLIGHT_HEADROOM = 1.5;

/** How long a budget reading without a reset time holds. */
const DEFAULT_BUDGET_HOLD_MS = 60_000;

export interface Budget {
  limit: number | null;
  remaining: number | null;
  /** Ms until the budget is back to full. */
  resetMs: number | null;
}

/** One response's `x-ratelimit-*` headers for requests and for tokens. */
export interface RateLimitHeaders {
  requests: Budget;
  tokens: Budget;
}

/** The response's rate-limit headers; null when it carried none (a proxy, another provider). */
export function readRateLimitHeaders(headers: Headers | null | undefined): RateLimitHeaders | null {
  if (!headers) return null;
  const budget = (kind: 'requests' | 'tokens'): Budget => ({
    limit: count(headers.get(`x-ratelimit-limit-${kind}`)),
    remaining: count(headers.get(`x-ratelimit-remaining-${kind}`)),
    resetMs: parseResetDuration(headers.get(`x-ratelimit-reset-${kind}`)),
  });
  const read = { requests: budget('requests'), tokens: budget('tokens') };
  const any = [read.requests, read.tokens].some((b) => b.limit !== null || b.remaining !== null);
  return any ? read : null;
}

/**
 * OpenAI's reset durations, e.g. `6m0s`, `1s`, `20ms`, `17.28s`, `1h2m3s`, in ms; null when the
 * text is absent or does not read as one.
 */
export function parseResetDuration(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(trimmed)) return null;
  const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let ms = 0;
  for (const [, value, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(h|ms|m|s)/g)) {
    ms += Number(value) * unitMs[unit!]!;
  }
  return Math.round(ms);
}

/** A budget reading as the writer keeps it: what was left, and until when the reading holds. */
export interface BudgetReading {
  /** Share of the limit left (0–1). */
  share: number;
  /** Epoch ms when the server said the budget is back to full. */
  until: number;
}

/**
 * The tightest of a response's request and token budgets, as a reading that holds until the
 * server said it would be full again; null when neither names a limit and what is left.
 */
export function budgetReading(headers: RateLimitHeaders, receivedAt: number): BudgetReading | null {
  let tightest: BudgetReading | null = null;
  for (const b of [headers.requests, headers.tokens]) {
    if (b.limit === null || b.remaining === null || b.limit <= 0) continue;
    const share = Math.min(1, Math.max(0, b.remaining / b.limit));
    if (tightest === null || share < tightest.share) {
      tightest = { share, until: receivedAt + (b.resetMs ?? DEFAULT_BUDGET_HOLD_MS) };
    }
  }
  return tightest;
}

/**
 * Requests the writer may start in any 60 s window: the cap less its margin, shrunk in
 * proportion when the latest budget reading (still holding at `now`) is below LOW_BUDGET_SHARE,
 * never below MIN_RATE_SHARE of the cap, and at least 1.
 */
export function startsPerMinute(cap: number, budget: BudgetReading | null, now: number): number {
  let factor = 1;
  if (budget !== null && now < budget.until && budget.share < LOW_BUDGET_SHARE) {
    factor = Math.max(MIN_RATE_SHARE, budget.share / LOW_BUDGET_SHARE);
  }
  return Math.max(1, Math.floor(cap * (1 - CAP_MARGIN) * factor));
}

/**
 * Requests to keep in flight so that `perMinute` starts are possible when answers take
 * `meanLatencyMs` (Little's law: in flight = start rate × time in flight), with
 * IN_FLIGHT_HEADROOM for the latency to vary; between MIN_IN_FLIGHT and `max`.
 */
export function inFlightTarget(perMinute: number, meanLatencyMs: number, max: number): number {
  const needed = Math.ceil((perMinute / 60_000) * meanLatencyMs * IN_FLIGHT_HEADROOM);
  return Math.max(Math.min(MIN_IN_FLIGHT, max), Math.min(max, needed));
}

/**
 * The mean of the last `size` request durations. Until `size` requests have finished, the
 * missing ones count as `priorMs`: the first answers to come back are the fast ones, and their
 * mean alone would understate the latency the writer must keep requests in flight for.
 */
export function createLatencyWindow(size: number, priorMs: number) {
  const samples: number[] = [];
  let next = 0;
  let sum = 0;
  return {
    add(ms: number): void {
      const value = Math.max(0, ms);
      if (samples.length < size) samples.push(value);
      else {
        sum -= samples[next]!;
        samples[next] = value;
      }
      sum += value;
      next = (next + 1) % size;
    },
    mean(): number {
      return (sum + priorMs * (size - samples.length)) / size;
    },
  };
}

function count(text: string | null): number | null {
  if (text === null || !/^\s*\d+\s*$/.test(text)) return null;
  return Number(text);
}
