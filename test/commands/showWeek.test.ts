import { describe, expect, it } from 'vitest';
import { EXAMPLE_DAY, EXAMPLE_WEEK } from '../../src/commands/show.ts';
import { describeWeek, parsePeriod, weekHolding } from '../../src/commands/showWeek.ts';
import { ConfigError } from '../../src/lib/errors.ts';

describe('show --period', () => {
  it("shows, in --help, the week its example day names by the weekly digest's schedule", () => {
    expect(describeWeek(weekHolding(new Date(EXAMPLE_DAY)))).toBe(EXAMPLE_WEEK);
    expect(describeWeek(parsePeriod(EXAMPLE_DAY))).toBe(EXAMPLE_WEEK);
  });

  it('takes the Sunday of a slot as the week that starts that evening, a time as the week around it', () => {
    expect(describeWeek(parsePeriod('2026-11-22'))).toBe(EXAMPLE_WEEK);
    expect(describeWeek(parsePeriod('2026-11-22T19:59:00Z'))).toBe(
      '2026-11-15 20:00 UTC → 2026-11-22 20:00 UTC',
    );
  });

  it.each(['2026-02-30', 'next week', '2026-11-23T25:00Z', ''])('refuses %j, naming the example', (value) => {
    expect(() => parsePeriod(value)).toThrow(ConfigError);
    expect(() => parsePeriod(value)).toThrow(`Expected a day like ${EXAMPLE_DAY}, naming the digest week`);
    expect(() => parsePeriod(value)).toThrow(EXAMPLE_WEEK);
  });
});
