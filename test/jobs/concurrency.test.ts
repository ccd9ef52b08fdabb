import { afterAll, beforeAll, describe as vitestDescribe, expect, it } from 'vitest';
import { openPostgresPool } from '../../src/db/postgres.ts';
import { sqlDb } from '../../src/db/sqlDb.ts';
import type { Db } from '../../src/db/types.ts';
import { planRefreshJob } from '../../src/jobs/planRefresh.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import { leaseKey } from '../../src/runs/lease.ts';
import type { Job } from '../../src/runs/runJob.ts';
import { addMessage, addUser, addWorkout } from '../support/fixtures.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

// Races need separate connections, so this file needs the real server (PGlite has one
// connection): skipped only outside CI when TEST_DATABASE_URL is not set.
const describe = runServerSuites ? vitestDescribe : vitestDescribe.skip;

const AS_OF = '2025-11-09T21:00:00Z';
let t: TestDatabase;
let pools: Db[];
const ids: string[] = [];

beforeAll(async () => {
  if (!runServerSuites) return;
  t = await createTestDatabase();
  pools = Array.from({ length: 4 }, () => sqlDb(openPostgresPool(t.url!, { max: 2 }), 'postgres'));
  for (let i = 0; i < 30; i++) {
    const id = await addUser(t.sql, { consent: i % 2 === 0 });
    await addMessage(t.sql, id, '2025-11-08T10:00:00Z', 'stressed');
    await addMessage(t.sql, id, '2025-11-09T10:00:00Z', 'tired');
    await addWorkout(t.sql, id, '2025-11-07T10:00:00Z');
    ids.push(id);
  }
});

afterAll(async () => {
  for (const p of pools ?? []) await p.close();
  await t?.drop();
});

const duplicates = {
  notes: `select count(*)::int as n from (select 1 from ai_coach_notes group by user_id, type, period_start having count(*) > 1) d`,
  notifications: `select count(*)::int as n from (select 1 from coach_notifications
                   where type = 'ai_coach_proactive' group by user_id having count(*) > 1) d`,
  plans: `select count(*)::int as n from (select 1 from plans group by user_id having count(*) > 1) d`,
};

describe('four runs of the same job at once', () => {
  it.each([
    ['weekly-digest', weeklyDigestJob, duplicates.notes],
    ['user-status', userStatusJob, duplicates.notifications],
    ['plan-refresh', planRefreshJob, duplicates.plans],
  ] as Array<[string, Job, string]>)(
    '%s: one runs, three are skipped, nothing is written twice',
    async (_n, job, dupes) => {
      // Under load one run could finish before another even asks for the lease; hold every job
      // query until all four have asked, so the race is the one the lease must win.
      const gated = gateUntilAllAskedForLease(pools);
      const reports = await Promise.all(gated.map((db) => runTestJob(job, db, testOptions(AS_OF))));
      const ran = reports.filter((r) => r.status !== 'skipped');
      expect(ran).toHaveLength(1);
      expect(ran[0]!.counts.succeeded).toBe(30);
      expect(reports.filter((r) => r.status === 'skipped')).toHaveLength(3);
      expect((await t.sql.query<{ n: number }>(dupes))[0]!.n).toBe(0);
    },
  );
});

/** Wraps each Db so that job queries wait until every wrapper has tried `cron_acquire_lease` once. */
function gateUntilAllAskedForLease(dbs: Db[]): Db[] {
  let asked = 0;
  let open!: () => void;
  const allAsked = new Promise<void>((resolve) => (open = resolve));
  return dbs.map((db) => ({
    transport: db.transport,
    close: () => db.close(),
    async call<Row>(fn: string, args?: Record<string, unknown>): Promise<Row[]> {
      if (fn === 'cron_acquire_lease') {
        const rows = await db.call<Row>(fn, args);
        if (++asked === dbs.length) open();
        return rows;
      }
      if (fn.startsWith('cron_') && !fn.includes('lease')) await allAsked;
      return db.call<Row>(fn, args);
    },
  }));
}

describe('idempotent writes hold without the lease', () => {
  it('the same notifications queued by four connections at once are inserted once', async () => {
    const payload = ids.map((id) => ({ user_id: id, type: 'nudge', priority: 'low', message: 'hi' }));
    const inserted = await Promise.all(
      pools.map((db) =>
        db.call('cron_queue_notifications', { p_as_of: '2025-12-01T08:00:00Z', p_notifications: payload }),
      ),
    );
    expect(inserted.reduce((n, rows) => n + rows.length, 0)).toBe(ids.length);
  });

  it('the same plan version saved by four connections at once is written once', async () => {
    const id = await addUser(t.sql);
    const plan = {
      user_id: id,
      base_version: 0,
      plan_data: {},
      generation_method: 'fallback',
      is_valid: true,
    };
    const saved = await Promise.all(pools.map((db) => db.call('cron_save_plans', { p_plans: [plan] })));
    expect(saved.flat()).toEqual([{ user_id: id, version: 1 }]);
  });

  it('the same digest saved by four connections at once is written once', async () => {
    const note = { user_id: ids[0], note: 'x', generation_method: 'template', model: null, details: {} };
    const args = {
      p_period_start: '2030-01-06T20:00:00Z',
      p_period_end: '2030-01-13T20:00:00Z',
      p_notes: [note],
    };
    const saved = await Promise.all(pools.map((db) => db.call('cron_save_digests', args)));
    expect(saved.flat()).toHaveLength(1);
  });
});

describe('leases', () => {
  it('an expired lease is taken over', async () => {
    const key = leaseKey('user-status', null);
    await t.sql.query(
      `insert into cron_leases (lease_key, holder, expires_at) values ($1, gen_random_uuid(), now() - interval '1 minute')
       on conflict (lease_key) do update set holder = excluded.holder, expires_at = excluded.expires_at`,
      [key],
    );
    const report = await runTestJob(userStatusJob, pools[0]!, testOptions('2025-12-02T08:00:00Z'));
    expect(report.status).toBe('success');
  });

  it('a live lease makes the next run skip, with no log row', async () => {
    const key = leaseKey('user-status', null);
    await t.sql.query(
      `insert into cron_leases (lease_key, holder, expires_at) values ($1, gen_random_uuid(), now() + interval '5 minutes')`,
      [key],
    );
    const before = (
      await t.sql.query<{ n: number }>('select count(*)::int as n from admin.system_cron_logs')
    )[0]!.n;
    const report = await runTestJob(userStatusJob, pools[0]!, testOptions('2025-12-02T08:00:00Z'));
    expect(report.status).toBe('skipped');
    expect(report.message).toMatch(/another checkUserStatus run holds the lease user-status:all/);
    expect(
      (await t.sql.query<{ n: number }>('select count(*)::int as n from admin.system_cron_logs'))[0]!.n,
    ).toBe(before);
    await t.sql.query('delete from cron_leases where lease_key = $1', [key]);
  });

  it('different shards run side by side', async () => {
    const reports = await Promise.all(
      [0, 1, 2, 3].map((index) =>
        runTestJob(
          userStatusJob,
          pools[index]!,
          // Every user had two stressful days before then: the check concerns them all.
          testOptions('2025-11-10T08:00:00Z', { shard: { index, count: 4 } }),
        ),
      ),
    );
    expect(reports.map((r) => r.status)).toEqual(['success', 'success', 'success', 'success']);
    // Each of the 30 seeded users once, in exactly one shard (users added by other tests here have
    // no stressful day: the check does not concern them).
    expect(reports.reduce((n, r) => n + r.counts.considered, 0)).toBe(ids.length);
  });
});
