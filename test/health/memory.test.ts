import { describe, expect, it } from 'vitest';
import { planAlerts } from '../../src/health/alertPlan.ts';
import type { ExistingIssue } from '../../src/github/alertIssues.ts';
import { alertMarker, parseStateMarker, stateMarker } from '../../src/health/markers.ts';
import { getJob } from '../../src/domain/jobs.ts';
import { evaluateJobHealth } from '../../src/monitoring/evaluate.ts';
import type { RunSample } from '../../src/monitoring/evaluate.ts';
import { parseHealthSettings } from '../../src/health/settings.ts';

const SLOT = '2025-11-02T20:00:00.000Z';
const job = getJob('weekly-digest');

/** Weekly digest three hours after SLOT: the three earlier slots ran, SLOT itself ran only if `covered`. */
function healthAt(hoursAfter: number, covered: boolean) {
  const slot = Date.parse(SLOT);
  const runs: RunSample[] = [1, 2, 3].map((k) => ({
    runId: `r${k}`,
    runTime: new Date(slot - k * 7 * 86_400_000 + 60_000).toISOString(),
    status: 'success',
    durationMs: 1000,
    attempts: 1,
    errorMessage: null,
  }));
  if (covered) {
    runs.push({
      ...runs[0]!,
      runId: 'catch-up',
      runTime: new Date(slot + 4 * 3_600_000).toISOString(),
      periodEnd: SLOT,
    });
  }
  return evaluateJobHealth({ job, runs, now: new Date(slot + hoursAfter * 3_600_000), windowDays: 28 });
}

function openIssue(body: string): ExistingIssue {
  return {
    number: 1,
    state: 'open',
    stateReason: null,
    labels: ['cron-alert'],
    body,
    createdAt: '2025-11-02T23:00:00Z',
    closedAt: null,
    title: 't',
  };
}

describe('catch-up memory in the state marker', () => {
  it('round-trips dispatched slots and leaves them out when there are none', () => {
    const marker = stateMarker({ healthyStreak: 0, lastState: 'breach', dispatchedSlots: [SLOT] });
    expect(parseStateMarker(marker)).toEqual({
      healthyStreak: 0,
      lastState: 'breach',
      dispatchedSlots: [SLOT],
    });
    expect(stateMarker({ healthyStreak: 1, lastState: 'ok', dispatchedSlots: [] })).not.toContain(
      'dispatched',
    );
  });

  it('drops a hand-edited slot that is not a time, keeping the rest of the memory', () => {
    const body =
      '<!-- strukt-cron:state {"healthyStreak":1,"lastState":"ok","dispatchedSlots":["soon",5]} -->';
    expect(parseStateMarker(body)).toEqual({ healthyStreak: 1, lastState: 'ok' });
  });

  it('keeps the dispatched slots through every rewrite of the body by the planner', () => {
    const now = new Date(Date.parse(SLOT) + 4 * 3_600_000);
    const [create] = planAlerts({
      health: [healthAt(4, false)],
      issues: [],
      now,
      state: {
        'weekly-digest:missed-schedule': { healthyStreak: 0, lastState: 'breach', dispatchedSlots: [SLOT] },
      },
    });
    const body = create?.type === 'create' ? create.body : '';
    expect(body).toContain(alertMarker('weekly-digest', 'missed-schedule'));
    // Shown as a person writes it; the state marker keeps the ISO slot.
    expect(body).toContain('Catch-up run dispatched for: 2025-11-02 20:00 UTC.');

    // A later breach and a later recovery rewrite the body; the memory goes along.
    const breach = planAlerts({ health: [healthAt(5, false)], issues: [openIssue(body)], now });
    const afterBreach = breach.find((op) => op.type === 'update');
    expect(afterBreach?.type === 'update' && parseStateMarker(afterBreach.body)?.dispatchedSlots).toEqual([
      SLOT,
    ]);
    const ok = planAlerts({ health: [healthAt(6, true)], issues: [openIssue(body)], now });
    const afterOk = ok.find((op) => op.type === 'update');
    expect(afterOk?.type === 'update' && parseStateMarker(afterOk.body)).toEqual({
      healthyStreak: 1,
      lastState: 'ok',
      dispatchedSlots: [SLOT],
    });
  });
});

describe('parseHealthSettings', () => {
  const names = {
    windowDays: '--window-days',
    graceMinutes: '--grace-minutes',
    minSuccessRate: '--min-success-rate',
    maxRetryRate: '--max-retry-rate',
    maxCallRetryRate: '--max-call-retry-rate',
  };

  it('reads shares, percentages and whole numbers, and leaves blanks to the defaults', () => {
    expect(
      parseHealthSettings(
        {
          windowDays: '14',
          graceMinutes: '0',
          minSuccessRate: '97.5%',
          maxRetryRate: '',
          maxCallRetryRate: '30%',
        },
        names,
      ),
    ).toEqual({
      windowDays: 14,
      graceMinutes: 0,
      overrides: { minSuccessRate: 0.975, maxCallRetryRate: 0.3 },
    });
    expect(parseHealthSettings({}, names)).toEqual({});
  });

  it.each([
    [{ windowDays: '0' }, "Invalid --window-days '0'. Expected a whole number from 1 to 366."],
    [{ graceMinutes: '1.5' }, "Invalid --grace-minutes '1.5'. Expected a whole number from 0 to 10080."],
    [{ maxRetryRate: '-0.1' }, "Invalid --max-retry-rate '-0.1'. Expected a share from 0 to 1"],
    [{ maxCallRetryRate: 'often' }, "Invalid --max-call-retry-rate 'often'. Expected a share from 0 to 1"],
  ])('rejects %o', (raw, message) => {
    expect(() => parseHealthSettings(raw, names)).toThrow(message);
  });
});
