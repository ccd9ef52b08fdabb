import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { freePort } from '../support/freePort.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cronSqlCommand } from '../../src/commands/cronSql.ts';
import { pgCronSchedule } from '../../src/cron/pgCronSql.ts';
import { JOBS } from '../../src/domain/jobs.ts';

/**
 * The printed Option A SQL against a real pg_cron: a private PostgreSQL 15 cluster with pg_cron
 * preloaded (test/support/pgcron.sh installs postgresql-15-cron when missing). pg_net and Supabase
 * Vault are not packaged for plain PostgreSQL, so small stand-ins with the same names and
 * signatures record what a scheduled command would send.
 */

const run = promisify(execFile);
const SCRIPT = path.resolve('test/support/pgcron.sh');
const FUNCTIONS_URL = 'https://abcdefgh.supabase.co/functions/v1';
const SECRET = 'test-bearer-key-of-the-functions';
/** Exit code of pgcron.sh when pg_cron is missing and cannot be installed. */
const CANNOT_INSTALL = 3;

let dir: string;
let client: pg.Client | undefined;
let started = false;
let unavailable: string | null = null;
const notices: string[] = [];

function cronSql(args: string[]): string {
  const out: string[] = [];
  cronSqlCommand({ print: (line) => out.push(line) }).parse(['--functions-url', FUNCTIONS_URL, ...args], {
    from: 'user',
  });
  return out.join('\n');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'strukt-pgcron-'));
  const port = await freePort();
  try {
    await run('bash', [SCRIPT, 'start', dir, String(port)], { timeout: 240_000 });
    started = true;
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    // Outside CI a laptop without root may not install packages; CI must always run this.
    if (e.code === CANNOT_INSTALL && process.env.CI !== 'true') {
      unavailable = e.stderr?.trim() ?? 'pg_cron unavailable';
      return;
    }
    throw new Error(`Could not start a pg_cron cluster: ${e.stderr ?? String(error)}`, { cause: error });
  }
  client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  client.on('notice', (notice) => notices.push(notice.message ?? ''));
  await client.connect();
  const hasPgNet = await client.query(`select 1 from pg_available_extensions where name = 'pg_net'`);
  if (hasPgNet.rowCount === 0) {
    await client.query(`
      create schema net;
      create table net.sent (url text, headers jsonb, body jsonb, timeout_milliseconds integer);
      create function net.http_post(url text, body jsonb default '{}', params jsonb default '{}',
                                    headers jsonb default '{}', timeout_milliseconds integer default 5000)
      returns bigint language sql as $$
        insert into net.sent values (url, headers, body, timeout_milliseconds) returning 1::bigint
      $$;`);
  }
  await client.query(`
    create schema vault;
    create table vault.secrets (name text primary key, secret text not null);
    create view vault.decrypted_secrets as select name, secret as decrypted_secret from vault.secrets;`);
}, 300_000);

afterAll(async () => {
  await client?.end().catch(() => {});
  try {
    if (started) await run('bash', [SCRIPT, 'stop', dir], { timeout: 60_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** The printed SQL, less `create extension pg_net` when only the stand-in exists. */
async function apply(sql: string): Promise<void> {
  const hasPgNet = await client!.query(`select 1 from pg_available_extensions where name = 'pg_net'`);
  await client!.query(
    hasPgNet.rowCount === 0 ? sql.replace('create extension if not exists pg_net;', '') : sql,
  );
}

async function scheduled(): Promise<Array<{ jobname: string; schedule: string; command: string }>> {
  const result = await client!.query('select jobname, schedule, command from cron.job order by jobname');
  return result.rows;
}

describe('strukt-cron cron-sql on a real pg_cron', () => {
  it('schedules one job per registry entry, with the registry schedule, and running it twice keeps three', async (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const setup = cronSql([]);
    notices.length = 0;
    await apply(setup);
    // No secret stored yet: the setup says how to store it, and schedules anyway.
    expect(notices.join('\n')).toContain('Vault secret strukt_cron_secret is missing');
    await apply(setup);
    const jobs = await scheduled();
    // pg_cron takes the day by name, as the seed writes it: 0 20 * * SUN.
    const schedule = (name: string) => pgCronSchedule(JOBS.find((j) => j.name === name)!.schedule);
    expect(jobs.map((j) => [j.jobname, j.schedule])).toEqual([
      ['check-user-status', schedule('user-status')],
      ['generate-plans', schedule('plan-refresh')],
      ['generate-weekly-digest', '0 20 * * SUN'],
    ]);
    expect(schedule('weekly-digest')).toBe('0 20 * * SUN');
    expect(jobs.map((j) => j.jobname)).toHaveLength(3);
  });

  it('stores a command that posts to the function with the key read from Vault at run time', async (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    await apply(cronSql([]));
    await client!.query(`insert into vault.secrets values ('strukt_cron_secret', $1)`, [SECRET]);
    try {
      const digest = (await scheduled()).find((j) => j.jobname === 'generate-weekly-digest')!;
      expect(digest.command).not.toContain(SECRET);
      // What pg_cron would run at the slot, run now.
      await client!.query(digest.command);
      const sent = await client!.query('select url, headers, body from net.sent order by ctid desc limit 1');
      expect(sent.rows[0]).toEqual({
        url: `${FUNCTIONS_URL}/generateWeeklyDigest`,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SECRET}` },
        body: {},
      });
    } finally {
      await client!.query(`delete from vault.secrets`);
    }
  });

  it('--unschedule removes exactly these jobs, and can run again', async (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    await apply(cronSql([]));
    await client!.query(`select cron.schedule('someone-elses-job', '0 3 * * *', 'select 1')`);
    const rollback = cronSql(['--unschedule']);
    await client!.query(rollback);
    await client!.query(rollback);
    expect((await scheduled()).map((j) => j.jobname)).toEqual(['someone-elses-job']);
    await client!.query(`select cron.unschedule('someone-elses-job')`);
  });

  it('uses another Vault secret with --secret-name', async (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    await apply(cronSql(['--secret-name', 'functions_key']));
    const jobs = await scheduled();
    expect(jobs).toHaveLength(3);
    expect(jobs.every((j) => j.command.includes(`where name = 'functions_key'`))).toBe(true);
    await client!.query(cronSql(['--unschedule']));
  });
});
