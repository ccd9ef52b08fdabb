/**
 * The report's OpenAI cost section, rendered from a report object (no database): direct vs Batch
 * API requests and cost by function and week, the batch share of requests, and what an empty
 * window says, in text, Markdown and JSON.
 */
import { describe, expect, it } from 'vitest';
import { batchSharePct, renderReportMarkdown, renderReportPlain } from '../../src/monitoring/renderReport.ts';
import type { MonitoringReport } from '../../src/monitoring/report.ts';
import type { CostByWeekRow } from '../../src/sql/monitoring.ts';

function report(costByWeek: CostByWeekRow[]): MonitoringReport {
  return {
    days: 30,
    generatedAt: '2025-11-20T12:00:00.000Z',
    successRates: [],
    performance: [],
    retryRates: [],
    callRetryRates: [],
    recentErrors: [],
    errorAnalysis: [],
    notificationTrends: [],
    costByWeek,
    costDays: 30,
    consent: { usersWithConsent: 0, fallbacks: [] },
  };
}

const ROWS: CostByWeekRow[] = [
  {
    function_name: 'generatePlans',
    week_start: '2025-11-10',
    runs: 2,
    direct_requests: 0,
    batch_requests: 4,
    direct_cost_usd: 0,
    batch_cost_usd: 0.0004,
  },
  {
    function_name: 'generateWeeklyDigest',
    week_start: '2025-11-17',
    runs: 2,
    direct_requests: 7,
    batch_requests: 6,
    direct_cost_usd: 0.38,
    batch_cost_usd: 0.15,
  },
  {
    function_name: 'checkUserStatus',
    week_start: '2025-11-17',
    runs: 3,
    direct_requests: 0,
    batch_requests: 0,
    direct_cost_usd: 0,
    batch_cost_usd: 0,
  },
];

const TITLE = 'OpenAI cost by week (direct vs batch), last 30 days';

/** The lines of one section of the plain report: its title up to the blank line after it. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(title);
  expect(start, `section '${title}'`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start, end);
}

describe('report: OpenAI cost by week', () => {
  it('prints a table per function and week with the batch share of requests', () => {
    expect(section(renderReportPlain(report(ROWS)), TITLE)).toEqual([
      TITLE,
      '  function              week        runs  direct requests  batch requests  direct $  batch $  batch % of requests',
      '  generatePlans         2025-11-10  2     0                4               0         0.0004   100',
      '  generateWeeklyDigest  2025-11-17  2     7                6               0.38      0.15     46.15',
      '  checkUserStatus       2025-11-17  3     0                0               0         0',
    ]);
  });

  it('renders the same rows as Markdown', () => {
    const md = renderReportMarkdown(report(ROWS));
    expect(md).toContain(
      [
        `## ${TITLE}`,
        '',
        '| function | week | runs | direct requests | batch requests | direct $ | batch $ | batch % of requests |',
        '|---|---|---|---|---|---|---|---|',
        '| generatePlans | 2025-11-10 | 2 | 0 | 4 | 0 | 0.0004 | 100 |',
        '| generateWeeklyDigest | 2025-11-17 | 2 | 7 | 6 | 0.38 | 0.15 | 46.15 |',
        '| checkUserStatus | 2025-11-17 | 3 | 0 | 0 | 0 | 0 |  |',
      ].join('\n'),
    );
  });

  it('says there was no OpenAI usage when no row has any, or there are no rows', () => {
    for (const rows of [[], [ROWS[2]!]]) {
      expect(section(renderReportPlain(report(rows)), TITLE)).toEqual([
        TITLE,
        '  (no OpenAI usage in the window)',
      ]);
      expect(renderReportMarkdown(report(rows))).toContain(
        `## ${TITLE}\n\n_no OpenAI usage in the window_\n`,
      );
    }
    // Other empty sections still say none.
    expect(renderReportPlain(report([]))).toContain('Recent errors\n  (none)\n');
  });

  it('keeps the rows in the JSON output (report --json prints the report object)', () => {
    const json = JSON.parse(JSON.stringify(report(ROWS))) as MonitoringReport;
    expect(json.costByWeek).toEqual(ROWS);
    expect(json.costDays).toBe(30);
  });

  it('computes the batch share to 2 decimals, none without requests', () => {
    expect(batchSharePct(7, 6)).toBe(46.15);
    expect(batchSharePct(0, 4)).toBe(100);
    expect(batchSharePct(3, 0)).toBe(0);
    expect(batchSharePct(0, 0)).toBeNull();
  });
});
