import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';

let t: TestDatabase;

const RUN_URL = 'https://github.com/strukt/strukt-cron/actions/runs/4242';

async function record(
  runId: string,
  functionName: string,
  status: string,
  runTime: string,
  details: Record<string, unknown>,
  error: string | null = null,
) {
  await t.db.call('cron_record_run', {
    p_run_id: runId,
    p_function_name: functionName,
    p_run_status: status,
    p_run_time: runTime,
    p_duration_ms: 4_200,
    p_attempts: status === 'error' ? 3 : 1,
    p_details: details,
    p_error_message: error,
  });
}

async function runs(args: string[]) {
  const out: string[] = [];
  await buildProgram(() => loadConfig({ DATABASE_URL: t.url ?? '' }), {
    print: (line) => out.push(line),
    printErr: () => {},
  }).parseAsync(['node', 'strukt-cron', 'runs', ...args]);
  return out.join('\n');
}

// The command opens its own database from DATABASE_URL, so it needs the real server.
describe.skipIf(!runServerSuites)('strukt-cron runs', () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    const counts = { considered: 40, succeeded: 37, failed: 1, skipped: { cooldown: 2 }, remaining: 0 };
    await record(
      '00000000-0000-4000-8000-000000000001',
      'generateWeeklyDigest',
      'success',
      '2025-11-02T20:07:00Z',
      {
        counts,
        trigger: 'schedule',
        period: { start: '2025-10-26T20:00:00.000Z', end: '2025-11-02T20:00:00.000Z' },
      },
    );
    await record(
      '00000000-0000-4000-8000-000000000002',
      'checkUserStatus',
      'error',
      '2025-11-03T08:13:00Z',
      { counts: { ...counts, succeeded: 0, failed: 40, skipped: {} }, trigger: 'schedule', run_url: RUN_URL },
      'run: DbError 57014: canceling statement due to statement timeout for maya@example.com',
    );
    // A row the original Phase 3 logged: no run id, no details.
    await t.sql.query(
      `insert into admin.system_cron_logs (function_name, run_status, run_time, duration_ms)
       values ('generatePlans', 'success', '2025-11-03T06:11:00Z', 900)`,
    );
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('prints every job’s runs newest first, with counts, trigger and the masked error', async () => {
    const out = await runs([]);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Runs, newest first (admin.system_cron_logs)');
    expect(lines[1]).toMatch(
      /^ {2}time +job +status +duration +attempts +considered +succeeded +failed +skipped +remaining +trigger +error$/,
    );
    expect(lines[2]).toMatch(
      /^ {2}2025-11-03 08:13 UTC +user-status +error +4\.2 s +3 +40 +0 +40 +0 +0 +schedule +run: DbError 57014: canceling statement due to statement timeout for \[email\]$/,
    );
    expect(lines[3]).toMatch(/^ {2}2025-11-03 06:11 UTC +plan-refresh +success +900 ms +1$/);
    expect(lines[4]).toMatch(
      /^ {2}2025-11-02 20:07 UTC +weekly-digest +success +4\.2 s +1 +40 +37 +1 +2 +0 +schedule$/,
    );
    expect(out).not.toContain('maya@example.com');
  });

  it('keeps to one job and the limit', async () => {
    const out = await runs(['--job', 'generateWeeklyDigest', '--limit', '1']);
    expect(out.split('\n')[0]).toBe('Runs of weekly-digest, newest first (admin.system_cron_logs)');
    expect(out.split('\n')).toHaveLength(3);
    expect(await runs(['--limit', '1'])).toContain('user-status');
    expect(await runs(['--limit', '1'])).not.toContain('plan-refresh');
  });

  it('prints JSON with run ids, periods and the workflow run link', async () => {
    const entries = JSON.parse(await runs(['--json', '--job', 'user-status'])) as Array<
      Record<string, unknown>
    >;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      runId: '00000000-0000-4000-8000-000000000002',
      job: 'user-status',
      status: 'error',
      runTime: '2025-11-03T08:13:00.000Z',
      runUrl: RUN_URL,
      errorMessage: 'run: DbError 57014: canceling statement due to statement timeout for [email]',
    });
  });

  it('says when nothing was recorded', async () => {
    await t.sql.exec('truncate admin.system_cron_logs');
    expect(await runs(['--job', 'plan-refresh'])).toBe(
      'Runs of plan-refresh, newest first (admin.system_cron_logs)\n  (none recorded)',
    );
  });

  it('rejects an unknown job and a limit out of range, saying what it expected', async () => {
    await expect(runs(['--job', 'digest'])).rejects.toThrow(
      "Invalid --job 'digest'. Expected one of: weekly-digest (generateWeeklyDigest), user-status (checkUserStatus), plan-refresh (generatePlans).",
    );
    await expect(runs(['--limit', '5000'])).rejects.toThrow(
      "Invalid --limit '5000'. Expected a whole number from 1 to 1000.",
    );
    await expect(runs(['--limit', 'ten'])).rejects.toThrow("Invalid --limit 'ten'.");
  });
});
