/**
 * The variants the health benchmark times (bench/health.ts): the product's health check, the
 * same pages bare through the driver, the product's work step by step, one aggregate statement
 * per job; and the data they read.
 */
import pg from 'pg';
import { openPostgresPool } from '../../src/db/postgres.ts';
import { sqlDb } from '../../src/db/sqlDb.ts';
import type { Db, SqlClient } from '../../src/db/types.ts';
import { JOBS } from '../../src/domain/jobs.ts';
import { evaluateJobHealth, expectedSlots } from '../../src/monitoring/evaluate.ts';
import { DEFAULT_WINDOW_DAYS, runHealthCheck } from '../../src/health/check.ts';
import { readRunSamples } from '../../src/monitoring/readRuns.ts';
import { silentLogger } from '../../src/lib/logger.ts';

/** The health check's "now"; the rows lie in the 30 days before it. */
export const NOW = new Date('2025-11-03T12:00:00Z');
/** Rows per cron_runs_since call, as readRunSamples reads them. */
export const PAGE = 1000;
const GRACE_MINUTES = 90;

/**
 * The product's health check as `strukt-cron health` runs it without GitHub (runHealthCheck: read
 * every job's window, evaluate, plan the alerts). Its Db is wrapped to time the calls, so the run
 * splits into database calls and the rest. A throw is returned for the report, not raised.
 */
export async function productCheck(
  url: string,
  since: Date,
): Promise<{ ms: number; readMs: number; rows: number; error: string | null }> {
  const pool = sqlDb(openPostgresPool(url, { max: 2 }), 'postgres');
  let readMs = 0;
  let rows = 0;
  const db: Db = {
    transport: pool.transport,
    async call<Row>(fn: string, args?: Record<string, unknown>): Promise<Row[]> {
      const started = performance.now();
      try {
        const page = await pool.call<Row>(fn, args);
        rows += page.length;
        return page;
      } finally {
        readMs += performance.now() - started;
      }
    },
    close: () => pool.close(),
  };
  let error: string | null = null;
  const started = performance.now();
  try {
    const result = await runHealthCheck(
      { db, github: null, now: NOW, log: silentLogger },
      { dryRun: true, catchUp: false, windowDays: DEFAULT_WINDOW_DAYS },
    );
    if (result.health[0]?.window.from !== since.toISOString()) {
      throw new Error(`Expected the window to start at ${since.toISOString()}.`);
    }
  } catch (e) {
    error = `${(e as Error).name}: ${(e as Error).message}`;
  } finally {
    await db.close();
  }
  return { ms: performance.now() - started, readMs, rows, error };
}

/**
 * Runs over the 30 days before NOW, evenly spaced and spread over the three jobs, with about 3%
 * errors, 2% partial successes and 6% needing a retry, and details shaped like a real record.
 */
export async function insertRunLogs(sql: SqlClient, rows: number): Promise<void> {
  await sql.query(
    `insert into admin.system_cron_logs
       (run_id, function_name, run_status, run_time, duration_ms, attempts, details, error_message, created_at)
     select gen_random_uuid(), fn, status, t, duration, attempts,
       jsonb_build_object(
         'job', fn, 'message', 'Checked 1000 users, triggered 12 notifications',
         'period', jsonb_build_object('start', to_char((date_trunc('hour', t) - interval '7 days') at time zone 'UTC',
                                                        'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                      'end', to_char(date_trunc('hour', t) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
         'as_of', to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'counts', jsonb_build_object('considered', 1000, 'succeeded', 1000, 'failed', 0, 'skipped', '{}'::jsonb,
                                      'remaining', 0),
         'figures', jsonb_build_object('notifications', 12), 'shard', null, 'trigger', 'schedule',
         'source', 'github', 'run_url', null, 'model', 'gpt-4o-mini',
         'usage', jsonb_build_object('requests', 0, 'prompt_tokens', 0, 'completion_tokens', 0,
                                     'estimated_cost_usd', 0),
         'errors', '[]'::jsonb),
       case when status = 'error' then 'TimeoutError: the database did not answer in time' end,
       t
     from (
       select (array['generateWeeklyDigest', 'checkUserStatus', 'generatePlans'])[1 + g % 3] as fn,
         case when g % 37 = 0 then 'error' when g % 53 = 0 then 'partial_success' else 'success' end as status,
         $2::timestamptz - (g::double precision / $1) * interval '30 days' as t,
         200 + (hashint4(g) & 16383) as duration,
         case when g % 17 = 0 then 2 when g % 101 = 0 then 3 else 1 end as attempts
       from generate_series(1, $1::int) g
     ) r`,
    [rows, NOW.toISOString()],
  );
}

export async function rowsInWindow(sql: SqlClient, since: Date): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    'select count(*)::int as n from admin.system_cron_logs where run_time >= $1 and run_time <= $2',
    [since.toISOString(), NOW.toISOString()],
  );
  return row?.n ?? 0;
}

interface RunRow {
  run_id: string;
  run_time: string;
}

/** cron_runs_since's keyset pages for every job, bare, through the driver in one connection. */
export async function pagesThroughDriver(url: string, since: Date): Promise<number> {
  const client = new pg.Client({ connectionString: url, options: '-c timezone=UTC' });
  // The cursor keeps the database's microseconds, as readRunSamples does with its JSON text.
  client.setTypeParser(1184, (value: string) => value);
  await client.connect();
  try {
    const started = performance.now();
    for (const job of JOBS) {
      let after: RunRow | null = null;
      for (;;) {
        const page: pg.QueryResult<RunRow> = await client.query<RunRow>(
          `select * from public.cron_runs_since(p_function_name => $1, p_since => $2, p_after_time => $3,
             p_after_id => $4, p_limit => $5)`,
          [job.functionName, since.toISOString(), after?.run_time ?? null, after?.run_id ?? null, PAGE],
        );
        if (page.rows.length < PAGE) break;
        after = page.rows[page.rows.length - 1]!;
      }
    }
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

/** The product's work on the same pages, step by step; every time in ms, summed over the jobs. */
export interface ProductSteps {
  /** The same calls with only `count(*)` returned: cron_runs_since itself and the round trips. */
  functionMs: number;
  /** sqlDb's statement (each page as one json_agg value) through the driver, the text not parsed. */
  jsonAggMs: number;
  /** JSON.parse of the page texts, as the driver does for the product. */
  parseMs: number;
  /** readRunSamples over the parsed pages (a Db that hands them back): the RunSample objects. */
  samplesMs: number;
  /** evaluateJobHealth of each job's samples. */
  evaluateMs: number;
  /** Characters of JSON text received. */
  chars: number;
}

/**
 * Where the product's time goes, one step at a time, in one connection: each page's call
 * returning only its row count (the function and the round trip), then the statement sqlDb sends,
 * its text received but not parsed (plus json_agg on the server and the transfer); the parse; the
 * samples; the evaluation.
 */
export async function productSteps(url: string, since: Date): Promise<ProductSteps> {
  const client = new pg.Client({ connectionString: url, options: '-c timezone=UTC' });
  // json arrives as text here, so the parse is timed on its own.
  client.setTypeParser(114, (value: string) => value);
  await client.connect();
  const steps: ProductSteps = {
    functionMs: 0,
    jsonAggMs: 0,
    parseMs: 0,
    samplesMs: 0,
    evaluateMs: 0,
    chars: 0,
  };
  const page = (select: string) =>
    `select ${select} as rows from (select * from public.cron_runs_since(p_function_name => $1,
       p_since => $2, p_after_time => $3, p_after_id => $4, p_limit => $5)) r`;
  try {
    for (const job of JOBS) {
      const pages: RunRow[][] = [];
      let after: RunRow | null = null;
      for (;;) {
        const args = [
          job.functionName,
          since.toISOString(),
          after?.run_time ?? null,
          after?.run_id ?? null,
          PAGE,
        ];
        let started = performance.now();
        await client.query(page('count(*)'), args);
        steps.functionMs += performance.now() - started;
        started = performance.now();
        const result: pg.QueryResult<{ rows: string }> = await client.query<{ rows: string }>(
          page("coalesce(json_agg(r), '[]'::json)"),
          args,
        );
        steps.jsonAggMs += performance.now() - started;
        const text = result.rows[0]!.rows;
        steps.chars += text.length;
        started = performance.now();
        const rows = JSON.parse(text) as RunRow[];
        steps.parseMs += performance.now() - started;
        pages.push(rows);
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1]!;
      }
      let next = 0;
      const replay: Db = {
        transport: 'postgres',
        call: <Row>() => Promise.resolve((pages[next++] ?? []) as Row[]),
        close: () => Promise.resolve(),
      };
      let started = performance.now();
      const runs = await readRunSamples(replay, job.functionName, since);
      steps.samplesMs += performance.now() - started;
      started = performance.now();
      evaluateJobHealth({ job, runs, now: NOW, windowDays: DEFAULT_WINDOW_DAYS });
      steps.evaluateMs += performance.now() - started;
    }
    return steps;
  } finally {
    await client.end();
  }
}

/**
 * For information: each job's figures as one statement — counts and rates, the latest error
 * streak, and the due slots (computed in JS from the schedule) that no run covered.
 */
export async function aggregateSql(url: string, since: Date): Promise<number> {
  const client = new pg.Client({ connectionString: url, options: '-c timezone=UTC' });
  await client.connect();
  try {
    const started = performance.now();
    for (const job of JOBS) {
      const due = expectedSlots(job.schedule, since, new Date(NOW.getTime() - GRACE_MINUTES * 60_000));
      await client.query(
        `with w as (
           select run_status, duration_ms, attempts, details #>> '{period,end}' as period_end
           from admin.system_cron_logs
           where function_name = $1 and run_time >= $2 and run_time <= $3
         )
         select
           (select count(*) from w) as runs,
           (select avg((run_status = 'success')::int) from w) as success_rate,
           (select avg(duration_ms) from w where run_status <> 'error') as avg_duration_ms,
           (select max(duration_ms) from w) as max_duration_ms,
           (select avg((attempts > 1)::int) from w) as retry_rate,
           (select count(*) from admin.system_cron_logs e
            where e.function_name = $1 and e.run_time <= $3
              and e.run_time > coalesce((select max(ok.run_time) from admin.system_cron_logs ok
                                          where ok.function_name = $1 and ok.run_time <= $3
                                            and ok.run_status <> 'error'), $2)) as consecutive_errors,
           (select count(*) from unnest($4::timestamptz[]) slot
            where not exists (select 1 from admin.system_cron_logs l
                              where l.function_name = $1 and l.run_time >= slot
                                and l.run_time <= slot + make_interval(mins => $5))
              and not (to_char(slot at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                       in (select period_end from w where period_end is not null)))::int as missed`,
        [
          job.functionName,
          since.toISOString(),
          NOW.toISOString(),
          due.map((d) => d.toISOString()),
          GRACE_MINUTES,
        ],
      );
    }
    return performance.now() - started;
  } finally {
    await client.end();
  }
}
