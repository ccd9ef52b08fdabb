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
import { closeServer, listen, readBody, sendJson } from './http.ts';

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
