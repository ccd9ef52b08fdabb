/**
 * Activity tracking on demand (migration 20261201000100): the triggers that keep
 * strukt.last_activity cost the app's inserts, and only inactivity nudges (opt-in) read it, so a
 * database has them only once a status run with nudges has asked. Off: check-ins are decided
 * without reading activity, nudges are refused with the way out, the operators' view reads the
 * tables. On: the same decisions as before (test/jobs/statusFastPath.test.ts).
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateDown, migrateUp } from '../../src/db/migrate.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/db/migrations.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { activityTracking } from '../../src/sql/status.ts';
import { addMessage, addMood, addUser, addWorkout, resetData } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

const AS_OF = '2025-11-05T08:00:00Z';
const TABLES = ['ai_coach_logs', 'workouts', 'meals', 'sleep_logs', 'mood_logs'];

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

/** The activity triggers present, by table. */
async function triggersOn(sql: SqlClient): Promise<Record<string, number>> {
  const rows = await sql.query<{ table: string; n: number }>(
    `select c.relname as table, count(*)::int as n
     from pg_trigger g join pg_class c on c.oid = g.tgrelid
     where g.tgname like 'strukt_last_activity_%'
     group by c.relname order by c.relname`,
  );
  return Object.fromEntries(rows.map((r) => [r.table, r.n]));
}

const kept = async (sql: SqlClient) =>
  (await sql.query<{ n: number }>(`select count(*)::int as n from strukt.last_activity`))[0]!.n;

/** A user stressed on two days (a check-in), one lapsed (a nudge with nudges on), one active. */
async function threeUsers(sql: SqlClient): Promise<{ stressed: string; lapsed: string; active: string }> {
  const stressed = await addUser(sql);
  await addMessage(sql, stressed, '2025-11-03T10:00:00Z', 'so stressed about work');
  await addMood(sql, stressed, '2025-11-04', 2, 9);
  const lapsed = await addUser(sql);
  await addWorkout(sql, lapsed, '2025-10-20T10:00:00Z');
  const active = await addUser(sql);
  await addWorkout(sql, active, '2025-11-04T18:00:00Z');
  return { stressed, lapsed, active };
}

describe('activity tracking, off after migrating', () => {
  beforeEach(async () => {
    await resetData(t.sql);
    await activityTracking(t.db, { p_on: false });
  });

  it('adds no trigger to the app’s activity tables, so their inserts keep nothing', async () => {
    expect(await triggersOn(t.sql)).toEqual({});
    await threeUsers(t.sql);
    expect(await kept(t.sql)).toBe(0);
    expect(await activityTracking(t.db, { p_on: null })).toEqual({
      tracking: false,
      changed: false,
      users: 0,
    });
  });

  it('decides check-ins without reading activity: the same users and actions as with tracking on', async () => {
    const { stressed } = await threeUsers(t.sql);
    const read = () =>
      t.sql.query<Record<string, unknown>>(
        `select user_id, stressful_days, action, priority, active_last_7_days, active_before
         from public.cron_status_candidates(p_as_of => $1::timestamptz, p_every_user => false)`,
        [AS_OF],
      );
    const off = await read();
    expect(off).toEqual([
      {
        user_id: stressed,
        stressful_days: 2,
        action: 'ai_coach_proactive',
        priority: 'normal',
        active_last_7_days: null,
        active_before: null,
      },
    ]);
    await activityTracking(t.db, { p_on: true });
    expect(await read()).toEqual(off);
  });

  it('refuses nudges with what to do, in both status functions, rather than decide them from nothing', async () => {
    await threeUsers(t.sql);
    for (const call of [
      `select * from public.cron_status_candidates(p_as_of => $1::timestamptz, p_nudges => true, p_every_user => false)`,
      `select * from public.cron_status_candidates(p_as_of => $1::timestamptz, p_nudges => true)`,
      `select public.cron_status_pending_count(p_as_of => $1::timestamptz, p_nudges => true, p_every_user => false)`,
    ]) {
      const error = await t.sql.query(call, [AS_OF]).catch((e: unknown) => e);
      expect(error, call).toMatchObject({
        code: '55000',
        message: expect.stringMatching(/inactivity nudges need activity tracking, and it is off/),
        hint: expect.stringMatching(/cron_activity_tracking\(true\)/),
      });
    }
  });

  it('gives operators every profile with its activity read from the tables, as tracking on would', async () => {
    const { stressed, lapsed, active } = await threeUsers(t.sql);
    const every = () =>
      t.sql.query<Record<string, unknown>>(
        `select user_id, stressful_days, active_last_7_days, active_before, action
         from public.cron_status_candidates(p_as_of => $1::timestamptz) order by user_id`,
        [AS_OF],
      );
    const off = await every();
    const byUser = new Map(off.map((r) => [r['user_id'], r]));
    expect(byUser.get(stressed)).toMatchObject({ active_last_7_days: true, active_before: null });
    expect(byUser.get(lapsed)).toMatchObject({
      active_last_7_days: false,
      active_before: true,
      action: null,
    });
    expect(byUser.get(active)).toMatchObject({ active_last_7_days: true });
    await activityTracking(t.db, { p_on: true });
    expect(await every()).toEqual(off);
  });
});

describe('turning activity tracking on and off', () => {
  beforeEach(async () => {
    await resetData(t.sql);
    await activityTracking(t.db, { p_on: false });
  });

  it('on: creates the four triggers on each table and fills the latest activity; again: changes nothing', async () => {
    const { stressed, lapsed, active } = await threeUsers(t.sql);
    expect(await activityTracking(t.db, { p_on: true })).toEqual({ tracking: true, changed: true, users: 3 });
    expect(await triggersOn(t.sql)).toEqual(Object.fromEntries(TABLES.map((name) => [name, 4]).sort()));
    expect(await activityTracking(t.db, { p_on: true })).toEqual({
      tracking: true,
      changed: false,
      users: 3,
    });
    // Kept from now on, row by row.
    await addWorkout(t.sql, lapsed, '2025-11-04T07:00:00Z');
    const rows = await t.sql.query<{ user_id: string; last_at: Date }>(
      `select user_id, last_at from strukt.last_activity order by last_at`,
    );
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set([stressed, lapsed, active]));
    expect(rows.find((r) => r.user_id === lapsed)!.last_at).toEqual(new Date('2025-11-04T07:00:00Z'));
  });

  it('off: drops every trigger and empties the table; what the app inserts then is not kept', async () => {
    await threeUsers(t.sql);
    await activityTracking(t.db, { p_on: true });
    expect(await activityTracking(t.db, { p_on: false })).toEqual({
      tracking: false,
      changed: true,
      users: 0,
    });
    expect(await triggersOn(t.sql)).toEqual({});
    await addUser(t.sql).then((id) => addWorkout(t.sql, id, '2025-11-04T07:00:00Z'));
    expect(await kept(t.sql)).toBe(0);
  });

  it('counts a set with a trigger dropped by hand as off, and turning on makes it whole again', async () => {
    await threeUsers(t.sql);
    await activityTracking(t.db, { p_on: true });
    await t.sql.exec(`drop trigger strukt_last_activity_update on public.meals`);
    expect((await activityTracking(t.db, { p_on: null })).tracking).toBe(false);
    expect(await activityTracking(t.db, { p_on: true })).toMatchObject({ tracking: true, changed: true });
    expect((await triggersOn(t.sql))['meals']).toBe(4);
  });

  it('two callers turning it on at once: one fills, the other finds it on', async () => {
    await threeUsers(t.sql);
    const results = await Promise.all([
      activityTracking(t.db, { p_on: true }),
      activityTracking(t.db, { p_on: true }),
    ]);
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    expect(results.every((r) => r.tracking && r.users === 3)).toBe(true);
    expect(Object.values(await triggersOn(t.sql))).toEqual([4, 4, 4, 4, 4]);
  });
});

describe('the status job', () => {
  beforeEach(async () => {
    await resetData(t.sql);
    await activityTracking(t.db, { p_on: false });
  });

  it('without nudges leaves tracking off', async () => {
    await threeUsers(t.sql);
    const report = await runTestJob(userStatusJob, t.db, testOptions(AS_OF));
    expect(report.status).toBe('success');
    expect(report.figures['notifications.ai_coach_proactive.normal']).toBe(1);
    expect(await triggersOn(t.sql)).toEqual({});
  });

  it.each([false, true])(
    'with nudges turns tracking on first and nudges the lapsed user (dry run: %s)',
    async (dryRun) => {
      await threeUsers(t.sql);
      const report = await runTestJob(userStatusJob, t.db, testOptions(AS_OF, { nudges: true, dryRun }));
      expect(report.status).toBe('success');
      expect(report.figures['notifications.nudge.low']).toBe(1);
      expect(report.figures['notifications.ai_coach_proactive.normal']).toBe(1);
      expect((await activityTracking(t.db, { p_on: null })).tracking).toBe(true);
    },
  );
});

describe('migrating', () => {
  /** Steps back to before 20261201000100, whatever migrations came after it. */
  async function stepsFromOurs(): Promise<number> {
    const files = await readdir(DEFAULT_MIGRATIONS_DIR);
    return files.filter((f) => /^\d{14}_.+\.sql$/.test(f) && f.slice(0, 14) >= '20261201000100').length;
  }

  it('rolling back 20261201000100 puts the triggers back, filled, as 20261130001700 had them', async () => {
    await resetData(t.sql);
    await activityTracking(t.db, { p_on: false });
    const { lapsed } = await threeUsers(t.sql);
    await migrateDown(t.sql, await stepsFromOurs());
    try {
      expect(await triggersOn(t.sql)).toEqual(Object.fromEntries(TABLES.map((name) => [name, 4]).sort()));
      expect(await kept(t.sql)).toBe(3);
      // Nudges read without a guard again.
      const rows = await t.sql.query<{ user_id: string }>(
        `select user_id from public.cron_status_candidates(p_as_of => $1::timestamptz, p_nudges => true,
           p_every_user => false) where action = 'nudge'`,
        [AS_OF],
      );
      expect(rows).toEqual([{ user_id: lapsed }]);
    } finally {
      await migrateUp(t.sql);
    }
    expect(await triggersOn(t.sql)).toEqual({});
    expect(await kept(t.sql)).toBe(0);
  });
});
