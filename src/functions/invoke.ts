/**
 * The client of the edge functions: POST with the bearer key, the seed's retry schedule for
 * what a retry can fix (network errors, 5xx without a final verdict), and the answer checked
 * against the contract. Used by `strukt-cron invoke` and the run-job action's invoke mode.
 */
import { ConfigError } from '../lib/errors.ts';
import { RETRY_DELAYS_MS, RetryExhaustedError, withRetry } from '../lib/retry.ts';
import type { RunCounts, RunStatus } from '../runs/types.ts';
import {
  FINAL_ERROR_CODES,
  MAX_REQUEST_USERS,
  errorBodySchema,
  responseBodySchema,
  type ParsedErrorBody,
  type ParsedSuccessBody,
} from './contract.ts';

/**
 * Past Supabase's 150 s wall clock, so a function that runs out of time is reported by the
 * platform's own 5xx answer rather than by this client giving up first.
 */
export const DEFAULT_INVOKE_TIMEOUT_MS = 170_000;

/** A longer Retry-After than this is not waited for: the schedule's own delays stand. */
const MAX_RETRY_AFTER_MS = 60_000;

export type InvokeBody = ParsedSuccessBody | ParsedErrorBody;

export interface InvokeOptions {
  /** The functions' base URL, e.g. `https://<ref>.supabase.co/functions/v1`. */
  baseUrl: string;
  /** e.g. `generateWeeklyDigest`. */
  functionName: string;
  /** SUPABASE_SERVICE_ROLE_KEY or STRUKT_CRON_SECRET; sent as the bearer token, never shown. */
  key: string;
  /** The request body (`dryRun`, `asOf`, `users`, `timeBudgetMs`, ...); `detail` only when the caller asks. @default {} */
  body?: object;
  /** @default a real timer */
  sleep?: (ms: number) => Promise<void>;
  /** @default the global fetch */
  fetch?: typeof fetch;
  /** Per try. @default DEFAULT_INVOKE_TIMEOUT_MS */
  timeoutMs?: number;
  /** Delay before each try. @default RETRY_DELAYS_MS (0 s, 3 s, 10 s) */
  delaysMs?: readonly number[];
  /** Told as each try starts (1, 2, …): a spinner on a terminal. @default none */
  onTry?: (attempt: number) => void;
}

export interface InvokeResult {
  /** HTTP status of the last try. */
  status: number;
  /** The answer, checked against the contract; a non-contract error answer (a gateway's HTML page) is wrapped as `{success: false, error}`. */
  body: InvokeBody;
  /** Tries made (1 = no retry was needed). */
  attempts: number;
  /** The wait before each try, in ms. */
  delaysMs: number[];
}

/** The function could not be reached or answered outside the contract; `attempts` says how often it was tried. */
export class InvokeError extends Error {
  override name = 'InvokeError';
  readonly attempts: number;
  constructor(message: string, attempts: number, cause?: unknown) {
    super(message, { cause });
    this.attempts = attempts;
  }
}

/** A 5xx answer a retry may fix. */
class RetryableAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: InvokeBody,
    readonly retryAfterMs: number | null,
  ) {
    super(`HTTP ${status}: ${body.success ? body.message : body.error}`);
  }
}

class NetworkFailure extends Error {}
class Timeout extends Error {}

/**
 * POSTs to `<baseUrl>/<functionName>` and returns the answer, checked against the contract.
 * Network errors and 5xx answers without a final verdict are tried again on the seed's schedule;
 * when the tries run out on a 5xx, that answer is returned. Throws InvokeError when no answer
 * came at all, or a 2xx answer broke the contract.
 */
export async function invokeFunction(opts: InvokeOptions): Promise<InvokeResult> {
  const fetchFn = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS;
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(opts.functionName)}`;
  // Checked here, before any try: the function would refuse the body after a round trip.
  const users = (opts.body as { users?: unknown } | undefined)?.users;
  if (Array.isArray(users) && users.length > MAX_REQUEST_USERS) {
    throw new ConfigError(
      `Too many users for one edge-function call: ${users.length}. Expected at most ${MAX_REQUEST_USERS} ` +
        '(what fits in a request body); run on the runner (strukt-cron run, or mode run) for more.',
    );
  }
  const payload = JSON.stringify(opts.body ?? {});
  let tries = 0;

  const once = async (): Promise<{ status: number; body: InvokeBody }> => {
    opts.onTry?.(++tries);
    const signal = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await fetchFn(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.key}`, 'content-type': 'application/json' },
        body: payload,
        signal,
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      if (signal.aborted) {
        // Not retried: the run may still be going, and a second one would only meet its lease.
        throw new Timeout(
          `No answer from ${url} within ${seconds(timeoutMs)}; the run may still be going ` +
            '(check system_cron_logs before invoking again)',
        );
      }
      throw new NetworkFailure(`Could not reach ${url}: ${messageOf(error)}`, { cause: error });
    }
    const body = parseAnswer(status, text, url);
    const final = !body.success && body.code !== undefined && FINAL_ERROR_CODES.has(body.code);
    if (status >= 500 && !final) throw new RetryableAnswer(status, body, parseRetryAfter(retryAfter));
    return { status, body };
  };

  try {
    const { value, attempts, delaysMs } = await withRetry(once, {
      delaysMs: opts.delaysMs ?? RETRY_DELAYS_MS,
      sleep,
      isRetryable: (error) => error instanceof RetryableAnswer || error instanceof NetworkFailure,
      retryAfterMs: (error) => (error instanceof RetryableAnswer ? error.retryAfterMs : null),
    });
    return { ...value, attempts, delaysMs };
  } catch (error) {
    if (error instanceof RetryExhaustedError) {
      const last = error.cause;
      // Out of tries on a 5xx: that answer is the result, for the caller to report.
      if (last instanceof RetryableAnswer) {
        return { status: last.status, body: last.body, attempts: error.attempts, delaysMs: error.delaysMs };
      }
      const tries = `${error.attempts} ${error.attempts === 1 ? 'try' : 'tries'}`;
      throw new InvokeError(
        `Invoking ${opts.functionName} failed after ${tries}: ${last.message}`,
        error.attempts,
        last,
      );
    }
    throw error;
  }
}

/**
 * The answer as the contract says. Any error status may come from a gateway in front of the
 * function rather than from it (Supabase's own 401/5xx bodies, an HTML page); those become
 * `{success: false, error}` with the start of what came. A 2xx outside the contract is an error:
 * the URL does not lead to one of these functions.
 */
function parseAnswer(status: number, text: string, url: string): InvokeBody {
  let value: unknown = undefined;
  try {
    value = JSON.parse(text);
  } catch {
    /* not JSON: handled below */
  }
  const parsed = responseBodySchema.safeParse(value);
  const ok = status >= 200 && status < 300;
  if (parsed.success && parsed.data.success === ok) return parsed.data;
  if (ok) {
    throw new InvokeError(
      `Unexpected answer from ${url}: HTTP ${status} with ${describeText(text)}. ` +
        'Expected the JSON body {"success": true, "message": ..., "status": ..., "runId": ...}.',
      1,
    );
  }
  const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const said = [record.error, record.message, record.msg].find((v) => typeof v === 'string');
  return errorBodySchema.parse({
    success: false,
    error: typeof said === 'string' ? clip(said) : `HTTP ${status} with ${describeText(text)}`,
  });
}

function parseRetryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  if (!Number.isFinite(ms) || ms <= 0) return null;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** The run as the function reported it: what the run-job action turns into outputs and a summary. */
export interface InvocationSummary {
  status: RunStatus | 'skipped';
  message: string;
  /** Null when no run was started (refused, skipped, unreachable). */
  runId: string | null;
  /** Users left for the next run (0 unless partial). */
  remaining: number;
  counts?: Partial<Omit<RunCounts, 'remaining'>>;
}

/**
 * Reads any invoke answer as a run: a 2xx is the run's own status; 409 is `skipped` (another run
 * holds the lease), like `strukt-cron run`; every other answer is an `error` whose message starts
 * with the HTTP status.
 */
export function summarizeInvocation(response: { status: number; body: unknown }): InvocationSummary {
  const parsed = responseBodySchema.safeParse(response.body);
  const body = parsed.success ? parsed.data : null;
  if (body?.success && response.status >= 200 && response.status < 300) {
    const counts = body.counts;
    return {
      status: body.status ?? 'success',
      message: body.message,
      runId: body.runId ?? null,
      remaining: body.remaining ?? counts?.remaining ?? 0,
      ...(counts
        ? {
            counts: {
              considered: counts.considered,
              succeeded: counts.succeeded,
              failed: counts.failed,
              skipped: counts.skipped,
            },
          }
        : {}),
    };
  }
  const error = body && !body.success ? body.error : 'the answer was not a JSON body';
  if (response.status === 409) {
    return { status: 'skipped', message: `Skipped: ${error}`, runId: null, remaining: 0 };
  }
  return {
    status: 'error',
    message: `HTTP ${response.status}: ${error}`,
    runId: body && !body.success ? (body.runId ?? null) : null,
    remaining: 0,
  };
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function describeText(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' ? 'an empty body' : `the body '${clip(trimmed.replace(/\s+/g, ' '), 120)}'`;
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch hides the reason (ECONNREFUSED, ...) in its cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
