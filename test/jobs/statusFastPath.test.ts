/**
 * The status check's fast path (migration 20261130001700): strukt.last_activity kept by triggers
 * (once tracking is on: 20261201000100, test/jobs/activityTracking.test.ts for off), the decision
 * read from it and from the evidence indexes, only for the users it concerns, and the windows as
 * checked parameters. Every figure is compared with the definitions it replaces
 * (strukt.stress_days, strukt.has_activity), which the migration leaves in place.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateUp } from '../../src/db/migrate.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/db/migrations.ts';
import type { SqlClient } from '../../src/db/types.ts';
import {
  addMeal,
  addMessage,
  addMood,
  addSleep,
  addUser,
  addWorkout,
  queueNotification,
  resetData,
} from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const OURS = '20261130001700';
const DAY = 86_400_000;

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

/** What a status run with nudges does first: the triggers on, strukt.last_activity filled. */
async function trackActivity(sql: SqlClient): Promise<void> {
  await sql.query(`select * from public.cron_activity_tracking(true)`);
}

/** Users whose strukt.last_activity row differs from what the tables hold now. */
async function staleActivity(sql: SqlClient): Promise<unknown[]> {
  return sql.query(
    `select coalesce(a.user_id, u.id) as user_id, a.last_at, a.last_day, x.last_at as want_at, x.last_day as want_day
     from auth.users u
     cross join lateral strukt.latest_activity(u.id) x
     full join strukt.last_activity a on a.user_id = u.id
     where (a.last_at, a.last_day) is distinct from (x.last_at, x.last_day)
       and not (a.user_id is null and x.last_at is null and x.last_day is null)`,
  );
}

/**
 * The figures of every user at asOf next to what the replaced definitions answer, and the users
 * the job reads (p_every_user false) next to those the definitions say the decision concerns.
 */
async function compareWithDefinitions(sql: SqlClient, asOf: string) {
  const mismatches = await sql.query<Record<string, unknown>>(
    `with every as (
       select * from public.cron_status_candidates(p_as_of => $1::timestamptz, p_nudges => true)
     ),
     zone as (
       -- The view read once (a lookup per user would read every zone file each time).
       select p.user_id, coalesce(n.name, 'UTC') as tz
       from public.user_profiles p left join pg_catalog.pg_timezone_names n on n.name = p.timezone
     ),
     want as (
       select e.*, z.tz,
              strukt.stress_days(e.user_id, z.tz, $1::timestamptz - interval '3 days', $1::timestamptz) as want_days,
              strukt.has_activity(e.user_id, z.tz, $1::timestamptz - interval '7 days', $1::timestamptz) as want_recent,
              strukt.has_activity(e.user_id, z.tz, $1::timestamptz - interval '37 days',
                                  $1::timestamptz - interval '7 days') as want_before
       from every e join zone z using (user_id)
     )
     select user_id, tz, stressful_days, want_days, active_last_7_days, want_recent, active_before, want_before,
            nudged_this_lapse, want_nudged
     from (
       select w.*,
              (not w.want_recent and w.want_before
               and exists (select 1 from strukt.notification_ledger l
                           where l.user_id = w.user_id and l.type = 'nudge'
                             and l.created_at > $1::timestamptz - interval '37 days' and l.created_at <= $1::timestamptz
                             and not strukt.has_activity(w.user_id, w.tz, l.created_at, $1::timestamptz))) as want_nudged
       from want w
     ) x
     where stressful_days <> want_days
        or active_last_7_days <> want_recent
        or active_before is distinct from (case when want_recent then null else want_before end)
        or nudged_this_lapse <> want_nudged`,
    [asOf],
  );
  const [sets] = await sql.query<{
    read: string[];
    concerned: string[];
    same_decision: boolean;
    counted: number;
  }>(
    `with every as (
       select * from public.cron_status_candidates(p_as_of => $1::timestamptz, p_nudges => true)
     ),
     read as (
       select * from public.cron_status_candidates(p_as_of => $1::timestamptz, p_nudges => true, p_every_user => false)
     )
     select
       coalesce((select array_agg(user_id::text order by user_id) from read), '{}') as read,
       coalesce((select array_agg(user_id::text order by user_id) from every
                 where stressful_days >= 1 or (not active_last_7_days and active_before)), '{}') as concerned,
       not exists (select user_id, action, priority from read
                   except select user_id, action, priority from every where action is not null or stressful_days >= 1
                                                                        or (not active_last_7_days and active_before))
         and not exists (select user_id, action, priority from every where action is not null
                         except select user_id, action, priority from read) as same_decision,
       public.cron_status_pending_count(p_as_of => $1::timestamptz, p_nudges => true, p_every_user => false) as counted`,
    [asOf],
  );
  return { mismatches, ...sets! };
}

describe('strukt.last_activity', () => {
  let user: string;

  beforeAll(async () => {
    await resetData(t.sql);
    await trackActivity(t.sql);
    user = await addUser(t.sql);
  });

  it('follows inserts into each of the five tables, one batch or row by row', async () => {
    await addWorkout(t.sql, user, '2025-10-01T10:00:00Z');
    await addMeal(t.sql, user, { dayOnly: '2025-10-05' });
    await addMood(t.sql, user, '2025-10-03', 6, 4);
    expect(
      await t.sql.query(`select last_at, last_day::text from strukt.last_activity where user_id = $1`, [
        user,
      ]),
    ).toEqual([{ last_at: new Date('2025-10-01T10:00:00Z'), last_day: '2025-10-05' }]);
    await addSleep(t.sql, user, '2025-10-02T07:00:00Z');
    // A late-arriving message (written now, dated before the latest): the latest stays.
    await addMessage(t.sql, user, '2025-09-20T10:00:00Z', 'old news');
    await t.sql.query(
      `insert into ai_coach_logs (user_id, session_id, user_message, ai_response, "timestamp")
       select $1, 's1', 'batch', 'ok', '2025-10-02T00:00:00Z'::timestamptz + make_interval(hours => g)
       from generate_series(1, 50) g`,
      [user],
    );
    expect(await t.sql.query(`select last_at from strukt.last_activity where user_id = $1`, [user])).toEqual([
      { last_at: new Date('2025-10-04T02:00:00Z') },
    ]);
    expect(await staleActivity(t.sql)).toEqual([]);
  });

  it('goes back when the latest row is moved back, moved to another user, or deleted', async () => {
    const other = await addUser(t.sql);
    await t.sql.query(
      `update ai_coach_logs set "timestamp" = '2025-09-01T00:00:00Z' where user_id = $1 and user_message = 'batch'`,
      [user],
    );
    expect(await staleActivity(t.sql)).toEqual([]);
    await t.sql.query(`update meals set user_id = $2 where user_id = $1`, [user, other]);
    expect(await staleActivity(t.sql)).toEqual([]);
    await t.sql.query(`delete from workouts where user_id = $1`, [user]);
    expect(await staleActivity(t.sql)).toEqual([]);
    expect(await t.sql.query(`select last_at from strukt.last_activity where user_id = $1`, [user])).toEqual([
      { last_at: new Date('2025-10-02T07:00:00Z') },
    ]);
  });

  it('drops the row of a user with no activity left (deleted rows, a deleted user, a truncate)', async () => {
    const gone = await addUser(t.sql);
    await addMood(t.sql, gone, '2025-10-03', 6, 4);
    await t.sql.query(`delete from mood_logs where user_id = $1`, [gone]);
    expect(await t.sql.query(`select 1 from strukt.last_activity where user_id = $1`, [gone])).toEqual([]);

    await addMood(t.sql, gone, '2025-10-03', 6, 4);
    await t.sql.query(`delete from auth.users where id = $1`, [gone]);
    expect(await t.sql.query(`select 1 from strukt.last_activity where user_id = $1`, [gone])).toEqual([]);

    await t.sql.exec(`truncate ai_coach_logs cascade`);
    expect(await staleActivity(t.sql)).toEqual([]);
    expect((await t.sql.query(`select count(*)::int as n from strukt.last_activity`))[0]).toEqual({ n: 2 });
  });
});

describe('the status decision read from the indexes and strukt.last_activity', () => {
  const zones = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Australia/Brisbane', 'America/New_York'];
  const users: string[] = [];

  beforeAll(async () => {
    await resetData(t.sql);
    await trackActivity(t.sql);
    // Users in zones from UTC-11 to UTC+14 (one unknown, some unset), each with a different mix of rows around
    // the checks below: instants, day-only rows, moods (stressful or not), sleep, nudges.
    for (let i = 0; i < 24; i++) {
      const id = await addUser(t.sql, { timezone: zones[i % zones.length] });
      if (i % 11 === 4)
        await t.sql.query(`update user_profiles set timezone = null where user_id = $1`, [id]);
      users.push(id);
      const base = Date.parse('2025-10-01T00:00:00Z') + i * 37 * 3_600_000;
      const at = (days: number, hours = 0) => new Date(base + days * DAY + hours * 3_600_000).toISOString();
      const day = (days: number) => at(days).slice(0, 10);
      if (i % 2 === 0) await addMessage(t.sql, id, at(0, 23), 'so stressed about work');
      if (i % 3 === 0) await addMessage(t.sql, id, at(1, 13), 'I feel overwhelmed');
      if (i % 4 === 1) await addWorkout(t.sql, id, { dayOnly: day(2) });
      if (i % 4 === 2) await addMeal(t.sql, id, at(3, 5));
      if (i % 5 === 0) await addMood(t.sql, id, day(1), 2, 8);
      if (i % 5 === 3) await addMood(t.sql, id, day(4), 7, 2);
      if (i % 6 === 4) await addSleep(t.sql, id, at(5, 7));
      if (i % 7 === 5) await addMeal(t.sql, id, { dayOnly: day(30) });
      if (i % 8 === 6) await queueNotification(t.sql, id, 'nudge', at(12));
      if (i % 9 === 2) await queueNotification(t.sql, id, 'ai_coach_proactive', at(2));
    }
  });

  // Every 17 hours over seven weeks: windows start and end on every side of the rows, of local
  // midnights and of "later rows" (rows after the check: a check of the past).
  const checks = Array.from({ length: 70 }, (_, k) =>
    new Date(Date.parse('2025-09-28T05:00:00Z') + k * 17 * 3_600_000).toISOString(),
  );

  it('gives strukt.stress_days and strukt.has_activity figures and reads exactly the users they concern', async () => {
    for (const asOf of checks) {
      const { mismatches, read, concerned, same_decision, counted } = await compareWithDefinitions(
        t.sql,
        asOf,
      );
      expect(mismatches, asOf).toEqual([]);
      expect(read, asOf).toEqual(concerned);
      expect(same_decision, asOf).toBe(true);
      expect(counted, asOf).toBe(read.length);
    }
    // The sweep is only a test if it saw each kind of user.
    const seen = await t.sql.query<{ stressed: number; lapsed: number }>(
      `select count(*) filter (where stressful_days >= 2)::int as stressed,
              count(*) filter (where not active_last_7_days and active_before)::int as lapsed
       from unnest($1::timestamptz[]) a
       cross join lateral public.cron_status_candidates(p_as_of => a, p_nudges => true) c`,
      [checks],
    );
    expect(seen[0]!.stressed).toBeGreaterThan(3);
    expect(seen[0]!.lapsed).toBeGreaterThan(10);
  });

  it('stays right when rows arrive late and when users change time zone', async () => {
    for (const [i, id] of users.entries()) {
      if (i % 3 === 1) await addWorkout(t.sql, id, '2025-10-04T12:00:00Z');
      if (i % 3 === 2) await addMood(t.sql, id, '2025-10-05', 3, 9);
    }
    await t.sql.exec(`update user_profiles set timezone = case when timezone = 'Pacific/Kiritimati'
                        then 'Pacific/Pago_Pago' else 'Pacific/Kiritimati' end`);
    expect(await staleActivity(t.sql)).toEqual([]);
    for (const asOf of checks.filter((_, k) => k % 3 === 0)) {
      const { mismatches, read, concerned } = await compareWithDefinitions(t.sql, asOf);
      expect(mismatches, asOf).toEqual([]);
      expect(read, asOf).toEqual(concerned);
    }
  });

  it('pages the users it reads in order, with no page short before the last', async () => {
    const asOf = '2025-10-05T12:00:00Z';
    const all = await t.sql.query<{ user_id: string }>(
      `select user_id from public.cron_status_candidates(p_as_of => $1::timestamptz, p_nudges => true, p_every_user => false)`,
      [asOf],
    );
    expect(all.length).toBeGreaterThan(4);
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { user_id: string }[] = await t.sql.query<{ user_id: string }>(
        `select user_id from public.cron_status_candidates(p_as_of => $1::timestamptz, p_nudges => true,
           p_every_user => false, p_after => $2::uuid, p_limit => 2)`,
        [asOf, after],
      );
      paged.push(...page.map((r) => r.user_id));
      if (page.length < 2) break;
      after = page[page.length - 1]!.user_id;
    }
    expect(paged).toEqual(all.map((r) => r.user_id));
  });
});

describe('the windows as parameters', () => {
  it('change the decision when given, and default to the 3/3/7/37 days the job passes', async () => {
    await resetData(t.sql);
    const id = await addUser(t.sql);
    await addMessage(t.sql, id, '2025-11-01T10:00:00Z', 'so stressed');
    await addMessage(t.sql, id, '2025-11-04T10:00:00Z', 'still stressed');
    const days = async (args: string) =>
      (
        await t.sql.query<{ stressful_days: number }>(
          `select stressful_days from public.cron_status_candidates(p_as_of => '2025-11-05T08:00:00Z'${args})`,
        )
      )[0]!.stressful_days;
    expect(await days('')).toBe(1);
    expect(await days(', p_stress_days => 3')).toBe(1);
    expect(await days(', p_stress_days => 5')).toBe(2);
  });

  it.each([
    ['p_stress_days => 0', /p_stress_days must be a whole number of days from 1 to 366, got 0/],
    ['p_cooldown_days => -3', /p_cooldown_days must be .* got -3/],
    ['p_active_days => null', /p_active_days must be .* got <NULL>/],
    ['p_active_days => 40', /p_horizon_days must be more than p_active_days \(40\)/],
    ['p_horizon_days => 7', /p_horizon_days must be more than p_active_days \(7\) .* got 7/],
  ])('refuse nonsense with a clear error: %s', async (arg, message) => {
    for (const fn of ['cron_status_candidates', 'cron_status_pending_count']) {
      const error = await t.sql
        .query(`select * from public.${fn}(p_as_of => '2025-11-05T08:00:00Z', ${arg})`)
        .catch((e: unknown) => e);
      expect(error, fn).toMatchObject({ code: '22023', message: expect.stringMatching(message) });
    }
  });

  it('cron_queue_notifications takes both cooldowns and refuses nonsense', async () => {
    await resetData(t.sql);
    const id = await addUser(t.sql);
    const queue = (at: string, extra = '') =>
      t.sql.query(
        `select * from public.cron_queue_notifications($1::timestamptz,
           jsonb_build_array(jsonb_build_object('user_id', $2::uuid, 'type', 'ai_coach_proactive', 'priority', 'normal',
                                                'message', 'hi'))${extra})`,
        [at, id],
      );
    expect(await queue('2025-11-01T08:00:00Z')).toHaveLength(1);
    expect(await queue('2025-11-03T08:00:00Z')).toHaveLength(0);
    expect(await queue('2025-11-03T08:00:00Z', ', p_checkin_cooldown_days => 1')).toHaveLength(1);
    const error = await queue('2025-11-09T08:00:00Z', ', p_nudge_cooldown_days => 0').catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: '22023', message: expect.stringMatching(/p_nudge_cooldown_days/) });
  });
});

describe('migrating', () => {
  async function stepsFromOurs(): Promise<number> {
    const files = await readdir(DEFAULT_MIGRATIONS_DIR);
    return files.filter((f) => /^\d{14}_.+\.sql$/.test(f) && f.slice(0, 14) >= OURS).length;
  }

  it('fills strukt.last_activity from the rows already there once tracking is turned on', async () => {
    await resetData(t.sql);
    await migrateDown(t.sql, await stepsFromOurs());
    const a = await addUser(t.sql);
    const b = await addUser(t.sql);
    await addMessage(t.sql, a, '2025-10-01T10:00:00Z', 'hello');
    await addWorkout(t.sql, a, { dayOnly: '2025-10-09' });
    await addMood(t.sql, b, '2025-10-02', 5, 5);
    await addSleep(t.sql, b, '2025-10-03T06:30:00Z');
    await migrateUp(t.sql);
    // Off after migrating (20261201000100): nothing is kept until a run with nudges asks.
    expect(await t.sql.query(`select count(*)::int as n from strukt.last_activity`)).toEqual([{ n: 0 }]);
    await trackActivity(t.sql);
    expect(
      await t.sql.query(`select user_id, last_at, last_day::text from strukt.last_activity order by user_id`),
    ).toEqual(
      [
        { user_id: a, last_at: new Date('2025-10-01T10:00:00Z'), last_day: '2025-10-09' },
        { user_id: b, last_at: new Date('2025-10-03T06:30:00Z'), last_day: '2025-10-02' },
      ].sort((x, y) => x.user_id.localeCompare(y.user_id)),
    );
  });
});
