/**
 * Runs `work` over `items`, at most `concurrency` at a time, starting no new item once
 * `shouldStop()` is true. Returns the number of items never started. If any item throws, no
 * further items start, the ones in flight finish, and the first error is re-thrown.
 */
export async function forEachUntil<T>(
  items: readonly T[],
  concurrency: number,
  shouldStop: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<{ notStarted: number }> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length && !shouldStop()) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  await Promise.all(workers);
  if (failure !== null) throw (failure as { error: unknown }).error;
  return { notStarted: items.length - next };
}
