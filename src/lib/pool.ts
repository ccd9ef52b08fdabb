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

/**
 * Runs `work` over the items of `pages`, keeping up to `limit()` in progress across page
 * boundaries, so the slowest items of a page never hold up the next one. The next page is read
 * ahead as soon as the rest of the current one fits in `limit()` (a page read can take as long
 * as seconds of work), and begun as soon as a place is free. `limit()` is asked again each time
 * an item finishes, so it may change while the loop runs. Starts no new item, and begins no
 * further page, once `shouldStop()` is true; `onPage` sees each page as it is begun (a page read
 * ahead and never begun is not shown).
 *
 * Returns the items of pages begun and never started, and the last item of the last page begun.
 * If any item throws, no further items start, the ones in progress finish, and the first error
 * is re-thrown.
 */
export async function forEachPaged<T>(
  pages: AsyncIterable<T[]>,
  limit: () => number,
  shouldStop: () => boolean,
  work: (item: T) => Promise<void>,
  onPage: (page: readonly T[]) => void = () => {},
): Promise<{ notStarted: number; last: T | null }> {
  let inProgress = 0;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const finished = () => {
    inProgress -= 1;
    const w = wake;
    wake = null;
    w?.();
  };
  const nextFinish = () => new Promise<void>((resolve) => (wake = resolve));
  const halted = () => failure !== null || shouldStop();
  const room = () => Math.max(1, limit());

  const iterator = pages[Symbol.asyncIterator]();
  let ahead: Promise<IteratorResult<T[]>> | null = null;
  const readAhead = () => {
    if (ahead === null) {
      ahead = iterator.next();
      // Awaited when the page is begun; until then a failed read must not count as unhandled.
      ahead.catch(() => {});
    }
    return ahead;
  };
  let page: T[] = [];
  let next = 0;
  let notStarted = 0;
  let last: T | null = null;
  let exhausted = false;
  try {
    for (;;) {
      while (!halted() && inProgress >= room()) await nextFinish();
      if (!halted() && next === page.length) {
        const read = await readAhead();
        ahead = null;
        if (read.done) {
          exhausted = true;
          break;
        }
        page = read.value;
        next = 0;
        onPage(page);
        if (page.length > 0) last = page[page.length - 1]!;
        continue;
      }
      if (halted()) {
        notStarted += page.length - next;
        break;
      }
      inProgress += 1;
      work(page[next++] as T)
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(finished);
      if (page.length - next < room()) void readAhead();
    }
  } finally {
    while (inProgress > 0) await nextFinish();
    if (!exhausted) {
      // A page read ahead and never begun: wait for its read, whatever it gave, then stop the source.
      const pending = ahead as Promise<IteratorResult<T[]>> | null;
      if (pending !== null) await pending.catch(() => undefined);
      await iterator.return?.();
    }
  }
  if (failure !== null) throw (failure as { error: unknown }).error;
  return { notStarted, last };
}
