import { afterAll, beforeAll, describe as vitestDescribe, expect, it } from 'vitest';
import { openPostgresPool } from '../../src/db/postgres.ts';
import { sqlDb } from '../../src/db/sqlDb.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { planRefreshJob } from '../../src/jobs/planRefresh.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import type { Job } from '../../src/runs/runJob.ts';
import type { RunReport } from '../../src/runs/types.ts';
import { seedSampleData } from '../../src/seed/load.ts';
import { cliEnv, reportOf, runCli } from '../support/cliProcess.ts';
import { requireServer, runServerSuites } from '../support/database.ts';
import { createSeededTemplate, type SeededTemplate } from '../support/databaseCopies.ts';
import { loggedRuns, statusContradictions } from '../support/runLog.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

/**
 * Four real `strukt-cron run <job>` processes started at once against the same database, three
 * trials per job, each trial on a fresh copy of 2,000 seeded sample users (test/jobs/
 * concurrency.test.ts stages the same race in one process with a gate; here the processes race
 * for real, with their own pools, start-up jitter and all). Whatever the interleaving — three
 * skipped on the lease, or a late one running after the first finished — nothing is written
 * twice: checked in SQL, and the writes add up to exactly what one undisturbed run writes.
 */

const describe = runServerSuites ? vitestDescribe : vitestDescribe.skip;

const AS_OF = '2025-11-09T21:00:00Z';
const USERS = 2000;
const PROCESSES = 4;
const TRIALS = 3;

interface JobCase {
  name: string;
  job: Job;
  /** Rows the job wrote in this trial (the template has none of them, or they predate `since`). */
  written: (sql: SqlClient, since: Date) => Promise<number>;
  /** Keys written more than once in this trial: must be none. */
  duplicates: (sql: SqlClient, since: Date) => Promise<number>;
  /** What a report says it wrote. */
  claimed: (report: RunReport) => number;
}

async function count(sql: SqlClient, text: string, params: unknown[]): Promise<number> {
  return (await sql.query<{ n: number }>(text, params))[0]!.n;
}

const CASES: JobCase[] = [
  {
    name: 'weekly-digest',
    job: weeklyDigestJob,
    written: (sql) => count(sql, `select count(*)::int as n from ai_coach_notes`, []),
    duplicates: (sql) =>
      count(
        sql,
        `select count(*)::int as n from (select 1 from ai_coach_notes
           group by user_id, type, period_start having count(*) > 1) d`,
        [],
      ),
    claimed: (r) => r.counts.succeeded,
  },
  {
    name: 'user-status',
    job: userStatusJob,
    written: (sql) => count(sql, `select count(*)::int as n from coach_notifications`, []),
    // One run at as-of queues at most one notification per user; a second of any type is a duplicate.
    duplicates: (sql) =>
      count(
        sql,
        `select count(*)::int as n from (select 1 from coach_notifications
           group by user_id having count(*) > 1) d`,
        [],
      ),
    claimed: (r) => r.figures.notifications ?? 0,
  },
  {
    name: 'plan-refresh',
    job: planRefreshJob,
    written: (sql, since) =>
      count(sql, `select count(*)::int as n from plans where created_at >= $1`, [since]),
    // A refresh adds one version per user; two new versions (or one version twice) is a duplicate.
    duplicates: (sql, since) =>
      count(
        sql,
        `select (select count(*)::int from (select 1 from plans where created_at >= $1
                   group by user_id having count(*) > 1) a)
              + (select count(*)::int from (select 1 from plans group by user_id, version having count(*) > 1) b) as n`,
        [since],
      ),
    claimed: (r) => r.counts.succeeded,
  },
];

let template: SeededTemplate;
/** What one undisturbed run of each job writes on a fresh copy. */
const expected = new Map<string, number>();
const figures: string[] = [];

beforeAll(async () => {
  if (!runServerSuites) return;
  template = await createSeededTemplate(requireServer(), async (sql) => {
    await seedSampleData(sql, { users: USERS, seed: 11, asOf: new Date(AS_OF) });
  });
  for (const c of CASES) {
    const copy = await template.copy();
    const db = sqlDb(openPostgresPool(copy.url, { max: 4 }), 'postgres');
    try {
      const since = await dbNow(copy.sql);
      expect(await c.written(copy.sql, since)).toBe(0);
      const report = await runTestJob(c.job, db, testOptions(AS_OF, { concurrency: 8 }));
      expect(report.status).toBe('success');
      expected.set(c.name, await c.written(copy.sql, since));
    } finally {
      await db.close();
      await copy.drop();
    }
  }
}, 180_000);

afterAll(async () => {
  await template?.drop();
  if (figures.length > 0) console.log(`concurrent runs:\n  ${figures.join('\n  ')}`);
});

async function dbNow(sql: SqlClient): Promise<Date> {
  return new Date((await sql.query<{ now: Date }>('select now() as now'))[0]!.now);
}

describe(`${PROCESSES} processes of the same job at once, ${TRIALS} trials each`, () => {
  const trials = CASES.flatMap((c) => Array.from({ length: TRIALS }, (_, i) => [c.name, i + 1, c] as const));

  it.each(trials)(
    '%s, trial %i: nothing is written twice',
    async (name, trial, c) => {
      expect(expected.get(name)).toBeGreaterThan(0);
      const copy = await template.copy();
      try {
        const since = await dbNow(copy.sql);
        const env = cliEnv({ DATABASE_URL: copy.url });
        const exits = await Promise.all(
          Array.from({ length: PROCESSES }, () =>
            runCli(['run', name, '--as-of', AS_OF, '--ai', 'offline', '--json', '--quiet'], env),
          ),
        );
        for (const exit of exits) expect(exit.code, exit.stderr).toBe(0);
        const reports = exits.map(reportOf);
        const ran = reports.filter((r) => r.status !== 'skipped');
        expect(ran.length).toBeGreaterThanOrEqual(1);
        for (const r of ran) expect(r).toMatchObject({ status: 'success', recorded: true });

        const duplicates = await c.duplicates(copy.sql, since);
        const written = await c.written(copy.sql, since);
        expect(duplicates).toBe(0);
        expect(written).toBe(expected.get(name));
        expect(ran.reduce((n, r) => n + c.claimed(r), 0)).toBe(written);

        // One log row per run that ran, none for the skipped ones, each consistent.
        const logged = await loggedRuns(copy.sql);
        expect(logged.map((l) => l.runId).sort()).toEqual(ran.map((r) => r.runId).sort());
        for (const l of logged) expect(statusContradictions(l)).toEqual([]);
        figures.push(
          `${name} trial ${trial}: ${ran.length} ran, ${reports.length - ran.length} skipped on the lease; ` +
            `${written} written (one run writes ${expected.get(name)}), ${duplicates} duplicates, ${logged.length} log rows`,
        );
      } finally {
        await copy.drop();
      }
    },
    120_000,
  );
});
