/**
 * User-local calendar days before an instant, as UTC spans. The stress check counts
 * *user-local* days (DESIGN §5), so sample evidence must land on distinct local days of each
 * user's timezone — "24 hours apart" is not enough across a DST change.
 */
export interface LocalDay {
  /** The local calendar date, YYYY-MM-DD (what the `date` columns of workouts, meals and moods hold). */
  date: string;
  /** First instant of the day, epoch ms. */
  start: number;
  /** Instant after the day, epoch ms; for day 0 it is as-of itself (nothing is generated later). */
  end: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local wall-clock fields of an instant. */
function wallClock(instant: number, timeZone: string) {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 1970,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in ms (Sydney in summer: +11 h). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The instant of local midnight starting a date (two passes settle a DST change that day). */
function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

function isoDate(utcMidnight: number): string {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}

/**
 * The `count` local days of `timeZone` ending at `asOf`: index 0 is the day containing the
 * instant just before as-of (cut at as-of), index 1 the day before it, and so on.
 */
export function localDaysBefore(asOf: Date, timeZone: string, count: number): LocalDay[] {
  const asOfMs = asOf.getTime();
  const today = wallClock(asOfMs - 1, timeZone);
  const days: LocalDay[] = [];
  let nextStart = asOfMs;
  for (let k = 0; k < count; k++) {
    const civil = Date.UTC(today.year, today.month - 1, today.day - k);
    const d = new Date(civil);
    const start = localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
    days.push({ date: isoDate(civil), start, end: nextStart });
    nextStart = start;
  }
  return days;
}

/**
 * The day of `days` (as returned by localDaysBefore) that holds `instant`: the user-local date
 * of a moment without formatting it, which matters at a million rows.
 */
export function localDayOf(days: readonly LocalDay[], instant: number): LocalDay {
  for (const day of days) {
    if (day.start <= instant && instant < day.end) return day;
  }
  throw new Error(
    `No generated local day holds ${new Date(instant).toISOString()}. ` +
      `Expected an instant in the ${days.length} days before as-of.`,
  );
}
