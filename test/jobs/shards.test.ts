import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRefreshJob } from '../../src/jobs/planRefresh.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import type { Job } from '../../src/runs/runJob.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { seedSampleData } from '../../src/seed/load.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

// Two databases with the same sample data: one job run without shards on the first, shards
// 0–3 of 4 at once on the second. What they write must be the same rows.
const AS_OF = '2025-10-27T08:00:00Z';
const USERS = 1500;
const SHARDS = 4;

/** What each job writes, without ids and clock columns, in a stable order. */
const WRITTEN: Record<string, string> = {
  'weekly-digest': `select user_id, type, period_start, period_end, generation_method, model, note
                    from ai_coach_notes order by user_id, period_start`,
  'user-status': `select user_id, type, priority, delivery_channel, status, message, created_at
                  from coach_notifications order by user_id, type, created_at`,
  'plan-refresh': `select user_id, version, generation_method, fallback_reason, is_valid,
                          md5(plan_data::text) as plan, md5(wellness_context::text) as wellness
                   from plans order by user_id, version`,
};

let whole: TestDatabase;
let sharded: TestDatabase;

beforeAll(async () => {
  [whole, sharded] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  for (const t of [whole, sharded]) {
    await seedSampleData(t.sql, { users: USERS, seed: 11, asOf: new Date(AS_OF) });
  }
}, 180_000);

afterAll(async () => {
  await whole?.drop();
  await sharded?.drop();
});

async function written(sql: SqlClient, job: string) {
  return sql.query<Record<string, unknown>>(WRITTEN[job]!);
}

describe(`shards 0–${SHARDS - 1} of ${SHARDS} together write what one run writes`, () => {
  it.each([
    ['weekly-digest', weeklyDigestJob],
    ['user-status', userStatusJob],
    ['plan-refresh', planRefreshJob],
  ] as Array<[string, Job]>)('%s', async (name, job) => {
    const before = (await written(sharded.sql, name)).length;
    const one = await runTestJob(job, whole.db, testOptions(AS_OF));
    const parts = await Promise.all(
      Array.from({ length: SHARDS }, (_, index) =>
        runTestJob(job, sharded.db, testOptions(AS_OF, { shard: { index, count: SHARDS } })),
      ),
    );
    expect(one.status).toBe('success');
    expect(parts.map((r) => r.status)).toEqual(Array(SHARDS).fill('success'));
    // Every shard had work: the split is real, not one shard doing everything.
    for (const part of parts) expect(part.counts.succeeded).toBeGreaterThan(0);
    expect(parts.reduce((n, r) => n + r.counts.considered, 0)).toBe(one.counts.considered);
    expect(parts.reduce((n, r) => n + r.counts.succeeded, 0)).toBe(one.counts.succeeded);

    const expected = await written(whole.sql, name);
    expect(expected.length).toBeGreaterThan(before);
    expect(await written(sharded.sql, name)).toEqual(expected);
  });
});
