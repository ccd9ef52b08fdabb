/**
 * Small parsers and patterns of configuration values that the commands need while they are being
 * defined. Apart from config.ts, which loads zod: `strukt-cron --help` loads this file only.
 */
import { ConfigError } from '../lib/errors.ts';

/** A repository as GitHub names it: `owner/name`. */
export const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** `on`/`off` (also `true`/`false`), any case; null for anything else. */
export function parseSwitch(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (v === 'on' || v === 'true') return true;
  if (v === 'off' || v === 'false') return false;
  return null;
}

/**
 * An on/off option as a flag or input gives it (`--nudges`, input 'nudges'): null when empty or
 * absent, so the caller falls back to the configuration; a ConfigError naming `name` otherwise.
 */
export function parseOnOff(value: string | undefined | null, name: string): boolean | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const on = parseSwitch(value);
  if (on === null)
    throw new ConfigError(`Invalid ${name} '${value.trim().slice(0, 60)}'. Expected on or off.`);
  return on;
}
