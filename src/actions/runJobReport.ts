/**
 * What the run-job action makes of a finished run: step outputs, annotations and the verdict on
 * the step. Figures and sanitized error lines only: logs and summaries of public repositories are
 * public, so nothing here may carry names, emails, texts or user ids.
 */
import { scrub } from '../lib/sanitize.ts';
import { exitCodeForReport } from '../runs/render.ts';
import type { RunReport } from '../runs/types.ts';
import type { FailOn } from './runJobInputs.ts';

/** The part of `@actions/core` that reports a run. */
export interface ReportSink {
  setOutput(name: string, value: string): void;
  error(message: string, properties?: { title?: string }): void;
  warning(message: string, properties?: { title?: string }): void;
  notice(message: string, properties?: { title?: string }): void;
}

/** Annotations are bounded: a run with thousands of failures should not bury the page. */
const MAX_ERROR_ANNOTATIONS = 10;

/** The step outputs declared in actions/run-job/action.yml, as strings. */
export function reportOutputs(report: RunReport): Record<string, string> {
  const c = report.counts;
  return {
    status: report.status,
    'run-id': report.runId,
    considered: String(c.considered),
    succeeded: String(c.succeeded),
    failed: String(c.failed),
    skipped: String(Object.values(c.skipped).reduce((a, b) => a + b, 0)),
    remaining: String(c.remaining),
    'duration-ms': String(report.durationMs),
    message: scrub(report.message),
  };
}

/** One error annotation per sanitized error line, a warning for partial runs, a notice for skipped ones. */
export function annotate(sink: ReportSink, report: RunReport): void {
  const title = report.functionName;
  const errors = report.errors.map(scrub);
  for (const line of errors.slice(0, MAX_ERROR_ANNOTATIONS)) sink.error(line, { title });
  if (errors.length > MAX_ERROR_ANNOTATIONS) {
    sink.error(`…and ${errors.length - MAX_ERROR_ANNOTATIONS} more error(s); see the job summary.`, {
      title,
    });
  }
  if (report.status === 'partial_success') {
    sink.warning(
      `partial_success: ${report.counts.failed} failed, ${report.counts.remaining} left for the next run.`,
      { title },
    );
  } else if (report.status === 'skipped') {
    sink.notice(scrub(report.message), { title });
  }
}

/**
 * Why the step fails, or null. Mirrors `strukt-cron run`'s exit code (error, or a real run that
 * could not be recorded), plus partial_success when the workflow asked for `fail-on: partial`.
 */
export function failureOf(report: RunReport, failOn: FailOn): string | null {
  const what = `${report.functionName} ended ${report.status}`;
  if (report.status === 'error') return `${what}: ${scrub(report.message)}`;
  if (exitCodeForReport(report) !== 0) {
    return `${what} but the run could not be recorded in system_cron_logs (see the errors above).`;
  }
  if (failOn === 'partial' && report.status === 'partial_success') {
    return (
      `${what} and fail-on is partial: ${report.counts.failed} failed, ` +
      `${report.counts.remaining} left for the next run.`
    );
  }
  return null;
}
