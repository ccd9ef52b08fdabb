/**
 * Batch mode (`--ai batch`) for the AI jobs: a run first collects the batches earlier runs
 * submitted (batchCollect.ts: answers checked exactly like direct ones, a template with its reason
 * for a failed, invalid or missing line, the direct writer for the users of a batch that expired,
 * failed or passed its deadline), then submits one batch of this period's new candidates
 * (batchSubmit.ts). Users without AI consent are written at once from templates, as in direct mode.
 *
 * Nothing is written twice: a batch is collected by the run that claims it (cron_batch_claim),
 * its users are read again as candidates before anything is written (a user who has a digest or
 * plan by then is not one), and the save functions store one per user and period whatever
 * happens. One unclosed batch per job, period and shard (cron_batch_open): a re-run while one is
 * in flight submits nothing.
 *
 * This file holds what both sides share: what a job tells batch mode (BatchSpec) and how a batch
 * is closed.
 */
import type { ChatRequest } from '../ai/chatRequests.ts';
import type { AiWriter, Written } from '../ai/types.ts';
import type { JobContext } from '../runs/runJob.ts';
import { closeBatch, type BatchCounts, type BatchJob, type BatchRow } from '../sql/batches.ts';
import type { PageReader } from '../sql/call.ts';

/**
 * What batch mode needs of a candidate row: whose it is, and whether they allow OpenAI. A type,
 * not an interface: rows are read as Record<string, unknown>, which an interface does not extend.
 */
export type BatchCandidate = { user_id: string; has_consent: boolean };

/** What batch mode needs of a job; the job keeps its own rules for who is a candidate and what is saved. */
export interface BatchSpec<Args, Row extends BatchCandidate, Value, Out> {
  job: BatchJob;
  noun: string;
  candidates: PageReader<Args, Row>;
  /** The candidate arguments: this run's when submitting, the batch's own as-of and period when collecting. */
  args: Args;
  /** This run's period, as cron_batch_open keys it. */
  period: { start: string | null; end: string | null };
  request(row: Row): ChatRequest<Value>;
  /** What is saved for a user from a written value (an AI answer, a template, a fallback). */
  outOf(row: Row, written: Written<Value>): Out;
  /** Writes with a writer (the fallback template for a line that failed). */
  writeWith(row: Row, writer: AiWriter): Promise<Written<Value>>;
  /** Writes as direct mode does (consent decides the writer; failures counted): null when nothing is saved. */
  writeDirect(row: Row): Promise<Out | 'refused' | null>;
  save(outs: Out[]): Promise<void>;
  /**
   * For a job whose output is versioned (plans): what a request is built on, recorded with it at
   * submit, and the row as it was then at collect — or null when the user has moved past it (the
   * app wrote a newer plan in the hours between), so the batch's answer is not put on top.
   */
  basis?: {
    of(row: Row): number;
    at(row: Row, basis: number): Row | null;
  };
}

/** Closes a batch with its final state and what its users came to (held by this run, or by nobody). */
export async function closeBatchAs(
  ctx: JobContext,
  row: BatchRow,
  state: 'collected' | 'expired' | 'failed' | 'cancelled' | 'abandoned',
  openaiStatus: string | null,
  counts: Partial<BatchCounts>,
): Promise<void> {
  await ctx.retry('close batch', () =>
    closeBatch(ctx.db, {
      p_key: row.key,
      p_run_id: ctx.runId,
      p_state: state,
      p_openai_status: openaiStatus,
      p_counts: counts,
    }),
  );
}
