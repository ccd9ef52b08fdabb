import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe as vitestDescribe, expect, it } from 'vitest';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import { leaseKey } from '../../src/runs/lease.ts';
import { LEASE_TTL_MS } from '../../src/runs/runJob.ts';
import { createRandom } from '../../src/seed/random.ts';
import { seedSampleData } from '../../src/seed/load.ts';
import { cliEnv, reportOf, runCli, runPrefixOf, startCli } from '../support/cliProcess.ts';
import { requireServer, runServerSuites } from '../support/database.ts';
import {
  createSeededTemplate,
  waitForNoOtherSessions,
  type DatabaseCopy,
  type SeededTemplate,
} from '../support/databaseCopies.ts';
import {
  digestCandidates,
  digestMismatches,
  digestsWrittenDuring,
  loggedRuns,
  statusContradictions,
  type LoggedRun,
} from '../support/runLog.ts';

/**
 * kill -9 a weekly-digest run at random moments, then run again (issue 9): the real CLI process
 * on a database seeded with 3,000 sample users (~2,100 digest candidates, three pages of ≤ 1,000),
 * SIGKILLed a random number of ms after it logged "run started". Each kill gets a fresh copy
 * of the seeded database, so every moment lands in a full run rather than in what earlier kills
 * left over. Then:
 *
 * - the dead run's lease is still live (a crashed run cannot release it). The documented
 *   recovery is to wait: docs/troubleshooting.md says "A crashed run's lease expires within
 *   2 minutes" (LEASE_TTL_MS, a constant with no CLI or env override). The test checks that
 *   the lease really expires within that TTL, checks once that a re-run before expiry is
 *   skipped without a log row, and then moves expires_at into the past — standing in for the
 *   two minutes of waiting, which ten trials cannot afford. It does not touch any other state.
 * - the re-run completes: every candidate has exactly one weekly_summary for the period;
 * - system_cron_logs tells the truth: a row exists only for runs that reached their record
 *   (the re-run, or a killed run that had recorded before the kill landed), each row's status
 *   agrees with its counts, and each row's `succeeded` equals the digests created inside that
 *   run's time window — a killed run cannot claim work it did not do.
 *
 * RELIABILITY_SEED=<n> replays the same kill moments (the machine's speed still varies).
 */

const describe = runServerSuites ? vitestDescribe : vitestDescribe.skip;

const AS_OF = '2025-11-09T21:00:00Z';
const USERS = 3000;
const KILLS = 10;
/** A moment that lands after the run ended does not count as a kill; give up after this many trials. */
const MAX_TRIALS = 25;
const SEED = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : randomInt(2 ** 31);
const PERIOD = weeklyDigestJob.period(new Date(AS_OF))!;
const PERIOD_START = PERIOD.start.toISOString();
const LEASE = leaseKey('weekly-digest', null);
const RUN_ARGS = ['run', 'weekly-digest', '--as-of', AS_OF, '--ai', 'offline', '--json'];
const STARTED = /"message":"run started"/;

let template: SeededTemplate;
const candidates: string[] = [];
/** ms from the "run started" line to the end of the process, in an undisturbed run. */
let runMs = 0;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function countDigests(copy: DatabaseCopy): Promise<number> {
  const rows = await copy.sql.query<{ n: number }>(
    `select count(*)::int as n from ai_coach_notes where type = 'weekly_summary' and period_start = $1`,
    [PERIOD_START],
  );
  return rows[0]!.n;
}

/** Every row of system_cron_logs, each checked against its own counts and the digests of its window. */
async function checkLog(copy: DatabaseCopy): Promise<LoggedRun[]> {
  const runs = await loggedRuns(copy.sql);
  for (const run of runs) {
    expect(statusContradictions(run)).toEqual([]);
    if (run.status === 'success') {
      // Every candidate it read was either written by it or found already written.
      expect(run.counts.considered).toBe(run.counts.succeeded + (run.counts.skipped.already_written ?? 0));
    }
    expect(
      await digestsWrittenDuring(copy.sql, run),
      `run ${run.runId.slice(0, 8)} claims ${run.counts.succeeded}`,
    ).toBe(run.counts.succeeded);
  }
  return runs;
}

beforeAll(async () => {
  if (!runServerSuites) return;
  template = await createSeededTemplate(requireServer(), async (sql) => {
    await seedSampleData(sql, { users: USERS, seed: 7, asOf: new Date(AS_OF) });
  });
  const copy = await template.copy();
  try {
    candidates.push(...(await digestCandidates(copy.sql, PERIOD)));
    // An undisturbed run, to know how long a run lasts here and that it writes every digest.
    const run = startCli(RUN_ARGS, cliEnv({ DATABASE_URL: copy.url }));
    await run.waitForLine(STARTED);
    const startedAt = run.elapsed();
    const exit = await run.exited;
    runMs = run.elapsed() - startedAt;
    const report = reportOf(exit);
    expect(exit.code).toBe(0);
    expect(report).toMatchObject({ status: 'success', recorded: true });
    expect(report.counts.succeeded).toBe(candidates.length);
    expect(await digestMismatches(copy.sql, candidates, PERIOD_START)).toEqual({
      missing: 0,
      duplicated: 0,
      strangers: 0,
    });
    await checkLog(copy);
  } finally {
    await copy.drop();
  }
  console.log(
    `kill test: seed ${SEED} (RELIABILITY_SEED=${SEED} replays it); ${candidates.length} candidates, ` +
      `an undisturbed run lasts ${Math.round(runMs)} ms after "run started"`,
  );
}, 180_000);

afterAll(async () => {
  await template?.drop();
});

interface Trial {
  delayMs: number;
  killed: boolean;
  digestsAtKill: number;
  leaseLive: boolean;
  killedRunRecorded: boolean;
  rerunWrote: number;
  logRows: number;
}

describe('kill -9 during a weekly digest, then run again', () => {
  it(`${KILLS} kills at random moments: every candidate ends with exactly one digest and the log tells the truth`, async () => {
    expect(candidates.length).toBeGreaterThan(2000);
    const random = createRandom(SEED);
    const trials: Trial[] = [];
    let skipChecked = false;

    while (trials.filter((t) => t.killed).length < KILLS) {
      expect(trials.length, 'too many moments landed after the run had ended').toBeLessThan(MAX_TRIALS);
      // Anywhere from the moment the lease is held to the moment the process would exit.
      const delayMs = Math.round(random.float(0, runMs));
      const copy = await template.copy();
      try {
        const env = cliEnv({ DATABASE_URL: copy.url });
        const run = startCli(RUN_ARGS, env);
        const prefix = runPrefixOf(await run.waitForLine(STARTED));
        const startedAt = run.elapsed();
        expect(prefix).not.toBeNull();
        await sleep(delayMs);
        const killed = run.alive() && run.child.kill('SIGKILL');
        const exit = await run.exited;
        if (killed) expect(exit.signal).toBe('SIGKILL');
        else {
          expect(exit.code, exit.stderr).toBe(0);
          // Runs are quicker now than the calibration was (the machine got less busy): draw from
          // what this one took, so the next moments land inside runs again.
          runMs = Math.min(runMs, run.elapsed() - startedAt);
        }
        // Statements a dead process sent may still be finishing; wait until its sessions are gone.
        await waitForNoOtherSessions(copy.sql);
        const digestsAtKill = await countDigests(copy);
        const rowsAtKill = await loggedRuns(copy.sql);
        const killedRunRecorded = rowsAtKill.some((r) => r.runId.startsWith(prefix!));
        // A killed run leaves a row only when the kill landed after it was recorded.
        expect(rowsAtKill.length).toBe(killedRunRecorded ? 1 : 0);

        const lease = await copy.sql.query<{ holder: string; live: boolean; ttl_s: number }>(
          `select holder::text, expires_at > now() as live,
                  extract(epoch from expires_at - now())::float8 as ttl_s
           from cron_leases where lease_key = $1`,
          [LEASE],
        );
        const leaseLive = lease[0]?.live === true;
        if (leaseLive) {
          // The dead run's lease, and it runs out by itself within the documented TTL.
          expect(lease[0]!.holder.startsWith(prefix!)).toBe(true);
          expect(lease[0]!.ttl_s).toBeLessThanOrEqual(LEASE_TTL_MS / 1000);
          if (!skipChecked) {
            // Before it expires, the next run is turned away: skipped, exit 0, no log row.
            const early = await runCli(RUN_ARGS, env);
            expect(early.code).toBe(0);
            expect(reportOf(early).status).toBe('skipped');
            expect(await loggedRuns(copy.sql)).toHaveLength(rowsAtKill.length);
            expect(await countDigests(copy)).toBe(digestsAtKill);
            skipChecked = true;
          }
          // Stands in for waiting out the TTL (see the header): the lease is now expired.
          await copy.sql.query(
            `update cron_leases set expires_at = now() - interval '1 second' where lease_key = $1`,
            [LEASE],
          );
        }

        const again = await runCli(RUN_ARGS, env);
        const report = reportOf(again);
        expect(again.code, again.stderr).toBe(0);
        expect(report).toMatchObject({ status: 'success', recorded: true });
        expect(report.counts.considered).toBe(candidates.length - digestsAtKill);
        expect(report.counts.succeeded).toBe(candidates.length - digestsAtKill);
        expect(await digestMismatches(copy.sql, candidates, PERIOD_START)).toEqual({
          missing: 0,
          duplicated: 0,
          strangers: 0,
        });
        expect(await copy.sql.query('select lease_key from cron_leases')).toEqual([]);
        const runs = await checkLog(copy);
        expect(runs).toHaveLength(rowsAtKill.length + 1);
        expect(runs.at(-1)!.runId).toBe(report.runId);
        trials.push({
          delayMs,
          killed,
          digestsAtKill,
          leaseLive,
          killedRunRecorded,
          rerunWrote: report.counts.succeeded,
          logRows: runs.length,
        });
      } finally {
        await copy.drop();
      }
    }

    const kills = trials.filter((t) => t.killed);
    expect(skipChecked, 'no kill left a live lease, so the skip before expiry was never seen').toBe(true);
    console.log(
      `kill test: ${kills.length} kills at ms after "run started" [${kills.map((t) => t.delayMs).join(', ')}] ` +
        `(drawn from [0, ${Math.round(runMs)}) ms; ${trials.length - kills.length} moments fell after the run ended); ` +
        `digests present at each kill [${kills.map((t) => t.digestsAtKill).join(', ')}] of ${candidates.length}; ` +
        `live leases left by ${kills.filter((t) => t.leaseLive).length} kills (expired by the test, TTL ${LEASE_TTL_MS / 1000} s); ` +
        `killed runs that had recorded ${kills.filter((t) => t.killedRunRecorded).length}; ` +
        `re-runs wrote [${kills.map((t) => t.rerunWrote).join(', ')}]; 0 missing, 0 duplicate digests; ` +
        `${trials.reduce((n, t) => n + t.logRows, 0)} log rows, all consistent`,
    );
  }, 400_000);
});
