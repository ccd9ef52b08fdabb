import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  explainDbFailure
} from "./chunk-U7W3WYEW.js";
import {
  DeadlineExceededError,
  QuotaExceededError,
  RETRY_DELAYS_MS,
  addressed,
  attemptsOf,
  digestGreeting,
  digestText,
  firstNameOf,
  numberOrNull,
  planProfileOf,
  salutation,
  validatePlan,
  voiceOf,
  withRetry
} from "./chunk-Y7KLMTWY.js";
import {
  ConfigError,
  durationMs,
  getJob,
  lacksUnit,
  unitMissingMessage
} from "./chunk-66P266M7.js";
import {
  periodEndingAtSlot,
  windowBefore
} from "./chunk-26K63QEV.js";
import {
  describeError,
  passwordsOf,
  scrub
} from "./chunk-H7BZEFKJ.js";
import {
  DbError,
  assertFunctionName
} from "./chunk-AB5N4OH2.js";

// src/runs/options.ts
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var MAX_USERS = 1e4;
function parseAsOf(value, name = "--as-of", now = () => /* @__PURE__ */ new Date()) {
  if (value === void 0 || value === null || value.trim() === "") return now();
  const text = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const ms = Date.parse(text);
  if (!iso.test(text) || Number.isNaN(ms) || !isCalendarDate(text.slice(0, 10))) {
    throw new ConfigError(
      `Invalid ${name} '${clip(text)}'. Expected an ISO 8601 time like 2025-11-02T20:00:00Z.`
    );
  }
  return new Date(ms);
}
function parseUsers(value, name = "--users") {
  if (value === void 0 || value === null) return null;
  if (typeof value === "string" && value.trim() === "") return null;
  const items = (Array.isArray(value) ? value : value.split(",")).map((u) => typeof u === "string" ? u.trim() : u).filter((u) => u !== "");
  if (items.length === 0) {
    throw new ConfigError(
      `Invalid ${name} '${clip(String(value))}': no user ids. Expected user ids (UUIDs), comma-separated; leave it out to run for every user.`
    );
  }
  if (items.length > MAX_USERS) {
    throw new ConfigError(`Too many ${name}: ${items.length}. Expected at most ${MAX_USERS} user ids.`);
  }
  for (const item of items) {
    if (typeof item !== "string" || !UUID.test(item)) {
      throw new ConfigError(
        `Invalid ${name} entry '${clip(String(item))}'. Expected user ids (UUIDs), comma-separated.`
      );
    }
  }
  return [...new Set(items.map((u) => u.toLowerCase()))];
}
function parseShard(value, name = "--shard") {
  if (value === void 0 || value === null || value.trim() === "") return null;
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(value.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > 256 || index >= count) {
    throw new ConfigError(`Invalid ${name} '${clip(value)}'. Expected i/n with 0 ≤ i < n ≤ 256, like 0/4.`);
  }
  return count === 1 ? null : { index, count };
}
var DEFAULT_CONCURRENCY = 8;
function parseConcurrency(value, name = "--concurrency") {
  if (value === void 0 || value === null || value === "") return null;
  if (typeof value === "string" && value.trim().toLowerCase() === "auto") return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new ConfigError(
      `Invalid ${name} '${clip(String(value))}'. Expected a whole number from 1 to 64, or auto.`
    );
  }
  return n;
}
var MAX_DURATION_MS = 6 * 36e5;
function parseDuration(value, name = "--time-budget") {
  if (value === void 0 || value === null || value === "") return null;
  const text = String(value);
  if (lacksUnit(text)) throw new ConfigError(unitMissingMessage(name, clip(text)));
  const ms = durationMs(text);
  if (ms === null || ms < 1 || ms > MAX_DURATION_MS) {
    throw new ConfigError(
      `Invalid ${name} '${clip(text)}'. Expected a duration like 90s, 5m or 1h (at most 6h).`
    );
  }
  return Math.round(ms);
}
function parseAiMode(value, name = "--ai") {
  if (value === void 0 || value === null || value === "") return null;
  if (value === "openai" || value === "offline") return value;
  throw new ConfigError(`Invalid ${name} '${clip(value)}'. Expected openai or offline.`);
}
function parseRunOptions(raw, context, names = {}) {
  return {
    dryRun: raw.dryRun ?? false,
    asOf: parseAsOf(raw.asOf, names.asOf, context.now),
    users: parseUsers(raw.users, names.users),
    shard: parseShard(raw.shard, names.shard),
    concurrency: parseConcurrency(raw.concurrency, names.concurrency),
    timeBudgetMs: parseDuration(raw.timeBudget, names.timeBudget),
    trigger: context.trigger,
    source: context.source,
    runUrl: context.runUrl
  };
}
function isCalendarDate(ymd) {
  const [y, m, d] = ymd.split("-").map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
function clip(text) {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// src/db/pages.ts
var MAX_PAGE_SIZE = 1e3;
async function* pages(db, fn, args, options) {
  const pageSize = Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const read = options.read ?? ((call) => call());
  let after = null;
  for (; ; ) {
    const pageArgs = { ...args, p_after: after, p_limit: pageSize };
    const rows = await read(() => db.call(fn, pageArgs));
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1][options.key];
  }
}
async function scalar(db, fn, args = {}) {
  const rows = await db.call(fn, args);
  return rows[0]?.[fn];
}

// src/runs/pool.ts
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
      () => scalar(ctx.db, spec.pendingCount, { ...spec.args, p_after: outcome.last.user_id })
    );
    ctx.tally.considered += after;
    ctx.tally.remaining = outcome.notStarted + refused + after;
    if (ctx.tally.remaining > 0) {
      ctx.log.warn("time budget reached; the next run takes the rest", { remaining: ctx.tally.remaining });
    }
  }
}
async function countForProgress(ctx, countFunction, args) {
  if (!ctx.tally.watched) return;
  try {
    ctx.tally.setTotal(await scalar(ctx.db, countFunction, { ...args, p_after: null }));
  } catch (error) {
    ctx.log.warn("could not count the candidates for the progress display", { error: describeError(error) });
  }
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
  message: (tally, dryRun) => dryRun ? `Dry run: would generate ${tally.succeeded} plans` : `Generated ${tally.succeeded} plans`,
  async run(ctx) {
    const args = {
      p_as_of: ctx.options.asOf.toISOString(),
      p_stale_days: STALE_PLAN_DAYS,
      ...selection(ctx.options)
    };
    await fanOut(ctx, {
      candidates: "cron_plan_candidates",
      pendingCount: "cron_plan_pending_count",
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
async function save(ctx, plans) {
  if (ctx.options.dryRun || plans.length === 0) return;
  const saved = await ctx.retry(
    "save plans",
    () => ctx.db.call("cron_save_plans", { p_plans: plans })
  );
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
    const checked = tally.succeeded + Object.values(tally.skipped).reduce((sum, n) => sum + n, 0);
    return dryRun ? `Dry run: checked ${checked} users, would trigger ${triggered} notifications` : `Checked ${checked} users, triggered ${triggered} notifications`;
  },
  async run(ctx) {
    const args = {
      p_as_of: ctx.options.asOf.toISOString(),
      p_nudges: ctx.options.nudges ?? false,
      ...selection(ctx.options)
    };
    const counting = countForProgress(ctx, "cron_status_pending_count", countArgs(args));
    try {
      for await (const page of pages(ctx.db, "cron_status_candidates", args, {
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
    () => ctx.db.call("cron_queue_notifications", {
      p_as_of: ctx.options.asOf.toISOString(),
      p_notifications: notifications
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
  return ctx.retry(
    "count remaining users",
    () => scalar(ctx.db, "cron_status_pending_count", { ...countArgs(args), p_after: after })
  );
}
function countArgs(args) {
  const { p_as_of: _asOf, p_nudges: _nudges, ...filter } = args;
  return filter;
}

// src/jobs/weeklyDigest.ts
var definition3 = getJob("weekly-digest");
var NO_CONSENT_FIGURE2 = definition3.noConsentFigure;
var weeklyDigestJob = {
  definition: definition3,
  usesAi: true,
  period: (asOf) => periodEndingAtSlot(definition3.schedule, asOf, definition3.windowDays),
  message: (tally, dryRun) => dryRun ? `Dry run: would generate ${tally.succeeded} weekly digests` : `Generated ${tally.succeeded} weekly digests`,
  async run(ctx) {
    const period = ctx.period;
    const filter = selection(ctx.options);
    const args = {
      p_period_start: period.start.toISOString(),
      p_period_end: period.end.toISOString(),
      ...filter
    };
    await fanOut(ctx, {
      candidates: "cron_digest_candidates",
      pendingCount: "cron_digest_pending_count",
      args,
      noun: "digest",
      write: (row) => writeOne2(ctx, row, period),
      save: (notes) => save2(ctx, period, notes)
    });
  }
};
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
    const greeting = result.method === "ai" ? void 0 : digestGreeting(facts.voice, firstNameOf(row.first_name));
    const text = digestText(result.value, greeting);
    return {
      user_id: row.user_id,
      note: text,
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
async function save2(ctx, period, notes) {
  if (ctx.options.dryRun || notes.length === 0) return;
  const payload = notes.map(({ logCount: _logCount, noConsent: _noConsent, ...note2 }) => note2);
  const saved = await ctx.retry(
    "save digests",
    () => ctx.db.call("cron_save_digests", {
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

// src/runs/userRef.ts
import { createHmac, randomBytes } from "node:crypto";
var DERIVATION_LABEL = "strukt-cron/log-user-ref/v1";
function createUserRef(key) {
  return (userId) => "u_" + createHmac("sha256", key).update(userId).digest("hex").slice(0, 10);
}
function userRefKey(config) {
  if (config.logRefKey) return { key: Buffer.from(config.logRefKey, "utf8"), source: "STRUKT_LOG_REF_KEY" };
  const password = passwordsOf(config.databaseUrl).at(-1);
  const base = config.supabaseServiceRoleKey ? ["SUPABASE_SERVICE_ROLE_KEY", config.supabaseServiceRoleKey] : password ? ["DATABASE_URL", password] : null;
  if (base) return { key: createHmac("sha256", base[1]).update(DERIVATION_LABEL).digest(), source: base[0] };
  return { key: randomBytes(32), source: "random" };
}

// src/runs/runJob.ts
import { randomBytes as randomBytes2, randomUUID } from "node:crypto";

// src/runs/lease.ts
function leaseKey(job, shard) {
  return `${job}:${shard && shard.count > 1 ? `${shard.index}/${shard.count}` : "all"}`;
}
function acquireLease(db, key, holder, ttlMs) {
  return scalar(db, "cron_acquire_lease", {
    p_key: key,
    p_holder: holder,
    p_ttl_seconds: ttlSeconds(ttlMs)
  });
}
function renewLease(db, key, holder, ttlMs) {
  return scalar(db, "cron_renew_lease", {
    p_key: key,
    p_holder: holder,
    p_ttl_seconds: ttlSeconds(ttlMs)
  });
}
function releaseLease(db, key, holder) {
  return scalar(db, "cron_release_lease", { p_key: key, p_holder: holder });
}
function ttlSeconds(ms) {
  return Math.max(1, Math.ceil(ms / 1e3));
}

// src/runs/logger.ts
var LOG_FORMATS = ["json", "text"];
function createLogger(sink, options = {}) {
  const format = options.format === "text" ? formatTextLine : formatJsonLine;
  return scopedLogger(sink, format, options.now ?? (() => /* @__PURE__ */ new Date()), {});
}
function scopedLogger(sink, format, now, scope) {
  const write = (level, message, fields = {}) => sink(format({ time: now(), level, message, fields: { ...scope, ...fields } }));
  return {
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (more) => scopedLogger(sink, format, now, { ...scope, ...more })
  };
}
function formatJsonLine(entry) {
  return JSON.stringify({
    time: entry.time.toISOString(),
    level: entry.level,
    message: entry.message,
    ...entry.fields
  });
}
function formatTextLine(entry) {
  const pairs = [];
  flatten("", entry.fields, pairs);
  const message = entry.message.replace(/[\r\n]+/g, " ");
  return `${clock(entry.time)} ${entry.level.padEnd(5)} ${message}${pairs.length > 0 ? `  ${pairs.join(" ")}` : ""}`;
}
function flatten(prefix, fields, into) {
  for (const [key, value] of Object.entries(fields)) {
    if (value === void 0) continue;
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (isPlainObject(value)) flatten(name, value, into);
    else into.push(`${name}=${textValue(value)}`);
  }
}
function isPlainObject(value) {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
function textValue(value) {
  if (typeof value === "string") return /^[^\s"=\\]+$/.test(value) ? value : JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return JSON.stringify(value) ?? String(value);
}
function clock(time) {
  return [time.getHours(), time.getMinutes(), time.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}
var silentLogger = createLogger(() => {
});

// src/runs/record.ts
function recordRun(db, report, errorMessage) {
  return scalar(db, "cron_record_run", {
    p_run_id: report.runId,
    p_function_name: report.functionName,
    p_run_status: report.status,
    p_run_time: report.startedAt,
    p_duration_ms: report.durationMs,
    p_attempts: report.attempts,
    p_details: runDetails(report),
    p_error_message: errorMessage === null ? null : scrub(errorMessage)
  });
}
function runDetails(report) {
  return {
    job: report.job,
    message: scrub(report.message),
    period: report.period,
    as_of: report.asOf,
    counts: report.counts,
    figures: report.figures,
    shard: report.shard ? `${report.shard.index}/${report.shard.count}` : null,
    // A run limited to a few users never finishes a period for everyone (continuation reads it).
    users_filter: report.usersFiltered,
    trigger: report.trigger,
    source: report.source,
    run_url: report.runUrl ?? null,
    model: report.ai.model,
    usage: {
      requests: report.ai.requests,
      prompt_tokens: report.ai.promptTokens,
      completion_tokens: report.ai.completionTokens,
      estimated_cost_usd: report.ai.estimatedCostUsd
    },
    // Read by cron_call_retry_rates and cron_runs_since: the call retry rate is retried_calls ÷ calls.
    ai: { calls: report.ai.calls, retried_calls: report.ai.retriedCalls },
    errors: report.errors.slice(0, 20).map(scrub)
  };
}

// src/runs/status.ts
function classifyStatus(outcome) {
  if (outcome.fatal) return "error";
  if (outcome.failed > 0 && outcome.succeeded === 0) return "error";
  if (outcome.failed > 0 || outcome.remaining > 0) return "partial_success";
  return "success";
}

// src/runs/tally.ts
var MAX_RESULTS = 200;
var MAX_ERRORS = 50;
var RunTally = class {
  /** @param onProgress told as users finish and once they are counted; none: no progress is kept */
  constructor(onProgress = null) {
    this.onProgress = onProgress;
  }
  onProgress;
  considered = 0;
  succeeded = 0;
  failed = 0;
  remaining = 0;
  skipped = {};
  figures = {};
  results = [];
  errors = [];
  maxWorkTries = 0;
  calls = 0;
  retriedCalls = 0;
  progress = { done: 0, total: null };
  /** Whether someone watches the run's progress: only then is counting the candidates worth a query. */
  get watched() {
    return this.onProgress !== null;
  }
  /** `n` more candidates finished. Progress only: the counts above are what the run reports. */
  markDone(n = 1) {
    if (this.onProgress === null || n <= 0) return;
    this.progress = { ...this.progress, done: this.progress.done + n };
    this.onProgress(this.progress);
  }
  /** The run's candidates, counted beside the run for the progress display. */
  setTotal(total) {
    if (this.onProgress === null) return;
    this.progress = { ...this.progress, total };
    this.onProgress(this.progress);
  }
  skip(reason, n = 1) {
    if (n > 0) this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }
  /** Adds to a job-specific figure, e.g. `notifications.ai_coach_proactive.high`. */
  count(figure, n = 1) {
    if (n > 0) this.figures[figure] = (this.figures[figure] ?? 0) + n;
  }
  /**
   * Records how many tries one database call of the run's own work took (its reads, writes, lease
   * and record). The run's `attempts` is the most any of them needed.
   */
  workTries(tries) {
    if (tries > this.maxWorkTries) this.maxWorkTries = tries;
  }
  /**
   * Records one OpenAI call by the tries it used; 0 tries (a template, a call that never started)
   * is no call. Kept apart from `attempts`: one retried call must not mark a whole run as retried.
   */
  aiCall(tries) {
    if (!(tries > 0)) return;
    this.calls += 1;
    if (tries > 1) this.retriedCalls += 1;
  }
  result(row) {
    if (this.results.length < MAX_RESULTS) this.results.push(row);
  }
  /** `line` must already be free of user data (say which call failed and its class or code). */
  error(line) {
    if (this.errors.length < MAX_ERRORS && !this.errors.includes(line)) this.errors.push(line);
  }
  /** At least 1: the run itself is one try of the job; more when its own database work was retried. */
  get attempts() {
    return Math.max(1, this.maxWorkTries);
  }
  /** OpenAI calls made and how many of them needed more than one try. */
  get aiCalls() {
    return { calls: this.calls, retriedCalls: this.retriedCalls };
  }
  /** Everything started but not accounted for, e.g. users in flight when a fatal error stopped the run. */
  get unaccounted() {
    const skipped = Object.values(this.skipped).reduce((sum, n) => sum + n, 0);
    return this.considered - (this.succeeded + this.failed + skipped + this.remaining);
  }
  counts() {
    return {
      considered: this.considered,
      succeeded: this.succeeded,
      failed: this.failed,
      skipped: { ...this.skipped },
      remaining: this.remaining
    };
  }
};

// src/runs/transient.ts
var TRANSIENT_CODES = /* @__PURE__ */ new Set([
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  // connection exceptions
  "57P01",
  "57P02",
  "57P03",
  // admin shutdown, crash shutdown, cannot connect now
  "40001",
  "40P01",
  // serialization failure, deadlock detected
  "53300",
  // too many connections
  "PGRST000",
  "PGRST001",
  "PGRST002",
  "PGRST003"
  // PostgREST could not reach or wait for the database
]);
var TRANSIENT_NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|fetch failed|Connection terminated|terminating connection|server closed the connection/i;
function isTransientDbError(error) {
  if (error instanceof DbError && error.code && TRANSIENT_CODES.has(error.code)) return true;
  if (error instanceof DbError && error.code && /^5\d\d$/.test(error.code)) return true;
  const message = error instanceof Error ? `${error.message} ${String(error.cause?.message ?? "")}` : String(error);
  return TRANSIENT_NETWORK.test(message);
}

// src/runs/runJob.ts
var LEASE_TTL_MS = 12e4;
async function runJob(job, options, deps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const runId = (deps.newRunId ?? randomUUID)();
  const startedMs = now();
  const shard = options.shard;
  const log = (deps.log ?? silentLogger).child({
    job: job.definition.name,
    run: runId.slice(0, 8),
    ...shard ? { shard: `${shard.index}/${shard.count}` } : {}
  });
  const tally = new RunTally(deps.onProgress ?? null);
  const period = job.period(options.asOf);
  const deadline = options.timeBudgetMs === null ? null : startedMs + options.timeBudgetMs;
  const key = leaseKey(job.definition.name, shard);
  let leaseLost = false;
  const retry = async (label, call) => {
    try {
      const { value, attempts } = await withRetry(() => call(), {
        delaysMs: RETRY_DELAYS_MS,
        sleep,
        isRetryable: isTransientDbError,
        now
      });
      tally.workTries(attempts);
      return value;
    } catch (error) {
      const attempts = error.attempts;
      if (typeof attempts === "number") tally.workTries(attempts);
      throw new Error(`${label} failed: ${describeError(error)}`, { cause: error });
    }
  };
  const report = (status2, message2) => ({
    runId,
    job: job.definition.name,
    functionName: job.definition.functionName,
    status: status2,
    message: message2,
    dryRun: options.dryRun,
    period: period ? { start: period.start.toISOString(), end: period.end.toISOString() } : null,
    asOf: options.asOf.toISOString(),
    startedAt: new Date(startedMs).toISOString(),
    durationMs: Math.max(0, Math.round(now() - startedMs)),
    attempts: tally.attempts,
    counts: tally.counts(),
    figures: { ...tally.figures },
    results: tally.results,
    errors: [...tally.errors],
    shard,
    usersFiltered: options.users ? options.users.length : null,
    trigger: options.trigger,
    source: options.source,
    runUrl: options.runUrl,
    ai: { ...summariseUsage(deps.ai), ...tally.aiCalls },
    recorded: false
  });
  let renewTimer;
  if (!options.dryRun) {
    let acquired;
    try {
      acquired = await retry("acquire lease", () => acquireLease(deps.db, key, runId, LEASE_TTL_MS));
    } catch (error) {
      const explained = explainDbFailure(error);
      tally.error(explained === null ? describeError(error, "start") : `start: ${explained}`);
      log.error("could not start", { error: explained ?? describeError(error) });
      const why = explained === null ? "the database is unavailable." : lowerFirst(explained);
      return report("error", `Could not start ${job.definition.functionName}: ${why}`);
    }
    if (!acquired) {
      log.warn("another run of this job and shard is live; skipped", { lease: key });
      return report("skipped", `Skipped: another ${job.definition.functionName} run holds the lease ${key}.`);
    }
    renewTimer = setInterval(() => {
      renewLease(deps.db, key, runId, LEASE_TTL_MS).then((held) => {
        if (!held) {
          leaseLost = true;
          log.warn("lease lost; starting no new users", { lease: key });
        }
      }).catch((error) => log.warn("lease renewal failed", { error: describeError(error) }));
    }, LEASE_TTL_MS / 3);
    renewTimer.unref?.();
  }
  let fatal = null;
  log.info("run started", { as_of: options.asOf.toISOString(), dry_run: options.dryRun });
  try {
    await job.run({
      db: deps.db,
      ai: deps.ai,
      template: deps.template,
      options,
      period,
      tally,
      log,
      userRef: deps.userRef ?? createUserRef(randomBytes2(32)),
      now,
      deadline,
      shouldStop: () => leaseLost || deadline !== null && now() >= deadline,
      retry
    });
  } catch (error) {
    fatal = error;
    const explained = explainDbFailure(error);
    tally.error(explained === null ? describeError(error, "run") : `run: ${explained}`);
    log.error("run failed", { error: describeError(error) });
  } finally {
    if (renewTimer) clearInterval(renewTimer);
  }
  if (fatal !== null && tally.unaccounted > 0) tally.remaining += tally.unaccounted;
  const status = classifyStatus({
    succeeded: tally.succeeded,
    failed: tally.failed,
    remaining: tally.remaining,
    fatal: fatal !== null
  });
  const message = fatal ? `${job.definition.functionName} failed: ${explainedOr(fatal)}` : job.message(tally, options.dryRun);
  const final = report(status, message);
  if (!options.dryRun) {
    const errorMessage = status === "success" ? null : final.errors[0] ?? (final.counts.remaining > 0 ? "time budget reached" : null);
    try {
      await retry("record run", () => recordRun(deps.db, final, errorMessage));
      final.recorded = true;
    } catch (error) {
      final.errors.push(describeError(error, "record run in system_cron_logs"));
      log.error("could not record the run in system_cron_logs", { error: describeError(error) });
    }
    await releaseLease(deps.db, key, runId).catch(
      (error) => log.warn("could not release the lease; it expires by itself", { error: describeError(error) })
    );
  }
  log.info("run finished", {
    status,
    duration_ms: final.durationMs,
    counts: final.counts,
    attempts: final.attempts
  });
  return final;
}
function summariseUsage(ai) {
  const usage = ai.usage();
  return {
    model: ai.model,
    requests: usage.requests,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    estimatedCostUsd: usage.estimatedCostUsd
  };
}
function lowerFirst(text) {
  return text[0].toLowerCase() + text.slice(1);
}
function explainedOr(error) {
  const explained = explainDbFailure(error);
  return explained === null ? describeError(error) : lowerFirst(explained);
}

// src/db/sqlDb.ts
function sqlDb(sql, transport, close = () => sql.close()) {
  return {
    transport,
    async call(fn, args = {}) {
      assertFunctionName(fn);
      const names = Object.keys(args).filter((name) => args[name] !== void 0);
      for (const name of names) assertFunctionName(name);
      const named = names.map((name, i) => `${name} => $${i + 1}`).join(", ");
      const params = names.map((name) => toParam(args[name]));
      const rows = await sql.query(
        `select coalesce(json_agg(r), '[]'::json) as rows from (select * from public.${fn}(${named})) r`,
        params
      );
      return rows[0]?.rows ?? [];
    },
    close
  };
}
function toParam(value) {
  if (value === null || value === void 0) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== "object")) return value;
  if (typeof value === "object") return JSON.stringify(value);
  return value;
}

// src/db/open.ts
function chooseTransport(config) {
  if (config.supabaseUrl && config.supabaseServiceRoleKey) return "supabase";
  if (config.databaseUrl) return "postgres";
  return "embedded";
}
async function openDb(config, options = {}) {
  switch (chooseTransport(config)) {
    case "supabase": {
      const { createSupabaseDb } = await import("./chunk-OJCZ72SX.js");
      return createSupabaseDb({ url: config.supabaseUrl, serviceRoleKey: config.supabaseServiceRoleKey });
    }
    case "postgres": {
      const { openPostgresPool } = await import("./chunk-TO733Y4Q.js");
      return sqlDb(
        openPostgresPool(config.databaseUrl, {
          max: options.poolSize ?? 5,
          allowInsecure: config.allowInsecureDatabase
        }),
        "postgres"
      );
    }
    case "embedded":
      assertKeyNamesNoDatabase(config);
      return sqlDb(await openEmbeddedLazily(config.dataDir), "embedded");
  }
}
async function openSql(config) {
  if (config.databaseUrl) {
    const { openPostgresSession } = await import("./chunk-TO733Y4Q.js");
    return {
      sql: await openPostgresSession(config.databaseUrl, { allowInsecure: config.allowInsecureDatabase }),
      transport: "postgres"
    };
  }
  if (config.supabaseUrl) {
    throw new ConfigError(
      "This command needs a direct database connection. Set DATABASE_URL to the project's connection string (Supabase dashboard → Project Settings → Database)."
    );
  }
  assertKeyNamesNoDatabase(config);
  return { sql: await openEmbeddedLazily(config.dataDir), transport: "embedded" };
}
function assertKeyNamesNoDatabase(config) {
  if (config.supabaseServiceRoleKey && !config.supabaseUrl) {
    throw new ConfigError(
      "SUPABASE_URL is not set. SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY go together (the supabase transport needs both); set DATABASE_URL for a direct connection, or unset the key for the embedded database."
    );
  }
}
async function openEmbeddedLazily(dataDir) {
  const { openEmbedded } = await import("./chunk-2CXW5PSC.js");
  return openEmbedded(dataDir);
}

export {
  sqlDb,
  MAX_PAGE_SIZE,
  scalar,
  parseAsOf,
  parseUsers,
  parseDuration,
  parseAiMode,
  parseRunOptions,
  isCalendarDate,
  jobFor,
  LOG_FORMATS,
  createLogger,
  silentLogger,
  createUserRef,
  userRefKey,
  runJob,
  chooseTransport,
  openDb,
  openSql
};
