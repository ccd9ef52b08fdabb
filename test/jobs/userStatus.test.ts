import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupabaseDb } from '../../src/db/supabase.ts';
import type { Db } from '../../src/db/types.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { addMessage, addMood, addUser, addWorkout, queueNotification } from '../support/fixtures.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';
import { testKeys } from '../support/jwt.ts';
import { startGateway, type Gateway } from '../support/postgrestGateway.ts';
import { runTestJob, testOptions } from '../support/runs.ts';
import type { RunReport } from '../../src/runs/types.ts';

// The status check runs at 08:00 UTC on Wednesday 5 Nov 2025; its window is the 72 hours before.
const AS_OF = '2025-11-05T08:00:00Z';

// Users with one stressful day (no notification due, but the check concerns them): they make the
// run page past PostgREST's 1,000-row cap.
const FILLER_USERS = 1200;
// Users the check does not concern (no stressful day, not lapsed): never read, never counted.
const UNCONCERNED = ['substring', 'negated', 'aiReply', 'quiet'];
const JWT_SECRET = 'test-secret-of-at-least-32-characters!!';

// The same scenarios on the direct transport and on supabase-js through the PostgREST gateway
// (which needs a server URL: skipped only outside CI when TEST_DATABASE_URL is not set).
const transports = runServerSuites ? (['postgres', 'supabase'] as const) : (['postgres'] as const);

describe.each(transports)('on the %s transport', (transport) => {
  let t: TestDatabase;
  let db: Db;
  let gateway: Gateway | undefined;
  const users: Record<string, string> = {};
  let first: RunReport;

  async function notificationsOf(userId: string) {
    return t.sql.query<{ type: string; priority: string; delivery_channel: string; status: string }>(
      `select type, priority, delivery_channel, status from coach_notifications where user_id = $1 and created_at >= $2`,
      [userId, '2025-11-01'],
    );
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.db;
    if (transport === 'supabase') {
      gateway = await startGateway({ databaseUrl: t.url!, jwtSecret: JWT_SECRET });
      db = createSupabaseDb({ url: gateway.url, serviceRoleKey: testKeys(JWT_SECRET).serviceRole });
    }
    const sql = t.sql;
    await sql.exec(`
    insert into auth.users (id) select gen_random_uuid() from generate_series(1, ${FILLER_USERS});
    insert into user_profiles (user_id) select id from auth.users;
    insert into ai_coach_logs (user_id, session_id, user_message, ai_response, "timestamp")
      select id, 's1', 'so stressed at work', 'ok', '2025-11-04T09:00:00Z' from auth.users;`);
    users.substring = await addUser(sql);
    await addMessage(sql, users.substring, '2025-11-03T10:00:00Z', 'I downloaded the new playlist');
    await addMessage(sql, users.substring, '2025-11-04T10:00:00Z', 'Walked downtown after work');

    users.negated = await addUser(sql);
    await addMessage(sql, users.negated, '2025-11-03T10:00:00Z', 'Honestly not stressed at all this week');
    await addMessage(sql, users.negated, '2025-11-04T10:00:00Z', "I'm no longer anxious about the race");

    users.aiReply = await addUser(sql);
    await addMessage(
      sql,
      users.aiReply,
      '2025-11-03T10:00:00Z',
      'Finished my run',
      'You sound stressed — take care!',
    );
    await addMessage(
      sql,
      users.aiReply,
      '2025-11-04T10:00:00Z',
      'Ate well today',
      'Feeling overwhelmed is normal.',
    );

    users.moodOnly = await addUser(sql);
    await addMood(sql, users.moodOnly, '2025-11-03', 6, 8);
    await addMood(sql, users.moodOnly, '2025-11-04', 2, 4);

    users.twoDays = await addUser(sql);
    await addMessage(sql, users.twoDays, '2025-11-03T10:00:00Z', 'So stressed about work');
    await addMessage(sql, users.twoDays, '2025-11-04T10:00:00Z', 'Completely exhausted today');

    users.threeDays = await addUser(sql);
    await addMessage(sql, users.threeDays, '2025-11-02T12:00:00Z', 'Feeling stressed');
    await addMessage(sql, users.threeDays, '2025-11-03T12:00:00Z', 'Really tired');
    await addMessage(sql, users.threeDays, '2025-11-04T12:00:00Z', 'A bit sad tonight');

    // UTC+10 (no DST): 13:30Z and 14:30Z on 3 Nov are 23:30 on the 3rd and 00:30 on the 4th there.
    users.tzTwoLocalDays = await addUser(sql, { timezone: 'Australia/Brisbane' });
    await addMessage(sql, users.tzTwoLocalDays, '2025-11-03T13:30:00Z', 'stressed before bed');
    await addMessage(sql, users.tzTwoLocalDays, '2025-11-03T14:30:00Z', 'still stressed, cannot sleep');
    // ...and 23:30Z on the 3rd and 00:30Z on the 4th are the same morning there: one day.
    users.tzOneLocalDay = await addUser(sql, { timezone: 'Australia/Brisbane' });
    await addMessage(sql, users.tzOneLocalDay, '2025-11-03T23:30:00Z', 'stressed at breakfast');
    await addMessage(sql, users.tzOneLocalDay, '2025-11-04T00:30:00Z', 'still stressed at the office');

    // A zone PostgreSQL does not know falls back to UTC: 13:30Z and 14:30Z on the 3rd are one day.
    users.tzUnknown = await addUser(sql, { timezone: 'Mars/Olympus_Mons' });
    await addMessage(sql, users.tzUnknown, '2025-11-03T13:30:00Z', 'stressed before bed');
    await addMessage(sql, users.tzUnknown, '2025-11-03T14:30:00Z', 'still stressed, cannot sleep');
    // A zone PostgreSQL knows but the strukt.time_zones copy lacks (as after a tzdata update) is
    // still honoured: UTC+10 makes the same two messages two local days.
    await sql.exec(`delete from strukt.time_zones where name = 'Australia/Lindeman'`);
    users.tzNotCopied = await addUser(sql, { timezone: 'Australia/Lindeman' });
    await addMessage(sql, users.tzNotCopied, '2025-11-03T13:30:00Z', 'stressed before bed');
    await addMessage(sql, users.tzNotCopied, '2025-11-03T14:30:00Z', 'still stressed, cannot sleep');

    users.cooldown = await addUser(sql);
    await addMessage(sql, users.cooldown, '2025-11-03T10:00:00Z', 'overwhelmed');
    await addMessage(sql, users.cooldown, '2025-11-04T10:00:00Z', 'struggling');
    await queueNotification(
      sql,
      users.cooldown,
      'ai_coach_proactive',
      '2025-11-03T08:00:00Z',
      'earlier check-in',
    );

    users.inactive = await addUser(sql);
    await addWorkout(sql, users.inactive, '2025-10-21T18:00:00Z');

    users.quiet = await addUser(sql);

    // How the check-ins are written: tone (as the app may spell it), persona and name.
    await sql.query(
      `update user_profiles set full_name = 'Maya Patel', coaching_tone = 'direct' where user_id = $1`,
      [users.moodOnly],
    );
    await sql.query(
      `update user_profiles set full_name = 'Liam Okafor', coaching_tone = 'Cheerleader', coaching_persona = 'motivator'
       where user_id = $1`,
      [users.twoDays],
    );

    // Nudges on (they are opt-in, test/jobs/nudges.test.ts), so the flag reaches SQL on both transports.
    first = await runTestJob(userStatusJob, db, testOptions(AS_OF, { nudges: true }));
  });

  afterAll(async () => {
    await gateway?.close();
    await t?.drop();
  });

  describe('user status check', () => {
    it('checks every user the decision concerns and reports the seed message', () => {
      const concerned = Object.keys(users).length - UNCONCERNED.length + FILLER_USERS;
      expect(first.status).toBe('success');
      expect(first.counts.considered).toBe(concerned);
      expect(first.message).toBe(`Checked ${concerned} users, triggered 6 notifications`);
      expect(first.recorded).toBe(true);
    });

    it.each([
      ['substring', 'a word that merely contains a keyword (download, downtown)'],
      ['negated', 'negated statements (not stressed, no longer anxious)'],
      ['aiReply', "the AI's replies mentioning stress"],
      ['tzOneLocalDay', 'two UTC days that are one day in the user timezone'],
      ['tzUnknown', 'a timezone PostgreSQL does not know, counted in UTC days'],
      ['quiet', 'a user with no activity at all'],
    ])('queues nothing for %s: %s', async (name) => {
      expect(await notificationsOf(users[name]!)).toEqual([]);
    });

    it.each([
      ['moodOnly', 'normal', 'two days of high stress or low mood logs'],
      ['twoDays', 'normal', 'two days with stressed messages'],
      ['threeDays', 'high', 'three stressful days'],
      ['tzTwoLocalDays', 'normal', 'two local days in UTC+10 that are one UTC day'],
      ['tzNotCopied', 'normal', 'the same in a zone missing from strukt.time_zones'],
    ])('queues one proactive check-in for %s with priority %s (%s)', async (name, priority) => {
      expect(await notificationsOf(users[name]!)).toEqual([
        { type: 'ai_coach_proactive', priority, delivery_channel: 'in-app', status: 'pending' },
      ]);
      expect(first.results).toContainEqual(
        expect.objectContaining({ userId: users[name], type: 'ai_coach_proactive', priority }),
      );
    });

    it("writes each check-in in the user's tone and by first name, after what the evidence was, quoting nothing", async () => {
      const messageOf = async (name: string) => {
        const rows = await t.sql.query<{ message: string }>(
          `select message from coach_notifications where user_id = $1 and created_at >= $2`,
          [users[name], '2025-11-01'],
        );
        return rows[0]!.message;
      };
      expect(await messageOf('moodOnly')).toMatch(/^Maya, your check-ins show a rough stretch/);
      expect(await messageOf('twoDays')).toMatch(
        /^Hey Liam! Sounds like the last few days have thrown a lot at you/,
      );
      expect(await messageOf('threeDays')).toMatch(/^Hi Testperson, three hard days in a row/);
      for (const name of ['moodOnly', 'twoDays', 'threeDays']) {
        expect(await messageOf(name)).not.toMatch(/Patel|Okafor|Example|work|stressed|exhausted|tired|sad/i);
      }
      for (const [name, evidence] of [
        ['moodOnly', 'mood'],
        ['twoDays', 'messages'],
        ['threeDays', 'streak'],
      ] as const) {
        expect(first.results).toContainEqual(expect.objectContaining({ userId: users[name], evidence }));
      }
    });

    it('respects the 3-day cooldown', async () => {
      const rows = await notificationsOf(users.cooldown!);
      expect(rows).toHaveLength(1); // only the earlier one
      expect(first.counts.skipped.cooldown).toBe(1);
    });

    it('with nudges on, nudges a user quiet for a week after being active, with low priority', async () => {
      expect(await notificationsOf(users.inactive!)).toEqual([
        { type: 'nudge', priority: 'low', delivery_channel: 'in-app', status: 'pending' },
      ]);
    });

    it('writes nothing new when run again, or six hours later', async () => {
      const count = async () =>
        (await t.sql.query<{ n: number }>('select count(*)::int as n from coach_notifications'))[0]!.n;
      const before = await count();
      const again = await runTestJob(userStatusJob, db, testOptions(AS_OF));
      const later = await runTestJob(userStatusJob, db, testOptions('2025-11-05T14:00:00Z'));
      expect(await count()).toBe(before);
      expect(again.message).toMatch(/triggered 0 notifications$/);
      expect(later.message).toMatch(/triggered 0 notifications$/);
    });

    it('records one system_cron_logs row per run with honest figures', async () => {
      const rows = await t.sql.query<{
        function_name: string;
        run_status: string;
        attempts: number;
        details: { counts: { considered: number } };
      }>(
        `select function_name, run_status, attempts, details from admin.system_cron_logs where run_id = $1`,
        [first.runId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ function_name: 'checkUserStatus', run_status: 'success', attempts: 1 });
      expect(rows[0]!.details.counts.considered).toBe(
        Object.keys(users).length - UNCONCERNED.length + FILLER_USERS,
      );
    });

    it('decides without writing on a dry run', async () => {
      const fresh = await addUser(t.sql);
      await addMessage(t.sql, fresh, '2025-11-03T10:00:00Z', 'stressed');
      await addMessage(t.sql, fresh, '2025-11-04T10:00:00Z', 'upset');
      const logsBefore = (
        await t.sql.query<{ n: number }>('select count(*)::int as n from admin.system_cron_logs')
      )[0]!.n;
      const dry = await runTestJob(userStatusJob, db, testOptions(AS_OF, { dryRun: true }));
      expect(dry.results).toEqual([
        expect.objectContaining({ userId: fresh, priority: 'normal', stressfulDays: 2 }),
      ]);
      expect(await notificationsOf(fresh)).toEqual([]);
      expect(
        (await t.sql.query<{ n: number }>('select count(*)::int as n from admin.system_cron_logs'))[0]!.n,
      ).toBe(logsBefore);
    });
  });
});
