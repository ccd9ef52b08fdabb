import { describe, expect, it } from 'vitest';
import { getJob } from '../../src/domain/jobs.ts';
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

  it('breaches retry-rate, not error-rate, when too many runs needed a retry', () => {
    const h = evaluate(daily([{}, {}, {}, {}, { attempts: 2 }]));
    expect(h.figures.retryRate).toBe(0.2);
    expect(h.checks['retry-rate'].state).toBe('breach');
    expect(h.checks['retry-rate'].reason).toContain(
      'retry-needed rate 20.0% (runs with attempts > 1) above 10.0%',
    );
    expect(h.checks['error-rate'].state).toBe('ok');
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

  it('breaches slow-runs when runs without recorded users take longer than the base allowance', () => {
    const h = evaluate(daily([{ durationMs: 12_000 }, { durationMs: 14_000 }, { durationMs: 13_000 }]));
    expect(h.checks['slow-runs'].state).toBe('breach');
    expect(h.checks['slow-runs'].reason).toContain(
      'average duration 13.0 s (no users recorded) above the average allowance of 10.0 s (10.0 s + 2 ms a user)',
    );
  });

  it('applies threshold overrides', () => {
    const h = evaluate(daily([{ durationMs: 12_000 }, { durationMs: 14_000 }, { durationMs: 13_000 }]), {
      slowRunBaseMs: 20_000,
    });
    expect(h.checks['slow-runs'].state).toBe('ok');
    expect(h.thresholds.slowRunBaseMs).toBe(20_000);
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

describe('evaluateJobHealth: OpenAI call retries apart from run retries', () => {
  // Four weekly runs in 28 days; each made 100 OpenAI calls and retried 30 of them.
  const now = new Date('2025-11-10T12:00:00Z');
  const weekly = (partial: Partial<RunSample>) =>
    ['2025-10-19', '2025-10-26', '2025-11-02', '2025-11-09'].map((day) =>
      run(`${day}T20:05:00Z`, { considered: 100, ...partial }),
    );

  it('keeps runs with retried calls out of the retry-needed rate and raises call-retry-rate instead', () => {
    const h = evaluateJobHealth({
      job: digest,
      runs: weekly({ attempts: 1, aiCalls: 100, aiRetriedCalls: 30 }),
      now,
      windowDays: 28,
    });
    expect(h.figures).toMatchObject({ retryRate: 0, calls: 400, retriedCalls: 120, callRetryRate: 0.3 });
    expect(h.checks['retry-rate'].state).toBe('ok');
    expect(h.checks['error-rate'].state).toBe('ok');
    expect(h.checks['call-retry-rate']).toEqual({
      state: 'breach',
      reason: 'call retry rate 30.0% (120 of 400 OpenAI calls retried) above 20.0%',
    });
  });

  it('is ok under its own threshold, which can be changed per job', () => {
    const h = evaluateJobHealth({
      job: digest,
      runs: weekly({ aiCalls: 100, aiRetriedCalls: 30 }),
      now,
      windowDays: 28,
      overrides: { maxCallRetryRate: 0.35 },
    });
    expect(h.checks['call-retry-rate'].state).toBe('ok');
  });

  it('is unknown with fewer calls than minCalls, as for a job that calls no one', () => {
    const h = evaluateJobHealth({
      job: digest,
      runs: weekly({ aiCalls: 4, aiRetriedCalls: 4 }),
      now,
      windowDays: 28,
    });
    expect(h.checks['call-retry-rate']).toEqual({
      state: 'unknown',
      reason: '16 OpenAI call(s) in the window, fewer than the 20 needed',
    });
  });
});

describe('evaluateJobHealth: slow runs for their size', () => {
  const now = new Date('2025-11-10T12:00:00Z');
  const days = ['2025-10-19', '2025-10-26', '2025-11-02', '2025-11-09'];
  const weekly = (specs: Array<Partial<RunSample>>) =>
    specs.map((partial, i) =>
      run(`${days[i % days.length]}T20:0${Math.floor(i / days.length)}:00Z`, partial),
    );
  const evaluate = (runs: RunSample[], overrides = {}) =>
    evaluateJobHealth({ job: digest, runs, now, windowDays: 28, overrides });

  it("lets a digest of 1,000 users take 10 minutes, far past the seed's 30 s, and shows the seed figure", () => {
    const h = evaluate(weekly([{}, {}, {}, {}].map(() => ({ durationMs: 600_000, considered: 1_000 }))));
    expect(h.checks['slow-runs'].state).toBe('ok');
    expect(h.figures).toMatchObject({ users: 4_000, msPerUser: 600, avgAllowanceMs: 1_030_000 });
    expect(h.thresholds.seedAvgDurationMs).toBe(30_000);
  });

  it('breaches when the same 10 minutes were spent on 100 users', () => {
    const h = evaluate(weekly([{}, {}, {}, {}].map(() => ({ durationMs: 600_000, considered: 100 }))));
    expect(h.checks['slow-runs'].state).toBe('breach');
    expect(h.checks['slow-runs'].reason).toContain(
      'average duration 600.0 s (6.0 s a user) above the average allowance of 130.0 s (30.0 s + 1.0 s a user)',
    );
  });

  it('breaches when the latest run is far above the median of the earlier ones for its size', () => {
    // 20 s for 100 users, then 100 s: well inside the allowance of 130 s, but five times the usual.
    const earlier = Array.from({ length: 4 }, () => ({ durationMs: 20_000, considered: 100 }));
    const runs = [
      ...weekly([...earlier, ...earlier.slice(0, 3)]),
      run('2025-11-09T20:30:00Z', { durationMs: 100_000, considered: 100 }),
    ];
    const h = evaluate(runs);
    expect(h.figures.latestVsMedian).toBeCloseTo(5);
    expect(h.checks['slow-runs'].state).toBe('breach');
    expect(h.checks['slow-runs'].reason).toContain(
      'latest run 100.0 s, 5.0× the median of the earlier runs for its size (max 3×)',
    );
    expect(evaluate(runs, { slowRunMedianFactor: 0 }).checks['slow-runs'].state).toBe('ok');
  });

  it('never calls a run under its base allowance slow, however far above the median', () => {
    const earlier = Array.from({ length: 4 }, () => ({ durationMs: 1_000, considered: 10 }));
    const runs = [...weekly(earlier), run('2025-11-09T20:30:00Z', { durationMs: 20_000, considered: 10 })];
    expect(evaluate(runs).checks['slow-runs'].state).toBe('ok');
  });

  it('scales the allowance with each run, so a bigger run is not an outlier', () => {
    const earlier = Array.from({ length: 4 }, () => ({ durationMs: 40_000, considered: 100 }));
    const runs = [
      ...weekly(earlier),
      run('2025-11-09T20:30:00Z', { durationMs: 400_000, considered: 1_000 }),
    ];
    const h = evaluate(runs);
    expect(h.figures.latestVsMedian).toBeLessThan(1.5);
    expect(h.checks['slow-runs'].state).toBe('ok');
  });
});
