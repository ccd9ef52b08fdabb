/**
 * A run's progress, as a terminal shows it (RunDeps.onProgress): users done as they finish, and
 * the total from one count query beside the run, made only when someone watches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineWriter } from '../../src/ai/offlineWriter.ts';
import { jobFor } from '../../src/jobs/index.ts';
import type { JobName } from '../../src/domain/jobs.ts';
import { runJob } from '../../src/runs/runJob.ts';
import type { RunProgress } from '../../src/runs/tally.ts';
import { seedSampleData } from '../../src/seed/load.ts';
import { countingDb } from '../support/countingDb.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { testOptions } from '../support/runs.ts';

const AS_OF = '2025-11-10T07:00:00Z';
const COUNT_FUNCTION: Record<JobName, string> = {
  'weekly-digest': 'cron_digest_pending_count',
  'user-status': 'cron_status_pending_count',
  'plan-refresh': 'cron_plan_pending_count',
};

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedSampleData(t.sql, { users: 60, seed: 5, asOf: new Date(AS_OF) });
});

afterAll(async () => {
  await t?.drop();
});

async function run(job: JobName, watch: boolean) {
  const db = countingDb(t.db);
  const seen: RunProgress[] = [];
  const template = createOfflineWriter('template');
  // Dry runs: every job decides the same users again for each test.
  const report = await runJob(jobFor(job), testOptions(AS_OF, { dryRun: true, pageSize: 7 }), {
    db,
    ai: template,
    template,
    sleep: async () => {},
    ...(watch ? { onProgress: (p: RunProgress) => seen.push(p) } : {}),
  });
  return { report, seen, counts: db.calls.get(COUNT_FUNCTION[job]) ?? 0 };
}

describe.each(['weekly-digest', 'user-status', 'plan-refresh'] as const)('%s', (job) => {
  it('reports users done as they finish, up to the counted total', async () => {
    const { report, seen, counts } = await run(job, true);
    expect(report.status).toBe('success');
    expect(report.counts.considered).toBeGreaterThan(7);
    expect(counts).toBe(1);
    const last = seen.at(-1)!;
    expect(last).toEqual({ done: report.counts.considered, total: report.counts.considered });
    // Done only grows, one page or one user at a time, never past what was read.
    const dones = seen.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(new Set(dones).size).toBeGreaterThan(2);
  });

  it('makes no count query and keeps no progress when nobody watches', async () => {
    const { report, seen, counts } = await run(job, false);
    expect(report.status).toBe('success');
    expect(seen).toEqual([]);
    expect(counts).toBe(0);
  });
});
