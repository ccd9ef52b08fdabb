import { describe, expect, it } from 'vitest';
import { latestSlotAtOrBefore, periodEndingAtSlot, slotPeriodHolding } from '../../src/domain/period.ts';
import { humanTime } from '../../src/lib/humanTime.ts';
import { classifyStatus } from '../../src/runs/status.ts';

const DIGEST = '0 20 * * 0';

describe('digest period', () => {
  it.each([
    ['on time, exactly at the slot', '2025-11-09T20:00:00Z'],
    ['seven minutes late (the workflow schedule)', '2025-11-09T20:07:00Z'],
    ['hours late (a delayed GitHub schedule)', '2025-11-10T02:30:00Z'],
    ['a catch-up run days later', '2025-11-15T23:59:59Z'],
  ])('%s covers 2 Nov 20:00 → 9 Nov 20:00', (_label, asOf) => {
    const period = periodEndingAtSlot(DIGEST, new Date(asOf), 7);
    expect(period.start.toISOString()).toBe('2025-11-02T20:00:00.000Z');
    expect(period.end.toISOString()).toBe('2025-11-09T20:00:00.000Z');
  });

  it('a run one millisecond before the slot covers the previous week', () => {
    expect(latestSlotAtOrBefore(DIGEST, new Date('2025-11-09T19:59:59.999Z')).toISOString()).toBe(
      '2025-11-02T20:00:00.000Z',
    );
  });

  it('uses UTC whatever the machine timezone', () => {
    expect(latestSlotAtOrBefore('0 8 * * *', new Date('2025-03-30T07:30:00Z')).toISOString()).toBe(
      '2025-03-29T08:00:00.000Z',
    );
  });
});

describe('run status', () => {
  it.each([
    [{ succeeded: 5, failed: 0, remaining: 0, fatal: false }, 'success'],
    [{ succeeded: 0, failed: 0, remaining: 0, fatal: false }, 'success'],
    [{ succeeded: 4, failed: 1, remaining: 0, fatal: false }, 'partial_success'],
    [{ succeeded: 4, failed: 0, remaining: 3, fatal: false }, 'partial_success'],
    [{ succeeded: 0, failed: 2, remaining: 0, fatal: false }, 'error'],
    [{ succeeded: 9, failed: 0, remaining: 0, fatal: true }, 'error'],
  ] as const)('%j is %s', (outcome, status) => {
    expect(classifyStatus(outcome)).toBe(status);
  });
});

describe('the digest week holding a moment', () => {
  it.each([
    ['the slot itself', '2025-11-02T20:00:00Z'],
    ['a weekday inside', '2025-11-05T12:00:00Z'],
    ['a minute before the next slot', '2025-11-09T19:59:00Z'],
  ])('%s is in 2 Nov 20:00 → 9 Nov 20:00, the period its digest stores', (_label, at) => {
    const period = slotPeriodHolding(DIGEST, new Date(at));
    expect(period.start.toISOString()).toBe('2025-11-02T20:00:00.000Z');
    expect(period.end.toISOString()).toBe(
      periodEndingAtSlot(DIGEST, new Date('2025-11-09T20:00:00Z'), 7).end.toISOString(),
    );
  });
});

describe('humanTime', () => {
  it('writes a moment as a person does, in UTC, and leaves other text alone', () => {
    expect(humanTime('2026-11-30T16:02:59.999Z')).toBe('2026-11-30 16:02 UTC');
    expect(humanTime('2026-11-30T17:02:00+01:00')).toBe('2026-11-30 16:02 UTC');
    expect(humanTime(new Date(Date.UTC(2026, 0, 5, 7, 4)))).toBe('2026-01-05 07:04 UTC');
    expect(humanTime('soon')).toBe('soon');
  });
});
