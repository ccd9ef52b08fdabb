import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  DURATION_UNITS_MS,
  durationMs,
  lacksUnit,
  unitMissingMessage
} from "./chunk-VCRIN6ZY.js";
import {
  ConfigError
} from "./chunk-X27H6HXQ.js";

// src/domain/runRequest.ts
var MAX_RUN_USERS = 1e4;

// src/config/runOptions.ts
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function parseAsOf(value, name = "--as-of", now = () => /* @__PURE__ */ new Date()) {
  if (value === void 0 || value === null || value.trim() === "") return now();
  const text = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const ms = Date.parse(text);
  if (!iso.test(text) || Number.isNaN(ms) || !isCalendarDate(text.slice(0, 10))) {
    throw new ConfigError(
      `Invalid ${name} '${clip(text)}'. Expected an ISO 8601 time like 2025-11-02T20:00:00Z.`
    );
  }
  return new Date(ms);
}
function parseUsers(value, name = "--users") {
  if (value === void 0 || value === null) return null;
  if (typeof value === "string" && value.trim() === "") return null;
  const items = (Array.isArray(value) ? value : value.split(",")).map((u) => typeof u === "string" ? u.trim() : u).filter((u) => u !== "");
  if (items.length === 0) {
    throw new ConfigError(
      `Invalid ${name} '${clip(String(value))}': no user ids. Expected user ids (UUIDs), comma-separated; leave it out to run for every user.`
    );
  }
  if (items.length > MAX_RUN_USERS) {
    throw new ConfigError(`Too many ${name}: ${items.length}. Expected at most ${MAX_RUN_USERS} user ids.`);
  }
  for (const item of items) {
    if (typeof item !== "string" || !UUID.test(item)) {
      throw new ConfigError(
        `Invalid ${name} entry '${clip(String(item))}'. Expected user ids (UUIDs), comma-separated.`
      );
    }
  }
  return [...new Set(items.map((u) => u.toLowerCase()))];
}
function parseShard(value, name = "--shard") {
  if (value === void 0 || value === null || value.trim() === "") return null;
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(value.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > 256 || index >= count) {
    throw new ConfigError(`Invalid ${name} '${clip(value)}'. Expected i/n with 0 ≤ i < n ≤ 256, like 0/4.`);
  }
  return count === 1 ? null : { index, count };
}
var DEFAULT_CONCURRENCY = 8;
function parseConcurrency(value, name = "--concurrency") {
  if (value === void 0 || value === null || value === "") return null;
  if (typeof value === "string" && value.trim().toLowerCase() === "auto") return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new ConfigError(
      `Invalid ${name} '${clip(String(value))}'. Expected a whole number from 1 to 64, or auto.`
    );
  }
  return n;
}
var MAX_DURATION_MS = 6 * 36e5;
function parseDuration(value, name = "--time-budget") {
  if (value === void 0 || value === null || value === "") return null;
  const text = String(value);
  if (lacksUnit(text)) throw new ConfigError(unitMissingMessage(name, clip(text)));
  const ms = durationMs(text);
  if (ms === null || ms < 1 || ms > MAX_DURATION_MS) {
    throw new ConfigError(
      `Invalid ${name} '${clip(text)}'. Expected a duration like 90s, 5m or 1h (at most 6h).`
    );
  }
  return Math.round(ms);
}
var AI_MODES = ["openai", "batch", "offline"];
function parseAiMode(value, name = "--ai") {
  if (value === void 0 || value === null || value === "") return null;
  if (AI_MODES.includes(value)) return value;
  throw new ConfigError(`Invalid ${name} '${clip(value)}'. Expected openai, batch or offline.`);
}
function parseRunOptions(raw, context, names = {}) {
  return {
    dryRun: raw.dryRun ?? false,
    asOf: parseAsOf(raw.asOf, names.asOf, context.now),
    users: parseUsers(raw.users, names.users),
    shard: parseShard(raw.shard, names.shard),
    concurrency: parseConcurrency(raw.concurrency, names.concurrency),
    timeBudgetMs: parseDuration(raw.timeBudget, names.timeBudget),
    trigger: context.trigger,
    source: context.source,
    runUrl: context.runUrl
  };
}
function isCalendarDate(ymd) {
  const [y, m, d] = ymd.split("-").map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
function clip(text) {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
function parseKeepDays(value, name = "--keep") {
  if (lacksUnit(value)) throw new ConfigError(unitMissingMessage(name, value, "90d or 720h"));
  const ms = durationMs(value, ["d", "h"]);
  const days = ms === null ? NaN : Math.ceil(ms / DURATION_UNITS_MS.d);
  if (!Number.isInteger(days) || days < 1 || days > 36500) {
    throw new ConfigError(
      `Invalid ${name} '${value}'. Expected a duration in days or hours like 90d or 720h.`
    );
  }
  return days;
}

export {
  parseAsOf,
  parseUsers,
  DEFAULT_CONCURRENCY,
  parseDuration,
  parseAiMode,
  parseRunOptions,
  isCalendarDate,
  parseKeepDays
};
