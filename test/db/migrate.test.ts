import { spawn } from 'node:child_process';
import { appendFile, cp, mkdtemp, readdir, readlink, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from '../../src/db/migrations.ts';
import { migrateDown, migrateUp, migrationStatus } from '../../src/db/migrate.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { catalogSnapshot } from '../support/catalog.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';

/** Tables in public and admin, and functions in public and strukt: what the install may leave behind. */
async function projectObjects(sql: SqlClient) {
  const tables = await sql.query<{ name: string }>(
    `select table_schema || '.' || table_name as name from information_schema.tables
     where table_schema in ('public', 'admin') order by 1`,
  );
  const functions = await sql.query<{ name: string }>(
    `select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'strukt') order by 1`,
  );
  return { tables: tables.map((t) => t.name), functions: functions.map((f) => f.name) };
}

async function exists(sql: SqlClient, regclass: string): Promise<boolean> {
  const [row] = await sql.query<{ ok: boolean }>(`select to_regclass($1::text) is not null as ok`, [
    regclass,
  ]);
  return row?.ok ?? false;
}

async function ledgerVersions(sql: SqlClient, table: string): Promise<string[]> {
  const rows = await sql.query<{ version: string }>(`select version from ${table} order by version`);
  return rows.map((r) => r.version);
}

const USER = '00000000-0000-4000-8000-000000000001';

let t: TestDatabase | undefined;
afterEach(async () => {
  await t?.drop();
  t = undefined;
});

describe.each([
  ['embedded', true],
  ['server', false],
])('migrations on %s', (_label, embedded) => {
  it('applies, rolls back completely and applies again, on an empty database', async () => {
    t = await createTestDatabase({ migrate: false, embedded, start: 'empty' });
    const files = await readMigrations();
    expect(await migrateUp(t.sql)).toHaveLength(files.length);
    const up = await catalogSnapshot(t.sql);
    expect((await projectObjects(t.sql)).tables).toEqual(
      expect.arrayContaining([
        'admin.system_cron_logs',
        'public.coach_notifications',
        'public.ai_coach_notes',
        'public.plans',
        'public.cron_leases',
      ]),
    );
    // Without Supabase's ledger nothing is recorded there, nor created.
    expect(await exists(t.sql, 'supabase_migrations.schema_migrations')).toBe(false);

    expect(await migrateDown(t.sql, 'all')).toHaveLength(files.length);
    expect(await projectObjects(t.sql)).toEqual({ tables: [], functions: [] });
    const [schemas] = await t.sql.query<{ strukt: boolean; admin: boolean }>(
      `select to_regnamespace('strukt') is not null as strukt, to_regnamespace('admin') is not null as admin`,
    );
    expect(schemas).toEqual({ strukt: false, admin: false });

    expect(await migrateUp(t.sql)).toHaveLength(files.length);
    expect(await catalogSnapshot(t.sql)).toEqual(up);
    expect(await migrateUp(t.sql)).toEqual([]);
  });

  it("applies, rolls back to STRUKT's schema exactly as found and applies again, on the production schema", async () => {
    t = await createTestDatabase({ migrate: false, embedded });
    const files = await readMigrations();
    const before = await catalogSnapshot(t.sql);
    expect(before.length).toBeGreaterThan(100);

    expect(await migrateUp(t.sql)).toHaveLength(files.length);
    const up = await catalogSnapshot(t.sql);
    expect(up).not.toEqual(before);

    expect(await migrateDown(t.sql, 'all')).toHaveLength(files.length);
    expect(await catalogSnapshot(t.sql)).toEqual(before);
    expect(await exists(t.sql, 'strukt.install_changes')).toBe(false);

    expect(await migrateUp(t.sql)).toHaveLength(files.length);
    expect(await catalogSnapshot(t.sql)).toEqual(up);
    expect(await migrateUp(t.sql)).toEqual([]);
  });

  it('agrees with the Supabase CLI ledger: adopts what `supabase db push` ran, records what it applies', async () => {
    t = await createTestDatabase({ migrate: false, embedded });
    const files = await readMigrations();
    const [first, second] = files;
    // As `supabase db push` leaves it after running the first two files.
    await t.sql.exec(`
      create schema supabase_migrations;
      create table supabase_migrations.schema_migrations (version text primary key, statements text[], name text);`);
    for (const m of [first!, second!]) {
      await t.sql.exec(m.up);
      await t.sql.query(
        `insert into supabase_migrations.schema_migrations (version, statements, name) values ($1, array[$2::text], $3)`,
        [m.version, m.up, m.name],
      );
    }
    expect((await migrationStatus(t.sql)).filter((s) => s.applied).map((s) => s.file)).toEqual([
      first!.file,
      second!.file,
    ]);

    const steps: string[] = [];
    const applied = await migrateUp(t.sql, {
      onStep: ({ direction, file }) => steps.push(`${direction} ${file}`),
    });
    expect(applied).toEqual(files.slice(2).map((m) => m.file));
    expect(steps.slice(0, 2)).toEqual([`adopt ${first!.file}`, `adopt ${second!.file}`]);
    const all = files.map((m) => m.version);
    expect(await ledgerVersions(t.sql, 'strukt_meta.schema_migrations')).toEqual(all);
    expect(await ledgerVersions(t.sql, 'supabase_migrations.schema_migrations')).toEqual(all);
    const last = files.at(-1)!;
    const [recorded] = await t.sql.query<{ name: string; statements: string[] }>(
      `select name, statements from supabase_migrations.schema_migrations where version = $1`,
      [last.version],
    );
    expect(recorded).toEqual({ name: last.name, statements: [last.up] });

    await migrateDown(t.sql, 2);
    const kept = all.slice(0, -2);
    expect(await ledgerVersions(t.sql, 'strukt_meta.schema_migrations')).toEqual(kept);
    expect(await ledgerVersions(t.sql, 'supabase_migrations.schema_migrations')).toEqual(kept);
    await migrateDown(t.sql, 'all');
    expect(await ledgerVersions(t.sql, 'strukt_meta.schema_migrations')).toEqual([]);
    expect(await ledgerVersions(t.sql, 'supabase_migrations.schema_migrations')).toEqual([]);
  });
});

describe('the Supabase CLI folder', () => {
  it('supabase/migrations is the migrations folder by relative symlink, holding only up files at its top', async () => {
    const folder = fileURLToPath(new URL('../../supabase/migrations', import.meta.url));
    expect(await readlink(folder)).toBe('../migrations');
    expect(await realpath(folder)).toBe(await realpath(DEFAULT_MIGRATIONS_DIR));
    // The CLI applies every file at the top; the downs sit in down/, which it skips.
    const files = (await readdir(folder, { withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => e.name);
    expect(files.sort()).toEqual((await readMigrations()).map((m) => m.file));
  });
});

describe('migration safety', () => {
  it('refuses to run when an applied migration file was edited, naming the file', async () => {
    t = await createTestDatabase({ migrate: false });
    const dir = await mkdtemp(join(tmpdir(), 'strukt-migrations-'));
    await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    await migrateUp(t.sql, { dir });
    const [first] = await readMigrations(dir);
    await appendFile(join(dir, first!.file), '\n-- edited\n');
    await expect(migrateUp(t.sql, { dir })).rejects.toThrow(first!.file);
    const status = await migrationStatus(t.sql, { dir });
    expect(status.find((s) => s.file === first!.file)?.changed).toBe(true);
  });

  /** Rolls back every migration from create_system_cron_logs on: the seed's rollback step. */
  async function rollBackToBeforeRunLog(sql: SqlClient): Promise<void> {
    const files = await readMigrations();
    await migrateDown(sql, files.length - files.findIndex((m) => m.name === 'create_system_cron_logs'));
  }

  async function notificationColumns(sql: SqlClient): Promise<string[]> {
    const rows = await sql.query<{ column_name: string }>(
      `select column_name from information_schema.columns
       where table_schema = 'public' and table_name = 'coach_notifications'`,
    );
    return rows.map((c) => c.column_name);
  }

  const insertNotification = (sql: SqlClient, type: string) =>
    sql.query(`insert into public.coach_notifications (user_id, message, type) values ($1, 'x', $2)`, [
      USER,
      type,
    ]);

  it('rolls back the seed way on an empty start: no run log, no Phase 3 notification columns, the old type check', async () => {
    t = await createTestDatabase({ start: 'empty' });
    await rollBackToBeforeRunLog(t.sql);
    expect(await exists(t.sql, 'admin.system_cron_logs')).toBe(false);
    const phase3 = (await notificationColumns(t.sql)).filter((c) =>
      /^(priority|delivery_channel|status)$/.test(c),
    );
    expect(phase3).toEqual([]);
    await t.sql.query(`insert into auth.users (id) values ($1)`, [USER]);
    await insertNotification(t.sql, 'ai_coach_proactive');
    await expect(insertNotification(t.sql, 'nudge')).rejects.toThrow(/coach_notifications_type_check/);
  });

  it("keeps STRUKT's run log with every row, and its Phase 3 columns, when rolling back the same way on production", async () => {
    t = await createTestDatabase({ migrate: false });
    // Runs the original Phase 3 logged before the install.
    await t.sql.exec(`
      insert into admin.system_cron_logs (function_name, run_status, run_time, details, duration_ms)
      values ('generateWeeklyDigest', 'success', '2025-11-02T20:00:05Z', '{"digests": 12}', 5400),
             ('checkUserStatus', 'error', '2025-11-03T08:00:02Z', null, 800);`);
    await migrateUp(t.sql);
    // And one strukt-cron logged.
    await t.sql.query(
      `select public.cron_record_run(gen_random_uuid(), 'generatePlans', 'success', now(), 1200, 1, '{}', null)`,
    );
    await rollBackToBeforeRunLog(t.sql);

    const rows = await t.sql.query<{ function_name: string }>(
      `select function_name from admin.system_cron_logs order by run_time`,
    );
    expect(rows.map((r) => r.function_name)).toEqual([
      'generateWeeklyDigest',
      'checkUserStatus',
      'generatePlans',
    ]);
    const [runId] = await t.sql.query<{ n: number }>(
      `select count(*)::integer as n from information_schema.columns
       where table_schema = 'admin' and table_name = 'system_cron_logs' and column_name = 'run_id'`,
    );
    expect(runId).toEqual({ n: 0 });
    expect(await notificationColumns(t.sql)).toEqual(
      expect.arrayContaining(['priority', 'delivery_channel', 'status']),
    );
    await t.sql.query(`insert into auth.users (id) values ($1)`, [USER]);
    await insertNotification(t.sql, 'nudge');
  });
});

// Two processes need the real server; skipped only outside CI without TEST_DATABASE_URL.
describe.runIf(runServerSuites)('concurrent migrators', () => {
  it('two `db migrate` processes on one empty database both succeed and apply each migration once', async () => {
    t = await createTestDatabase({ migrate: false });
    const run = () =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'db', 'migrate'], {
          env: { ...process.env, DATABASE_URL: t!.url!, SUPABASE_URL: '', SUPABASE_SERVICE_ROLE_KEY: '' },
          stdio: 'ignore',
        });
        child.on('exit', (code) => resolve(code ?? -1));
      });
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    const rows = await t.sql.query<{ n: number; distinct_n: number }>(
      `select count(*)::int as n, count(distinct version)::int as distinct_n from strukt_meta.schema_migrations`,
    );
    expect(rows[0]).toEqual({
      n: (await readMigrations()).length,
      distinct_n: (await readMigrations()).length,
    });
  });
});
