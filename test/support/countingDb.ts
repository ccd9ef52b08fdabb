import type { Db } from '../../src/db/types.ts';

/** Wraps a Db and counts its calls per function (to prove calls grow with pages, not users). */
export function countingDb(inner: Db): Db & { calls: Map<string, number>; total(): number } {
  const calls = new Map<string, number>();
  return {
    transport: inner.transport,
    calls,
    total: () => [...calls.values()].reduce((a, b) => a + b, 0),
    call(fn, args) {
      calls.set(fn, (calls.get(fn) ?? 0) + 1);
      return inner.call(fn, args);
    },
    close: () => inner.close(),
  };
}
