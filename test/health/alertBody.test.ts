import { describe, expect, it } from 'vitest';
import {
  MAX_BODY_CHARS,
  escapeCell,
  renderAlertBody,
  renderHealthSummary,
} from '../../src/health/alertBody.ts';
import { alertMarker, markerKeyOf, parseStateMarker } from '../../src/health/markers.ts';
import { getJob } from '../../src/domain/jobs.ts';
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
    expect(body).toContain('| 2025-11-03 11:00 UTC | error | 4.0 s | 3 | TimeoutError | schedule |');
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
    expect(text).toContain('- 2025-11-03 08:00 UTC');
    // The newest slot also in the form a backfill's as_of takes.
    expect(text).toContain('`as_of` = the slot, e.g. `2025-11-03T08:00:00Z`');
    expect(text).toContain('latest 2025-11-03 08:00 UTC');
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

describe('renderAlertBody: what failed', () => {
  const RUN_URL = 'https://github.com/strukt/strukt-cron/actions/runs/987654321';
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
  const failed = (hoursAgo: number, errorMessage: string, runUrl: string | null = null): RunSample => ({
    runId: `f${hoursAgo}`,
    runTime: at(hoursAgo),
    status: 'error',
    durationMs: 3_000,
    attempts: 1,
    errorMessage,
    trigger: 'schedule',
    runUrl,
  });
  const timeout = (who: string) =>
    `run: DbError 57014: canceling statement due to statement timeout for ${who}@example.com`;
  const samples: RunSample[] = [
    // Three timeouts for different users: one message once masked, linked to its latest run.
    failed(1, timeout('ann'), 'javascript:alert(1)'),
    failed(2, timeout('bob'), RUN_URL),
    failed(5, timeout('cy'), 'https://github.com/strukt/strukt-cron/actions/runs/111'),
    // Two for the same user id and name, quoting the user's words.
    failed(3, `OpenAIError: 400 refused for user ${PLANTED[1]} (${PLANTED[2]}): "${PLANTED[3]}"`),
    failed(4, `OpenAIError: 400 refused for user 0a1b2c3d-0000-4000-8000-000000000001 (${PLANTED[2]}): "x"`),
    failed(6, 'Error: time budget reached'),
    { ...failed(7, 'ignored: a success carries no error'), status: 'success' },
  ];
  const body = renderAlertBody({
    health: evaluated(samples),
    kind: 'error-rate',
    memory: { healthyStreak: 0, lastState: 'breach' },
    closeAfterHealthy: 2,
  });

  it('lists the most frequent error messages with their run counts, latest first on a tie', () => {
    expect(body).toContain('### Most frequent errors (last 3 days)');
    expect(body).toContain('| runs | last seen | error | workflow run |');
    const rows = body.split('\n').filter((line) => /^\| \d+ \| 2025-/.test(line));
    expect(rows.map((row) => row.split(' | ')[0])).toEqual(['| 3', '| 2', '| 1']);
    expect(rows[0]).toContain(
      '| 3 | 2025-11-03 11:00 UTC | run: DbError 57014: canceling statement due to statement timeout for [email] |',
    );
    expect(rows[1]).toContain(
      '| 2 | 2025-11-03 09:00 UTC | OpenAIError: 400 refused for user [id] ([name]): [text] |',
    );
    expect(rows[2]).toContain('| 1 | 2025-11-03 06:00 UTC | Error: time budget reached |');
    expect(body).not.toContain('ignored: a success');
  });

  it('masks ids, emails, names and quoted text in the messages', () => {
    for (const secret of [...PLANTED, 'ann@example.com', '0a1b2c3d-0000-4000-8000-000000000001']) {
      expect(body).not.toContain(secret);
    }
  });

  it('links the latest failing run that recorded a workflow run, and nothing that is not one', () => {
    expect(body).toContain(`| [run 987654321](${RUN_URL}) |`);
    expect(body).not.toContain('javascript:');
    expect(body).not.toContain('/runs/111');
    // The time-budget message came from a run outside GitHub Actions.
    expect(body).toMatch(/\| Error: time budget reached \| — \|/);
  });

  it('writes its times as a person does: 2025-11-03 11:00 UTC, never ISO with milliseconds', () => {
    expect(body).toContain('Window: 2025-10-31 12:00 UTC → 2025-11-03 12:00 UTC.');
    expect(body).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
  });

  it('counts the messages it leaves out, and shows none on the other kinds of alert', () => {
    const many = Array.from({ length: 8 }, (_, i) => failed(i + 1, `Error: failure number ${i}`));
    const text = renderAlertBody({
      health: evaluated(many),
      kind: 'error-rate',
      memory: { healthyStreak: 0, lastState: 'breach' },
      closeAfterHealthy: 2,
    });
    expect(text).toContain('_3 other message(s) in the window, not listed._');
    const slow = renderAlertBody({
      health: evaluated(samples),
      kind: 'slow-runs',
      memory: { healthyStreak: 0, lastState: 'breach' },
      closeAfterHealthy: 2,
    });
    expect(slow).not.toContain('Most frequent errors');
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
