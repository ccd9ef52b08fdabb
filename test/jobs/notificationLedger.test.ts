import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/db/migrations.ts';
import { migrateDown, migrateUp } from '../../src/db/migrate.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { addMessage, addUser } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

// Security issue, item 8: STRUKT's policy user_can_update_own_notifications lets a signed-in user
// UPDATE every column of their own coach_notifications rows (the app marks them read with it). The
// status check's cooldown and "nudged this lapse" must not move when a user rewrites created_at or
// type: they read strukt.notification_ledger, which no API role can reach.

/** The migration under test: it and any later one are left out to build the database it installs onto. */
const OURS = '20261130001500';

// Stressed on 3 and 4 Nov: a check-in at the first check, and two stressful days still in the
// window of the second, one day later (inside the 3-day cooldown).
const STRESSED_ON = ['2025-11-03T10:00:00Z', '2025-11-04T10:00:00Z'];
const CHECK_1 = '2025-11-05T08:00:00Z';
const NEXT_DAY = '2025-11-06T08:00:00Z';
const TEN_DAYS_BEFORE = '2025-10-27T08:00:00Z';

// Active on 20 Oct, quiet since: lapsed at each weekly check (as in nudges.test.ts).
const LAST_ACTIVE = '2025-10-20T10:00:00Z';
const LAPSE_CHECK_1 = '2025-11-05T08:00:00Z';
const LAPSE_CHECK_2 = '2025-11-12T08:00:00Z';

const PERMISSION_DENIED = '42501';

/**
 * Runs `statement` as PostgREST runs a signed-in user's request: role authenticated, the user's
 * JWT claims (auth.uid() is their sub), one transaction.
 */
async function asUser<Row>(sql: SqlClient, userId: string, statement: string, params: unknown[] = []) {
  await sql.exec('begin');
  try {
    await sql.exec('set local role authenticated');
    await sql.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated' }),
    ]);
    const rows = await sql.query<Row>(statement, params);
    await sql.exec('commit');
    return rows;
  } catch (error) {
    await sql.exec('rollback');
    throw error;
  }
}

async function addStressedUser(sql: SqlClient): Promise<string> {
  const user = await addUser(sql);
  await addMessage(sql, user, STRESSED_ON[0]!, 'So stressed about work');
  await addMessage(sql, user, STRESSED_ON[1]!, 'Completely exhausted today');
  return user;
}

async function notificationsOf(sql: SqlClient, userId: string) {
  return sql.query<{ id: string; type: string; created_at: Date }>(
    `select id, type, created_at from public.coach_notifications where user_id = $1 order by created_at`,
    [userId],
  );
}

/** A copy of the migrations folder without ours and any after it: the schema ours installs onto. */
async function migrationsBeforeOurs(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'strukt-before-ledger-'));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, {
    recursive: true,
    filter: (source) => !/\/\d{14}_/.test(source) || source.match(/(\d{14})_[^/]*$/)![1]! < OURS,
  });
  return dir;
}

async function stepsFromOurs(): Promise<number> {
  const files = await readdir(DEFAULT_MIGRATIONS_DIR);
  return files.filter((f) => /^\d{14}_.+\.sql$/.test(f) && f.slice(0, 14) >= OURS).length;
}

describe('a user editing their own notifications', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    await t.sql.exec(
      'truncate coach_notifications, ai_coach_logs, user_profiles, strukt.stress_messages, auth.users cascade',
    );
  });

  const check = (asOf: string, nudges = false) =>
    runTestJob(userStatusJob, t.db, testOptions(asOf, { nudges }));

  it('can still mark a notification read and delivered, and nothing else of another user', async () => {
    const user = await addStressedUser(t.sql);
    const other = await addStressedUser(t.sql);
    await check(CHECK_1);
    const [mine] = await notificationsOf(t.sql, user);
    const [theirs] = await notificationsOf(t.sql, other);

    const updated = await asUser<{ id: string; read: boolean; status: string }>(
      t.sql,
      user,
      `update public.coach_notifications set read = true, status = 'delivered' where id = any ($1::uuid[])
       returning id, read, status`,
      [[mine!.id, theirs!.id]],
    );
    expect(updated).toEqual([{ id: mine!.id, read: true, status: 'delivered' }]);
    const [row] = await t.sql.query<{ read: boolean; status: string }>(
      `select read, status from public.coach_notifications where id = $1`,
      [theirs!.id],
    );
    expect(row).toEqual({ read: false, status: 'pending' });
  });

  it('cannot reset the 3-day cooldown by moving a check-in 10 days back', async () => {
    const user = await addStressedUser(t.sql);
    const first = await check(CHECK_1);
    expect(first.figures['notifications.ai_coach_proactive.normal']).toBe(1);
    const [checkIn] = await notificationsOf(t.sql, user);

    // The attack is real: the policy lets the user rewrite created_at.
    const moved = await asUser(
      t.sql,
      user,
      `update public.coach_notifications set created_at = $2 where id = $1 returning id`,
      [checkIn!.id, TEN_DAYS_BEFORE],
    );
    expect(moved).toHaveLength(1);

    const next = await check(NEXT_DAY);
    expect(next.counts.skipped.cooldown).toBe(1);
    expect(await notificationsOf(t.sql, user)).toHaveLength(1);
  });

  it('cannot reset the 3-day cooldown by changing a check-in’s type', async () => {
    const user = await addStressedUser(t.sql);
    await check(CHECK_1);
    const [checkIn] = await notificationsOf(t.sql, user);
    const changed = await asUser(
      t.sql,
      user,
      `update public.coach_notifications set type = 'reminder' where id = $1 returning id`,
      [checkIn!.id],
    );
    expect(changed).toHaveLength(1);

    const next = await check(NEXT_DAY);
    expect(next.counts.skipped.cooldown).toBe(1);
    expect(await notificationsOf(t.sql, user)).toHaveLength(1);
  });

  it('still gets a check-in once the cooldown has really passed', async () => {
    const user = await addStressedUser(t.sql);
    await check(CHECK_1);
    await addMessage(t.sql, user, '2025-11-07T10:00:00Z', 'So stressed again');
    await addMessage(t.sql, user, '2025-11-08T10:00:00Z', 'Overwhelmed');
    await check('2025-11-09T08:00:00Z');
    expect((await notificationsOf(t.sql, user)).map((n) => n.type)).toEqual([
      'ai_coach_proactive',
      'ai_coach_proactive',
    ]);
  });

  it.each([
    ['moving it before the lapse', `set created_at = '2025-09-01T08:00:00Z'`],
    ['changing its type', `set type = 'reminder'`],
  ])('with nudges on, cannot bring a second nudge in the same lapse by %s', async (_how, change) => {
    const lapsed = await addUser(t.sql);
    await addMessage(t.sql, lapsed, LAST_ACTIVE, 'Great session today');
    const first = await check(LAPSE_CHECK_1, true);
    expect(first.figures['notifications.nudge.low']).toBe(1);
    const [nudge] = await notificationsOf(t.sql, lapsed);

    const edited = await asUser(
      t.sql,
      lapsed,
      `update public.coach_notifications ${change} where id = $1 returning id`,
      [nudge!.id],
    );
    expect(edited).toHaveLength(1);

    const next = await check(LAPSE_CHECK_2, true);
    expect(next.figures['notifications.nudge.low']).toBeUndefined();
    expect(await notificationsOf(t.sql, lapsed)).toHaveLength(1);
  });

  it('takes a deleted user’s ledger rows with them, as their notifications', async () => {
    const user = await addStressedUser(t.sql);
    await check(CHECK_1);
    await t.sql.query('delete from auth.users where id = $1', [user]);
    const [row] = await t.sql.query<{ n: number }>(
      'select count(*)::int as n from strukt.notification_ledger where user_id = $1',
      [user],
    );
    expect(row!.n).toBe(0);
  });

  it('cannot read or write the ledger, as authenticated or anon', async () => {
    const user = await addStressedUser(t.sql);
    await check(CHECK_1);
    for (const statement of [
      'select * from strukt.notification_ledger',
      `update strukt.notification_ledger set created_at = '2025-01-01'`,
      'delete from strukt.notification_ledger',
    ]) {
      await expect(asUser(t.sql, user, statement)).rejects.toMatchObject({ code: PERMISSION_DENIED });
    }
    await t.sql.exec('begin; set local role anon');
    try {
      await expect(t.sql.query('select * from strukt.notification_ledger')).rejects.toMatchObject({
        code: PERMISSION_DENIED,
      });
    } finally {
      await t.sql.exec('rollback');
    }
    const [row] = await t.sql.query<{ n: number }>(
      'select count(*)::int as n from strukt.notification_ledger where user_id = $1',
      [user],
    );
    expect(row!.n).toBe(1);
  });
});

describe('installing the ledger onto notifications already queued', () => {
  let t: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    dir = await migrationsBeforeOurs();
  });
  afterAll(async () => {
    await t?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the cooldown of a check-in queued before the install, even after the user moves it back', async () => {
    t = await createTestDatabase({ migrate: false });
    await migrateUp(t.sql, { dir });
    const user = await addStressedUser(t.sql);
    // In coach_notifications at the install, a day before the check (however it was written).
    await t.sql.query(
      `insert into public.coach_notifications (user_id, message, type, priority, created_at)
       values ($1, 'An earlier check-in.', 'ai_coach_proactive', 'normal', '2025-11-04T08:00:00Z')`,
      [user],
    );
    await migrateUp(t.sql);

    const [checkIn] = await notificationsOf(t.sql, user);
    await asUser(t.sql, user, `update public.coach_notifications set created_at = $2 where id = $1`, [
      checkIn!.id,
      TEN_DAYS_BEFORE,
    ]);
    const report = await runTestJob(userStatusJob, t.db, testOptions(CHECK_1));
    expect(report.counts.skipped.cooldown).toBe(1);
    expect(await notificationsOf(t.sql, user)).toHaveLength(1);
  });

  it('rolls back to the previous functions word for word, with their grants, and drops the ledger', async () => {
    const before = await createTestDatabase({ migrate: false });
    try {
      await migrateUp(before.sql, { dir });
      const notifications = await t.sql.query('select * from public.coach_notifications order by id');
      await migrateDown(t.sql, await stepsFromOurs());
      const definitions = (sql: SqlClient) =>
        sql.query<{ name: string; def: string; acl: string | null }>(
          `select p.oid::regprocedure::text as name, pg_get_functiondef(p.oid) as def, p.proacl::text as acl
           from pg_proc p
           where p.pronamespace = 'public'::regnamespace
             and p.proname in ('cron_status_candidates', 'cron_queue_notifications')
           order by 1`,
        );
      const restored = await definitions(t.sql);
      expect(restored).toHaveLength(2);
      expect(restored).toEqual(await definitions(before.sql));
      const [ledger] = await t.sql.query<{ present: boolean }>(
        `select to_regclass('strukt.notification_ledger') is not null as present`,
      );
      expect(ledger!.present).toBe(false);
      // The app's notifications stay as they were.
      expect(await t.sql.query('select * from public.coach_notifications order by id')).toEqual(
        notifications,
      );
    } finally {
      await before.drop();
    }
  });
});
