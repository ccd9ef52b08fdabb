/**
 * The seed's "Option A": pg_cron inside the database calls the edge functions through pg_net.
 * Unlike the seed's version, the key is never pasted into the SQL: each run reads it from
 * Supabase Vault, where it is stored once. The setup is idempotent (each job is unscheduled
 * if present, then scheduled), and a matching rollback unschedules exactly these jobs.
 */
import { JOBS, type JobDefinition } from '../domain/jobs.ts';
import type { RequestBody } from '../functions/contract.ts';
import { ConfigError } from '../lib/errors.ts';
import { expectedHttpsUrl, isLoopbackHost } from '../lib/loopback.ts';

/** The Vault secret the schedules read their bearer key from. @default 'strukt_cron_secret' */
export const DEFAULT_SECRET_NAME = 'strukt_cron_secret';

/**
 * How long pg_net waits for a function's answer: a run may take up to Supabase's 150 s wall
 * clock, and an answer that arrives is kept in net._http_response for troubleshooting.
 */
export const HTTP_TIMEOUT_MS = 150_000;

/**
 * What every scheduled call sends: every default, and never `detail`. pg_net stores each answer
 * in net._http_response, which recent pg_net versions let PUBLIC read, so these answers must be
 * the ones without user ids or texts.
 */
export const SCHEDULED_BODY: RequestBody = {};

export interface PgCronSqlOptions {
  /** The functions' base URL, e.g. `https://<ref>.supabase.co/functions/v1`. */
  functionsUrl: string;
  /** @default DEFAULT_SECRET_NAME */
  secretName?: string;
  /** @default every job in the registry */
  jobs?: readonly JobDefinition[];
}

/**
 * The pg_cron job name: the seed's `generate-weekly-digest` and `check-user-status`, and
 * `generate-plans` — the edge function's name in kebab case.
 */
export function cronJobName(job: Pick<JobDefinition, 'functionName'>): string {
  return job.functionName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * The base URL, validated for being pasted into SQL: http(s), no credentials, and none of the
 * characters that could end a string literal or a dollar-quoted body (`'`, `"`, `$`, `\`) or
 * split a statement. Trailing slashes are dropped.
 */
export function parseFunctionsUrl(value: string): string {
  const expected = `Expected ${expectedHttpsUrl('https://<ref>.supabase.co/functions/v1')}`;
  const text = value.trim();
  const bad = /['"$\\`;\s]/.exec(text);
  const control = [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (bad || control) {
    const what = control ? 'a control character' : /\s/.test(bad![0]) ? 'whitespace' : `'${bad![0]}'`;
    throw new ConfigError(`Invalid --functions-url: it contains ${what}. ${expected}, without quotes.`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`Invalid --functions-url '${clip(text)}'. ${expected}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`Invalid --functions-url '${clip(text)}': scheme ${url.protocol}. ${expected}.`);
  }
  // Each run sends the Vault key to this address: never in clear to another machine.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(`Invalid --functions-url '${clip(text)}': http to another machine. ${expected}.`);
  }
  if (url.username || url.password) {
    throw new ConfigError(
      'Invalid --functions-url: it carries credentials. Expected none: the key is read from Vault at run time.',
    );
  }
  if (url.search || url.hash) {
    throw new ConfigError(
      `Invalid --functions-url '${clip(text)}': it has a query or fragment. ${expected}.`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/** A Vault secret name: plain characters only, since it is put in a string literal. */
export function parseSecretName(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/.test(value)) {
    throw new ConfigError(
      `Invalid --secret-name '${clip(value)}'. Expected letters, digits, '_', '.' or '-' (at most 63), like ${DEFAULT_SECRET_NAME}.`,
    );
  }
  return value;
}

/** The setup: extensions, a Vault reminder, then unschedule-if-present and schedule for each job. */
export function pgCronSetupSql(options: PgCronSqlOptions): string {
  const base = parseFunctionsUrl(options.functionsUrl);
  const secret = parseSecretName(options.secretName ?? DEFAULT_SECRET_NAME);
  const jobs = options.jobs ?? JOBS;
  const lines = [
    '-- strukt-cron: pg_cron schedules that call the edge functions (Option A of the deployment guide).',
    '-- Safe to run again: each job is unscheduled if present, then scheduled from src/domain/jobs.ts.',
    '--',
    '-- Store the key the functions accept ONCE (SUPABASE_SERVICE_ROLE_KEY or, better, STRUKT_CRON_SECRET);',
    '-- each run reads it from Supabase Vault, so it never appears in cron.job:',
    `--   select vault.create_secret('<key>', ${literal(secret)});`,
    '',
    'create extension if not exists pg_cron;',
    'create extension if not exists pg_net;',
    '',
    // Warn (not fail): the schedules are still worth creating, and the secret may be stored after.
    'do $check$',
    'begin',
    "  if to_regclass('vault.decrypted_secrets') is null then",
    "    raise warning 'Supabase Vault (vault.decrypted_secrets) is missing: the schedules read their key from it.';",
    `  elsif not exists (select 1 from vault.decrypted_secrets where name = ${literal(secret)}) then`,
    `    raise warning 'Vault secret % is missing: store it with select vault.create_secret(''<key>'', ''%'');', ${literal(secret)}, ${literal(secret)};`,
    '  end if;',
    'end',
    '$check$;',
  ];
  for (const job of jobs) {
    const name = cronJobName(job);
    lines.push(
      '',
      `-- ${job.functionName} (${job.name}): ${pgCronSchedule(job.schedule)} UTC`,
      `select cron.unschedule(jobid) from cron.job where jobname = ${literal(name)};`,
      `select cron.schedule(`,
      `  ${literal(name)},`,
      `  ${literal(pgCronSchedule(job.schedule))},`,
      '  $$',
      '  select net.http_post(',
      `    url := ${literal(`${base}/${job.functionName}`)},`,
      '    headers := jsonb_build_object(',
      `      'Content-Type', 'application/json',`,
      `      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = ${literal(secret)})`,
      '    ),',
      `    body := ${literal(JSON.stringify(SCHEDULED_BODY))}::jsonb,`,
      `    timeout_milliseconds := ${HTTP_TIMEOUT_MS}`,
      '  ) as request_id;',
      '  $$',
      ');',
    );
  }
  return lines.join('\n') + '\n';
}

/** The rollback: unschedules exactly these jobs (if present); extensions and the secret stay. */
export function pgCronUnscheduleSql(options: Pick<PgCronSqlOptions, 'jobs' | 'secretName'> = {}): string {
  const secret = parseSecretName(options.secretName ?? DEFAULT_SECRET_NAME);
  const jobs = options.jobs ?? JOBS;
  const lines = [
    '-- strukt-cron: remove the pg_cron schedules of the edge functions (rollback of `strukt-cron cron-sql`).',
    '-- Safe to run again. pg_cron, pg_net and the Vault secret stay; to delete the secret too:',
    `--   delete from vault.secrets where name = ${literal(secret)};`,
    '',
  ];
  for (const job of jobs) {
    lines.push(`select cron.unschedule(jobid) from cron.job where jobname = ${literal(cronJobName(job))};`);
  }
  return lines.join('\n') + '\n';
}

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/**
 * A schedule as the deployment guide writes it for pg_cron: the day of the week by name
 * (`0 20 * * SUN` for the registry's `0 20 * * 0`), which reads at a glance in cron.job. Only a
 * day or a list of days is named: a range through Sunday (`5-7`) would turn backwards as `FRI-SUN`,
 * so ranges, steps and `*` stay as they are.
 */
export function pgCronSchedule(schedule: string): string {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5 || !/^[0-7](?:,[0-7])*$/.test(fields[4]!)) return schedule;
  fields[4] = fields[4]!.replace(/[0-7]/g, (day) => DAY_NAMES[Number(day) % 7]!);
  return fields.join(' ');
}

/** A SQL string literal. Inputs are validated first; doubling quotes is the second line of defence. */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
