import { describe, expect, it } from 'vitest';
import { cronSqlCommand } from '../../src/commands/cronSql.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import { requestBodySchema } from '../../src/functions/contract.ts';
import {
  cronJobName,
  parseFunctionsUrl,
  pgCronSchedule,
  pgCronSetupSql,
  pgCronUnscheduleSql,
} from '../../src/cron/pgCronSql.ts';
import { JOBS } from '../../src/domain/jobs.ts';

const URL = 'https://abcdefgh.supabase.co/functions/v1';

describe('cron-sql', () => {
  it('names the jobs as the seed does, plus generate-plans', () => {
    expect(JOBS.map(cronJobName)).toEqual(['generate-weekly-digest', 'check-user-status', 'generate-plans']);
  });

  it('posts to <functions-url>/<functionName> on the registry schedule, with the key from Vault', () => {
    const sql = pgCronSetupSql({ functionsUrl: `${URL}/` });
    for (const job of JOBS) {
      expect(sql).toContain(
        `select cron.unschedule(jobid) from cron.job where jobname = '${cronJobName(job)}';`,
      );
      expect(sql).toContain(`  '${cronJobName(job)}',\n  '${pgCronSchedule(job.schedule)}',`);
      expect(sql).toContain(`url := '${URL}/${job.functionName}'`);
    }
    expect(sql).toContain(
      "(select decrypted_secret from vault.decrypted_secrets where name = 'strukt_cron_secret')",
    );
    expect(sql).toContain("--   select vault.create_secret('<key>', 'strukt_cron_secret');");
    expect(sql.startsWith('-- ')).toBe(true);
    expect(sql).toMatch(/create extension if not exists pg_cron;\ncreate extension if not exists pg_net;/);
  });

  it("writes the digest's slot as the seed does, 0 20 * * SUN, and names the days of the others", () => {
    const sql = pgCronSetupSql({ functionsUrl: URL });
    expect(sql).toContain("  'generate-weekly-digest',\n  '0 20 * * SUN',");
    expect(sql).toContain("  'check-user-status',\n  '0 8 * * *',");
    expect(sql).toContain("  'generate-plans',\n  '0 6 * * MON',");
    expect(sql).toContain('-- generateWeeklyDigest (weekly-digest): 0 20 * * SUN UTC');
    expect(sql).not.toMatch(/'\d+ \d+ \* \* \d'/);
  });

  it.each([
    ['0 20 * * 0', '0 20 * * SUN'],
    ['0 20 * * 7', '0 20 * * SUN'],
    ['0 6 * * 1,3', '0 6 * * MON,WED'],
    ['0 8 * * *', '0 8 * * *'],
    ['0 8 * * 1-5', '0 8 * * 1-5'],
    ['0 8 * * */2', '0 8 * * */2'],
    ['0 8 1 * *', '0 8 1 * *'],
  ])('writes the schedule %s for pg_cron as %s', (schedule, expected) => {
    expect(pgCronSchedule(schedule)).toBe(expected);
  });

  it('never asks for per-user detail: each schedule sends a body read as every default', () => {
    const sql = pgCronSetupSql({ functionsUrl: URL });
    const bodies = [...sql.matchAll(/body := '((?:[^']|'')*)'::jsonb/g)].map((m) =>
      m[1]!.replace(/''/g, "'"),
    );
    expect(bodies).toHaveLength(JOBS.length);
    for (const body of bodies) {
      // pg_net keeps every answer in net._http_response: these must be the answers without ids or texts.
      expect(requestBodySchema.parse(JSON.parse(body)).detail ?? false).toBe(false);
    }
    expect(sql).not.toMatch(/detail/i);
  });

  it('prints the rollback with --unschedule', () => {
    const out: string[] = [];
    cronSqlCommand({ print: (l) => out.push(l) }).parse(['--functions-url', URL, '--unschedule'], {
      from: 'user',
    });
    const sql = out.join('\n');
    expect(sql).not.toContain('cron.schedule(');
    expect(sql.match(/select cron\.unschedule\(jobid\)/g)).toHaveLength(3);
    expect(sql).toBe(pgCronUnscheduleSql().trimEnd());
  });

  it.each([
    ["https://x.supabase.co/functions/v1'); drop table system_cron_logs; --", "'"],
    ['https://x.supabase.co/functions/v1$$; select 1; $$', "'$'"],
    ['https://x.supabase.co/a"b', `'"'`],
    ['https://x.supabase.co/a\\b', "'\\'"],
    ['https://x.supabase.co/a b', 'whitespace'],
  ])('refuses %s, which could end the SQL string', (url, what) => {
    expect(() => parseFunctionsUrl(url)).toThrow(ConfigError);
    expect(() => parseFunctionsUrl(url)).toThrow(`it contains ${what}`);
  });

  it.each([
    ['ftp://x.supabase.co/functions/v1', 'scheme ftp:'],
    ['not a url', 'whitespace'],
    ['x.supabase.co/functions/v1', 'Expected an https URL'],
    ['http://x.supabase.co/functions/v1', 'http to another machine. Expected an https URL'],
    ['https://user:pass@x.supabase.co/functions/v1', 'carries credentials'],
    ['https://x.supabase.co/functions/v1?key=abc', 'query or fragment'],
  ])('refuses %s', (url, message) => {
    expect(() => parseFunctionsUrl(url)).toThrow(message);
  });

  it('refuses a secret name that is not a plain identifier', () => {
    expect(() => pgCronSetupSql({ functionsUrl: URL, secretName: "x'; drop" })).toThrow(
      "Invalid --secret-name 'x'; drop'",
    );
  });

  it('requires --functions-url', () => {
    const command = cronSqlCommand({ print: () => {} })
      .exitOverride()
      .configureOutput({ writeErr: () => {} });
    expect(() => command.parse([], { from: 'user' })).toThrow(/--functions-url/);
  });
});
