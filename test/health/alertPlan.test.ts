import { describe, expect, it } from 'vitest';
import { planAlerts } from '../../src/health/alertPlan.ts';
import type { AlertOp } from '../../src/health/alertPlan.ts';
import type { ExistingIssue } from '../../src/github/alertIssues.ts';
import { alertMarker, parseStateMarker } from '../../src/health/markers.ts';
import { getJob } from '../../src/domain/jobs.ts';
import type { AlertKind, CheckResult, JobHealth } from '../../src/monitoring/evaluate.ts';

type State = CheckResult['state'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2025-11-03T10:00:00Z');
const job = getJob('weekly-digest');

/** Health of weekly-digest with `state` for error-rate and unknown for the other checks. */
function health(now: Date, state: State, kind: AlertKind = 'error-rate'): JobHealth {
  const unknown: CheckResult = { state: 'unknown', reason: 'not judged' };
  const check: CheckResult =
    state === 'breach'
      ? { state, reason: 'success rate 50.0% below 95.0% over 4 runs' }
      : state === 'ok'
        ? { state, reason: 'success rate 100.0% (min 95.0%) over 4 runs' }
        : { state, reason: '1 run(s) in the window, fewer than the 3 needed' };
  return {
    job: job.name,
    functionName: job.functionName,
    schedule: job.schedule,
    window: { from: new Date(now.getTime() - 28 * DAY).toISOString(), to: now.toISOString() },
    figures: {
      runs: 4,
      successRate: state === 'breach' ? 0.5 : 1,
      avgDurationMs: 1000,
      maxDurationMs: 1500,
      retryRate: 0,
      calls: 0,
      retriedCalls: 0,
      callRetryRate: null,
      users: 0,
      msPerUser: null,
      avgAllowanceMs: 30_000,
      latestDurationMs: 1000,
      latestVsMedian: null,
      consecutiveErrors: 0,
    },
    checks: {
      'error-rate': unknown,
      'retry-rate': unknown,
      'call-retry-rate': unknown,
      'slow-runs': unknown,
      'missed-schedule': unknown,
      batches: unknown,
      [kind]: check,
    },
    thresholds: job.thresholds,
    graceMinutes: 90,
    recentRuns: [],
    errors: { top: [], distinct: 0 },
  };
}

function issue(partial: Partial<ExistingIssue> & { number: number }): ExistingIssue {
  return {
    state: 'open',
    stateReason: null,
    labels: ['cron-alert'],
    body: `${alertMarker('weekly-digest', 'error-rate')}\nold body`,
    createdAt: new Date(START - 30 * DAY + partial.number * 1000).toISOString(),
    closedAt: null,
    title: '[cron-alert] weekly-digest: error rate above threshold',
    ...partial,
  };
}

const closedDaysAgo = (days: number, partial: Partial<ExistingIssue> = {}) =>
  issue({
    number: 1,
    state: 'closed',
    stateReason: 'completed',
    closedAt: new Date(START - days * DAY).toISOString(),
    ...partial,
  });

/** What GitHub would do with the ops: enough of it to run several hourly evaluations in a row. */
function applyInMemory(issues: ExistingIssue[], ops: AlertOp[], now: Date): ExistingIssue[] {
  const next = issues.map((i) => ({ ...i }));
  for (const op of ops) {
    if (op.type === 'create') {
      const number = Math.max(0, ...next.map((i) => i.number)) + 1;
      next.push(
        issue({ number, body: op.body, labels: op.labels, title: op.title, createdAt: now.toISOString() }),
      );
      continue;
    }
    if (op.type === 'comment') continue;
    const target = next.find((i) => i.number === op.number);
    if (!target) throw new Error(`Op on unknown issue #${op.number}`);
    if (op.type === 'update') target.body = op.body;
    if (op.type === 'close')
      Object.assign(target, { state: 'closed', stateReason: op.reason, closedAt: now.toISOString() });
    if (op.type === 'reopen')
      Object.assign(target, { state: 'open', stateReason: 'reopened', closedAt: null });
  }
  return next;
}

/** `create`, `update#1`, `comment#1`, `close#1:completed`, `reopen#1`. */
function short(op: AlertOp): string {
  if (op.type === 'create') return 'create';
  if (op.type === 'close') return `close#${op.number}:${op.reason}`;
  return `${op.type}#${op.number}`;
}

/** Runs one evaluation an hour through the planner and the in-memory GitHub. */
function simulate(steps: State[], initial: ExistingIssue[]) {
  let issues = initial;
  const perStep: AlertOp[][] = [];
  steps.forEach((state, i) => {
    const now = new Date(START + i * HOUR);
    const ops = planAlerts({ health: [health(now, state)], issues, now });
    perStep.push(ops);
    issues = applyInMemory(issues, ops, now);
  });
  return { perStep, issues, open: issues.filter((i) => i.state === 'open').map((i) => i.number) };
}

describe('planAlerts', () => {
  const cases: Array<{
    name: string;
    initial: ExistingIssue[];
    steps: State[];
    ops: string[][];
    open: number[];
  }> = [
    { name: 'opens an issue on a breach', initial: [], steps: ['breach'], ops: [['create']], open: [1] },
    {
      name: 'rewrites the body while the breach persists, without comments',
      initial: [],
      steps: ['breach', 'breach', 'breach'],
      ops: [['create'], ['update#1'], ['update#1']],
      open: [1],
    },
    {
      name: 'closes after two healthy evaluations, with a comment',
      initial: [],
      steps: ['breach', 'ok', 'ok'],
      ops: [['create'], ['update#1'], ['update#1', 'comment#1', 'close#1:completed']],
      open: [],
    },
    {
      name: 'does not open and close over six alternating evaluations',
      initial: [],
      steps: ['breach', 'ok', 'breach', 'ok', 'breach', 'ok'],
      ops: [['create'], ['update#1'], ['update#1'], ['update#1'], ['update#1'], ['update#1']],
      open: [1],
    },
    {
      name: 'keeps the healthy streak through an unknown evaluation',
      initial: [],
      steps: ['breach', 'ok', 'unknown', 'ok'],
      ops: [['create'], ['update#1'], ['update#1'], ['update#1', 'comment#1', 'close#1:completed']],
      open: [],
    },
    {
      name: 'does nothing when healthy without an issue',
      initial: [],
      steps: ['ok', 'unknown'],
      ops: [[], []],
      open: [],
    },
    {
      name: 'leaves an issue closed as not planned closed',
      initial: [closedDaysAgo(1, { stateReason: 'not_planned' })],
      steps: ['breach'],
      ops: [[]],
      open: [],
    },
    {
      name: 'leaves a muted closed issue closed',
      initial: [closedDaysAgo(1, { labels: ['cron-alert', 'cron-alert:muted'] })],
      steps: ['breach'],
      ops: [[]],
      open: [],
    },
    {
      name: 'does nothing to a muted open issue',
      initial: [issue({ number: 1, labels: ['cron-alert', 'cron-alert:muted'] })],
      steps: ['breach', 'ok', 'ok'],
      ops: [[], [], []],
      open: [1],
    },
    {
      name: 'closes the newer of two matching open issues as a duplicate of the oldest',
      initial: [issue({ number: 1 }), issue({ number: 2 })],
      steps: ['breach'],
      ops: [['comment#2', 'close#2:duplicate', 'update#1']],
      open: [1],
    },
    {
      name: 'reopens an issue closed within 7 days',
      initial: [closedDaysAgo(3)],
      steps: ['breach'],
      ops: [['reopen#1', 'update#1', 'comment#1']],
      open: [1],
    },
    {
      name: 'opens a new issue when the last one closed more than 7 days ago',
      initial: [closedDaysAgo(8)],
      steps: ['breach'],
      ops: [['create']],
      open: [2],
    },
    {
      name: 'never reopens an issue closed as a duplicate',
      initial: [closedDaysAgo(1, { stateReason: 'duplicate' })],
      steps: ['breach'],
      ops: [['create']],
      open: [2],
    },
    {
      name: 'ignores an issue with the marker but without the cron-alert label',
      initial: [issue({ number: 1, labels: [] })],
      steps: ['breach'],
      ops: [['create']],
      open: [1, 2],
    },
  ];

  it.each(cases)('$name', ({ initial, steps, ops, open }) => {
    const result = simulate(steps, initial);
    expect(result.perStep.map((step) => step.map(short))).toEqual(ops);
    expect(result.open).toEqual(open);
  });

  it('links the old issue from a new one after the reopen window', () => {
    const { perStep } = simulate(['breach'], [closedDaysAgo(8)]);
    const create = perStep[0]?.[0];
    expect(create?.type === 'create' && create.body).toContain('Follows #1');
  });

  it('titles and marks a new issue so it can be found again', () => {
    const [op] = planAlerts({
      health: [health(new Date(START), 'breach')],
      issues: [],
      now: new Date(START),
    });
    expect(op).toMatchObject({
      type: 'create',
      job: 'weekly-digest',
      kind: 'error-rate',
      title: '[cron-alert] weekly-digest: error rate above threshold',
      labels: ['cron-alert'],
    });
    expect(op?.type === 'create' && op.body.startsWith(alertMarker('weekly-digest', 'error-rate'))).toBe(
      true,
    );
  });

  it('stores the healthy streak in the body between evaluations', () => {
    const { issues } = simulate(['breach', 'ok'], []);
    expect(parseStateMarker(issues[0]?.body)).toEqual({ healthyStreak: 1, lastState: 'ok' });
  });

  it('prefers memory passed in over the body marker', () => {
    const now = new Date(START);
    const ops = planAlerts({
      health: [health(now, 'ok')],
      issues: [issue({ number: 1 })],
      now,
      state: { 'weekly-digest:error-rate': { healthyStreak: 1, lastState: 'ok' } },
    });
    expect(ops.map(short)).toEqual(['update#1', 'comment#1', 'close#1:completed']);
  });

  it('does not rewrite a body that would not change', () => {
    const now = new Date(START);
    const [create] = planAlerts({ health: [health(now, 'breach')], issues: [], now });
    const body = create?.type === 'create' ? create.body : '';
    const ops = planAlerts({ health: [health(now, 'breach')], issues: [issue({ number: 1, body })], now });
    expect(ops).toEqual([]);
  });

  it.each([
    ['error-rate', '[cron-alert] weekly-digest: error rate above threshold'],
    ['retry-rate', '[cron-alert] weekly-digest: retry rate above threshold'],
    ['call-retry-rate', '[cron-alert] weekly-digest: OpenAI call retry rate above threshold'],
    ['slow-runs', '[cron-alert] weekly-digest: runs slower than threshold'],
    ['missed-schedule', '[cron-alert] weekly-digest: missed scheduled runs'],
    ['batches', '[cron-alert] weekly-digest: OpenAI batches late or failing'],
  ] as const)('titles a %s breach by what breached, under its own marker', (kind, title) => {
    const [op] = planAlerts({
      health: [health(new Date(START), 'breach', kind)],
      issues: [],
      now: new Date(START),
    });
    expect(op).toMatchObject({ type: 'create', kind, title });
    expect(op?.type === 'create' && op.body.startsWith(alertMarker('weekly-digest', kind))).toBe(true);
  });

  it('plans each alert kind on its own issue', () => {
    const now = new Date(START);
    const ops = planAlerts({
      health: [health(now, 'breach', 'missed-schedule')],
      issues: [issue({ number: 1 })],
      now,
    });
    expect(ops.map((op) => [op.type, op.kind])).toEqual([
      ['update', 'error-rate'],
      ['create', 'missed-schedule'],
    ]);
  });

  it('rejects a closeAfterHealthy below 1', () => {
    expect(() =>
      planAlerts({ health: [], issues: [], now: new Date(START), options: { closeAfterHealthy: 0 } }),
    ).toThrow(/Expected a whole number from 1 up/);
  });
});
