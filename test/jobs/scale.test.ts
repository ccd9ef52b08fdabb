import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRefreshJob } from '../../src/jobs/planRefresh.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { countingDb } from '../support/countingDb.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

const USERS = 5000;
const PAGE = 1000;
// Lease acquire and release, the run record: calls every run makes whatever its size.
const CONSTANT = 3;

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  // 5,000 onboarded users, each with a stressed message on two days and a workout: everyone is
  // a candidate of every job.
  await t.sql.exec(`
    insert into auth.users (id) select gen_random_uuid() from generate_series(1, ${USERS});
    insert into user_profiles (user_id, onboarding_completed, days_per_week, session_minutes)
      select id, true, 3, 45 from auth.users;
    insert into ai_coach_logs (user_id, session_id, user_message, ai_response, "timestamp")
      select id, 'scale', 'so stressed', 'Take it one step at a time.', '2025-11-08T10:00:00Z'::timestamptz
      from auth.users
      union all select id, 'scale', 'exhausted', 'Rest counts too.', '2025-11-09T10:00:00Z'::timestamptz
      from auth.users;
    insert into workouts (user_id, type, workout_type, duration_minutes, workout_date, date)
      select id, 'strength', 'strength', 30, '2025-11-07T10:00:00Z', '2025-11-07' from auth.users;`);
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

describe('database calls grow with pages, not users', () => {
  it.each([
    ['user-status', userStatusJob, 1 /* one queue call per page */],
    ['weekly-digest', weeklyDigestJob, 1 /* one save call per page */],
    ['plan-refresh', planRefreshJob, 1 /* one save call per page */],
  ])(
    '%s over 5,000 users makes at most ⌈5000/1000⌉ reads and writes plus a constant',
    async (_name, job, writesPerPage) => {
      const db = countingDb(t.db);
      const report = await runTestJob(job, db, testOptions('2025-11-09T21:00:00Z', { pageSize: PAGE }));
      expect(report.status).toBe('success');
      expect(report.counts.succeeded).toBe(USERS);
      const pages = Math.ceil(USERS / PAGE);
      // +1 read: the last page is full, so one more (empty) read proves the end.
      expect(db.total()).toBeLessThanOrEqual(pages * (1 + writesPerPage) + 1 + CONSTANT);
    },
  );
});
