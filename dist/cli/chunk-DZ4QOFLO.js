import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  MAX_PAGE_SIZE,
  pages
} from "./chunk-4I4YWPP6.js";
import {
  periodEndingAtSlot,
  windowBefore
} from "./chunk-26K63QEV.js";
import {
  FINISHED_STATUSES,
  addBatchRequests,
  batchRequests,
  batchUsers,
  claimBatch,
  closeBatch,
  customIdOf,
  markBatchSubmitted,
  noteBatchStatus,
  openBatch,
  parseAnswerLine,
  requestLine,
  unclosedBatches
} from "./chunk-2G6JPB32.js";
import {
  activityTracking,
  queueNotifications,
  statusCandidates,
  statusPendingCount
} from "./chunk-UZ5JGIKX.js";
import {
  DEFAULT_CONCURRENCY
} from "./chunk-SIPP5JH7.js";
import {
  rowsOf,
  scalarOf
} from "./chunk-GATFU3MK.js";
import {
  describeError
} from "./chunk-6IGIM6DF.js";
import {
  AiOutputError,
  PQueue,
  QuotaExceededError,
  chatBody,
  createOfflineWriter,
  digestGreeting,
  digestRequest,
  digestText,
  interpret,
  planRequest,
  validatePlan
} from "./chunk-24W4TJKO.js";
import {
  STATUS_WINDOWS,
  getJob
} from "./chunk-W4GVEMGZ.js";
import {
  DeadlineExceededError,
  attemptsOf
} from "./chunk-HZUTH2YY.js";
import {
  addressed,
  firstNameOf,
  numberOrNull,
  planProfileOf,
  salutation,
  voiceOf
} from "./chunk-PO4BBYRD.js";

// src/sql/plans.ts
function planCandidates(db, args) {
  return rowsOf(db, "cron_plan_candidates", args);
}
function planPendingCount(db, args) {
  return scalarOf(db, "cron_plan_pending_count", args);
}
function savePlans(db, args) {
  return rowsOf(db, "cron_save_plans", args);
}

// src/jobs/batchMessage.ts
function batchMessage(tally, dryRun) {
  const parts = [];
  const wouldSubmit = tally.figures["batch.would_submit"] ?? 0;
  if (dryRun && wouldSubmit > 0) parts.push(`would submit ${n(wouldSubmit)} requests in a batch`);
  for (const b of tally.batches) {
    parts.push(
      b.state === "submitted" ? `submitted ${n(b.requests)} requests in batch ${b.id} (a later run collects them)` : `${b.state} batch ${b.id} (${n(b.requests)} requests)`
    );
  }
  if ((tally.figures["batch.in_flight"] ?? 0) > 0) parts.push("a batch is still in flight");
  const uncollected = tally.figures["batch.collect_failed"] ?? 0;
  if (uncollected > 0) {
    parts.push(
      `could not collect ${n(uncollected)} batch${uncollected > 1 ? "es" : ""} (the next run tries again)`
    );
  }
  return parts.length === 0 ? "" : `; ${parts.join("; ")}`;
}
var n = (value) => value.toLocaleString("en-US");

// src/jobs/batchMode.ts
async function closeBatchAs(ctx, row, state, openaiStatus, counts) {
  await ctx.retry(
    "close batch",
    () => closeBatch(ctx.db, {
      p_key: row.key,
      p_run_id: ctx.runId,
      p_state: state,
      p_openai_status: openaiStatus,
      p_counts: counts
    })
  );
}

// src/lib/pool.ts
async function forEachPaged(pages2, limit, shouldStop, work, onPage = () => {
}) {
  let inProgress = 0;
  let failure = null;
  let wake = null;
  const finished = () => {
    inProgress -= 1;
    const w = wake;
    wake = null;
    w?.();
  };
  const nextFinish = () => new Promise((resolve) => wake = resolve);
  const halted = () => failure !== null || shouldStop();
  const room = () => Math.max(1, limit());
  const iterator = pages2[Symbol.asyncIterator]();
  let ahead = null;
  const readAhead = () => {
    if (ahead === null) {
      ahead = iterator.next();
      ahead.catch(() => {
      });
    }
    return ahead;
  };
  let page = [];
  let next = 0;
  let notStarted = 0;
  let last = null;
  let exhausted = false;
  try {
    for (; ; ) {
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
        if (page.length > 0) last = page[page.length - 1];
        continue;
      }
      if (halted()) {
        notStarted += page.length - next;
        break;
      }
      inProgress += 1;
      work(page[next++]).catch((error) => {
        failure ??= { error };
      }).finally(finished);
      if (page.length - next < room()) void readAhead();
    }
  } finally {
    while (inProgress > 0) await nextFinish();
    if (!exhausted) {
      const pending = ahead;
      if (pending !== null) await pending.catch(() => void 0);
      await iterator.return?.();
    }
  }
  if (failure !== null) throw failure.error;
  return { notStarted, last };
}

// src/jobs/fanOut.ts
function usersInProgress(ctx) {
  return ctx.options.concurrency ?? ctx.ai.capacity?.() ?? DEFAULT_CONCURRENCY;
}
async function fanOut(ctx, spec) {
  const batchSize = Math.min(ctx.options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  let refused = 0;
  const stop = () => refused > 0 || ctx.shouldStop();
  let written = [];
  const flush = async () => {
    if (written.length === 0) return;
    const batch = written;
    written = [];
    await spec.save(batch);
  };
  const counting = countForProgress(ctx, spec.pendingCount, spec.args);
  let outcome;
  try {
    outcome = await forEachPaged(
      pages(ctx.db, spec.candidates, spec.args, {
        key: "user_id",
        pageSize: ctx.options.pageSize,
        read: (call) => ctx.retry(`read ${spec.noun} candidates`, call)
      }),
      () => usersInProgress(ctx),
      stop,
      async (row) => {
        const out = await spec.write(row);
        if (out === "refused") refused += 1;
        else {
          if (out !== null) {
            written.push(out);
            if (written.length >= batchSize) await flush();
          }
          ctx.tally.markDone();
        }
      },
      (page) => ctx.tally.considered += page.length
    );
  } catch (error) {
    if (error instanceof QuotaExceededError) await flush();
    throw error;
  } finally {
    await counting;
  }
  await flush();
  if (stop() && outcome.last !== null) {
    const after = await ctx.retry(
      `count remaining ${spec.noun}s`,
      () => spec.pendingCount(ctx.db, { ...spec.args, p_after: outcome.last.user_id })
    );
    ctx.tally.considered += after;
    ctx.tally.remaining += outcome.notStarted + refused + after;
    if (ctx.tally.remaining > 0) {
      ctx.log.warn("time budget reached; the next run takes the rest", { remaining: ctx.tally.remaining });
    }
  }
}
async function countForProgress(ctx, count, args) {
  if (!ctx.tally.watched) return;
  try {
    ctx.tally.setTotal(await count(ctx.db, { ...args, p_after: null }));
  } catch (error) {
    ctx.log.warn("could not count the candidates for the progress display", { error: describeError(error) });
  }
}

// src/jobs/batchCollect.ts
var CLAIM_SECONDS = 15 * 60;
var ABANDON_AFTER_MS = 10 * 6e4;
var UNRUN_CODES = /* @__PURE__ */ new Set(["batch_expired", "batch_cancelled"]);
var CHUNK = 500;
async function collectOpenBatches(ctx, batch, job, specOf) {
  if (ctx.options.dryRun) return;
  for (const open2 of await ctx.retry("read open batches", () => unclosedBatches(ctx.db, { p_job: job }))) {
    if (ctx.shouldStop()) return;
    try {
      await collect(ctx, batch, specOf(open2), open2);
    } catch (error) {
      if (error instanceof QuotaExceededError) throw error;
      ctx.tally.count("batch.collect_failed");
      ctx.tally.considered += open2.request_count;
      ctx.tally.remaining += open2.request_count;
      ctx.tally.error(describeError(error, `collect batch ${open2.openai_batch_id ?? open2.key}`));
      ctx.log.warn("could not collect a batch; the next run tries again", {
        batch: open2.openai_batch_id,
        error: describeError(error)
      });
    }
  }
}
async function collect(ctx, batch, spec, row) {
  let openaiId = row.openai_batch_id;
  if (row.state === "submitting") {
    const found = await batch.client.findByKey(row.key);
    if (found) {
      await ctx.retry(
        "record batch",
        () => markBatchSubmitted(ctx.db, {
          p_key: row.key,
          p_openai_batch_id: found.id,
          p_input_file_id: found.input_file_id,
          p_request_count: found.request_counts?.total ?? row.request_count
        })
      );
      openaiId = found.id;
    } else {
      if (ctx.now() - Date.parse(row.submitted_at) > ABANDON_AFTER_MS) {
        await closeBatchAs(ctx, row, "abandoned", null, {});
        ctx.tally.count("batch.abandoned");
      }
      return;
    }
  }
  let remote = await batch.client.retrieve(openaiId);
  await ctx.retry(
    "note batch status",
    () => noteBatchStatus(ctx.db, { p_key: row.key, p_openai_status: remote.status })
  );
  const finished = FINISHED_STATUSES.has(remote.status);
  if (!finished && ctx.now() < Date.parse(row.deadline_at)) {
    ctx.tally.count("batch.running");
    ctx.log.info("batch still running", { batch: remote.id, status: remote.status });
    return;
  }
  const claimed = await ctx.retry(
    "claim batch",
    () => claimBatch(ctx.db, { p_key: row.key, p_run_id: ctx.runId, p_lease_seconds: CLAIM_SECONDS })
  );
  if (!claimed) {
    ctx.tally.count("batch.held_by_another_run");
    return;
  }
  if (!finished) {
    ctx.log.warn("batch past its deadline; cancelling it and serving its users directly", {
      batch: remote.id
    });
    remote = await batch.client.cancel(remote.id);
    ctx.tally.count("batch.cancelled_past_deadline");
  }
  const counts = {
    collected: 0,
    failed: 0,
    fell_back: 0,
    served_directly: 0,
    already_written: 0,
    superseded: 0
  };
  const args = spec.args;
  const handled = /* @__PURE__ */ new Set();
  for (const fileId of [remote.output_file_id, remote.error_file_id]) {
    if (fileId != null) {
      await consume(ctx, batch, spec, row, args, batch.client.lines(fileId), counts, handled);
    }
  }
  const completed = remote.status === "completed";
  await sweep(ctx, spec, row, args, completed, counts, handled);
  const state = completed ? "collected" : remote.status === "expired" ? "expired" : remote.status === "failed" ? "failed" : "cancelled";
  await closeBatchAs(ctx, row, state, remote.status, counts);
  for (const [name, n2] of Object.entries(counts)) ctx.tally.count(`batch.${name}`, n2);
  ctx.tally.batches.push({ id: remote.id, state, requests: row.request_count });
}
async function consume(ctx, batch, spec, row, args, lines, counts, handled) {
  let chunk = [];
  const flush = async () => {
    const answers = chunk.filter(
      (a) => a.kind !== "unreadable"
    );
    chunk = [];
    if (answers.length === 0) return;
    const users = await ctx.retry(
      "read batch users",
      () => batchUsers(ctx.db, { p_key: row.key, p_custom_ids: answers.map((a) => a.customId) })
    );
    const requestOf = new Map(users.map((u) => [u.custom_id, u]));
    const rows = await candidatesOf(
      ctx,
      spec,
      args,
      users.map((u) => u.user_id)
    );
    const outs = [];
    for (const answer of answers) {
      if (answer.kind === "answer") batch.heard(answer.completion);
      const request = requestOf.get(answer.customId);
      const user = request?.user_id;
      const current = user === void 0 ? void 0 : rows.get(user);
      if (current === void 0) {
        if (user !== void 0) {
          counts.already_written += 1;
          handled.add(user);
        }
        continue;
      }
      const candidate = asSubmitted(spec, current, request);
      if (candidate === null) {
        counts.superseded += 1;
        handled.add(current.user_id);
        continue;
      }
      if (answer.kind === "error" && UNRUN_CODES.has(answer.code)) continue;
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
async function resultOf(ctx, batch, spec, row, answer, counts) {
  ctx.tally.aiCall(1);
  if (!row.has_consent) {
    counts.fell_back += 1;
    return spec.outOf(row, await spec.writeWith(row, ctx.template));
  }
  if (answer.kind === "answer") {
    try {
      const value = interpret(answer.completion, spec.request(row));
      counts.collected += 1;
      return spec.outOf(row, {
        value,
        method: "ai",
        model: answer.completion.model ?? batch.model,
        attempts: 1
      });
    } catch (error) {
      if (!(error instanceof AiOutputError)) throw error;
      return fellBack(spec, row, `batch_${error.problem}`, counts);
    }
  }
  return fellBack(spec, row, `batch_${answer.code}`, counts);
}
var fallbackWriter = createOfflineWriter("fallback");
async function fellBack(spec, row, reason, counts) {
  counts.failed += 1;
  counts.fell_back += 1;
  const written = await spec.writeWith(row, fallbackWriter);
  return spec.outOf(row, { ...written, method: "fallback", attempts: 1, fallbackReason: reason });
}
async function sweep(ctx, spec, row, args, completed, counts, handled) {
  let after = null;
  for (; ; ) {
    const requests = await ctx.retry(
      "read batch requests",
      () => batchRequests(ctx.db, { p_key: row.key, p_after: after, p_limit: MAX_PAGE_SIZE })
    );
    if (requests.length === 0) return;
    after = requests[requests.length - 1].custom_id;
    const requestOf = new Map(requests.map((r) => [r.user_id, r]));
    const rows = await candidatesOf(
      ctx,
      spec,
      args,
      requests.map((r) => r.user_id).filter((user) => !handled.has(user))
    );
    const outs = [];
    const queue2 = new PQueue({ concurrency: usersInProgress(ctx) });
    let fatal = null;
    for (const current of rows.values()) {
      const candidate = asSubmitted(spec, current, requestOf.get(current.user_id));
      if (candidate === null) {
        counts.superseded += 1;
        continue;
      }
      ctx.tally.considered += 1;
      if (completed) {
        outs.push(await fellBack(spec, candidate, "batch_missing", counts));
        ctx.tally.markDone();
        continue;
      }
      const task = queue2.add(async () => {
        if (ctx.shouldStop()) {
          ctx.tally.remaining += 1;
          return;
        }
        const out = await spec.writeDirect(candidate);
        if (out === "refused") {
          ctx.tally.remaining += 1;
          return;
        }
        ctx.tally.markDone();
        if (out !== null) {
          outs.push(out);
          counts.served_directly += 1;
        }
      });
      task.catch((error) => {
        fatal ??= error;
        queue2.clear();
      });
    }
    await queue2.onIdle();
    await spec.save(outs);
    if (fatal !== null) throw fatal;
    if (requests.length < MAX_PAGE_SIZE) return;
  }
}
function asSubmitted(spec, row, request) {
  return spec.basis === void 0 || request.basis === null ? row : spec.basis.at(row, request.basis);
}
async function candidatesOf(ctx, spec, args, users) {
  if (users.length === 0) return /* @__PURE__ */ new Map();
  const rows = await ctx.retry(
    `read ${spec.noun} candidates`,
    () => spec.candidates(ctx.db, {
      ...args,
      p_users: users,
      p_shard_index: 0,
      p_shard_count: 1,
      p_after: null,
      p_limit: MAX_PAGE_SIZE
    })
  );
  return new Map(rows.map((r) => [r.user_id, r]));
}

// src/jobs/batchSubmit.ts
import { Buffer } from "node:buffer";
import { randomUUID } from "node:crypto";

// src/ai/batchFile.ts
import fs, { createReadStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
async function createBatchFile() {
  const dir = await mkdtemp(path.join(tmpdir(), "strukt-batch-"));
  const file = path.join(dir, "requests.jsonl");
  let handle = await open(file, "w");
  const closed = async () => {
    if (handle) await handle.close();
    handle = null;
  };
  return {
    async append(lines) {
      if (!handle) throw new Error("The batch file is closed: nothing more can be appended.");
      await handle.write(lines.join(""));
    },
    async uploadable(fileName) {
      await closed();
      if (typeof fs.openAsBlob === "function") {
        return new File([await fs.openAsBlob(file)], fileName, { type: "application/jsonl" });
      }
      const { toFile } = await import("./chunk-5MP5ECVC.js");
      return toFile(createReadStream(file), fileName, { type: "application/jsonl" });
    },
    async remove() {
      await closed();
      await rm(dir, { recursive: true, force: true });
    }
  };
}

// src/jobs/batchSubmit.ts
async function submitBatch(ctx, batch, spec) {
  if (ctx.shouldStop()) return;
  const shard = ctx.options.shard ?? { index: 0, count: 1 };
  const open2 = ctx.options.dryRun ? [] : (await ctx.retry("read open batches", () => unclosedBatches(ctx.db, { p_job: spec.job }))).filter(
    (b) => b.shard_index === shard.index && b.shard_count === shard.count
  );
  if (open2.length > 0) {
    ctx.log.info("a batch of this job and shard is still open; submitting nothing new", {
      batch: open2[0].openai_batch_id
    });
    ctx.tally.count("batch.in_flight");
  }
  await submit(ctx, batch, spec, open2.length > 0);
}
async function submit(ctx, batch, spec, inFlight) {
  const key = randomUUID();
  const shard = ctx.options.shard ?? { index: 0, count: 1 };
  const spool = { file: null };
  try {
    await submitSpooled(ctx, batch, spec, inFlight, key, shard, spool);
  } finally {
    await spool.file?.remove().catch(() => {
    });
  }
}
async function submitSpooled(ctx, batch, spec, inFlight, key, shard, spool) {
  let opened = false;
  let requestCount = 0;
  let bytes = 0;
  let full = false;
  let templates = [];
  let last = null;
  try {
    for await (const page of pages(ctx.db, spec.candidates, spec.args, {
      key: "user_id",
      pageSize: ctx.options.pageSize,
      read: (call) => ctx.retry(`read ${spec.noun} candidates`, call)
    })) {
      ctx.tally.considered += page.length;
      const requests = [];
      const pageLines = [];
      for (const row of page) {
        last = row;
        if (!row.has_consent || ctx.options.dryRun) {
          const out = await spec.writeDirect(row);
          if (out !== null && out !== "refused") templates.push(out);
          if (ctx.options.dryRun && row.has_consent) ctx.tally.count("batch.would_submit");
          ctx.tally.markDone();
          continue;
        }
        if (inFlight) {
          ctx.tally.skip("batch_in_flight");
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
          seq: requestCount + 1
        });
        const line = `${requestLine(customId, chatBody(batch.model, spec.request(row)))}
`;
        const size = Buffer.byteLength(line);
        if (requestCount >= batch.limits.requests || bytes + size > batch.limits.bytes) {
          full = true;
          ctx.tally.remaining += 1;
          continue;
        }
        if (!opened) {
          const [open2] = await ctx.retry(
            "record batch",
            () => openBatch(ctx.db, {
              p_key: key,
              p_job: spec.job,
              p_as_of: ctx.options.asOf.toISOString(),
              p_period_start: spec.period.start,
              p_period_end: spec.period.end,
              p_shard_index: shard.index,
              p_shard_count: shard.count,
              p_deadline_at: new Date(ctx.now() + batch.deadlineMs).toISOString(),
              p_run_id: ctx.runId
            })
          );
          if (!open2.created) {
            ctx.log.info("a batch of this period is still open; submitting nothing new", {
              batch: open2.openai_batch_id
            });
            ctx.tally.count("batch.in_flight");
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
        ctx.tally.skip("submitted_in_batch");
        ctx.tally.markDone();
      }
      if (requests.length > 0) {
        await ctx.retry(
          "record batch requests",
          () => addBatchRequests(ctx.db, { p_key: key, p_requests: requests })
        );
        await spool.file.append(pageLines);
      }
      if (templates.length >= MAX_PAGE_SIZE) {
        await spec.save(templates);
        templates = [];
      }
    }
  } catch (error) {
    if (opened) await closeBatchAs(ctx, { key }, "abandoned", null, {}).catch(() => {
    });
    throw error;
  }
  await spec.save(templates);
  if (!opened) return;
  if (ctx.tally.remaining > 0) {
    ctx.log.warn("more candidates than one batch takes; the next run submits the rest", {
      remaining: ctx.tally.remaining,
      last: last === null ? null : ctx.userRef(last.user_id)
    });
  }
  const fileName = `strukt-${spec.job}-${ctx.options.asOf.toISOString().slice(0, 10)}-s${shard.index}of${shard.count}.jsonl`;
  let submitted;
  try {
    submitted = await batch.client.submit({
      key,
      file: await spool.file.uploadable(fileName),
      metadata: { strukt_job: spec.job, strukt_as_of: ctx.options.asOf.toISOString() }
    });
  } catch (error) {
    await closeBatchAs(ctx, { key }, "abandoned", null, {}).catch(() => {
    });
    throw new Error(`submit batch failed: ${describeError(error)}`, { cause: error });
  }
  await ctx.retry(
    "record batch",
    () => markBatchSubmitted(ctx.db, {
      p_key: key,
      p_openai_batch_id: submitted.batchId,
      p_input_file_id: submitted.inputFileId,
      p_request_count: requestCount
    })
  );
  ctx.tally.count("batch.submitted", requestCount);
  ctx.tally.batches.push({ id: submitted.batchId, state: "submitted", requests: requestCount });
}

// src/jobs/selection.ts
function selection(options) {
  return {
    p_users: options.users && options.users.length > 0 ? options.users : null,
    p_shard_index: options.shard?.index ?? 0,
    p_shard_count: options.shard?.count ?? 1
  };
}

// src/jobs/planRefresh.ts
var STALE_PLAN_DAYS = 28;
var definition = getJob("plan-refresh");
var NO_CONSENT_FIGURE = definition.noConsentFigure;
var planRefreshJob = {
  definition,
  usesAi: true,
  period: (asOf) => windowBefore(asOf, definition.windowDays),
  message: (tally, dryRun) => (dryRun ? `Dry run: would generate ${tally.succeeded} plans` : `Generated ${tally.succeeded} plans`) + batchMessage(tally, dryRun),
  async run(ctx) {
    const args = {
      p_as_of: ctx.options.asOf.toISOString(),
      p_stale_days: STALE_PLAN_DAYS,
      // The wellness window is the registry's, read by SQL from here (one source for it).
      p_window_days: definition.windowDays,
      ...selection(ctx.options)
    };
    if (ctx.batch) {
      await collectOpenBatches(
        ctx,
        ctx.batch,
        "plan-refresh",
        (b) => batchSpec(ctx, {
          ...args,
          p_as_of: b.as_of,
          p_users: null,
          p_shard_index: b.shard_index,
          p_shard_count: b.shard_count
        })
      );
      if (ctx.submitBatches) {
        await submitBatch(ctx, ctx.batch, batchSpec(ctx, args));
        return;
      }
    }
    await fanOut(ctx, {
      candidates: planCandidates,
      pendingCount: planPendingCount,
      args,
      noun: "plan",
      write: (row) => writeOne(ctx, row),
      save: (plans) => save(ctx, plans)
    });
  }
};
async function writeOne(ctx, row) {
  const input = toPlanInput(row);
  const writer = row.has_consent ? ctx.ai : ctx.template;
  if (ctx.options.dryRun) {
    const { method } = recordedMethod(
      row.has_consent && ctx.ai.kind === "openai" ? "ai" : "template",
      void 0,
      row.has_consent
    );
    ctx.tally.succeeded += 1;
    ctx.tally.count(`plans.${method}`);
    if (!row.has_consent) ctx.tally.count(NO_CONSENT_FIGURE);
    ctx.tally.result({ userId: row.user_id, version: row.latest_version + 1, method });
    return null;
  }
  try {
    const written = await writer.writePlan(input, { deadline: ctx.deadline ?? void 0 });
    ctx.tally.aiCall(written.attempts);
    return planRowOf(row, written);
  } catch (error) {
    if (error instanceof QuotaExceededError) throw error;
    if (error instanceof DeadlineExceededError) return "refused";
    ctx.tally.aiCall(writer.kind === "openai" ? attemptsOf(error) ?? 1 : 0);
    ctx.tally.failed += 1;
    ctx.tally.error(describeError(error, "write plan"));
    ctx.log.warn("plan failed for a user", { user: ctx.userRef(row.user_id), error: describeError(error) });
    return null;
  }
}
function planRowOf(row, written) {
  const input = toPlanInput(row);
  const problems = validatePlan(written.value, input);
  const { method, reason } = recordedMethod(written.method, written.fallbackReason, row.has_consent);
  return {
    user_id: row.user_id,
    base_version: row.latest_version,
    plan_data: written.value,
    generation_method: method,
    fallback_reason: reason,
    wellness_context: input.wellness,
    profile_snapshot: input.profile,
    is_valid: problems.length === 0,
    validation_errors: problems
  };
}
function batchSpec(ctx, args) {
  return {
    job: "plan-refresh",
    noun: "plan",
    candidates: planCandidates,
    args,
    // Plans have no period of their own: a batch is keyed by the run's as-of.
    period: { start: null, end: null },
    request: (row) => planRequest(toPlanInput(row)),
    outOf: planRowOf,
    writeWith: (row, writer) => writer.writePlan(toPlanInput(row)),
    writeDirect: (row) => writeOne(ctx, row),
    save: (plans) => save(ctx, plans),
    // A plan the app wrote after the batch was sent is newer than the batch's answer: it stays the
    // newest, and the batch's plan is saved on the version it was built on, so never on top of it.
    basis: {
      of: (row) => row.latest_version,
      at: (row, version) => row.latest_version > version ? null : { ...row, latest_version: version }
    }
  };
}
async function save(ctx, plans) {
  if (ctx.options.dryRun || plans.length === 0) return;
  const saved = await ctx.retry("save plans", () => savePlans(ctx.db, { p_plans: plans }));
  const versions = new Map(saved.map((r) => [r.user_id, r.version]));
  ctx.tally.succeeded += versions.size;
  ctx.tally.skip("newer_version_exists", plans.length - versions.size);
  for (const plan of plans) {
    const version = versions.get(plan.user_id);
    if (version === void 0) continue;
    ctx.tally.count(`plans.${plan.generation_method}`);
    if (plan.fallback_reason === "no_openai_consent") ctx.tally.count(NO_CONSENT_FIGURE);
    if (!plan.is_valid) ctx.tally.count("plans.invalid");
    ctx.tally.result({ userId: plan.user_id, version, method: plan.generation_method });
  }
}
function recordedMethod(method, fallbackReason, hasConsent) {
  if (method === "ai") return { method: "ai", reason: null };
  if (!hasConsent) return { method: "fallback", reason: "no_openai_consent" };
  if (method === "fallback") return { method: "fallback", reason: fallbackReason ?? "ai_failed" };
  return { method: "fallback", reason: "offline_writer" };
}
function toPlanInput(row) {
  return {
    profile: planProfileOf(row),
    wellness: {
      workouts: Number(row.workouts),
      workoutMinutes: Number(row.workout_minutes),
      avgSleepHours: numberOrNull(row.avg_sleep_hours),
      avgMood: numberOrNull(row.avg_mood),
      avgStress: numberOrNull(row.avg_stress),
      stressfulDays: Number(row.stressful_days),
      mealsLogged: Number(row.meals_logged)
    }
  };
}

// src/domain/notifications.ts
function stressEvidence(days) {
  if (days.stressfulDays >= 3) return "streak";
  const said = (days.messageDays ?? 0) > 0;
  const logged = (days.moodDays ?? 0) > 0;
  if (said && logged) return "both";
  if (said) return "messages";
  if (logged) return "mood";
  return "unknown";
}
var NOTICED = {
  gentle: {
    messages: "From what you've shared with me, the past few days sound like they've been heavy.",
    mood: "Your mood check-ins over the past few days suggest things have felt heavy.",
    both: "Between our chats and your mood check-ins, the past few days seem to have been heavy.",
    streak: "Three hard days in a row is a lot to carry.",
    unknown: "The past few days seem to have been heavy."
  },
  direct: {
    messages: "You've told me the last few days have been rough.",
    mood: "Your check-ins show a rough stretch: two of the last three days.",
    both: "Your messages and your check-ins both point to a rough few days.",
    streak: "That's three hard days in a row.",
    unknown: "The last few days have been rough."
  },
  cheerleader: {
    messages: "Sounds like the last few days have thrown a lot at you.",
    mood: "Your check-ins say the last few days have been rough, and you kept logging. That takes guts!",
    both: "Between our chats and your check-ins, it's been a rough few days.",
    streak: "Three hard days in a row, and you're still showing up. That's real strength!",
    unknown: "The last few days have been a lot."
  },
  brief: {
    messages: "Rough few days, from what you've said.",
    mood: "Your check-ins show a rough few days.",
    both: "Chats and check-ins both say: rough few days.",
    streak: "Three hard days running.",
    unknown: "Rough few days."
  }
};
var OFFER = {
  gentle: {
    strategist: "Would it help to make this week's plan a little lighter? I can adjust it whenever you're ready.",
    motivator: "You've kept going through it, and that matters. Shall we pick one small, easy win for today?",
    nurturer: "Please be kind to yourself. Rest counts as training too, and I'm here if you'd like to talk."
  },
  direct: {
    strategist: "Reply and I'll swap this week's hardest session for an easier one.",
    motivator: "Pick one small win for today; a short walk counts.",
    nurturer: "Take a rest day if you need one. Reply if you want to talk."
  },
  cheerleader: {
    strategist: "Let's tweak this week's plan so it lifts you up. Just say the word!",
    motivator: "One small win at a time, you've got this! Fancy an easy session together?",
    nurturer: "Rest is part of the plan too, so be proud of every step. I'm here whenever you want to talk!"
  },
  brief: {
    strategist: "Lighter plan this week?",
    motivator: "One small win today.",
    nurturer: "Rest if you need. I'm here."
  }
};
function proactiveMessage(evidence, to) {
  const { tone, persona } = to.voice;
  const noticed = addressed(salutation(tone, to.firstName), NOTICED[tone][evidence]);
  return `${noticed} ${OFFER[tone][persona]}`;
}
var NUDGE = {
  gentle: "It's been a little while, no pressure. A short walk or a quick check-in is a lovely way to ease back in.",
  direct: "It's been a week since you logged anything. A 10-minute walk today gets you going again.",
  cheerleader: "We miss you! A short walk or a quick check-in is all it takes to get rolling again!",
  brief: "Quick check-in today?"
};
function nudgeMessage(to) {
  return addressed(salutation(to.voice.tone, to.firstName), NUDGE[to.voice.tone]);
}

// src/jobs/userStatus.ts
var definition2 = getJob("user-status");
var userStatusJob = {
  definition: definition2,
  usesAi: false,
  period: (asOf) => windowBefore(asOf, definition2.windowDays),
  message: (tally, dryRun) => {
    const triggered = tally.figures["notifications"] ?? 0;
    const checked = tally.succeeded + Object.values(tally.skipped).reduce((sum, n2) => sum + n2, 0);
    return dryRun ? `Dry run: checked ${checked} users, would trigger ${triggered} notifications` : `Checked ${checked} users, triggered ${triggered} notifications`;
  },
  async run(ctx) {
    const args = {
      p_as_of: ctx.options.asOf.toISOString(),
      p_nudges: ctx.options.nudges ?? false,
      ...selection(ctx.options),
      // Only the users the decision concerns (a stressful day in the window, or lapsed with nudges
      // on): the others cannot get a notification, and "Checked N users" counts these.
      p_every_user: false,
      p_stress_days: STATUS_WINDOWS.stressDays,
      p_cooldown_days: STATUS_WINDOWS.checkinCooldownDays,
      p_active_days: STATUS_WINDOWS.activeDays,
      p_horizon_days: STATUS_WINDOWS.activeBeforeDays
    };
    if (args.p_nudges) await trackActivity(ctx);
    const counting = countForProgress(ctx, statusPendingCount, args);
    try {
      for await (const page of pages(ctx.db, statusCandidates, args, {
        key: "user_id",
        pageSize: ctx.options.pageSize,
        read: (call) => ctx.retry("read status candidates", call)
      })) {
        ctx.tally.considered += page.length;
        const skipped = await queue(ctx, page);
        ctx.tally.succeeded += page.length - skipped;
        ctx.tally.markDone(page.length);
        if (ctx.shouldStop()) {
          const after = await countRemaining(ctx, args, page[page.length - 1].user_id);
          ctx.tally.considered += after;
          ctx.tally.remaining = after;
          return;
        }
      }
    } finally {
      await counting;
    }
  }
};
async function trackActivity(ctx) {
  const state = await ctx.retry("turn on activity tracking", () => activityTracking(ctx.db, { p_on: true }));
  if (state.changed) {
    ctx.log.info("activity tracking turned on for inactivity nudges", { users_filled: state.users });
  }
}
async function queue(ctx, page) {
  let skipped = 0;
  for (const row of page) {
    if (row.stressful_days >= 2 && row.recently_notified && row.action === null) {
      ctx.tally.skip("cooldown");
      skipped += 1;
    }
  }
  const wanted = page.filter((row) => row.action !== null && row.priority !== null);
  if (wanted.length === 0) return skipped;
  const rowsByUser = new Map(page.map((row) => [row.user_id, row]));
  if (ctx.options.dryRun) {
    for (const row of wanted) note(ctx, row, row.action, row.priority);
    return skipped;
  }
  const notifications = wanted.map((row) => ({
    user_id: row.user_id,
    type: row.action,
    priority: row.priority,
    message: messageFor(row)
  }));
  const queued = await ctx.retry(
    "queue notifications",
    () => queueNotifications(ctx.db, {
      p_as_of: ctx.options.asOf.toISOString(),
      p_notifications: notifications,
      p_checkin_cooldown_days: STATUS_WINDOWS.checkinCooldownDays,
      p_nudge_cooldown_days: STATUS_WINDOWS.nudgeCooldownDays
    })
  );
  ctx.tally.skip("queued_by_another_run", wanted.length - queued.length);
  for (const q of queued) note(ctx, rowsByUser.get(q.user_id), q.type, q.priority);
  return skipped + wanted.length - queued.length;
}
function evidenceOf(row) {
  return stressEvidence({
    stressfulDays: row.stressful_days,
    messageDays: row.stress_message_days ?? null,
    moodDays: row.stress_mood_days ?? null
  });
}
function messageFor(row) {
  const to = {
    voice: voiceOf(row.coaching_tone, row.coaching_persona),
    firstName: firstNameOf(row.first_name)
  };
  return row.action === "nudge" ? nudgeMessage(to) : proactiveMessage(evidenceOf(row), to);
}
function note(ctx, row, type, priority) {
  ctx.tally.count("notifications");
  ctx.tally.count(`notifications.${type}.${priority}`);
  ctx.tally.result({
    userId: row.user_id,
    type,
    priority,
    stressfulDays: row.stressful_days,
    ...type === "ai_coach_proactive" ? { evidence: evidenceOf(row) } : {}
  });
}
async function countRemaining(ctx, args, after) {
  return ctx.retry("count remaining users", () => statusPendingCount(ctx.db, { ...args, p_after: after }));
}

// src/sql/digests.ts
function digestCandidates(db, args) {
  return rowsOf(db, "cron_digest_candidates", args);
}
function digestPendingCount(db, args) {
  return scalarOf(db, "cron_digest_pending_count", args);
}
function saveDigests(db, args) {
  return rowsOf(db, "cron_save_digests", args);
}

// src/jobs/weeklyDigest.ts
var definition3 = getJob("weekly-digest");
var NO_CONSENT_FIGURE2 = definition3.noConsentFigure;
var weeklyDigestJob = {
  definition: definition3,
  usesAi: true,
  period: (asOf) => periodEndingAtSlot(definition3.schedule, asOf, definition3.windowDays),
  message: (tally, dryRun) => (dryRun ? `Dry run: would generate ${tally.succeeded} weekly digests` : `Generated ${tally.succeeded} weekly digests`) + batchMessage(tally, dryRun),
  async run(ctx) {
    const period = ctx.period;
    const filter = selection(ctx.options);
    const args = {
      p_period_start: period.start.toISOString(),
      p_period_end: period.end.toISOString(),
      ...filter
    };
    if (ctx.batch) {
      await collectOpenBatches(
        ctx,
        ctx.batch,
        "weekly-digest",
        (b) => batchSpec2(
          ctx,
          { start: new Date(b.period_start), end: new Date(b.period_end) },
          {
            p_users: null,
            p_shard_index: b.shard_index,
            p_shard_count: b.shard_count
          }
        )
      );
      if (ctx.submitBatches) {
        await submitBatch(ctx, ctx.batch, batchSpec2(ctx, period, filter));
        return;
      }
    }
    await fanOut(ctx, {
      candidates: digestCandidates,
      pendingCount: digestPendingCount,
      args,
      noun: "digest",
      write: (row) => writeOne2(ctx, row, period),
      save: (notes) => save2(ctx, period, notes)
    });
  }
};
function batchSpec2(ctx, period, filter) {
  return {
    job: "weekly-digest",
    noun: "digest",
    candidates: digestCandidates,
    args: { p_period_start: period.start.toISOString(), p_period_end: period.end.toISOString(), ...filter },
    period: { start: period.start.toISOString(), end: period.end.toISOString() },
    request: (row) => digestRequest(toFacts(row, period)),
    outOf: (row, written) => noteOf(row, period, written),
    writeWith: (row, writer) => writer.writeDigest(toFacts(row, period)),
    writeDirect: (row) => writeOne2(ctx, row, period),
    save: (notes) => save2(ctx, period, notes)
  };
}
async function writeOne2(ctx, row, period) {
  const facts = toFacts(row, period);
  const writer = row.has_consent ? ctx.ai : ctx.template;
  if (ctx.options.dryRun) {
    const method = row.has_consent && ctx.ai.kind === "openai" ? "ai" : "template";
    ctx.tally.succeeded += 1;
    ctx.tally.count(`digests.${method}`);
    if (!row.has_consent) ctx.tally.count(NO_CONSENT_FIGURE2);
    ctx.tally.result({ userId: row.user_id, logCount: row.messages, method });
    return null;
  }
  try {
    const result = await writer.writeDigest(facts, { deadline: ctx.deadline ?? void 0 });
    ctx.tally.aiCall(result.attempts);
    return noteOf(row, period, result);
  } catch (error) {
    if (error instanceof QuotaExceededError) throw error;
    if (error instanceof DeadlineExceededError) return "refused";
    ctx.tally.aiCall(writer.kind === "openai" ? attemptsOf(error) ?? 1 : 0);
    ctx.tally.failed += 1;
    ctx.tally.error(describeError(error, "write digest"));
    ctx.log.warn("digest failed for a user", { user: ctx.userRef(row.user_id), error: describeError(error) });
    return null;
  }
}
function noteOf(row, period, result) {
  const facts = toFacts(row, period);
  const greeting = result.method === "ai" ? void 0 : digestGreeting(facts.voice, firstNameOf(row.first_name));
  return {
    user_id: row.user_id,
    note: digestText(result.value, greeting),
    generation_method: result.method,
    model: result.model,
    logCount: row.messages,
    noConsent: !row.has_consent,
    details: {
      sections: result.value,
      figures: { ...facts, coach: { messages: facts.coach.messages } },
      ...result.fallbackReason ? { fallback_reason: result.fallbackReason } : {},
      attempts: result.attempts
    }
  };
}
async function save2(ctx, period, notes) {
  if (ctx.options.dryRun || notes.length === 0) return;
  const payload = notes.map(({ logCount: _logCount, noConsent: _noConsent, ...note2 }) => note2);
  const saved = await ctx.retry(
    "save digests",
    () => saveDigests(ctx.db, {
      p_period_start: period.start.toISOString(),
      p_period_end: period.end.toISOString(),
      p_notes: payload
    })
  );
  const savedIds = new Set(saved.map((r) => r.user_id));
  ctx.tally.succeeded += savedIds.size;
  ctx.tally.skip("already_written", notes.length - savedIds.size);
  for (const note2 of notes) {
    if (!savedIds.has(note2.user_id)) continue;
    ctx.tally.count(`digests.${note2.generation_method}`);
    if (note2.noConsent) ctx.tally.count(NO_CONSENT_FIGURE2);
    ctx.tally.result({
      userId: note2.user_id,
      digest: note2.note,
      logCount: note2.logCount,
      method: note2.generation_method
    });
  }
}
function toFacts(row, period) {
  return {
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    workouts: { count: row.workouts, minutes: row.workout_minutes },
    meals: { count: row.meals, avgCalories: row.avg_calories },
    sleep: { nights: row.sleep_nights, avgHours: row.avg_sleep_hours },
    mood: { entries: row.mood_entries, avgMood: row.avg_mood, avgStress: row.avg_stress },
    coach: { messages: row.messages, excerpts: row.excerpts ?? [] },
    voice: voiceOf(row.coaching_tone, row.coaching_persona)
  };
}

// src/jobs/index.ts
var IMPLEMENTATIONS = {
  "weekly-digest": weeklyDigestJob,
  "user-status": userStatusJob,
  "plan-refresh": planRefreshJob
};
function jobFor(name) {
  return IMPLEMENTATIONS[getJob(name).name];
}

export {
  jobFor
};
