import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { createGitHubClient } from '../../src/github/client.ts';
import type { GitHubClient } from '../../src/github/client.ts';
import type { HealthCheckDeps } from '../../src/health/check.ts';
import { gitHubAlertIssues } from '../../src/github/alertIssues.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startFakeGitHub, type FakeGitHub } from '../support/fakeGitHub.ts';

export const HOUR = 3_600_000;
export const WEEK = 7 * 24 * HOUR;
/** A Sunday 20:00 UTC slot of weekly-digest (`0 20 * * 0`). */
export const LAST_SLOT = Date.parse('2025-11-02T20:00:00Z');
export const repo = { owner: 'strukt', repo: 'strukt-cron' };
/** Personal data a run's error message might quote; none of it may leave the database. */
export const PLANTED = {
  name: 'Zephyrine Quill',
  email: 'zephyrine.quill@example.test',
  userId: randomUUID(),
};

export interface RunRow {
  runTime: number;
  status?: 'success' | 'partial_success' | 'error';
  durationMs?: number;
  attempts?: number;
  errorMessage?: string | null;
  /** details.period.end: the slot a catch-up run covered. */
  periodEnd?: string;
  trigger?: string;
}

/** Records one weekly-digest run the way the run engine does, through cron_record_run. */
export async function recordDigestRun(db: Db, row: RunRow): Promise<void> {
  const status = row.status ?? 'success';
  await db.call('cron_record_run', {
    p_run_id: randomUUID(),
    p_function_name: 'generateWeeklyDigest',
    p_run_status: status,
    p_run_time: new Date(row.runTime).toISOString(),
    p_duration_ms: row.durationMs ?? 4_000,
    p_attempts: row.attempts ?? 1,
    p_details: {
      job: 'weekly-digest',
      trigger: row.trigger ?? 'schedule',
      ...(row.periodEnd ? { period: { start: null, end: row.periodEnd } } : {}),
    },
    p_error_message: status === 'error' ? (row.errorMessage ?? 'Error') : null,
  });
}

/** The planted personal data, as a run engine error message might carry it. */
export function leakyError(): string {
  return `DbError: insert failed for ${PLANTED.name} <${PLANTED.email}> (user ${PLANTED.userId})`;
}

/**
 * Octokit against the fake. Throttling paces writes a second apart as GitHub asks, which would
 * make these tests take minutes, so it is off here as in the applier's own tests.
 */
export function fakeClient(fake: FakeGitHub): GitHubClient {
  return createGitHubClient({
    token: 'test-token',
    baseUrl: fake.url,
    throttle: false,
    retryAfterBaseMs: 1,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

export const quietLog: HealthCheckDeps['log'] = { info: () => {}, warn: () => {} };
export const noSleep = async () => {};

/** Issues labelled cron-alert that carry the given marker text. */
export function alertIssues(fake: FakeGitHub, marker: string) {
  return fake.issues.filter((i) => i.labels.includes('cron-alert') && (i.body ?? '').includes(marker));
}

/** Requests that change something on GitHub. */
export function writes(fake: FakeGitHub) {
  return fake.requests.filter((r) => r.method !== 'GET');
}

/** The database and fake GitHub a health test works on; read them inside hooks and tests only. */
export interface HealthFixture {
  readonly t: TestDatabase;
  readonly fake: FakeGitHub;
}

/**
 * Registers the hooks every health test shares, in the describe block (or file) it is called
 * from: one migrated database for the block, a fresh fake GitHub for each test. `once` fills the
 * database when the block starts; `each` empties the run log and fills it again before every
 * test, for tests that write runs of their own.
 */
export function healthFixture(
  seed: { once?: (t: TestDatabase) => Promise<void>; each?: (t: TestDatabase) => Promise<void> } = {},
): HealthFixture {
  let t: TestDatabase | undefined;
  let fake: FakeGitHub | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed.once?.(t);
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    fake = await startFakeGitHub();
    if (seed.each) {
      await t!.sql.exec('truncate admin.system_cron_logs');
      await seed.each(t!);
    }
  });
  afterEach(async () => {
    await fake?.close();
  });
  return {
    get t() {
      if (!t)
        throw new Error('healthFixture: the database is made in beforeAll; read it inside a hook or test.');
      return t;
    },
    get fake() {
      if (!fake)
        throw new Error('healthFixture: the fake GitHub is made in beforeEach; read it inside a test.');
      return fake;
    },
  };
}

/** The check's dependencies on the fixture: its database, the fake GitHub through Octokit, no waits. */
export function checkDeps(
  h: HealthFixture,
  now: number,
  octokit: GitHubClient = fakeClient(h.fake),
): HealthCheckDeps {
  return {
    db: h.t.db,
    github: gitHubAlertIssues(octokit, { ...repo, ref: 'main' }),
    now: new Date(now),
    log: quietLog,
    sleep: noSleep,
  };
}
