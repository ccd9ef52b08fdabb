import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiWriter } from '../../src/ai/openaiWriter.ts';
import { withFallback } from '../../src/ai/withFallback.ts';
import { planRefreshJob } from '../../src/jobs/planRefresh.ts';
import type { RunReport } from '../../src/runs/types.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startFakeOpenAI } from '../support/fakeOpenAI.ts';
import { addMessage, addMood, addPlan, addUser, addWorkout } from '../support/fixtures.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

const AS_OF = '2025-11-10T06:00:00Z';

let t: TestDatabase;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
const u: Record<string, string> = {};
let first: RunReport;

const openai = () =>
  withFallback(
    createOpenAiWriter({
      apiKey: 'sk-test-key',
      baseURL: fake.url,
      model: 'gpt-4o-mini',
      sleep: async () => {},
    }),
  );

async function plansOf(userId: string) {
  return t.sql.query<{
    version: number;
    generation_method: string;
    fallback_reason: string | null;
    wellness_context: Record<string, unknown>;
    profile_snapshot: Record<string, unknown>;
    plan_data: Record<string, unknown>;
  }>(
    `select version, generation_method, fallback_reason, wellness_context, profile_snapshot, plan_data from plans where user_id = $1 order by version`,
    [userId],
  );
}

beforeAll(async () => {
  t = await createTestDatabase();
  fake = await startFakeOpenAI();
  u.noPlan = await addUser(t.sql, {
    consent: true,
    fullName: 'Oriane',
    email: 'oriane@example.test',
    injuries: ['knee'],
  });
  await addWorkout(t.sql, u.noPlan, '2025-11-08T10:00:00Z', 50);
  await addMessage(t.sql, u.noPlan, '2025-11-08T10:00:00Z', 'so stressed');
  await addMessage(t.sql, u.noPlan, '2025-11-09T10:00:00Z', 'exhausted');
  await addMood(t.sql, u.noPlan, '2025-11-09', 4, 8);
  u.stale = await addUser(t.sql, { consent: false });
  await addPlan(t.sql, u.stale, 1, '2025-10-01T06:00:00Z');
  u.fresh = await addUser(t.sql, { consent: true });
  await addPlan(t.sql, u.fresh, 3, '2025-11-05T06:00:00Z');
  u.notOnboarded = await addUser(t.sql, { consent: true, onboarding: false });
  first = await runTestJob(planRefreshJob, t.db, testOptions(AS_OF), { ai: openai() });
});

afterAll(async () => {
  await fake?.close();
  await t?.drop();
});

describe('plan refresh', () => {
  it('plans for users with no plan or a stale one, and no one else', async () => {
    expect(first.status).toBe('success');
    expect(first.message).toBe('Generated 2 plans');
    expect((await plansOf(u.noPlan!)).map((p) => [p.version, p.generation_method])).toEqual([[1, 'ai']]);
    expect((await plansOf(u.stale!)).map((p) => [p.version, p.generation_method, p.fallback_reason])).toEqual(
      [
        [1, 'manual', null],
        [2, 'fallback', 'no_openai_consent'],
      ],
    );
    expect(await plansOf(u.fresh!)).toHaveLength(1);
    expect(await plansOf(u.notOnboarded!)).toHaveLength(0);
  });

  it('stores the wellness context and a profile snapshot without name or email', async () => {
    const [plan] = await plansOf(u.noPlan!);
    expect(plan!.wellness_context).toMatchObject({
      workouts: 1,
      workoutMinutes: 50,
      stressfulDays: 2,
      avgStress: 8,
    });
    expect(plan!.profile_snapshot).toMatchObject({ injuries: ['knee'], daysPerWeek: 3 });
    expect(JSON.stringify(plan!.profile_snapshot)).not.toMatch(/Oriane|oriane@example/);
    expect(Object.keys(plan!.plan_data).sort()).toEqual(['coaching', 'nutrition', 'recovery', 'training']);
    expect(JSON.stringify(fake.requests)).not.toMatch(/Oriane|oriane@example|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('writes nothing new when run again, and a new version when a user is named', async () => {
    const again = await runTestJob(planRefreshJob, t.db, testOptions(AS_OF), { ai: openai() });
    expect(again.message).toBe('Generated 0 plans');
    const named = await runTestJob(planRefreshJob, t.db, testOptions(AS_OF, { users: [u.fresh!] }), {
      ai: openai(),
    });
    expect(named.message).toBe('Generated 1 plans');
    expect((await plansOf(u.fresh!)).map((p) => p.version)).toEqual([3, 4]);
  });
});
