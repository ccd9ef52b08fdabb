import { randomBytes } from 'node:crypto';
import { migrateUp } from '../../src/db/migrate.ts';
import { openPostgresSession } from '../../src/db/postgres.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { applyProductionSchema, withDatabase } from './database.ts';

/**
 * A migrated, seeded database used as a template, and cheap copies of it (CREATE DATABASE …
 * TEMPLATE): tests that need the same starting data many times — a trial per kill, per race —
 * seed once and copy in well under a second. Names start `strukt_t_` like createTestDatabase's,
 * so `.ci/run` drops any an interrupted run left behind.
 */
export interface DatabaseCopy {
  name: string;
  url: string;
  /** One superuser session on the copy, for arranging and asserting. */
  sql: SqlClient;
  /** Closes the session and drops the copy. */
  drop(): Promise<void>;
}

export interface SeededTemplate {
  name: string;
  url: string;
  /** A fresh copy of the template's data. */
  copy(): Promise<DatabaseCopy>;
  /** Drops the template (copies are dropped by their own `drop`). */
  drop(): Promise<void>;
}

function databaseName(): string {
  return `strukt_t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

async function admin<T>(serverUrl: string, work: (sql: SqlClient) => Promise<T>): Promise<T> {
  const sql = await openPostgresSession(serverUrl);
  try {
    return await work(sql);
  } finally {
    await sql.close();
  }
}

/**
 * Creates a database with STRUKT's production schema on the server of `serverUrl`, lets `prepare` fill it, and
 * closes every connection to it (a template must have none while it is copied).
 */
export async function createSeededTemplate(
  serverUrl: string,
  prepare: (sql: SqlClient) => Promise<void>,
): Promise<SeededTemplate> {
  const name = databaseName();
  await admin(serverUrl, (sql) => sql.exec(`create database ${name}`));
  const url = withDatabase(serverUrl, name);
  const sql = await openPostgresSession(url);
  try {
    await applyProductionSchema(sql);
    await migrateUp(sql);
    await prepare(sql);
  } finally {
    await sql.close();
  }
  return {
    name,
    url,
    async copy() {
      const copyName = databaseName();
      await admin(serverUrl, (a) => a.exec(`create database ${copyName} template ${name}`));
      const copyUrl = withDatabase(serverUrl, copyName);
      const copySql = await openPostgresSession(copyUrl);
      return {
        name: copyName,
        url: copyUrl,
        sql: copySql,
        async drop() {
          await copySql.close().catch(() => {});
          await admin(serverUrl, (a) => a.exec(`drop database if exists ${copyName} with (force)`));
        },
      };
    },
    drop: () => admin(serverUrl, (a) => a.exec(`drop database if exists ${name} with (force)`)),
  };
}

/** Sessions on this database other than the asking one (a killed run's backends, until they notice). */
export async function otherSessions(sql: SqlClient): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
     where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
  );
  return rows[0]!.n;
}

/** Waits until no other session is connected, so nothing a dead process sent can still commit. */
export async function waitForNoOtherSessions(sql: SqlClient, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await otherSessions(sql)) > 0) {
    if (Date.now() > until) throw new Error(`other sessions still connected after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
