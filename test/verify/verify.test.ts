import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe as vitestDescribe, expect, it } from 'vitest';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';
import { createFixtureRepo, find, named, runVerify, runVerifyJson } from './support.ts';
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

  it('passes at least 28 checks, fails none, and finishes within 30 s', async () => {
    const run = await runVerify({ DATABASE_URL: t.url! }, ['--skip-openai', '--repo-dir', repo]);
    const summary = run.lines.at(-1) ?? '';
    const match = /^(\d+)\/(\d+) checks passed \((\d+) skipped\) in [\d.]+ s$/.exec(summary);
    expect(match, `summary line: ${summary}\n${run.lines.join('\n')}`).not.toBeNull();
    const [passed, asked] = [Number(match![1]), Number(match![2])];
    expect(passed).toBe(asked);
    expect(passed).toBeGreaterThanOrEqual(28);
    expect(run.exitCode).toBe(0);
    expect(run.durationMs).toBeLessThan(30_000);
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
        'database / anon denied on job functions',
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
      await t.sql.exec('drop index public.idx_system_cron_logs_run_time');
      const check = await expectOnlyFailure({ DATABASE_URL: t.url! }, 'database', 'system_cron_logs indexes');
      expect(check.reason).toContain('idx_system_cron_logs_run_time');
      expect(check.fix).toContain(
        'create index idx_system_cron_logs_run_time on public.system_cron_logs (run_time desc);',
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
      await t.sql.exec('alter table public.system_cron_logs disable row level security');
      const check = await expectOnlyFailure({ DATABASE_URL: t.url! }, 'database', 'row level security');
      expect(check.reason).toBe('not enabled on system_cron_logs');
      expect(check.fix).toContain('alter table public.system_cron_logs enable row level security;');
    });
  });

  it('a grant to anon fails "anon denied on system_cron_logs", found by reading as anon', async () => {
    await withFreshDatabase(async (t) => {
      await t.sql.exec('grant select on public.system_cron_logs to anon');
      const check = await expectOnlyFailure(
        { DATABASE_URL: t.url! },
        'database',
        'anon denied on system_cron_logs',
      );
      expect(check.reason).toContain('may select from system_cron_logs');
      expect(check.fix).toContain('revoke all on public.system_cron_logs');
    });
  });

  it('an edited applied migration fails "migrations unchanged"', async () => {
    await withFreshDatabase(async (t) => {
      // Same effect as editing the file after applying it: the recorded checksum no longer matches.
      await t.sql.exec(
        `update strukt_meta.schema_migrations set checksum = repeat('0', 64) where version = '20251028000200'`,
      );
      const check = await expectOnlyFailure({ DATABASE_URL: t.url! }, 'database', 'migrations unchanged');
      expect(check.reason).toContain('20251028000200_create_system_cron_logs.sql');
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
      await t.sql.exec('drop index public.idx_system_cron_logs_run_time');
      const run = await runVerify({ DATABASE_URL: t.url! }, ['--skip-openai', '--repo-dir', repo]);
      const at = run.lines.findIndex((l) => l.startsWith('  ✗ system_cron_logs indexes — '));
      expect(at).toBeGreaterThan(-1);
      expect(run.lines[at + 1]).toMatch(/^ {6}fix: Run: create index idx_system_cron_logs_run_time/);
      expect(run.lines.at(-1)).toMatch(/^(\d+)\/(\d+) checks passed, 1 failed \(\d+ skipped\) in [\d.]+ s$/);
      expect(run.exitCode).toBe(1);
    });
  });
});
