/**
 * `npm run bench -- digest`: the weekly digest for users who all consented to OpenAI, run as the
 * product runs it — the `strukt-cron run weekly-digest` process with its default settings — against
 * the fake OpenAI server in a child process, answering after 1–6 s (some slower) and refusing
 * beyond a requests-per-minute cap that it names in OpenAI's x-ratelimit-* headers.
 *
 * For each size in `--users` (fresh databases each time):
 * - pass 1, no faults: the rate while sending ÷ the cap ≥ 0.9, no 60 s window above the cap, and
 *   the job process's peak RSS ≤ 300 MB;
 * - pass 2, a share of requests answered 429 or 500: 0 users without a digest.
 * With several sizes, the peak RSS of the largest ÷ the smallest ≤ 1.25 (flat in users).
 */
import type { LatencyDistribution } from '../test/support/fakeOpenAI.ts';
import { periodEndingAtSlot, type Period } from '../src/domain/period.ts';
import type { SqlClient } from '../src/db/types.ts';
import { getJob } from '../src/domain/jobs.ts';
import type { RunReport } from '../src/runs/types.ts';
import { runCli } from './lib/cli.ts';
import { analyze, createBenchDatabase } from './lib/database.ts';
import { forkFakeOpenAI, type FakeServerOptions, type FakeStats } from './lib/fakeOpenAIProcess.ts';
import { formatMb, formatMs, formatRatio, formatSamples, median, progress, timed } from './lib/measure.ts';
import { atLeast, atMost, noneMissing, type BenchResult, type Figure } from './lib/report.ts';
import { timeDigestSelection, timePlanSelection, type SelectionTimes } from './lib/selection.ts';

export interface DigestBenchOptions {
  serverUrl: string;
  /** Sizes to run, each on its own databases: users with an openai_processing consent and activity. @default [20000] */
  users: number[];
  /** The fake OpenAI's answer latencies. @default 1–6 s, 2% 10–20 s */
  latency: LatencyDistribution;
  /** The fake server's cap per 60 s, which its x-ratelimit-limit-requests header names. The writer is not told. @default 10000 */
  rpm: number;
  /** `--concurrency` for the run; null runs with the product's default (auto). @default null */
  concurrency: number | null;
  /** Share of requests answered 429 or 500 in the second pass. @default 0.05 */
  faultRate: number;
  keep: boolean;
}

/** A Sunday 30 minutes after the 20:00 UTC slot: the period is the 7 days before that slot. */
const AS_OF = new Date('2025-11-02T20:30:00Z');
const MAX_RSS_MB = 300;
/** Peak RSS of the largest size ÷ the smallest: "flat in users". */
const MAX_RSS_GROWTH = 1.25;
/** Rounds of the selection timings (after one warm-up round), interleaved with the straightforward query. */
const SELECTION_ROUNDS = 5;
/** All pages of candidates ÷ the straightforward one-statement query. */
const MAX_SELECTION_RATIO = 1.5;
/** The pending count's budget per user: 1 s at 20,000 users. */
const MAX_COUNT_MS_PER_USER = 0.05;

interface Pass {
  report: RunReport;
  /** The job process, spawn to exit. */
  processMs: number;
  peakRss: number;
  /** CPU time (user + system) of the job process. */
  cpuMs: number;
  stats: FakeStats;
  withoutDigest: number;
  /** One read of the first page of cron_digest_candidates, timed before the run. */
  pageReadMs: number;
  /** The candidate selections timed before the run (pass 1 only). */
  selection: { digest: SelectionTimes; plans: SelectionTimes } | null;
}

export async function benchDigest(o: DigestBenchOptions): Promise<BenchResult> {
  const definition = getJob('weekly-digest');
  const period = periodEndingAtSlot(definition.schedule, AS_OF, definition.windowDays);
  const notes: string[] = [];
  const figures: Figure[] = [];
  const peaks: Array<{ users: number; rss: number }> = [];
  const mb = (bytes: number) => bytes / 1024 / 1024;

  for (const users of o.users) {
    const clean = await pass(o, users, period, 'digest', {}, true);
    const sendingPerMinute = perMinuteWhileSending(clean.stats);
    const runMinutes = clean.report.durationMs / 60_000;
    const wholeRun = clean.stats.accepted / runMinutes;
    const phases = phasesOf(clean);
    peaks.push({ users, rss: clean.peakRss });
    figures.push(
      { label: `${users} users, pass 1 (no faults): the run`, value: formatMs(clean.report.durationMs) },
      {
        label: '  before the first request / sending / after the last',
        value: `${formatMs(phases.before)} / ${formatMs(phases.sending)} / ${formatMs(phases.after)}`,
      },
      {
        label: '  requests accepted / refused by the cap',
        value: `${clean.stats.accepted} / ${clean.stats.rpmLimited}`,
      },
      {
        label: '  requests/min while sending (first to last request)',
        value: `${sendingPerMinute.toFixed(0)}/min of ${o.rpm}`,
      },
      atLeast(`${users} users: requests/min while sending ÷ cap`, sendingPerMinute / o.rpm, 0.9),
      {
        label: `  whole run: accepted ÷ run minutes ÷ cap`,
        value: `${(wholeRun / o.rpm).toFixed(2)}× (${wholeRun.toFixed(0)}/min)`,
      },
      {
        label: `${users} users: most requests in any 60 s`,
        value: String(clean.stats.maxRequestsInAnyMinute),
        target: `≤ ${o.rpm}`,
        pass: clean.stats.maxRequestsInAnyMinute <= o.rpm,
        margin:
          clean.stats.maxRequestsInAnyMinute <= o.rpm
            ? `${o.rpm - clean.stats.maxRequestsInAnyMinute} under`
            : `${clean.stats.maxRequestsInAnyMinute - o.rpm} over`,
      },
      { label: '  most requests in flight at the server', value: String(clean.stats.maxInFlight) },
      { label: '  longest pause between two requests', value: formatMs(clean.stats.maxGapMs) },
      {
        label: '  one page of cron_digest_candidates (1,000 users), before the run',
        value: formatMs(clean.pageReadMs),
      },
      ...selectionFigures(users, clean.selection!),
      { label: '  CPU time of the job process', value: formatMs(clean.cpuMs) },
      atMost(`${users} users: peak RSS of the job process`, mb(clean.peakRss), MAX_RSS_MB, ' MB'),
    );
    notes.push(describePass(`${users} users, pass 1`, clean, o));

    const faulty = await pass(o, users, period, 'digest_faults', {
      rate: o.faultRate,
      kinds: ['rate_limit', 'server_error'],
      retryAfterSeconds: 1,
      seed: 7,
    });
    const injected = (faulty.stats.outcomes.rate_limit ?? 0) + (faulty.stats.outcomes.server_error ?? 0);
    figures.push(
      {
        label: `${users} users, pass 2 (${(o.faultRate * 100).toFixed(0)}% 429/500): the run`,
        value: formatMs(faulty.report.durationMs),
      },
      {
        label: '  faults injected (429 / 500) of requests received',
        value: `${faulty.stats.outcomes.rate_limit ?? 0} / ${faulty.stats.outcomes.server_error ?? 0} of ${faulty.stats.total}`,
      },
      noneMissing(`${users} users: users without a digest, 5% faults`, faulty.withoutDigest),
      { label: '  peak RSS of the job process, pass 2', value: formatMb(faulty.peakRss) },
    );
    notes.push(describePass(`${users} users, pass 2`, faulty, o));
    if (injected === 0)
      notes.push(`${users} users, pass 2 injected no fault: raise --fault-rate or --users.`);
  }

  if (peaks.length > 1) {
    const smallest = peaks.reduce((a, b) => (b.users < a.users ? b : a));
    const largest = peaks.reduce((a, b) => (b.users > a.users ? b : a));
    figures.push(
      atMost(
        `peak RSS, ${largest.users} ÷ ${smallest.users} users (flat in users)`,
        largest.rss / smallest.rss,
        MAX_RSS_GROWTH,
      ),
    );
  }
  notes.push(
    'Each pass runs `node --import tsx src/main.ts run weekly-digest --json --quiet` (the current sources, ' +
      'one process) with DATABASE_URL, OPENAI_API_KEY and OPENAI_BASE_URL and nothing else: ' +
      (o.concurrency === null
        ? 'the default concurrency (auto) and no requests-per-minute setting, so the writer reads the cap from the ' +
          "fake's x-ratelimit-limit-requests header."
        : `--concurrency ${o.concurrency}, no requests-per-minute setting.`) +
      " Peak RSS is that process's VmHWM (sampled every 100 ms); it includes tsx compiling the sources, which the " +
      "bundled action does not. The fake server runs in another process; its times are the requests' arrivals.",
    'The target is the rate while sending, from the first request to the last, because the whole-run figure is ' +
      'bounded by what no writer controls: the run cannot end before the answer to its last request (up to the ' +
      'slowest latency) and its last save, nor start before the lease and the first page are read. ' +
      'Those phases are shown as before / sending / after. While sending, two things bound the rate from outside ' +
      'the writer: it starts at the default 500/min until the first answer names the cap (a second or two, which ' +
      'weighs on a short run), and the job reads users in pages of 1,000 ahead of the writer, so a page that takes ' +
      'longer to read than the writer takes to start 1,000 requests (6 s at 10,000/min) caps the rate at 1,000 per ' +
      'page read: see the page read timed before each run.',
  );
  return {
    name: 'digest',
    parameters: {
      users: o.users.join(','),
      latency: describeLatency(o.latency),
      rpm: `${o.rpm} (the server's cap, in its headers)`,
      concurrency: o.concurrency === null ? 'auto (default)' : o.concurrency,
      'fault-rate': o.faultRate,
      'as-of': AS_OF.toISOString(),
    },
    figures,
    notes,
  };
}

async function pass(
  o: DigestBenchOptions,
  users: number,
  period: Period,
  dbName: string,
  faults: NonNullable<FakeServerOptions['faults']>,
  measureSelection = false,
): Promise<Pass> {
  const db = await createBenchDatabase(o.serverUrl, dbName);
  const fake = await forkFakeOpenAI({
    latencyMs: o.latency,
    rpmCap: o.rpm,
    rateLimitHeaders: true,
    recordBodies: false,
    faults,
  });
  try {
    progress(`${dbName}: inserting ${users} consenting, active users`);
    await seedDigestUsers(db.sql, users, period);
    await analyze(db.sql);
    const { ms: pageReadMs } = await timed(() =>
      db.sql.query(`select count(*) from public.cron_digest_candidates($1, $2, p_limit => 1000)`, [
        period.start.toISOString(),
        period.end.toISOString(),
      ]),
    );
    let selection: Pass['selection'] = null;
    if (measureSelection) {
      progress(`${dbName}: timing the candidate selections (${SELECTION_ROUNDS} rounds after a warm-up)`);
      selection = {
        digest: await timeDigestSelection(db.sql, period, SELECTION_ROUNDS),
        plans: await timePlanSelection(db.sql, AS_OF, SELECTION_ROUNDS),
      };
    }
    progress(
      `${dbName}: running weekly-digest (fake OpenAI: ${describeLatency(o.latency)}, ${o.rpm}/min cap)`,
    );
    const args = ['run', 'weekly-digest', '--as-of', AS_OF.toISOString(), '--json', '--quiet'];
    if (o.concurrency !== null) args.push('--concurrency', String(o.concurrency));
    const { value: run, ms } = await timed(() =>
      runCli(args, db.url, 'source', {
        env: { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: fake.url },
        rssEveryMs: 100,
      }),
    );
    if (run.exitCode !== 0 || run.peakRss === null) {
      throw new Error(
        `The digest run exited with ${run.exitCode} (peak RSS ${run.peakRss ?? 'unknown'}): ${run.stderr.slice(-2000)}`,
      );
    }
    const report = JSON.parse(run.stdout) as RunReport;
    const stats = await fake.stats();
    const withoutDigest = await usersWithoutDigest(db.sql, period);
    progress(
      `${dbName}: ${report.status} in ${formatMs(report.durationMs)}; ${stats.accepted} requests accepted, ` +
        `${withoutDigest} users without a digest, peak RSS ${formatMb(run.peakRss)}`,
    );
    return {
      report,
      processMs: ms,
      peakRss: run.peakRss,
      cpuMs: run.cpuMs ?? 0,
      stats,
      withoutDigest,
      pageReadMs,
      selection,
    };
  } finally {
    await fake.close();
    await db.finish({ keep: o.keep });
  }
}

/**
 * The candidate selections before the run: all pages of the candidates function against the
 * straightforward one-statement query (same rows, checked), and the pending count.
 */
function selectionFigures(users: number, t: { digest: SelectionTimes; plans: SelectionTimes }): Figure[] {
  const figures: Figure[] = [];
  for (const [job, times, fn, count] of [
    ['digest', t.digest, 'cron_digest_candidates', 'cron_digest_pending_count'],
    ['plan', t.plans, 'cron_plan_candidates', 'cron_plan_pending_count'],
  ] as const) {
    const pages = Math.max(1, Math.ceil(times.candidates / 1000));
    figures.push(
      {
        label: `  ${job} selection: ${fn}, all ${pages} pages of 1,000 (median of ${times.pages.length})`,
        value: `${formatMs(median(times.pages))} (${formatSamples(times.pages)})`,
      },
      {
        label: `  ${job} selection: the straightforward query, one statement`,
        value: `${formatMs(median(times.straightforward))} (${formatSamples(times.straightforward)})`,
      },
      atMost(
        `${users} users: ${job} selection, all pages ÷ straightforward`,
        median(times.pages) / median(times.straightforward),
        MAX_SELECTION_RATIO,
      ),
      {
        label: `${users} users: ${job} selection returns the straightforward query's rows`,
        value: times.mismatch === null ? `yes (${times.candidates} candidates)` : `no: ${times.mismatch}`,
        target: '= yes',
        pass: times.mismatch === null,
      },
    );
    if (job === 'digest') {
      figures.push(
        atMost(
          `${users} users: ${count} (target ${formatMs(users * MAX_COUNT_MS_PER_USER)})`,
          median(times.count) / 1000,
          (users * MAX_COUNT_MS_PER_USER) / 1000,
          ' s',
        ),
        {
          label: '  the straightforward count, one statement',
          value: `${formatMs(median(times.straightforwardCount))} (count ÷ it: ${formatRatio(
            median(times.count) / median(times.straightforwardCount),
          )})`,
        },
      );
    } else {
      figures.push({ label: `  ${count}`, value: formatMs(median(times.count)) });
    }
  }
  return figures;
}

/** Requests accepted per minute, from the first request received to the last. */
function perMinuteWhileSending(stats: FakeStats): number {
  if (stats.firstAt === null || stats.lastAt === null || stats.lastAt <= stats.firstAt) return 0;
  return ((stats.accepted - 1) / (stats.lastAt - stats.firstAt)) * 60_000;
}

/** The run's time before its first request, while sending, and after its last request. */
function phasesOf(p: Pass): { before: number; sending: number; after: number } {
  const start = Date.parse(p.report.startedAt);
  const end = start + p.report.durationMs;
  const first = p.stats.firstAt ?? start;
  const last = p.stats.lastAt ?? first;
  return { before: Math.max(0, first - start), sending: last - first, after: Math.max(0, end - last) };
}

function describeLatency(l: LatencyDistribution): string {
  const range = (a: number, b: number) => `${a / 1000}–${b / 1000} s`;
  const slow =
    l.slowShare && l.slowShare > 0
      ? `, ${(l.slowShare * 100).toFixed(0)}% ${range(l.slowMinMs ?? l.maxMs, l.slowMaxMs ?? l.slowMinMs ?? l.maxMs)}`
      : '';
  return `${range(l.minMs, l.maxMs)}${slow}`;
}

/**
 * Users with a profile, an active openai_processing consent and a week of activity inside the
 * period: workouts, meals, sleep, mood and coach messages. Set-based, a few statements.
 */
export async function seedDigestUsers(sql: SqlClient, users: number, period: Period): Promise<void> {
  const start = period.start.toISOString();
  await sql.exec('begin');
  try {
    await sql.query(
      `insert into auth.users (id, email)
       select gen_random_uuid(), 'bench.' || g || '@example.test' from generate_series(1, $1::int) g`,
      [users],
    );
    await sql.query(
      `insert into public.user_profiles (user_id, full_name, email, timezone, primary_goal, experience_level,
         days_per_week, session_minutes, workout_location, coaching_tone, onboarding_completed, created_at)
       select id, 'Bench User', email, 'UTC', 'general_fitness', 'intermediate', 3, 45, 'gym', 'direct', true,
              $1::timestamptz - interval '200 days'
       from auth.users`,
      [start],
    );
    await sql.query(
      `insert into public.user_consents (user_id, consent_type, granted, granted_at)
       select id, 'openai_processing', true, $1::timestamptz - interval '100 days' from auth.users`,
      [start],
    );
    // Day d of the period at a fixed hour: always inside [start, start + 7 days). The users are
    // in UTC, so each row's local date is its UTC date.
    await sql.query(
      `insert into public.workouts (user_id, type, workout_type, duration_minutes, perceived_exertion,
         workout_date, date, created_at)
       select u.id, 'strength', 'strength', 30 + d * 5, 6, t, t::date, t
       from auth.users u cross join generate_series(0, 6, 2) d
         cross join lateral (select $1::timestamptz + make_interval(days => d, hours => 7) as t) m`,
      [start],
    );
    await sql.query(
      `insert into public.meals (user_id, meal_type, description, calories, macros, "timestamp", date, created_at)
       select u.id, 'lunch', 'Chicken salad wrap', 500 + d * 20,
              '{"protein_g": 35, "carbs_g": 55, "fat_g": 18}'::jsonb, t, t::date, t
       from auth.users u cross join generate_series(0, 6) d
         cross join lateral (select $1::timestamptz + make_interval(days => d, hours => 12) as t) m`,
      [start],
    );
    await sql.query(
      `insert into public.sleep_logs (user_id, duration_minutes, quality, bedtime, wake_time, created_at)
       select u.id, 450, 'ok', t - interval '450 minutes', t, t + interval '10 minutes'
       from auth.users u cross join generate_series(1, 6, 2) d
         cross join lateral (select $1::timestamptz + make_interval(days => d, hours => 7) as t) m`,
      [start],
    );
    await sql.query(
      `insert into public.mood_logs (user_id, date, mood_score, stress_level)
       select u.id, ($1::timestamptz + make_interval(days => d))::date, 7, 3
       from auth.users u cross join generate_series(1, 5, 2) d`,
      [start],
    );
    await sql.query(
      `insert into public.ai_coach_logs (user_id, session_id, user_message, ai_response, success, issues,
         "timestamp", created_at)
       select u.id, 'bench', 'Could you plan a quick upper body workout?', 'Here is a plan.', true, '{}', t, t
       from auth.users u cross join generate_series(0, 6, 3) d
         cross join lateral (select $1::timestamptz + make_interval(days => d, hours => 18) as t) m`,
      [start],
    );
    await sql.exec('commit');
  } catch (error) {
    await sql.exec('rollback').catch(() => {});
    throw new Error('Could not insert the digest benchmark users', { cause: error });
  }
}

export async function usersWithoutDigest(sql: SqlClient, period: Period): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `select count(*)::int as n from public.user_profiles p
     where not exists (select 1 from public.ai_coach_notes n
                       where n.user_id = p.user_id and n.type = 'weekly_summary' and n.period_start = $1)`,
    [period.start.toISOString()],
  );
  return row?.n ?? -1;
}

function describePass(name: string, p: Pass, o: DigestBenchOptions): string {
  const methods = Object.entries(p.report.figures)
    .filter(([k]) => k.startsWith('digests.'))
    .map(([k, v]) => `${v} ${k.slice('digests.'.length)}`)
    .join(', ');
  return (
    `${name}: status ${p.report.status}, ${p.report.counts.considered} considered, ${p.report.counts.succeeded} ` +
    `written (${methods || 'none'}), ${p.report.counts.failed} failed, ${p.report.counts.remaining} remaining; ` +
    `${p.report.ai.requests} requests sent by the writer, ${p.stats.total} received (${p.stats.rpmLimited} refused ` +
    `by the ${o.rpm}/min cap), ${p.report.ai.retriedCalls} calls retried; the process took ${formatMs(p.processMs)} ` +
    `spawn to exit.`
  );
}
