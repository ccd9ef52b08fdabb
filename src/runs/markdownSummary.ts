import { getJob } from '../domain/jobs.ts';
import { scrub } from '../lib/sanitize.ts';
import type { RecentRunRow } from '../sql/runLog.ts';
import type { RunReport } from './types.ts';

/** A past run of the job, as cron_recent_runs returns it: the columns a summary shows. */
export type RecentRun = Pick<RecentRunRow, 'run_id' | 'run_status' | 'run_time' | 'duration_ms' | 'attempts'>;

const STATUS_ICON: Record<string, string> = {
  success: '✅',
  partial_success: '⚠️',
  error: '❌',
  skipped: '⏭️',
};

/**
 * The Markdown of a job summary for one run: status, period, counts, duration, attempts, cost,
 * the job's recent runs as a table and a Mermaid chart, and a link back. Figures only: job
 * summaries of public repositories are public, so no names, emails, texts or user ids.
 */
export function renderRunSummary(report: RunReport, recent: RecentRun[] = []): string {
  const c = report.counts;
  const out: string[] = [];
  out.push(
    `## ${STATUS_ICON[report.status] ?? ''} ${report.functionName}: ${report.status}${report.dryRun ? ' (dry run)' : ''}`,
  );
  out.push('');
  // Masked here too: a summary may be public, whichever path built the report.
  out.push(escapeText(scrub(report.message)));
  out.push('');
  if (report.period) out.push(`**Period:** ${report.period.start} → ${report.period.end}  `);
  out.push(
    `**As of:** ${report.asOf}${report.shard ? ` · **Shard:** ${report.shard.index}/${report.shard.count}` : ''}`,
  );
  out.push('');
  out.push(
    '| considered | succeeded | failed | skipped | remaining | duration | attempts | tokens | est. cost |',
  );
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const skipped = Object.values(c.skipped).reduce((a, b) => a + b, 0);
  const tokens = report.ai.promptTokens + report.ai.completionTokens;
  out.push(
    `| ${c.considered} | ${c.succeeded} | ${c.failed} | ${skipped} | ${c.remaining} | ${formatMs(report.durationMs)} | ` +
      `${report.attempts} | ${tokens} | $${report.ai.estimatedCostUsd.toFixed(4)} |`,
  );
  const consent = consentLine(report);
  if (consent) out.push('', consent);
  const skippedReasons = Object.entries(c.skipped);
  const figures = Object.entries(report.figures);
  if (skippedReasons.length > 0 || figures.length > 0) {
    out.push('');
    out.push('| figure | count |');
    out.push('|---|---:|');
    for (const [reason, n] of skippedReasons) out.push(`| skipped: ${escapeCell(reason)} | ${n} |`);
    for (const [name, n] of figures) out.push(`| ${escapeCell(name)} | ${n} |`);
  }
  if (report.errors.length > 0) {
    out.push('');
    out.push('<details><summary>Errors</summary>');
    out.push('');
    for (const error of report.errors.slice(0, 10)) out.push(`- ${escapeText(scrub(error))}`);
    out.push('');
    out.push('</details>');
  }
  if (recent.length > 0) out.push('', ...renderRecentRuns(recent));
  out.push('');
  out.push(`Run id \`${report.runId}\`${report.runUrl ? ` · [workflow run](${report.runUrl})` : ''}`);
  return out.join('\n') + '\n';
}

/**
 * How many users got a template (or the fallback plan) because they have no openai_processing
 * consent: an operator who set OPENAI_API_KEY and sees only templates learns why here.
 */
export function consentLine(report: RunReport): string | null {
  const figure = getJob(report.job).noConsentFigure;
  const n = figure ? (report.figures[figure] ?? 0) : 0;
  if (n === 0) return null;
  const what = report.job === 'plan-refresh' ? 'the fallback plan' : 'a template digest';
  const users = n === 1 ? '1 user' : `${n} users`;
  return (
    `**Consent:** ${users} got ${what} for lack of an \`openai_processing\` consent ` +
    '(only users who granted it have their data sent to OpenAI).'
  );
}

/** The last runs of a job, newest first in the table, oldest first in the chart. */
export function renderRecentRuns(recent: RecentRun[]): string[] {
  const rows = recent.slice(0, 20);
  const out = ['### Recent runs', '', '| time (UTC) | status | duration | attempts |', '|---|---|---:|---:|'];
  for (const r of rows) {
    out.push(
      `| ${r.run_time.slice(0, 16).replace('T', ' ')} | ${STATUS_ICON[r.run_status] ?? ''} ${r.run_status} | ${formatMs(r.duration_ms)} | ${r.attempts} |`,
    );
  }
  const chronological = [...rows].reverse();
  if (chronological.length >= 2) {
    const seconds = chronological.map((r) => ((r.duration_ms ?? 0) / 1000).toFixed(1));
    const max = Math.max(1, ...chronological.map((r) => (r.duration_ms ?? 0) / 1000));
    out.push('', '```mermaid', 'xychart-beta', '  title "Duration of recent runs (s)"');
    out.push(`  x-axis [${chronological.map((_, i) => `"${i + 1}"`).join(', ')}]`);
    out.push(`  y-axis "seconds" 0 --> ${Math.ceil(max * 1.2)}`);
    out.push(`  bar [${seconds.join(', ')}]`);
    out.push('```');
  }
  return out;
}

function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Table cells: no pipes, newlines or HTML that would break the table. */
export function escapeCell(text: string): string {
  return escapeText(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function escapeText(text: string): string {
  return text.replace(/[<>]/g, (ch) => (ch === '<' ? '&lt;' : '&gt;')).replace(/`/g, "'");
}

/**
 * A run whose `users` filter names fewer users than this is "filtered to a few users": in a public
 * repository its summary leaves out every per-outcome figure, since "1 failed" or "1 skipped: no
 * activity" would be about the people the dispatch named.
 */
export const FEW_USERS = 10;

/** Whether the summary of a run with this `users` filter must leave out per-outcome figures. */
export function summaryWouldIdentify(users: readonly string[] | null, publicSummary: boolean): boolean {
  return publicSummary && users !== null && users.length < FEW_USERS;
}

/**
 * The summary of a run filtered to a few users in a public repository: status, period, how many
 * users the filter named, duration and the job's recent runs. No considered, succeeded, failed,
 * skipped or remaining counts, figures, tokens, message or error lines: each says what happened
 * to the named users. The step outputs and the system_cron_logs row keep the full figures.
 */
export function renderFilteredRunSummary(
  report: RunReport,
  filtered: number,
  recent: RecentRun[] = [],
): string {
  const out: string[] = [];
  out.push(
    `## ${STATUS_ICON[report.status] ?? ''} ${report.functionName}: ${report.status}${report.dryRun ? ' (dry run)' : ''}`,
  );
  out.push('');
  out.push(
    `Filtered to ${filtered === 1 ? '1 user' : `${filtered} users`} in a public repository: ` +
      'per-outcome figures are left out of this summary (see the step outputs or system_cron_logs).',
  );
  out.push('');
  if (report.period) out.push(`**Period:** ${report.period.start} → ${report.period.end}  `);
  out.push(`**As of:** ${report.asOf}`);
  out.push('');
  out.push('| users in the filter | duration |');
  out.push('|---:|---:|');
  out.push(`| ${filtered} | ${formatMs(report.durationMs)} |`);
  if (recent.length > 0) out.push('', ...renderRecentRuns(recent));
  out.push('');
  out.push(`Run id \`${report.runId}\`${report.runUrl ? ` · [workflow run](${report.runUrl})` : ''}`);
  return out.join('\n') + '\n';
}
