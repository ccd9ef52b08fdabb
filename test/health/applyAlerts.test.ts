import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planAlerts } from '../../src/health/alertPlan.ts';
import type { AlertOp } from '../../src/health/alertPlan.ts';
import { gitHubAlertIssues } from '../../src/github/alertIssues.ts';
import { createGitHubClient, throttleHandlers } from '../../src/github/client.ts';
import { applyAlerts } from '../../src/health/applyAlerts.ts';
import type { GitHubClient } from '../../src/github/client.ts';
import { alertMarker } from '../../src/health/markers.ts';
import { getJob } from '../../src/domain/jobs.ts';
import { evaluateJobHealth } from '../../src/monitoring/evaluate.ts';
import type { JobHealth, RunSample } from '../../src/monitoring/evaluate.ts';
import { startFakeGitHub } from '../support/fakeGitHub.ts';
import type { FakeGitHub } from '../support/fakeGitHub.ts';

const repo = { owner: 'strukt', repo: 'strukt-cron' };
const job = getJob('user-status');
const HOUR = 3_600_000;
const noSleep = async () => {};
const PLANTED = ['jane.doe@example.com', '3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c', 'Jane Doe'];

let fake: FakeGitHub;
let octokit: GitHubClient;
const warnings: string[] = [];

beforeEach(async () => {
  fake = await startFakeGitHub();
  warnings.length = 0;
  // Throttling paces writes a second or more apart, as GitHub asks; these tests would take minutes.
  octokit = client({ throttle: false });
});
afterEach(async () => {
  await fake.close();
});

function client(options: { throttle: boolean }): GitHubClient {
  return createGitHubClient({
    token: 'test-token',
    baseUrl: fake.url,
    throttle: options.throttle,
    retryAfterBaseMs: 1,
    log: { debug: () => {}, info: () => {}, warn: (m) => warnings.push(m), error: () => {} },
  });
}

/** Daily user-status runs on time at 08:05 before `now`: all errors (breach) or all fine (ok). */
function healthAt(now: Date, healthy: boolean): JobHealth {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T08:05:00Z`);
  const runs: RunSample[] = Array.from({ length: 3 }, (_, i) => ({
    runId: `run-${i}`,
    runTime: new Date(today - i * 24 * HOUR).toISOString(),
    status: healthy ? 'success' : 'error',
    durationMs: 2_000,
    attempts: 1,
    errorMessage: healthy ? null : `DbError: row for ${PLANTED[2]} <${PLANTED[0]}> user ${PLANTED[1]} failed`,
  }));
  return evaluateJobHealth({ job, runs, now, windowDays: 3 });
}

async function cycle(now: Date, healthy: boolean, gh = octokit) {
  const issues = await access(gh).list('cron-alert');
  const ops = planAlerts({ health: [healthAt(now, healthy)], issues, now });
  return applyAlerts(access(gh), ops, { dryRun: false, sleep: noSleep });
}

const openAlerts = () =>
  fake.issues.filter((i) => i.state === 'open' && i.body?.includes(alertMarker('user-status', 'error-rate')));

describe('applyAlerts against the fake GitHub', () => {
  it.each([
    ['for two list calls', 2],
    ['for 30 ms', { ms: 30 }],
  ] as const)(
    'leaves exactly one open issue when two health runs create at once (new issues hidden %s)',
    async (_label, hide) => {
      fake.hideNewIssuesFor(hide);
      const shortSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms / 50));
      const now = new Date('2025-11-03T12:00:00Z');
      const [issuesA, issuesB] = await Promise.all([
        access(octokit).list('cron-alert'),
        access(octokit).list('cron-alert'),
      ]);
      const plan = (issues: typeof issuesA) => planAlerts({ health: [healthAt(now, false)], issues, now });
      const other = client({ throttle: false });
      const [a, b] = await Promise.all([
        applyAlerts(access(octokit), plan(issuesA), { dryRun: false, sleep: shortSleep }),
        applyAlerts(access(other), plan(issuesB), { dryRun: false, sleep: shortSleep }),
      ]);

      expect([...a, ...b].filter((r) => r.op.type === 'create')).toHaveLength(2);
      expect(openAlerts().map((i) => i.number)).toEqual([1]);
      const copy = fake.issues.find((i) => i.number === 2);
      expect(copy).toMatchObject({ state: 'closed', stateReason: 'duplicate' });
      expect(fake.comments.some((c) => c.issueNumber === 2 && c.body === 'Duplicate of #1')).toBe(true);
      expect([...a, ...b].every((r) => r.status === 'applied')).toBe(true);
    },
  );

  it('opens, updates and closes one issue over a breach and its recovery', async () => {
    const t0 = Date.parse('2025-11-03T12:00:00Z');
    await cycle(new Date(t0), false);
    await cycle(new Date(t0 + HOUR), false);
    expect(openAlerts()).toHaveLength(1);
    expect(fake.comments).toHaveLength(0);

    await cycle(new Date(t0 + 2 * HOUR), true);
    expect(openAlerts()).toHaveLength(1);
    await cycle(new Date(t0 + 3 * HOUR), true);
    expect(openAlerts()).toHaveLength(0);
    expect(fake.issues[0]).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(fake.comments.map((c) => c.body)).toEqual([expect.stringMatching(/^Recovered: /)]);
  });

  it('never puts names, emails or user ids from error messages into issues or comments', async () => {
    const written = () => JSON.stringify({ issues: fake.issues, comments: fake.comments });
    await cycle(new Date('2025-11-03T12:00:00Z'), false);
    expect(written()).toContain('| DbError |');
    for (const secret of PLANTED) expect(written()).not.toContain(secret);
    await cycle(new Date('2025-11-03T13:00:00Z'), true);
    await cycle(new Date('2025-11-03T14:00:00Z'), true);
    for (const secret of PLANTED) expect(written()).not.toContain(secret);
  });

  it('reads every page of more than 100 alert issues and skips pull requests and other issues', async () => {
    for (let i = 0; i < 130; i++) fake.addIssue({ title: `alert ${i}`, labels: ['cron-alert'], body: 'x' });
    for (let i = 0; i < 5; i++) fake.addIssue({ title: `bug ${i}`, labels: ['bug'] });
    fake.addIssue({ title: 'a pull request', labels: ['cron-alert'], isPullRequest: true });

    const issues = await access(octokit).list('cron-alert');
    expect(issues).toHaveLength(130);
    expect(new Set(issues.map((i) => i.number)).size).toBe(130);
    const lists = fake.requests.filter((r) => r.method === 'GET' && r.path.includes('/issues?'));
    expect(lists).toHaveLength(2);
    expect(lists[0]?.path).toContain('labels=cron-alert');
    expect(lists[0]?.path).toContain('state=all');
    expect(lists[0]?.path).toContain('per_page=100');
    expect(lists[1]?.path).toContain('page=2');
  });

  it('makes no request in a dry run', async () => {
    const now = new Date('2025-11-03T12:00:00Z');
    const ops = planAlerts({ health: [healthAt(now, false)], issues: [], now });
    const results = await applyAlerts(access(octokit), ops, { dryRun: true });
    expect(results.map((r) => r.status)).toEqual(['dry-run']);
    expect(fake.requests).toHaveLength(0);
  });

  it('creates the cron-alert label when it is missing, and only then', async () => {
    await cycle(new Date('2025-11-03T12:00:00Z'), false);
    expect(fake.labels).toEqual(['cron-alert']);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/labels'))).toHaveLength(1);

    fake.issues.length = 0;
    await cycle(new Date('2025-11-03T13:00:00Z'), false);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/labels'))).toHaveLength(1);
  });

  it('records a refused op as failed and still applies the rest', async () => {
    fake.addIssue({ title: 't', labels: ['cron-alert'] });
    const target = { job: 'user-status', kind: 'error-rate' } as const;
    const ops: AlertOp[] = [
      { ...target, type: 'update', number: 99, body: 'x' },
      { ...target, type: 'comment', number: 1, body: 'still here' },
    ];
    const results = await applyAlerts(access(octokit), ops, { dryRun: false });
    expect(results.map((r) => r.status)).toEqual(['failed', 'applied']);
    expect(results[0]?.error).toMatch(/^HTTP 404/);
    expect(fake.comments.map((c) => c.body)).toEqual(['still here']);
  });

  it('dispatches a workflow on the access ref with the given inputs', async () => {
    await access(octokit).dispatch({
      workflow: 'user-status.yml',
      inputs: { as_of: '2025-11-03T08:00:00.000Z' },
    });
    expect(fake.dispatches).toEqual([
      { workflow: 'user-status.yml', ref: 'main', inputs: { as_of: '2025-11-03T08:00:00.000Z' } },
    ]);
  });

  it('retries once after a secondary rate limit, then gives up', async () => {
    const throttled = client({ throttle: true });
    const limit = {
      status: 403,
      message: 'You have exceeded a secondary rate limit',
      headers: { 'retry-after': '1' },
    };
    fake.failNext(1, limit);
    await expect(access(throttled).list('cron-alert')).resolves.toEqual([]);
    expect(warnings.some((w) => w.includes('retrying once'))).toBe(true);

    fake.failNext(2, limit);
    await expect(access(throttled).list('cron-alert')).rejects.toMatchObject({ status: 403 });
    expect(warnings.some((w) => w.includes('giving up'))).toBe(true);
  });

  it('rejects an unknown issue state like GitHub does', async () => {
    fake.addIssue({ title: 't' });
    await expect(
      octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        ...repo,
        issue_number: 1,
        // Deliberately outside the typed values: the fake must refuse it as GitHub would.
        state: 'gone' as 'open',
      }),
    ).rejects.toMatchObject({ status: 422 });
  });
});

describe('throttleHandlers', () => {
  const request = { method: 'GET', url: '/repos/o/r/issues' };
  const handlers = throttleHandlers({ warn: () => {} });

  it('retries a primary rate limit once when it resets within a minute', () => {
    expect(handlers.onRateLimit(30, request, null, 0)).toBe(true);
    expect(handlers.onRateLimit(30, request, null, 1)).toBe(false);
    expect(handlers.onRateLimit(600, request, null, 0)).toBe(false);
  });

  it('retries a secondary rate limit once', () => {
    expect(handlers.onSecondaryRateLimit(60, request, null, 0)).toBe(true);
    expect(handlers.onSecondaryRateLimit(60, request, null, 1)).toBe(false);
  });
});

/** The health check's GitHub access over an Octokit client, for the test repository on `main`. */
function access(octokit: GitHubClient) {
  return gitHubAlertIssues(octokit, { ...repo, ref: 'main' });
}
