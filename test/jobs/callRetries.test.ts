/**
 * A run's `attempts` counts tries of its own database work; OpenAI call retries are counted apart
 * (details.ai) and judged by their own threshold. Four weekly digest runs against an OpenAI that
 * fails 30% of requests: every run records attempts 1 and its retried calls, and the health check
 * raises the call-retry-rate alert, not the retry-rate one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiWriter } from '../../src/ai/openaiWriter.ts';
import { withFallback } from '../../src/ai/withFallback.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import { runHealthCheck } from '../../src/health/check.ts';
import { readMonitoringReport } from '../../src/monitoring/report.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import type { RunReport } from '../../src/runs/types.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI.ts';
import { addUser, addWorkout } from '../support/fixtures.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

const USERS = 25;
/** Four Sunday 20:00 slots; each run is an hour after its slot. */
const SLOTS = ['2025-10-19', '2025-10-26', '2025-11-02', '2025-11-09'].map((d) =>
  Date.parse(`${d}T20:00:00Z`),
);
const DAY = 86_400_000;

let t: TestDatabase;
let fake: FakeOpenAI;
const reports: RunReport[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  // Faults a retry can fix, on 30% of requests, the same ones every time (seeded).
  fake = await startFakeOpenAI({ faults: { rate: 0.3, kinds: ['server_error', 'malformed'], seed: 7 } });
  for (let i = 0; i < USERS; i++) {
    const id = await addUser(t.sql, { consent: true });
    for (const slot of SLOTS) await addWorkout(t.sql, id, new Date(slot - 2 * DAY).toISOString());
  }
  for (const slot of SLOTS) {
    const ai = withFallback(
      createOpenAiWriter({
        apiKey: 'sk-test-key',
        baseURL: fake.url,
        model: 'gpt-4o-mini',
        sleep: async () => {},
      }),
    );
    reports.push(
      await runTestJob(weeklyDigestJob, t.db, testOptions(new Date(slot + 3_600_000).toISOString()), { ai }),
    );
  }
});

afterAll(async () => {
  await fake?.close();
  await t?.drop();
});

describe('a digest run while 30% of OpenAI requests fail', () => {
  it('succeeds with attempts 1: its own database work needed no retry', () => {
    for (const report of reports) {
      expect(report).toMatchObject({ status: 'success', attempts: 1, recorded: true });
      expect(report.counts.succeeded).toBe(USERS);
    }
  });

  it('counts its OpenAI calls and the retried ones apart, as sent', () => {
    const retried = reports.map((r) => r.ai.retriedCalls);
    expect(reports.map((r) => r.ai.calls)).toEqual([USERS, USERS, USERS, USERS]);
    expect(Math.min(...retried)).toBeGreaterThan(0);
    // Every request beyond one per call was a retry of some call.
    const extraRequests = fake.requests.length - USERS * SLOTS.length;
    const sum = retried.reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThanOrEqual(extraRequests);
  });

  it('records attempts 1 and the call retries in details.ai', async () => {
    const rows = await t.sql.query<{
      run_id: string;
      attempts: number;
      ai: { calls: number; retried_calls: number };
    }>(`select run_id::text, attempts, details->'ai' as ai from admin.system_cron_logs order by run_time`);
    expect(rows).toEqual(
      reports.map((r) => ({
        run_id: r.runId,
        attempts: 1,
        ai: { calls: USERS, retried_calls: r.ai.retriedCalls },
      })),
    );
  });

  it('raises the call-retry-rate alert and no retry-rate or error-rate alert', async () => {
    const result = await runHealthCheck(
      { db: t.db, github: null, now: new Date(), log: silentLogger },
      { jobs: ['weekly-digest'], dryRun: true, catchUp: false },
    );
    const [health] = result.health;
    expect(health?.figures.retryRate).toBe(0);
    expect(health?.checks['retry-rate'].state).toBe('ok');
    expect(health?.checks['error-rate'].state).toBe('ok');
    expect(health?.figures.calls).toBe(USERS * SLOTS.length);
    expect(health?.checks['call-retry-rate'].state).toBe('breach');
    const creates = result.ops.filter((op) => op.type === 'create');
    expect(creates.map((op) => op.kind)).toContain('call-retry-rate');
    expect(creates.map((op) => op.kind)).not.toContain('retry-rate');
    expect(creates.map((op) => op.kind)).not.toContain('error-rate');
    expect(creates.find((op) => op.kind === 'call-retry-rate')).toMatchObject({
      title: '[cron-alert] weekly-digest: OpenAI call retry rate above threshold',
    });
  });

  it('reports the retry-needed rate as 0% and the call retry rate beside it', async () => {
    const report = await readMonitoringReport(t.db, 30, new Date());
    const retried = reports.reduce((sum, r) => sum + r.ai.retriedCalls, 0);
    expect(report.retryRates).toEqual([
      { function_name: 'generateWeeklyDigest', runs: 4, retried: 0, retry_rate_pct: 0 },
    ]);
    expect(report.callRetryRates).toEqual([
      {
        function_name: 'generateWeeklyDigest',
        runs: 4,
        calls: USERS * SLOTS.length,
        retried_calls: retried,
        call_retry_rate_pct: Math.round((10_000 * retried) / (USERS * SLOTS.length)) / 100,
      },
    ]);
  });
});
