import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { healthCommand } from '../../src/commands/health.ts';
import { loadConfig } from '../../src/config/config.ts';
import { runServerSuites } from '../support/database.ts';
import {
  healthFixture,
  HOUR,
  LAST_SLOT,
  PLANTED,
  WEEK,
  leakyError,
  recordDigestRun,
  writes,
} from '../health/support.ts';

// The command opens its own database from DATABASE_URL, so it needs the real server.
describe.skipIf(!runServerSuites)('strukt-cron health', () => {
  const h = healthFixture({
    // Four weekly digest runs, all errors: an error-rate breach.
    once: async (db) => {
      for (let k = 0; k < 4; k++) {
        await recordDigestRun(db.db, { runTime: LAST_SLOT - k * WEEK + 60_000, status: 'error' });
      }
    },
  });

  async function run(
    args: string[],
    env: Record<string, string | undefined> = githubEnv(),
    configEnv: Record<string, string> = {},
  ) {
    const out: string[] = [];
    const err: string[] = [];
    const codes: number[] = [];
    const command = healthCommand({
      config: () => loadConfig({ DATABASE_URL: h.t.url ?? '', ...env, ...configEnv }),
      print: (line) => out.push(line),
      printErr: (line) => err.push(line),
      setExitCode: (code) => codes.push(code),
      now: () => new Date(LAST_SLOT + 3 * HOUR),
    }).exitOverride();
    await command.parseAsync(args, { from: 'user' });
    return { out: out.join('\n'), err: err.join('\n'), codes };
  }

  const githubEnv = () => ({
    GITHUB_TOKEN: 'test-token',
    GITHUB_REPOSITORY: 'strukt/strukt-cron',
    GITHUB_API_URL: h.fake.url,
  });

  it('prints the health table and the planned issues on a dry run, and writes nothing', async () => {
    h.fake.addIssue({ title: 'unrelated', labels: ['bug'] });
    const { out, codes } = await run(['--dry-run', '--catch-up', '--quiet']);

    expect(out).toContain('## Cron health');
    expect(out).toContain('### weekly-digest (`generateWeeklyDigest`)');
    expect(out).toContain('| success rate | 0.0% | ≥ 95.0% |');
    expect(out).toContain('dry run: nothing written, nothing dispatched');
    expect(out).toContain('- create "[cron-alert] weekly-digest: error rate above threshold": dry-run');
    expect(out).toMatch(/catch-up user-status\.yml as_of \S+: dry-run/);
    expect(h.fake.requests.length).toBeGreaterThan(0);
    expect(writes(h.fake)).toEqual([]);
    expect(h.fake.dispatches).toEqual([]);
    expect(codes).toEqual([0]);
  });

  it('evaluates and prints only, and says so, without a repository or token', async () => {
    const { out, err, codes } = await run(['--quiet', '--json'], {});
    expect(err).toContain('evaluating and printing only');
    const result = JSON.parse(out) as { healthy: boolean; breaches: number; ops: Array<{ status: string }> };
    expect(result.healthy).toBe(false);
    expect(result.breaches).toBeGreaterThan(0);
    expect(result.ops.every((op) => op.status === 'planned')).toBe(true);
    expect(h.fake.requests).toEqual([]);
    expect(codes).toEqual([0]);
  });

  it('exits 1 when GitHub refuses the issue listing', async () => {
    h.fake.failNext(1, { status: 404, message: 'Not Found' });
    const { err, codes } = await run(['--dry-run', '--quiet']);
    expect(err).toMatch(/error: list alert issues: HTTP 404/);
    expect(codes).toEqual([1]);
  });

  it('rejects a success rate outside 0–1, saying what it expected', async () => {
    await expect(run(['--min-success-rate', '1.5'])).rejects.toThrow(
      "Invalid --min-success-rate '1.5'. Expected a share from 0 to 1",
    );
  });

  it('names where a malformed repository came from: the flag or GITHUB_REPOSITORY', async () => {
    await expect(run(['--repo', 'not-a-repo'])).rejects.toThrow(
      "Invalid --repo 'not-a-repo'. Expected owner/name, like strukt/strukt-cron.",
    );
    await expect(run([], { ...githubEnv(), GITHUB_REPOSITORY: 'a/b/c' })).rejects.toThrow(
      'GITHUB_REPOSITORY: Expected owner/name, like strukt/strukt-cron; got "a/b/c"',
    );
  });

  it('applies the thresholds given as flags', async () => {
    const { out } = await run([
      '--dry-run',
      '--quiet',
      '--json',
      '--max-call-retry-rate',
      '25%',
      '--window-days',
      '30',
    ]);
    const result = JSON.parse(out) as {
      health: Array<{ job: string; thresholds: { maxCallRetryRate: number }; window: { from: string } }>;
    };
    const digest = result.health.find((h) => h.job === 'weekly-digest');
    expect(digest?.thresholds.maxCallRetryRate).toBe(0.25);
    expect(digest?.window.from).toBe(new Date(LAST_SLOT + 3 * HOUR - 30 * 24 * HOUR).toISOString());
  });

  it('applies per-job thresholds from STRUKT_THRESHOLD_* variables, under a flag for every job', async () => {
    const { out } = await run(
      ['--dry-run', '--quiet', '--json', '--max-call-retry-rate', '0.3'],
      githubEnv(),
      {
        STRUKT_THRESHOLD_WEEKLY_DIGEST_SLOW_RUN_PER_USER: '1500ms',
        STRUKT_THRESHOLD_WEEKLY_DIGEST_MAX_CALL_RETRY_RATE: '5%',
        STRUKT_THRESHOLD_USER_STATUS_SLOW_RUN_BASE: '20s',
      },
    );
    const result = JSON.parse(out) as {
      health: Array<{
        job: string;
        thresholds: { slowRunMsPerUser: number; slowRunBaseMs: number; maxCallRetryRate: number };
      }>;
    };
    const byJob = Object.fromEntries(result.health.map((h) => [h.job, h.thresholds]));
    expect(byJob['weekly-digest']).toMatchObject({
      slowRunMsPerUser: 1500,
      slowRunBaseMs: 30_000,
      maxCallRetryRate: 0.3,
    });
    expect(byJob['user-status']).toMatchObject({ slowRunMsPerUser: 2, slowRunBaseMs: 20_000 });
    expect(byJob['plan-refresh']).toMatchObject({ slowRunMsPerUser: 3_000, slowRunBaseMs: 60_000 });
  });

  // Last: it adds runs to the window.
  it('prints the full body of every issue it would write with --show-issues: what failed, linked, masked', async () => {
    const runUrl = 'https://github.com/strukt/strukt-cron/actions/runs/31415926';
    for (const k of [1, 2]) {
      await h.t.db.call('cron_record_run', {
        p_run_id: randomUUID(),
        p_function_name: 'generateWeeklyDigest',
        p_run_status: 'error',
        p_run_time: new Date(LAST_SLOT + k * 60_000).toISOString(),
        p_duration_ms: 4_000,
        p_attempts: 1,
        p_details: { job: 'weekly-digest', trigger: 'dispatch', run_url: runUrl },
        p_error_message: leakyError(),
      });
    }
    const { out, codes } = await run(['--dry-run', '--show-issues', '--quiet'], {});
    expect(out).toContain('## Alert issue bodies');
    expect(out).toContain(
      '----- create "[cron-alert] weekly-digest: error rate above threshold" (labels: cron-alert): planned -----',
    );
    expect(out).toContain('<!-- strukt-cron:alert:v1:weekly-digest:error-rate -->');
    expect(out).toContain('### Most frequent errors (last 28 days)');
    expect(out).toContain(
      `| 2 | 2025-11-02 20:02 UTC | DbError: insert failed for [name] &lt;[email]&gt; (user [id]) | [run 31415926](${runUrl}) |`,
    );
    expect(out).toContain('| 4 | 2025-11-02 20:01 UTC | Error | — |');
    for (const secret of Object.values(PLANTED)) expect(out).not.toContain(secret);
    expect(codes).toEqual([0]);

    const { out: json } = await run(['--dry-run', '--show-issues', '--quiet', '--json'], {});
    const ops = (JSON.parse(json) as { ops: Array<{ type: string; kind: string; body?: string }> }).ops;
    const errorRate = ops.find((op) => op.kind === 'error-rate' && op.type === 'create');
    expect(errorRate?.body).toContain(`[run 31415926](${runUrl})`);
  });
});
