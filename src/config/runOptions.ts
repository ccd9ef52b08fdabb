import { MAX_RUN_USERS } from '../domain/runRequest.ts';
import type { RunOptions, Shard, Source, Trigger } from '../domain/runRequest.ts';
import { DURATION_UNITS_MS, durationMs, lacksUnit, unitMissingMessage } from '../lib/duration.ts';
import { ConfigError } from '../lib/errors.ts';

/**
 * Parsers for the run options every entry point takes (CLI flags, action inputs, HTTP bodies).
 * Each failure is a ConfigError that names the option, what was expected and what came.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseAsOf(value: string | undefined | null, name = '--as-of', now = () => new Date()): Date {
  if (value === undefined || value === null || value.trim() === '') return now();
  const text = value.trim();
  // Date.parse accepts many loose forms; require an ISO 8601 date or date-time.
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const ms = Date.parse(text);
  // Date.parse rolls an impossible day over (2025-02-30 -> 2025-03-02): a backfill would cover
  // another period than the one asked for.
  if (!iso.test(text) || Number.isNaN(ms) || !isCalendarDate(text.slice(0, 10))) {
    throw new ConfigError(
      `Invalid ${name} '${clip(text)}'. Expected an ISO 8601 time like 2025-11-02T20:00:00Z.`,
    );
  }
  return new Date(ms);
}

export function parseUsers(value: string | string[] | undefined | null, name = '--users'): string[] | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  const items = (Array.isArray(value) ? value : value.split(','))
    .map((u) => (typeof u === 'string' ? u.trim() : u))
    .filter((u) => u !== '');
  if (items.length === 0) {
    // A list that names nobody (',' or [""]) must not turn into "every user".
    throw new ConfigError(
      `Invalid ${name} '${clip(String(value))}': no user ids. Expected user ids (UUIDs), comma-separated; leave it out to run for every user.`,
    );
  }
  if (items.length > MAX_RUN_USERS) {
    throw new ConfigError(`Too many ${name}: ${items.length}. Expected at most ${MAX_RUN_USERS} user ids.`);
  }
  for (const item of items) {
    if (typeof item !== 'string' || !UUID.test(item)) {
      throw new ConfigError(
        `Invalid ${name} entry '${clip(String(item))}'. Expected user ids (UUIDs), comma-separated.`,
      );
    }
  }
  return [...new Set(items.map((u) => u.toLowerCase()))];
}

export function parseShard(value: string | undefined | null, name = '--shard'): Shard | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(value.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > 256 || index >= count) {
    throw new ConfigError(`Invalid ${name} '${clip(value)}'. Expected i/n with 0 ≤ i < n ≤ 256, like 0/4.`);
  }
  return count === 1 ? null : { index, count };
}

/** Users in progress at once when the AI writer cannot say how many it can use (offline, dry runs). */
export const DEFAULT_CONCURRENCY = 8;

/**
 * A whole number from 1 to 64, or null for `auto` (also when empty): as many users in progress as
 * the AI writer can use, which is what fills the OpenAI rate limit (src/jobs/fanOut.ts).
 */
export function parseConcurrency(
  value: string | number | undefined | null,
  name = '--concurrency',
): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string' && value.trim().toLowerCase() === 'auto') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new ConfigError(
      `Invalid ${name} '${clip(String(value))}'. Expected a whole number from 1 to 64, or auto.`,
    );
  }
  return n;
}

/** A run's time budget may not pass this: a run that long has something wrong with it. */
const MAX_DURATION_MS = 6 * 3_600_000;

/** "90s", "5m", "1h", "1500ms". The unit is required: a bare "5" is refused, not read as 5 ms. */
export function parseDuration(
  value: string | number | undefined | null,
  name = '--time-budget',
): number | null {
  if (value === undefined || value === null || value === '') return null;
  const text = String(value);
  if (lacksUnit(text)) throw new ConfigError(unitMissingMessage(name, clip(text)));
  const ms = durationMs(text);
  if (ms === null || ms < 1 || ms > MAX_DURATION_MS) {
    throw new ConfigError(
      `Invalid ${name} '${clip(text)}'. Expected a duration like 90s, 5m or 1h (at most 6h).`,
    );
  }
  return Math.round(ms);
}

/**
 * How digests and plans are written: `openai` calls the API directly, `batch` submits them to
 * OpenAI's Batch API (half the price, answered within 24 h, collected by a later run), `offline`
 * writes templates.
 */
export type AiMode = 'openai' | 'batch' | 'offline';
export const AI_MODES: readonly AiMode[] = ['openai', 'batch', 'offline'];

export function parseAiMode(value: string | undefined | null, name = '--ai'): AiMode | null {
  if (value === undefined || value === null || value === '') return null;
  if ((AI_MODES as readonly string[]).includes(value)) return value as AiMode;
  throw new ConfigError(`Invalid ${name} '${clip(value)}'. Expected openai, batch or offline.`);
}

export function parseBoolean(value: string | boolean | undefined | null, name: string): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new ConfigError(`Invalid ${name} '${clip(value)}'. Expected true or false.`);
}

export interface RawRunOptions {
  dryRun?: boolean;
  asOf?: string | null;
  users?: string | string[] | null;
  shard?: string | null;
  concurrency?: string | number | null;
  timeBudget?: string | number | null;
}

/** All run options at once, from raw strings; `names` maps each to how the caller calls it. */
export function parseRunOptions(
  raw: RawRunOptions,
  context: { trigger: Trigger; source: Source; runUrl: string | null; now?: () => Date },
  names: Partial<Record<keyof RawRunOptions, string>> = {},
): RunOptions {
  return {
    dryRun: raw.dryRun ?? false,
    asOf: parseAsOf(raw.asOf, names.asOf, context.now),
    users: parseUsers(raw.users, names.users),
    shard: parseShard(raw.shard, names.shard),
    concurrency: parseConcurrency(raw.concurrency, names.concurrency),
    timeBudgetMs: parseDuration(raw.timeBudget, names.timeBudget),
    trigger: context.trigger,
    source: context.source,
    runUrl: context.runUrl,
  };
}

/** `yyyy-mm-dd` names a day that exists (month 1–12, day within the month). */
export function isCalendarDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Whole days from "90d" or "720h" (hours round up to a day). A bare number is refused: days or hours? */
export function parseKeepDays(value: string, name = '--keep'): number {
  if (lacksUnit(value)) throw new ConfigError(unitMissingMessage(name, value, '90d or 720h'));
  const ms = durationMs(value, ['d', 'h']);
  const days = ms === null ? NaN : Math.ceil(ms / DURATION_UNITS_MS.d);
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new ConfigError(
      `Invalid ${name} '${value}'. Expected a duration in days or hours like 90d or 720h.`,
    );
  }
  return days;
}
