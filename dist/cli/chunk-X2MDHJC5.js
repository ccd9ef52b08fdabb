import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  FINAL_ERROR_CODES,
  MAX_REQUEST_USERS,
  errorBodySchema,
  responseBodySchema
} from "./chunk-P2ASJX3D.js";
import {
  RETRY_DELAYS_MS,
  RetryExhaustedError,
  withRetry
} from "./chunk-HZUTH2YY.js";
import {
  ConfigError
} from "./chunk-X27H6HXQ.js";
import "./chunk-2VMIIVX7.js";
import "./chunk-PUGRNUUZ.js";

// src/functions/invoke.ts
var DEFAULT_INVOKE_TIMEOUT_MS = 17e4;
var MAX_RETRY_AFTER_MS = 6e4;
var InvokeError = class extends Error {
  name = "InvokeError";
  attempts;
  constructor(message, attempts, cause) {
    super(message, { cause });
    this.attempts = attempts;
  }
};
var RetryableAnswer = class extends Error {
  constructor(status, body, retryAfterMs) {
    super(`HTTP ${status}: ${body.success ? body.message : body.error}`);
    this.status = status;
    this.body = body;
    this.retryAfterMs = retryAfterMs;
  }
  status;
  body;
  retryAfterMs;
};
var NetworkFailure = class extends Error {
};
var Timeout = class extends Error {
};
async function invokeFunction(opts) {
  const fetchFn = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS;
  const url = `${opts.baseUrl.replace(/\/+$/, "")}/${encodeURIComponent(opts.functionName)}`;
  const users = opts.body?.users;
  if (Array.isArray(users) && users.length > MAX_REQUEST_USERS) {
    throw new ConfigError(
      `Too many users for one edge-function call: ${users.length}. Expected at most ${MAX_REQUEST_USERS} (what fits in a request body); run on the runner (strukt-cron run, or mode run) for more.`
    );
  }
  const payload = JSON.stringify(opts.body ?? {});
  let tries = 0;
  const once = async () => {
    opts.onTry?.(++tries);
    const signal = AbortSignal.timeout(timeoutMs);
    let status;
    let text;
    let retryAfter;
    try {
      const response = await fetchFn(url, {
        method: "POST",
        headers: { authorization: `Bearer ${opts.key}`, "content-type": "application/json" },
        body: payload,
        signal
      });
      status = response.status;
      retryAfter = response.headers.get("retry-after");
      text = await response.text();
    } catch (error) {
      if (signal.aborted) {
        throw new Timeout(
          `No answer from ${url} within ${seconds(timeoutMs)}; the run may still be going (check system_cron_logs before invoking again)`
        );
      }
      throw new NetworkFailure(`Could not reach ${url}: ${messageOf(error)}`, { cause: error });
    }
    const body = parseAnswer(status, text, url);
    const final = !body.success && body.code !== void 0 && FINAL_ERROR_CODES.has(body.code);
    if (status >= 500 && !final) throw new RetryableAnswer(status, body, parseRetryAfter(retryAfter));
    return { status, body };
  };
  try {
    const { value, attempts, delaysMs } = await withRetry(once, {
      delaysMs: opts.delaysMs ?? RETRY_DELAYS_MS,
      sleep,
      isRetryable: (error) => error instanceof RetryableAnswer || error instanceof NetworkFailure,
      retryAfterMs: (error) => error instanceof RetryableAnswer ? error.retryAfterMs : null
    });
    return { ...value, attempts, delaysMs };
  } catch (error) {
    if (error instanceof RetryExhaustedError) {
      const last = error.cause;
      if (last instanceof RetryableAnswer) {
        return { status: last.status, body: last.body, attempts: error.attempts, delaysMs: error.delaysMs };
      }
      const tries2 = `${error.attempts} ${error.attempts === 1 ? "try" : "tries"}`;
      throw new InvokeError(
        `Invoking ${opts.functionName} failed after ${tries2}: ${last.message}`,
        error.attempts,
        last
      );
    }
    throw error;
  }
}
function parseAnswer(status, text, url) {
  let value = void 0;
  try {
    value = JSON.parse(text);
  } catch {
  }
  const parsed = responseBodySchema.safeParse(value);
  const ok = status >= 200 && status < 300;
  if (parsed.success && parsed.data.success === ok) return parsed.data;
  if (ok) {
    throw new InvokeError(
      `Unexpected answer from ${url}: HTTP ${status} with ${describeText(text)}. Expected the JSON body {"success": true, "message": ..., "status": ..., "runId": ...}.`,
      1
    );
  }
  const record = value !== null && typeof value === "object" ? value : {};
  const said = [record.error, record.message, record.msg].find((v) => typeof v === "string");
  return errorBodySchema.parse({
    success: false,
    error: typeof said === "string" ? clip(said) : `HTTP ${status} with ${describeText(text)}`
  });
}
function parseRetryAfter(header) {
  if (header === null) return null;
  const seconds2 = Number(header);
  const ms = Number.isFinite(seconds2) ? seconds2 * 1e3 : Date.parse(header) - Date.now();
  if (!Number.isFinite(ms) || ms <= 0) return null;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
function summarizeInvocation(response) {
  const parsed = responseBodySchema.safeParse(response.body);
  const body = parsed.success ? parsed.data : null;
  if (body?.success && response.status >= 200 && response.status < 300) {
    const counts = body.counts;
    return {
      status: body.status ?? "success",
      message: body.message,
      runId: body.runId ?? null,
      remaining: body.remaining ?? counts?.remaining ?? 0,
      ...counts ? {
        counts: {
          considered: counts.considered,
          succeeded: counts.succeeded,
          failed: counts.failed,
          skipped: counts.skipped
        }
      } : {}
    };
  }
  const error = body && !body.success ? body.error : "the answer was not a JSON body";
  if (response.status === 409) {
    return { status: "skipped", message: `Skipped: ${error}`, runId: null, remaining: 0 };
  }
  return {
    status: "error",
    message: `HTTP ${response.status}: ${error}`,
    runId: body && !body.success ? body.runId ?? null : null,
    remaining: 0
  };
}
function seconds(ms) {
  return ms < 1e3 ? `${ms} ms` : `${Math.round(ms / 1e3)} s`;
}
function describeText(text) {
  const trimmed = text.trim();
  return trimmed === "" ? "an empty body" : `the body '${clip(trimmed.replace(/\s+/g, " "), 120)}'`;
}
function messageOf(error) {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
function clip(text, max = 300) {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
export {
  DEFAULT_INVOKE_TIMEOUT_MS,
  InvokeError,
  invokeFunction,
  summarizeInvocation
};
