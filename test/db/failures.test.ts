import { describe, expect, it } from 'vitest';
import {
  describeConnectFailure,
  describeMissingObject,
  explainDbFailure,
  isMissingSchemaError,
} from '../../src/db/failures.ts';
import type { MigrationStatus } from '../../src/db/migrate.ts';
import { openPostgresPool, openPostgresSession } from '../../src/db/postgres.ts';
import { describePending } from '../../src/db/schemaHint.ts';
import { sqlDb } from '../../src/db/sqlDb.ts';
import { DbError } from '../../src/db/types.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import { RetryExhaustedError } from '../../src/lib/retry.ts';
import { freePort } from '../support/freePort.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

const PASSWORD = 'Wr0ng-P0rt-Secret';

/** A connection string to a port nothing listens on. */
async function refusedUrl(): Promise<{ url: string; port: number }> {
  const port = await freePort();
  return { url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`, port };
}

function refused(port: number): DbError {
  const socket = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), {
    code: 'ECONNREFUSED',
    address: '127.0.0.1',
    port,
  });
  return new DbError(socket.message, { code: 'ECONNREFUSED', cause: socket });
}

const missingFunction = () =>
  new DbError('function public.cron_success_rates(p_days => unknown, p_now => unknown) does not exist', {
    code: '42883',
  });

function statuses(applied: number, total: number): MigrationStatus[] {
  return Array.from({ length: total }, (_, i) => ({
    version: `2026113000${String(i).padStart(4, '0')}`,
    name: `m${i}`,
    file: `2026113000${String(i).padStart(4, '0')}_m${i}.sql`,
    applied: i < applied,
    appliedAt: null,
    changed: false,
  }));
}

describe('a refused connection', () => {
  it('says where, why, how many tries over how long, and what to check, in one line', () => {
    const error = new Error('acquire lease failed', {
      cause: new RetryExhaustedError(3, 'out_of_tries', [0, 3000, 10000], refused(5433)),
    });
    expect(explainDbFailure(error)).toBe(
      'Could not connect to PostgreSQL at 127.0.0.1:5433 (connection refused) after 3 tries over 13 s: ' +
        'is the server running and the port right?',
    );
  });

  it('names no tries when there was one', () => {
    expect(describeConnectFailure(refused(5433))).toBe(
      'Could not connect to PostgreSQL at 127.0.0.1:5433 (connection refused): is the server running and the port right?',
    );
  });

  it('reads node-postgres’s own error, and never prints the password', async () => {
    const { url, port } = await refusedUrl();
    const error = await openPostgresSession(url).then(
      () => null,
      (e: unknown) => e,
    );
    const line = describeConnectFailure(error);
    expect(line).toBe(
      `Could not connect to PostgreSQL at 127.0.0.1:${port} (connection refused): is the server running and the port right?`,
    );
    expect(line).not.toContain(PASSWORD);
  });

  it('ends a run that cannot start with that line, not a chain of class names', async () => {
    const { url, port } = await refusedUrl();
    const pool = openPostgresPool(url);
    let clock = Date.parse('2025-11-30T21:00:00Z');
    try {
      // runTestJob's sleep never waits; the clock only moves by the retries' waits.
      const report = await runTestJob(
        weeklyDigestJob,
        sqlDb(pool, 'postgres'),
        testOptions('2025-11-30T21:00:00Z'),
        {
          now: () => (clock += 1),
        },
      );
      const line =
        `could not connect to PostgreSQL at 127.0.0.1:${port} (connection refused) after 3 tries over 13 s: ` +
        'is the server running and the port right?';
      expect(report.status).toBe('error');
      expect(report.message).toBe(`Could not start generateWeeklyDigest: ${line}`);
      expect(report.errors).toEqual([`start: C${line.slice(1)}`]);
      expect(JSON.stringify(report)).not.toMatch(/RetryExhaustedError|DbError|Error:/);
      expect(JSON.stringify(report)).not.toContain(PASSWORD);
    } finally {
      await pool.close();
    }
  });

  it.each([
    ['28P01', 'password authentication failed', 'are the user and password in DATABASE_URL right?'],
    ['3D000', 'no such database', 'is the database name in DATABASE_URL right?'],
  ])('explains %s as "%s"', (code, reason, hint) => {
    expect(describeConnectFailure(new DbError('x', { code }))).toBe(
      `Could not connect to PostgreSQL (${reason}): ${hint}`,
    );
  });

  it('leaves other errors to their own words', () => {
    expect(explainDbFailure(new DbError('duplicate key', { code: '23505' }))).toBeNull();
    expect(explainDbFailure(new Error('boom'))).toBeNull();
  });
});

describe('a missing schema', () => {
  it('is told by its code, through retries and labels', () => {
    const wrapped = new Error('read runs failed', {
      cause: new RetryExhaustedError(1, 'not_retryable', [0], missingFunction()),
    });
    expect(isMissingSchemaError(wrapped)).toBe(true);
    expect(isMissingSchemaError(new Error('function x does not exist'))).toBe(false);
    expect(describeMissingObject(wrapped)).toBe(
      'The database lacks function public.cron_success_rates, which the strukt-cron migrations create: ' +
        'run strukt-cron db migrate.',
    );
  });

  it.each([
    [new DbError('relation "public.plans" does not exist', { code: '42P01' }), 'relation public.plans'],
    [new DbError('schema "strukt" does not exist', { code: '3F000' }), 'schema strukt'],
  ])('names the missing object of %s', (error, object) => {
    expect(describeMissingObject(error)).toContain(`lacks ${object},`);
  });

  it("asks for DATABASE_URL on PostgREST's code, where db migrate needs the connection string", () => {
    const error = new DbError(
      'cron_prune: Could not find the function public.cron_prune(p_keep_days, p_now) in the schema cache',
      { code: 'PGRST202' },
    );
    expect(describeMissingObject(error)).toBe(
      'The database lacks function public.cron_prune, which the strukt-cron migrations create: ' +
        "run strukt-cron db migrate with DATABASE_URL set to the project's connection string.",
    );
  });

  it('names the pending migrations from the ledger', () => {
    expect(describePending(statuses(0, 19))).toBe(
      'The database has no strukt-cron schema (19 of 19 migrations pending, first 20261130000000_m0.sql): ' +
        'run strukt-cron db migrate.',
    );
    expect(describePending(statuses(16, 19))).toBe(
      "The database's strukt-cron schema is out of date (3 of 19 migrations pending, first 20261130000016_m16.sql): " +
        'run strukt-cron db migrate.',
    );
    expect(describePending(statuses(19, 19))).toBeNull();
    expect(describePending(statuses(19, 19), 'function public.cron_prune')).toContain(
      'lacks function public.cron_prune although all 19 migrations are recorded as applied',
    );
  });
});
