import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireLease, leaseKey } from '../../src/runs/lease.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';

const TTL = 60_000;
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await t.sql.exec('truncate cron_leases');
});

const take = (key: string, holder = randomUUID()) => acquireLease(t.db, key, holder, TTL);

describe('leases across shard counts', () => {
  it('gives shard 0/1 the key of an unsharded run', () => {
    expect(leaseKey('user-status', { index: 0, count: 1 })).toBe(leaseKey('user-status', null));
    expect(leaseKey('user-status', { index: 2, count: 4 })).toBe('user-status:2/4');
  });

  it('refuses any shard of another count while an unsharded run of the job is live', async () => {
    expect(await take('user-status:all')).toBe(true);
    expect(await take('user-status:0/4')).toBe(false);
    expect(await take('user-status:3/4')).toBe(false);
    // Another job is another matter.
    expect(await take('weekly-digest:0/4')).toBe(true);
  });

  it('lets the other shards of the same count run beside each other, and nothing else', async () => {
    expect(await take('user-status:0/4')).toBe(true);
    expect(await take('user-status:1/4')).toBe(true);
    expect(await take('user-status:0/4')).toBe(false);
    expect(await take('user-status:all')).toBe(false);
    expect(await take('user-status:1/2')).toBe(false);
  });

  it('is not blocked by an expired lease of another count, and lets a holder renew its own', async () => {
    await t.sql.exec(
      `insert into cron_leases (lease_key, holder, expires_at) values ('user-status:0/4', gen_random_uuid(), now() - interval '1 second')`,
    );
    const holder = randomUUID();
    expect(await take('user-status:all', holder)).toBe(true);
    expect(await take('user-status:all', holder)).toBe(true);
  });
});

// Races need the real server's connections (PGlite has one).
describe.runIf(runServerSuites)('leases across shard counts, raced', () => {
  it('lets exactly one of an unsharded and a sharded run start when they ask at once', async () => {
    for (let round = 0; round < 20; round++) {
      await t.sql.exec('truncate cron_leases');
      const won = await Promise.all([
        take('plan-refresh:all'),
        take('plan-refresh:0/4'),
        take('plan-refresh:1/2'),
      ]);
      expect(won.filter(Boolean)).toHaveLength(1);
    }
  });
});

describe('the jobs’ internals in schema strukt', () => {
  it('grants PUBLIC no function there, and an app insert still records its stress evidence', async () => {
    const open = await t.sql.query<{ fn: string }>(
      `select p.oid::regprocedure::text as fn
       from pg_proc p
       where p.pronamespace = 'strukt'::regnamespace
         and (p.proacl is null or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0))`,
    );
    expect(open).toEqual([]);
    const functions = await t.sql.query<{ n: number }>(
      `select count(*)::int as n from pg_proc where pronamespace = 'strukt'::regnamespace`,
    );
    expect(functions[0]!.n).toBeGreaterThanOrEqual(8);

    // As the STRUKT app writes a message (service_role through PostgREST): the trigger still runs.
    const user = randomUUID();
    await t.sql.query('insert into auth.users (id) values ($1)', [user]);
    await t.sql.exec(`begin; set local role service_role;
      insert into public.ai_coach_logs (user_id, session_id, user_message, ai_response)
      values ('${user}', 's', 'so stressed today', 'ok'); commit;`);
    const evidence = await t.sql.query<{ n: number }>(
      'select count(*)::int as n from strukt.stress_messages where user_id = $1',
      [user],
    );
    expect(evidence[0]!.n).toBe(1);
  });
});
