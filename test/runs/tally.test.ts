import { describe, expect, it } from 'vitest';
import { MAX_RESULTS, RunTally, type RunProgress } from '../../src/runs/tally.ts';

/** A tally whose progress reports are recorded, as a terminal display would receive them. */
function watchedTally(): { tally: RunTally; seen: RunProgress[] } {
  const seen: RunProgress[] = [];
  return { tally: new RunTally((progress) => seen.push(progress)), seen };
}

describe('RunTally counts', () => {
  it('starts at zero, with no skips, figures, results or errors', () => {
    const tally = new RunTally();
    expect(tally.counts()).toEqual({ considered: 0, succeeded: 0, failed: 0, skipped: {}, remaining: 0 });
    expect(tally.figures).toEqual({});
    expect(tally.results).toEqual([]);
    expect(tally.errors).toEqual([]);
    expect(tally.unaccounted).toBe(0);
  });

  it('reports the counts the job set, skips included', () => {
    const tally = new RunTally();
    tally.considered = 10;
    tally.succeeded = 4;
    tally.failed = 2;
    tally.remaining = 1;
    tally.skip('no_activity', 2);
    tally.skip('no_consent');
    expect(tally.counts()).toEqual({
      considered: 10,
      succeeded: 4,
      failed: 2,
      skipped: { no_activity: 2, no_consent: 1 },
      remaining: 1,
    });
  });

  it('hands out a copy of the skips: changing the counts does not change the tally', () => {
    const tally = new RunTally();
    tally.skip('no_activity');
    const counts = tally.counts();
    counts.skipped.no_activity = 99;
    counts.skipped.other = 1;
    expect(tally.skipped).toEqual({ no_activity: 1 });
    expect(tally.counts().skipped).toEqual({ no_activity: 1 });
  });

  it.each([
    { n: 0, expected: {} },
    { n: -3, expected: {} },
    { n: 1, expected: { reason: 1 } },
    { n: 5, expected: { reason: 5 } },
  ])('skip(reason, $n) records $expected', ({ n, expected }) => {
    const tally = new RunTally();
    tally.skip('reason', n);
    expect(tally.skipped).toEqual(expected);
  });

  it('adds up repeated skips of one reason and keeps reasons apart', () => {
    const tally = new RunTally();
    tally.skip('a');
    tally.skip('b', 3);
    tally.skip('a', 2);
    tally.skip('a', 0);
    expect(tally.skipped).toEqual({ a: 3, b: 3 });
  });

  it.each([
    { calls: [['x', 1]], expected: { x: 1 } },
    { calls: [['x', 0]], expected: {} },
    { calls: [['x', -2]], expected: {} },
    {
      calls: [
        ['x', 2],
        ['x', 3],
        ['y', 1],
      ],
      expected: { x: 5, y: 1 },
    },
  ] as Array<{ calls: Array<[string, number]>; expected: Record<string, number> }>)(
    'count() adds positive amounts per figure: $calls → $expected',
    ({ calls, expected }) => {
      const tally = new RunTally();
      for (const [figure, n] of calls) tally.count(figure, n);
      expect(tally.figures).toEqual(expected);
    },
  );

  it('count() adds 1 by default, to a dotted figure name as given', () => {
    const tally = new RunTally();
    tally.count('notifications.ai_coach_proactive.high');
    tally.count('notifications.ai_coach_proactive.high');
    expect(tally.figures).toEqual({ 'notifications.ai_coach_proactive.high': 2 });
  });
});

describe('RunTally.unaccounted', () => {
  it.each([
    { considered: 5, succeeded: 5, failed: 0, skips: 0, remaining: 0, unaccounted: 0 },
    { considered: 10, succeeded: 3, failed: 1, skips: 2, remaining: 1, unaccounted: 3 },
    { considered: 10, succeeded: 0, failed: 0, skips: 0, remaining: 0, unaccounted: 10 },
    // More finished than started says the job miscounted: the difference shows it, negative.
    { considered: 1, succeeded: 2, failed: 0, skips: 0, remaining: 0, unaccounted: -1 },
  ])(
    'considered $considered − (succeeded $succeeded + failed $failed + skipped $skips + remaining $remaining) = $unaccounted',
    ({ considered, succeeded, failed, skips, remaining, unaccounted }) => {
      const tally = new RunTally();
      tally.considered = considered;
      tally.succeeded = succeeded;
      tally.failed = failed;
      tally.remaining = remaining;
      tally.skip('one', Math.ceil(skips / 2));
      tally.skip('two', Math.floor(skips / 2));
      expect(tally.unaccounted).toBe(unaccounted);
    },
  );
});

describe('RunTally.attempts', () => {
  it('is 1 for a run whose work was never retried, or that reported no tries at all', () => {
    const tally = new RunTally();
    expect(tally.attempts).toBe(1);
    tally.workTries(0);
    expect(tally.attempts).toBe(1);
    tally.workTries(1);
    expect(tally.attempts).toBe(1);
  });

  it('is the most tries any one database call needed, not their sum', () => {
    const tally = new RunTally();
    for (const tries of [2, 1, 4, 3]) tally.workTries(tries);
    expect(tally.attempts).toBe(4);
  });

  it('is not raised by OpenAI calls, however often they were retried', () => {
    const tally = new RunTally();
    tally.aiCall(5);
    tally.aiCall(3);
    expect(tally.attempts).toBe(1);
  });
});

describe('RunTally.aiCalls', () => {
  it('starts with no calls', () => {
    expect(new RunTally().aiCalls).toEqual({ calls: 0, retriedCalls: 0 });
  });

  it.each([
    { tries: [1], expected: { calls: 1, retriedCalls: 0 } },
    { tries: [2], expected: { calls: 1, retriedCalls: 1 } },
    { tries: [1, 1, 3, 2], expected: { calls: 4, retriedCalls: 2 } },
    // 0 tries: a template, or a call that never started. Not a number: not a call either.
    { tries: [0], expected: { calls: 0, retriedCalls: 0 } },
    { tries: [-1, Number.NaN], expected: { calls: 0, retriedCalls: 0 } },
    { tries: [0, 1, 0, 4], expected: { calls: 2, retriedCalls: 1 } },
  ])('counts calls of $tries tries as $expected', ({ tries, expected }) => {
    const tally = new RunTally();
    for (const t of tries) tally.aiCall(t);
    expect(tally.aiCalls).toEqual(expected);
  });
});

describe('RunTally.result', () => {
  it('carries at most MAX_RESULTS (200) rows, the first ones, while the counts cover every user', () => {
    expect(MAX_RESULTS).toBe(200);
    const tally = new RunTally();
    for (let i = 0; i < MAX_RESULTS + 25; i++) {
      tally.considered += 1;
      tally.succeeded += 1;
      tally.result({ i });
    }
    expect(tally.results).toHaveLength(MAX_RESULTS);
    expect(tally.results[0]).toEqual({ i: 0 });
    expect(tally.results.at(-1)).toEqual({ i: MAX_RESULTS - 1 });
    expect(tally.counts()).toMatchObject({ considered: 225, succeeded: 225 });
  });

  it('keeps rows as given, duplicates included', () => {
    const tally = new RunTally();
    tally.result({ userId: 'u1', method: 'ai' });
    tally.result({ userId: 'u1', method: 'ai' });
    expect(tally.results).toEqual([
      { userId: 'u1', method: 'ai' },
      { userId: 'u1', method: 'ai' },
    ]);
  });
});

describe('RunTally.error', () => {
  it('keeps each distinct line once, in the order first seen', () => {
    const tally = new RunTally();
    tally.error('read failed: DbError 57014');
    tally.error('write failed: DbError 23505');
    tally.error('read failed: DbError 57014');
    expect(tally.errors).toEqual(['read failed: DbError 57014', 'write failed: DbError 23505']);
  });

  it('keeps at most 50 distinct lines: the first 50', () => {
    const tally = new RunTally();
    for (let i = 0; i < 60; i++) tally.error(`error ${i}`);
    expect(tally.errors).toHaveLength(50);
    expect(tally.errors[0]).toBe('error 0');
    expect(tally.errors.at(-1)).toBe('error 49');
    expect(tally.errors).not.toContain('error 50');
  });
});

describe('RunTally progress', () => {
  it('is not watched without a progress hook, and keeps no progress then', () => {
    const tally = new RunTally();
    expect(tally.watched).toBe(false);
    // Nothing to tell and nothing to throw: the counts are unaffected.
    tally.markDone(3);
    tally.setTotal(10);
    expect(tally.counts()).toEqual({ considered: 0, succeeded: 0, failed: 0, skipped: {}, remaining: 0 });
  });

  it('is watched with a progress hook', () => {
    expect(watchedTally().tally.watched).toBe(true);
  });

  it('tells the hook each step: done grows by n, the total arrives once counted', () => {
    const { tally, seen } = watchedTally();
    tally.markDone();
    tally.setTotal(10);
    tally.markDone(4);
    tally.markDone(2);
    expect(seen).toEqual([
      { done: 1, total: null },
      { done: 1, total: 10 },
      { done: 5, total: 10 },
      { done: 7, total: 10 },
    ]);
  });

  it('ignores markDone of 0 or fewer: the hook is not told', () => {
    const { tally, seen } = watchedTally();
    tally.markDone(0);
    tally.markDone(-2);
    expect(seen).toEqual([]);
    tally.markDone(1);
    expect(seen).toEqual([{ done: 1, total: null }]);
  });

  it('tells every setTotal, a later count replacing the earlier one', () => {
    const { tally, seen } = watchedTally();
    tally.setTotal(0);
    tally.setTotal(12);
    expect(seen).toEqual([
      { done: 0, total: 0 },
      { done: 0, total: 12 },
    ]);
  });

  it('hands the hook a fresh object each time, so a kept report does not change later', () => {
    const { tally, seen } = watchedTally();
    tally.markDone();
    tally.markDone();
    expect(seen[0]).not.toBe(seen[1]);
    expect(seen[0]).toEqual({ done: 1, total: null });
  });

  it('is progress only: marking users done changes none of the counts', () => {
    const { tally } = watchedTally();
    tally.markDone(5);
    expect(tally.counts()).toEqual({ considered: 0, succeeded: 0, failed: 0, skipped: {}, remaining: 0 });
    expect(tally.unaccounted).toBe(0);
  });
});
