/**
 * The loop both AI jobs share: read candidates in keyset pages, write for each user with as
 * many in progress as the writer can use, save what was written in batches, and account for
 * the users a time budget, a refused call or a lost quota left to the next run.
 */
import { QuotaExceededError } from '../ai/types.ts';
import { DEFAULT_CONCURRENCY } from '../config/runOptions.ts';
import { MAX_PAGE_SIZE, pages } from '../db/pages.ts';
import type { Db } from '../db/types.ts';
import { forEachPaged } from '../lib/pool.ts';
import { describeError } from '../lib/sanitize.ts';
import type { JobContext } from '../runs/runJob.ts';
import type { PageReader, PendingCounter } from '../sql/call.ts';

export interface FanOut<Args, Row extends { user_id: string }, Out> {
  /** The candidates function, read in pages of `ctx.options.pageSize` (≤ 1,000). */
  candidates: PageReader<Args, Row>;
  /** Counts the candidates after `p_after`, with the same arguments. */
  pendingCount: PendingCounter<Args>;
  args: Args;
  /** What the calls are about, for error messages: "digest" → "read digest candidates". */
  noun: string;
  /** One user's result; 'refused' when the writer could not start before the deadline; null when nothing is to be saved. */
  write(row: Row): Promise<Out | 'refused' | null>;
  save(batch: Out[]): Promise<void>;
}

/**
 * Users the job keeps in progress: `--concurrency` when given, else what the AI writer can use
 * now (its capacity grows with the rate limit and the latency it sees), else DEFAULT_CONCURRENCY.
 */
export function usersInProgress(ctx: Pick<JobContext, 'options' | 'ai'>): number {
  return ctx.options.concurrency ?? ctx.ai.capacity?.() ?? DEFAULT_CONCURRENCY;
}

/**
 * Runs `spec` over every candidate. Pages overlap: the next page is read, and its users started,
 * while the slowest answers of the one before are still out, so a page boundary never drains the
 * writer. Written results are saved in batches of a page's size, and once more at the end.
 */
export async function fanOut<Args, Row extends Record<string, unknown> & { user_id: string }, Out>(
  ctx: JobContext,
  spec: FanOut<Args, Row, Out>,
): Promise<void> {
  const batchSize = Math.min(ctx.options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  // Users whose call the writer refused because it could not start before the deadline:
  // not failures, but work for the next run, like the users never started.
  let refused = 0;
  const stop = () => refused > 0 || ctx.shouldStop();
  let written: Out[] = [];
  const flush = async () => {
    if (written.length === 0) return;
    const batch = written;
    written = [];
    await spec.save(batch);
  };

  const counting = countForProgress(ctx, spec.pendingCount, spec.args);
  let outcome: { notStarted: number; last: Row | null };
  try {
    outcome = await forEachPaged(
      pages(ctx.db, spec.candidates, spec.args, {
        key: 'user_id',
        pageSize: ctx.options.pageSize,
        read: (call) => ctx.retry(`read ${spec.noun} candidates`, call),
      }),
      () => usersInProgress(ctx),
      stop,
      async (row) => {
        const out = await spec.write(row);
        if (out === 'refused') refused += 1;
        else {
          if (out !== null) {
            written.push(out);
            if (written.length >= batchSize) await flush();
          }
          ctx.tally.markDone();
        }
      },
      (page) => (ctx.tally.considered += page.length),
    );
  } catch (error) {
    // Quota is gone for the whole run: keep what was written, then stop.
    if (error instanceof QuotaExceededError) await flush();
    throw error;
  } finally {
    await counting;
  }
  await flush();

  if (stop() && outcome.last !== null) {
    // Unstarted users of the pages begun, plus every candidate after them.
    const after = await ctx.retry(`count remaining ${spec.noun}s`, () =>
      spec.pendingCount(ctx.db, { ...spec.args, p_after: outcome.last!.user_id }),
    );
    // Candidates after the last page begun were never read, but they are the run's to do:
    // counted in considered as well, so considered = succeeded + failed + skipped + remaining.
    ctx.tally.considered += after;
    // Added to: a batch collected first (batch mode) may have left users for the next run too.
    ctx.tally.remaining += outcome.notStarted + refused + after;
    if (ctx.tally.remaining > 0) {
      ctx.log.warn('time budget reached; the next run takes the rest', { remaining: ctx.tally.remaining });
    }
  }
}

/**
 * Counts the run's candidates for a progress display, beside the run (the count function with
 * `p_after` null counts them all), and only when someone watches: a run in CI or an edge function
 * makes no extra query. A failed count costs the display its total, not the run; it is a warning.
 */
export async function countForProgress<Args>(
  ctx: Pick<JobContext, 'db' | 'tally' | 'log'>,
  count: (db: Db, args: Args & { p_after: string | null }) => Promise<number>,
  args: Args,
): Promise<void> {
  if (!ctx.tally.watched) return;
  try {
    ctx.tally.setTotal(await count(ctx.db, { ...args, p_after: null }));
  } catch (error) {
    ctx.log.warn('could not count the candidates for the progress display', { error: describeError(error) });
  }
}
