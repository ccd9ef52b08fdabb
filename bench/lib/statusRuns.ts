/**
 * The variants the status benchmark times (bench/status.ts): the job as a process and in this
 * process, its SQL bare through the driver, paged or as one statement, and the window's volume.
 */
import pg from 'pg';
import { createOfflineWriter } from '../../src/ai/offlineWriter.ts';
import { openPostgresPool } from '../../src/db/postgres.ts';
import { sqlDb } from '../../src/db/sqlDb.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { runJob } from '../../src/runs/runJob.ts';
import type { RunReport } from '../../src/runs/types.ts';
import type { RunOptions } from '../../src/domain/runRequest.ts';
import { runCli } from './cli.ts';
import type { BenchDatabase } from './database.ts';

/** Users per page: the job's page size (PostgREST's cap). */
export const PAGE = 1000;
const DAY_MS = 86_400_000;

/** One `strukt-cron run user-status --dry-run --json --ai offline --as-of …` process. */
export async function jobProcess(url: string, asOf: Date): Promise<{ ms: number; report: RunReport }> {
  const run = await runCli(
    ['run', 'user-status', '--dry-run', '--json', '--ai', 'offline', '--as-of', asOf.toISOString()],
    url,
  );
  if (run.exitCode !== 0) {
    throw new Error(`strukt-cron run user-status exited ${run.exitCode}: ${run.stderr.slice(-2000)}`);
  }
  const report = JSON.parse(run.stdout) as RunReport;
  if (report.status !== 'success') {
    throw new Error(`Expected a successful dry run, got ${report.status}: ${report.message}`);
  }
  return { ms: run.ms, report };
}

/** The same job in this process: what the process costs without Node and tsx starting up. */
export async function jobInProcess(url: string, asOf: Date): Promise<RunReport> {
  const db = sqlDb(openPostgresPool(url, { max: 10 }), 'postgres');
  const writer = createOfflineWriter('template');
  const options: RunOptions = {
    asOf,
    dryRun: true,
    users: null,
    shard: null,
    concurrency: 8,
    timeBudgetMs: null,
    trigger: 'cli',
    source: 'cli',
    runUrl: null,
  };
  try {
    return await runJob(userStatusJob, options, { db, ai: writer, template: writer });
  } finally {
    await db.close();
  }
}

interface StatusRow {
  user_id: string;
  action: string | null;
}

/** The job's calls, bare: keyset pages of cron_status_candidates through the driver, one connection. */
export async function barePagedSql(url: string, asOf: Date): Promise<{ rows: number; actions: number }> {
  const client = new pg.Client({ connectionString: url, options: '-c timezone=UTC' });
  await client.connect();
  try {
    let after: string | null = null;
    let rows = 0;
    let actions = 0;
    for (;;) {
      const page: pg.QueryResult<StatusRow> = await client.query<StatusRow>(
        `select * from public.cron_status_candidates(p_as_of => $1, p_users => null, p_shard_index => 0,
           p_shard_count => 1, p_after => $2, p_limit => $3)`,
        [asOf.toISOString(), after, PAGE],
      );
      rows += page.rows.length;
      for (const row of page.rows) if (row.action !== null) actions += 1;
      if (page.rows.length < PAGE) return { rows, actions };
      after = page.rows[page.rows.length - 1]!.user_id;
    }
  } finally {
    await client.end();
  }
}

/**
 * For information: the same decision as one statement over every user (the body of
 * cron_status_candidates as migration 20251028000900_faster_reads ships it, without its keyset,
 * shard test and page limit), all rows fetched.
 */
export async function singleStatement(url: string, asOf: Date): Promise<number> {
  const client = new pg.Client({ connectionString: url, options: '-c timezone=UTC' });
  await client.connect();
  try {
    const result = await client.query(
      `with page as (
         select p.user_id,
                coalesce(t.name,
                         (select n.name from pg_catalog.pg_timezone_names n where n.name = p.timezone),
                         'UTC') as tz
         from public.user_profiles p
         left join strukt.time_zones t on t.name = p.timezone
       ),
       figures as materialized (
         select page.user_id,
           strukt.stress_days(page.user_id, page.tz, $1::timestamptz - interval '3 days', $1::timestamptz) as stressful_days,
           exists (select 1 from public.coach_notifications c where c.user_id = page.user_id
                   and c.type = 'ai_coach_proactive' and c.created_at > $1::timestamptz - interval '3 days') as recently_notified,
           strukt.has_activity(page.user_id, $1::timestamptz - interval '7 days', $1::timestamptz) as active_last_7_days,
           strukt.has_activity(page.user_id, $1::timestamptz - interval '37 days', $1::timestamptz - interval '7 days') as active_before,
           exists (select 1 from public.coach_notifications c where c.user_id = page.user_id
                   and c.type = 'nudge' and c.created_at > $1::timestamptz - interval '7 days') as recently_nudged
         from page
       )
       select f.*,
         case
           when f.stressful_days >= 2 and not f.recently_notified then 'ai_coach_proactive'
           when not f.active_last_7_days and f.active_before and not f.recently_nudged then 'nudge'
         end as action
       from figures f
       order by f.user_id`,
      [asOf.toISOString()],
    );
    return result.rows.length;
  } finally {
    await client.end();
  }
}

/**
 * How much the windows hold: the 3-day stress window is what the original reads into memory; the
 * 7-day activity window is where the sample puts about ten rows per active user.
 */
export async function windowVolume(
  db: BenchDatabase,
  asOf: Date,
): Promise<{ messages: number; moods: number; week: number; rows: number }> {
  const since = new Date(asOf.getTime() - 3 * DAY_MS);
  const weekAgo = new Date(asOf.getTime() - 7 * DAY_MS);
  const [row] = await db.sql.query<{ messages: number; moods: number; week: number; rows: number }>(
    `select
       (select count(*) from public.ai_coach_logs where "timestamp" >= $1 and "timestamp" < $2)::int as messages,
       (select count(*) from public.mood_logs where date >= $1::date and date <= $2::date)::int as moods,
       ((select count(*) from public.ai_coach_logs where "timestamp" >= $3 and "timestamp" < $2)
        + (select count(*) from public.workouts
           where coalesce(workout_date, date) >= $3 and coalesce(workout_date, date) < $2)
        + (select count(*) from public.meals
           where coalesce("timestamp", date) >= $3 and coalesce("timestamp", date) < $2)
        + (select count(*) from public.sleep_logs
           where coalesce(wake_time, created_at) >= $3 and coalesce(wake_time, created_at) < $2)
        + (select count(*) from public.mood_logs where date >= $3::date and date < $2::date))::int as week,
       ((select count(*) from public.ai_coach_logs) + (select count(*) from public.workouts)
        + (select count(*) from public.meals) + (select count(*) from public.sleep_logs)
        + (select count(*) from public.mood_logs))::int as rows`,
    [since.toISOString(), asOf.toISOString(), weekAgo.toISOString()],
  );
  return row ?? { messages: 0, moods: 0, week: 0, rows: 0 };
}
