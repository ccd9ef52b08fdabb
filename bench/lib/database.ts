/**
 * A fresh database per benchmark on the local PostgreSQL server: created, migrated with the
 * project's own migrations, and dropped at the end (kept with `--keep`).
 */
import { migrateUp } from '../../src/db/migrate.ts';
import { openPostgresSession } from '../../src/db/postgres.ts';
import type { SqlClient } from '../../src/db/types.ts';

/** The server's maintenance database; benchmark databases are created next to it. */
export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  /** Connection string of the benchmark database. */
  url: string;
  /** One session for seeding and measuring (superuser). */
  sql: SqlClient;
  /** Closes the session and drops the database, unless it is to be kept. */
  finish(options: { keep: boolean }): Promise<void>;
}

/** Drops of the databases created and not yet finished, for an interrupted run. */
const unfinished = new Set<() => Promise<void>>();

/** Drops every benchmark database not yet finished (Ctrl-C); `--keep` does not apply. */
export async function dropUnfinishedDatabases(): Promise<void> {
  await Promise.allSettled([...unfinished].map((drop) => drop()));
}

/**
 * Creates (or re-creates) `strukt_bench_<name>` and applies every migration (on an empty database
 * they create STRUKT's tables in its production shape). `migrate: false` leaves it empty.
 */
export async function createBenchDatabase(
  serverUrl: string,
  name: string,
  options: { migrate?: boolean } = {},
): Promise<BenchDatabase> {
  if (!/^[a-z0-9_]{1,40}$/.test(name)) {
    throw new Error(`Invalid benchmark database suffix '${name}'. Expected lower-case letters, digits, _.`);
  }
  const database = `strukt_bench_${name}`;
  await admin(serverUrl, async (sql) => {
    // A database kept by an earlier `--keep` run would skew the figures: start from nothing.
    await sql.exec(`drop database if exists ${database} with (force)`);
    await sql.exec(`create database ${database}`);
  });
  const url = withDatabase(serverUrl, database);
  let sql: SqlClient;
  try {
    sql = await openPostgresSession(url);
    if (options.migrate !== false) await migrateUp(sql);
  } catch (error) {
    await dropDatabase(serverUrl, database).catch(() => {});
    throw new Error(`Could not prepare the benchmark database ${database}`, { cause: error });
  }
  let finished = false;
  const drop = async () => {
    await sql.close().catch(() => {});
    await dropDatabase(serverUrl, database);
  };
  unfinished.add(drop);
  return {
    name: database,
    url,
    sql,
    async finish({ keep }) {
      if (finished) return;
      finished = true;
      unfinished.delete(drop);
      await sql.close().catch(() => {});
      if (keep) {
        console.error(
          `kept database ${database} (${url}); drop it with: dropdb -h 127.0.0.1 -U postgres ${database}`,
        );
        return;
      }
      await dropDatabase(serverUrl, database);
    },
  };
}

async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  await admin(serverUrl, (sql) => sql.exec(`drop database if exists ${database} with (force)`));
}

async function admin(serverUrl: string, work: (sql: SqlClient) => Promise<void>): Promise<void> {
  const sql = await openPostgresSession(serverUrl);
  try {
    await work(sql);
  } finally {
    await sql.close();
  }
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** `select version()` of the server, e.g. "PostgreSQL 15.20 (Debian …) on x86_64-pc-linux-gnu, …". */
export async function serverVersion(sql: SqlClient): Promise<string> {
  const [row] = await sql.query<{ version: string }>('select version()');
  return row?.version ?? 'unknown';
}

/** Refreshes planner statistics after a bulk load, as autovacuum would soon after on a live database. */
export async function analyze(sql: SqlClient): Promise<void> {
  await sql.exec('vacuum analyze');
}
