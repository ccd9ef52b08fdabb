/**
 * Batch mode (`--ai batch`) for the AI jobs: a run first collects the batches earlier runs
 * submitted (answers checked exactly like direct ones, a template with its reason for a failed,
 * invalid or missing line, the direct writer for the users of a batch that expired, failed or
 * passed its deadline), then submits one batch of this period's new candidates. Users without
 * AI consent are written at once from templates, as in direct mode.
 *
 * Nothing is written twice: a batch is collected by the run that claims it (cron_batch_claim),
 * its users are read again as candidates before anything is written (a user who has a digest or
 * plan by then is not one), and the save functions store one per user and period whatever
 * happens. One unclosed batch per job, period and shard (cron_batch_open): a re-run while one is
 * in flight submits nothing.
 */
import { randomUUID } from 'node:crypto';
import {
  FINISHED_STATUSES,
  customIdOf,
  parseAnswerLine,
  requestLine,
  type BatchAnswer,
} from '../ai/batchLines.ts';
import { createBatchFile, type BatchFile } from '../ai/batchFile.ts';
import type { BatchWriter } from '../ai/batchWriter.ts';
import { chatBody, interpret, type ChatRequest } from '../ai/chatRequests.ts';
import { createOfflineWriter } from '../ai/offlineWriter.ts';
import { AiOutputError, QuotaExceededError, type AiWriter, type Written } from '../ai/types.ts';
import type { SubmittedBatch } from '../ai/batchClient.ts';
import PQueue from 'p-queue';
import { MAX_PAGE_SIZE, pages } from '../db/pages.ts';
import { describeError } from '../lib/sanitize.ts';
import type { JobContext } from '../runs/runJob.ts';
import {
  addBatchRequests,
  batchRequests,
  batchUsers,
  claimBatch,
  closeBatch,
  markBatchSubmitted,
  noteBatchStatus,
  openBatch,
  unclosedBatches,
  type BatchCounts,
  type BatchJob,
  type BatchRequest,
  type BatchRow,
  type NewBatchRequest,
} from '../sql/batches.ts';
import type { PageReader } from '../sql/call.ts';
import { usersInProgress } from './fanOut.ts';

/** The Batch API takes at most 50,000 requests per file; the rest waits for the next run. */
export const MAX_BATCH_REQUESTS = 50_000;
/** How long a collector holds a batch: longer than collecting one takes, short enough to recover. */
const CLAIM_SECONDS = 15 * 60;
/** A batch recorded but never confirmed by OpenAI after this long is given up (its users stay candidates). */
const ABANDON_AFTER_MS = 10 * 60_000;
/** Error codes of requests a batch never ran (OpenAI writes them to the error file). */
const UNRUN_CODES = new Set(['batch_expired', 'batch_cancelled']);
/** Answer lines handled together: one read of their users and candidates, one save. */
const CHUNK = 500;

/** What batch mode needs of a job; the job keeps its own rules for who is a candidate and what is saved. */
export interface BatchSpec<Args, Row extends { user_id: string; has_consent: boolean }, Value, Out> {
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

/**
 * Collects the job's open batches that are over (or past their deadline): what every run of an AI
 * job does first when it can reach the Batch API, in batch mode or not, so switching back to
 * direct mode never strands a batch. Nothing in a dry run.
 */
export async function collectOpenBatches<
  Args,
  Row extends { user_id: string; has_consent: boolean },
  Value,
  Out,
>(
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

/** Batch mode's own part: submits this run's candidates (after collectOpenBatches). */
export async function submitBatch<Args, Row extends { user_id: string; has_consent: boolean }, Value, Out>(
  ctx: JobContext,
  batch: BatchWriter,
  spec: BatchSpec<Args, Row, Value, Out>,
): Promise<void> {
  if (ctx.shouldStop()) return;
  // One batch of a job and shard at a time, whatever its period (a plan batch is keyed by its
  // as-of, which moves every run): its users are candidates until it is collected.
  const shard = ctx.options.shard ?? { index: 0, count: 1 };
  const open = ctx.options.dryRun
    ? []
    : (await ctx.retry('read open batches', () => unclosedBatches(ctx.db, { p_job: spec.job }))).filter(
        (b) => b.shard_index === shard.index && b.shard_count === shard.count,
      );
  if (open.length > 0) {
    ctx.log.info('a batch of this job and shard is still open; submitting nothing new', {
      batch: open[0]!.openai_batch_id,
    });
    ctx.tally.count('batch.in_flight');
  }
  await submit(ctx, batch, spec, open.length > 0);
}

/** Polls one batch and, when it is over (or past its deadline), writes its users' results. */
async function collect<Args, Row extends { user_id: string; has_consent: boolean }, Value, Out>(
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
        await close(ctx, row, 'abandoned', null, {});
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
  await close(ctx, row, state, remote.status, counts);
  for (const [name, n] of Object.entries(counts)) ctx.tally.count(`batch.${name}`, n);
  ctx.tally.batches.push({ id: remote.id, state, requests: row.request_count });
}

/** Reads a file's lines in chunks: each chunk's users and candidates read once, its results saved once. */
async function consume<Args, Row extends { user_id: string; has_consent: boolean }, Value, Out>(
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
      const candidate = current === undefined ? null : asSubmitted(spec, current, request!);
      if (candidate === null) {
        // Not a line of this batch, or the user has a digest or a newer plan by now (or is gone).
        if (user !== undefined) {
          counts.already_written += 1;
          handled.add(user);
        }
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
async function resultOf<Args, Row extends { user_id: string; has_consent: boolean }, Value, Out>(
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

async function fellBack<Args, Row extends { user_id: string; has_consent: boolean }, Value, Out>(
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
async function sweep<Args, Row extends { user_id: string; has_consent: boolean }, Value, Out>(
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
      ctx.tally.considered += 1;
      const candidate = asSubmitted(spec, current, requestOf.get(current.user_id)!);
      if (candidate === null) {
        counts.already_written += 1;
        ctx.tally.markDone();
        continue;
      }
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
function asSubmitted<Args, Row extends { user_id: string; has_consent: boolean }, Value, Out>(
  spec: BatchSpec<Args, Row, Value, Out>,
  row: Row,
  request: BatchRequest,
): Row | null {
  return spec.basis === undefined || request.basis === null ? row : spec.basis.at(row, request.basis);
}

/** The candidates among these users, at the batch's as-of and period, by user id. */
async function candidatesOf<Args, Row extends { user_id: string; has_consent: boolean }, Value, Out>(
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

async function close(
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

/**
 * Submits this period's candidates who consented as one batch (templates for the others, at
 * once); nothing when a batch of this period and shard is still open.
 */
async function submit<Args, Row extends { user_id: string; has_consent: boolean }, Value, Out>(
  ctx: JobContext,
  batch: BatchWriter,
  spec: BatchSpec<Args, Row, Value, Out>,
  /** A batch is open: only the users without consent are written (templates); the rest wait for it. */
  inFlight: boolean,
): Promise<void> {
  const key = randomUUID();
  const shard = ctx.options.shard ?? { index: 0, count: 1 };
  // The input file, written to disk page by page (created with the batch, removed at the end).
  const spool: { file: BatchFile | null } = { file: null };
  try {
    await submitSpooled(ctx, batch, spec, inFlight, key, shard, spool);
  } finally {
    await spool.file?.remove().catch(() => {});
  }
}

async function submitSpooled<Args, Row extends { user_id: string; has_consent: boolean }, Value, Out>(
  ctx: JobContext,
  batch: BatchWriter,
  spec: BatchSpec<Args, Row, Value, Out>,
  inFlight: boolean,
  key: string,
  shard: { index: number; count: number },
  spool: { file: BatchFile | null },
): Promise<void> {
  let opened = false;
  let requestCount = 0;
  let templates: Out[] = [];
  let last: Row | null = null;
  try {
    for await (const page of pages(ctx.db, spec.candidates, spec.args, {
      key: 'user_id',
      pageSize: ctx.options.pageSize,
      read: (call) => ctx.retry(`read ${spec.noun} candidates`, call),
    })) {
      ctx.tally.considered += page.length;
      const requests: NewBatchRequest[] = [];
      const pageLines: string[] = [];
      for (const row of page) {
        last = row;
        if (!row.has_consent || ctx.options.dryRun) {
          // No consent: a template now, as in direct mode (a dry run only counts, as direct mode does).
          const out = await spec.writeDirect(row);
          if (out !== null && out !== 'refused') templates.push(out);
          if (ctx.options.dryRun && row.has_consent) ctx.tally.count('batch.would_submit');
          ctx.tally.markDone();
          continue;
        }
        if (inFlight) {
          ctx.tally.skip('batch_in_flight');
          ctx.tally.markDone();
          continue;
        }
        if (requestCount >= MAX_BATCH_REQUESTS) {
          ctx.tally.remaining += 1;
          continue;
        }
        if (!opened) {
          const [open] = await ctx.retry('record batch', () =>
            openBatch(ctx.db, {
              p_key: key,
              p_job: spec.job,
              p_as_of: ctx.options.asOf.toISOString(),
              p_period_start: spec.period.start,
              p_period_end: spec.period.end,
              p_shard_index: shard.index,
              p_shard_count: shard.count,
              p_deadline_at: new Date(ctx.now() + batch.deadlineMs).toISOString(),
              p_run_id: ctx.runId,
            }),
          );
          if (!open!.created) {
            // A batch of this period and shard is in flight: its users are not submitted again.
            ctx.log.info('a batch of this period is still open; submitting nothing new', {
              batch: open!.openai_batch_id,
            });
            ctx.tally.count('batch.in_flight');
            await spec.save(templates);
            return;
          }
          opened = true;
          spool.file = await createBatchFile();
        }
        const customId = customIdOf({
          job: spec.job,
          day: ctx.options.asOf.toISOString().slice(0, 10),
          shardIndex: shard.index,
          shardCount: shard.count,
          seq: requestCount + 1,
        });
        pageLines.push(`${requestLine(customId, chatBody(batch.model, spec.request(row)))}\n`);
        requestCount += 1;
        requests.push({ custom_id: customId, user_id: row.user_id, basis: spec.basis?.of(row) ?? null });
        ctx.tally.skip('submitted_in_batch');
        ctx.tally.markDone();
      }
      if (requests.length > 0) {
        await ctx.retry('record batch requests', () =>
          addBatchRequests(ctx.db, { p_key: key, p_requests: requests }),
        );
        await spool.file!.append(pageLines);
      }
      if (templates.length >= MAX_PAGE_SIZE) {
        await spec.save(templates);
        templates = [];
      }
    }
  } catch (error) {
    // Stopped before anything reached OpenAI (a read, a record or the spool file failed): the
    // batch recorded is closed now, so the next run submits these users rather than wait out
    // ABANDON_AFTER_MS behind a batch that will never exist.
    if (opened) await close(ctx, { key } as BatchRow, 'abandoned', null, {}).catch(() => {});
    throw error;
  }
  await spec.save(templates);
  if (!opened) return;
  if (ctx.tally.remaining > 0) {
    ctx.log.warn('more candidates than one batch takes; the next run submits the rest', {
      remaining: ctx.tally.remaining,
      last: last === null ? null : ctx.userRef(last.user_id),
    });
  }
  const fileName = `strukt-${spec.job}-${ctx.options.asOf.toISOString().slice(0, 10)}-s${shard.index}of${shard.count}.jsonl`;
  let submitted: SubmittedBatch;
  try {
    submitted = await batch.client.submit({
      key,
      file: await spool.file!.uploadable(fileName),
      metadata: { strukt_job: spec.job, strukt_as_of: ctx.options.asOf.toISOString() },
    });
  } catch (error) {
    // Never made at OpenAI (submit looks the key up before it gives up): closed, so the next run
    // can submit these users again.
    await close(ctx, { key } as BatchRow, 'abandoned', null, {}).catch(() => {});
    throw new Error(`submit batch failed: ${describeError(error)}`, { cause: error });
  }
  // Made at OpenAI: should recording it fail, the row stays `submitting` and the next run adopts
  // the batch by its key (collect), rather than submit the same users twice.
  await ctx.retry('record batch', () =>
    markBatchSubmitted(ctx.db, {
      p_key: key,
      p_openai_batch_id: submitted.batchId,
      p_input_file_id: submitted.inputFileId,
      p_request_count: requestCount,
    }),
  );
  ctx.tally.count('batch.submitted', requestCount);
  ctx.tally.batches.push({ id: submitted.batchId, state: 'submitted', requests: requestCount });
}
