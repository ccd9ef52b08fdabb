/**
 * Migration 20261201000300_cost_by_week: cron_cost_by_week splits each function's OpenAI usage by
 * ISO week (UTC) into direct and Batch API, from details.usage and details.usage.batch of the run
 * log. Old rows without usage.batch are all direct, rows without usage count as runs with nothing,
 * and a value that is not a number reads as 0 instead of failing the report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costByWeek } from '../../src/sql/monitoring.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/** A Thursday: its week starts on Monday 2025-11-17, the week before on 2025-11-10. */
const NOW = '2025-11-20T12:00:00Z';
let t: TestDatabase;

async function log(fn: string, runTime: string, details: unknown): Promise<void> {
  await t.sql.query(
    `insert into admin.system_cron_logs (function_name, run_status, run_time, duration_ms, attempts, details)
     values ($1, 'success', $2::timestamptz, 1000, 1, $3::jsonb)`,
    [fn, runTime, details === null ? null : JSON.stringify(details)],
  );
}

const usage = (requests: unknown, cost: unknown, batch?: { requests: unknown; cost: unknown }) => ({
  counts: {},
  model: 'gpt-4o-mini',
  usage: {
    requests,
    prompt_tokens: 100,
    completion_tokens: 50,
    estimated_cost_usd: cost,
    ...(batch && {
      batch: {
        requests: batch.requests,
        prompt_tokens: 60,
        completion_tokens: 30,
        estimated_cost_usd: batch.cost,
      },
    }),
  },
});

beforeAll(async () => {
  t = await createTestDatabase();
  // Week of 2025-11-17, digest: 10 requests ($0.5), 6 of them batch ($0.15); 3 direct ($0.03).
  await log('generateWeeklyDigest', '2025-11-18T20:00:00Z', usage(10, 0.5, { requests: 6, cost: 0.15 }));
  await log('generateWeeklyDigest', '2025-11-19T20:00:00Z', usage(3, 0.03));
  // Week of 2025-11-10, digest: a cost that is not a number (0, its 2 requests still count), a
  // run without usage (the original Phase 3's), one whose usage is not even an object.
  await log('generateWeeklyDigest', '2025-11-11T20:00:00Z', usage(2, 'n/a'));
  await log('generateWeeklyDigest', '2025-11-12T20:00:00Z', { users_processed: 12 });
  await log('generateWeeklyDigest', '2025-11-13T20:00:00Z', { usage: 'oops' });
  // Plans: all batch in the week of 2025-11-10, a null details there too; at the very start of the
  // week of 2025-11-17 (Monday 00:00 UTC, Sunday evening in the Americas) a cost rounded to 6 places.
  await log('generatePlans', '2025-11-14T06:00:00Z', usage(4, 0.0004, { requests: 4, cost: 0.0004 }));
  await log('generatePlans', '2025-11-15T06:00:00Z', null);
  await log('generatePlans', '2025-11-17T00:00:00Z', usage(1, 0.000123456789));
  // Outside a 30-day window: 35 days before NOW, and after NOW.
  await log('generateWeeklyDigest', '2025-10-16T20:00:00Z', usage(7, 0.7, { requests: 7, cost: 0.7 }));
  await log('generateWeeklyDigest', '2025-11-20T12:00:01Z', usage(9, 0.9));
});

afterAll(async () => {
  await t?.drop();
});

describe('cron_cost_by_week', () => {
  it('sums direct and batch usage by function and ISO week, reading odd rows as 0', async () => {
    expect(await costByWeek(t.db, { p_days: 30, p_now: NOW })).toEqual([
      {
        function_name: 'generatePlans',
        week_start: '2025-11-10',
        runs: 2,
        direct_requests: 0,
        batch_requests: 4,
        direct_cost_usd: 0,
        batch_cost_usd: 0.0004,
      },
      {
        function_name: 'generateWeeklyDigest',
        week_start: '2025-11-10',
        runs: 3,
        direct_requests: 2,
        batch_requests: 0,
        direct_cost_usd: 0,
        batch_cost_usd: 0,
      },
      {
        function_name: 'generatePlans',
        week_start: '2025-11-17',
        runs: 1,
        direct_requests: 1,
        batch_requests: 0,
        direct_cost_usd: 0.000123,
        batch_cost_usd: 0,
      },
      {
        function_name: 'generateWeeklyDigest',
        week_start: '2025-11-17',
        runs: 2,
        direct_requests: 7,
        batch_requests: 6,
        direct_cost_usd: 0.38,
        batch_cost_usd: 0.15,
      },
    ]);
  });

  it('reads only the p_days before p_now', async () => {
    const rows = await costByWeek(t.db, { p_days: 40, p_now: NOW });
    expect(rows[0]).toEqual({
      function_name: 'generateWeeklyDigest',
      week_start: '2025-10-13',
      runs: 1,
      direct_requests: 0,
      batch_requests: 7,
      direct_cost_usd: 0,
      batch_cost_usd: 0.7,
    });
    expect(rows).toHaveLength(5);
    // The 24 hours before NOW hold the digest run of 2025-11-19 20:00 only.
    expect(await costByWeek(t.db, { p_days: 1, p_now: NOW })).toEqual([
      {
        function_name: 'generateWeeklyDigest',
        week_start: '2025-11-17',
        runs: 1,
        direct_requests: 3,
        batch_requests: 0,
        direct_cost_usd: 0.03,
        batch_cost_usd: 0,
      },
    ]);
    expect(await costByWeek(t.db, { p_days: 30, p_now: '2025-01-01T00:00:00Z' })).toEqual([]);
  });

  it('counts a batch figure above its run total as no direct usage, never below 0', async () => {
    await log('oddFunction', '2025-11-19T10:00:00Z', usage(2, 0.01, { requests: 5, cost: 0.05 }));
    try {
      const rows = await costByWeek(t.db, { p_days: 30, p_now: NOW });
      expect(rows.find((r) => r.function_name === 'oddFunction')).toMatchObject({
        direct_requests: 0,
        batch_requests: 5,
        direct_cost_usd: 0,
        batch_cost_usd: 0.05,
      });
    } finally {
      await t.sql.query(`delete from admin.system_cron_logs where function_name = 'oddFunction'`);
    }
  });

  it.each([[0], [-1], [367], [null]])('refuses p_days = %s with invalid_parameter_value', async (days) => {
    await expect(t.db.call('cron_cost_by_week', { p_days: days, p_now: NOW })).rejects.toMatchObject({
      code: '22023',
      message: expect.stringMatching(
        /p_days must be a whole number of days from 1 to 366, got (0|-1|367|null)/,
      ),
    });
  });

  it('is service_role only, security definer with an empty search_path', async () => {
    const [fn] = await t.sql.query<{ definer: boolean; config: string[]; acl: string }>(
      `select p.prosecdef as definer, p.proconfig as config, p.proacl::text as acl
       from pg_proc p where p.oid = 'public.cron_cost_by_week(integer, timestamptz)'::regprocedure`,
    );
    expect(fn!.definer).toBe(true);
    expect(fn!.config).toEqual(['search_path=""']);
    expect(fn!.acl).toContain('service_role=X');
    expect(fn!.acl).not.toMatch(/(^|[{,])(anon|authenticated)?=X/);
  });
});
