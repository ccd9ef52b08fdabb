import { describe, expect, it } from 'vitest';
import { forEachPaged } from '../../src/lib/pool.ts';

async function* pagesOf<T>(pages: T[][], reads: { count: number }): AsyncGenerator<T[]> {
  for (const page of pages) {
    reads.count += 1;
    await Promise.resolve();
    yield page;
  }
}

/** Work that finishes when the test says so, counting what is in progress. */
function controlledWork() {
  const waiting: Array<() => void> = [];
  let inProgress = 0;
  let most = 0;
  const started: number[] = [];
  return {
    started,
    most: () => most,
    inProgress: () => inProgress,
    finishOne: async () => {
      waiting.shift()?.();
      await new Promise((r) => setImmediate(r));
    },
    work: async (item: number) => {
      started.push(item);
      inProgress += 1;
      most = Math.max(most, inProgress);
      await new Promise<void>((resolve) => waiting.push(resolve));
      inProgress -= 1;
    },
  };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('forEachPaged', () => {
  it('starts the next page while the slowest items of the one before are in progress', async () => {
    const w = controlledWork();
    const reads = { count: 0 };
    const done = forEachPaged(
      pagesOf(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        reads,
      ),
      () => 4,
      () => false,
      w.work,
    );
    await settle();
    // All of page 1 and the first of page 2: four in progress across the boundary.
    expect(w.started).toEqual([1, 2, 3, 4]);
    while (w.inProgress() > 0) await w.finishOne();
    await expect(done).resolves.toEqual({ notStarted: 0, last: 6 });
    expect(w.most()).toBe(4);
  });

  it('asks for the limit again as items finish, so it can grow while it runs', async () => {
    const w = controlledWork();
    let limit = 1;
    const done = forEachPaged(
      pagesOf([[1, 2, 3, 4, 5, 6]], { count: 0 }),
      () => limit,
      () => false,
      w.work,
    );
    await settle();
    expect(w.started).toEqual([1]);
    limit = 3;
    await w.finishOne();
    expect(w.started).toEqual([1, 2, 3, 4]);
    while (w.inProgress() > 0) await w.finishOne();
    await done;
  });

  it('begins no further page once stopped, and counts the unstarted items of pages begun', async () => {
    const w = controlledWork();
    const reads = { count: 0 };
    const begun: number[][] = [];
    let stop = false;
    const done = forEachPaged(
      pagesOf([[1, 2, 3], [4, 5, 6], [7]], reads),
      () => 2,
      () => stop,
      w.work,
      (page) => begun.push([...page]),
    );
    await settle();
    stop = true;
    while (w.inProgress() > 0) await w.finishOne();
    await expect(done).resolves.toEqual({ notStarted: 1, last: 3 });
    // Page 2 was read ahead (the last item of page 1 fitted in the limit) but never begun.
    expect(begun).toEqual([[1, 2, 3]]);
    expect(reads.count).toBe(2);
  });

  it('reads the next page ahead once the rest of the current one fits in the limit', async () => {
    const w = controlledWork();
    const reads = { count: 0 };
    const done = forEachPaged(
      pagesOf(
        [
          [1, 2, 3, 4, 5, 6],
          [7, 8],
        ],
        reads,
      ),
      () => 3,
      () => false,
      w.work,
    );
    await settle();
    // Three of six started: three left, not under the limit of 3, so nothing read ahead yet.
    expect(w.started).toEqual([1, 2, 3]);
    expect(reads.count).toBe(1);
    await w.finishOne();
    // A fourth started: two left, under the limit, so page 2 is being read.
    expect(reads.count).toBe(2);
    while (w.inProgress() > 0 || w.started.length < 8) await w.finishOne();
    await expect(done).resolves.toEqual({ notStarted: 0, last: 8 });
  });

  it('re-throws the first failure after the items in progress finish', async () => {
    let finished = 0;
    const done = forEachPaged(
      pagesOf([[1, 2, 3, 4]], { count: 0 }),
      () => 2,
      () => false,
      async (item) => {
        await new Promise((r) => setImmediate(r));
        if (item === 1) throw new Error('one broke');
        finished += 1;
      },
    );
    await expect(done).rejects.toThrow('one broke');
    expect(finished).toBe(1);
  });
});
