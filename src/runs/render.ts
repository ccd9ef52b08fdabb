import type { RunReport } from './types.ts';

/** The few lines a person reads after `strukt-cron run`: figures only, no user data. */
export function renderReportText(report: RunReport): string {
  const c = report.counts;
  const skipped = Object.entries(c.skipped)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const lines = [
    `${report.functionName}: ${report.status}${report.dryRun ? ' (dry run)' : ''} — ${report.message}`,
    report.period
      ? `  period     ${report.period.start} → ${report.period.end}`
      : `  as of      ${report.asOf}`,
    `  users      considered ${c.considered}, succeeded ${c.succeeded}, failed ${c.failed}, remaining ${c.remaining}`,
  ];
  if (skipped) lines.push(`  skipped    ${skipped}`);
  const figures = Object.entries(report.figures)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  if (figures) lines.push(`  figures    ${figures}`);
  lines.push(`  duration   ${report.durationMs} ms, attempts ${report.attempts}`);
  if (report.ai.requests > 0) {
    lines.push(
      `  openai     ${report.ai.model}: ${report.ai.requests} requests, ` +
        `${report.ai.promptTokens + report.ai.completionTokens} tokens, ~$${report.ai.estimatedCostUsd.toFixed(4)}; ` +
        `${report.ai.calls} calls, ${report.ai.retriedCalls} retried`,
    );
  }
  for (const error of report.errors.slice(0, 5)) lines.push(`  error      ${error}`);
  lines.push(`  run id     ${report.runId}${report.recorded ? ' (recorded in system_cron_logs)' : ''}`);
  return lines.join('\n');
}

/** The exit code of a finished run: 0 success, partial or skipped; 1 error or an unrecorded run. */
export function exitCodeForReport(report: RunReport): number {
  if (report.status === 'error') return 1;
  if (report.status === 'skipped' || report.dryRun) return 0;
  return report.recorded ? 0 : 1;
}
