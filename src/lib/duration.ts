/**
 * Durations as people write them on a command line, in an action input or a variable: a number
 * and a unit, `90s`, `15m`, `2h`, `1500ms`, `90d`. The unit is required: `--time-budget 5` once
 * meant 5 ms where 5 minutes was meant, and nothing said so.
 */

/** Milliseconds per unit. */
export const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export type DurationUnit = keyof typeof DURATION_UNITS_MS;

/** The units of a run's time and of thresholds. @default for `durationMs` */
export const CLOCK_UNITS: readonly DurationUnit[] = ['ms', 's', 'm', 'h'];

/**
 * Milliseconds from a number and one of `units` (`1.5s` too), or null for anything else,
 * a bare number included.
 */
export function durationMs(text: string, units: readonly DurationUnit[] = CLOCK_UNITS): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(text.trim());
  const unit = match?.[2] as DurationUnit | undefined;
  if (!match || !unit || !units.includes(unit)) return null;
  const ms = Number(match[1]) * DURATION_UNITS_MS[unit];
  return Number.isFinite(ms) ? ms : null;
}

/** A number with no unit (`5`, `1.5`): it gets its own message, since it is the likely slip. */
export function lacksUnit(text: string): boolean {
  return /^\d+(?:\.\d+)?$/.test(text.trim());
}

/**
 * The message for a number without a unit:
 * "Invalid --time-budget '5': expected a duration with a unit, like 90s, 15m or 2h."
 */
export function unitMissingMessage(name: string, value: string, examples = '90s, 15m or 2h'): string {
  return `Invalid ${name} '${value.trim()}': expected a duration with a unit, like ${examples}.`;
}
