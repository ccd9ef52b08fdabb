/**
 * The hidden HTML comments that give an alert issue its identity and carry its memory between
 * hourly health runs, so the issue itself is the only storage the alerting needs.
 */
import type { JobName } from '../domain/jobs.ts';
import type { AlertKind } from '../monitoring/evaluate.ts';

/** The label every alert issue carries; listing filters on it. */
export const ALERT_LABEL = 'cron-alert';
/** An alert issue with this label is left alone, open or closed. */
export const MUTED_LABEL = 'cron-alert:muted';

export type CheckState = 'breach' | 'ok' | 'unknown';

/** What an issue remembers between evaluations. */
export interface AlertMemoryEntry {
  /** Healthy evaluations in a row since the last breach; the issue closes at closeAfterHealthy. */
  healthyStreak: number;
  lastState: CheckState;
  /**
   * Slots (ISO) a catch-up run was already dispatched for (missed-schedule only). The slot stays
   * missed until the catch-up run lands, so without this every hourly check would dispatch again.
   */
  dispatchedSlots?: string[];
}

/** Memory by alert key (`<job>:<kind>`). */
export type AlertMemory = Record<string, AlertMemoryEntry>;

export function alertKey(job: JobName, kind: AlertKind): string {
  return `${job}:${kind}`;
}

/** The identity marker: `<!-- strukt-cron:alert:v1:<job>:<kind> -->`. */
export function alertMarker(job: JobName, kind: AlertKind): string {
  return `<!-- strukt-cron:alert:v1:${job}:${kind} -->`;
}

const IDENTITY = /<!-- strukt-cron:alert:v1:([a-z0-9-]+):([a-z0-9-]+) -->/;
const STATE = /<!-- strukt-cron:state (\{[^}]*\}) -->/;

/** The `<job>:<kind>` key of the first identity marker in a body, or null. */
export function markerKeyOf(body: string | null | undefined): string | null {
  const match = body == null ? null : IDENTITY.exec(body);
  return match ? `${match[1]}:${match[2]}` : null;
}

/** At most this many dispatched slots are remembered; older ones have left any window anyway. */
export const MAX_DISPATCHED_SLOTS = 20;

export function stateMarker(memory: AlertMemoryEntry): string {
  const slots = memory.dispatchedSlots ?? [];
  const json = JSON.stringify({
    healthyStreak: memory.healthyStreak,
    lastState: memory.lastState,
    ...(slots.length > 0 ? { dispatchedSlots: slots.slice(-MAX_DISPATCHED_SLOTS) } : {}),
  });
  return `<!-- strukt-cron:state ${json} -->`;
}

/** The memory stored in a body; null when absent or unreadable (a human may have edited it). */
export function parseStateMarker(body: string | null | undefined): AlertMemoryEntry | null {
  const match = body == null ? null : STATE.exec(body);
  if (!match?.[1]) return null;
  try {
    const value: unknown = JSON.parse(match[1]);
    if (typeof value !== 'object' || value === null) return null;
    const { healthyStreak, lastState, dispatchedSlots } = value as Record<string, unknown>;
    if (typeof healthyStreak !== 'number' || !Number.isInteger(healthyStreak) || healthyStreak < 0)
      return null;
    if (lastState !== 'breach' && lastState !== 'ok' && lastState !== 'unknown') return null;
    const slots = parseSlots(dispatchedSlots);
    return slots.length > 0
      ? { healthyStreak, lastState, dispatchedSlots: slots }
      : { healthyStreak, lastState };
  } catch {
    // Unreadable memory is treated as none: the streak restarts, which only delays a close.
    return null;
  }
}

/** Keeps the entries that are ISO times, normalised; a hand-edited entry is dropped, not fatal. */
function parseSlots(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? [] : [new Date(t).toISOString()];
  });
}
