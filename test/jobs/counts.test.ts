/**
 * Counts add up (DESIGN §5): considered = succeeded + failed + skipped + remaining, for every job,
 * run here and invoked through its edge function, when a time budget stops the run early. Time
 * is a test clock that writing a text or reading a page of candidates moves on, so the budget
 * runs out at the same place every time; pages of 3 make a run span several pages, as a real
 * one of thousands of users does with pages of 1,000.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { invokeJob } from '../../src/actions/invokeJob.ts';
import type { RunJobInputs } from '../../src/actions/runJobInputs.ts';
import { createOfflineWriter } from '../../src/ai/offlineWriter.ts';
import { QuotaExceededError, type AiWriter } from '../../src/ai/types.ts';
import type { Db } from '../../src/db/types.ts';
import { createHandler } from '../../src/functions/handler.ts';
import { invokeFunction, summarizeInvocation } from '../../src/functions/invoke.ts';
import { startNodeServer, type NodeServer } from '../../src/functions/nodeServer.ts';
import { jobFor } from '../../src/jobs/index.ts';
import { getJob, type JobName } from '../../src/domain/jobs.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { runJob } from '../../src/runs/runJob.ts';
import type { RunCounts, RunReport } from '../../src/runs/types.ts';
import type { RunOptions } from '../../src/domain/runRequest.ts';
import { CRON_SECRET, testConfig } from '../functions/helpers.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { addMessage, addUser, addWorkout, queueNotification, resetData } from '../support/fixtures.ts';
import { testOptions } from '../support/runs.ts';

const USERS = 11;
const PAGE_SIZE = 3;
const BUDGET_MS = 1_000;
/** Test-clock cost of one written digest or plan, and of one page of candidates. */
const WRITE_MS = 300;
const READ_MS = 400;

const AS_OF: Record<JobName, string> = {
  // An hour after the Sunday slot: the period is 2 Nov 20:00 → 9 Nov 20:00.
  'weekly-digest': '2025-11-09T21:00:00Z',
  // The 72 hours before 5 Nov 08:00.
  'user-status': '2025-11-05T08:00:00Z',
  'plan-refresh': '2025-11-10T06:00:00Z',
};

/** Ids in a known order, so the users a budget leaves undone are always the same. */
const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

let t: TestDatabase;
const clock = { ms: Date.parse('2025-11-10T00:00:00Z') };
const now = () => clock.ms;
let writes = 0;

/**
 * Offline writing that takes WRITE_MS of the test clock. `fail: 'first'` fails the first text;
 * `fail: 'quota'` runs out of OpenAI quota at the third, which stops the whole run.
 */
function slowWriter(fail: Failure = null): AiWriter {
  const offline = createOfflineWriter('template');
  const spend = () => {
    clock.ms += WRITE_MS;
    writes += 1;
    if (fail === 'first' && writes === 1) throw new Error('writer broke for this one user');
    if (fail === 'quota' && writes >= 3)
      throw new QuotaExceededError('OpenAI quota exhausted (insufficient_quota)');
  };
  return {
    ...offline,
    async writeDigest(facts, ctx) {
      spend();
      return offline.writeDigest(facts, ctx);
    },
    async writePlan(input, ctx) {
      spend();
      return offline.writePlan(input, ctx);
    },
  };
}

/** The test database, where each page of candidates takes READ_MS of the test clock. */
function slowDb(db: Db): Db {
  return {
    transport: db.transport,
    close: () => db.close(),
    async call<Row>(fn: string, args?: Record<string, unknown>): Promise<Row[]> {
      if (fn.endsWith('_candidates')) clock.ms += READ_MS;
      return db.call<Row>(fn, args);
    },
  };
}

/** Runs a job the way every entry point does, on the test clock and pages of PAGE_SIZE. */
type Failure = 'first' | 'quota' | null;

function run(job: JobName, options: RunOptions, fail: Failure = null): Promise<RunReport> {
  writes = 0;
  return runJob(
    jobFor(job),
    { ...options, pageSize: PAGE_SIZE, concurrency: 1 },
    {
      db: slowDb(t.db),
      ai: slowWriter(fail),
      template: slowWriter(fail),
      now,
      sleep: async () => {},
    },
  );
}

function skippedOf(counts: Pick<RunCounts, 'skipped'>): number {
  return Object.values(counts.skipped).reduce((sum, n) => sum + n, 0);
}

function expectCountsAddUp(counts: RunCounts): void {
  expect(counts.considered).toBe(counts.succeeded + counts.failed + skippedOf(counts) + counts.remaining);
}

/**
 * Eleven active, consenting, onboarded users. The first three had two stressful days; the first
 * of them was already checked on two days ago, so the status check skips it for the cooldown. The
 * other eight had one stressful day: the status check concerns (and pages through) all eleven.
 */
async function seed(): Promise<void> {
  await resetData(t.sql);
  for (let i = 1; i <= USERS; i++) {
    const id = await addUser(t.sql, { id: idOf(i), consent: true });
    await addWorkout(t.sql, id, '2025-11-04T10:00:00Z');
    if (i <= 3) {
      await addMessage(t.sql, id, '2025-11-03T09:00:00Z', 'so stressed about work');
      await addMessage(t.sql, id, '2025-11-04T09:00:00Z', 'feeling overwhelmed again');
    } else {
      await addMessage(t.sql, id, '2025-11-04T09:00:00Z', 'a bit stressed today');
    }
  }
  await queueNotification(t.sql, idOf(1), 'ai_coach_proactive', '2025-11-03T08:00:00Z');
}

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
});

beforeEach(seed);

describe('counts add up when a time budget stops a run early', () => {
  it.each(['weekly-digest', 'plan-refresh'] as const)(
    '%s: the unread candidates are considered and remaining, and the next run takes exactly them',
    async (job) => {
      const partial = await run(job, testOptions(AS_OF[job], { timeBudgetMs: BUDGET_MS }));
      expect(partial.status).toBe('partial_success');
      expect(partial.counts).toMatchObject({ considered: USERS, succeeded: 2, failed: 0, remaining: 9 });
      expectCountsAddUp(partial.counts);

      const rest = await run(job, testOptions(AS_OF[job]));
      expect(rest.status).toBe('success');
      expect(rest.counts).toMatchObject({ considered: 9, succeeded: 9, remaining: 0 });
      expectCountsAddUp(rest.counts);
    },
  );

  it('weekly-digest: a user whose text failed is failed, not also remaining', async () => {
    const partial = await run(
      'weekly-digest',
      testOptions(AS_OF['weekly-digest'], { timeBudgetMs: BUDGET_MS }),
      'first',
    );
    expect(partial.counts).toMatchObject({ considered: USERS, succeeded: 1, failed: 1, remaining: 9 });
    expectCountsAddUp(partial.counts);
  });

  it('plan-refresh: users read but never finished when quota ran out are left remaining', async () => {
    // Pages of 3 and no budget: two plans saved, then the quota error stops the run on the third.
    const stopped = await run('plan-refresh', testOptions(AS_OF['plan-refresh']), 'quota');
    expect(stopped.status).toBe('error');
    expect(stopped.counts).toMatchObject({ considered: 3, succeeded: 2, failed: 0, remaining: 1 });
    expectCountsAddUp(stopped.counts);
  });

  it('user-status: a user skipped for the cooldown is not also succeeded', async () => {
    // Three pages of 3 (1,200 ms of reads) before the budget is seen spent; two users unread.
    const partial = await run('user-status', testOptions(AS_OF['user-status'], { timeBudgetMs: BUDGET_MS }));
    expect(partial.errors).toEqual([]);
    expect(partial.status).toBe('partial_success');
    expect(partial.counts).toEqual({
      considered: USERS,
      succeeded: 8,
      failed: 0,
      skipped: { cooldown: 1 },
      remaining: 2,
    });
    expect(partial.message).toBe('Checked 9 users, triggered 2 notifications');
    expectCountsAddUp(partial.counts);
  });

  it('records the counts as reported in the run log', async () => {
    const partial = await run(
      'plan-refresh',
      testOptions(AS_OF['plan-refresh'], { timeBudgetMs: BUDGET_MS }),
    );
    const [row] = await t.sql.query<{ counts: RunCounts }>(
      `select details->'counts' as counts from admin.system_cron_logs where run_id = $1`,
      [partial.runId],
    );
    expect(row?.counts).toEqual(partial.counts);
    expectCountsAddUp(row!.counts);
  });
});

describe('counts add up through the edge function and the invoke client', () => {
  let server: NodeServer;

  beforeAll(async () => {
    server = await startNodeServer({
      handler: createHandler({
        config: testConfig({ databaseUrl: t.url }),
        log: silentLogger,
        db: t.db,
        // The handler's own request handling and answer, with the job on the test clock and pages.
        execute: (request) => run(request.job as JobName, request.options),
      }),
    });
  });

  afterAll(async () => {
    await server?.close({ force: true });
  });

  function inputs(job: JobName): RunJobInputs {
    return {
      job: getJob(job),
      mode: 'invoke',
      ai: 'offline',
      failOn: 'error',
      options: testOptions(AS_OF[job], { timeBudgetMs: BUDGET_MS, trigger: 'schedule', source: 'github' }),
      config: testConfig(),
      invoke: { baseUrl: server.functionsUrl, key: CRON_SECRET },
      publicSummary: true,
    };
  }

  it.each([
    ['weekly-digest', { considered: USERS, succeeded: 2, failed: 0, skipped: {}, remaining: 9 }],
    ['plan-refresh', { considered: USERS, succeeded: 2, failed: 0, skipped: {}, remaining: 9 }],
    ['user-status', { considered: USERS, succeeded: 8, failed: 0, skipped: { cooldown: 1 }, remaining: 2 }],
  ] as const)('%s: the answer, and the report the run-job action makes of it', async (job, expected) => {
    const { report } = await invokeJob(inputs(job), { invoke: invokeFunction, summarizeInvocation });
    expect(report.status).toBe('partial_success');
    expect(report.counts).toEqual(expected);
    expectCountsAddUp(report.counts);
  });
});
