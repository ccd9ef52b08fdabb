/**
 * The AI jobs keep as many users in progress as the writer can use (`--concurrency` auto), across
 * page boundaries, so a page's slowest answers never drain the writer; an explicit concurrency
 * still caps it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineWriter } from '../../src/ai/offlineWriter.ts';
import type { AiWriter } from '../../src/ai/types.ts';
import { planRefreshJob } from '../../src/jobs/planRefresh.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import type { Job } from '../../src/runs/runJob.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

const USERS = 60;
const PAGE = 10;
const AS_OF = '2025-11-09T21:00:00Z';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  // Onboarded, consenting users with a workout in the digest's period: candidates of both jobs.
  await t.sql.exec(`
    insert into auth.users (id) select gen_random_uuid() from generate_series(1, ${USERS});
    insert into user_profiles (user_id, onboarding_completed, days_per_week, session_minutes)
      select id, true, 3, 45 from auth.users;
    insert into user_consents (user_id, consent_type, granted, granted_at)
      select id, 'openai_processing', true, '2025-01-01T00:00:00Z' from auth.users;
    insert into workouts (user_id, type, workout_type, duration_minutes, workout_date, date)
      select id, 'strength', 'strength', 30, '2025-11-07T10:00:00Z', '2025-11-07' from auth.users;`);
}, 60_000);

afterAll(async () => {
  await t?.drop();
});

/**
 * An AI writer that says it can use `capacity` calls at once and answers only once `releaseAt`
 * calls are in progress, or when nothing more can come: so the most it sees in progress is what
 * the job fed it, whatever the machine's speed.
 */
function feedMeter(capacity: number, users: number, releaseAt = capacity): AiWriter & { most: () => number } {
  const offline = createOfflineWriter('template');
  const waiting: Array<() => void> = [];
  let inProgress = 0;
  let most = 0;
  let started = 0;
  const hold = async () => {
    inProgress += 1;
    started += 1;
    most = Math.max(most, inProgress);
    const released = new Promise<void>((resolve) => waiting.push(resolve));
    if (inProgress >= releaseAt || started === users) for (const release of waiting.splice(0)) release();
    await released;
    inProgress -= 1;
  };
  return {
    ...offline,
    kind: 'openai',
    capacity: () => capacity,
    most: () => most,
    async writeDigest(facts, ctx) {
      await hold();
      return { ...(await offline.writeDigest(facts, ctx)), method: 'ai' };
    },
    async writePlan(input, ctx) {
      await hold();
      return { ...(await offline.writePlan(input, ctx)), method: 'ai' };
    },
  };
}

describe.each([
  ['weekly-digest', weeklyDigestJob],
  ['plan-refresh', planRefreshJob],
] as Array<[string, Job]>)('%s', (_name, job) => {
  it("keeps the writer's capacity in progress across pages when concurrency is auto", async () => {
    const ai = feedMeter(25, USERS);
    const report = await runTestJob(
      job,
      t.db,
      testOptions(AS_OF, { concurrency: null, pageSize: PAGE, dryRun: false }),
      {
        ai,
      },
    );
    expect(report.status).toBe('success');
    expect(report.counts.succeeded).toBe(USERS);
    // 25 in progress with pages of 10: three pages' users at once.
    expect(ai.most()).toBe(25);
    await t.sql.exec('delete from ai_coach_notes; delete from plans');
  });

  it('stays under an explicit concurrency', async () => {
    const ai = feedMeter(25, USERS, 4);
    const report = await runTestJob(job, t.db, testOptions(AS_OF, { concurrency: 4, pageSize: PAGE }), {
      ai,
    });
    expect(report.counts.succeeded).toBe(USERS);
    expect(ai.most()).toBe(4);
    await t.sql.exec('delete from ai_coach_notes; delete from plans');
  });
});
