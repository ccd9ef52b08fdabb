/**
 * Migration 20261130001800_candidate_plans: the digest's candidate functions walk the profiles'
 * primary key in chunks and probe each user's rows, instead of letting PostgreSQL check every
 * profile after the cursor; cron_plan_candidates takes the plan window as p_window_days.
 *
 * - The new functions decide exactly what the previous definitions decided, read in pages as the
 *   job reads them (small and full pages, a sparse stretch that makes the chunks grow, shards, a
 *   users filter, time zones, day-only rows, a digest already written).
 * - One page reads that page's users, not every user (the plan shape, measured by the rows and
 *   index entries the transaction read, not by time).
 * - The plan window is the caller's, checked with a clear error.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, describe as vitestDescribe } from 'vitest';
import { pages } from '../../src/db/pages.ts';
import type { Db, SqlClient } from '../../src/db/types.ts';
import { getJob } from '../../src/domain/jobs.ts';
import { planRefreshJob } from '../../src/jobs/planRefresh.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';
import { addMeal, addMood, addSleep, addUser, addWorkout } from '../support/fixtures.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

const PERIOD = { p_period_start: '2025-11-02T20:00:00Z', p_period_end: '2025-11-09T20:00:00Z' };
const USERS = 2000;
/** Users (by key order) in [SPARSE_FROM, SPARSE_TO) are almost all inactive: chunks must grow there. */
const SPARSE_FROM = 300;
const SPARSE_TO = 1500;

/**
 * A function exactly as an earlier migration created it, under another name: the reference the
 * new definition must agree with.
 */
function previousDefinition(migration: string, fn: string, as: string): string {
  const text = readFileSync(new URL(`../../migrations/${migration}`, import.meta.url), 'utf8');
  const start = text.indexOf(`create function public.${fn}(`);
  const body = text.indexOf('as $$', start);
  const end = text.indexOf('$$;', body + 5) + 3;
  if (start < 0 || body < 0 || end < 3) throw new Error(`${fn} not found in ${migration}`);
  return text.slice(start, end).replace(`public.${fn}(`, `public.${as}(`);
}

/**
 * USERS users with ids in a fixed order; what each has depends on its rank r in key order:
 * r % 10 = 0 a message, 1 a timed workout, 2 a day-only workout on the first local day, 3 a
 * day-only meal on the last local day, 4 a night logged without wake time, 5 a mood log, 6 only
 * rows just outside the period, 7 active with the period's digest written, 8 active with another
 * period's digest, 9 nothing. Time zones cycle through six, one unknown and one null (UTC).
 */
async function seedUsers(sql: SqlClient): Promise<void> {
  await sql.exec(`
    insert into auth.users (id, email)
    select md5('candidate-plans-' || g)::uuid, 'cp' || g || '@example.test' from generate_series(1, ${USERS}) g;
    insert into public.user_profiles (user_id, full_name, email, timezone, onboarding_completed, coaching_tone)
    select u.id, 'Cand ' || r.r, u.email,
           (array['UTC', 'Europe/London', 'America/Los_Angeles', 'Asia/Tokyo', 'Mars/Olympus_Mons', null])[1 + r.r % 6],
           true, 'gentle'
    from auth.users u join (select id, (row_number() over (order by id) - 1)::int as r from auth.users) r using (id);
    create temporary table ranked as
      select p.user_id, (row_number() over (order by p.user_id) - 1)::int as r,
             coalesce(p.timezone, 'UTC') as tz
      from public.user_profiles p;
    create temporary table kinds as
      select user_id, tz, r,
             case when r >= ${SPARSE_FROM} and r < ${SPARSE_TO} then (case when r % 97 = 0 then 0 else 9 end)
                  else r % 10 end as kind
      from ranked;
    update kinds set tz = 'UTC' where tz not in (select name from pg_timezone_names);

    insert into public.ai_coach_logs (user_id, session_id, user_message, ai_response, "timestamp")
    select user_id, 's', 'Mail me at someone@example.com or +44 20 7946 0958, ' || r, 'ok', timestamptz '2025-11-04T10:00:00Z'
    from kinds where kind in (0, 7, 8);
    insert into public.workouts (user_id, type, workout_type, duration_minutes, workout_date, date)
    select user_id, 'strength', 'strength', 30 + r % 7, timestamptz '2025-11-05T10:00:00Z', date '2025-11-05'
    from kinds where kind = 1;
    insert into public.workouts (user_id, type, workout_type, duration_minutes, workout_date, date)
    select user_id, 'run', 'cardio', 25, null, (timestamptz '${PERIOD.p_period_start}' at time zone tz)::date
    from kinds where kind = 2;
    insert into public.meals (user_id, meal_type, calories, "timestamp", date)
    select user_id, 'lunch', 400 + r % 300, null,
           ((timestamptz '${PERIOD.p_period_end}' - interval '1 microsecond') at time zone tz)::date
    from kinds where kind = 3;
    insert into public.meals (user_id, meal_type, calories, "timestamp", date)
    select user_id, 'dinner', 700, timestamptz '2025-11-06T19:00:00Z', date '2025-11-06'
    from kinds where kind = 8;
    insert into public.sleep_logs (user_id, duration_minutes, quality, bedtime, wake_time, created_at)
    select user_id, 420, 'ok', null, null, timestamptz '2025-11-07T08:00:00Z' from kinds where kind = 4;
    insert into public.mood_logs (user_id, date, mood_score, stress_level)
    select user_id, date '2025-11-06', 1 + r % 10, 1 + (r * 7) % 10 from kinds where kind = 5;
    -- Just outside: a message at the period's end, a day-only workout the local day before it.
    insert into public.ai_coach_logs (user_id, session_id, user_message, ai_response, "timestamp")
    select user_id, 's', 'late', 'ok', timestamptz '${PERIOD.p_period_end}' from kinds where kind = 6;
    insert into public.workouts (user_id, type, workout_type, duration_minutes, workout_date, date)
    select user_id, 'run', 'cardio', 25, null, (timestamptz '${PERIOD.p_period_start}' at time zone tz)::date - 1
    from kinds where kind = 6;
    insert into public.ai_coach_notes (user_id, note, type, period_start, period_end)
    select user_id, 'done', 'weekly_summary', timestamptz '${PERIOD.p_period_start}', timestamptz '${PERIOD.p_period_end}'
    from kinds where kind = 7;
    insert into public.ai_coach_notes (user_id, note, type, period_start, period_end)
    select user_id, 'last week', 'weekly_summary', timestamptz '${PERIOD.p_period_start}' - interval '7 days',
           timestamptz '${PERIOD.p_period_start}'
    from kinds where kind = 8;
    insert into public.user_consents (user_id, consent_type, granted, granted_at)
    select user_id, 'openai_processing', r % 3 <> 0, now() from kinds;
    analyze;`);
}

/** Every row of every page, read as the job reads them. */
async function allPages(db: Db, fn: string, args: Record<string, unknown>, pageSize: number) {
  const rows: Record<string, unknown>[] = [];
  // By name: the test reads the previous definitions too, which have no wrapper in src/sql/.
  const readPage = (d: Db, pageArgs: object) => d.call<{ user_id: string }>(fn, { ...pageArgs });
  for await (const page of pages(db, readPage, args, { key: 'user_id', pageSize })) {
    rows.push(...page);
  }
  return rows;
}

let t: TestDatabase;
let ids: string[];

beforeAll(async () => {
  t = await createTestDatabase();
  await t.sql.exec(
    previousDefinition(
      '20261130001100_stress_matcher_and_coach_voice.sql',
      'cron_digest_candidates',
      'previous_digest_candidates',
    ) +
      ';\n' +
      previousDefinition(
        '20261130000800_job_functions.sql',
        'cron_digest_pending_count',
        'previous_digest_pending_count',
      ) +
      ';',
  );
  await seedUsers(t.sql);
  ids = (
    await t.sql.query<{ user_id: string }>(`select user_id from public.user_profiles order by user_id`)
  ).map((r) => r.user_id);
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

describe('cron_digest_candidates and cron_digest_pending_count decide as before', () => {
  // The previous definition reads the same rows whatever the page size; read in pages of 1,000,
  // it is the reference (small pages of it would take minutes).
  it.each([
    ['pages of 1,000', {}, 1000],
    ['pages of 7 (chunks grow through the sparse stretch)', {}, 7],
    ['shard 1 of 3, pages of 50', { p_shard_index: 1, p_shard_count: 3 }, 50],
  ])('%s: the same rows, in the same order, as the previous definition', async (_label, filter, pageSize) => {
    const args = { ...PERIOD, ...filter };
    const now = await allPages(t.db, 'cron_digest_candidates', args, pageSize);
    const before = await allPages(t.db, 'previous_digest_candidates', args, 1000);
    // Guards against agreeing on nothing: the data has candidates of every kind.
    expect(before.length).toBeGreaterThan('p_shard_count' in filter ? 100 : 500);
    expect(now).toEqual(before);
  });

  it('a users filter: exactly the named candidates', async () => {
    const named = [...ids.slice(0, 40), ...ids.slice(SPARSE_FROM, SPARSE_FROM + 300), ids.at(-1)!];
    const args = { ...PERIOD, p_users: named };
    const now = await allPages(t.db, 'cron_digest_candidates', args, 25);
    expect(now.length).toBeGreaterThan(20);
    expect(now).toEqual(await allPages(t.db, 'previous_digest_candidates', args, 1000));
  });

  it('the pending count after any cursor equals the previous count and the candidates left', async () => {
    const all = await allPages(t.db, 'cron_digest_candidates', PERIOD, 1000);
    for (const [after, shard] of [
      [null, {}],
      [ids[SPARSE_FROM - 1]!, {}],
      [ids[1700]!, {}],
      [null, { p_shard_index: 2, p_shard_count: 3 }],
    ] as const) {
      const args = { ...PERIOD, ...shard, p_after: after };
      const [now] = await t.db.call<{ cron_digest_pending_count: number }>('cron_digest_pending_count', args);
      const [before] = await t.db.call<{ previous_digest_pending_count: number }>(
        'previous_digest_pending_count',
        args,
      );
      expect(now!.cron_digest_pending_count).toBe(before!.previous_digest_pending_count);
      if (!('p_shard_count' in shard)) {
        expect(now!.cron_digest_pending_count).toBe(
          all.filter((r) => after === null || (r.user_id as string) > after).length,
        );
      }
    }
  });
});

const describeServer = runServerSuites ? vitestDescribe : vitestDescribe.skip;

describeServer('one page reads its own users, not every user (plan shape)', () => {
  type Reads = Record<string, { scans: number; tuples: number }>;

  /** Scans started (each per-user probe is one) and rows read so far in this transaction, per table. */
  async function counters(sql: SqlClient): Promise<Reads> {
    const rows = await sql.query<{ relname: string; scans: number; tuples: number }>(
      `select relname::text as relname, (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::int as scans,
              (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::int as tuples
       from pg_stat_xact_user_tables
       where schemaname = 'public'
         and relname in ('user_profiles', 'ai_coach_logs', 'workouts', 'meals', 'sleep_logs', 'mood_logs')`,
    );
    return Object.fromEntries(rows.map((r) => [r.relname, { scans: r.scans, tuples: r.tuples }]));
  }

  /**
   * What `statement` read, from PostgreSQL's per-transaction table statistics: the plan's work,
   * whatever the machine's speed. Taken as a difference because counts not yet flushed from
   * earlier transactions of the session show in them too.
   */
  async function readsOf(sql: SqlClient, statement: string, params: unknown[]): Promise<Reads> {
    await sql.exec('begin');
    try {
      const before = await counters(sql);
      await sql.query(statement, params);
      const after = await counters(sql);
      return Object.fromEntries(
        Object.entries(after).map(([table, a]) => {
          const b = before[table] ?? { scans: 0, tuples: 0 };
          return [table, { scans: a.scans - b.scans, tuples: a.tuples - b.tuples }];
        }),
      );
    } finally {
      await sql.exec('rollback');
    }
  }

  it('a page of 10 from the start reads tens of profiles and probes tens of users, of 2,000', async () => {
    const reads = await readsOf(t.sql, `select * from public.cron_digest_candidates($1, $2, p_limit => 10)`, [
      PERIOD.p_period_start,
      PERIOD.p_period_end,
    ]);
    // The previous definition read all 2,000 profiles and probed every activity table for each
    // (1,400 to 2,000 scans a table here). Small tables may be scanned whole by a probe, so rows
    // read are bounded only for the profiles; the activity tables by their number of scans.
    expect(reads.user_profiles!.tuples).toBeGreaterThan(0);
    expect(reads.user_profiles!.tuples).toBeLessThan(200);
    for (const table of ['ai_coach_logs', 'workouts', 'meals', 'sleep_logs', 'mood_logs']) {
      expect(reads[table]?.scans ?? 0, table).toBeLessThan(150);
    }
  });

  it('a page of 10 plan candidates reads tens of profiles, of 2,000 onboarded users without a plan', async () => {
    const reads = await readsOf(t.sql, `select * from public.cron_plan_candidates($1, p_limit => 10)`, [
      '2025-11-10T06:00:00Z',
    ]);
    // Planned with its values as one statement, the page was estimated under 1,000 rows, so
    // PostgreSQL read and sorted every profile for each page.
    expect(reads.user_profiles!.tuples).toBeGreaterThan(0);
    expect(reads.user_profiles!.tuples).toBeLessThan(200);
  });

  it("the pending count probes ai_coach_logs once per user, for that user's rows only", async () => {
    const reads = await readsOf(t.sql, `select public.cron_digest_pending_count($1, $2)`, [
      PERIOD.p_period_start,
      PERIOD.p_period_end,
    ]);
    // The previous count probed it twice a user and read the whole period's messages each time
    // (~470,000 rows here for 250 messages).
    expect(reads.ai_coach_logs!.scans).toBeGreaterThan(0);
    expect(reads.ai_coach_logs!.scans).toBeLessThanOrEqual(USERS);
    expect(reads.ai_coach_logs!.tuples).toBeLessThan(USERS);
  });
});

describe('cron_plan_candidates reads the window it is given (p_window_days)', () => {
  const AS_OF = '2025-11-10T06:00:00Z';
  let user: string;

  beforeAll(async () => {
    user = await addUser(t.sql, { id: 'ffffffff-0000-4000-8000-000000000001', consent: true });
    // 2 and 5 days before as-of: a 3-day window sees one of each, 7 days both.
    await addWorkout(t.sql, user, '2025-11-08T10:00:00Z', 30);
    await addWorkout(t.sql, user, '2025-11-05T10:00:00Z', 50);
    await addMeal(t.sql, user, '2025-11-05T12:00:00Z');
    await addSleep(t.sql, user, '2025-11-05', 6);
    await addSleep(t.sql, user, '2025-11-09', 8);
    await addMood(t.sql, user, '2025-11-05', 2, 9);
  });

  async function candidate(window: Record<string, unknown>) {
    const rows = await t.db.call<Record<string, unknown>>('cron_plan_candidates', {
      p_as_of: AS_OF,
      p_users: [user],
      ...window,
    });
    expect(rows).toHaveLength(1);
    return rows[0]!;
  }

  it('7 days when left out (older callers), fewer days when asked', async () => {
    const seven = await candidate({});
    expect(await candidate({ p_window_days: 7 })).toEqual(seven);
    expect(seven).toMatchObject({ workouts: 2, workout_minutes: 80, meals_logged: 1 });
    expect(Number(seven.avg_sleep_hours)).toBe(7);
    const three = await candidate({ p_window_days: 3 });
    expect(three).toMatchObject({ workouts: 1, workout_minutes: 30, meals_logged: 0, avg_mood: null });
    expect(Number(three.avg_sleep_hours)).toBe(8);
  });

  it.each([[0], [-7], [367], [null]])(
    'refuses p_window_days = %s with invalid_parameter_value, in both functions',
    async (days) => {
      for (const fn of ['cron_plan_candidates', 'cron_plan_pending_count']) {
        await expect(t.db.call(fn, { p_as_of: AS_OF, p_window_days: days })).rejects.toMatchObject({
          code: '22023',
          message: expect.stringMatching(/p_window_days must be a whole number of days from 1 to 366/),
        });
      }
    },
  );

  it('the job passes the registry window to the candidates function', async () => {
    const calls: { fn: string; args: Record<string, unknown> }[] = [];
    const spy: Db = {
      transport: t.db.transport,
      call: (fn, args) => {
        calls.push({ fn, args: args ?? {} });
        return t.db.call(fn, args);
      },
      close: () => t.db.close(),
    };
    await runTestJob(planRefreshJob, spy, testOptions(AS_OF, { dryRun: true, users: [user] }));
    const reads = calls.filter((c) => c.fn === 'cron_plan_candidates');
    expect(reads.length).toBeGreaterThan(0);
    for (const c of reads) expect(c.args.p_window_days).toBe(getJob('plan-refresh').windowDays);
  });
});
