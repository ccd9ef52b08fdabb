/**
 * cron_batch_*: the OpenAI batches a run in `--ai batch` mode submitted, in strukt.ai_batches
 * (one row per batch) and strukt.ai_batch_requests (which user each request line is for: the
 * file sent to OpenAI names no user, only a custom_id).
 *
 * A batch's life: `submitting` (recorded with its requests before anything is sent, so a crash
 * between OpenAI's answer and ours can be adopted by the next run) → `submitted` (OpenAI took
 * it) → closed as `collected`, `expired`, `failed`, `cancelled` or `abandoned` (never reached
 * OpenAI). At most one unclosed batch per job, period and shard.
 */
import type { Db } from '../db/types.ts';
import { rowsOf } from './call.ts';

export type BatchJob = 'weekly-digest' | 'plan-refresh';
export type BatchState =
  'submitting' | 'submitted' | 'collected' | 'expired' | 'failed' | 'cancelled' | 'abandoned';

/** What a batch's users came to, when it was closed (all counts of users). */
export interface BatchCounts {
  /** Written from the batch's own answers. */
  collected: number;
  /** Lines the batch answered with an error, or with an answer that failed the checks. */
  failed: number;
  /** Given the template (with the reason recorded) for a failed, invalid or missing line. */
  fell_back: number;
  /** Written by the direct writer after the batch expired, failed or was cancelled. */
  served_directly: number;
  /** Already had their digest or plan when the batch was collected. */
  already_written: number;
  /**
   * Had a newer plan than the one their request was built on (the app wrote one since the
   * submit): the batch's answer is not saved on top of it. (Batches closed before this count
   * existed lack it: BatchRow.counts is partial.)
   */
  superseded: number;
}

/** A row of strukt.ai_batches. */
export interface BatchRow extends Record<string, unknown> {
  key: string;
  job: BatchJob;
  /** The as-of of the run that submitted it: candidates are read again at this instant. */
  as_of: string;
  period_start: string | null;
  period_end: string | null;
  shard_index: number;
  shard_count: number;
  openai_batch_id: string | null;
  input_file_id: string | null;
  request_count: number;
  state: BatchState;
  /** OpenAI's status when last polled (validating, in_progress, finalizing, completed, …). */
  openai_status: string | null;
  submitted_at: string;
  deadline_at: string;
  run_id: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
  closed_at: string | null;
  counts: Partial<BatchCounts>;
}

/** A request line to record: its custom_id, the user it is for, and what it was built on. */
export interface NewBatchRequest extends Record<string, unknown> {
  custom_id: string;
  user_id: string;
  /**
   * What the request was built on, for a job whose output is versioned (plan-refresh: the user's
   * latest plan version at submit); null or absent when nothing is (digests).
   */
  basis?: number | null;
}

/** A recorded request line (basis null for lines recorded before migration 20261201000400). */
export interface BatchRequest extends NewBatchRequest {
  basis: number | null;
}

export interface OpenBatchArgs {
  p_key: string;
  p_job: BatchJob;
  p_as_of: string;
  p_period_start: string | null;
  p_period_end: string | null;
  p_shard_index: number;
  p_shard_count: number;
  p_deadline_at: string;
  p_run_id: string | null;
}

/**
 * Records a batch as `submitting`, unless an unclosed one exists for the same job, period and
 * shard: then nothing is recorded and that batch's row is returned with `created` false.
 */
export function openBatch(db: Db, args: OpenBatchArgs): Promise<Array<BatchRow & { created: boolean }>> {
  return rowsOf<BatchRow & { created: boolean }>(db, 'cron_batch_open', args);
}

/** Adds request lines to a batch still `submitting` (≤ 1,000 per call); returns how many were new. */
export async function addBatchRequests(
  db: Db,
  args: { p_key: string; p_requests: NewBatchRequest[] },
): Promise<number> {
  const [row] = await rowsOf<{ added: number }>(db, 'cron_batch_add_requests', args);
  return row?.added ?? 0;
}

/** OpenAI took the batch: `submitting` → `submitted`, with its ids and the request count. */
export async function markBatchSubmitted(
  db: Db,
  args: { p_key: string; p_openai_batch_id: string; p_input_file_id: string; p_request_count: number },
): Promise<boolean> {
  const [row] = await rowsOf<{ updated: boolean }>(db, 'cron_batch_submitted', args);
  return row?.updated ?? false;
}

/** Unclosed batches (of one job, or all), oldest first. */
export function unclosedBatches(db: Db, args: { p_job: BatchJob | null }): Promise<BatchRow[]> {
  return rowsOf<BatchRow>(db, 'cron_batches_unclosed', args);
}

/**
 * Takes the batch for `p_run_id` for `p_lease_seconds`, if it is unclosed and nobody else holds
 * it: two collectors polling at once, one collects. Returns whether this run holds it.
 */
export async function claimBatch(
  db: Db,
  args: { p_key: string; p_run_id: string; p_lease_seconds: number },
): Promise<boolean> {
  const [row] = await rowsOf<{ claimed: boolean }>(db, 'cron_batch_claim', args);
  return row?.claimed ?? false;
}

/** Records OpenAI's latest status of a batch (for health and operators). */
export async function noteBatchStatus(
  db: Db,
  args: { p_key: string; p_openai_status: string },
): Promise<void> {
  await rowsOf(db, 'cron_batch_note_status', args);
}

/** The users of these request lines (lines of another batch or unknown ids are left out). */
export function batchUsers(db: Db, args: { p_key: string; p_custom_ids: string[] }): Promise<BatchRequest[]> {
  return rowsOf<BatchRequest>(db, 'cron_batch_users', args);
}

/** A batch's request lines by custom_id after `p_after` (null: from the first), at most `p_limit` (≤ 1,000). */
export function batchRequests(
  db: Db,
  args: { p_key: string; p_after: string | null; p_limit: number },
): Promise<BatchRequest[]> {
  return rowsOf<BatchRequest>(db, 'cron_batch_requests', args);
}

/**
 * Closes a batch held by `p_run_id` (or held by nobody) with its final state and counts; false
 * when it was already closed or another run holds it.
 */
export async function closeBatch(
  db: Db,
  args: {
    p_key: string;
    p_run_id: string;
    p_state: Exclude<BatchState, 'submitting' | 'submitted'>;
    p_openai_status: string | null;
    p_counts: Partial<BatchCounts>;
  },
): Promise<boolean> {
  const [row] = await rowsOf<{ closed: boolean }>(db, 'cron_batch_close', args);
  return row?.closed ?? false;
}

/** A batch health looks at: unclosed past its deadline, or closed with many failed lines. */
export interface BatchHealthRow extends Record<string, unknown> {
  key: string;
  job: BatchJob;
  openai_batch_id: string | null;
  state: BatchState;
  openai_status: string | null;
  request_count: number;
  submitted_at: string;
  deadline_at: string;
  closed_at: string | null;
  past_deadline: boolean;
  /** (failed) ÷ request_count, for a closed batch; null while unclosed. */
  failed_share: number | null;
}

/** Batches submitted or closed since `p_since`, and every unclosed one, at `p_as_of`. */
export function batchHealth(db: Db, args: { p_as_of: string; p_since: string }): Promise<BatchHealthRow[]> {
  return rowsOf<BatchHealthRow>(db, 'cron_batch_health', args);
}
