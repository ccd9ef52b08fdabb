import { describe, expect, it } from 'vitest';
import { createOfflineWriter } from '../../src/ai/offlineWriter.ts';
import type { AiWriter } from '../../src/ai/types.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import { findUnfinishedPeriod } from '../../src/monitoring/continuation.ts';
import { type PeriodRun } from '../../src/sql/runLog.ts';
import { runHealthCheck } from '../../src/health/check.ts';
import { describeOutcome } from '../../src/health/render.ts';
import type { RunReport } from '../../src/runs/types.ts';
import { addUser, addWorkout } from '../support/fixtures.ts';
import { runTestJob, testOptions } from '../support/runs.ts';
import { healthFixture, HOUR, WEEK, recordDigestRun, checkDeps } from './support.ts';

const MINUTE = 60_000;
/** Sunday 16 Nov 2025 20:00 UTC, a weekly-digest slot: the period is 9–16 Nov. */
const SLOT = Date.parse('2025-11-16T20:00:00Z');
const SLOT_ISO = new Date(SLOT).toISOString();
const PERIOD_START = new Date(SLOT - WEEK).toISOString();

describe('which period is unfinished (pure)', () => {
  const NOW = new Date(SLOT + 3 * HOUR);
  let n = 0;
  const run = (minutesAfterSlot: number, status: string, more: Partial<PeriodRun> = {}): PeriodRun => ({
    run_id: `run-${(n += 1)}`,
    run_time: new Date(SLOT + minutesAfterSlot * MINUTE).toISOString(),
    run_status: status,
    period_start: PERIOD_START,
    period_end: SLOT_ISO,
    shard: null,
    users_filtered: false,
    succeeded: 10,
    failed: 0,
    remaining: status === 'partial_success' ? 5 : 0,
    ...more,
  });

  it('is the period whose run ended partial_success, due once its last run is 45 minutes old', () => {
    expect(findUnfinishedPeriod([run(7, 'partial_success')], NOW, 48)).toEqual({
      slot: SLOT_ISO,
      left: 5,
      lastRunTime: new Date(SLOT + 7 * MINUTE).toISOString(),
      due: true,
    });
    expect(findUnfinishedPeriod([run(150, 'partial_success')], NOW, 48)?.due).toBe(false);
  });

  it('is finished by a later success of the same shard or of every user, not of another shard', () => {
    const partial = run(7, 'partial_success', { shard: '0/4' });
    expect(findUnfinishedPeriod([partial, run(70, 'success')], NOW, 48)).toBeNull();
    expect(findUnfinishedPeriod([partial, run(70, 'success', { shard: '0/4' })], NOW, 48)).toBeNull();
    expect(findUnfinishedPeriod([partial, run(70, 'success', { shard: '1/4' })], NOW, 48)?.slot).toBe(
      SLOT_ISO,
    );
    // A success that started before the partial run does not finish it.
    expect(findUnfinishedPeriod([run(5, 'success'), run(7, 'partial_success')], NOW, 48)).not.toBeNull();
  });

  it('is not finished by a later success limited to a few named users', () => {
    const partial = run(7, 'partial_success');
    const filtered = run(70, 'success', { users_filtered: true });
    expect(findUnfinishedPeriod([partial, filtered], NOW, 48)?.slot).toBe(SLOT_ISO);
  });

  it('counts a run stopped by a fatal error with users left (exhausted quota), not one that read nobody', () => {
    expect(findUnfinishedPeriod([run(7, 'error', { remaining: 40 })], NOW, 48)?.left).toBe(40);
    expect(findUnfinishedPeriod([run(7, 'error', { remaining: 0 })], NOW, 48)).toBeNull();
    expect(findUnfinishedPeriod([run(7, 'error', { remaining: null })], NOW, 48)).toBeNull();
  });

  it('stays unfinished through a continuation that ended in error, until one ends success', () => {
    const runs = [run(7, 'partial_success'), run(70, 'error', { remaining: null })];
    expect(findUnfinishedPeriod(runs, NOW, 48)?.lastRunTime).toBe(new Date(SLOT + 70 * MINUTE).toISOString());
    expect(findUnfinishedPeriod([...runs, run(130, 'success')], NOW, 48)).toBeNull();
  });

  it('gives up once the slot is older than the continuation window, and ignores unreadable periods', () => {
    expect(findUnfinishedPeriod([run(7, 'partial_success')], new Date(SLOT + 49 * HOUR), 48)).toBeNull();
    expect(
      findUnfinishedPeriod([run(7, 'partial_success', { period_end: 'last week' })], NOW, 48),
    ).toBeNull();
  });

  it('takes the newest unfinished period', () => {
    const older = run(7, 'partial_success', {
      period_end: new Date(SLOT - WEEK).toISOString(),
      run_time: new Date(SLOT - WEEK + 7 * MINUTE).toISOString(),
    });
    const now = new Date(SLOT + HOUR);
    expect(findUnfinishedPeriod([older, run(7, 'partial_success')], now, 24 * 8)?.slot).toBe(SLOT_ISO);
  });
});

describe('continuation of a digest week cut short, end to end', () => {
  const users: string[] = [];
  const h = healthFixture({
    once: async (db) => {
      for (let i = 0; i < 12; i++) {
        const id = await addUser(db.sql, { consent: true });
        await addWorkout(db.sql, id, '2025-11-14T18:00:00Z');
        users.push(id);
      }
      // The three earlier slots of the window ran on time, so only this week is in question.
      for (let k = 1; k <= 3; k++) await recordDigestRun(db.db, { runTime: SLOT - k * WEEK + 7 * MINUTE });
    },
  });

  /**
   * The real job on the database, at a clock that starts at `at` and moves 100 ms per digest the
   * writer produces: with concurrency 1 a budget of 550 ms stops after exactly six users.
   */
  async function digestRun(at: number, asOf: string, budgetMs: number | null): Promise<RunReport> {
    let clock = at;
    const offline = createOfflineWriter('template');
    const slowWriter: AiWriter = {
      ...offline,
      kind: offline.kind,
      model: offline.model,
      usage: () => offline.usage(),
      writePlan: (input, ctx) => offline.writePlan(input, ctx),
      async writeDigest(facts, ctx) {
        clock += 100;
        return offline.writeDigest(facts, ctx);
      },
    };
    return runTestJob(
      weeklyDigestJob,
      h.t.db,
      testOptions(asOf, { timeBudgetMs: budgetMs, concurrency: 1, trigger: 'dispatch' }),
      { ai: slowWriter, now: () => clock },
    );
  }

  const check = (now: number) =>
    runHealthCheck(checkDeps(h, now), { jobs: ['weekly-digest'], dryRun: false, catchUp: true });

  const digestsPerUser = async () =>
    h.t.sql.query<{ user_id: string; n: number }>(
      `select p.user_id, count(n.id)::int as n
       from user_profiles p
       left join ai_coach_notes n on n.user_id = p.user_id and n.type = 'weekly_summary' and n.period_start = $1
       group by p.user_id`,
      [PERIOD_START],
    );

  it('dispatches runs as-of the slot, hourly, until one ends success; every candidate then has one digest', async () => {
    // The scheduled run stops halfway: its budget is spent after six users.
    const scheduled = await digestRun(SLOT + 7 * MINUTE, new Date(SLOT + 7 * MINUTE).toISOString(), 550);
    expect(scheduled.status).toBe('partial_success');
    expect(scheduled.counts).toMatchObject({ succeeded: 6, remaining: 6 });

    // Twenty minutes later the run is too recent: the check waits.
    const early = await check(SLOT + 30 * MINUTE);
    expect(early.continuations).toEqual([
      expect.objectContaining({ slot: SLOT_ISO, status: 'waiting', left: 6 }),
    ]);
    expect(h.fake.dispatches).toEqual([]);

    // The next hourly check dispatches the workflow as-of the slot, without anyone acting.
    const first = await check(SLOT + 77 * MINUTE);
    expect(first.failures).toEqual([]);
    expect(h.fake.dispatches).toEqual([
      { workflow: 'weekly-digest.yml', ref: 'main', inputs: { as_of: SLOT_ISO } },
    ]);
    expect(first.dispatched).toEqual([{ job: 'weekly-digest', slot: SLOT_ISO }]);
    expect(describeOutcome(first)).toContain(
      `- continue weekly-digest.yml as_of ${SLOT_ISO} (6 user(s) left): dispatched`,
    );

    // The dispatched run (as_of from the dispatch) is cut short too: three more users.
    const asOf = String(h.fake.dispatches[0]!.inputs.as_of);
    const second = await digestRun(SLOT + 79 * MINUTE, asOf, 250);
    expect(second.period?.start).toBe(PERIOD_START);
    expect(second.counts).toMatchObject({ succeeded: 3, remaining: 3 });

    // An hour later it is dispatched again; that run finishes the week.
    await check(SLOT + 137 * MINUTE);
    expect(h.fake.dispatches.map((d) => d.inputs.as_of)).toEqual([SLOT_ISO, SLOT_ISO]);
    const last = await digestRun(SLOT + 139 * MINUTE, String(h.fake.dispatches[1]!.inputs.as_of), null);
    expect(last.status).toBe('success');
    expect(last.counts.succeeded).toBe(3);

    // Finished: no more continuations, however often the health check runs.
    for (const later of [SLOT + 197 * MINUTE, SLOT + 257 * MINUTE]) {
      const result = await check(later);
      expect(result.continuations).toEqual([]);
    }
    expect(h.fake.dispatches).toHaveLength(2);

    const perUser = await digestsPerUser();
    expect(perUser).toHaveLength(12);
    expect(perUser.every((r) => r.n === 1)).toBe(true);

    // A continuation that arrives late anyway (a queued duplicate) writes nothing twice.
    const duplicate = await digestRun(SLOT + 260 * MINUTE, SLOT_ISO, null);
    expect(duplicate.counts.succeeded).toBe(0);
    expect((await digestsPerUser()).every((r) => r.n === 1)).toBe(true);
  });

  it('dispatches nothing on a dry run, and nothing without catch-up', async () => {
    await h.t.sql.exec(
      `delete from ai_coach_notes; delete from admin.system_cron_logs where details ->> 'trigger' = 'dispatch'`,
    );
    await digestRun(SLOT + 7 * MINUTE, new Date(SLOT + 7 * MINUTE).toISOString(), 550);
    const dry = await runHealthCheck(checkDeps(h, SLOT + 2 * HOUR), {
      jobs: ['weekly-digest'],
      dryRun: true,
      catchUp: true,
    });
    expect(dry.continuations.map((c) => c.status)).toEqual(['dry-run']);
    const off = await runHealthCheck(checkDeps(h, SLOT + 2 * HOUR), {
      jobs: ['weekly-digest'],
      dryRun: false,
      catchUp: false,
    });
    expect(off.continuations).toEqual([]);
    expect(h.fake.dispatches).toEqual([]);
  });
});
