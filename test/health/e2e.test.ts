import { randomUUID } from 'node:crypto';
import { DbError, PG, type Db } from '../../src/db/types.ts';
import { gitHubAlertIssues } from '../../src/github/alertIssues.ts';
import { describe, expect, it } from 'vitest';
import { renderHealthSummary } from '../../src/health/alertBody.ts';
import type { GitHubClient } from '../../src/github/client.ts';
import { alertMarker } from '../../src/health/markers.ts';
import { runHealthCheck } from '../../src/health/check.ts';
import { describeOutcome } from '../../src/health/render.ts';
import { readRunSamples } from '../../src/monitoring/readRuns.ts';
import type { HealthCheckOptions, HealthCheckResult } from '../../src/health/check.ts';
import { countingDb } from '../support/countingDb.ts';
import {
  HOUR,
  LAST_SLOT,
  PLANTED,
  WEEK,
  alertIssues,
  fakeClient,
  leakyError,
  quietLog,
  recordDigestRun,
  repo,
  healthFixture,
  checkDeps,
} from './support.ts';

// Ten weekly slots fit a 70-day window; 28 days would hold only four of the ten runs.
const WINDOW_DAYS = 70;
const ERROR_MARKER = alertMarker('weekly-digest', 'error-rate');
const options: HealthCheckOptions = {
  jobs: ['weekly-digest'],
  windowDays: WINDOW_DAYS,
  dryRun: false,
  catchUp: false,
};

const h = healthFixture({ each: async () => {} });

const check = (now: number, octokit = fakeClient(h.fake)) =>
  runHealthCheck(checkDeps(h, now, octokit), options);

/**
 * Ten on-time runs at the last ten slots, three of them errors (70% success, below 95%). The errors
 * are five to seven weeks old, so five newer healthy runs push them out of the window.
 */
async function seedBreach(): Promise<void> {
  for (let k = 0; k < 10; k++) {
    const error = k >= 5 && k <= 7;
    await recordDigestRun(h.t.db, {
      runTime: LAST_SLOT - k * WEEK + 5 * 60_000,
      status: error ? 'error' : 'success',
      durationMs: 3_000 + k * 100,
      errorMessage: error ? leakyError() : null,
    });
  }
}

function expectNoPersonalData(texts: string[]): void {
  const all = texts.join('\n');
  for (const secret of Object.values(PLANTED)) expect(all).not.toContain(secret);
}

const written = (results: HealthCheckResult[]) => [
  ...h.fake.issues.map((i) => `${i.title}\n${i.body ?? ''}`),
  ...h.fake.comments.map((c) => c.body),
  ...results.flatMap((r) => [renderHealthSummary(r.health), ...describeOutcome(r), ...r.failures]),
];

describe('runHealthCheck end to end (Postgres + h.fake GitHub)', () => {
  it('opens one error-rate issue with a table and a chart, and closes it after two healthy evaluations', async () => {
    await seedBreach();
    const first = await check(LAST_SLOT + 3 * HOUR);

    expect(first.failures).toEqual([]);
    expect(first.health[0]?.checks['error-rate'].state).toBe('breach');
    expect(first.health[0]?.checks['missed-schedule'].state).toBe('ok');
    const open = h.fake.issues.filter((i) => i.state === 'open' && i.labels.includes('cron-alert'));
    expect(open).toHaveLength(1);
    const body = open[0]?.body ?? '';
    expect(body).toContain(ERROR_MARKER);
    expect(body).toContain('| figure | value | threshold |');
    expect(body).toContain('| success rate | 70.0% | ≥ 95.0% |');
    expect(body).toContain('xychart-beta');
    expect(open[0]?.title).toBe('[cron-alert] weekly-digest: error rate above threshold');

    // Five more weekly slots, all healthy: the three errors leave the 70-day window.
    for (let k = 1; k <= 5; k++) {
      await recordDigestRun(h.t.db, { runTime: LAST_SLOT + k * WEEK + 5 * 60_000, durationMs: 2_000 });
    }
    const recovered = LAST_SLOT + 5 * WEEK + 3 * HOUR;
    const second = await check(recovered);
    expect(second.health[0]?.checks['error-rate'].state).toBe('ok');
    expect(alertIssues(h.fake, ERROR_MARKER).map((i) => i.state)).toEqual(['open']);
    expect(h.fake.comments).toHaveLength(0);

    const third = await check(recovered + HOUR);
    expect(third.failures).toEqual([]);
    expect(alertIssues(h.fake, ERROR_MARKER)).toMatchObject([{ state: 'closed', stateReason: 'completed' }]);
    expect(h.fake.comments.map((c) => c.body)).toEqual([expect.stringMatching(/^Recovered: /)]);
    expect(h.fake.issues).toHaveLength(1);

    expectNoPersonalData(written([first, second, third]));
  });

  it('keeps one open issue when two health checks start together', async () => {
    await seedBreach();
    // Like GitHub's lagging listings: for a moment neither check sees the other's new issue.
    h.fake.hideNewIssuesFor({ ms: 150 });
    const now = LAST_SLOT + 3 * HOUR;
    // Re-listing waits 1 s, 2 s, … in production; a fiftieth of that keeps the race and the test short.
    const shortSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms / 50));
    const run = (octokit: GitHubClient) =>
      runHealthCheck(
        {
          db: h.t.db,
          github: gitHubAlertIssues(octokit, { ...repo, ref: 'main' }),
          now: new Date(now),
          log: quietLog,
          sleep: shortSleep,
        },
        options,
      );
    const [a, b] = await Promise.all([run(fakeClient(h.fake)), run(fakeClient(h.fake))]);

    expect([...a.failures, ...b.failures]).toEqual([]);
    // Both created an issue; the newer one is closed as a duplicate of the older.
    expect(h.fake.issues).toHaveLength(2);
    expect(alertIssues(h.fake, ERROR_MARKER).filter((i) => i.state === 'open')).toMatchObject([
      { number: 1 },
    ]);
    expect(h.fake.issues[1]).toMatchObject({ state: 'closed', stateReason: 'duplicate' });

    // The next hour's check finds the one issue and only updates it.
    const next = await check(now + HOUR);
    expect(next.ops.map((op) => op.type)).toEqual(['update']);
    expect(alertIssues(h.fake, ERROR_MARKER).filter((i) => i.state === 'open')).toHaveLength(1);
  });

  it('puts no planted name, email or user id into issues, comments or the health summary', async () => {
    // Errors at the newest runs too, so the error classes and the run table are in the body.
    await seedBreach();
    await recordDigestRun(h.t.db, {
      runTime: LAST_SLOT + WEEK + 5 * 60_000,
      status: 'error',
      errorMessage: `${leakyError()} while writing "${PLANTED.name}"`,
    });
    const result = await check(LAST_SLOT + WEEK + 3 * HOUR);

    const texts = written([result]);
    expect(texts.join('\n')).toContain('| DbError |');
    expectNoPersonalData(texts);
  });

  it('plans a batches issue for a batch past its deadline and still open, and none without it', async () => {
    await seedBreach();
    const now = LAST_SLOT + 3 * HOUR;
    const without = await check(now, fakeClient(h.fake));
    expect(without.health[0]?.checks.batches).toEqual({ state: 'ok', reason: 'no batch in the window' });
    expect(without.ops.filter((op) => op.kind === 'batches')).toEqual([]);

    // Submitted a day and a half ago with a 24-hour deadline, never collected.
    await h.t.sql.query(
      `insert into strukt.ai_batches (key, job, as_of, shard_index, shard_count, openai_batch_id,
                                      input_file_id, request_count, state, openai_status,
                                      submitted_at, deadline_at)
       values ($1, 'weekly-digest', $2, 0, 1, 'batch_late123', 'file_abc', 400, 'submitted',
               'in_progress', $2, $3)`,
      [randomUUID(), new Date(now - 36 * HOUR).toISOString(), new Date(now - 12 * HOUR).toISOString()],
    );
    try {
      const result = await check(now, fakeClient(h.fake));
      expect(result.failures).toEqual([]);
      expect(result.health[0]?.checks.batches.state).toBe('breach');
      const ops = result.ops.filter((op) => op.kind === 'batches');
      expect(ops).toMatchObject([
        {
          type: 'create',
          job: 'weekly-digest',
          title: '[cron-alert] weekly-digest: OpenAI batches late or failing',
        },
      ]);
      const [issue] = alertIssues(h.fake, alertMarker('weekly-digest', 'batches'));
      expect(issue?.body).toContain('batch batch_late123 of weekly-digest is past its deadline');
      expect(issue?.body).toContain('and still in_progress');
    } finally {
      await h.t.sql.exec('delete from strukt.ai_batches');
    }
  });

  it('checks no batch, with a warning, when the database lacks cron_batch_health', async () => {
    await seedBreach();
    const warnings: string[] = [];
    const missing: Db = {
      transport: h.t.db.transport,
      close: () => h.t.db.close(),
      call(fn, args) {
        if (fn === 'cron_batch_health') {
          return Promise.reject(
            new DbError(`function public.${fn} does not exist`, { code: PG.undefinedFunction }),
          );
        }
        return h.t.db.call(fn, args);
      },
    };
    const result = await runHealthCheck(
      {
        ...checkDeps(h, LAST_SLOT + 3 * HOUR),
        db: missing,
        log: { info: () => {}, warn: (m) => warnings.push(m) },
      },
      options,
    );
    expect(result.health[0]?.checks.batches).toEqual({ state: 'ok', reason: 'no batch in the window' });
    expect(warnings).toEqual([expect.stringContaining('cron_batch_health not found')]);

    const broken: Db = {
      transport: h.t.db.transport,
      close: () => h.t.db.close(),
      call(fn, args) {
        if (fn === 'cron_batch_health')
          return Promise.reject(new DbError('permission denied', { code: '42501' }));
        return h.t.db.call(fn, args);
      },
    };
    await expect(
      runHealthCheck({ ...checkDeps(h, LAST_SLOT + 3 * HOUR), db: broken }, options),
    ).rejects.toThrow('Could not read the OpenAI batches from strukt.ai_batches');
  });

  it('reads every run of a window larger than one 1,000-row page', async () => {
    // 2,500 runs, 1,000 per call: three calls, none read twice. Runs share start times in pairs
    // and carry microseconds, so the cursor must use the id and the database's exact time.
    await h.t.sql.query(
      `insert into admin.system_cron_logs (run_id, function_name, run_status, run_time, duration_ms, attempts, details)
       select gen_random_uuid(), 'generateWeeklyDigest', 'success',
              $1::timestamptz - make_interval(mins => g / 2) + interval '123 microseconds', 1000, 1, '{}'::jsonb
       from generate_series(1, 2500) g`,
      [new Date(LAST_SLOT).toISOString()],
    );
    const db = countingDb(h.t.db);
    const runs = await readRunSamples(db, 'generateWeeklyDigest', new Date(LAST_SLOT - 30 * 24 * HOUR));
    expect(runs).toHaveLength(2500);
    expect(new Set(runs.map((r) => r.runId)).size).toBe(2500);
    expect(db.calls.get('cron_runs_since')).toBe(3);
  });
});
