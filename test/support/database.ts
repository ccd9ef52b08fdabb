import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openEmbedded } from '../../src/db/embedded.ts';
import { migrateUp } from '../../src/db/migrate.ts';
import { openPostgresPool, openPostgresSession } from '../../src/db/postgres.ts';
import { sqlDb } from '../../src/db/sqlDb.ts';
import type { Db, SqlClient } from '../../src/db/types.ts';

/**
 * A fresh database for one test file: a new database on the real server named by
 * TEST_DATABASE_URL, or (outside CI, when no server is configured) an in-memory PGlite.
 * With CI=true a missing server is an error: the database suites must fail, never skip.
 */
export interface TestDatabase {
  kind: 'postgres' | 'embedded';
  /** Connection string of the fresh database (null for PGlite). */
  url: string | null;
  /** Superuser SQL for arranging and asserting. */
  sql: SqlClient;
  /** The jobs' data interface on the direct transport. */
  db: Db;
  /** Closes every connection and drops the database. Call it in afterAll / finally. */
  drop(): Promise<void>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || null;

/** True when a real PostgreSQL server is configured for tests. */
export const hasServer = TEST_DATABASE_URL !== null;

/** For suites that need the real server (concurrency: PGlite has one connection). */
export function requireServer(): string {
  if (TEST_DATABASE_URL) return TEST_DATABASE_URL;
  throw new Error('TEST_DATABASE_URL is not set: this suite needs a real PostgreSQL server.');
}

function assertServerOrLocal(): void {
  if (!TEST_DATABASE_URL && process.env.CI === 'true') {
    throw new Error(
      'CI=true but TEST_DATABASE_URL is not set: the database suites must run against PostgreSQL in CI.',
    );
  }
}

/**
 * STRUKT's production schema as of 2025-11-20 (test/fixtures/strukt-production.sql): the database
 * strukt-cron installs onto. Every suite starts from it unless it asks for an empty database.
 */
export const PRODUCTION_SCHEMA_SQL = readFileSync(
  new URL('../fixtures/strukt-production.sql', import.meta.url),
  'utf8',
);

export interface TestDatabaseOptions {
  /** Apply the project's migrations. @default true */
  migrate?: boolean;
  /** PGlite even when a server is configured. @default false */
  embedded?: boolean;
  /**
   * What is there before the migrations: STRUKT's production schema, or nothing (a new
   * project, the demo). @default 'production'
   */
  start?: 'production' | 'empty';
}

/** Builds STRUKT's production schema (no rows) on an empty database. */
export async function applyProductionSchema(sql: SqlClient): Promise<void> {
  await sql.exec(PRODUCTION_SCHEMA_SQL);
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  assertServerOrLocal();
  const prepare = async (sql: SqlClient) => {
    if (options.start !== 'empty') await applyProductionSchema(sql);
    if (options.migrate !== false) await migrateUp(sql);
  };
  if (!TEST_DATABASE_URL || options.embedded) {
    const sql = await openEmbedded(null);
    await prepare(sql);
    const db = sqlDb(sql, 'embedded', async () => {});
    return { kind: 'embedded', url: null, sql, db, drop: () => sql.close() };
  }
  const name = `strukt_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await openPostgresSession(TEST_DATABASE_URL);
  try {
    await admin.exec(`create database ${name}`);
  } finally {
    await admin.close();
  }
  const url = withDatabase(TEST_DATABASE_URL, name);
  const sql = await openPostgresSession(url);
  await prepare(sql);
  const pool = openPostgresPool(url, { max: 4 });
  const db = sqlDb(pool, 'postgres');
  return {
    kind: 'postgres',
    url,
    sql,
    db,
    async drop() {
      await db.close().catch(() => {});
      await sql.close().catch(() => {});
      const a = await openPostgresSession(TEST_DATABASE_URL!);
      try {
        await a.exec(`drop database if exists ${name} with (force)`);
      } finally {
        await a.close();
      }
    },
  };
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Whether suites that need the real server run. Outside CI without TEST_DATABASE_URL they are
 * skipped (PGlite has a single connection, so races cannot be staged on it); in CI they always
 * run, and fail loudly if no server was configured.
 */
export const runServerSuites = hasServer || process.env.CI === 'true';
