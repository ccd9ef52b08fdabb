import { pages } from '../../src/db/pages.ts';
import { digestCandidates as readDigestCandidates } from '../../src/sql/digests.ts';
import { sqlDb } from '../../src/db/sqlDb.ts';
import type { SqlClient } from '../../src/db/types.ts';
import type { Period } from '../../src/domain/period.ts';
import type { RunCounts } from '../../src/runs/types.ts';

/**
 * system_cron_logs as a reliability test reads it: every row, and the checks that a row tells the
 * truth about its own run.
 */
export interface LoggedRun {
  runId: string;
  status: string;
  runTime: Date;
  durationMs: number;
  attempts: number;
  errorMessage: string | null;
  counts: RunCounts;
}

export async function loggedRuns(sql: SqlClient, functionName?: string): Promise<LoggedRun[]> {
  const rows = await sql.query<{
    run_id: string;
    run_status: string;
    run_time: Date;
    duration_ms: number;
    attempts: number;
    error_message: string | null;
    counts: RunCounts;
  }>(
    `select run_id::text, run_status, run_time, duration_ms, attempts, error_message, details->'counts' as counts
     from admin.system_cron_logs where $1::text is null or function_name = $1 order by run_time`,
    [functionName ?? null],
  );
  return rows.map((r) => ({
    runId: r.run_id,
    status: r.run_status,
    runTime: new Date(r.run_time),
    durationMs: r.duration_ms,
    attempts: r.attempts,
    errorMessage: r.error_message,
    counts: r.counts,
  }));
}

/**
 * Where a row's status contradicts its own counts (DESIGN §5: success has no failures and
 * nothing left; partial_success has some failed or some left and still some done, and says
 * why; error says why). Empty when the row is consistent.
 */
export function statusContradictions(run: LoggedRun): string[] {
  const c = run.counts;
  const problems: string[] = [];
  const where = `run ${run.runId.slice(0, 8)} (${run.status})`;
  if (!c || typeof c.succeeded !== 'number') return [`${where}: no counts in details`];
  for (const [name, n] of Object.entries({
    considered: c.considered,
    succeeded: c.succeeded,
    failed: c.failed,
  })) {
    if (!Number.isInteger(n) || n < 0) problems.push(`${where}: ${name} is ${n}`);
  }
  if (run.status === 'success') {
    if (c.failed !== 0) problems.push(`${where}: success with ${c.failed} failed`);
    if (c.remaining !== 0) problems.push(`${where}: success with ${c.remaining} remaining`);
    if (run.errorMessage !== null) problems.push(`${where}: success with error '${run.errorMessage}'`);
  } else if (run.status === 'partial_success') {
    if (c.failed === 0 && c.remaining === 0) problems.push(`${where}: partial with nothing failed or left`);
    if (c.failed > 0 && c.succeeded === 0) problems.push(`${where}: partial with nothing succeeded`);
    if (run.errorMessage === null) problems.push(`${where}: partial without an error message`);
  } else if (run.status === 'error') {
    if (run.errorMessage === null) problems.push(`${where}: error without an error message`);
  } else {
    problems.push(`${where}: unknown status`);
  }
  if (!Number.isInteger(run.attempts) || run.attempts < 1)
    problems.push(`${where}: attempts ${run.attempts}`);
  return problems;
}

/**
 * Digests created while the run was running: ai_coach_notes.created_at is the saving
 * statement's start, inside [run_time, run_time + duration_ms] of the run that saved it. Only
 * meaningful when runs did not overlap in time.
 */
export async function digestsWrittenDuring(sql: SqlClient, run: LoggedRun): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `select count(*)::int as n from ai_coach_notes
     where type = 'weekly_summary'
       and created_at >= $1::timestamptz - interval '5 milliseconds'
       and created_at <= $1::timestamptz + ($2::int + 5) * interval '1 millisecond'`,
    [run.runTime.toISOString(), run.durationMs],
  );
  return rows[0]!.n;
}

/** Candidates that do not have exactly one weekly digest for the period (should be none). */
export async function digestMismatches(
  sql: SqlClient,
  candidates: string[],
  periodStart: string,
): Promise<{ missing: number; duplicated: number; strangers: number }> {
  const rows = await sql.query<{ missing: number; duplicated: number; strangers: number }>(
    `with n as (
       select user_id, count(*)::int as k from ai_coach_notes
       where type = 'weekly_summary' and period_start = $2::timestamptz group by user_id
     )
     select
       (select count(*)::int from unnest($1::uuid[]) c(id) where not exists (select 1 from n where n.user_id = c.id)) as missing,
       (select count(*)::int from n where k > 1) as duplicated,
       (select count(*)::int from n where n.user_id <> all($1::uuid[])) as strangers`,
    [candidates, periodStart],
  );
  return rows[0]!;
}

/** Every user the weekly digest of `period` would consider, read as the job reads them. */
export async function digestCandidates(sql: SqlClient, period: Period): Promise<string[]> {
  const db = sqlDb(sql, 'postgres', async () => {});
  const ids: string[] = [];
  for await (const page of pages(
    db,
    readDigestCandidates,
    {
      p_period_start: period.start.toISOString(),
      p_period_end: period.end.toISOString(),
      p_users: null,
      p_shard_index: 0,
      p_shard_count: 1,
    },
    { key: 'user_id' },
  )) {
    ids.push(...page.map((r) => r.user_id));
  }
  return ids;
}
