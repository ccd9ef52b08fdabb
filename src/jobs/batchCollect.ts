/**
 * Collecting batches (batch mode, see batchMode.ts): every run of an AI job that can reach the
 * Batch API polls its job's open batches first; one that is over (or past its deadline) is
 * claimed, its output and error files read in chunks, each answer checked like a direct one, and
 * its users still without a result served by a template (completed batch) or the direct writer
 * (expired, failed, cancelled).
 */
import { FINISHED_STATUSES, parseAnswerLine, type BatchAnswer } from '../ai/batchLines.ts';
import type { BatchWriter } from '../ai/batchWriter.ts';
import { interpret } from '../ai/chatRequests.ts';
import { createOfflineWriter } from '../ai/offlineWriter.ts';
import { AiOutputError, QuotaExceededError } from '../ai/types.ts';
import PQueue from 'p-queue';
import { MAX_PAGE_SIZE } from '../db/pages.ts';
import { describeError } from '../lib/sanitize.ts';
import type { JobContext } from '../runs/runJob.ts';
import {
  batchRequests,
  batchUsers,
  claimBatch,
  markBatchSubmitted,
  noteBatchStatus,
  unclosedBatches,
  type BatchCounts,
  type BatchJob,
  type BatchRequest,
  type BatchRow,
} from '../sql/batches.ts';
import { closeBatchAs, type BatchCandidate, type BatchSpec } from './batchMode.ts';
import { usersInProgress } from './fanOut.ts';

/** How long a collector holds a batch: longer than collecting one takes, short enough to recover. */
const CLAIM_SECONDS = 15 * 60;

/** A batch recorded but never confirmed by OpenAI after this long is given up (its users stay candidates). */
const ABANDON_AFTER_MS = 10 * 60_000;

/** Error codes of requests a batch never ran (OpenAI writes them to the error file). */
const UNRUN_CODES = new Set(['batch_expired', 'batch_cancelled']);

/** Answer lines handled together: one read of their users and candidates, one save. */
const CHUNK = 500;

/**
 * Collects the job's open batches that are over (or past their deadline): what every run of an AI
 * job does first when it can reach the Batch API, in batch mode or not, so switching back to
 * direct mode never strands a batch. Nothing in a dry run.
 */
export async function collectOpenBatches<Args, Row extends BatchCandidate, Value, Out>(
  ctx: JobContext,
  batch: BatchWriter,
  job: BatchJob,
  /** The spec of an earlier run's batch: its own as-of and period. */
  specOf: (batch: BatchRow) => BatchSpec<Args, Row, Value, Out>,
): Promise<void> {
  if (ctx.options.dryRun) return;
  for (const open of await ctx.retry('read open batches', () => unclosedBatches(ctx.db, { p_job: job }))) {
    if (ctx.shouldStop()) return;
    try {
      await collect(ctx, batch, specOf(open), open);
    } catch (error) {
      // Quota gone stops the run; anything else (OpenAI unreachable, a batch it no longer knows)
      // costs this batch, not the run's own users: it is tried again by the next run, and the
      // health check alerts once it is past its deadline.
      if (error instanceof QuotaExceededError) throw error;
      ctx.tally.count('batch.collect_failed');
      // Its users wait for the next run: the run's work left undone, so it ends partial_success
      // (at most this many: lines saved before the failure are already written next time).
      ctx.tally.considered += open.request_count;
      ctx.tally.remaining += open.request_count;
      ctx.tally.error(describeError(error, `collect batch ${open.openai_batch_id ?? open.key}`));
      ctx.log.warn('could not collect a batch; the next run tries again', {
        batch: open.openai_batch_id,
        error: describeError(error),
      });
    }
  }
}

/** Polls one batch and, when it is over (or past its deadline), writes its users' results. */
async function collect<Args, Row extends BatchCandidate, Value, Out>(
  ctx: JobContext,
  batch: BatchWriter,
  spec: BatchSpec<Args, Row, Value, Out>,
  row: BatchRow,
): Promise<void> {
  let openaiId = row.openai_batch_id;
  if (row.state === 'submitting') {
    // Recorded, then the run stopped before OpenAI's answer was: adopt the batch if it was made.
    const found = await batch.client.findByKey(row.key);
    if (found) {
      await ctx.retry('record batch', () =>
        markBatchSubmitted(ctx.db, {
          p_key: row.key,
          p_openai_batch_id: found.id,
          p_input_file_id: found.input_file_id,
          p_request_count: found.request_counts?.total ?? row.request_count,
        }),
      );
      openaiId = found.id;
    } else {
      if (ctx.now() - Date.parse(row.submitted_at) > ABANDON_AFTER_MS) {
        await closeBatchAs(ctx, row, 'abandoned', null, {});
        ctx.tally.count('batch.abandoned');
      }
      return;
    }
  }
  // Polling needs no claim; only the run that collects (or cancels) holds one.
  let remote = await batch.client.retrieve(openaiId!);
  await ctx.retry('note batch status', () =>
    noteBatchStatus(ctx.db, { p_key: row.key, p_openai_status: remote.status }),
  );
  const finished = FINISHED_STATUSES.has(remote.status);
  if (!finished && ctx.now() < Date.parse(row.deadline_at)) {
    ctx.tally.count('batch.running');
    ctx.log.info('batch still running', { batch: remote.id, status: remote.status });
    return;
  }
  const claimed = await ctx.retry('claim batch', () =>
    claimBatch(ctx.db, { p_key: row.key, p_run_id: ctx.runId, p_lease_seconds: CLAIM_SECONDS }),
  );
  if (!claimed) {
    // Another run is collecting it (or has closed it since this run listed it).
    ctx.tally.count('batch.held_by_another_run');
    return;
  }
  if (!finished) {
    // Past the deadline: the week must not be lost. Cancelled, its answers so far are kept.
    ctx.log.warn('batch past its deadline; cancelling it and serving its users directly', {
      batch: remote.id,
    });
    remote = await batch.client.cancel(remote.id);
    ctx.tally.count('batch.cancelled_past_deadline');
  }
  const counts: BatchCounts = {
    collected: 0,
    failed: 0,
    fell_back: 0,
    served_directly: 0,
    already_written: 0,
    superseded: 0,
  };
  const args = spec.args;
  // Users whose line was used (or who needed nothing): the sweep leaves them alone. Candidacy alone
  // cannot say so: naming users makes the plan candidates function return each of them.
  const handled = new Set<string>();
  for (const fileId of [remote.output_file_id, remote.error_file_id]) {
    if (fileId != null) {
      await consume(ctx, batch, spec, row, args, batch.client.lines(fileId), counts, handled);
    }
  }
  // Users with no usable line: a template for a batch that completed; the direct writer when it did not.
  const completed = remote.status === 'completed';
  await sweep(ctx, spec, row, args, completed, counts, handled);
  const state = completed
    ? 'collected'
    : remote.status === 'expired'
      ? 'expired'
      : remote.status === 'failed'
        ? 'failed'
        : 'cancelled';
  await closeBatchAs(ctx, row, state, remote.status, counts);
  for (const [name, n] of Object.entries(counts)) ctx.tally.count(`batch.${name}`, n);
  ctx.tally.batches.push({ id: remote.id, state, requests: row.request_count });
}

/** Reads a file's lines in chunks: each chunk's users and candidates read once, its results saved once. */
async function consume<Args, Row extends BatchCandidate, Value, Out>(
  ctx: JobContext,
  batch: BatchWriter,
  spec: BatchSpec<Args, Row, Value, Out>,
  row: BatchRow,
  args: Args,
  lines: AsyncIterable<string>,
  counts: BatchCounts,
  handled: Set<string>,
): Promise<void> {
  let chunk: BatchAnswer[] = [];
  const flush = async () => {
    const answers = chunk.filter(
      (a): a is Exclude<BatchAnswer, { kind: 'unreadable' }> => a.kind !== 'unreadable',
    );
    chunk = [];
    if (answers.length === 0) return;
    const users = await ctx.retry('read batch users', () =>
      batchUsers(ctx.db, { p_key: row.key, p_custom_ids: answers.map((a) => a.customId) }),
    );
    const requestOf = new Map(users.map((u) => [u.custom_id, u]));
    const rows = await candidatesOf(
      ctx,
      spec,
      args,
      users.map((u) => u.user_id),
    );
    const outs: Out[] = [];
    for (const answer of answers) {
      // OpenAI bills every answer, whether or not it is used.
      if (answer.kind === 'answer') batch.heard(answer.completion);
      const request = requestOf.get(answer.customId);
      const user = request?.user_id;
      const current = user === undefined ? undefined : rows.get(user);
      if (current === undefined) {
        // Not a line of this batch, or the user has a digest or plan by now (or is gone).
        if (user !== undefined) {
          counts.already_written += 1;
          handled.add(user);
        }
        continue;
      }
      const candidate = asSubmitted(spec, current, request!);
      if (candidate === null) {
        counts.superseded += 1;
        handled.add(current.user_id);
        continue;
      }
      // A request the batch never ran (it expired or was cancelled first): the sweep serves it directly.
      if (answer.kind === 'error' && UNRUN_CODES.has(answer.code)) continue;
      rows.delete(candidate.user_id);
      handled.add(candidate.user_id);
      ctx.tally.considered += 1;
      ctx.tally.markDone();
      outs.push(await resultOf(ctx, batch, spec, candidate, answer, counts));
    }
    await spec.save(outs);
  };
  for await (const line of lines) {
    chunk.push(parseAnswerLine(line));
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
}

/** One user's result from their line: the checked answer, or the template with why. */
async function resultOf<Args, Row extends BatchCandidate, Value, Out>(
  ctx: JobContext,
  batch: BatchWriter,
  spec: BatchSpec<Args, Row, Value, Out>,
  row: Row,
  answer: Exclude<BatchAnswer, { kind: 'unreadable' }>,
  counts: BatchCounts,
): Promise<Out> {
  ctx.tally.aiCall(1);
  if (!row.has_consent) {
    // Consent withdrawn since the batch was sent: its answer is not used.
    counts.fell_back += 1;
    return spec.outOf(row, await spec.writeWith(row, ctx.template));
  }
  if (answer.kind === 'answer') {
    try {
      const value = interpret(answer.completion, spec.request(row));
      counts.collected += 1;
      return spec.outOf(row, {
        value,
        method: 'ai',
        model: answer.completion.model ?? batch.model,
        attempts: 1,
      });
    } catch (error) {
      if (!(error instanceof AiOutputError)) throw error;
      return fellBack(spec, row, `batch_${error.problem}`, counts);
    }
  }
  return fellBack(spec, row, `batch_${answer.code}`, counts);
}

const fallbackWriter = createOfflineWriter('fallback');

async function fellBack<Args, Row extends BatchCandidate, Value, Out>(
  spec: BatchSpec<Args, Row, Value, Out>,
  row: Row,
  reason: string,
  counts: BatchCounts,
): Promise<Out> {
  counts.failed += 1;
  counts.fell_back += 1;
  const written = await spec.writeWith(row, fallbackWriter);
  return spec.outOf(row, { ...written, method: 'fallback', attempts: 1, fallbackReason: reason });
}

/** The batch's users still candidates after its files were read: served now, once. */
async function sweep<Args, Row extends BatchCandidate, Value, Out>(
  ctx: JobContext,
  spec: BatchSpec<Args, Row, Value, Out>,
  row: BatchRow,
  args: Args,
  completed: boolean,
  counts: BatchCounts,
  handled: ReadonlySet<string>,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const requests = await ctx.retry('read batch requests', () =>
      batchRequests(ctx.db, { p_key: row.key, p_after: after, p_limit: MAX_PAGE_SIZE }),
    );
    if (requests.length === 0) return;
    after = requests[requests.length - 1]!.custom_id;
    const requestOf = new Map(requests.map((r) => [r.user_id, r]));
    const rows = await candidatesOf(
      ctx,
      spec,
      args,
      requests.map((r) => r.user_id).filter((user) => !handled.has(user)),
    );
    const outs: Out[] = [];
    // As many direct calls at once as the writer can use (as in direct mode).
    const queue = new PQueue({ concurrency: usersInProgress(ctx) });
    // A fatal error (quota gone) stops the run after what was written is saved.
    let fatal: unknown = null;
    for (const current of rows.values()) {
      const candidate = asSubmitted(spec, current, requestOf.get(current.user_id)!);
      if (candidate === null) {
        // A newer plan since the submit: nothing to serve (not the run's candidate, as in consume).
        counts.superseded += 1;
        continue;
      }
      ctx.tally.considered += 1;
      if (completed) {
        // OpenAI answered the batch but not this line (or not readably).
        outs.push(await fellBack(spec, candidate, 'batch_missing', counts));
        ctx.tally.markDone();
        continue;
      }
      const task = queue.add(async () => {
        // Out of time: an ordinary candidate of the next run (the batch is closed).
        if (ctx.shouldStop()) {
          ctx.tally.remaining += 1;
          return;
        }
        const out = await spec.writeDirect(candidate);
        if (out === 'refused') {
          ctx.tally.remaining += 1;
          return;
        }
        ctx.tally.markDone();
        if (out !== null) {
          outs.push(out);
          counts.served_directly += 1;
        }
      });
      task.catch((error: unknown) => {
        fatal ??= error;
        queue.clear();
      });
    }
    await queue.onIdle();
    await spec.save(outs);
    if (fatal !== null) throw fatal;
    if (requests.length < MAX_PAGE_SIZE) return;
  }
}

/**
 * A candidate as its request was built, or null when the user has moved past what the request was
 * built on (a line without a basis, or a job without one, is taken as it is).
 */
function asSubmitted<Args, Row extends BatchCandidate, Value, Out>(
  spec: BatchSpec<Args, Row, Value, Out>,
  row: Row,
  request: BatchRequest,
): Row | null {
  return spec.basis === undefined || request.basis === null ? row : spec.basis.at(row, request.basis);
}

/** The candidates among these users, at the batch's as-of and period, by user id. */
async function candidatesOf<Args, Row extends BatchCandidate, Value, Out>(
  ctx: JobContext,
  spec: BatchSpec<Args, Row, Value, Out>,
  args: Args,
  users: string[],
): Promise<Map<string, Row>> {
  if (users.length === 0) return new Map();
  const rows = await ctx.retry(`read ${spec.noun} candidates`, () =>
    spec.candidates(ctx.db, {
      ...args,
      p_users: users,
      p_shard_index: 0,
      p_shard_count: 1,
      p_after: null,
      p_limit: MAX_PAGE_SIZE,
    }),
  );
  return new Map(rows.map((r) => [r.user_id, r]));
}
