/**
 * The `batches` check: the OpenAI batches a job submitted in `--ai batch` mode, as
 * cron_batch_health reports them (src/sql/batches.ts). Pure: no clock, no I/O; whether a batch is
 * past its deadline was decided by the database at the check's as-of.
 *
 * Batch ids (OpenAI's, or the run's own key before OpenAI took the file) are not personal data;
 * which users a batch was for never reaches this module.
 */
import { humanTime } from '../lib/humanTime.ts';
import type { BatchHealthRow } from '../sql/batches.ts';
import type { CheckResult } from './evaluate.ts';

/** Offending batches named in the reason; the rest are counted. */
export const BATCHES_NAMED = 3;

/**
 * Breach when a batch is past its deadline and still open, or a closed batch's failed share
 * (failed lines ÷ requests) is above `maxFailedShare`; ok otherwise, never unknown.
 */
export function evaluateBatches(rows: readonly BatchHealthRow[], maxFailedShare: number): CheckResult {
  if (rows.length === 0) return { state: 'ok', reason: 'no batch in the window' };
  const late = rows.filter((row) => row.past_deadline === true);
  const failing = rows.filter((row) => {
    const share = failedShare(row);
    return row.closed_at != null && share !== null && share > maxFailedShare;
  });
  const total = `${rows.length} batch${rows.length === 1 ? '' : 'es'} in the window`;
  if (late.length === 0 && failing.length === 0) {
    return { state: 'ok', reason: `${total}, none late or failing` };
  }
  const problems = [...late.map(lateReason), ...failing.map((row) => failingReason(row, maxFailedShare))];
  const named = problems.slice(0, BATCHES_NAMED);
  const more = problems.length - named.length;
  const counts = [
    ...(late.length > 0 ? [`${late.length} late`] : []),
    ...(failing.length > 0 ? [`${failing.length} failing`] : []),
  ].join(', ');
  return {
    state: 'breach',
    reason: `${total} (${counts}): ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
  };
}

function lateReason(row: BatchHealthRow): string {
  const status = row.openai_status ?? row.state;
  return (
    `${batchName(row)} of ${row.job} is past its deadline (submitted ${humanTime(row.submitted_at)}, ` +
    `deadline ${humanTime(row.deadline_at)}) and still ${oneWord(status)}`
  );
}

function failingReason(row: BatchHealthRow, maxFailedShare: number): string {
  return (
    `${batchName(row)} of ${row.job}: ${pctWhole(failedShare(row)!)} of its ${row.request_count} ` +
    `requests failed (threshold ${pctWhole(maxFailedShare)})`
  );
}

/** OpenAI's id once OpenAI took the file; before that, the run's own key for it. */
function batchName(row: BatchHealthRow): string {
  return row.openai_batch_id ? `batch ${oneWord(row.openai_batch_id)}` : `batch (key ${oneWord(row.key)})`;
}

/** Some transports hand double precision over as text. */
function failedShare(row: BatchHealthRow): number | null {
  if (row.failed_share == null) return null;
  const share = Number(row.failed_share);
  return Number.isFinite(share) ? share : null;
}

/** `0.25` → `25%`, `0.125` → `12.5%`: the figure as a person says it. */
function pctWhole(share: number): string {
  const text = (share * 100).toFixed(1);
  return `${text.endsWith('.0') ? text.slice(0, -2) : text}%`;
}

/** Ids and statuses are single tokens; anything else is cut so the reason stays one line. */
function oneWord(text: string): string {
  return text.replace(/[^\w.:-]/g, '').slice(0, 80) || '?';
}
