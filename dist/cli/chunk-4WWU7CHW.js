import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  AiOutputError,
  PQueue,
  QuotaExceededError,
  chatBody,
  createOfflineWriter,
  digestRequest,
  interpret,
  planRequest
} from "./chunk-24W4TJKO.js";
import {
  DeadlineExceededError,
  RETRY_DELAYS_MS,
  RetryExhaustedError,
  attemptsOf,
  coerceError,
  withRetry
} from "./chunk-HZUTH2YY.js";
import {
  ConfigError
} from "./chunk-X27H6HXQ.js";
import {
  createBatchClient,
  createOpenAiClient
} from "./chunk-GWVEPKG7.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  RateLimitError
} from "./chunk-L6ZWD2HZ.js";

// src/lib/heap.ts
import v8 from "node:v8";
function favourSmallHeap() {
  try {
    v8.setFlagsFromString("--optimize-for-size");
  } catch {
  }
}

// src/ai/prices.ts
var DEFAULT_PRICES = {
  "gpt-4o-mini": { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  "gpt-4o": { inputPerMTok: 2.5, outputPerMTok: 10 },
  "gpt-4.1-mini": { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  "gpt-4.1-nano": { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  "gpt-4.1": { inputPerMTok: 2, outputPerMTok: 8 }
};
var BATCH_DISCOUNT = 0.5;
function priceOf(model, prices) {
  return prices[model] ?? prices[model.replace(/-\d{4}-\d{2}-\d{2}$/, "")] ?? null;
}
function usageOf(totals, model, prices, discount = 1) {
  const price = priceOf(model, prices);
  const usage = {
    ...totals,
    estimatedCostUsd: price ? (totals.promptTokens * price.inputPerMTok + totals.completionTokens * price.outputPerMTok) * discount / 1e6 : 0
  };
  if (!price) usage.costNote = `No price known for model ${model}; its cost is counted as 0.`;
  return usage;
}

// src/ai/batchWriter.ts
var BATCH_LIMITS = { requests: 5e4, bytes: 190 * 1024 * 1024 };
function createBatchWriter(opts) {
  const prices = { ...DEFAULT_PRICES, ...opts.prices };
  const totals = { requests: 0, promptTokens: 0, completionTokens: 0 };
  return {
    client: opts.client,
    model: opts.model,
    deadlineMs: opts.deadlineMs,
    limits: opts.limits ?? BATCH_LIMITS,
    heard(completion) {
      totals.requests += 1;
      totals.promptTokens += completion.usage?.prompt_tokens ?? 0;
      totals.completionTokens += completion.usage?.completion_tokens ?? 0;
    },
    // Priced by the model that answered as the requests named it (the batch's answers may name
    // a dated snapshot of it, which priceOf maps back).
    usage: () => usageOf(totals, opts.model, prices, BATCH_DISCOUNT)
  };
}

// src/ai/failures.ts
var MAX_RETRY_AFTER_MS = 6e4;
var RETRYABLE_STATUSES = /* @__PURE__ */ new Set([408, 409, 429]);
var INSUFFICIENT_QUOTA = "insufficient_quota";
function isInsufficientQuota(e) {
  return e instanceof APIError && e.status === 429 && (e.code === INSUFFICIENT_QUOTA || e.type === INSUFFICIENT_QUOTA);
}
function classifyAiError(e) {
  if (e instanceof RetryExhaustedError) return classifyAiError(e.cause);
  if (e instanceof QuotaExceededError || isInsufficientQuota(e))
    return { reason: INSUFFICIENT_QUOTA, retryable: false };
  if (e instanceof DeadlineExceededError) return { reason: "deadline", retryable: false };
  if (e instanceof AiOutputError) {
    const repeats = e.problem === "refusal" || e.problem === "content_filter";
    return { reason: e.problem, retryable: !repeats };
  }
  if (e instanceof APIConnectionTimeoutError) return { reason: "timeout", retryable: true };
  if (e instanceof APIUserAbortError) return { reason: "aborted", retryable: false };
  if (e instanceof APIConnectionError) return { reason: "connection", retryable: true };
  if (e instanceof APIError && typeof e.status === "number") {
    return { reason: `http_${e.status}`, retryable: RETRYABLE_STATUSES.has(e.status) || e.status >= 500 };
  }
  const name = e instanceof Error ? e.name.replace(/[^\w]/g, "").slice(0, 40) : typeof e;
  return { reason: `unexpected_${name || "error"}`, retryable: false };
}
function retryAfterMsOf(e, now) {
  if (!(e instanceof APIError) || !(e.headers instanceof Headers)) return null;
  const clamp = (ms2) => Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms2)));
  const ms = Number.parseFloat(e.headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms)) return clamp(ms);
  const header = e.headers.get("retry-after");
  if (header === null) return null;
  const seconds = Number.parseFloat(header);
  if (Number.isFinite(seconds)) return clamp(seconds * 1e3);
  const date = Date.parse(header);
  return Number.isFinite(date) ? clamp(date - now) : null;
}

// src/ai/rateLimits.ts
var DEFAULT_REQUESTS_PER_MINUTE = 500;
var DEFAULT_MAX_IN_FLIGHT = 1024;
var MIN_IN_FLIGHT = 8;
var CAP_MARGIN = 0.01;
var LOW_BUDGET_SHARE = 0.1;
var MIN_RATE_SHARE = 0.05;
var IN_FLIGHT_HEADROOM = 1.5;
var DEFAULT_BUDGET_HOLD_MS = 6e4;
function readRateLimitHeaders(headers) {
  if (!headers) return null;
  const budget = (kind) => ({
    limit: count(headers.get(`x-ratelimit-limit-${kind}`)),
    remaining: count(headers.get(`x-ratelimit-remaining-${kind}`)),
    resetMs: parseResetDuration(headers.get(`x-ratelimit-reset-${kind}`))
  });
  const read = { requests: budget("requests"), tokens: budget("tokens") };
  const any = [read.requests, read.tokens].some((b) => b.limit !== null || b.remaining !== null);
  return any ? read : null;
}
function parseResetDuration(text) {
  if (text === null || text === void 0) return null;
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(trimmed)) return null;
  const unitMs = { h: 36e5, m: 6e4, s: 1e3, ms: 1 };
  let ms = 0;
  for (const [, value, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(h|ms|m|s)/g)) {
    ms += Number(value) * unitMs[unit];
  }
  return Math.round(ms);
}
function budgetReading(headers, receivedAt) {
  let tightest = null;
  for (const b of [headers.requests, headers.tokens]) {
    if (b.limit === null || b.remaining === null || b.limit <= 0) continue;
    const share = Math.min(1, Math.max(0, b.remaining / b.limit));
    if (tightest === null || share < tightest.share) {
      tightest = { share, until: receivedAt + (b.resetMs ?? DEFAULT_BUDGET_HOLD_MS) };
    }
  }
  return tightest;
}
function startsPerMinute(cap, budget, now) {
  let factor = 1;
  if (budget !== null && now < budget.until && budget.share < LOW_BUDGET_SHARE) {
    factor = Math.max(MIN_RATE_SHARE, budget.share / LOW_BUDGET_SHARE);
  }
  return Math.max(1, Math.floor(cap * (1 - CAP_MARGIN) * factor));
}
function inFlightTarget(perMinute, meanLatencyMs, max) {
  const needed = Math.ceil(perMinute / 6e4 * meanLatencyMs * IN_FLIGHT_HEADROOM);
  return Math.max(Math.min(MIN_IN_FLIGHT, max), Math.min(max, needed));
}
function createLatencyWindow(size, priorMs) {
  const samples = [];
  let next = 0;
  let sum = 0;
  return {
    add(ms) {
      const value = Math.max(0, ms);
      if (samples.length < size) samples.push(value);
      else {
        sum -= samples[next];
        samples[next] = value;
      }
      sum += value;
      next = (next + 1) % size;
    },
    mean() {
      return (sum + priorMs * (size - samples.length)) / size;
    }
  };
}
function count(text) {
  if (text === null || !/^\s*\d+\s*$/.test(text)) return null;
  return Number(text);
}

// src/ai/openaiWriter.ts
var WINDOW_MS = 6e4;
var LATENCY_WINDOW = 256;
var PRIOR_LATENCY_MS = 5e3;
var CATCH_UP_MS = 50;
function createOpenAiWriter(opts) {
  if (opts.apiKey.trim() === "") {
    throw new Error(
      "Expected an OpenAI API key (OPENAI_API_KEY), got an empty string. Use the offline writer without one."
    );
  }
  const maxInFlight = positiveInteger("concurrency", opts.concurrency ?? DEFAULT_MAX_IN_FLIGHT);
  const fixedRpm = opts.requestsPerMinute === void 0 ? null : positiveInteger("requestsPerMinute", opts.requestsPerMinute);
  const timeoutMs = positiveInteger("timeoutMs", opts.timeoutMs ?? 3e4);
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
    fetch: opts.fetch
  });
  let serverLimit = null;
  let budget = null;
  const latency = createLatencyWindow(LATENCY_WINDOW, PRIOR_LATENCY_MS);
  const cap = () => fixedRpm === null ? serverLimit ?? DEFAULT_REQUESTS_PER_MINUTE : Math.min(fixedRpm, serverLimit ?? fixedRpm);
  const perMinute = () => startsPerMinute(cap(), budget, now());
  const queue = new PQueue({ concurrency: inFlightTarget(perMinute(), latency.mean(), maxInFlight) });
  const adapt = () => {
    const target = inFlightTarget(perMinute(), latency.mean(), maxInFlight);
    if (queue.concurrency !== target) queue.concurrency = target;
  };
  let betweenTries = 0;
  let lastSlot = Number.NEGATIVE_INFINITY;
  const starts = [];
  let startsHead = 0;
  let turn = Promise.resolve();
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let pauseSetAt = Number.NEGATIVE_INFINITY;
  let quotaError = null;
  const totals = { requests: 0, promptTokens: 0, completionTokens: 0 };
  function windowFreeAt(t, limit) {
    while (startsHead < starts.length && starts[startsHead] <= t - WINDOW_MS) startsHead += 1;
    if (startsHead > 1024 && startsHead * 2 > starts.length) {
      starts.splice(0, startsHead);
      startsHead = 0;
    }
    const inWindow = starts.length - startsHead;
    return inWindow < limit ? Number.NEGATIVE_INFINITY : starts[starts.length - limit] + WINDOW_MS;
  }
  async function pace(deadline) {
    const previous = turn;
    let done;
    turn = new Promise((resolve) => done = resolve);
    await previous;
    try {
      for (; ; ) {
        const t = now();
        const slot = Math.max(
          lastSlot + WINDOW_MS / perMinute(),
          t - CATCH_UP_MS,
          pausedUntil,
          windowFreeAt(t, startsPerMinute(cap(), null, t))
        );
        if (deadline !== void 0 && slot > deadline) {
          throw new DeadlineExceededError(
            `The next request slot (${new Date(slot).toISOString()}) is after the deadline ${new Date(deadline).toISOString()}`
          );
        }
        if (slot <= t) {
          lastSlot = slot;
          starts.push(t);
          return;
        }
        await sleep(slot - t);
      }
    } finally {
      done();
    }
  }
  function heard(headers, sentAt) {
    const t = now();
    latency.add(t - sentAt);
    const read = readRateLimitHeaders(headers);
    if (read !== null) {
      if (read.requests.limit !== null && read.requests.limit > 0) serverLimit = read.requests.limit;
      budget = budgetReading(read, t) ?? budget;
    }
    adapt();
  }
  async function send(req, deadline, onSend) {
    if (quotaError) throw quotaError;
    await pace(deadline);
    if (quotaError) throw quotaError;
    totals.requests += 1;
    onSend();
    const sentAt = now();
    let completion;
    try {
      const { data, response } = await client.chat.completions.create(chatBody(model, req)).withResponse();
      heard(response.headers, sentAt);
      completion = data;
    } catch (error) {
      heard(
        error instanceof APIError && error.headers instanceof Headers ? error.headers : void 0,
        sentAt
      );
      if (isInsufficientQuota(error)) {
        quotaError ??= new QuotaExceededError(
          `OpenAI quota exhausted (insufficient_quota): ${error.message}. Waiting will not clear it: add credit or raise the limit of the project behind OPENAI_API_KEY, then re-run.`,
          { cause: error }
        );
        throw quotaError;
      }
      if (error instanceof RateLimitError) {
        const wait = retryAfterMsOf(error, now());
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
  async function write(req, ctx) {
    if (quotaError) throw quotaError;
    const deadline = ctx?.deadline;
    let sent = 0;
    let lastSentError = null;
    try {
      const { value } = await withRetry(
        async () => {
          try {
            return await queue.add(() => send(req, deadline, () => sent += 1));
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
          ...deadline === void 0 ? {} : { deadline },
          isRetryable: (e) => classifyAiError(e).retryable,
          retryAfterMs: (e) => retryAfterMsOf(e, now())
        }
      );
      return { value, method: "ai", model, attempts: sent };
    } catch (error) {
      if (!(error instanceof RetryExhaustedError)) throw error;
      if (error.cause instanceof QuotaExceededError) throw error.cause;
      if (error.cause instanceof DeadlineExceededError) {
        if (sent === 0 || lastSentError === null) throw error.cause;
        throw new RetryExhaustedError(sent, "deadline", error.delaysMs, lastSentError);
      }
      throw error;
    }
  }
  return {
    kind: "openai",
    model,
    capacity: () => queue.concurrency + betweenTries,
    writeDigest: (facts, ctx) => write(digestRequest(facts), ctx),
    writePlan: (input, ctx) => write(planRequest(input), ctx),
    usage: () => usageOf(totals, model, prices)
  };
}
function positiveInteger(name, value) {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `Expected \`${name}\` to be an integer from 1 and up, got \`${value}\` (${typeof value})`
    );
  }
  return value;
}

// src/ai/withFallback.ts
function withFallback(primary, fallback = createOfflineWriter("fallback")) {
  async function guarded(run, rescue) {
    try {
      return await run();
    } catch (error) {
      if (error instanceof QuotaExceededError || error instanceof DeadlineExceededError) throw error;
      const written = await rescue();
      return {
        ...written,
        method: "fallback",
        // An error that did not come through withRetry was a single try.
        attempts: attemptsOf(error) ?? 1,
        fallbackReason: classifyAiError(error).reason
      };
    }
  }
  return {
    kind: primary.kind,
    model: primary.model,
    writeDigest: (facts, ctx) => guarded(
      () => primary.writeDigest(facts, ctx),
      () => fallback.writeDigest(facts, ctx)
    ),
    writePlan: (input, ctx) => guarded(
      () => primary.writePlan(input, ctx),
      () => fallback.writePlan(input, ctx)
    ),
    usage: () => primary.usage(),
    ...primary.capacity ? { capacity: () => primary.capacity() } : {}
  };
}

// src/ai/writers.ts
function createWriters(config, mode, deps = {}) {
  const template = createOfflineWriter("template");
  if (mode === "offline") return { ai: template, template };
  if (deps.dryRun && !config.openaiApiKey) return { ai: dryRunWriter(config.openaiModel), template };
  if (!config.openaiApiKey) {
    throw new ConfigError(
      "OPENAI_API_KEY is not set. Set it to write digests and plans with OpenAI, or pass --ai offline (action input ai: offline) to write them from templates."
    );
  }
  favourSmallHeap();
  const openai = createOpenAiWriter({
    apiKey: config.openaiApiKey,
    baseURL: config.openaiBaseUrl,
    model: config.openaiModel,
    concurrency: deps.concurrency,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
  });
  return { ai: withFallback(openai, createOfflineWriter("fallback")), template };
}
function dryRunWriter(model) {
  const refuse = () => Promise.reject(new Error("A dry run makes no OpenAI calls."));
  return {
    kind: "openai",
    model,
    writeDigest: refuse,
    writePlan: refuse,
    usage: () => ({ requests: 0, promptTokens: 0, completionTokens: 0, estimatedCostUsd: 0 })
  };
}
function createBatchWriterFor(config, deps = {}) {
  let client;
  if (config.openaiApiKey) {
    client = createBatchClient({ apiKey: config.openaiApiKey, baseURL: config.openaiBaseUrl });
  } else if (deps.dryRun) {
    const refuse = () => {
      throw new Error("A dry run makes no OpenAI calls.");
    };
    client = { submit: refuse, findByKey: refuse, retrieve: refuse, cancel: refuse, lines: refuse };
  } else {
    throw new ConfigError(
      "OPENAI_API_KEY is not set. Batch mode (--ai batch) submits to OpenAI's Batch API and needs it; pass --ai offline to write templates instead."
    );
  }
  return createBatchWriter({ client, model: config.openaiModel, deadlineMs: config.batchDeadlineMs });
}

export {
  createWriters,
  createBatchWriterFor
};
