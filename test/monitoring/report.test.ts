import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunSamples } from '../../src/monitoring/readRuns.ts';
import { readMonitoringReport } from '../../src/monitoring/report.ts';
import { renderReportMarkdown } from '../../src/monitoring/renderReport.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { addUser } from '../support/fixtures.ts';

const NOW = new Date('2025-11-20T12:00:00Z');
let t: TestDatabase;

async function log(
  fn: string,
  status: string,
  daysAgo: number,
  durationMs: number,
  attempts = 1,
  error: string | null = null,
  details: Record<string, unknown> | null = { counts: {} },
) {
  await t.sql.query(
    `insert into admin.system_cron_logs (function_name, run_status, run_time, duration_ms, attempts, error_message, details)
     values ($1, $2, $3::timestamptz - make_interval(days => $4), $5, $6, $7, $8::jsonb)`,
    [
      fn,
      status,
      NOW.toISOString(),
      daysAgo,
      durationMs,
      attempts,
      error,
      details === null ? null : JSON.stringify(details),
    ],
  );
}

/** The details a strukt-cron digest run records: users considered and its OpenAI calls. */
const digestDetails = (considered: number, calls: number, retried: number) => ({
  counts: { considered },
  ai: { calls, retried_calls: retried },
});

beforeAll(async () => {
  t = await createTestDatabase();
  // generateWeeklyDigest: 4 runs in 30 days (3 success, 1 error), one 40 days ago (outside).
  // Their OpenAI calls: 10 + 30 + 5 = 45, of which 1 + 2 + 5 = 8 retried; the run of 20 days ago
  // was logged by the original Phase 3, without details.
  await log('generateWeeklyDigest', 'success', 1, 1000, 1, null, digestDetails(10, 10, 1));
  await log('generateWeeklyDigest', 'success', 2, 3000, 2, null, digestDetails(30, 30, 2));
  await log('generateWeeklyDigest', 'error', 3, 500, 3, 'OpenAI quota exhausted', digestDetails(5, 5, 5));
  await log('generateWeeklyDigest', 'success', 20, 9000, 1, null, null);
  await log('generateWeeklyDigest', 'error', 40, 100, 1, 'old');
  // checkUserStatus: 3 runs (2 success, 1 partial), all within 7 days.
  await log('checkUserStatus', 'success', 1, 200);
  await log('checkUserStatus', 'partial_success', 2, 400, 2);
  await log('checkUserStatus', 'success', 3, 600);
  const user = await addUser(t.sql);
  await t.sql.query(
    `insert into coach_notifications (user_id, message, type, created_at) values
       ($1, 'a', 'ai_coach_proactive', '2025-11-19T08:00:00Z'), ($1, 'b', 'nudge', '2025-11-19T09:00:00Z'),
       ($1, 'c', 'ai_coach_proactive', '2025-11-18T08:00:00Z')`,
    [user],
  );
});

afterAll(async () => {
  await t?.drop();
});

describe('monitoring report', () => {
  it('matches hand-computed figures', async () => {
    const r = await readMonitoringReport(t.db, 30, NOW);
    expect(r.successRates).toEqual([
      { function_name: 'checkUserStatus', total_runs: 3, successful: 2, success_rate_pct: 66.67 },
      { function_name: 'generateWeeklyDigest', total_runs: 4, successful: 3, success_rate_pct: 75 },
    ]);
    // 7 days, errors excluded: digest runs of 1 and 2 days ago (1000, 3000 ms).
    expect(r.performance).toEqual([
      {
        function_name: 'checkUserStatus',
        executions: 3,
        avg_duration_ms: 400,
        max_duration_ms: 600,
        min_duration_ms: 200,
        users: 0,
        avg_ms_per_user: null,
        seed_avg_duration_ms: 10_000,
      },
      {
        function_name: 'generateWeeklyDigest',
        executions: 2,
        avg_duration_ms: 2000,
        max_duration_ms: 3000,
        min_duration_ms: 1000,
        // 4,000 ms over 40 users; the seed's flat 30 s stays beside it.
        users: 40,
        avg_ms_per_user: 100,
        seed_avg_duration_ms: 30_000,
      },
    ]);
    expect(r.retryRates).toEqual([
      { function_name: 'checkUserStatus', runs: 3, retried: 1, retry_rate_pct: 33.33 },
      { function_name: 'generateWeeklyDigest', runs: 4, retried: 2, retry_rate_pct: 50 },
    ]);
    expect(r.callRetryRates).toEqual([
      { function_name: 'checkUserStatus', runs: 3, calls: 0, retried_calls: 0, call_retry_rate_pct: null },
      {
        function_name: 'generateWeeklyDigest',
        runs: 4,
        calls: 45,
        retried_calls: 8,
        call_retry_rate_pct: 17.78,
      },
    ]);
    expect(r.recentErrors.map((e) => e.error_message)).toEqual(['OpenAI quota exhausted', 'old']);
    expect(r.errorAnalysis).toEqual([
      expect.objectContaining({
        function_name: 'generateWeeklyDigest',
        error_message: 'OpenAI quota exhausted',
        occurrences: 1,
      }),
    ]);
    expect(r.notificationTrends).toEqual([
      { date: '2025-11-19', notifications_sent: 2, proactive_count: 1 },
      { date: '2025-11-18', notifications_sent: 1, proactive_count: 1 },
    ]);
    // No run here recorded usage: every run counts, with nothing direct or batch (figures:
    // test/sql/costByWeek.test.ts). Weeks start on Monday, UTC.
    const none = { direct_requests: 0, batch_requests: 0, direct_cost_usd: 0, batch_cost_usd: 0 };
    expect(r.costDays).toBe(30);
    expect(r.costByWeek).toEqual([
      { function_name: 'generateWeeklyDigest', week_start: '2025-10-27', runs: 1, ...none },
      { function_name: 'checkUserStatus', week_start: '2025-11-17', runs: 3, ...none },
      { function_name: 'generateWeeklyDigest', week_start: '2025-11-17', runs: 3, ...none },
    ]);
  });

  it('reads OpenAI cost by week over at most 366 days, what cron_cost_by_week accepts', async () => {
    const r = await readMonitoringReport(t.db, 800, NOW);
    expect(r.costDays).toBe(366);
    expect(r.costByWeek.map((x) => x.week_start)).toContain('2025-10-06');
  });

  it('renders every section as Markdown tables', async () => {
    const md = renderReportMarkdown(await readMonitoringReport(t.db, 30, NOW));
    expect(md).toContain('## Success rate (last 30 days)');
    expect(md).toContain('| generateWeeklyDigest | 4 | 3 | 75 |');
    expect(md).toContain('| generateWeeklyDigest | 2 | 2000 | &lt; 30000 | 3000 | 1000 | 40 | 100 |');
    expect(md).toContain('## OpenAI call retry rate: retried calls ÷ calls (last 30 days)');
    expect(md).toContain('| generateWeeklyDigest | 4 | 45 | 8 | 17.78 |');
    expect(md).toContain('## Notifications queued per day (last 30 days)');
    expect(md).toContain(
      '## OpenAI cost by week (direct vs batch), last 30 days\n\n_no OpenAI usage in the window_',
    );
  });
});

describe('the runs the health check reads', () => {
  it('reads users and OpenAI calls from details, and old or odd rows as unknown users, 0 calls, 1 attempt', async () => {
    const since = new Date(NOW.getTime() - 30 * 86_400_000);
    await t.sql.query(
      `insert into admin.system_cron_logs (function_name, run_status, run_time, duration_ms, attempts, details)
       values ('oddFunction', 'success', $1::timestamptz - interval '2 days', 100, null, null),
              ('oddFunction', 'success', $1::timestamptz - interval '1 day', 200, 2,
               '{"counts":{"considered":"many"},"ai":{"calls":"x","retried_calls":null}}')`,
      [NOW.toISOString()],
    );
    const samples = await readRunSamples(t.db, 'oddFunction', since).finally(() =>
      // The retention test below counts every row.
      t.sql.query(`delete from admin.system_cron_logs where function_name = 'oddFunction'`),
    );
    expect(
      samples.map(({ attempts, considered, aiCalls, aiRetriedCalls }) => ({
        attempts,
        considered,
        aiCalls,
        aiRetriedCalls,
      })),
    ).toEqual([
      { attempts: 1, considered: null, aiCalls: 0, aiRetriedCalls: 0 },
      { attempts: 2, considered: null, aiCalls: 0, aiRetriedCalls: 0 },
    ]);
    const digest = await readRunSamples(t.db, 'generateWeeklyDigest', since);
    expect(digest.map((r) => [r.considered, r.aiCalls, r.aiRetriedCalls])).toEqual([
      [null, 0, 0],
      [5, 5, 5],
      [30, 30, 2],
      [10, 10, 1],
    ]);
  });
});

describe('retention', () => {
  it('prunes run logs older than the kept window and expired leases, nothing else', async () => {
    await t.sql.query(
      `insert into cron_leases (lease_key, holder, expires_at) values
         ('x:all', gen_random_uuid(), '2025-11-20T11:00:00Z'), ('y:all', gen_random_uuid(), '2025-11-20T13:00:00Z')`,
    );
    const [row] = await t.db.call('cron_prune', { p_keep_days: 30, p_now: NOW.toISOString() });
    expect(row).toEqual({ logs_deleted: 1, leases_deleted: 1 });
    const left = await t.sql.query<{ n: number }>(`select count(*)::int as n from admin.system_cron_logs`);
    expect(left[0]!.n).toBe(7);
    await expect(t.db.call('cron_prune', { p_keep_days: 0 })).rejects.toThrow(/at least 1/);
  });
});
