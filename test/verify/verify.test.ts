import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe as vitestDescribe, expect, it } from 'vitest';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';
import { createFixtureRepo, find, named, runVerify, runVerifyJson } from './support.ts';
import { migrateUp } from '../../src/db/migrate.ts';
import { TIME_ZONES_FIX } from '../../src/verify/database.ts';

// verify talks to the database by URL (the postgres transport), which PGlite in memory has not:
// skipped only outside CI when TEST_DATABASE_URL is not set.
const describe = runServerSuites ? vitestDescribe : vitestDescribe.skip;

const repos: string[] = [];
let repo: string;

beforeAll(async () => {
  repo = await createFixtureRepo();
  repos.push(repo);
});

afterAll(async () => {
  for (const dir of repos) await rm(dir, { recursive: true, force: true });
});

/** A fresh, migrated database for one test; dropped after it whatever happens. */
async function withFreshDatabase(work: (t: TestDatabase) => Promise<void>): Promise<void> {
  const t = await createTestDatabase();
  try {
    await work(t);
  } finally {
    await t.drop();
  }
}

describe('strukt-cron verify on a freshly migrated database', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
  });

  afterAll(async () => {
    await t?.drop();
  });

  it('passes at least 28 checks and fails none', async () => {
    const run = await runVerify({ DATABASE_URL: t.url! }, ['--skip-openai', '--repo-dir', repo]);
    const summary = run.lines.at(-1) ?? '';
    const match = /^(\d+)\/(\d+) checks passed \((\d+) skipped\) in [\d.]+ s$/.exec(summary);
    expect(match, `summary line: ${summary}\n${run.lines.join('\n')}`).not.toBeNull();
    const [passed, asked] = [Number(match![1]), Number(match![2])];
    expect(passed).toBe(asked);
    expect(passed).toBeGreaterThanOrEqual(28);
    expect(run.exitCode).toBe(0);
    // Every check prints its mark, name and one-line reason; skipped ones say why.
    expect(run.lines.filter((l) => l.startsWith('  ✓ ')).length).toBe(passed);
    expect(run.lines).toContain('  ○ key accepted — skipped: --skip-openai');
    expect(run.lines.some((l) => l.startsWith('  ✗ '))).toBe(false);
  });

  it('prints a machine-readable result with --json', async () => {
    const { exitCode, result } = await runVerifyJson({ DATABASE_URL: t.url! }, [
      '--skip-openai',
      '--repo-dir',
      repo,
    ]);
    expect(exitCode).toBe(0);
    expect(result.ok).toBe(true);
    expect(result.failed).toBe(0);
    expect(result.passed).toBe(result.checks.filter((c) => c.status === 'pass').length);
    expect(named(result, 'pass')).toEqual(
      expect.arrayContaining([
        'database / migrations applied',
        'database / columns the jobs read',
        'database / plan versions',
        'database / stress evidence',
        'database / anon denied on system_cron_logs',
        'database / anon denied on job functions',
        'database / service_role allowed',
        'jobs / dry run weekly-digest',
        'jobs / dry run user-status',
        'jobs / dry run plan-refresh',
        'repository / action bundles fresh',
      ]),
    );
  });

  it('never prints the connection string', async () => {
    const run = await runVerify({ DATABASE_URL: t.url! }, ['--skip-openai', '--repo-dir', repo]);
    expect(run.lines.join('\n')).not.toContain(t.url!);
  });
});

describe('strukt-cron verify, breaking one thing at a time', () => {
  /** Runs verify and expects exactly one failing check, with its fix; returns that check. */
  async function expectOnlyFailure(
    env: Record<string, string>,
    group: string,
    name: string,
    args: string[] = [],
  ) {
    const { exitCode, result } = await runVerifyJson(env, ['--skip-openai', '--repo-dir', repo, ...args]);
    expect(named(result, 'fail')).toEqual([`${group} / ${name}`]);
    expect(exitCode).toBe(1);
    const check = find(result, group, name);
    expect(check.fix).toBeTruthy();
    return check;
  }

  it('a dropped seed index fails "system_cron_logs indexes" with the create statement', async () => {
    await withFreshDatabase(async (t) => {
      await t.sql.exec('drop index admin.idx_system_cron_logs_run_time');
      const check = await expectOnlyFailure({ DATABASE_URL: t.url! }, 'database', 'system_cron_logs indexes');
      expect(check.reason).toContain('idx_system_cron_logs_run_time');
      expect(check.fix).toContain(
        'create index idx_system_cron_logs_run_time on admin.system_cron_logs (run_time desc);',
      );
    });
  });

  it('a time zone copy older than the server fails "time zone names" with the refresh statement', async () => {
    await withFreshDatabase(async (t) => {
      await t.sql.exec(`delete from strukt.time_zones where name in ('Europe/Paris', 'Asia/Tokyo')`);
      const check = await expectOnlyFailure({ DATABASE_URL: t.url! }, 'database', 'time zone names');
      expect(check.reason).toMatch(/^2 of the \d+ names PostgreSQL knows are not in strukt.time_zones/);
      expect(check.fix).toBe(TIME_ZONES_FIX);
      await t.sql.exec(TIME_ZONES_FIX);
      const { exitCode } = await runVerifyJson({ DATABASE_URL: t.url! }, [
        '--skip-openai',
        '--repo-dir',
        repo,
      ]);
      expect(exitCode).toBe(0);
    });
  });

  it('disabled row level security fails "row level security" naming the table', async () => {
    await withFreshDatabase(async (t) => {
      await t.sql.exec('alter table admin.system_cron_logs disable row level security');
      const check = await expectOnlyFailure({ DATABASE_URL: t.url! }, 'database', 'row level security');
      expect(check.reason).toBe('not enabled on admin.system_cron_logs');
      expect(check.fix).toContain('alter table admin.system_cron_logs enable row level security;');
    });
  });

  it('a grant to anon fails "anon denied on system_cron_logs", found by reading as anon', async () => {
    await withFreshDatabase(async (t) => {
      // Refused only for want of USAGE on schema admin: a grant waiting to leak, so it fails too.
      await t.sql.exec('grant select on admin.system_cron_logs to anon');
      const latent = await expectOnlyFailure(
        { DATABASE_URL: t.url! },
        'database',
        'anon denied on system_cron_logs',
      );
      expect(latent.reason).toBe('anon holds SELECT on admin.system_cron_logs');
      expect(latent.fix).toContain('revoke all on admin.system_cron_logs, public.cron_leases');

      await t.sql.exec('grant usage on schema admin to anon');
      const check = await expectOnlyFailure(
        { DATABASE_URL: t.url! },
        'database',
        'anon denied on system_cron_logs',
      );
      expect(check.reason).toContain('may select from admin.system_cron_logs');
    });
  });

  it('a grant on the notification ledger to authenticated fails "authenticated denied on system_cron_logs"', async () => {
    await withFreshDatabase(async (t) => {
      // A user who could write the ledger could reset their own cooldowns again.
      await t.sql.exec('grant select, update on strukt.notification_ledger to authenticated');
      const check = await expectOnlyFailure(
        { DATABASE_URL: t.url! },
        'database',
        'authenticated denied on system_cron_logs',
      );
      expect(check.reason).toBe('authenticated holds SELECT/UPDATE on strukt.notification_ledger');
      expect(check.fix).toContain('strukt.ai_batch_requests from public, anon, authenticated;');
    });
  });

  it('a renamed or retyped column the jobs read fails "columns the jobs read", naming it and the type expected', async () => {
    await withFreshDatabase(async (t) => {
      await t.sql.exec(`
        alter table workouts rename column workout_date to performed_on;
        alter table mood_logs alter column stress_level type bigint;`);
      const { exitCode, result } = await runVerifyJson({ DATABASE_URL: t.url! }, [
        '--skip-openai',
        '--repo-dir',
        repo,
      ]);
      expect(exitCode).toBe(1);
      // The jobs' dry runs fail on the same column; of the schema checks, only this one does.
      expect(named(result, 'fail').filter((n) => n.startsWith('database /'))).toEqual([
        'database / columns the jobs read',
      ]);
      const check = find(result, 'database', 'columns the jobs read');
      expect(check.reason).toBe(
        'workouts.workout_date (timestamp with time zone) is missing, mood_logs.stress_level is bigint, expected integer',
      );
      expect(check.fix).toContain('An app migration renamed or changed workouts.workout_date');
      expect(check.fix).toContain('as timestamp with time zone');
    });
  });

  it('a disabled or dropped stress trigger fails "stress evidence" with the statement that restores it', async () => {
    await withFreshDatabase(async (t) => {
      await t.sql.exec('alter table public.ai_coach_logs disable trigger strukt_stress_evidence');
      const disabled = await expectOnlyFailure({ DATABASE_URL: t.url! }, 'database', 'stress evidence');
      expect(disabled.reason).toContain('trigger strukt_stress_evidence on ai_coach_logs is disabled');
      expect(disabled.fix).toBe(
        'Run: alter table public.ai_coach_logs enable trigger strukt_stress_evidence;',
      );
      await t.sql.exec('drop trigger strukt_stress_evidence on public.ai_coach_logs');
      const dropped = await expectOnlyFailure({ DATABASE_URL: t.url! }, 'database', 'stress evidence');
      expect(dropped.reason).toContain('trigger strukt_stress_evidence on ai_coach_logs is missing');
      expect(dropped.fix).toContain('create trigger strukt_stress_evidence after insert or update');
    });
  });

  it('"plan versions" names the unique index, and fails with its create statement when it was dropped', async () => {
    await withFreshDatabase(async (t) => {
      const { result } = await runVerifyJson({ DATABASE_URL: t.url! }, ['--skip-openai', '--repo-dir', repo]);
      expect(find(result, 'database', 'plan versions')).toMatchObject({
        status: 'pass',
        reason: 'unique index strukt_plans_user_version_key present: one plan per (user_id, version)',
      });
      await t.sql.exec('drop index public.strukt_plans_user_version_key');
      const check = await expectOnlyFailure({ DATABASE_URL: t.url! }, 'database', 'plan versions');
      expect(check.reason).toBe(
        'no unique index on plans (user_id, version), though plans holds no duplicate version',
      );
      expect(check.fix).toContain(
        'create unique index concurrently strukt_plans_user_version_key on public.plans (user_id, version);',
      );
    });
  });

  it('"plan versions" passes without the index where STRUKT\'s plans had duplicate versions, counting them', async () => {
    const t = await createTestDatabase({ migrate: false });
    try {
      const users = ['00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000e2'];
      await t.sql.exec(`
        insert into auth.users (id) values ('${users[0]}'), ('${users[1]}');
        insert into public.plans (user_id, plan_data, version) values
          ('${users[0]}', '{}', 1), ('${users[0]}', '{}', 1), ('${users[0]}', '{}', 2),
          ('${users[1]}', '{}', 3), ('${users[1]}', '{}', 3), ('${users[1]}', '{}', 3);`);
      await migrateUp(t.sql);
      const { exitCode, result } = await runVerifyJson({ DATABASE_URL: t.url! }, [
        '--skip-openai',
        '--repo-dir',
        repo,
      ]);
      expect(named(result, 'fail')).toEqual([]);
      expect(exitCode).toBe(0);
      const check = find(result, 'database', 'plan versions');
      expect(check.status).toBe('pass');
      expect(check.reason).toMatch(
        /^unique index strukt_plans_user_version_key absent: plans holds 2 duplicate \(user_id, version\) pairs from before the install, so cron_save_plans keeps new versions unique/,
      );
    } finally {
      await t.drop();
    }
  });

  it('an edited applied migration fails "migrations unchanged"', async () => {
    await withFreshDatabase(async (t) => {
      // Same effect as editing the file after applying it: the recorded checksum no longer matches.
      await t.sql.exec(
        `update strukt_meta.schema_migrations set checksum = repeat('0', 64) where version = '20261130000200'`,
      );
      const check = await expectOnlyFailure({ DATABASE_URL: t.url! }, 'database', 'migrations unchanged');
      expect(check.reason).toContain('20261130000200_create_system_cron_logs.sql');
      expect(check.fix).toContain('Restore the file');
    });
  });

  it('SUPABASE_URL without SUPABASE_SERVICE_ROLE_KEY fails "environment" and skips what needs the database', async () => {
    await withFreshDatabase(async (t) => {
      const env = { DATABASE_URL: t.url!, SUPABASE_URL: 'https://abcdefgh.supabase.co' };
      const check = await expectOnlyFailure(env, 'configuration', 'environment');
      expect(check.reason).toContain('SUPABASE_SERVICE_ROLE_KEY is not set');
      expect(check.fix).toContain('SUPABASE_SERVICE_ROLE_KEY');
      const { result } = await runVerifyJson(env, ['--skip-openai', '--repo-dir', repo]);
      expect(find(result, 'database', 'tables').status).toBe('skip');
      // The repository needs no configuration, so it is still checked.
      expect(find(result, 'repository', 'action bundles fresh').status).toBe('pass');
    });
  });

  it('a stale action bundle fails "action bundles fresh" with the rebuild command', async () => {
    const stale = await createFixtureRepo({ staleBundle: true });
    repos.push(stale);
    await withFreshDatabase(async (t) => {
      const { exitCode, result } = await runVerifyJson({ DATABASE_URL: t.url! }, [
        '--skip-openai',
        '--repo-dir',
        stale,
      ]);
      expect(named(result, 'fail')).toEqual(['repository / action bundles fresh']);
      expect(exitCode).toBe(1);
      const check = find(result, 'repository', 'action bundles fresh');
      expect(check.reason).toContain('actions/demo/dist/index.js');
      expect(check.fix).toContain('npm run build:actions');
    });
  });

  it('prints the failing check with ✗ and its fix, and a summary counting it', async () => {
    await withFreshDatabase(async (t) => {
      await t.sql.exec('drop index admin.idx_system_cron_logs_run_time');
      const run = await runVerify({ DATABASE_URL: t.url! }, ['--skip-openai', '--repo-dir', repo]);
      const at = run.lines.findIndex((l) => l.startsWith('  ✗ system_cron_logs indexes — '));
      expect(at).toBeGreaterThan(-1);
      expect(run.lines[at + 1]).toMatch(/^ {6}fix: Run: create index idx_system_cron_logs_run_time/);
      expect(run.lines.at(-1)).toMatch(/^(\d+)\/(\d+) checks passed, 1 failed \(\d+ skipped\) in [\d.]+ s$/);
      expect(run.exitCode).toBe(1);
    });
  });
});
