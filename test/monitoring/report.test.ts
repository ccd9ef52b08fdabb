import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
) {
  await t.sql.query(
    `insert into admin.system_cron_logs (function_name, run_status, run_time, duration_ms, attempts, error_message, details)
     values ($1, $2, $3::timestamptz - make_interval(days => $4), $5, $6, $7, '{"counts":{}}')`,
    [fn, status, NOW.toISOString(), daysAgo, durationMs, attempts, error],
  );
}

beforeAll(async () => {
  t = await createTestDatabase();
  // generateWeeklyDigest: 4 runs in 30 days (3 success, 1 error), one 40 days ago (outside).
  await log('generateWeeklyDigest', 'success', 1, 1000);
  await log('generateWeeklyDigest', 'success', 2, 3000, 2);
  await log('generateWeeklyDigest', 'error', 3, 500, 3, 'OpenAI quota exhausted');
  await log('generateWeeklyDigest', 'success', 20, 9000);
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
      },
      {
        function_name: 'generateWeeklyDigest',
        executions: 2,
        avg_duration_ms: 2000,
        max_duration_ms: 3000,
        min_duration_ms: 1000,
      },
    ]);
    expect(r.retryRates).toEqual([
      { function_name: 'checkUserStatus', runs: 3, retried: 1, retry_rate_pct: 33.33 },
      { function_name: 'generateWeeklyDigest', runs: 4, retried: 2, retry_rate_pct: 50 },
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
  });

  it('renders every section as Markdown tables', async () => {
    const md = renderReportMarkdown(await readMonitoringReport(t.db, 30, NOW));
    expect(md).toContain('## Success rate (last 30 days)');
    expect(md).toContain('| generateWeeklyDigest | 4 | 3 | 75 |');
    expect(md).toContain('## Notifications queued per day (last 30 days)');
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
