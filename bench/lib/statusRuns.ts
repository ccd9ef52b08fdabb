/**
 * The variants the status benchmark times (bench/status.ts): the job as a process and in this
 * process, the job's own SQL functions paged bare through the driver, the straightforward SQL of
 * the same decision (the query a reviewer writes first), and what the activity triggers cost
 * the app's inserts. The job's decision is read from the product's own functions only: nothing
 * here copies their SQL.
 */
import pg from 'pg';
import { createOfflineWriter } from '../../src/ai/offlineWriter.ts';
import { openPostgresPool } from '../../src/db/postgres.ts';
import { sqlDb } from '../../src/db/sqlDb.ts';
import { STATUS_WINDOWS } from '../../src/domain/jobs.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { runJob } from '../../src/runs/runJob.ts';
import { activityTracking } from '../../src/sql/status.ts';
import type { RunReport } from '../../src/runs/types.ts';
import type { RunOptions } from '../../src/domain/runRequest.ts';
import { runCli } from './cli.ts';
import type { BenchDatabase } from './database.ts';
import { median } from './measure.ts';

/** Users per page: the job's page size (PostgREST's cap). */
export const PAGE = 1000;
const DAY_MS = 86_400_000;

/**
 * One `strukt-cron run user-status --dry-run --json --ai offline --as-of …` process, from the
 * current sources (`node --import tsx src/main.ts`): the compiled bin is rebuilt only at release,
 * and a benchmark of a change must run the change.
 */
export async function jobProcess(
  url: string,
  asOf: Date,
  nudges = false,
): Promise<{ ms: number; report: RunReport }> {
  const run = await runCli(
    [
      'run',
      'user-status',
      '--dry-run',
      '--json',
      '--ai',
      'offline',
      '--as-of',
      asOf.toISOString(),
      '--nudges',
      nudges ? 'on' : 'off',
    ],
    url,
    'source',
  );
  if (run.exitCode !== 0) {
    throw new Error(`strukt-cron run user-status exited ${run.exitCode}: ${run.stderr.slice(-2000)}`);
  }
  const report = JSON.parse(run.stdout) as RunReport;
  if (report.status !== 'success') {
    throw new Error(`Expected a successful dry run, got ${report.status}: ${report.message}`);
  }
  return { ms: run.ms, report };
}

/** The same job in this process: what the process costs without Node and tsx starting up. */
export async function jobInProcess(url: string, asOf: Date): Promise<RunReport> {
  const db = sqlDb(openPostgresPool(url, { max: 10 }), 'postgres');
  const writer = createOfflineWriter('template');
  const options: RunOptions = {
    asOf,
    dryRun: true,
    users: null,
    shard: null,
    concurrency: 8,
    timeBudgetMs: null,
    trigger: 'cli',
    source: 'cli',
    runUrl: null,
  };
  try {
    return await runJob(userStatusJob, options, { db, ai: writer, template: writer });
  } finally {
    await db.close();
  }
}

/** A user's decision: who, and what would be queued (null: nothing). */
export interface Decision {
  user_id: string;
  action: string | null;
  priority: string | null;
}

/**
 * The job's calls, bare: keyset pages of cron_status_candidates with the job's arguments (only
 * the users the decision concerns, the windows of STATUS_WINDOWS) through the driver, one
 * connection. Returns every row: the users considered and their decisions.
 */
export async function barePagedSql(url: string, asOf: Date, nudges: boolean): Promise<Decision[]> {
  const client = new pg.Client({ connectionString: url, options: '-c timezone=UTC' });
  await client.connect();
  try {
    let after: string | null = null;
    const rows: Decision[] = [];
    for (;;) {
      const page: pg.QueryResult<Decision> = await client.query<Decision>(
        `select user_id, action, priority
         from public.cron_status_candidates(p_as_of => $1, p_after => $2, p_limit => $3, p_nudges => $4,
           p_every_user => false, p_stress_days => $5, p_cooldown_days => $6, p_active_days => $7,
           p_horizon_days => $8)`,
        [
          asOf.toISOString(),
          after,
          PAGE,
          nudges,
          STATUS_WINDOWS.stressDays,
          STATUS_WINDOWS.checkinCooldownDays,
          STATUS_WINDOWS.activeDays,
          STATUS_WINDOWS.activeBeforeDays,
        ],
      );
      rows.push(...page.rows);
      if (page.rows.length < PAGE) return rows;
      after = page.rows[page.rows.length - 1]!.user_id;
    }
  } finally {
    await client.end();
  }
}

/**
 * The same decision as the query a reviewer writes first, one statement over every profile: the
 * matcher's regexes (strukt.has_stress_keyword) over the window's messages at read time, the
 * window's stressful mood logs, each on the user's local day; the cooldown by `not exists` on the
 * notifications the jobs queued (strukt.notification_ledger: what a user cannot edit); with nudges,
 * activity by `exists` in each window (strukt.has_activity, the product's definition of activity)
 * and no nudge since the user's last activity. Returns the users the decision concerns (a
 * stressful day, or lapsed with nudges on) with what they would get, in user order: the job's
 * output, so the two can be compared row for row.
 */
export async function straightforwardSql(url: string, asOf: Date, nudges: boolean): Promise<Decision[]> {
  const client = new pg.Client({ connectionString: url, options: '-c timezone=UTC' });
  await client.connect();
  try {
    const result = await client.query<Decision>(
      `with profile as (
         select p.user_id, coalesce(z.name, 'UTC') as tz
         from public.user_profiles p
         left join pg_catalog.pg_timezone_names z on z.name = p.timezone
       ),
       stressful as (
         select d.user_id, count(distinct d.day)::int as days
         from (
           select l.user_id, (l."timestamp" at time zone pr.tz)::date as day
           from public.ai_coach_logs l
           join profile pr on pr.user_id = l.user_id
           where l."timestamp" >= $1::timestamptz - make_interval(days => $3) and l."timestamp" < $1::timestamptz
             and strukt.has_stress_keyword(l.user_message)
           union all
           select m.user_id, m.date
           from public.mood_logs m
           join profile pr on pr.user_id = m.user_id
           where (m.stress_level >= 7 or m.mood_score <= 3)
             and m.date between (($1::timestamptz - make_interval(days => $3)) at time zone pr.tz)::date
                            and (($1::timestamptz - interval '1 microsecond') at time zone pr.tz)::date
         ) d
         group by d.user_id
       ),
       figures as (
         select pr.user_id, pr.tz, coalesce(s.days, 0) as days,
                not exists (select 1 from strukt.notification_ledger n
                            where n.user_id = pr.user_id and n.type = 'ai_coach_proactive'
                              and n.created_at > $1::timestamptz - make_interval(days => $4)) as no_cooldown,
                $2 and not strukt.has_activity(pr.user_id, pr.tz, $1::timestamptz - make_interval(days => $5), $1::timestamptz)
                   and strukt.has_activity(pr.user_id, pr.tz, $1::timestamptz - make_interval(days => $6),
                                           $1::timestamptz - make_interval(days => $5)) as lapsed
         from profile pr
         left join stressful s on s.user_id = pr.user_id
       ),
       decided as (
         select f.user_id, f.days, f.no_cooldown, f.lapsed,
                f.lapsed and not exists (
                  select 1 from strukt.notification_ledger n
                  where n.user_id = f.user_id and n.type = 'nudge'
                    and n.created_at > $1::timestamptz - make_interval(days => $6) and n.created_at <= $1::timestamptz
                    and not strukt.has_activity(f.user_id, f.tz, n.created_at, $1::timestamptz)) as nudge_due
         from figures f
         where f.days >= 1 or f.lapsed
       )
       select user_id,
              case when days >= 2 and no_cooldown then 'ai_coach_proactive'
                   when nudge_due then 'nudge' end as action,
              case when days >= 3 and no_cooldown then 'high'
                   when days >= 2 and no_cooldown then 'normal'
                   when nudge_due then 'low' end as priority
       from decided
       order by user_id`,
      [
        asOf.toISOString(),
        nudges,
        STATUS_WINDOWS.stressDays,
        STATUS_WINDOWS.checkinCooldownDays,
        STATUS_WINDOWS.activeDays,
        STATUS_WINDOWS.activeBeforeDays,
      ],
    );
    return result.rows;
  } finally {
    await client.end();
  }
}

/** Rows of `a` and `b` that differ (by user, in order), at most `limit` of them, for the report. */
export function decisionDiff(a: Decision[], b: Decision[], limit = 5): string[] {
  const key = (d: Decision) => `${d.action ?? '-'}/${d.priority ?? '-'}`;
  const bByUser = new Map(b.map((d) => [d.user_id, d]));
  const aUsers = new Set(a.map((d) => d.user_id));
  const out: string[] = [];
  for (const d of a) {
    const other = bByUser.get(d.user_id);
    if (!other) out.push(`${d.user_id.slice(0, 8)}… only in the first (${key(d)})`);
    else if (key(other) !== key(d)) out.push(`${d.user_id.slice(0, 8)}… ${key(d)} vs ${key(other)}`);
  }
  for (const d of b)
    if (!aUsers.has(d.user_id)) out.push(`${d.user_id.slice(0, 8)}… only in the second (${key(d)})`);
  return out.slice(0, limit);
}

/** Counts of a decision by action and priority, e.g. `ai_coach_proactive.high`. */
export function actionCounts(rows: Decision[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) {
    if (r.action === null) continue;
    const k = `${r.action}.${r.priority}`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** Turns activity tracking on as a status run with nudges does; returns the users filled in. */
export async function turnOnTracking(db: BenchDatabase): Promise<number> {
  const handle = sqlDb(db.sql, 'postgres', async () => {});
  return (await activityTracking(handle, { p_on: true })).users;
}

/** The tables strukt.last_activity's triggers watch when tracking is on. */
const ACTIVITY_TABLES = ['ai_coach_logs', 'workouts', 'meals', 'sleep_logs', 'mood_logs'] as const;

/**
 * The states of a table the insert bench compares:
 * - `app`: the app's table alone (ai_coach_logs without strukt-cron's stress-evidence trigger of
 *   20261130000600; the other tables as `before`);
 * - `before`: what strukt-cron had installed before issue 17 (the stress-evidence trigger);
 * - `installed`: what a database has after migrating now (adds the partial index of stressful
 *   mood logs to mood_logs; activity tracking off);
 * - `tracking`: with activity tracking on (what a database has after a status run with nudges).
 */
export const INSERT_STATES = ['app', 'before', 'installed', 'tracking'] as const;
export type InsertState = (typeof INSERT_STATES)[number];

/** The inserts timed: one per table, and stressful mood logs (the only rows the partial index takes). */
const INSERTS = [...ACTIVITY_TABLES, 'mood_logs, all stressful'] as const;
/** The mood_logs batch: stressful for the sample's share of users (by a hash, the same users each time). */
const MIXED_MOODS = `case when (hashtext(user_id::text) & 1023) < SHARE * 1024 then 3 else 6 end,
                      case when (hashtext(user_id::text) & 1023) < SHARE * 1024 then 8 else 4 end`;
export type InsertKind = (typeof INSERTS)[number];

/** Per insert and state, the median times of the three kinds of insert. */
export interface InsertTimes {
  byInsert: Record<
    InsertKind,
    Record<InsertState, { batch: number; older: number; rows: number }> & {
      /** The median over rounds of installed ÷ before for the batch dated now, each round's pair timed side by side. */
      pairedBatchRatio: number;
    }
  >;
  /** The share of stressful logs in the sample's mood_logs, which the mood_logs batch copies. */
  stressfulMoodShare: number;
}

/**
 * What strukt-cron costs the app's writes: a 1,000-row insert into a table (one statement, as a
 * batch import or a sync writes), dated now (each row raises its user's latest activity: the
 * tracking triggers' worst case) and a year back (nothing to raise), and 200 single-row inserts
 * (as the app writes one log), in each of INSERT_STATES: the states without tracking alternate
 * insert by insert, tracking on is timed in a phase of its own each round; each insert is rolled
 * back so every sample starts from the same table. Medians of `samples` each.
 * Activity tracking is switched with the product's own cron_activity_tracking (which fills
 * strukt.last_activity when turned on); the database is left with it on, as a nudges run leaves it.
 */
export async function insertOverhead(db: BenchDatabase, samples: number): Promise<InsertTimes> {
  const client = new pg.Client({ connectionString: db.url, options: '-c timezone=UTC' });
  await client.connect();
  const [{ share }] = (
    await client.query<{ share: number }>(
      `select coalesce(avg(((stress_level >= 7) or (mood_score <= 3))::int), 0)::float8 as share from public.mood_logs`,
    )
  ).rows as [{ share: number }];
  const statements: Record<InsertKind, string> = {
    ai_coach_logs: `insert into public.ai_coach_logs (user_id, session_id, user_message, ai_response, "timestamp")
                    select user_id, 'bench', 'Finished my run, feeling good', 'Great job!', AT from batch`,
    workouts: `insert into public.workouts (user_id, type, duration_minutes, workout_date, date)
               select user_id, 'strength', 40, AT, AT::date from batch`,
    meals: `insert into public.meals (user_id, meal_type, calories, "timestamp", date)
            select user_id, 'lunch', 600, AT, AT::date from batch`,
    sleep_logs: `insert into public.sleep_logs (user_id, duration_minutes, quality, bedtime, wake_time)
                 select user_id, 450, 'ok', AT - interval '7 hours 30 minutes', AT from batch`,
    mood_logs: `insert into public.mood_logs (user_id, date, mood_score, stress_level)
                select user_id, AT::date, ${MIXED_MOODS.replaceAll('SHARE', String(share))} from batch`,
    'mood_logs, all stressful': `insert into public.mood_logs (user_id, date, mood_score, stress_level)
                                 select user_id, AT::date, 3, 8 from batch`,
  };
  // What a state adds besides activity tracking: the mood index, the stress-evidence trigger.
  // Statements that change nothing when the table is already so (no index build, no lock wait).
  // Only what the timed table has is switched (a mood index built just before a meals insert
  // would time the build's aftermath, not the insert), and only when it changes.
  let indexed: boolean | null = null;
  let evidence: boolean | null = null;
  const setShape = async (state: InsertState, table: InsertKind) => {
    const wantIndex = state === 'installed' || state === 'tracking';
    if (table.startsWith('mood_logs') && indexed !== wantIndex) {
      await client.query(
        wantIndex
          ? `create index if not exists mood_logs_stressful_user_date_idx on public.mood_logs (user_id, date)
             where stress_level >= 7 or mood_score <= 3`
          : 'drop index if exists public.mood_logs_stressful_user_date_idx',
      );
      indexed = wantIndex;
    }
    const wantEvidence = state !== 'app';
    if (table === 'ai_coach_logs' && evidence !== wantEvidence) {
      await client.query(
        `alter table public.ai_coach_logs ${wantEvidence ? 'enable' : 'disable'} trigger strukt_stress_evidence`,
      );
      evidence = wantEvidence;
    }
  };
  const tracking = (on: boolean) => client.query(`select * from public.cron_activity_tracking($1)`, [on]);
  const inTransaction = async (users: number, work: () => Promise<void>): Promise<number> => {
    await client.query('begin');
    await client.query(
      `create temporary table batch on commit drop as
       select user_id from public.user_profiles order by md5(user_id::text) limit ${users}`,
    );
    const start = performance.now();
    await work();
    const ms = performance.now() - start;
    await client.query('rollback');
    return ms;
  };
  const timeBatch = (sql: string) => inTransaction(1000, async () => void (await client.query(sql)));
  const timeRows = (sql: string) =>
    inTransaction(200, async () => {
      const ids = (await client.query<{ user_id: string }>('select user_id from batch')).rows;
      const one = sql.replace('from batch', 'from (select $1::uuid as user_id) batch');
      for (const { user_id } of ids) await client.query(one, [user_id]);
    });
  // Timing the id read of timeRows with the inserts is the same in every state, so it cancels out
  // of the ratios; the absolute single-row figures are information only.
  const samplesOf = new Map<string, number[]>();
  const push = (key: string, ms: number) => samplesOf.set(key, [...(samplesOf.get(key) ?? []), ms]);
  const timeAll = async (table: InsertKind, state: InsertState, record: boolean) => {
    const now = statements[table].replaceAll('AT', 'now()');
    const past = statements[table].replaceAll('AT', `'2024-06-01T12:00:00Z'::timestamptz`);
    // Untimed: the first insert after a change of the table's triggers or indexes rebuilds its
    // cached description and plans, a cost of the switch, not of the state.
    await timeBatch(now);
    const b = await timeBatch(now);
    const p = await timeBatch(past);
    const r = await timeRows(now);
    if (!record) return;
    push(`${table}.${state}.batch`, b);
    push(`${table}.${state}.older`, p);
    push(`${table}.${state}.rows`, r);
  };
  // The states compared for the goal (app, before, installed: tracking off) alternate insert by
  // insert, so drift on a shared machine hits them alike; tracking on (which fills
  // strukt.last_activity when switched) is timed in a phase of its own each round, before or after.
  const untracked = ['app', 'before', 'installed'] as const;
  const PERMUTATIONS = [
    [0, 1, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
    [1, 0, 2],
    [0, 2, 1],
  ];
  try {
    for (let i = 0; i <= samples; i++) {
      // The first round warms every state up.
      const record = i > 0;
      const trackedPhase = async () => {
        await tracking(true);
        for (const table of INSERTS) {
          await setShape('tracking', table);
          await timeAll(table, 'tracking', record);
        }
        await tracking(false);
      };
      if (i % 2 === 1) await trackedPhase();
      for (const table of INSERTS) {
        // Every order of the three states in turn, so each takes each place equally often (a
        // state always timed first, or always second, would carry whatever that place costs).
        const order = PERMUTATIONS[i % PERMUTATIONS.length]!.map((k) => untracked[k]!);
        for (const state of order) {
          await setShape(state, table);
          await timeAll(table, state, record);
        }
      }
      if (i % 2 === 0) await trackedPhase();
    }
    // As a nudges run leaves the database.
    await tracking(true);
    await setShape('tracking', 'mood_logs');
    await setShape('tracking', 'ai_coach_logs');
  } finally {
    await client.end();
  }
  const times: InsertTimes = { byInsert: {} as InsertTimes['byInsert'], stressfulMoodShare: share };
  for (const table of INSERTS) {
    const installed = samplesOf.get(`${table}.installed.batch`)!;
    const before = samplesOf.get(`${table}.before.batch`)!;
    times.byInsert[table] = {
      pairedBatchRatio: median(installed.map((ms, k) => ms / before[k]!)),
    } as InsertTimes['byInsert'][InsertKind];
    for (const state of INSERT_STATES) {
      times.byInsert[table][state] = {
        batch: median(samplesOf.get(`${table}.${state}.batch`)!),
        older: median(samplesOf.get(`${table}.${state}.older`)!),
        rows: median(samplesOf.get(`${table}.${state}.rows`)!),
      };
    }
  }
  return times;
}

/**
 * How much the windows hold: the 3-day stress window is what the original reads into memory; the
 * 7-day activity window is where the sample puts about ten rows per active user.
 */
export async function windowVolume(
  db: BenchDatabase,
  asOf: Date,
): Promise<{ messages: number; moods: number; week: number; rows: number }> {
  const since = new Date(asOf.getTime() - STATUS_WINDOWS.stressDays * DAY_MS);
  const weekAgo = new Date(asOf.getTime() - STATUS_WINDOWS.activeDays * DAY_MS);
  const [row] = await db.sql.query<{ messages: number; moods: number; week: number; rows: number }>(
    `select
       (select count(*) from public.ai_coach_logs where "timestamp" >= $1 and "timestamp" < $2)::int as messages,
       (select count(*) from public.mood_logs where date >= $1::date and date <= $2::date)::int as moods,
       ((select count(*) from public.ai_coach_logs where "timestamp" >= $3 and "timestamp" < $2)
        + (select count(*) from public.workouts
           where coalesce(workout_date, date) >= $3 and coalesce(workout_date, date) < $2)
        + (select count(*) from public.meals
           where coalesce("timestamp", date) >= $3 and coalesce("timestamp", date) < $2)
        + (select count(*) from public.sleep_logs
           where coalesce(wake_time, created_at) >= $3 and coalesce(wake_time, created_at) < $2)
        + (select count(*) from public.mood_logs where date >= $3::date and date < $2::date))::int as week,
       ((select count(*) from public.ai_coach_logs) + (select count(*) from public.workouts)
        + (select count(*) from public.meals) + (select count(*) from public.sleep_logs)
        + (select count(*) from public.mood_logs))::int as rows`,
    [since.toISOString(), asOf.toISOString(), weekAgo.toISOString()],
  );
  return row ?? { messages: 0, moods: 0, week: 0, rows: 0 };
}
