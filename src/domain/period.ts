import { CronExpressionParser } from 'cron-parser';

/**
 * Glossary: a *slot* is a moment a job's cron expression names (e.g. Sunday 20:00 UTC). A
 * digest's *period* is the 7 days ending at the latest slot at or before the run's as-of time,
 * so an on-time, late or catch-up run for a slot all cover the same period.
 */
export interface Period {
  start: Date;
  end: Date;
}

/** The latest slot of `schedule` (UTC) at or before `at`. */
export function latestSlotAtOrBefore(schedule: string, at: Date): Date {
  // cron-parser's prev() is strictly before currentDate; a run exactly on its slot owns that slot.
  const expression = CronExpressionParser.parse(schedule, {
    currentDate: new Date(at.getTime() + 1),
    tz: 'UTC',
  });
  return expression.prev().toDate();
}

/** The `days`-long period ending at the latest slot at or before `asOf`. */
export function periodEndingAtSlot(schedule: string, asOf: Date, days: number): Period {
  const end = latestSlotAtOrBefore(schedule, asOf);
  return { start: new Date(end.getTime() - days * 86_400_000), end };
}

/** The `days` before `asOf` (the user-status and plan windows). */
export function windowBefore(asOf: Date, days: number): Period {
  return { start: new Date(asOf.getTime() - days * 86_400_000), end: asOf };
}

/**
 * The period between two slots of `schedule` (UTC) that holds `at`: from the latest slot at or
 * before it to the next one. For the weekly digest (`0 20 * * 0`) that is the digest week of
 * `at`, as the digest of that week stores it (period_start, period_end).
 */
export function slotPeriodHolding(schedule: string, at: Date): Period {
  const start = latestSlotAtOrBefore(schedule, at);
  const end = CronExpressionParser.parse(schedule, { currentDate: start, tz: 'UTC' }).next().toDate();
  return { start, end };
}
