import { spawn } from 'node:child_process';
import { cp, mkdtemp, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from '../../src/db/migrations.ts';
import { migrateDown, migrateUp, migrationStatus } from '../../src/db/migrate.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';

async function projectObjects(sql: SqlClient) {
  const tables = await sql.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
  );
  const functions = await sql.query<{ name: string }>(
    `select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'strukt') order by 1`,
  );
  return { tables: tables.map((t) => t.name), functions: functions.map((f) => f.name) };
}

let t: TestDatabase | undefined;
afterEach(async () => {
  await t?.drop();
  t = undefined;
});

describe.each([
  ['embedded', true],
  ['server', false],
])('migrations on %s', (_label, embedded) => {
  it('applies, rolls back completely and applies again', async () => {
    t = await createTestDatabase({ migrate: false, embedded });
    const files = await readMigrations();
    expect(await migrateUp(t.sql)).toHaveLength(files.length);
    const up = await projectObjects(t.sql);
    expect(up.tables).toEqual(
      expect.arrayContaining([
        'system_cron_logs',
        'coach_notifications',
        'ai_coach_notes',
        'plans',
        'cron_leases',
      ]),
    );

    expect(await migrateDown(t.sql, 'all')).toHaveLength(files.length);
    expect(await projectObjects(t.sql)).toEqual({ tables: [], functions: [] });

    expect(await migrateUp(t.sql)).toHaveLength(files.length);
    expect(await projectObjects(t.sql)).toEqual(up);
    expect(await migrateUp(t.sql)).toEqual([]);
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

  it('rolls back the seed way: no system_cron_logs, no Phase 3 notification columns, the old type check', async () => {
    t = await createTestDatabase();
    const files = await readMigrations();
    const steps = files.length - files.findIndex((m) => m.name === 'create_system_cron_logs');
    await migrateDown(t.sql, steps);
    const logs = await t.sql.query(`select to_regclass('public.system_cron_logs') as r`);
    expect(logs[0]).toEqual({ r: null });
    const columns = await t.sql.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'coach_notifications'`,
    );
    expect(columns.map((c) => c.column_name)).not.toEqual(expect.arrayContaining(['priority']));
    expect(columns.map((c) => c.column_name)).not.toContain('status');
    await t.sql.query(`insert into auth.users (id) values ('00000000-0000-4000-8000-000000000001')`);
    await expect(
      t.sql.query(
        `insert into coach_notifications (user_id, message, type) values ('00000000-0000-4000-8000-000000000001', 'x', 'ai_coach_proactive')`,
      ),
    ).rejects.toThrow(/coach_notifications_type_check/);
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
