import { describe, expect, it } from 'vitest';
import { getJob } from '../../src/jobs/registry.ts';
import {
  errorClassOf,
  evaluateJobHealth,
  expectedSlots,
  latestSlotAtOrBefore,
} from '../../src/monitoring/evaluate.ts';
import type { RunSample } from '../../src/monitoring/evaluate.ts';

const digest = getJob('weekly-digest'); // '0 20 * * 0'
const status = getJob('user-status'); // '0 8 * * *'

let seq = 0;
function run(runTime: string, partial: Partial<RunSample> = {}): RunSample {
  seq += 1;
  return {
    runId: `run-${String(seq).padStart(4, '0')}`,
    runTime,
    status: 'success',
    durationMs: 1_000,
    attempts: 1,
    errorMessage: null,
    ...partial,
  };
}

const iso = (d: Date) => d.toISOString();

describe('latestSlotAtOrBefore', () => {
  const slot = '2025-10-26T20:00:00.000Z'; // a Sunday

  it.each([
    ['on time', '2025-10-26T20:00:00.000Z'],
    ['late by three hours', '2025-10-26T23:07:00.000Z'],
    ['a catch-up three days later', '2025-10-29T10:00:00.000Z'],
    ['one millisecond before the next slot', '2025-11-02T19:59:59.999Z'],
  ])('gives the same slot for a run %s', (_label, at) => {
    expect(iso(latestSlotAtOrBefore(digest.schedule, new Date(at)))).toBe(slot);
  });

  it('gives the previous slot one millisecond before a slot', () => {
    expect(iso(latestSlotAtOrBefore(digest.schedule, new Date('2025-10-26T19:59:59.999Z')))).toBe(
      '2025-10-19T20:00:00.000Z',
    );
  });
});

describe('expectedSlots', () => {
  it('includes slots on both ends of the range, oldest first', () => {
    const slots = expectedSlots(
      status.schedule,
      new Date('2025-10-28T08:00:00Z'),
      new Date('2025-10-30T08:00:00Z'),
    );
    expect(slots.map(iso)).toEqual([
      '2025-10-28T08:00:00.000Z',
      '2025-10-29T08:00:00.000Z',
      '2025-10-30T08:00:00.000Z',
    ]);
  });

  it('is empty for a range without a slot or an inverted range', () => {
    expect(
      expectedSlots(digest.schedule, new Date('2025-10-27T00:00:00Z'), new Date('2025-10-30T00:00:00Z')),
    ).toEqual([]);
    expect(
      expectedSlots(status.schedule, new Date('2025-10-30T00:00:00Z'), new Date('2025-10-28T00:00:00Z')),
    ).toEqual([]);
  });

  it('refuses a schedule that names too many slots to check', () => {
    expect(() =>
      expectedSlots('* * * * * *', new Date('2025-10-01T00:00:00Z'), new Date('2025-10-08T00:00:00Z')),
    ).toThrow(/more than 10000 slots/);
  });
});

describe('evaluateJobHealth: missed-schedule', () => {
  // Window 2025-10-27T12:00Z → 2025-10-30T12:00Z holds the 08:00 slots of the 28th, 29th and 30th.
  const now = new Date('2025-10-30T12:00:00Z');
  const evaluate = (runs: RunSample[], at = now) =>
    evaluateJobHealth({ job: status, runs, now: at, windowDays: 3 }).checks['missed-schedule'];

  it('is ok when every due slot has a run within the grace period', () => {
    const check = evaluate([
      run('2025-10-28T08:07:00Z'),
      run('2025-10-29T09:30:00Z'),
      run('2025-10-30T08:12:00Z'),
    ]);
    expect(check.state).toBe('ok');
  });

  it('reports the slot whose run came after the grace period as missed', () => {
    const check = evaluate([
      run('2025-10-28T08:07:00Z'),
      run('2025-10-29T09:31:00Z'),
      run('2025-10-30T08:12:00Z'),
    ]);
    expect(check.state).toBe('breach');
    expect(check.missedSlots).toEqual(['2025-10-29T08:00:00.000Z']);
    expect(check.reason).toContain('1 of 3 due slot(s)');
  });

  it('counts a catch-up run that declares the slot as its period end', () => {
    const catchUp = run('2025-10-29T15:00:00Z', {
      periodEnd: '2025-10-29T08:00:00.000Z',
      trigger: 'dispatch',
    });
    const check = evaluate([run('2025-10-28T08:07:00Z'), catchUp, run('2025-10-30T08:12:00Z')]);
    expect(check.state).toBe('ok');
  });

  it('does not call a slot missed before its grace period has passed', () => {
    const check = evaluate(
      [run('2025-10-28T08:07:00Z'), run('2025-10-29T08:05:00Z')],
      new Date('2025-10-30T09:29:00Z'),
    );
    expect(check.state).toBe('ok');
  });

  it('counts an error run as covering its slot (the error-rate check judges it)', () => {
    const check = evaluate([
      run('2025-10-28T08:07:00Z'),
      run('2025-10-29T08:03:00Z', { status: 'error' }),
      run('2025-10-30T08:12:00Z'),
    ]);
    expect(check.state).toBe('ok');
  });

  it('is unknown when no slot falls due in the window', () => {
    const h = evaluateJobHealth({
      job: digest,
      runs: [],
      now: new Date('2025-10-29T12:00:00Z'),
      windowDays: 2,
    });
    expect(h.checks['missed-schedule'].state).toBe('unknown');
  });

  it('respects a shorter grace period', () => {
    const h = evaluateJobHealth({
      job: status,
      runs: [run('2025-10-28T08:07:00Z'), run('2025-10-29T08:20:00Z'), run('2025-10-30T08:01:00Z')],
      now,
      windowDays: 3,
      graceMinutes: 15,
    });
    expect(h.checks['missed-schedule'].missedSlots).toEqual(['2025-10-29T08:00:00.000Z']);
  });
});

describe('evaluateJobHealth: error-rate and slow-runs', () => {
  const now = new Date('2025-10-30T12:00:00Z');
  const daily = (specs: Array<Partial<RunSample>>) =>
    specs.map((p, i) => run(new Date(Date.parse('2025-10-20T08:05:00Z') + i * 86_400_000).toISOString(), p));
  const evaluate = (runs: RunSample[], overrides = {}) =>
    evaluateJobHealth({ job: status, runs, now, windowDays: 14, overrides });

  it('is unknown, never ok, with fewer runs than minRuns', () => {
    const h = evaluate(daily([{}, {}]));
    expect(h.checks['error-rate'].state).toBe('unknown');
    expect(h.checks['slow-runs'].state).toBe('unknown');
    expect(h.checks['error-rate'].reason).toContain('fewer than the 3 needed');
  });

  it('breaches on consecutive errors even with fewer runs than minRuns', () => {
    const h = evaluate(daily([{ status: 'error' }, { status: 'error' }]));
    expect(h.figures.consecutiveErrors).toBe(2);
    expect(h.checks['error-rate'].state).toBe('breach');
  });

  it('counts only the errors at the latest end of the run history as consecutive', () => {
    const h = evaluate(daily([{ status: 'error' }, { status: 'error' }, {}, { status: 'error' }]));
    expect(h.figures.consecutiveErrors).toBe(1);
  });

  it('breaches when the success rate falls below the threshold', () => {
    const h = evaluate(daily([{}, {}, {}, { status: 'partial_success' }]));
    expect(h.figures.successRate).toBe(0.75);
    expect(h.checks['error-rate']).toMatchObject({ state: 'breach' });
    expect(h.checks['error-rate'].reason).toContain('success rate 75.0% below 98.0%');
  });

  it('breaches when too many runs needed a retry', () => {
    const h = evaluate(daily([{}, {}, {}, {}, { attempts: 2 }]));
    expect(h.figures.retryRate).toBe(0.2);
    expect(h.checks['error-rate'].reason).toContain('retry rate 20.0% above 10.0%');
  });

  it('is ok with enough healthy runs', () => {
    const h = evaluate(daily([{}, {}, {}]));
    expect(h.checks['error-rate'].state).toBe('ok');
    expect(h.checks['slow-runs'].state).toBe('ok');
  });

  it('averages durations over non-error runs only', () => {
    const h = evaluate(
      daily([{ durationMs: 12_000 }, { durationMs: 14_000 }, { status: 'error', durationMs: 500_000 }, {}]),
    );
    expect(h.figures.avgDurationMs).toBe(9_000);
    expect(h.figures.maxDurationMs).toBe(500_000);
    expect(h.checks['slow-runs'].state).toBe('ok');
  });

  it('breaches slow-runs above the average duration threshold', () => {
    const h = evaluate(daily([{ durationMs: 12_000 }, { durationMs: 14_000 }, { durationMs: 13_000 }]));
    expect(h.checks['slow-runs'].state).toBe('breach');
    expect(h.checks['slow-runs'].reason).toContain('average duration 13.0 s above 10.0 s');
  });

  it('applies threshold overrides', () => {
    const h = evaluate(daily([{ durationMs: 12_000 }, { durationMs: 14_000 }, { durationMs: 13_000 }]), {
      maxAvgDurationMs: 20_000,
    });
    expect(h.checks['slow-runs'].state).toBe('ok');
    expect(h.thresholds.maxAvgDurationMs).toBe(20_000);
  });

  it('takes the maximum of more durations than a call can have arguments', () => {
    const start = Date.parse('2025-10-17T00:00:00Z');
    const many = Array.from({ length: 200_000 }, (_, i) =>
      run(new Date(start + i * 5_000).toISOString(), { durationMs: i === 123_456 ? 99_000 : 1_000 }),
    );
    const h = evaluate(many);
    expect(h.figures.runs).toBe(200_000);
    expect(h.figures.maxDurationMs).toBe(99_000);
  });

  it('ignores runs outside the window', () => {
    const old = run('2025-09-01T08:00:00Z', { status: 'error' });
    const h = evaluate([old, ...daily([{}, {}, {}])]);
    expect(h.figures.runs).toBe(3);
    expect(h.figures.consecutiveErrors).toBe(0);
  });

  it('keeps only an error class of the message in the recent runs', () => {
    const h = evaluate(
      daily([
        { status: 'error', errorMessage: 'TimeoutError: user jane.doe@example.com (Jane Doe) timed out' },
      ]),
    );
    expect(h.recentRuns[0]).toMatchObject({ status: 'error', errorClass: 'TimeoutError' });
    expect(JSON.stringify(h)).not.toContain('jane');
  });

  it('rejects a window of zero days', () => {
    expect(() => evaluateJobHealth({ job: status, runs: [], now, windowDays: 0 })).toThrow(
      /Expected a number of days above 0/,
    );
  });
});

describe('errorClassOf', () => {
  it.each([
    ['DbError 57014: canceling statement', 'DbError'],
    ['weekly-digest: RateLimitError: 429', 'RateLimitError'],
    ['something failed for Jane Doe', 'Error'],
    ['', null],
    [null, null],
  ])('reads %j as %j', (message, expected) => {
    expect(errorClassOf(message)).toBe(expected);
  });
});
