/**
 * `show --period`: the digest week a day or a time names. Apart from show.ts because a week comes
 * from the weekly digest's schedule through the cron parser, which `strukt-cron --help` never loads.
 */
import { isCalendarDate } from '../config/runOptions.ts';
import { getJob } from '../domain/jobs.ts';
import { slotPeriodHolding, type Period } from '../domain/period.ts';
import { ConfigError } from '../lib/errors.ts';
import { humanTime } from '../lib/humanTime.ts';
import { clip, EXAMPLE_DAY, EXAMPLE_WEEK } from './show.ts';

/**
 * `--period`: a day (`2026-11-23`) or an ISO 8601 time, naming the digest week that holds it. A week
 * runs from one weekly-digest slot to the next, as the digest of that week stores its period.
 */
export function parsePeriod(value: string): Period {
  const text = value.trim();
  const form = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
  const ms = Date.parse(text);
  if (!form.test(text) || Number.isNaN(ms) || !isCalendarDate(text.slice(0, 10))) {
    throw new ConfigError(
      `Invalid --period '${clip(text)}'. Expected a day like ${EXAMPLE_DAY}, naming the digest week that ` +
        `holds it (${EXAMPLE_WEEK}), or an ISO 8601 time like 2026-11-22T20:00:00Z.`,
    );
  }
  // A day names the week its last moment falls in: the Sunday of a slot at 20:00 belongs to the
  // week that starts that evening, and every other day to the week around it.
  const at = text.length === 10 ? new Date(ms + 86_400_000 - 1) : new Date(ms);
  return weekHolding(at);
}

export function weekHolding(at: Date): Period {
  return slotPeriodHolding(getJob('weekly-digest').schedule, at);
}

export function describeWeek(period: Period): string {
  return `${humanTime(period.start)} → ${humanTime(period.end)}`;
}
