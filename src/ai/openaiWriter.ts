/**
 * Writes digests and plans with OpenAI's chat completions and strict structured outputs,
 * inside the run's limits: a requests-per-minute cap (the key's own, read from the answers'
 * headers) filled evenly, requests in flight adapted to the latency it observes, the rate
 * shrunk when the server says the budget is nearly gone, the seed's retry schedule,
 * Retry-After, the run's deadline, and a stop on insufficient_quota.
 */
import { APIError, RateLimitError } from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import PQueue from 'p-queue';
import {
  DeadlineExceededError,
  RETRY_DELAYS_MS,
  RetryExhaustedError,
  coerceError,
  withRetry,
} from '../lib/retry.ts';
import { classifyAiError, isInsufficientQuota, retryAfterMsOf } from './failures.ts';
import {
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_REQUESTS_PER_MINUTE,
  budgetReading,
  createLatencyWindow,
  inFlightTarget,
  readRateLimitHeaders,
  startsPerMinute,
  type BudgetReading,
} from './rateLimits.ts';
import { createOpenAiClient } from './client.ts';
import { chatBody, digestRequest, interpret, planRequest, type ChatRequest } from './chatRequests.ts';
import { DEFAULT_PRICES, usageOf, type PriceTable } from './prices.ts';
import { QuotaExceededError, type AiWriter, type CallContext, type Written } from './types.ts';

export interface OpenAiWriterOptions {
  apiKey: string;
  /** An OpenAI-compatible base URL ending in /v1 (a proxy, the fake server). @default OpenAI's own */
  baseURL?: string | null;
  model: string;
  /**
   * Most requests in flight at once (waiting for their start slot or sent). Below it, the number
   * adapts: the start rate × the mean latency observed, with headroom (rateLimits.ts).
   * @default DEFAULT_MAX_IN_FLIGHT (1024)
   */
  concurrency?: number;
  /**
   * Most requests started in any 60 s window, spread evenly. The server's
   * `x-ratelimit-limit-requests` lowers it; without this option, that header sets it.
   * @default the server's limit, DEFAULT_REQUESTS_PER_MINUTE (500) until an answer names it
   */
  requestsPerMinute?: number;
  /** Per request, until the response headers arrive. @default 30000 */
  timeoutMs?: number;
  /** The wait before each try. @default RETRY_DELAYS_MS (0 s, 3 s, 10 s) */
  retryDelaysMs?: readonly number[];
  /** Used for retry waits and request spacing, so tests can run on a fake clock. */
  sleep: (ms: number) => Promise<void>;
  /** @default Date.now */
  now?: () => number;
  /** Merged over DEFAULT_PRICES. */
  prices?: PriceTable;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

const WINDOW_MS = 60_000;
/** Latencies the in-flight target averages over, and the latency assumed before they come in. */
const LATENCY_WINDOW = 256;
const PRIOR_LATENCY_MS = 5000;
/** How far behind its schedule a late start slot may be caught up (a short burst, not a lost slot). */
const CATCH_UP_MS = 50;

/**
 * A writer calling OpenAI. Results are checked with the zod schema and validateDigest /
 * validatePlan; a call that still fails after its tries throws RetryExhaustedError (wrap the
 * writer in withFallback to get a fallback instead). Two exceptions: insufficient_quota throws
 * QuotaExceededError, at once and for every later call; a call that could not send a single
 * request before `ctx.deadline` throws DeadlineExceededError.
 */
export function createOpenAiWriter(opts: OpenAiWriterOptions): AiWriter {
  if (opts.apiKey.trim() === '') {
    throw new Error(
      'Expected an OpenAI API key (OPENAI_API_KEY), got an empty string. Use the offline writer without one.',
    );
  }
  const maxInFlight = positiveInteger('concurrency', opts.concurrency ?? DEFAULT_MAX_IN_FLIGHT);
  const fixedRpm =
    opts.requestsPerMinute === undefined
      ? null
      : positiveInteger('requestsPerMinute', opts.requestsPerMinute);
  const timeoutMs = positiveInteger('timeoutMs', opts.timeoutMs ?? 30_000);
  const now = opts.now ?? Date.now;
  const { sleep, model } = opts;
  const prices = { ...DEFAULT_PRICES, ...opts.prices };

  const client = createOpenAiClient({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    // withRetry below is the only retry layer. The SDK's own retries (2 by default) would run
    // inside each of our 3 tries — up to 9 requests per call, outside our schedule, our
    // deadline and our request count.
    maxRetries: 0,
    timeoutMs,
    fetch: opts.fetch,
  });

  // What the answers said: the key's request limit, and the latest budget reading.
  let serverLimit: number | null = null;
  let budget: BudgetReading | null = null;
  const latency = createLatencyWindow(LATENCY_WINDOW, PRIOR_LATENCY_MS);
  const cap = () =>
    fixedRpm === null
      ? (serverLimit ?? DEFAULT_REQUESTS_PER_MINUTE)
      : Math.min(fixedRpm, serverLimit ?? fixedRpm);
  const perMinute = () => startsPerMinute(cap(), budget, now());

  // p-queue bounds the requests in flight; its concurrency follows inFlightTarget as answers
  // come back. The per-minute cap is a pacer on the injected clock, because p-queue's interval
  // runs on the real one.
  const queue = new PQueue({ concurrency: inFlightTarget(perMinute(), latency.mean(), maxInFlight) });
  const adapt = () => {
    const target = inFlightTarget(perMinute(), latency.mean(), maxInFlight);
    if (queue.concurrency !== target) queue.concurrency = target;
  };
  // Calls waiting out a retry delay: they hold no place in the queue but will want one.
  let betweenTries = 0;

  // The pacer lets one request at a time take the next start slot, spacing slots 60 s ÷ the
  // rate apart. Slots are kept on the schedule, not on when a timer happened to fire, so a late
  // wake-up (up to CATCH_UP_MS) is caught up instead of lowering the rate; and the real start
  // times of the last 60 s are checked too, so that no 60 s window ever holds more starts than
  // the rate allows, even after a stall or a change of rate.
  let lastSlot = Number.NEGATIVE_INFINITY;
  const starts: number[] = [];
  let startsHead = 0;
  let turn: Promise<void> = Promise.resolve();
  // Set by a 429 with Retry-After: every request waits, not only the one that was refused.
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let pauseSetAt = Number.NEGATIVE_INFINITY;
  // Latched on the first insufficient_quota: from then on nothing more is sent.
  let quotaError: QuotaExceededError | null = null;

  const totals = { requests: 0, promptTokens: 0, completionTokens: 0 };

  /** The earliest time a start keeps every 60 s window at or under `limit` starts. */
  function windowFreeAt(t: number, limit: number): number {
    while (startsHead < starts.length && starts[startsHead]! <= t - WINDOW_MS) startsHead += 1;
    if (startsHead > 1024 && startsHead * 2 > starts.length) {
      starts.splice(0, startsHead);
      startsHead = 0;
    }
    const inWindow = starts.length - startsHead;
    return inWindow < limit ? Number.NEGATIVE_INFINITY : starts[starts.length - limit]! + WINDOW_MS;
  }

  /** Waits for this request's start slot; throws when the slot would come after the deadline. */
  async function pace(deadline: number | undefined): Promise<void> {
    const previous = turn;
    let done!: () => void;
    turn = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
      for (;;) {
        const t = now();
        // Spacing follows the rate (shrunk while the budget is low); the 60 s window holds to the
        // cap itself, so a lower rate slows the next starts instead of stopping them until the
        // starts of the last minute have aged out.
        const slot = Math.max(
          lastSlot + WINDOW_MS / perMinute(),
          t - CATCH_UP_MS,
          pausedUntil,
          windowFreeAt(t, startsPerMinute(cap(), null, t)),
        );
        if (deadline !== undefined && slot > deadline) {
          throw new DeadlineExceededError(
            `The next request slot (${new Date(slot).toISOString()}) is after the deadline ${new Date(deadline).toISOString()}`,
          );
        }
        if (slot <= t) {
          lastSlot = slot;
          starts.push(t);
          return;
        }
        // Then look again: a 429 or a new rate may have moved the slot meanwhile.
        await sleep(slot - t);
      }
    } finally {
      done();
    }
  }

  /** Learns from one finished request: its time in flight and the rate-limit headers it carried. */
  function heard(headers: Headers | undefined, sentAt: number): void {
    const t = now();
    latency.add(t - sentAt);
    const read = readRateLimitHeaders(headers);
    if (read !== null) {
      if (read.requests.limit !== null && read.requests.limit > 0) serverLimit = read.requests.limit;
      budget = budgetReading(read, t) ?? budget;
    }
    adapt();
  }

  async function send<T>(req: ChatRequest<T>, deadline: number | undefined, onSend: () => void): Promise<T> {
    if (quotaError) throw quotaError;
    await pace(deadline);
    if (quotaError) throw quotaError;
    totals.requests += 1;
    onSend();
    const sentAt = now();
    let completion: ChatCompletion;
    try {
      const { data, response } = await client.chat.completions.create(chatBody(model, req)).withResponse();
      heard(response.headers, sentAt);
      completion = data;
    } catch (error) {
      heard(
        error instanceof APIError && error.headers instanceof Headers ? error.headers : undefined,
        sentAt,
      );
      if (isInsufficientQuota(error)) {
        quotaError ??= new QuotaExceededError(
          `OpenAI quota exhausted (insufficient_quota): ${(error as Error).message}. ` +
            'Waiting will not clear it: add credit or raise the limit of the project behind OPENAI_API_KEY, then re-run.',
          { cause: error },
        );
        throw quotaError;
      }
      if (error instanceof RateLimitError) {
        const wait = retryAfterMsOf(error, now());
        // A 429 to a request sent before the current pause began is old news: that pause
        // already answers it, and extending it for every such answer would stall the run.
        if (wait !== null && sentAt >= pauseSetAt) {
          pausedUntil = Math.max(pausedUntil, now() + wait);
          pauseSetAt = now();
        }
      }
      throw error;
    }
    totals.promptTokens += completion.usage?.prompt_tokens ?? 0;
    totals.completionTokens += completion.usage?.completion_tokens ?? 0;
    return interpret(completion, req);
  }

  async function write<T>(req: ChatRequest<T>, ctx: CallContext | undefined): Promise<Written<T>> {
    if (quotaError) throw quotaError;
    const deadline = ctx?.deadline;
    // Requests actually sent for this call: a try refused by the deadline sends none.
    let sent = 0;
    let lastSentError: Error | null = null;
    try {
      const { value } = await withRetry(
        async () => {
          try {
            // Each try queues anew, so a call waiting out a retry delay holds no concurrency slot.
            return await queue.add(() => send(req, deadline, () => (sent += 1)));
          } catch (error) {
            if (!(error instanceof DeadlineExceededError)) lastSentError = coerceError(error);
            throw error;
          }
        },
        {
          delaysMs: opts.retryDelaysMs ?? RETRY_DELAYS_MS,
          sleep: async (ms) => {
            betweenTries += 1;
            try {
              await sleep(ms);
            } finally {
              betweenTries -= 1;
            }
          },
          now,
          ...(deadline === undefined ? {} : { deadline }),
          isRetryable: (e) => classifyAiError(e).retryable,
          retryAfterMs: (e) => retryAfterMsOf(e, now()),
        },
      );
      return { value, method: 'ai', model, attempts: sent };
    } catch (error) {
      if (!(error instanceof RetryExhaustedError)) throw error;
      // Quota is fatal for the run, so it leaves as itself rather than as a failed call.
      if (error.cause instanceof QuotaExceededError) throw error.cause;
      if (error.cause instanceof DeadlineExceededError) {
        // Never started: not an AI failure, and the caller may leave the work to the next run.
        if (sent === 0 || lastSentError === null) throw error.cause;
        // Tried and failed, then ran out of time: report the real failure and the real tries.
        throw new RetryExhaustedError(sent, 'deadline', error.delaysMs, lastSentError);
      }
      throw error;
    }
  }

  return {
    kind: 'openai',
    model,
    capacity: () => queue.concurrency + betweenTries,
    writeDigest: (facts, ctx) => write(digestRequest(facts), ctx),
    writePlan: (input, ctx) => write(planRequest(input), ctx),
    usage: () => usageOf(totals, model, prices),
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `Expected \`${name}\` to be an integer from 1 and up, got \`${value}\` (${typeof value})`,
    );
  }
  return value;
}
