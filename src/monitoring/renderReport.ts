import { plainTable } from '../lib/plainTable.ts';
import { escapeCell } from '../runs/markdownSummary.ts';
import type { MonitoringReport } from './report.ts';

type Table = {
  title: string;
  columns: string[];
  rows: Array<Array<string | number | null>>;
  /** What an empty table says. @default 'none' */
  empty?: string;
};

/** Batch requests ÷ all requests, in percent to 2 decimals; null without requests. */
export function batchSharePct(direct: number, batch: number): number | null {
  const all = direct + batch;
  return all > 0 ? Math.round((10_000 * batch) / all) / 100 : null;
}

function tables(r: MonitoringReport): Table[] {
  const short = Math.min(r.days, 7);
  return [
    {
      title: `Success rate (last ${r.days} days)`,
      columns: ['function', 'runs', 'successful', 'success %'],
      rows: r.successRates.map((x) => [x.function_name, x.total_runs, x.successful, x.success_rate_pct]),
    },
    {
      // The seed's flat target stays in view; the health check judges time per user instead.
      title: `Performance (last ${short} days, errors excluded)`,
      columns: ['function', 'runs', 'avg ms', 'seed target ms', 'max ms', 'min ms', 'users', 'ms per user'],
      rows: r.performance.map((x) => [
        x.function_name,
        x.executions,
        x.avg_duration_ms,
        x.seed_avg_duration_ms === null ? null : `< ${x.seed_avg_duration_ms}`,
        x.max_duration_ms,
        x.min_duration_ms,
        x.users,
        x.avg_ms_per_user,
      ]),
    },
    {
      title: `Retry-needed rate: runs whose own database work was retried (last ${r.days} days)`,
      columns: ['function', 'runs', 'retried', 'retry %'],
      rows: r.retryRates.map((x) => [x.function_name, x.runs, x.retried, x.retry_rate_pct]),
    },
    {
      title: `OpenAI call retry rate: retried calls ÷ calls (last ${r.days} days)`,
      columns: ['function', 'runs', 'calls', 'retried calls', 'call retry %'],
      rows: r.callRetryRates.map((x) => [
        x.function_name,
        x.runs,
        x.calls,
        x.retried_calls,
        x.call_retry_rate_pct,
      ]),
    },
    {
      title: 'Recent errors',
      columns: ['function', 'time', 'attempts', 'error'],
      rows: r.recentErrors.map((x) => [x.function_name, x.run_time, x.attempts, x.error_message]),
    },
    {
      title: `Errors by message (last ${short} days)`,
      columns: ['function', 'occurrences', 'last seen', 'error'],
      rows: r.errorAnalysis.map((x) => [x.function_name, x.occurrences, x.last_seen, x.error_message]),
    },
    {
      // The seed calls the count notifications_sent, but the jobs only queue them (status pending);
      // the app delivers them. The JSON keeps the seed's name, the table says what it counts.
      title: `Notifications queued per day (last ${r.days} days)`,
      columns: ['date', 'queued', 'proactive'],
      rows: r.notificationTrends.map((x) => [x.date, x.notifications_sent, x.proactive_count]),
    },
    {
      // Runs without OpenAI usage count in `runs`; weeks in which no run used OpenAI say so once.
      title: `OpenAI cost by week (direct vs batch), last ${r.costDays} days`,
      columns: [
        'function',
        'week',
        'runs',
        'direct requests',
        'batch requests',
        'direct $',
        'batch $',
        'batch % of requests',
      ],
      rows: (r.costByWeek.some(usedOpenAI) ? r.costByWeek : []).map((x) => [
        x.function_name,
        x.week_start,
        x.runs,
        x.direct_requests,
        x.batch_requests,
        x.direct_cost_usd,
        x.batch_cost_usd,
        batchSharePct(x.direct_requests, x.batch_requests),
      ]),
      empty: 'no OpenAI usage in the window',
    },
    {
      // Only consenting users get AI text: this is why a key can be set and templates still go out.
      title:
        `Templates for lack of openai_processing consent (last ${r.days} days; ` +
        `${r.consent.usersWithConsent} users have consented)`,
      columns: ['function', 'runs', 'users given a template or fallback plan'],
      rows: r.consent.fallbacks.map((x) => [x.function_name, x.runs, x.no_consent]),
    },
  ];
}

function usedOpenAI(x: MonitoringReport['costByWeek'][number]): boolean {
  return x.direct_requests + x.batch_requests > 0 || x.direct_cost_usd + x.batch_cost_usd > 0;
}

export function renderReportMarkdown(r: MonitoringReport): string {
  const out = [`# strukt-cron report`, '', `Generated ${r.generatedAt}.`];
  for (const t of tables(r)) {
    out.push('', `## ${t.title}`, '');
    if (t.rows.length === 0) {
      out.push(`_${t.empty ?? 'none'}_`);
      continue;
    }
    out.push(`| ${t.columns.join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`);
    for (const row of t.rows) out.push(`| ${row.map((v) => escapeCell(String(v ?? ''))).join(' | ')} |`);
  }
  return out.join('\n') + '\n';
}

export function renderReportPlain(r: MonitoringReport): string {
  const out: string[] = [];
  for (const t of tables(r)) {
    out.push(t.title);
    if (t.rows.length === 0) {
      out.push(`  (${t.empty ?? 'none'})`, '');
      continue;
    }
    out.push(...plainTable(t.columns, t.rows), '');
  }
  return out.join('\n');
}
