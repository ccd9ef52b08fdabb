/**
 * Whether a workflow's `schedule` cron keeps a job's slot. Workflows run a few minutes past the
 * slot at an odd minute (GitHub delays runs at the top of the hour); the job still computes its
 * period from the slot, so the hour, days and months must match exactly and the minute may be
 * offset by at most MAX_OFFSET_MINUTES past the slot's.
 */

export const MAX_OFFSET_MINUTES = 15;

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export type ScheduleMatch = { ok: true } | { ok: false; reason: string };

export function matchesSlot(slot: string, cron: string, maxOffset = MAX_OFFSET_MINUTES): ScheduleMatch {
  const s = fields(slot);
  const c = fields(cron);
  if (!s) return { ok: false, reason: `the registry's schedule '${slot}' is not a 5-field cron` };
  if (!c) return { ok: false, reason: `'${cron}' is not a 5-field cron` };
  const names = ['hour', 'day of month', 'month', 'day of week'];
  for (let i = 1; i < 5; i++) {
    const want = normalize(s[i]!, i);
    const got = normalize(c[i]!, i);
    if (want !== got) {
      return { ok: false, reason: `'${cron}' has ${names[i - 1]} ${c[i]}; the slot '${slot}' has ${s[i]}` };
    }
  }
  const slotMinute = plainNumber(s[0]!);
  const minute = plainNumber(c[0]!);
  if (slotMinute === null) {
    return s[0] === c[0]
      ? { ok: true }
      : { ok: false, reason: `'${cron}' has minute ${c[0]}; expected ${s[0]}` };
  }
  if (minute === null || minute < slotMinute || minute > slotMinute + maxOffset) {
    return {
      ok: false,
      reason: `'${cron}' runs at minute ${c[0]}; expected ${slotMinute}–${Math.min(59, slotMinute + maxOffset)} (the slot '${slot}' or up to ${maxOffset} min after)`,
    };
  }
  return { ok: true };
}

/** The `cron:` entries of a workflow's `on.schedule`, quoted or not, comments dropped. */
export function workflowCrons(text: string): string[] {
  const crons: string[] = [];
  for (const match of text.matchAll(/^\s*-?\s*cron\s*:\s*(?:'([^']*)'|"([^"]*)"|([^#\n]*?))\s*(?:#.*)?$/gm)) {
    const value = (match[1] ?? match[2] ?? match[3] ?? '').trim();
    if (value) crons.push(value);
  }
  return crons;
}

function fields(cron: string): string[] | null {
  const parts = cron.trim().split(/\s+/);
  return parts.length === 5 ? parts : null;
}

function plainNumber(field: string): number | null {
  return /^\d{1,2}$/.test(field) ? Number(field) : null;
}

/** Day and month names to numbers, Sunday 7 to 0, so `SUN`, `sun`, `0` and `7` compare equal. */
function normalize(field: string, index: number): string {
  const lower = field.toLowerCase();
  const named = (names: string[], offset: number) =>
    lower.replace(/[a-z]{3}/g, (name) => {
      const at = names.indexOf(name);
      return at === -1 ? name : String(at + offset);
    });
  if (index === 4) return named(DAY_NAMES, 0).replace(/\b7\b/g, '0');
  if (index === 3) return named(MONTH_NAMES, 1);
  return lower;
}
