/**
 * A fake OpenAI API for tests: a real HTTP server on 127.0.0.1 answering
 * `POST /v1/chat/completions` as the official SDK calls it. For a `json_schema` response format
 * it answers with JSON built from the schema itself, so any strict schema works without
 * fixtures. It can enforce a requests-per-minute cap (and report it in OpenAI's x-ratelimit-*
 * headers), answer after a latency drawn from a distribution, inject faults, and it records
 * every request so tests can check what left the process. createVirtualOpenAI answers the same
 * way inside the process, on a virtual clock, for tests of the writer's pacing at scale.
 *
 * Time: a request's time is its `x-fake-now` header when present (see createVirtualClock),
 * else `now()`. That lets the rate cap and its statistics run on a test's virtual clock.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { PLAN_SCHEMA_NAME } from '../../src/domain/planSchema.ts';
import { FIXED_VALUES_LABEL } from '../../src/domain/planPrompt.ts';
import { closeServer, listen, parseJsonObject, readBody, readBodyBytes, sendJson } from './http.ts';

export type Fault = 'server_error' | 'rate_limit' | 'hang' | 'malformed' | 'refusal' | 'insufficient_quota';

export const ALL_FAULTS: readonly Fault[] = [
  'server_error',
  'rate_limit',
  'hang',
  'malformed',
  'refusal',
  'insufficient_quota',
];

export interface FaultPlan {
  /** Faults for the first accepted requests, in order; null answers that one normally. */
  sequence?: (Fault | null)[];
  /** After the sequence: the share (0–1) of accepted requests given a fault. @default 0 */
  rate?: number;
  /** The faults `rate` draws from. @default every fault but insufficient_quota */
  kinds?: Fault[];
  /** Seeds the draws, so a run is repeatable. @default 1 */
  seed?: number;
  /** The `retry-after` (seconds) of an injected rate_limit. @default 1 */
  retryAfterSeconds?: number;
}

export type Outcome = 'ok' | Fault | 'rpm_limited' | 'bad_request' | 'unauthorized' | 'not_found';

export interface RecordedRequest {
  /** The request's time (see the module comment). */
  at: number;
  method: string;
  path: string;
  /** The parsed JSON body, or the raw text when it did not parse. */
  body: unknown;
  outcome: Outcome;
  /** The usage reported back, for answered completions. */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** Answer latencies drawn uniformly between minMs and maxMs, a share of them slower. */
export interface LatencyDistribution {
  minMs: number;
  maxMs: number;
  /** The share (0–1) of answers drawn between slowMinMs and slowMaxMs instead. @default 0 */
  slowShare?: number;
  slowMinMs?: number;
  slowMaxMs?: number;
  /** Seeds the draws, so a run is repeatable. @default 1 */
  seed?: number;
}

export interface FakeOpenAIOptions {
  /** Delay before each answer, in real ms: fixed, or drawn from a distribution. @default 0 */
  latencyMs?: number | LatencyDistribution;
  /** Accepted requests allowed in any 60 s window; more are answered 429 and not accepted. */
  rpmCap?: number;
  /**
   * With rpmCap: every chat completion answer carries OpenAI's `x-ratelimit-limit-requests`
   * (the cap), `-remaining-requests` and `-reset-requests`, from a budget that refills
   * continuously at the cap per minute, as OpenAI's does. @default false
   */
  rateLimitHeaders?: boolean;
  /** Keep each request's body in `requests` (false: null, for long benchmark runs). @default true */
  recordBodies?: boolean;
  faults?: FaultPlan;
  /** The clock for requests without `x-fake-now`. @default Date.now */
  now?: () => number;
  /** Replaces the schema-built content of a normal answer (return undefined to keep it). */
  content?: (body: ChatBody) => unknown;
  /** Preferred numbers by property name, merged over DEFAULT_NUMBER_HINTS (see fromSchema). */
  numberHints?: Record<string, number>;
  /** The script of batches created on the fake (see BatchScript); `batches.setScript` changes it. */
  batchScript?: BatchScript | ((create: BatchCreateInfo) => BatchScript);
}

export interface ChatBody {
  model?: unknown;
  messages?: unknown;
  response_format?: { type?: unknown; json_schema?: { name?: unknown; schema?: unknown } };
}

export interface FakeOpenAI {
  /** Base URL ending in /v1, for the SDK's `baseURL`. */
  url: string;
  requests: RecordedRequest[];
  stats(): {
    maxRequestsInAnyMinute: number;
    total: number;
    accepted: number;
    rpmLimited: number;
    /** Most accepted requests being answered at once. */
    maxInFlight: number;
  };
  setFaults(faults: FaultPlan | undefined): void;
  /** Drives the batches created through `/v1/batches` (see FakeBatchControl). */
  batches: FakeBatchControl;
  /** Files uploaded through `/v1/files` and written as batch output, by id. */
  files: FakeFileStore;
  /** Every request to `/v1/files` and `/v1/batches`, in order (not in `requests`, nor in stats). */
  batchRequests: RecordedBatchRequest[];
  /** `batchRequests` counted by endpoint, e.g. `{ 'batches.retrieve': 3 }`. */
  batchRequestCounts(): Partial<Record<BatchApiEndpoint, number>>;
  close(): Promise<void>;
}

const WINDOW_MS = 60_000;
/** Every answer's headers, as OpenAI sends them (no charset in the content type). */
const OPENAI_HEADERS = { 'content-type': 'application/json', 'x-request-id': 'req_fake' };

/** Numbers a typical profile accepts, where the smallest allowed value would not. */
export const DEFAULT_NUMBER_HINTS: Readonly<Record<string, number>> = {
  target_hours: 8,
};

/** The session length a plan answer gives: the plan checks accept it for profiles of 30–90 minutes. */
export const PLAN_SESSION_MINUTES = 45;

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  // Times of accepted requests, ascending (a virtual clock may stamp them a little out of order).
  const accepted: number[] = [];
  const drawLatency = latencyOf(opts.latencyMs);
  const budget = opts.rpmCap === undefined ? null : createRequestBudget(opts.rpmCap);
  let inFlight = 0;
  let maxInFlight = 0;
  const limitHeaders = (at: number): Record<string, string> =>
    opts.rateLimitHeaders && budget ? budget.headers(at) : {};
  let faults = opts.faults;
  let sequenceIndex = 0;
  let random = mulberry32(faults?.seed ?? 1);
  let completionId = 0;
  const hints = { ...DEFAULT_NUMBER_HINTS, ...opts.numberHints };
  const batchApi = createBatchApi({
    now: opts.now ?? Date.now,
    // A batch line is answered as the direct endpoint answers the same request.
    answer: (chat, at, fault) => {
      completionId += 1;
      return buildCompletion(chat, {
        id: completionId,
        at,
        fault,
        hints,
        ...(opts.content ? { content: opts.content } : {}),
      });
    },
  });
  batchApi.control.setScript(opts.batchScript);

  function nextFault(): Fault | null {
    if (!faults) return null;
    const sequence = faults.sequence ?? [];
    if (sequenceIndex < sequence.length) return sequence[sequenceIndex++] ?? null;
    const rate = faults.rate ?? 0;
    if (rate <= 0 || random() >= rate) return null;
    const kinds = faults.kinds ?? ALL_FAULTS.filter((f) => f !== 'insufficient_quota');
    return kinds[Math.floor(random() * kinds.length)] ?? null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = req.headers['x-fake-now'];
    const at = typeof header === 'string' && header !== '' ? Number(header) : (opts.now ?? Date.now)();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (/^\/v1\/(files|batches)(\/|$)/.test(path)) return batchApi.handle(req, res, at);
    const text = await readBody(req);
    let body: unknown = text;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // Kept as text: the request is answered 400 below.
    }
    const record: RecordedRequest = {
      at,
      method: req.method ?? 'GET',
      path,
      body: opts.recordBodies === false ? null : body,
      outcome: 'ok',
    };
    requests.push(record);

    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      record.outcome = 'not_found';
      return sendError(
        res,
        404,
        `Unknown request URL: ${req.method} ${path}`,
        'invalid_request_error',
        'unknown_url',
      );
    }
    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
      record.outcome = 'unauthorized';
      return sendError(
        res,
        401,
        'You did not provide an API key.',
        'invalid_request_error',
        'invalid_api_key',
      );
    }
    const chat = asChatBody(body);
    if (chat === null) {
      record.outcome = 'bad_request';
      return sendError(
        res,
        400,
        'Expected a JSON body with model and messages.',
        'invalid_request_error',
        null,
      );
    }

    if (opts.rpmCap !== undefined) {
      const first = firstAfter(accepted, at - WINDOW_MS);
      if (accepted.length - first >= opts.rpmCap) {
        record.outcome = 'rpm_limited';
        const oldest = accepted[first]!;
        const seconds = Math.max(1, Math.ceil((oldest + WINDOW_MS - at) / 1000));
        return sendError(
          res,
          429,
          `Rate limit reached for requests: limit ${opts.rpmCap} per min.`,
          'requests',
          'rate_limit_exceeded',
          { 'retry-after': String(seconds), ...limitHeaders(at) },
        );
      }
    }
    accepted.splice(firstAfter(accepted, at), 0, at);
    budget?.spend(at);
    const headers = limitHeaders(at);

    const fault = nextFault();
    record.outcome = fault ?? 'ok';
    const latency = drawLatency();
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => (inFlight -= 1));
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));

    switch (fault) {
      case 'hang':
        // Never answered: the client's timeout ends it (close() drops the socket).
        return;
      case 'server_error':
        return sendError(
          res,
          500,
          'The server had an error while processing your request.',
          'server_error',
          null,
          headers,
        );
      case 'rate_limit':
        return sendError(res, 429, 'Rate limit reached for requests.', 'requests', 'rate_limit_exceeded', {
          'retry-after': String(faults?.retryAfterSeconds ?? 1),
          ...headers,
        });
      case 'insufficient_quota':
        return sendError(
          res,
          429,
          'You exceeded your current quota, please check your plan and billing details.',
          'insufficient_quota',
          'insufficient_quota',
          headers,
        );
      default: {
        completionId += 1;
        const completion = buildCompletion(chat, {
          id: completionId,
          at,
          fault,
          hints,
          ...(opts.content ? { content: opts.content } : {}),
        });
        record.usage = completion.usage;
        return sendJson(res, 200, completion, { ...OPENAI_HEADERS, ...headers });
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendError(res, 500, `Fake server failure: ${String(error)}`, 'server_error', null);
    });
  });
  const { url } = await listen(server);

  return {
    url: `${url}/v1`,
    requests,
    stats() {
      const times = [...accepted].sort((a, b) => a - b);
      let max = 0;
      for (let j = 0, i = 0; j < times.length; j++) {
        while ((times[i] ?? 0) <= (times[j] ?? 0) - WINDOW_MS) i++;
        max = Math.max(max, j - i + 1);
      }
      return {
        maxRequestsInAnyMinute: max,
        total: requests.length,
        accepted: accepted.length,
        rpmLimited: requests.filter((r) => r.outcome === 'rpm_limited').length,
        maxInFlight,
      };
    },
    setFaults(next) {
      faults = next;
      sequenceIndex = 0;
      random = mulberry32(next?.seed ?? 1);
    },
    batches: batchApi.control,
    files: batchApi.files,
    batchRequests: batchApi.recorded,
    batchRequestCounts: batchApi.counts,
    close: () => closeServer(server),
  };
}

/**
 * A clock for tests that only moves when code sleeps on it, with a `fetch` that stamps each
 * request with the virtual time it was sent (`x-fake-now`). Sleepers wake in time order, one
 * time step per event-loop turn, so everything a woken task does before its next real I/O
 * happens at the time it woke — the same order of events as real time, without the waiting.
 */
export function createVirtualClock(start = Date.UTC(2025, 0, 5, 20, 0, 0)) {
  let time = start;
  let order = 0;
  let scheduled = false;
  const sleepers: { at: number; order: number; wake: () => void }[] = [];

  function tick(): void {
    scheduled = false;
    if (sleepers.length === 0) return;
    sleepers.sort((a, b) => a.at - b.at || a.order - b.order);
    const first = sleepers[0];
    if (!first) return;
    time = Math.max(time, first.at);
    const due = sleepers.filter((s) => s.at <= time);
    sleepers.splice(0, due.length);
    for (const s of due) s.wake();
    schedule();
  }

  function schedule(): void {
    if (scheduled || sleepers.length === 0) return;
    scheduled = true;
    setImmediate(tick);
  }

  return {
    now: (): number => time,
    sleep: (ms: number): Promise<void> =>
      new Promise<void>((wake) => {
        sleepers.push({ at: time + Math.max(0, ms), order: order++, wake });
        schedule();
      }),
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('x-fake-now', String(time));
      return fetch(input, { ...init, headers });
    }) as typeof fetch,
  };
}

export type VirtualClock = ReturnType<typeof createVirtualClock>;

export interface VirtualOpenAIOptions {
  /** Virtual ms before the answer to request `index` (0-based) comes back. @default 0 */
  latencyMs?: (index: number) => number;
  /** Headers of the answer to request `index`, sent at virtual time `at` (e.g. x-ratelimit-*). */
  headers?: (index: number, at: number) => Record<string, string>;
  /** An error answer for request `index` instead of a completion, e.g. a 429 with Retry-After. */
  error?: (index: number, at: number) => VirtualError | null;
}

export interface VirtualError {
  status: number;
  code: string | null;
  headers?: Record<string, string>;
}

export interface VirtualOpenAI {
  /** For the writer's (or the SDK's) `fetch`: nothing leaves the process. */
  fetch: typeof fetch;
  /** The virtual time each request was sent, in order. */
  sent: number[];
  /** Requests sent and not answered yet. */
  inFlight(): number;
}

/**
 * OpenAI's chat completions answered inside the process after a latency on `clock`, so a test
 * can run thousands of requests with seconds of latency each in no real time. Answers are built
 * as startFakeOpenAI builds them; there is no rate cap (a test reads `sent` to check one).
 */
export function createVirtualOpenAI(clock: VirtualClock, opts: VirtualOpenAIOptions = {}): VirtualOpenAI {
  const sent: number[] = [];
  let inFlight = 0;
  const fetchFn = async (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const index = sent.length;
    const at = clock.now();
    sent.push(at);
    inFlight += 1;
    try {
      const latency = opts.latencyMs?.(index) ?? 0;
      if (latency > 0) await clock.sleep(latency);
      const headers = { 'content-type': 'application/json', ...opts.headers?.(index, at) };
      const error = opts.error?.(index, at) ?? null;
      if (error !== null) {
        const body = {
          error: {
            message: `Virtual error ${error.status}`,
            type: error.code,
            param: null,
            code: error.code,
          },
        };
        return new Response(JSON.stringify(body), {
          status: error.status,
          headers: { ...headers, ...error.headers },
        });
      }
      const chat = asChatBody(JSON.parse(String(init?.body ?? 'null')));
      if (chat === null) throw new Error('The virtual OpenAI expected a chat completions body.');
      const completion = buildCompletion(chat, {
        id: index + 1,
        at,
        fault: null,
        hints: DEFAULT_NUMBER_HINTS,
      });
      return new Response(JSON.stringify(completion), { status: 200, headers });
    } finally {
      inFlight -= 1;
    }
  };
  return { fetch: fetchFn as typeof fetch, sent, inFlight: () => inFlight };
}

/** Every object in the request bodies' messages, flattened to text: for privacy assertions. */
export function sentText(requests: RecordedRequest[]): string {
  return requests.map((r) => JSON.stringify((r.body as ChatBody | null)?.messages ?? r.body)).join('\n');
}

const WORDS = [
  'steady',
  'gentle',
  'balanced',
  'consistent',
  'focused',
  'calm',
  'active',
  'rested',
  'mindful',
  'strong',
];

type JsonSchema = Record<string, unknown>;

/**
 * A value valid against a strict JSON schema, the same every time: strings are short phrases
 * without digits, numbers the smallest allowed (or 1) unless `hints` names the property and its
 * hint is allowed, arrays as short as allowed (2 items when
 * unbounded), enums rotate with the array index so list items differ, objects fill every
 * property. `$ref`s into `$defs`/`definitions` and `anyOf` (first non-null branch) are followed.
 */
export function fromSchema(
  node: unknown,
  root: unknown,
  path: string,
  index = 0,
  hints: Readonly<Record<string, number>> = DEFAULT_NUMBER_HINTS,
): unknown {
  if (node === null || typeof node !== 'object') return null;
  const s = node as JsonSchema;
  if (typeof s.$ref === 'string') return fromSchema(resolveRef(s.$ref, root), root, path, index, hints);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[index % s.enum.length];
  if (Array.isArray(s.anyOf)) {
    const branch = s.anyOf.find((b) => (b as JsonSchema | null)?.type !== 'null') ?? s.anyOf[0];
    return fromSchema(branch, root, path, index, hints);
  }
  const types = Array.isArray(s.type) ? s.type : [s.type];
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(props).map(([key, child]) => [
          key,
          fromSchema(child, root, `${path}.${key}`, index, hints),
        ]),
      );
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 2;
      const count = Math.min(Math.max(min, 1), typeof s.maxItems === 'number' ? s.maxItems : Infinity);
      return Array.from({ length: count }, (_, i) => fromSchema(s.items, root, `${path}[${i}]`, i, hints));
    }
    case 'string': {
      const h = hash(`${path}#${index}`);
      return `${WORDS[h % WORDS.length]} ${WORDS[(h >>> 8) % WORDS.length]} progress`;
    }
    case 'integer':
    case 'number': {
      let value = 1;
      if (typeof s.minimum === 'number') value = s.minimum;
      else if (typeof s.exclusiveMinimum === 'number') value = Math.floor(s.exclusiveMinimum) + 1;
      if (typeof s.maximum === 'number') value = Math.min(value, s.maximum);
      const hint = hints[path.slice(path.lastIndexOf('.') + 1)];
      if (hint !== undefined && allows(s, hint) && (type === 'number' || Number.isInteger(hint))) return hint;
      return type === 'integer' ? Math.ceil(value) : value;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return null;
  }
}

/**
 * A weekly plan answer as a model following the plan prompt gives it; any other answer as it
 * is. The schema-built plan gets a schedule.frequency counting its workouts, a
 * schedule.duration of PLAN_SESSION_MINUTES, and the values the prompt's fixed-values line
 * (daily targets, tone) says to copy.
 */
function followPlanPrompt(chat: ChatBody, value: unknown): unknown {
  if (chat.response_format?.json_schema?.name !== PLAN_SCHEMA_NAME) return value;
  const plan = value as { training: { schedule: Record<string, unknown>; workouts: unknown[] } };
  plan.training.schedule.frequency = `${plan.training.workouts.length} days per week`;
  plan.training.schedule.duration = `${PLAN_SESSION_MINUTES} minutes`;
  const messages = Array.isArray(chat.messages) ? (chat.messages as { content?: unknown }[]) : [];
  const line = messages
    .flatMap((m) => (typeof m.content === 'string' ? m.content.split('\n') : []))
    .find((l) => l.startsWith(`${FIXED_VALUES_LABEL}: `));
  if (line === undefined) return plan;
  const json = line.slice(FIXED_VALUES_LABEL.length + 2);
  for (const [path, fixed] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
    const keys = path.split('.');
    let node = plan as unknown as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[keys.at(-1)!] = fixed;
  }
  return plan;
}

/** A completion as OpenAI answers it: content built from the request's schema, or the fault's. */
function buildCompletion(
  chat: ChatBody,
  o: {
    id: number;
    at: number;
    fault: Fault | null;
    hints: Readonly<Record<string, number>>;
    content?: (body: ChatBody) => unknown;
  },
) {
  const schema =
    chat.response_format?.type === 'json_schema' ? chat.response_format.json_schema?.schema : undefined;
  let content: string | null;
  let refusal: string | null = null;
  if (o.fault === 'refusal') {
    content = null;
    refusal = "I'm sorry, I can't help with that request.";
  } else if (o.fault === 'malformed') {
    content = '{"training": "You trained on';
  } else {
    const custom = o.content?.(chat);
    const value =
      custom !== undefined
        ? custom
        : schema !== undefined
          ? followPlanPrompt(chat, fromSchema(schema, schema, '', 0, o.hints))
          : null;
    content = value === null ? 'A short answer.' : JSON.stringify(value);
  }
  const usage = {
    prompt_tokens: Math.ceil(JSON.stringify(chat.messages).length / 4),
    completion_tokens: Math.ceil((content ?? refusal ?? '').length / 4),
    total_tokens: 0,
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  return {
    id: `chatcmpl-fake-${o.id}`,
    object: 'chat.completion',
    created: Math.floor(o.at / 1000),
    model: typeof chat.model === 'string' ? chat.model : 'unknown',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage,
    system_fingerprint: 'fp_fake',
  };
}

/** Draws answer latencies: a fixed number, or from a LatencyDistribution with its own seed. */
function latencyOf(spec: number | LatencyDistribution | undefined): () => number {
  if (spec === undefined || typeof spec === 'number') {
    const ms = spec ?? 0;
    return () => ms;
  }
  const random = mulberry32(spec.seed ?? 1);
  const slowShare = spec.slowShare ?? 0;
  return () => {
    const slow = slowShare > 0 && random() < slowShare;
    const low = slow ? (spec.slowMinMs ?? spec.maxMs) : spec.minMs;
    const high = slow ? (spec.slowMaxMs ?? low) : spec.maxMs;
    return low + random() * (high - low);
  };
}

/**
 * A request budget as OpenAI reports it: `cap` requests, refilled continuously at `cap` per
 * minute, so the reset time is what has been spent × 60 s ÷ cap ("6ms" after one request at
 * 10,000/min).
 */
function createRequestBudget(cap: number) {
  let level = cap;
  let at = Number.NEGATIVE_INFINITY;
  const refill = (t: number) => {
    if (t > at) {
      level = Math.min(cap, level + ((t - (Number.isFinite(at) ? at : t)) * cap) / WINDOW_MS);
      at = t;
    }
  };
  return {
    spend(t: number): void {
      refill(t);
      level -= 1;
    },
    headers(t: number): Record<string, string> {
      refill(t);
      return {
        'x-ratelimit-limit-requests': String(cap),
        'x-ratelimit-remaining-requests': String(Math.max(0, Math.floor(level))),
        'x-ratelimit-reset-requests': formatReset(((cap - level) * WINDOW_MS) / cap),
      };
    },
  };
}

/** Ms as OpenAI writes a reset time: `20ms`, `1.5s`, `6m0s`. */
export function formatReset(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  if (whole < 1000) return `${whole}ms`;
  if (whole < WINDOW_MS) return `${Number((whole / 1000).toFixed(3))}s`;
  return `${Math.floor(whole / WINDOW_MS)}m${Number(((whole % WINDOW_MS) / 1000).toFixed(3))}s`;
}

/** The first index of an ascending list whose value is above `t` (its length when none is). */
function firstAfter(sorted: readonly number[], t: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= t) low = mid + 1;
    else high = mid;
  }
  return low;
}

function allows(s: JsonSchema, n: number): boolean {
  return (
    (typeof s.minimum !== 'number' || n >= s.minimum) &&
    (typeof s.maximum !== 'number' || n <= s.maximum) &&
    (typeof s.exclusiveMinimum !== 'number' || n > s.exclusiveMinimum) &&
    (typeof s.exclusiveMaximum !== 'number' || n < s.exclusiveMaximum)
  );
}

function resolveRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith('#/')) return null;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    node = node !== null && typeof node === 'object' ? (node as JsonSchema)[part] : null;
  }
  return node;
}

function asChatBody(body: unknown): ChatBody | null {
  if (body === null || typeof body !== 'object') return null;
  const b = body as ChatBody;
  return typeof b.model === 'string' && Array.isArray(b.messages) ? b : null;
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { message, type, param: null, code } }, { ...OPENAI_HEADERS, ...headers });
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Files and the Batch API
// ---------------------------------------------------------------------------------------------

export type BatchStatus =
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

/** An entry of a batch's `errors.data`, as OpenAI reports a batch that failed validation. */
export interface FakeBatchError {
  code: string;
  message: string;
  param: string | null;
  /** The input file's line (1-based) the error is about, or null. */
  line: number | null;
}

/** The Batch object as OpenAI answers it (null where a field is not set yet). */
export interface FakeBatch {
  id: string;
  object: 'batch';
  endpoint: string;
  model: string | null;
  errors: { object: 'list'; data: FakeBatchError[] } | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  usage: {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
  };
  metadata: Record<string, string> | null;
}

/** The File object as OpenAI answers it. */
export interface FakeFile {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  expires_at: number | null;
  filename: string;
  purpose: string;
  status: 'processed';
  status_details: null;
}

/** The HTTP answer a failing batch line gets (written to the error file with its status). */
export interface BatchLineError {
  status: number;
  type: string;
  code: string | null;
  message: string;
}

/** Picks lines of a batch: the first n (in input order), or those the function accepts. */
export type LinePick = number | ((customId: string, index: number) => boolean);

/** How a batch created on the fake goes on. Every field is optional. */
export interface BatchScript {
  /**
   * How the batch ends. 'failed': validating → failed with `errors` (as OpenAI fails a batch
   * over its enqueued-token limit), even for a well-formed input file (a malformed one fails
   * whatever the outcome). 'expired': in_progress → expired after `linesBeforeExpiry` lines.
   * @default 'completed'
   */
  outcome?: 'completed' | 'failed' | 'expired';
  /** With outcome 'failed': the `errors.data` reported. @default one token_limit_exceeded */
  errors?: FakeBatchError[];
  /** With outcome 'expired': the lines answered before the window closes. @default half, rounded down */
  linesBeforeExpiry?: number;
  /** Lines answered with an HTTP error (`lineError`): they go to the error file. */
  failLines?: LinePick;
  /** The error of a line `failLines` picks. @default 500 server_error */
  lineError?: BatchLineError | ((customId: string, index: number) => BatchLineError);
  /** A 200 answer with a refusal or malformed JSON content (as the direct endpoint's faults), per line. */
  lineFaults?: (customId: string, index: number) => 'refusal' | 'malformed' | null;
  /**
   * Output-file lines written cut in half (not parseable JSON): the first n lines written, or
   * those whose custom_id the function accepts.
   */
  malformedOutputLines?: LinePick;
  /** Each retrieve of the batch moves it one step on (see FakeBatchControl.advance) before answering. @default false */
  autoAdvance?: boolean;
  /** The order of the output and error files' lines; OpenAI promises none. @default 'input' */
  outputOrder?: 'input' | 'reversed';
}

export interface BatchCreateInfo {
  inputFileId: string;
  metadata: Record<string, string> | null;
}

export type BatchApiEndpoint =
  | 'files.create'
  | 'files.list'
  | 'files.retrieve'
  | 'files.delete'
  | 'files.content'
  | 'batches.create'
  | 'batches.list'
  | 'batches.retrieve'
  | 'batches.cancel'
  | 'unknown';

export interface RecordedBatchRequest {
  at: number;
  method: string;
  path: string;
  endpoint: BatchApiEndpoint;
  /** The HTTP status answered. */
  status: number;
}

/** How a test drives the fake's batches; every method answers copies, never live objects. */
export interface FakeBatchControl {
  /** The script batches created from now on get (a function sees each create). */
  setScript(script: BatchScript | ((create: BatchCreateInfo) => BatchScript) | undefined): void;
  /**
   * Moves a batch one step: validating → in_progress (or failed); in_progress → finalizing,
   * answering every line left (or → expired after `linesBeforeExpiry` lines); finalizing →
   * completed (writing the output and error files); cancelling → cancelled. Terminal: no change.
   */
  advance(id: string): FakeBatch;
  /** advance() until the batch is terminal. */
  settle(id: string): FakeBatch;
  /** Answers up to `lines` more lines of an in_progress batch (request_counts move; status does not). */
  process(id: string, lines: number): FakeBatch;
  /** Ends a validating or in_progress batch as expired now, keeping the lines already answered. */
  expire(id: string): FakeBatch;
  get(id: string): FakeBatch;
  /** Every batch, oldest first. */
  list(): FakeBatch[];
}

export interface StoredFile {
  file: FakeFile;
  /** The content as UTF-8 text. */
  text: string;
  bytes: Buffer;
}

export interface FakeFileStore {
  get(id: string): StoredFile | undefined;
  /** Every file not deleted, oldest first. */
  list(): StoredFile[];
}

const FILE_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'];
const BATCH_ENDPOINTS = [
  '/v1/responses',
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/completions',
  '/v1/moderations',
  '/v1/images/generations',
  '/v1/images/edits',
  '/v1/videos',
];
const DAY_S = 86_400;
const MAX_BATCH_LINES = 50_000;
const TERMINAL: readonly BatchStatus[] = ['failed', 'completed', 'expired', 'cancelled'];
/** A failing line's error unless the script says otherwise. */
const SERVER_LINE_ERROR: BatchLineError = {
  status: 500,
  type: 'server_error',
  code: null,
  message: 'The server had an error while processing your request.',
};
/** The error of a line whose body is not a chat completions request. */
const BAD_LINE_BODY: BatchLineError = {
  status: 400,
  type: 'invalid_request_error',
  code: null,
  message: 'Expected a JSON body with model and messages.',
};

interface InputLine {
  customId: string;
  body: unknown;
}

type LineResult = { ok: true; line: Record<string, unknown> } | { ok: false; line: Record<string, unknown> };

interface BatchState {
  batch: FakeBatch;
  script: BatchScript;
  /** The input file's lines once validated. */
  lines: InputLine[] | null;
  results: (LineResult | undefined)[];
  next: number;
}

interface BatchApiDeps {
  now: () => number;
  /** A chat completion as the direct endpoint answers `chat` at `at`. */
  answer: (
    chat: ChatBody,
    at: number,
    fault: 'refusal' | 'malformed' | null,
  ) => ReturnType<typeof buildCompletion>;
}

/** OpenAI's files and batches endpoints, in memory, for startFakeOpenAI. */
function createBatchApi(deps: BatchApiDeps) {
  const files = new Map<string, StoredFile>();
  const batches = new Map<string, BatchState>();
  const recorded: RecordedBatchRequest[] = [];
  let scriptFor: (create: BatchCreateInfo) => BatchScript = () => ({});
  let fileCount = 0;
  let batchCount = 0;
  let lineCount = 0;

  const seconds = (ms: number) => Math.floor(ms / 1000);
  const copy = <T>(value: T): T => structuredClone(value);

  function storeFile(filename: string, purpose: string, bytes: Buffer, at: number): StoredFile {
    fileCount += 1;
    const created = seconds(at);
    const file: FakeFile = {
      id: `file-fake${String(fileCount).padStart(6, '0')}`,
      object: 'file',
      bytes: bytes.length,
      created_at: created,
      expires_at: purpose === 'batch' ? created + 30 * DAY_S : null,
      filename,
      purpose,
      status: 'processed',
      status_details: null,
    };
    const stored = { file, text: bytes.toString('utf8'), bytes };
    files.set(file.id, stored);
    return stored;
  }

  function state(id: string): BatchState {
    const s = batches.get(id);
    if (!s) throw new Error(`The fake OpenAI has no batch ${id}`);
    return s;
  }

  /** The input file's lines, or the errors OpenAI reports for them after validating. */
  function validate(s: BatchState): InputLine[] | FakeBatchError[] {
    const text = files.get(s.batch.input_file_id)?.text ?? '';
    const raw = text.split('\n');
    if (raw.at(-1) === '') raw.pop();
    const error = (code: string, line: number | null, message: string, param: string | null = null) => ({
      code,
      message,
      param,
      line,
    });
    if (raw.length === 0) return [error('empty_file', null, 'The batch input file is empty.')];
    if (raw.length > MAX_BATCH_LINES) {
      return [
        error('too_many_tasks', null, `The batch input file has more than ${MAX_BATCH_LINES} requests.`),
      ];
    }
    const errors: FakeBatchError[] = [];
    const lines: InputLine[] = [];
    const seen = new Set<string>();
    let model: unknown;
    raw.forEach((text, i) => {
      const n = i + 1;
      const parsed = parseJsonObject(text.replace(/\r$/, ''));
      if (!parsed.ok) {
        errors.push(error('invalid_json_line', n, 'This line is not parseable as valid JSON.'));
        return;
      }
      const { custom_id: customId, method, url, body } = parsed.value;
      if (typeof customId !== 'string' || customId === '') {
        errors.push(error('missing_required_parameter', n, 'Missing custom_id.', 'custom_id'));
      } else if (seen.has(customId)) {
        errors.push(
          error(
            'duplicate_custom_id',
            n,
            'The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each individual request in a batch.',
            'custom_id',
          ),
        );
      }
      if (method !== 'POST') {
        errors.push(error('invalid_request', n, `The method must be POST, not ${String(method)}.`, 'method'));
      }
      if (url !== s.batch.endpoint) {
        errors.push(
          error(
            'url_mismatch',
            n,
            `The provided URL '${String(url)}' does not match the batch endpoint '${s.batch.endpoint}'.`,
            'url',
          ),
        );
      }
      const lineModel = (body as { model?: unknown } | null)?.model;
      if (i === 0 || model === undefined) model = lineModel;
      else if (lineModel !== model) {
        errors.push(
          error(
            'model_mismatch',
            n,
            'The model in this request does not match the other requests.',
            'body.model',
          ),
        );
      }
      if (typeof customId === 'string') {
        seen.add(customId);
        lines.push({ customId, body });
      }
    });
    if (errors.length > 0) return errors;
    s.batch.model = typeof model === 'string' ? model : null;
    return lines;
  }

  function picks(pick: LinePick | undefined, customId: string, index: number): boolean {
    if (pick === undefined) return false;
    return typeof pick === 'number' ? index < pick : pick(customId, index);
  }

  /** The error `failLines` and `lineError` give a line, or null for a line answered normally. */
  function scriptedLineError(script: BatchScript, customId: string, index: number): BatchLineError | null {
    if (!picks(script.failLines, customId, index)) return null;
    const scripted = script.lineError ?? SERVER_LINE_ERROR;
    return typeof scripted === 'function' ? scripted(customId, index) : scripted;
  }

  /** Answers line `next` of an in_progress batch. */
  function runLine(s: BatchState, at: number): void {
    const index = s.next;
    const input = s.lines?.[index];
    if (!input) return;
    s.next += 1;
    lineCount += 1;
    const id = `batch_req_fake${String(lineCount).padStart(6, '0')}`;
    const requestId = `req_fake_batch${lineCount}`;
    const chat = asChatBody(input.body);
    const lineError = chat === null ? BAD_LINE_BODY : scriptedLineError(s.script, input.customId, index);
    if (chat === null || lineError !== null) {
      const e = lineError ?? BAD_LINE_BODY;
      s.results[index] = {
        ok: false,
        line: {
          id,
          custom_id: input.customId,
          response: {
            status_code: e.status,
            request_id: requestId,
            body: { error: { message: e.message, type: e.type, param: null, code: e.code } },
          },
          error: null,
        },
      };
      s.batch.request_counts.failed += 1;
      return;
    }
    const completion = deps.answer(chat, at, s.script.lineFaults?.(input.customId, index) ?? null);
    const usage = s.batch.usage;
    usage.input_tokens += completion.usage.prompt_tokens;
    usage.output_tokens += completion.usage.completion_tokens;
    usage.total_tokens += completion.usage.total_tokens;
    s.results[index] = {
      ok: true,
      line: {
        id,
        custom_id: input.customId,
        response: { status_code: 200, request_id: requestId, body: completion },
        error: null,
      },
    };
    s.batch.request_counts.completed += 1;
  }

  /** Writes the output and error files of a batch ending now; lines not answered get `unrun`. */
  function writeFiles(s: BatchState, at: number, unrun: { code: string; message: string } | null): void {
    const lines = s.lines ?? [];
    const order = lines.map((_, i) => i);
    if (s.script.outputOrder === 'reversed') order.reverse();
    const output: string[] = [];
    const errors: string[] = [];
    for (const i of order) {
      const result = s.results[i];
      if (result?.ok) {
        const text = JSON.stringify(result.line);
        const customId = String(result.line.custom_id);
        output.push(
          picks(s.script.malformedOutputLines, customId, output.length)
            ? text.slice(0, Math.floor(text.length / 2))
            : text,
        );
      } else if (result) {
        errors.push(JSON.stringify(result.line));
      } else if (unrun) {
        lineCount += 1;
        errors.push(
          JSON.stringify({
            id: `batch_req_fake${String(lineCount).padStart(6, '0')}`,
            custom_id: lines[i]!.customId,
            response: null,
            error: unrun,
          }),
        );
      }
    }
    const write = (kind: string, text: string[]) =>
      text.length === 0
        ? null
        : storeFile(`${s.batch.id}_${kind}.jsonl`, 'batch_output', Buffer.from(`${text.join('\n')}\n`), at)
            .file.id;
    s.batch.output_file_id = write('output', output);
    s.batch.error_file_id = write('error', errors);
  }

  function expireNow(s: BatchState, at: number): void {
    s.batch.status = 'expired';
    s.batch.expired_at = seconds(at);
    writeFiles(s, at, {
      code: 'batch_expired',
      message: 'This request could not be executed before the completion window expired.',
    });
  }

  function step(s: BatchState, at: number): void {
    const b = s.batch;
    switch (b.status) {
      case 'validating': {
        const checked = validate(s);
        const invalid = checked.length > 0 && !('customId' in checked[0]!);
        if (invalid || s.script.outcome === 'failed') {
          b.status = 'failed';
          b.failed_at = seconds(at);
          b.errors = {
            object: 'list',
            data: invalid
              ? (checked as FakeBatchError[])
              : (s.script.errors ?? [
                  {
                    code: 'token_limit_exceeded',
                    message: `Enqueued token limit reached for ${b.model ?? 'the model'} in organization org-fake.`,
                    param: null,
                    line: null,
                  },
                ]),
          };
          return;
        }
        s.lines = checked as InputLine[];
        b.status = 'in_progress';
        b.in_progress_at = seconds(at);
        b.request_counts.total = s.lines.length;
        return;
      }
      case 'in_progress': {
        const total = s.lines?.length ?? 0;
        if (s.script.outcome === 'expired') {
          const stop = Math.min(total, s.script.linesBeforeExpiry ?? Math.floor(total / 2));
          while (s.next < stop) runLine(s, at);
          expireNow(s, at);
          return;
        }
        while (s.next < total) runLine(s, at);
        b.status = 'finalizing';
        b.finalizing_at = seconds(at);
        return;
      }
      case 'finalizing':
        writeFiles(s, at, null);
        b.status = 'completed';
        b.completed_at = seconds(at);
        return;
      case 'cancelling':
        writeFiles(s, at, {
          code: 'batch_cancelled',
          message: 'This request was not executed because the batch was cancelled.',
        });
        b.status = 'cancelled';
        b.cancelled_at = seconds(at);
        return;
      default:
        return;
    }
  }

  const control: FakeBatchControl = {
    setScript(script) {
      scriptFor = typeof script === 'function' ? script : () => script ?? {};
    },
    advance(id) {
      const s = state(id);
      step(s, deps.now());
      return copy(s.batch);
    },
    settle(id) {
      const s = state(id);
      while (!TERMINAL.includes(s.batch.status)) step(s, deps.now());
      return copy(s.batch);
    },
    process(id, count) {
      const s = state(id);
      if (s.batch.status !== 'in_progress')
        throw new Error(`Batch ${id} is ${s.batch.status}, not in_progress`);
      for (let i = 0; i < count; i++) runLine(s, deps.now());
      return copy(s.batch);
    },
    expire(id) {
      const s = state(id);
      if (s.batch.status !== 'validating' && s.batch.status !== 'in_progress') {
        throw new Error(`Batch ${id} is ${s.batch.status}: only validating or in_progress batches expire`);
      }
      expireNow(s, deps.now());
      return copy(s.batch);
    },
    get: (id) => copy(state(id).batch),
    list: () => [...batches.values()].map((s) => copy(s.batch)),
  };

  const fileStore: FakeFileStore = {
    get: (id) => files.get(id),
    list: () => [...files.values()],
  };

  function cursorPage<T extends { id: string }>(items: T[], query: URLSearchParams): unknown {
    const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 20) || 20));
    const after = query.get('after');
    const start = after === null ? 0 : items.findIndex((item) => item.id === after) + 1;
    const data = items.slice(start, start + limit);
    return {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: start + limit < items.length,
    };
  }

  function invalid(res: ServerResponse, message: string, param: string | null, status = 400): number {
    sendJson(
      res,
      status,
      { error: { message, type: 'invalid_request_error', param, code: null } },
      OPENAI_HEADERS,
    );
    return status;
  }

  async function createFile(
    req: IncomingMessage,
    res: ServerResponse,
    bytes: Buffer,
    at: number,
  ): Promise<number> {
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      return invalid(res, 'Expected a multipart/form-data body.', null);
    }
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(bytes), {
        headers: { 'content-type': contentType },
      }).formData();
    } catch {
      return invalid(res, 'The multipart/form-data body could not be parsed.', null);
    }
    const purpose = form.get('purpose');
    const file = form.get('file');
    if (typeof purpose !== 'string') return invalid(res, "Missing required parameter: 'purpose'.", 'purpose');
    if (!FILE_PURPOSES.includes(purpose)) {
      return invalid(res, `Invalid value for 'purpose': '${purpose}'.`, 'purpose');
    }
    if (file === null || typeof file === 'string') {
      return invalid(res, "Missing required parameter: 'file'.", 'file');
    }
    if (purpose === 'batch' && !file.name.endsWith('.jsonl')) {
      return invalid(res, 'Invalid file format for Batch API. Must be .jsonl', 'file');
    }
    const stored = storeFile(file.name, purpose, Buffer.from(await file.arrayBuffer()), at);
    sendJson(res, 200, stored.file, OPENAI_HEADERS);
    return 200;
  }

  function createBatch(res: ServerResponse, text: string, at: number): number {
    const parsed = parseJsonObject(text);
    if (!parsed.ok) return invalid(res, 'Expected a JSON object body.', null);
    const { input_file_id: inputFileId, endpoint, completion_window: window, metadata } = parsed.value;
    if (typeof inputFileId !== 'string') {
      return invalid(res, "Missing required parameter: 'input_file_id'.", 'input_file_id');
    }
    const input = files.get(inputFileId);
    if (!input) return invalid(res, `No such File object: ${inputFileId}`, 'input_file_id', 404);
    if (input.file.purpose !== 'batch') {
      return invalid(
        res,
        `The input file must have purpose 'batch', not '${input.file.purpose}'.`,
        'input_file_id',
      );
    }
    if (typeof endpoint !== 'string' || !BATCH_ENDPOINTS.includes(endpoint)) {
      return invalid(res, `Invalid value for 'endpoint': '${String(endpoint)}'.`, 'endpoint');
    }
    if (endpoint !== '/v1/chat/completions') {
      return invalid(
        res,
        `The fake OpenAI runs only /v1/chat/completions batches, not ${endpoint}.`,
        'endpoint',
      );
    }
    if (window !== '24h') {
      return invalid(
        res,
        `Invalid value for 'completion_window': '${String(window)}'. Supported: '24h'.`,
        'completion_window',
      );
    }
    if (metadata !== undefined && metadata !== null) {
      const entries =
        typeof metadata === 'object' && !Array.isArray(metadata) ? Object.entries(metadata) : null;
      if (
        entries === null ||
        entries.length > 16 ||
        entries.some(([k, v]) => k.length > 64 || typeof v !== 'string' || v.length > 512)
      ) {
        return invalid(
          res,
          'Invalid metadata: at most 16 string values, keys up to 64 and values up to 512 characters.',
          'metadata',
        );
      }
    }
    batchCount += 1;
    const created = seconds(at);
    const meta = (metadata ?? null) as Record<string, string> | null;
    const batch: FakeBatch = {
      id: `batch_fake${String(batchCount).padStart(6, '0')}`,
      object: 'batch',
      endpoint,
      model: null,
      errors: null,
      input_file_id: inputFileId,
      completion_window: window,
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: created,
      in_progress_at: null,
      expires_at: created + DAY_S,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      usage: {
        input_tokens: 0,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 0,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 0,
      },
      metadata: meta === null ? null : { ...meta },
    };
    const script = scriptFor({ inputFileId, metadata: meta === null ? null : { ...meta } });
    batches.set(batch.id, { batch, script, lines: null, results: [], next: 0 });
    sendJson(res, 200, batch, OPENAI_HEADERS);
    return 200;
  }

  function cancelBatch(res: ServerResponse, s: BatchState, at: number): number {
    const b = s.batch;
    if (TERMINAL.includes(b.status)) {
      return invalid(res, `Cannot cancel a batch with status '${b.status}'.`, null);
    }
    if (b.status !== 'cancelling') {
      b.status = 'cancelling';
      b.cancelling_at = seconds(at);
    }
    sendJson(res, 200, b, OPENAI_HEADERS);
    return 200;
  }

  /** Answers a request under /v1/files or /v1/batches. */
  async function handle(req: IncomingMessage, res: ServerResponse, at: number): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).slice(1); // drop 'v1'
    const [kind, id, sub, ...rest] = parts;
    const record: RecordedBatchRequest = { at, method, path: url.pathname, endpoint: 'unknown', status: 0 };
    recorded.push(record);
    const bytes = await readBodyBytes(req);
    const notFound = (what: string) => invalid(res, what, 'id', 404);

    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
      record.status = 401;
      return sendError(
        res,
        401,
        'You did not provide an API key.',
        'invalid_request_error',
        'invalid_api_key',
      );
    }
    if (kind === 'files' && rest.length === 0) {
      if (method === 'POST' && id === undefined) {
        record.endpoint = 'files.create';
        record.status = await createFile(req, res, bytes, at);
        return;
      }
      if (method === 'GET' && id === undefined) {
        record.endpoint = 'files.list';
        const purpose = url.searchParams.get('purpose');
        const listed = [...files.values()]
          .map((f) => f.file)
          .filter((f) => purpose === null || f.purpose === purpose)
          .reverse();
        sendJson(res, 200, cursorPage(listed, url.searchParams), OPENAI_HEADERS);
        record.status = 200;
        return;
      }
      const stored = id === undefined ? undefined : files.get(id);
      if (id !== undefined && method === 'GET' && sub === undefined) {
        record.endpoint = 'files.retrieve';
        if (!stored) return void (record.status = notFound(`No such File object: ${id}`));
        sendJson(res, 200, stored.file, OPENAI_HEADERS);
        record.status = 200;
        return;
      }
      if (id !== undefined && method === 'DELETE' && sub === undefined) {
        record.endpoint = 'files.delete';
        if (!stored) return void (record.status = notFound(`No such File object: ${id}`));
        files.delete(id);
        sendJson(res, 200, { id, object: 'file', deleted: true }, OPENAI_HEADERS);
        record.status = 200;
        return;
      }
      if (id !== undefined && method === 'GET' && sub === 'content') {
        record.endpoint = 'files.content';
        if (!stored) return void (record.status = notFound(`No such File object: ${id}`));
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-request-id': 'req_fake' });
        res.end(stored.bytes);
        record.status = 200;
        return;
      }
    }
    if (kind === 'batches' && rest.length === 0) {
      const text = bytes.toString('utf8');
      if (method === 'POST' && id === undefined) {
        record.endpoint = 'batches.create';
        record.status = createBatch(res, text, at);
        return;
      }
      if (method === 'GET' && id === undefined) {
        record.endpoint = 'batches.list';
        const listed = [...batches.values()].map((s) => s.batch).reverse();
        sendJson(res, 200, cursorPage(listed, url.searchParams), OPENAI_HEADERS);
        record.status = 200;
        return;
      }
      const s = id === undefined ? undefined : batches.get(id);
      if (method === 'GET' && sub === undefined) {
        record.endpoint = 'batches.retrieve';
        if (!s) return void (record.status = notFound(`No batch found with id '${id}'.`));
        if (s.script.autoAdvance) step(s, at);
        sendJson(res, 200, s.batch, OPENAI_HEADERS);
        record.status = 200;
        return;
      }
      if (method === 'POST' && sub === 'cancel') {
        record.endpoint = 'batches.cancel';
        if (!s) return void (record.status = notFound(`No batch found with id '${id}'.`));
        record.status = cancelBatch(res, s, at);
        return;
      }
    }
    record.status = 404;
    sendError(
      res,
      404,
      `Unknown request URL: ${method} ${url.pathname}`,
      'invalid_request_error',
      'unknown_url',
    );
  }

  return {
    handle,
    control,
    files: fileStore,
    recorded,
    counts(): Partial<Record<BatchApiEndpoint, number>> {
      const counts: Partial<Record<BatchApiEndpoint, number>> = {};
      for (const r of recorded) counts[r.endpoint] = (counts[r.endpoint] ?? 0) + 1;
      return counts;
    },
  };
}
