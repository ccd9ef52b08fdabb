import { describe, expect, it } from 'vitest';
import {
  MAX_BODY_CHARS,
  escapeCell,
  renderAlertBody,
  renderHealthSummary,
} from '../../src/github/alertBody.ts';
import { alertMarker, markerKeyOf, parseStateMarker } from '../../src/github/markers.ts';
import { getJob } from '../../src/jobs/registry.ts';
import { evaluateJobHealth } from '../../src/monitoring/evaluate.ts';
import type { JobHealth, RunSample } from '../../src/monitoring/evaluate.ts';

const job = getJob('user-status');
const now = new Date('2025-11-03T12:00:00Z');
const PLANTED = [
  'jane.doe@example.com',
  '3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c',
  'Jane Doe',
  'felt awful today',
];

function runs(count: number, partial: Partial<RunSample> = {}): RunSample[] {
  return Array.from({ length: count }, (_, i) => ({
    runId: `r${i}`,
    runTime: new Date(now.getTime() - (i + 1) * 3_600_000).toISOString(),
    status: 'error' as const,
    durationMs: 4_000 + i * 10,
    attempts: 3,
    errorMessage: `TimeoutError: user ${PLANTED[0]} (${PLANTED[2]}, id ${PLANTED[1]}) wrote "${PLANTED[3]}" | \`x\``,
    trigger: 'schedule',
    ...partial,
  }));
}

const evaluated = (samples: RunSample[]): JobHealth =>
  evaluateJobHealth({ job, runs: samples, now, windowDays: 3 });

describe('renderAlertBody', () => {
  const body = renderAlertBody({
    health: evaluated(runs(5)),
    kind: 'error-rate',
    memory: { healthyStreak: 0, lastState: 'breach' },
    closeAfterHealthy: 2,
  });

  it('starts with the identity and state markers', () => {
    expect(body.startsWith(alertMarker('user-status', 'error-rate'))).toBe(true);
    expect(markerKeyOf(body)).toBe('user-status:error-rate');
    expect(parseStateMarker(body)).toEqual({ healthyStreak: 0, lastState: 'breach' });
  });

  it('shows the figures against their thresholds, a duration chart and the last runs', () => {
    expect(body).toContain('| success rate | 0.0% | ≥ 98.0% |');
    expect(body).toContain('| consecutive errors | 5 | &lt; 2 |');
    expect(body).toContain('xychart-beta');
    expect(body).toContain('| 2025-11-03T11:00:00.000Z | error | 4.0 s | 3 | TimeoutError | schedule |');
  });

  it("shows the seed's flat duration figure as not alerted on, and the call retry rate apart", () => {
    const ok = renderAlertBody({
      health: evaluated(runs(5, { status: 'success', attempts: 1, aiCalls: 50, aiRetriedCalls: 5 })),
      kind: 'slow-runs',
      memory: { healthyStreak: 0, lastState: 'breach' },
      closeAfterHealthy: 2,
    });
    expect(ok).toContain("seed's figure &lt; 10.0 s (shown, not alerted on)");
    expect(ok).toContain('| OpenAI call retry rate (25 of 250 calls) | 10.0% | ≤ 20.0% (from 20 calls) |');
    expect(ok).toContain('| retry-needed rate (runs with attempts &gt; 1) | 0.0% | ≤ 10.0% |');
  });

  it('never contains the personal data planted in error messages', () => {
    for (const secret of PLANTED) expect(body).not.toContain(secret);
  });

  it('lists the missed slots of a missed-schedule alert', () => {
    const text = renderAlertBody({
      health: evaluated([]),
      kind: 'missed-schedule',
      memory: { healthyStreak: 0, lastState: 'breach' },
      closeAfterHealthy: 2,
    });
    expect(text).toContain('### Missed slots');
    expect(text).toContain('- 2025-11-03T08:00:00.000Z');
    expect(text).not.toContain('xychart-beta');
  });

  it('shows recovery progress while healthy evaluations accumulate', () => {
    const text = renderAlertBody({
      health: evaluated(runs(3, { status: 'success', errorMessage: null })),
      kind: 'error-rate',
      memory: { healthyStreak: 1, lastState: 'ok' },
      closeAfterHealthy: 2,
    });
    expect(text).toContain('Recovering: 1 of 2 healthy evaluations');
  });

  it('stays under the GitHub body limit by cutting the runs list first', () => {
    const h = evaluated(runs(5));
    const many = { ...h, recentRuns: Array.from({ length: 5_000 }, () => h.recentRuns[0]!) };
    const text = renderAlertBody({
      health: many,
      kind: 'error-rate',
      memory: { healthyStreak: 0, lastState: 'breach' },
      closeAfterHealthy: 2,
      runsShown: 5_000,
    });
    expect(text.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(text).toContain('| figure | value | threshold |');
    expect(text).toContain('### Last runs');
  });
});

describe('escapeCell', () => {
  it('keeps a cell on one line and in one column, without code spans or HTML', () => {
    expect(escapeCell('a|b\nc `d` <!-- x -->')).toBe('a\\|b c \\`d\\` &lt;!-- x --&gt;');
  });
});

describe('renderHealthSummary', () => {
  it('renders a section per job with its checks and figures, without personal data', () => {
    const text = renderHealthSummary([
      evaluated(runs(4)),
      evaluateJobHealth({ job: getJob('weekly-digest'), runs: [], now, windowDays: 28 }),
    ]);
    expect(text).toContain('### user-status (`checkUserStatus`)');
    expect(text).toContain('### weekly-digest (`generateWeeklyDigest`)');
    expect(text).toMatch(/\| error-rate \| 🔴 breach \|/);
    for (const secret of PLANTED) expect(text).not.toContain(secret);
  });
});
