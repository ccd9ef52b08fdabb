import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe as vitestDescribe, expect, it } from 'vitest';
import { pages } from '../../src/db/pages.ts';
import { createSupabaseDb } from '../../src/db/supabase.ts';
import { DbError, type Db } from '../../src/db/types.ts';
import { planRefreshJob } from '../../src/jobs/planRefresh.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import { isTransientDbError } from '../../src/db/transient.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';
import { addMessage, addUser, addWorkout } from '../support/fixtures.ts';
import { testKeys } from '../support/jwt.ts';
import { startGateway, type Gateway } from '../support/postgrestGateway.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

// The gateway needs a server it can reach by URL (PGlite has none): skipped only outside CI
// when TEST_DATABASE_URL is not set.
const describe = runServerSuites ? vitestDescribe : vitestDescribe.skip;

const JWT_SECRET = 'test-secret-of-at-least-32-characters!!';
const ROWS_IN_PAGED = 2500;

let t: TestDatabase;
let gateway: Gateway;
let supabase: Db;

beforeAll(async () => {
  if (!runServerSuites) return;
  t = await createTestDatabase();
  await t.sql.exec(`
    create function public.t_many() returns setof integer language sql as 'select generate_series(1, 1500)';
    create function public.t_paged(p_after integer, p_limit integer)
    returns table (n integer, label text) language sql stable as $$
      select g, 'row ' || g from generate_series(1, ${ROWS_IN_PAGED}) g
      where p_after is null or g > p_after order by g limit p_limit
    $$;
    revoke all on function public.t_many(), public.t_paged(integer, integer) from public;
    grant execute on function public.t_many(), public.t_paged(integer, integer) to service_role;
  `);
  gateway = await startGateway({ databaseUrl: t.url!, jwtSecret: JWT_SECRET });
  supabase = createSupabaseDb({ url: gateway.url, serviceRoleKey: testKeys(JWT_SECRET).serviceRole });
});

afterAll(async () => {
  await supabase?.close();
  await gateway?.close();
  await t?.drop();
});

describe('supabase transport through the PostgREST gateway', () => {
  it('returns a scalar function as one row named after the function, like the direct transport', async () => {
    const key = `test:${randomUUID()}`;
    const args = { p_key: key, p_holder: randomUUID(), p_ttl_seconds: 60 };
    expect(await supabase.call('cron_acquire_lease', args)).toEqual([{ cron_acquire_lease: true }]);

    // Held by another run: the function returns false, and both transports say so the same way.
    const rival = { ...args, p_holder: randomUUID() };
    const viaGateway = await supabase.call('cron_acquire_lease', rival);
    expect(viaGateway).toEqual([{ cron_acquire_lease: false }]);
    expect(viaGateway).toEqual(await t.db.call('cron_acquire_lease', rival));
  });

  it('returns table rows of the same shape as the direct transport', async () => {
    const fn = `shape-${randomUUID()}`;
    const runs = [
      {
        status: 'success',
        time: '2025-11-02T20:00:05.123Z',
        details: { counts: { considered: 3 }, model: null },
      },
      { status: 'partial_success', time: '2025-11-09T20:00:05Z', details: { errors: ['x'], cost: 0.0125 } },
      { status: 'error', time: '2025-11-16T20:00:05Z', details: {} },
    ];
    for (const [i, run] of runs.entries()) {
      // Written through the gateway: a jsonb object, a timestamptz string and nulls as PostgREST binds them.
      const written = await supabase.call('cron_record_run', {
        p_run_id: randomUUID(),
        p_function_name: fn,
        p_run_status: run.status,
        p_run_time: run.time,
        p_duration_ms: 1000 + i,
        p_attempts: i + 1,
        p_details: run.details,
        p_error_message: run.status === 'error' ? 'boom' : null,
      });
      expect(written).toEqual([{ cron_record_run: true }]);
    }

    const viaGateway = await supabase.call('cron_recent_runs', { p_function_name: fn, p_limit: 10 });
    const direct = await t.db.call('cron_recent_runs', { p_function_name: fn, p_limit: 10 });
    expect(viaGateway).toHaveLength(3);
    expect(viaGateway).toEqual(direct);
    expect(viaGateway[0]).toMatchObject({ run_status: 'error', error_message: 'boom', attempts: 3 });

    // numeric columns and a defaulted argument left out, on both transports.
    const rates = { p_days: 3650, p_now: '2025-11-20T00:00:00Z' };
    const ratesViaGateway = await supabase.call('cron_success_rates', rates);
    expect(ratesViaGateway).toEqual(await t.db.call('cron_success_rates', rates));
    expect(ratesViaGateway).toContainEqual({
      function_name: fn,
      total_runs: 3,
      successful: 1,
      success_rate_pct: 33.33,
    });
  });

  it('binds uuid[] arguments from JSON arrays like the direct transport', async () => {
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) {
      await t.sql.query('insert into auth.users (id) values ($1)', [id]);
      await t.sql.query('insert into public.user_profiles (user_id) values ($1)', [id]);
    }
    const args = { p_users: [ids[0], randomUUID()] };
    const viaGateway = await supabase.call('cron_status_pending_count', args);
    expect(viaGateway).toEqual([{ cron_status_pending_count: 1 }]);
    expect(viaGateway).toEqual(await t.db.call('cron_status_pending_count', args));
  });

  it('throws a DbError that keeps the PostgreSQL code and names the function', async () => {
    const raised = await supabase.call('cron_prune', { p_keep_days: 0 }).catch((e: unknown) => e);
    expect(raised).toBeInstanceOf(DbError);
    expect(raised).toMatchObject({ code: '22023' });
    expect((raised as DbError).message).toMatch(/^cron_prune: p_keep_days must be at least 1, got 0/);

    const badUuid = await supabase
      .call('cron_release_lease', { p_key: 'k', p_holder: 'not-a-uuid' })
      .catch((e: unknown) => e);
    expect(badUuid).toMatchObject({ name: 'DbError', code: '22P02' });
  });

  it('reports an unknown function or argument name as PostgREST does (PGRST202)', async () => {
    const missing = await supabase.call('cron_no_such_function', {}).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DbError);
    expect(missing).toMatchObject({
      code: 'PGRST202',
      details: expect.stringContaining('Searched for the function public.cron_no_such_function'),
    });
    expect((missing as DbError).message).toContain(
      'Could not find the function public.cron_no_such_function without parameters',
    );

    const wrongArg = await supabase.call('cron_recent_runs', { p_job: 'x' }).catch((e: unknown) => e);
    expect(wrongArg).toMatchObject({ code: 'PGRST202' });
    expect((wrongArg as DbError).message).toContain('public.cron_recent_runs(p_job)');
  });

  it('caps a set-returning function at 1,000 rows, as PostgREST max-rows does', async () => {
    const viaGateway = await supabase.call<{ t_many: number }>('t_many');
    expect(viaGateway).toHaveLength(1000);
    expect(viaGateway[0]).toEqual({ t_many: 1 });
    expect(viaGateway.at(-1)).toEqual({ t_many: 1000 });
    // The direct transport has no cap: the reason every list is read with pages().
    expect(await t.db.call('t_many')).toHaveLength(1500);
  });

  it('reads every row of a paged function with pages(), one call per 1,000 rows', async () => {
    const before = gateway.requests;
    const seen: number[] = [];
    const readPage = (db: Db, args: object) => db.call<{ n: number; label: string }>('t_paged', { ...args });
    for await (const page of pages(supabase, readPage, {}, { key: 'n' })) {
      seen.push(...page.map((r) => r.n));
    }
    expect(seen).toHaveLength(ROWS_IN_PAGED);
    expect(new Set(seen).size).toBe(ROWS_IN_PAGED);
    expect(gateway.requests - before).toBe(Math.ceil(ROWS_IN_PAGED / 1000));
  });

  it('sends every request through the injected fetch', async () => {
    const urls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const db = createSupabaseDb({
      url: gateway.url,
      serviceRoleKey: testKeys(JWT_SECRET).serviceRole,
      fetch: counting,
    });
    await db.call('cron_recent_runs', { p_function_name: 'none' });
    expect(urls).toEqual([`${gateway.url}/rest/v1/rpc/cron_recent_runs`]);
  });

  it('runs every job end to end over the supabase transport', async () => {
    const id = await addUser(t.sql, { consent: true });
    await addMessage(t.sql, id, '2025-11-08T10:00:00Z', 'So stressed about work');
    await addMessage(t.sql, id, '2025-11-09T10:00:00Z', 'Completely exhausted today');
    await addWorkout(t.sql, id, '2025-11-07T10:00:00Z');
    // Restricted to this user: the uuid[] argument of every candidate function goes through the gateway.
    const options = testOptions('2025-11-09T21:00:00Z', { users: [id] });

    for (const job of [userStatusJob, weeklyDigestJob, planRefreshJob]) {
      const report = await runTestJob(job, supabase, options);
      expect({ job: report.job, status: report.status, succeeded: report.counts.succeeded }).toEqual({
        job: report.job,
        status: 'success',
        succeeded: 1,
      });
      expect(report.recorded).toBe(true);
    }
    const [written] = await t.sql.query<{ notifications: number; digests: number; plans: number }>(
      `select (select count(*)::int from coach_notifications where user_id = $1 and type = 'ai_coach_proactive') as notifications,
              (select count(*)::int from ai_coach_notes where user_id = $1) as digests,
              (select count(*)::int from plans where user_id = $1) as plans`,
      [id],
    );
    expect(written).toEqual({ notifications: 1, digests: 1, plans: 1 });
  });

  it('makes a proxy failure or a lost network a retryable DbError', async () => {
    const key = testKeys(JWT_SECRET).serviceRole;
    const badGateway = createSupabaseDb({
      url: gateway.url,
      serviceRoleKey: key,
      fetch: async () => new Response('<html><body>502 Bad Gateway</body></html>', { status: 502 }),
    });
    const proxied = await badGateway
      .call('cron_recent_runs', { p_function_name: 'x' })
      .catch((e: unknown) => e);
    expect(proxied).toMatchObject({ name: 'DbError', code: '502' });
    expect(isTransientDbError(proxied)).toBe(true);

    const offline = createSupabaseDb({
      url: gateway.url,
      serviceRoleKey: key,
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
      },
    });
    const lost = await offline.call('cron_recent_runs', { p_function_name: 'x' }).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(DbError);
    expect(isTransientDbError(lost)).toBe(true);

    // A permission or argument error fails the same way every time: not retried.
    const invalid = await supabase.call('cron_prune', { p_keep_days: 0 }).catch((e: unknown) => e);
    expect(isTransientDbError(invalid)).toBe(false);
  });

  it('works on a runtime without a global WebSocket (Node 20) by loading ws for realtime', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
    expect(descriptor).toBeDefined();
    // Node 24 has WebSocket; without it supabase-js's realtime client throws at construction.
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
    try {
      expect(typeof globalThis.WebSocket).toBe('undefined');
      const db = createSupabaseDb({ url: gateway.url, serviceRoleKey: testKeys(JWT_SECRET).serviceRole });
      expect(await db.call('cron_release_lease', { p_key: 'none', p_holder: randomUUID() })).toEqual([
        { cron_release_lease: false },
      ]);
    } finally {
      Object.defineProperty(globalThis, 'WebSocket', descriptor!);
    }
  });

  it('refuses an invalid URL or an empty key up front, naming what was expected', () => {
    expect(() => createSupabaseDb({ url: 'db.example.com', serviceRoleKey: 'k' })).toThrow(
      "Invalid Supabase URL 'db.example.com'. Expected https://<project-ref>.supabase.co.",
    );
    expect(() => createSupabaseDb({ url: 'https://x.supabase.co', serviceRoleKey: '' })).toThrow(
      /service-role key/,
    );
    expect(() => createSupabaseDb({ url: 'https://x.supabase.co', serviceRoleKey: 'k' })).not.toThrow();
  });
});
