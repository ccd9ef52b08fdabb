import { describe, expect, it } from 'vitest';
import { parseKeepDays } from '../../src/config/runOptions.ts';
import { loadConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import { durationMs, lacksUnit } from '../../src/lib/duration.ts';

describe('durations', () => {
  it.each([
    ['1500ms', 1500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1.5s', 1500],
    [' 5 m ', 300_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  it.each(['5', '1.5', '90S', '5min', '1d', '5m30s', '-5m', '1e3', 'soon', ''])('refuses %j', (text) => {
    expect(durationMs(text)).toBeNull();
  });

  it('tells a bare number apart, the likely slip', () => {
    expect(lacksUnit('5')).toBe(true);
    expect(lacksUnit('5m')).toBe(false);
  });

  it('prune --keep takes days or hours, and refuses a bare number', () => {
    expect(parseKeepDays('90d')).toBe(90);
    expect(parseKeepDays('720h')).toBe(30);
    expect(parseKeepDays('25h')).toBe(2);
    expect(() => parseKeepDays('90')).toThrow(
      "Invalid --keep '90': expected a duration with a unit, like 90d or 720h.",
    );
    expect(() => parseKeepDays('90m')).toThrow("Invalid --keep '90m'. Expected a duration in days or hours");
  });

  it('a duration threshold variable needs a unit too', () => {
    const load = () => loadConfig({ STRUKT_THRESHOLD_WEEKLY_DIGEST_SLOW_RUN_BASE: '30000' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      'STRUKT_THRESHOLD_WEEKLY_DIGEST_SLOW_RUN_BASE: Expected a duration with a unit, like 1500ms, 30s or 2m; got "30000"',
    );
    expect(
      loadConfig({ STRUKT_THRESHOLD_WEEKLY_DIGEST_SLOW_RUN_BASE: '30s' }).thresholds['weekly-digest'],
    ).toEqual({ slowRunBaseMs: 30_000 });
  });
});
