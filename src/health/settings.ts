/**
 * The health check's settings as the CLI's flags and the action's inputs give them: parsed once
 * here for both, so a mistake reads the same wherever it was typed.
 */
import type { JobThresholds } from '../domain/jobs.ts';
import { ConfigError } from '../lib/errors.ts';
import type { HealthCheckOptions } from './check.ts';

/** Health settings as they arrive from flags or action inputs: strings, empty meaning "default". */
export interface RawHealthSettings {
  windowDays?: string | null;
  graceMinutes?: string | null;
  minSuccessRate?: string | null;
  maxCallRetryRate?: string | null;
  maxRetryRate?: string | null;
}

/**
 * Parses the health settings once for both entry points; `names` says how the caller spells each
 * (`--window-days` or `window-days`) so errors point at what the user typed.
 */
export function parseHealthSettings(
  raw: RawHealthSettings,
  names: Record<keyof RawHealthSettings, string>,
): Pick<HealthCheckOptions, 'windowDays' | 'graceMinutes' | 'overrides'> {
  const settings: Pick<HealthCheckOptions, 'windowDays' | 'graceMinutes' | 'overrides'> = {};
  const windowDays = wholeNumber(raw.windowDays, names.windowDays, 1, 366);
  if (windowDays !== null) settings.windowDays = windowDays;
  const graceMinutes = wholeNumber(raw.graceMinutes, names.graceMinutes, 0, 10_080);
  if (graceMinutes !== null) settings.graceMinutes = graceMinutes;
  const overrides: Partial<JobThresholds> = {};
  const minSuccessRate = share(raw.minSuccessRate, names.minSuccessRate);
  if (minSuccessRate !== null) overrides.minSuccessRate = minSuccessRate;
  const maxRetryRate = share(raw.maxRetryRate, names.maxRetryRate);
  if (maxRetryRate !== null) overrides.maxRetryRate = maxRetryRate;
  const maxCallRetryRate = share(raw.maxCallRetryRate, names.maxCallRetryRate);
  if (maxCallRetryRate !== null) overrides.maxCallRetryRate = maxCallRetryRate;
  if (Object.keys(overrides).length > 0) settings.overrides = overrides;
  return settings;
}

function blank(value: string | null | undefined): value is '' | null | undefined {
  return value == null || value.trim() === '';
}

function wholeNumber(
  value: string | null | undefined,
  name: string,
  min: number,
  max: number,
): number | null {
  if (blank(value)) return null;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new ConfigError(`Invalid ${name} '${value}'. Expected a whole number from ${min} to ${max}.`);
  }
  return n;
}

/** `0.95` or `95%`, as a share from 0 to 1. */
function share(value: string | null | undefined, name: string): number | null {
  if (blank(value)) return null;
  const text = value.trim();
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
  const n = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN;
  if (!match || !(n >= 0 && n <= 1)) {
    throw new ConfigError(
      `Invalid ${name} '${text}'. Expected a share from 0 to 1 like 0.95, or a percentage like 95%.`,
    );
  }
  return n;
}
