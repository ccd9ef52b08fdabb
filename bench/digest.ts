/**
 * `npm run bench -- digest`: the weekly digest for users who all consented to OpenAI, against
 * the fake OpenAI server with real latency and a requests-per-minute cap, run in this process
 * exactly as a run wires it (OpenAI writer wrapped in withFallback, real timers).
 *
 * Pass 1 (no faults): achieved requests/min ÷ cap ≥ 0.9, and peak RSS ≤ 300 MB.
 * Pass 2 (fresh database, a share of requests answered 429 or 500): 0 users without a digest.
 */
import { createOfflineWriter } from '../src/ai/offlineWriter.ts';
import { createOpenAiWriter } from '../src/ai/openaiWriter.ts';
import { withFallback } from '../src/ai/withFallback.ts';
import { openPostgresPool } from '../src/db/postgres.ts';
import { sqlDb } from '../src/db/sqlDb.ts';
import type { SqlClient } from '../src/db/types.ts';
import { periodEndingAtSlot, type Period } from '../src/domain/period.ts';
import { getJob } from '../src/jobs/registry.ts';
import { weeklyDigestJob } from '../src/jobs/weeklyDigest.ts';
import { runJob } from '../src/runs/runJob.ts';
import type { RunOptions, RunReport } from '../src/runs/types.ts';
import { analyze, createBenchDatabase } from './lib/database.ts';
import { forkFakeOpenAI, type FakeServerOptions, type FakeStats } from './lib/fakeOpenAIProcess.ts';
import { formatMb, formatMs, progress, sampleRss, timed } from './lib/measure.ts';
import { atLeast, atMost, type BenchResult, type Figure } from './lib/report.ts';

export interface DigestBenchOptions {
  serverUrl: string;
  /** Users, every one with an active openai_processing consent and activity in the period. @default 2000 */
  users: number;
  /** Latency of every fake OpenAI answer, in ms. @default 200 */
  latencyMs: number;
  /** The fake server's cap and the writer's requestsPerMinute. @default 3000 */
  rpm: number;
  /** The writer's (and the job's) requests in flight. @default 64 */
  concurrency: number;
  /** Share of requests answered 429 or 500 in the second pass. @default 0.05 */
  faultRate: number;
  keep: boolean;
}

/** A Sunday 30 minutes after the 20:00 UTC slot: the period is the 7 days before that slot. */
const AS_OF = new Date('2025-11-02T20:30:00Z');
const MAX_RSS_BYTES = 300 * 1024 * 1024;

interface Pass {
  report: RunReport;
  ms: number;
  peakRss: number;
  stats: FakeStats;
  withoutDigest: number;
}

export async function benchDigest(o: DigestBenchOptions): Promise<BenchResult> {
  const definition = getJob('weekly-digest');
  const period = periodEndingAtSlot(definition.schedule, AS_OF, definition.windowDays);
  const notes: string[] = [];
  const figures: Figure[] = [];

  const clean = await pass(o, period, 'digest', {});
  const minutes = clean.ms / 60_000;
  const achieved = clean.stats.accepted / minutes;
  const span =
    clean.stats.firstAt !== null && clean.stats.lastAt !== null
      ? clean.stats.lastAt - clean.stats.firstAt
      : 0;
  figures.push(
    { label: `pass 1: ${o.users} digests written`, value: formatMs(clean.ms) },
    { label: '  requests accepted by the fake server', value: String(clean.stats.accepted) },
    {
      label: '  achieved requests/min (accepted ÷ run minutes)',
      value: `${achieved.toFixed(0)}/min of ${o.rpm}`,
    },
    atLeast('achieved requests/min ÷ cap', achieved / o.rpm, 0.9),
    atMost('peak RSS during the run (sampled every 50 ms)', clean.peakRss / 1024 / 1024, 300, ' MB'),
    { label: '  max requests in any 60 s window', value: String(clean.stats.maxRequestsInAnyMinute) },
    {
      label: '  first to last request',
      value: `${formatMs(span)} (${span > 0 ? ((clean.stats.accepted - 1) / (span / 60_000)).toFixed(0) : 'n/a'}/min)`,
    },
  );
  notes.push(describePass('Pass 1', clean, o));
  if (clean.peakRss > MAX_RSS_BYTES) notes.push('Peak RSS above 300 MB: see the report for where it goes.');

  const faulty = await pass(o, period, 'digest_faults', {
    rate: o.faultRate,
    kinds: ['rate_limit', 'server_error'],
    retryAfterSeconds: 1,
    seed: 7,
  });
  const injected = (faulty.stats.outcomes.rate_limit ?? 0) + (faulty.stats.outcomes.server_error ?? 0);
  figures.push(
    {
      label: `pass 2: ${o.users} users, ${(o.faultRate * 100).toFixed(0)}% 429/500`,
      value: formatMs(faulty.ms),
    },
    {
      label: '  faults injected (429 / 500)',
      value: `${faulty.stats.outcomes.rate_limit ?? 0} / ${faulty.stats.outcomes.server_error ?? 0} of ${faulty.stats.total}`,
    },
    {
      label: 'users without a digest for the period',
      value: String(faulty.withoutDigest),
      target: '= 0',
      pass: faulty.withoutDigest === 0,
      margin: faulty.withoutDigest === 0 ? 'none missing' : `${faulty.withoutDigest} missing`,
    },
    {
      label: '  peak RSS during pass 2',
      value: formatMb(faulty.peakRss),
    },
  );
  notes.push(describePass('Pass 2', faulty, o));
  if (injected === 0) notes.push('Pass 2 injected no fault: raise --fault-rate or --users.');
  figures.push({
    label: 'max RSS of the whole benchmark process (resourceUsage)',
    value: formatMb(process.resourceUsage().maxRSS * 1024),
  });
  notes.push(
    "The fake OpenAI server runs in a child process, so RSS and event-loop time are the job's own. " +
      `The writer is createOpenAiWriter({ requestsPerMinute: ${o.rpm}, concurrency: ${o.concurrency} }) with real ` +
      'timers, wrapped in withFallback; the job runs with the same concurrency, as `--concurrency` sets both.',
  );
  return {
    name: 'digest',
    parameters: {
      users: o.users,
      latency: `${o.latencyMs}ms`,
      rpm: o.rpm,
      concurrency: o.concurrency,
      'fault-rate': o.faultRate,
      'as-of': AS_OF.toISOString(),
    },
    figures,
    notes,
  };
}

async function pass(
  o: DigestBenchOptions,
  period: Period,
  dbName: string,
  faults: NonNullable<FakeServerOptions['faults']>,
): Promise<Pass> {
  const db = await createBenchDatabase(o.serverUrl, dbName);
  const fake = await forkFakeOpenAI({ latencyMs: o.latencyMs, rpmCap: o.rpm, faults });
  try {
    progress(`${dbName}: inserting ${o.users} consenting, active users`);
    await seedDigestUsers(db.sql, o.users, period);
    await analyze(db.sql);
    progress(`${dbName}: running weekly-digest (fake OpenAI: ${o.latencyMs} ms, ${o.rpm}/min cap)`);
    const rss = sampleRss(50);
    const { value: report, ms } = await timed(() => runDigest(db.url, fake.url, o));
    const peakRss = rss.stop();
    const stats = await fake.stats();
    const withoutDigest = await usersWithoutDigest(db.sql, period);
    progress(
      `${dbName}: ${report.status} in ${formatMs(ms)}; ${stats.accepted} requests accepted, ` +
        `${withoutDigest} users without a digest, peak RSS ${formatMb(peakRss)}`,
    );
    return { report, ms, peakRss, stats, withoutDigest };
  } finally {
    await fake.close();
    await db.finish({ keep: o.keep });
  }
}

/** One run, wired as a production run is: OpenAI writer with limits, fallback, templates. */
async function runDigest(databaseUrl: string, openaiUrl: string, o: DigestBenchOptions): Promise<RunReport> {
  const openai = createOpenAiWriter({
    apiKey: 'sk-bench',
    baseURL: openaiUrl,
    model: 'gpt-4o-mini',
    concurrency: o.concurrency,
    requestsPerMinute: o.rpm,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  const db = sqlDb(openPostgresPool(databaseUrl, { max: 10 }), 'postgres');
  const options: RunOptions = {
    asOf: AS_OF,
    dryRun: false,
    users: null,
    shard: null,
    concurrency: o.concurrency,
    timeBudgetMs: null,
    trigger: 'cli',
    source: 'cli',
    runUrl: null,
  };
  try {
    return await runJob(weeklyDigestJob, options, {
      db,
      ai: withFallback(openai, createOfflineWriter('fallback')),
      template: createOfflineWriter('template'),
    });
  } finally {
    await db.close();
  }
}

/**
 * Users with a profile, an active openai_processing consent and a week of activity inside the
 * period: workouts, meals, sleep, mood and coach messages. Set-based, a few statements.
 */
async function seedDigestUsers(sql: SqlClient, users: number, period: Period): Promise<void> {
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

async function usersWithoutDigest(sql: SqlClient, period: Period): Promise<number> {
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
    `written (${methods || 'none'}), ${p.report.counts.failed} failed; ${p.report.ai.requests} requests sent by the ` +
    `writer, ${p.stats.total} received (${p.stats.rpmLimited} refused by the ${o.rpm}/min cap), most tries of one ` +
    `call ${p.report.attempts}.`
  );
}
