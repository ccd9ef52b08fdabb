import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import {
  parseAsOf,
  parseConcurrency,
  parseDuration,
  parseShard,
  parseUsers,
} from '../../src/config/runOptions.ts';

describe('run options', () => {
  it('parses shards and explains a bad one', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('0/1')).toBeNull();
    expect(() => parseShard('5/4')).toThrow(
      "Invalid --shard '5/4'. Expected i/n with 0 ≤ i < n ≤ 256, like 0/4.",
    );
    expect(() => parseShard('a/b')).toThrow(/Expected i\/n/);
  });

  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration(undefined)).toBeNull();
    expect(() => parseDuration('soon')).toThrow(/Expected a duration like 90s, 5m or 1h/);
  });

  it('refuses a duration without a unit instead of reading it as milliseconds', () => {
    expect(() => parseDuration('5')).toThrow(
      "Invalid --time-budget '5': expected a duration with a unit, like 90s, 15m or 2h.",
    );
    expect(() => parseDuration('1500', "input 'time-budget'")).toThrow(
      "Invalid input 'time-budget' '1500': expected a duration with a unit, like 90s, 15m or 2h.",
    );
  });

  it('requires ISO times and UUIDs', () => {
    expect(parseAsOf('2025-11-09T20:00:00Z').toISOString()).toBe('2025-11-09T20:00:00.000Z');
    expect(() => parseAsOf('next sunday')).toThrow(/Expected an ISO 8601 time/);
    expect(() => parseAsOf('2025-13-45')).toThrow(/Expected an ISO 8601 time/);
    expect(parseUsers(' 00000000-0000-4000-8000-000000000001 ,')).toEqual([
      '00000000-0000-4000-8000-000000000001',
    ]);
    expect(() => parseUsers('alice')).toThrow(
      "Invalid --users entry 'alice'. Expected user ids (UUIDs), comma-separated.",
    );
    expect(() => parseConcurrency('0')).toThrow(/from 1 to 64/);
  });

  it('refuses a day that does not exist instead of rolling it into the next month', () => {
    expect(() => parseAsOf('2025-02-30')).toThrow(/Expected an ISO 8601 time/);
    expect(() => parseAsOf('2025-04-31T08:00:00Z')).toThrow(/Expected an ISO 8601 time/);
    expect(parseAsOf('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('refuses a users list that names nobody rather than running for everyone', () => {
    expect(() => parseUsers(',')).toThrow(/no user ids\. Expected user ids/);
    expect(() => parseUsers([''])).toThrow(/no user ids/);
    expect(parseUsers('')).toBeNull();
  });
});

describe('configuration', () => {
  it('defaults the model and selects nothing without variables', () => {
    const config = loadConfig({});
    expect(config.openaiModel).toBe('gpt-4o-mini');
    expect(config.databaseUrl).toBeNull();
  });

  it('names a bad variable and what was expected, without echoing secrets', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://secret-password@x' })).toThrow(
      /DATABASE_URL: Expected a connection string starting postgres:\/\/ or postgresql:\/\/; got \(value hidden\)/,
    );
    expect(() => loadConfig({ SUPABASE_URL: 'not a url' })).toThrow(/SUPABASE_URL: Expected an https URL/);
    expect(() => loadConfig({ SUPABASE_URL: 'https://x.supabase.co' })).toThrow(
      /SUPABASE_SERVICE_ROLE_KEY is not set/,
    );
  });
});
