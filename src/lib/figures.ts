/**
 * How shares and durations read in summaries, alerts and tables. Apart from the health evaluation
 * that uses them most, so a command that only prints runs does not load the cron parser with it.
 */

/** `0.953` → `95.3%`; null → `n/a`. */
export function pct(value: number | null): string {
  return value == null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

/** `12345` → `12.3 s`, `850` → `850 ms`, `0.13` → `0.1 ms`; null → `n/a`. */
export function ms(value: number | null): string {
  if (value == null) return 'n/a';
  // Per-user times of the status check are fractions of a millisecond.
  if (value < 10 && !Number.isInteger(value)) return `${value.toFixed(1)} ms`;
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}
