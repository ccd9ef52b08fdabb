/**
 * Timing helpers. The machines are shared and noisy, so every figure is a median of several
 * runs and every target is a ratio of two figures measured in the same run.
 */

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0)
    throw new RangeError('Expected at least one value to take the median of, got none.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `work` and returns its value with its wall time in ms. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** `1234.5` → `1.23 s`, `85.2` → `85 ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** All samples, for the record: `1.20 / 1.31 / 1.25 s`. */
export function formatSamples(samples: readonly number[]): string {
  return samples.map((ms) => formatMs(ms)).join(' / ');
}

/** `1.234` → `1.23×`. */
export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

export function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/** Samples `process.memoryUsage().rss` until stopped; returns the peak seen. */
export function sampleRss(everyMs = 50): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/** Logs progress to stderr, so stdout keeps only the result table. */
export function progress(message: string): void {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}
