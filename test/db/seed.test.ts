import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedCommand } from '../../src/commands/seed.ts';
import { activityTracking } from '../../src/sql/status.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { CATEGORIES, generateSample } from '../../src/seed/generate.ts';
import { NotMigratedError, seedSampleData, type SeedResult } from '../../src/seed/load.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// A Monday 08:00 UTC, the user-status slot, the day after Europe left summer time.
const asOf = new Date('2025-10-27T08:00:00Z');
const TARGETS = [
  'auth.users',
  'public.user_profiles',
  'public.user_consents',
  'public.ai_coach_logs',
  'public.workouts',
  'public.meals',
  'public.sleep_logs',
  'public.mood_logs',
  'public.plans',
];

/** Row count and an md5 of every row's text, in a stable order, per table. */
async function tableDigests(sql: SqlClient): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const target of TARGETS) {
    const [row] = await sql.query<{ rows: number; md5: string }>(
      `select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5
       from ${target} t`,
    );
    out[target] = row!;
  }
  return out;
}

describe('seedSampleData on the server', () => {
  let a: TestDatabase | undefined;
  let b: TestDatabase | undefined;
  let first: SeedResult;
  let second: SeedResult;

  beforeAll(async () => {
    a = await createTestDatabase();
    b = await createTestDatabase();
    first = await seedSampleData(a.sql, { users: 1000, seed: 7, asOf });
    second = await seedSampleData(b.sql, { users: 1000, seed: 7, asOf });
  });
  afterAll(async () => {
    await a?.drop();
    await b?.drop();
  });

  it('writes identical rows into two fresh databases for the same seed and as-of', async () => {
    expect(second).toEqual(first);
    const digests = await tableDigests(a!.sql);
    expect(await tableDigests(b!.sql)).toEqual(digests);
    expect(digests['public.ai_coach_logs']!.rows).toBe(first.rows.ai_coach_logs);
    expect(digests['public.plans']!.rows).toBe(first.rows.plans);
  });

  it('reports the generated sample: every category present in 1,000 users with seed 7', () => {
    const sample = generateSample({ users: 1000, seed: 7, asOf });
    expect(first.categories).toEqual(sample.counts.categories);
    expect(first.rows).toEqual(sample.counts.rows);
    expect(first.alreadyPresent).toBe(0);
    for (const c of CATEGORIES) expect(first.categories[c], c).toBeGreaterThan(0);
  });

  it('gives the status check exactly the outcome each persona promises', async () => {
    const { personas } = generateSample({ users: 1000, seed: 7, asOf });
    // Nudges are decided from strukt.last_activity, kept once tracking is on (a run with nudges turns it on).
    await activityTracking(a!.db, { p_on: true });
    const rows = await a!.db.call<{
      user_id: string;
      stressful_days: number;
      action: string | null;
      priority: string | null;
    }>('cron_status_candidates', { p_as_of: asOf.toISOString(), p_limit: 1000, p_nudges: true });
    const byUser = new Map(rows.map((r) => [r.user_id, r]));
    expect(byUser.size).toBe(1000);
    for (const p of personas) {
      const days = { stressed_3_days: 3, stressed_2_days: 2, stressed_1_day: 1 }[p.stress as string] ?? 0;
      const action = days >= 2 ? 'ai_coach_proactive' : p.activity === 'inactive_recent' ? 'nudge' : null;
      const priority = days >= 3 ? 'high' : days === 2 ? 'normal' : action === 'nudge' ? 'low' : null;
      expect(byUser.get(p.id), `${p.stress}/${p.activity} user ${p.index} (${p.timezone})`).toMatchObject({
        stressful_days: days,
        action,
        priority,
      });
    }
  });

  it('gives the plan refresh the onboarded users with no plan or a stale one, with their consent', async () => {
    const { personas } = generateSample({ users: 1000, seed: 7, asOf });
    const rows = await a!.db.call<{ user_id: string; has_consent: boolean }>('cron_plan_candidates', {
      p_as_of: asOf.toISOString(),
      p_limit: 1000,
    });
    const expected = personas.filter((p) => p.onboardingCompleted && p.plan !== 'fresh_plan');
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set(expected.map((p) => p.id)));
    const consent = new Map(rows.map((r) => [r.user_id, r.has_consent]));
    for (const p of expected) expect(consent.get(p.id)).toBe(p.consent === 'granted');
  });

  it('leaves users already present untouched when seeded again and adds only the new ones', async () => {
    const before = await tableDigests(a!.sql);
    const later = new Date(asOf.getTime() + 7 * 86_400_000);
    const again = await seedSampleData(a!.sql, { users: 1000, seed: 7, asOf: later });
    expect(again.alreadyPresent).toBe(1000);
    expect(Object.values(again.rows).every((n) => n === 0)).toBe(true);
    expect(await tableDigests(a!.sql)).toEqual(before);

    const more = await seedSampleData(a!.sql, { users: 1100, seed: 7, asOf, batchUsers: 300 });
    expect(more.alreadyPresent).toBe(1000);
    expect(more.rows.auth_users).toBe(100);
    expect(more.categories.users).toBe(100);
    const [count] = await a!.sql.query<{ n: number }>('select count(*)::int as n from public.user_profiles');
    expect(count!.n).toBe(1100);
  });

  it("writes only STRUKT's production columns: the sample loads into the app's schema as it is", async () => {
    // No migration: every column the loader names must already be in the app's own tables.
    const production = await createTestDatabase({ migrate: false });
    try {
      const result = await seedSampleData(production.sql, { users: 200, seed: 7, asOf });
      expect(result.rows).toEqual(generateSample({ users: 200, seed: 7, asOf }).counts.rows);
      const [local] = await production.sql.query<{ n: number }>(
        `select count(*)::int as n from public.workouts w join public.user_profiles p using (user_id)
         where w.workout_date is not null and (w.workout_date at time zone p.timezone)::date <> w.date`,
      );
      expect(local!.n).toBe(0);
    } finally {
      await production.drop();
    }
  });

  it('refuses a database that is not migrated, naming the fix', async () => {
    const bare = await createTestDatabase({ migrate: false, start: 'empty' });
    try {
      const attempt = seedSampleData(bare.sql, { users: 10, asOf });
      await expect(attempt).rejects.toBeInstanceOf(NotMigratedError);
      await expect(attempt).rejects.toThrow(/not migrated: .*public\.plans.*strukt-cron db migrate/);
    } finally {
      await bare.drop();
    }
  });
});

describe('strukt-cron seed', () => {
  it('loads 1,000 users into PGlite and prints the counts', async () => {
    const t = await createTestDatabase({ embedded: true });
    try {
      const lines: string[] = [];
      const command = seedCommand({
        // The command closes what it opened; the test still reads this database afterwards.
        openSql: async () => ({ sql: { ...t.sql, close: async () => {} }, transport: 'embedded' }),
        print: (line) => lines.push(line),
      });
      await command.parseAsync(['--users', '1000', '--seed', '7', '--as-of', asOf.toISOString()], {
        from: 'user',
      });
      const expected = generateSample({ users: 1000, seed: 7, asOf }).counts;
      const [count] = await t.sql.query<{ n: number }>('select count(*)::int as n from public.ai_coach_logs');
      expect(count!.n).toBe(expected.rows.ai_coach_logs);
      expect(lines[0]).toBe(
        'Seeded 1000 of 1000 users (seed 7, as of 2025-10-27T08:00:00.000Z) into the embedded database.',
      );
      expect(lines).toContainEqual(expect.stringMatching(/^ {2}stressed_2_days +70$/));
      const total = Object.values(expected.rows).reduce((sum, n) => sum + n, 0);
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}total rows +${total}$`)));
      expect(lines.at(-1)).toMatch(/^Done in \d+\.\d s\.$/);
    } finally {
      await t.drop();
    }
  });

  it.each([
    [['--users', 'abc'], "Invalid --users 'abc'. Expected a whole number from 1 to 1000000."],
    [['--users', '0'], "Invalid --users '0'. Expected a whole number from 1 to 1000000."],
    [['--users', '2.5'], "Invalid --users '2.5'. Expected a whole number from 1 to 1000000."],
    [['--seed', '4294967296'], "Invalid --seed '4294967296'. Expected a whole number from 0 to 4294967295."],
    [['--as-of', 'yesterday'], "Invalid --as-of 'yesterday'. Expected an ISO 8601 time with a zone"],
    [['--as-of', '2025-10-27T08:00'], "Invalid --as-of '2025-10-27T08:00'. Expected an ISO 8601 time"],
    [['--as-of', '2025-02-30'], "Invalid --as-of '2025-02-30'. Expected an ISO 8601 time"],
  ])('rejects %j with a clear message before opening the database', async (args, message) => {
    const openSql = vi.fn(async () => ({ sql: fakeSql(), transport: 'embedded' }));
    const attempt = seedCommand({ openSql, print: () => {} }).parseAsync(args, { from: 'user' });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(message);
    expect(openSql).not.toHaveBeenCalled();
  });

  it('closes the database when seeding fails', async () => {
    const sql = fakeSql();
    const attempt = seedCommand({
      openSql: async () => ({ sql, transport: 'postgres' }),
      print: () => {},
    }).parseAsync(['--users', '5'], { from: 'user' });
    await expect(attempt).rejects.toBeInstanceOf(NotMigratedError);
    expect(sql.close).toHaveBeenCalledOnce();
  });
});

/** A client whose every table is missing: the seed's migration check fails on it. */
function fakeSql() {
  return {
    query: async <Row>() => [{ name: 'auth.users' }] as Row[],
    exec: async () => {},
    close: vi.fn(async () => {}),
  } satisfies SqlClient;
}
