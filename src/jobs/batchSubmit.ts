/**
 * Submitting a batch (batch mode, see batchMode.ts): this run's candidates who consented go to
 * OpenAI as one batch, their request lines spooled to a temporary file page by page and recorded
 * (custom_id → user, and what each was built on) before anything is sent.
 */
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { SubmittedBatch } from '../ai/batchClient.ts';
import { createBatchFile, type BatchFile } from '../ai/batchFile.ts';
import { customIdOf, requestLine } from '../ai/batchLines.ts';
import type { BatchWriter } from '../ai/batchWriter.ts';
import { chatBody } from '../ai/chatRequests.ts';
import { MAX_PAGE_SIZE, pages } from '../db/pages.ts';
import { describeError } from '../lib/sanitize.ts';
import type { JobContext } from '../runs/runJob.ts';
import {
  addBatchRequests,
  markBatchSubmitted,
  openBatch,
  unclosedBatches,
  type BatchRow,
  type NewBatchRequest,
} from '../sql/batches.ts';
import { closeBatchAs, type BatchCandidate, type BatchSpec } from './batchMode.ts';

/** Batch mode's own part: submits this run's candidates (after collectOpenBatches). */
export async function submitBatch<Args, Row extends BatchCandidate, Value, Out>(
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

/**
 * Submits this period's candidates who consented as one batch (templates for the others, at
 * once); nothing when a batch of this period and shard is still open.
 */
async function submit<Args, Row extends BatchCandidate, Value, Out>(
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

async function submitSpooled<Args, Row extends BatchCandidate, Value, Out>(
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
  /** The file's size so far, and whether it has reached a limit of BatchWriter.limits. */
  let bytes = 0;
  let full = false;
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
        if (full) {
          ctx.tally.remaining += 1;
          continue;
        }
        const customId = customIdOf({
          job: spec.job,
          day: ctx.options.asOf.toISOString().slice(0, 10),
          shardIndex: shard.index,
          shardCount: shard.count,
          seq: requestCount + 1,
        });
        const line = `${requestLine(customId, chatBody(batch.model, spec.request(row)))}\n`;
        const size = Buffer.byteLength(line);
        if (requestCount >= batch.limits.requests || bytes + size > batch.limits.bytes) {
          // The file is full (OpenAI's limits): this user and the rest wait for the next run.
          full = true;
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
        pageLines.push(line);
        requestCount += 1;
        bytes += size;
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
    if (opened) await closeBatchAs(ctx, { key } as BatchRow, 'abandoned', null, {}).catch(() => {});
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
    await closeBatchAs(ctx, { key } as BatchRow, 'abandoned', null, {}).catch(() => {});
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
