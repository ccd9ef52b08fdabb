import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSettings, runCronHealthAction } from '../../src/actions/cronHealth.ts';
import type { ActionCore } from '../../src/actions/cronHealth.ts';
import { createTestDatabase, runServerSuites } from '../support/database.ts';
import { healthFixture, HOUR, LAST_SLOT, WEEK, noSleep, recordDigestRun } from '../health/support.ts';

const NOW = LAST_SLOT + 3 * HOUR;
const DAY = 24 * HOUR;

/** @actions/core as the action sees it, recording what the action did. */
function fakeCore(inputs: Record<string, string>) {
  const recorded = {
    outputs: {} as Record<string, string>,
    secrets: [] as string[],
    failed: [] as string[],
    summary: '',
    log: [] as string[],
  };
  const core: ActionCore = {
    getInput: (name) => inputs[name] ?? '',
    setOutput: (name, value) => void (recorded.outputs[name] = value),
    setSecret: (secret) => void recorded.secrets.push(secret),
    setFailed: (message) => void recorded.failed.push(message),
    debug: () => {},
    info: (message) => void recorded.log.push(message),
    warning: (message) => void recorded.log.push(`warning: ${message}`),
    summary: {
      addRaw(text) {
        recorded.summary += text;
        return { write: async () => undefined };
      },
    },
  };
  return { core, recorded };
}

// The action opens its own database from the database-url input, so it needs the real server.
describe.skipIf(!runServerSuites)('cron-health action', () => {
  const h = healthFixture({
    // The digest ran at every slot of the window; the other two jobs never ran.
    each: async (db) => {
      for (let k = 0; k < 4; k++) await recordDigestRun(db.db, { runTime: LAST_SLOT - k * WEEK + 60_000 });
    },
  });

  async function run(inputs: Record<string, string>, env: Record<string, string> = {}) {
    const { core, recorded } = fakeCore({
      'github-token': 'ghs_test-token',
      'database-url': h.t.url ?? '',
      ...inputs,
    });
    await runCronHealthAction({
      core,
      env: {
        GITHUB_REPOSITORY: 'strukt/strukt-cron',
        GITHUB_API_URL: h.fake.url,
        GITHUB_REF_NAME: 'main',
        ...env,
      },
      now: () => new Date(NOW),
      github: { throttle: false, retryAfterBaseMs: 1, sleep: noSleep },
    });
    return recorded;
  }

  it('opens the alerts, dispatches catch-ups, and reports them in outputs and the job summary', async () => {
    const recorded = await run({ 'catch-up': 'true' });

    expect(recorded.failed).toEqual([]);
    expect(recorded.outputs).toEqual({
      healthy: 'false',
      breaches: '2',
      'issues-opened': '2',
      'issues-closed': '0',
      dispatched: '2',
      'workflows-enabled': '0',
    });
    expect(h.fake.dispatches.map((d) => d.workflow).sort()).toEqual(['plan-refresh.yml', 'user-status.yml']);
    expect(recorded.summary).toContain('## Cron health');
    expect(recorded.summary).toContain('- create "[cron-alert] user-status: missed scheduled runs" #');
    expect(recorded.summary).toContain('catch-up user-status.yml as_of 2025-11-02T08:00:00.000Z: dispatched');
    expect(recorded.secrets).toEqual(expect.arrayContaining(['ghs_test-token', h.t.url]));
  });

  it('on a database that was never migrated, fails with the missing object and db migrate', async () => {
    const unmigrated = await createTestDatabase({ migrate: false });
    try {
      const recorded = await run({ 'database-url': unmigrated.url ?? '' });
      expect(recorded.failed).toHaveLength(1);
      expect(recorded.failed[0]).toMatch(
        /^The database lacks function public\.cron_\w+, which the strukt-cron migrations create: run strukt-cron db migrate\.$/,
      );
    } finally {
      await unmigrated.drop();
    }
  });

  it('writes and dispatches nothing on a dry run', async () => {
    const recorded = await run({ 'catch-up': 'true', 'dry-run': 'true' });
    expect(recorded.failed).toEqual([]);
    expect(h.fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(recorded.outputs).toMatchObject({ healthy: 'false', 'issues-opened': '0', dispatched: '0' });
  });

  it('prunes run logs older than prune-keep when it is set', async () => {
    await recordDigestRun(h.t.db, { runTime: NOW - 200 * DAY });
    const recorded = await run({ 'prune-keep': '90d' });
    expect(recorded.failed).toEqual([]);
    expect(recorded.summary).toContain('Retention: deleted 1 run log row(s) older than 90 days');
    const [row] = await h.t.sql.query<{ n: number }>('select count(*)::int as n from admin.system_cron_logs');
    expect(row?.n).toBe(4);
  });

  describe('keep-alive', () => {
    const WORKFLOW_REF = 'strukt/strukt-cron/.github/workflows/cron-health.yml@refs/heads/main';
    beforeEach(() => {
      h.fake.workflows.set('weekly-digest.yml', 'active');
      h.fake.workflows.set('user-status.yml', 'disabled_inactivity');
      h.fake.workflows.set('plan-refresh.yml', 'disabled_manually');
      h.fake.workflows.set('cron-health.yml', 'active');
    });

    it('enables the job workflows and its own, and leaves one a person disabled', async () => {
      const recorded = await run({ keepalive: 'true' }, { GITHUB_WORKFLOW_REF: WORKFLOW_REF });
      expect(recorded.failed).toEqual([]);
      expect(h.fake.enabled).toEqual(['weekly-digest.yml', 'user-status.yml', 'cron-health.yml']);
      expect(h.fake.workflows.get('user-status.yml')).toBe('active');
      expect(h.fake.workflows.get('plan-refresh.yml')).toBe('disabled_manually');
      expect(recorded.outputs['workflows-enabled']).toBe('3');
      expect(recorded.summary).toContain('## Keep-alive');
      expect(recorded.summary).toContain('- plan-refresh.yml: left — switched off by a person; left off');
    });

    it('enables nothing on a dry run, and touches no workflow without keepalive', async () => {
      const dry = await run({ keepalive: 'true', 'dry-run': 'true' }, { GITHUB_WORKFLOW_REF: WORKFLOW_REF });
      expect(dry.failed).toEqual([]);
      expect(dry.summary).toContain('- user-status.yml: dry-run');
      const off = await run({});
      expect(off.outputs['workflows-enabled']).toBe('0');
      expect(h.fake.enabled).toEqual([]);
      expect(
        h.fake.requests.filter(
          (r) => r.path.includes('/actions/workflows/') && !r.path.endsWith('/dispatches'),
        ),
      ).toHaveLength(4);
    });

    it('reports a missing workflow, and fails the step after the rest when an enable is refused', async () => {
      h.fake.workflows.delete('cron-health.yml');
      h.fake.refuseEnable.add('weekly-digest.yml');
      const recorded = await run({ keepalive: 'true' }, { GITHUB_WORKFLOW_REF: WORKFLOW_REF });
      expect(recorded.summary).toContain('- cron-health.yml: left — not found in the repository');
      expect(h.fake.enabled).toEqual(['user-status.yml']);
      expect(recorded.failed).toHaveLength(1);
      expect(recorded.failed[0]).toContain('keep-alive of weekly-digest.yml failed: HTTP 403');
    });
  });

  it('reads per-job thresholds from STRUKT_THRESHOLD_* in its environment, and names a bad one', async () => {
    const settings = readSettings(
      fakeCore({ 'github-token': 'ghs_test-token', 'database-url': h.t.url ?? '' }).core,
      {
        GITHUB_REPOSITORY: 'strukt/strukt-cron',
        STRUKT_THRESHOLD_WEEKLY_DIGEST_SLOW_RUN_BASE: '45s',
      },
    );
    expect(settings.config.thresholds).toEqual({ 'weekly-digest': { slowRunBaseMs: 45_000 } });
    const recorded = await run({}, { STRUKT_THRESHOLD_USER_STATUS_MAX_RETRY_RATE: 'often' });
    expect(recorded.failed).toEqual([
      expect.stringContaining('STRUKT_THRESHOLD_USER_STATUS_MAX_RETRY_RATE: Expected a share from 0 to 1'),
    ]);
  });

  it('fails once, naming the input and what it expected, on a bad input', async () => {
    const recorded = await run({ 'window-days': 'a month' });
    expect(recorded.failed).toEqual([
      "Invalid input 'window-days' 'a month'. Expected a whole number from 1 to 366.",
    ]);
    expect(recorded.outputs).toEqual({});
  });

  it('sets its outputs and then fails once when a GitHub operation fails', async () => {
    h.fake.failNext(1, { status: 404, message: 'Not Found' });
    const recorded = await run({});
    expect(recorded.outputs.healthy).toBe('false');
    expect(recorded.failed).toHaveLength(1);
    expect(recorded.failed[0]).toMatch(/^1 operation\(s\) failed:\n {2}list alert issues: HTTP 404/);
  });

  it('masks the token and Supabase keys a GitHub error quotes, in the failure text and the summary', async () => {
    h.fake.failNext(1, { status: 404, message: 'Not Found for ghs_test-token (sb_publishable_Xy12_ab34)' });
    const recorded = await run({});
    expect(recorded.failed).toHaveLength(1);
    expect(recorded.failed[0]).toContain('list alert issues: HTTP 404: Not Found for [secret] ([key])');
    expect(recorded.failed[0]).not.toMatch(/ghs_test-token|sb_publishable_/);
    expect(recorded.summary).not.toContain('ghs_test-token');
  });
});

// No database needed: the failure happens where the action opens it.
describe('cron-health action failure text', () => {
  it('masks the configured secrets and Supabase keys a thrown error quotes', async () => {
    const password = 'Db-Passw0rd-Xq7';
    const serviceKey = 'Srk-Value-9Lm3Np7Qr';
    const token = 'ghs_another-test-token';
    const { core, recorded } = fakeCore({
      'github-token': token,
      'supabase-url': 'https://abcd.supabase.co',
      'supabase-service-role-key': serviceKey,
      'database-url': `postgres://postgres:${password}@127.0.0.1:5432/postgres`,
    });
    await runCronHealthAction({
      core,
      env: { GITHUB_REPOSITORY: 'strukt/strukt-cron' },
      openDb: async () => {
        throw new Error('Could not open the database', {
          cause: new Error(
            `password ${password} and key ${serviceKey} refused; ${token}; sb_secret_Ab12Cd34_ef`,
          ),
        });
      },
    });
    expect(recorded.failed).toEqual([
      'Could not open the database\n  caused by: password [secret] and key [secret] refused; [secret]; [key]',
    ]);
  });
});

describe('cron-health workflow and action metadata', () => {
  const action = readFileSync(new URL('../../actions/cron-health/action.yml', import.meta.url), 'utf8');
  const workflow = readFileSync(new URL('../../.github/workflows/cron-health.yml', import.meta.url), 'utf8');

  /** Keys indented by exactly `indent` spaces between `start` and the next line indented less. */
  function keysUnder(text: string, start: RegExp, indent: number): string[] {
    const lines = text.split('\n');
    const from = lines.findIndex((l) => start.test(l));
    if (from < 0) throw new Error(`Expected a line matching ${start} in the YAML.`);
    const keys: string[] = [];
    for (const line of lines.slice(from + 1)) {
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      const depth = line.length - line.trimStart().length;
      if (depth < indent) break;
      const match = new RegExp(`^ {${indent}}([a-z-]+):`).exec(line);
      if (match?.[1]) keys.push(match[1]);
    }
    return keys;
  }

  it('passes only inputs the action declares, and declares the documented outputs', () => {
    const inputs = keysUnder(action, /^inputs:/, 2);
    const step = workflow.slice(workflow.indexOf('uses: ./actions/cron-health'));
    const passed = keysUnder(step, /^ {8}with:$/, 10);
    expect(passed).toEqual(expect.arrayContaining(['prune-keep', 'keepalive']));
    for (const key of passed) expect(inputs).toContain(key);
    expect(keysUnder(action, /^outputs:/, 2)).toEqual([
      'healthy',
      'breaches',
      'issues-opened',
      'issues-closed',
      'dispatched',
      'workflows-enabled',
    ]);
    expect(action).toMatch(/using: node24\n\s+main: dist\/index\.js/);
  });

  it('runs hourly at an odd minute with least permissions and no expressions inside run scripts', () => {
    expect(workflow).toContain("- cron: '17 * * * *'");
    expect(workflow).toMatch(/permissions:\n {2}contents: read\n {2}issues: write\n {2}actions: write\n/);
    expect(workflow).toContain('uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1');
    expect(workflow).not.toMatch(/^\s*(- )?run:.*\$\{\{/m);
  });
});
