import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { addMessage, addUser, addWorkout } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

// Wednesday 08:00 UTC checks. The user was active on 20 Oct and has been quiet since: lapsed
// (quiet for the 7 days before each check, active in the 30 before that) on every one of them.
const LAST_ACTIVE = '2025-10-20T10:00:00Z';
const CHECK_1 = '2025-11-05T08:00:00Z';
const CHECK_2 = '2025-11-12T08:00:00Z';
const CHECK_3 = '2025-11-19T08:00:00Z';

let t: TestDatabase;
let lapsed: string;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await t.sql.exec(
    'truncate coach_notifications, ai_coach_logs, workouts, user_profiles, auth.users cascade',
  );
  lapsed = await addUser(t.sql);
  await addMessage(t.sql, lapsed, LAST_ACTIVE, 'Great session today');
});

const nudges = async (userId: string) =>
  (
    await t.sql.query<{ created_at: Date }>(
      `select created_at from coach_notifications where user_id = $1 and type = 'nudge' order by created_at`,
      [userId],
    )
  ).map((r) => r.created_at.toISOString());

const check = (asOf: string, nudgesOn?: boolean) =>
  runTestJob(userStatusJob, t.db, testOptions(asOf, nudgesOn === undefined ? {} : { nudges: nudgesOn }));

describe('inactivity nudges', () => {
  it('are off by default: a lapsed user gets no nudge, whatever the check', async () => {
    for (const asOf of [CHECK_1, CHECK_2, CHECK_3]) {
      const report = await check(asOf);
      expect(report.status).toBe('success');
      expect(report.figures['notifications.nudge.low']).toBeUndefined();
    }
    expect(await nudges(lapsed)).toEqual([]);
  });

  it('are off with STRUKT_NUDGES unset or off, and on with STRUKT_NUDGES=on', () => {
    expect(loadConfig({}).nudges).toBe(false);
    expect(loadConfig({ STRUKT_NUDGES: 'off' }).nudges).toBe(false);
    expect(loadConfig({ STRUKT_NUDGES: 'ON' }).nudges).toBe(true);
    expect(() => loadConfig({ STRUKT_NUDGES: 'sometimes' })).toThrow(
      /STRUKT_NUDGES: Expected on or off; got "sometimes"/,
    );
  });

  it('when on, nudge a lapsed user once per lapse: not again the next week, nor the week after', async () => {
    const first = await check(CHECK_1, true);
    expect(first.figures['notifications.nudge.low']).toBe(1);
    await check(CHECK_2, true);
    await check(CHECK_3, true);
    expect(await nudges(lapsed)).toEqual([CHECK_1.replace('Z', '.000Z')]);
  });

  it('when on, nudge again only after the user was active and then lapsed again', async () => {
    await check(CHECK_1, true);
    // Back for one workout two days after the nudge, then quiet again for more than a week.
    await addWorkout(t.sql, lapsed, '2025-11-07T18:00:00Z');
    await check(CHECK_2, true);
    await check('2025-11-15T08:00:00Z', true);
    expect(await nudges(lapsed)).toEqual([CHECK_1.replace('Z', '.000Z'), '2025-11-15T08:00:00.000Z']);
  });

  it('leave an active user and a user never active alone, on or off', async () => {
    const active = await addUser(t.sql);
    await addMessage(t.sql, active, '2025-11-04T10:00:00Z', 'Ran 5k');
    const never = await addUser(t.sql);
    await check(CHECK_1, true);
    expect(await nudges(active)).toEqual([]);
    expect(await nudges(never)).toEqual([]);
  });

  it('report the lapse in the candidates even when off, so an operator sees who would be nudged', async () => {
    const [row] = await t.db.call<{
      action: string | null;
      active_before: boolean;
      nudged_this_lapse: boolean;
    }>('cron_status_candidates', { p_as_of: CHECK_1, p_users: [lapsed] });
    expect(row).toMatchObject({ action: null, active_before: true, nudged_this_lapse: false });
  });
});
