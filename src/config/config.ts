import { z } from 'zod';
import { parseSwitch, REPOSITORY } from './switches.ts';
import { planTls } from '../db/tls.ts';
import {
  JOBS,
  THRESHOLD_ENV_SUFFIX,
  thresholdVariable,
  type JobName,
  type JobThresholds,
} from '../domain/jobs.ts';
import { durationMs } from '../lib/duration.ts';
import { ConfigError } from '../lib/errors.ts';
import { expectedHttpsUrl, isSecureHttpUrl } from '../lib/loopback.ts';
import { passwordsOf, registerSecrets } from '../lib/sanitize.ts';

/**
 * Everything the process reads from its environment, validated once (DESIGN §2: nothing else
 * reads process.env). Errors name the variable, what was expected and what came — except for
 * secrets, whose values are never echoed.
 */
export interface Config {
  /** Supabase project URL; with `supabaseServiceRoleKey` selects the `supabase` transport. */
  supabaseUrl: string | null;
  /** Service-role key: bypasses RLS. Also accepted as the edge functions' bearer token. */
  supabaseServiceRoleKey: string | null;
  /**
   * Direct PostgreSQL connection string; selects the `postgres` transport when Supabase is not set.
   * Encrypted to any host but this machine; `sslmode` as libpq reads it (src/db/tls.ts).
   */
  databaseUrl: string | null;
  /**
   * STRUKT_ALLOW_INSECURE_DB=1: lets `sslmode=disable` send credentials and data to another
   * machine in clear. @default false
   */
  allowInsecureDatabase: boolean;
  /** OpenAI key; without it only the offline writer can run. */
  openaiApiKey: string | null;
  /** OpenAI-compatible base URL (proxies, the fake server in tests). @default the SDK's own */
  openaiBaseUrl: string | null;
  /** @default 'gpt-4o-mini' */
  openaiModel: string;
  /** A second bearer token the edge functions accept, so callers need not hold the service-role key. */
  cronSecret: string | null;
  /**
   * STRUKT_LOG_REF_KEY: the HMAC key of the user references in logs (`u_…`). Without it the key is
   * derived from the service-role key or the database password, else random per run
   * (src/lib/userRef.ts). @default null
   */
  logRefKey: string | null;
  /** Where the embedded database keeps its files. @default '.strukt/data' */
  dataDir: string;
  /**
   * STRUKT_NUDGES=on: the status check also queues one inactivity `nudge` per lapse (a user quiet
   * for 7 days after being active). Opt-in: the seed lists smart nudging under Phase 4. @default false
   */
  nudges: boolean;
  /**
   * STRUKT_BATCH_DEADLINE: how long a batch (`--ai batch`) may take before it is cancelled and its
   * users are served by the direct writer. Under OpenAI's 24 h window, so the week is never lost.
   * @default 20 h
   */
  batchDeadlineMs: number;
  /**
   * GitHub context, read here once like everything else: the run context inside Actions (links
   * in run records) and what the health check needs to reach the alert issues.
   */
  github: {
    /** Link to this Actions run (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID). */
    runUrl: string | null;
    eventName: string | null;
    /** GITHUB_TOKEN: issues: write for the alert issues (actions: write for catch-ups). */
    token: string | null;
    /** GITHUB_REPOSITORY, `owner/name`. */
    repository: string | null;
    /** GITHUB_API_URL; null: https://api.github.com. */
    apiUrl: string | null;
    /** GITHUB_REF_NAME: the branch this workflow runs on. */
    refName: string | null;
    /** GITHUB_WORKFLOW_REF: `owner/repo/.github/workflows/<file>@<ref>`. */
    workflowRef: string | null;
  };
  /**
   * Health-check thresholds changed per job by `STRUKT_THRESHOLD_<JOB>_<NAME>` variables, e.g.
   * `STRUKT_THRESHOLD_WEEKLY_DIGEST_SLOW_RUN_PER_USER=1500ms` (see THRESHOLD_ENV_SUFFIX in the
   * registry and docs/operations.md). Over the registry's values; a health-check flag or action
   * input for every job wins over both. @default {} (the registry's values)
   */
  thresholds: Partial<Record<JobName, Partial<JobThresholds>>>;
}

type ThresholdKey = keyof typeof THRESHOLD_ENV_SUFFIX;

/** How each threshold is written in its variable. */
const THRESHOLD_FORMAT: Record<ThresholdKey, 'share' | 'duration' | 'factor' | 'count'> = {
  minSuccessRate: 'share',
  maxRetryRate: 'share',
  maxCallRetryRate: 'share',
  minCalls: 'count',
  maxBatchFailedShare: 'share',
  slowRunBaseMs: 'duration',
  slowRunMsPerUser: 'duration',
  slowRunMedianFactor: 'factor',
  minRuns: 'count',
  maxConsecutiveErrors: 'count',
};

/** A threshold's value from its text, or null when the text is not one. */
function parseThreshold(format: (typeof THRESHOLD_FORMAT)[ThresholdKey], text: string): number | null {
  if (format === 'share') {
    const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
    const n = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
    return n >= 0 && n <= 1 ? n : null;
  }
  if (format === 'duration') {
    // A unit is required: a bare number could be milliseconds or seconds.
    const n = durationMs(text);
    return n !== null && n <= 24 * 3_600_000 ? n : null;
  }
  if (format === 'factor') {
    const n = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : NaN;
    return Number.isFinite(n) ? n : null;
  }
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  return n >= 1 && n <= 1_000_000 ? n : null;
}

const THRESHOLD_EXPECTED: Record<(typeof THRESHOLD_FORMAT)[ThresholdKey], string> = {
  share: 'a share from 0 to 1 like 0.2, or a percentage like 20%',
  duration: 'a duration with a unit, like 1500ms, 30s or 2m',
  factor: 'a number from 0 up like 3 (0 turns the check off)',
  count: 'a whole number from 1 up',
};

/** Every threshold variable, by name, with the job and threshold it sets. */
const THRESHOLD_VARIABLES = JOBS.flatMap((job) =>
  (Object.keys(THRESHOLD_ENV_SUFFIX) as ThresholdKey[]).map((key) => ({
    name: thresholdVariable(job.name, key),
    job: job.name,
    key,
  })),
);

const SECRET_NAMES = new Set([
  'SUPABASE_SERVICE_ROLE_KEY',
  'OPENAI_API_KEY',
  'STRUKT_CRON_SECRET',
  'STRUKT_LOG_REF_KEY',
  'DATABASE_URL',
  'GITHUB_TOKEN',
]);

const optional = z
  .string()
  .transform((v) => v.trim())
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional()
  .transform((v) => v ?? null);

/** A URL secrets are sent to: https, or http to this machine (src/lib/loopback.ts). */
const secureUrl = (example: string) =>
  optional.refine((v) => v === null || (URL.canParse(v) && isSecureHttpUrl(new URL(v))), {
    message: `Expected ${expectedHttpsUrl(example)}`,
  });

const postgresUrl = optional.refine((v) => v === null || /^postgres(ql)?:\/\//.test(v), {
  message: 'Expected a connection string starting postgres:// or postgresql://',
});

const thresholdSchema = (format: (typeof THRESHOLD_FORMAT)[ThresholdKey]) =>
  optional
    .refine((v) => v === null || parseThreshold(format, v) !== null, {
      message: `Expected ${THRESHOLD_EXPECTED[format]}`,
    })
    .transform((v) => (v === null ? null : parseThreshold(format, v)));

/** The STRUKT_THRESHOLD_* variables, in their own schema: their names are generated from the registry. */
const thresholdEnvSchema = z.object(
  Object.fromEntries(THRESHOLD_VARIABLES.map((v) => [v.name, thresholdSchema(THRESHOLD_FORMAT[v.key])])),
);

const envSchema = z.object({
  SUPABASE_URL: secureUrl('https://abcd.supabase.co'),
  SUPABASE_SERVICE_ROLE_KEY: optional,
  DATABASE_URL: postgresUrl,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: secureUrl('https://api.openai.com/v1'),
  OPENAI_MODEL: optional.refine((v) => v === null || /^[\w.:-]+$/.test(v), {
    message: 'Expected a model name like gpt-4o-mini',
  }),
  STRUKT_CRON_SECRET: optional.refine((v) => v === null || v.length >= 16, {
    message: 'Expected at least 16 characters',
  }),
  STRUKT_LOG_REF_KEY: optional.refine((v) => v === null || v.length >= 16, {
    message: 'Expected at least 16 characters',
  }),
  STRUKT_DATA_DIR: optional,
  STRUKT_ALLOW_INSECURE_DB: optional.refine((v) => v === null || parseAllow(v) !== null, {
    message: 'Expected 1 or 0',
  }),
  STRUKT_NUDGES: optional.refine((v) => v === null || parseSwitch(v) !== null, {
    message: 'Expected on or off',
  }),
  STRUKT_BATCH_DEADLINE: optional.refine((v) => v === null || parseBatchDeadline(v) !== null, {
    message: 'Expected a duration from 1h to 23h with its unit, like 20h or 90m',
  }),
  GITHUB_SERVER_URL: optional,
  GITHUB_REPOSITORY: optional.refine((v) => v === null || REPOSITORY.test(v), {
    message: 'Expected owner/name, like strukt/strukt-cron',
  }),
  GITHUB_RUN_ID: optional,
  GITHUB_EVENT_NAME: optional,
  GITHUB_TOKEN: optional,
  GITHUB_API_URL: optional.refine((v) => v === null || /^https?:\/\/[^\s/]+/.test(v), {
    message: 'Expected an http(s) URL',
  }),
  GITHUB_REF_NAME: optional,
  GITHUB_WORKFLOW_REF: optional,
});

export interface LoadConfigOptions {
  /**
   * How to name a variable in errors when its value came from elsewhere, e.g.
   * `{ SUPABASE_URL: "input 'supabase-url'" }` in an action, so the user fixes the right thing.
   */
  labels?: Partial<Record<string, string>>;
}

/**
 * Reads and validates the environment. Throws ConfigError naming every bad variable. Registers
 * the secret values with the error scrubber (src/lib/sanitize.ts) first, valid or not, so no
 * error text from here on — this one's included — can quote them.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  options: LoadConfigOptions = {},
): Config {
  const secretValues = [...SECRET_NAMES].map((name) => env[name]?.trim());
  registerSecrets([...secretValues, ...passwordsOf(env.DATABASE_URL?.trim())]);
  const label = (name: string) => options.labels?.[name] ?? name;
  const parsed = envSchema.safeParse(env);
  const parsedThresholds = thresholdEnvSchema.safeParse(env);
  if (!parsed.success || !parsedThresholds.success) {
    const issues = [
      ...(parsed.success ? [] : parsed.error.issues),
      ...(parsedThresholds.success ? [] : parsedThresholds.error.issues),
    ];
    const problems = issues.map((issue) => {
      const name = String(issue.path[0]);
      const came = SECRET_NAMES.has(name) ? '(value hidden)' : JSON.stringify(env[name]);
      return `${label(name)}: ${issue.message}; got ${came}`;
    });
    const what = problems.length === 1 ? 'setting' : 'settings';
    throw new ConfigError(`Invalid ${what}:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  // The key alone is valid: serve and invoke --url take it as their bearer key. Where a database is
  // opened, the key without the URL is refused there (db/open.ts), not here.
  if (e.SUPABASE_URL !== null && e.SUPABASE_SERVICE_ROLE_KEY === null) {
    throw new ConfigError(
      `${label('SUPABASE_SERVICE_ROLE_KEY')} is not set. ${label('SUPABASE_URL')} and ${label('SUPABASE_SERVICE_ROLE_KEY')} go together (the supabase transport needs both).`,
    );
  }
  const allowInsecureDatabase =
    e.STRUKT_ALLOW_INSECURE_DB !== null && parseAllow(e.STRUKT_ALLOW_INSECURE_DB) === true;
  if (e.DATABASE_URL !== null) {
    // Checked here so a URL that would go out in clear fails before any work, naming its source.
    const tls = planTls(e.DATABASE_URL, { allowInsecure: allowInsecureDatabase });
    if ('error' in tls) throw new ConfigError(`Invalid ${label('DATABASE_URL')}: ${tls.error}.`);
  }
  const runUrl =
    e.GITHUB_SERVER_URL && e.GITHUB_REPOSITORY && e.GITHUB_RUN_ID
      ? `${e.GITHUB_SERVER_URL}/${e.GITHUB_REPOSITORY}/actions/runs/${e.GITHUB_RUN_ID}`
      : null;
  const thresholds: Config['thresholds'] = {};
  const values: Record<string, unknown> = parsedThresholds.data;
  for (const v of THRESHOLD_VARIABLES) {
    const value = values[v.name];
    if (typeof value === 'number') thresholds[v.job] = { ...thresholds[v.job], [v.key]: value };
  }
  return {
    supabaseUrl: e.SUPABASE_URL?.replace(/\/+$/, '') ?? null,
    supabaseServiceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY,
    databaseUrl: e.DATABASE_URL,
    allowInsecureDatabase,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    openaiModel: e.OPENAI_MODEL ?? 'gpt-4o-mini',
    cronSecret: e.STRUKT_CRON_SECRET,
    logRefKey: e.STRUKT_LOG_REF_KEY,
    dataDir: e.STRUKT_DATA_DIR ?? '.strukt/data',
    nudges: (e.STRUKT_NUDGES === null ? null : parseSwitch(e.STRUKT_NUDGES)) ?? false,
    batchDeadlineMs:
      (e.STRUKT_BATCH_DEADLINE === null ? null : parseBatchDeadline(e.STRUKT_BATCH_DEADLINE)) ??
      DEFAULT_BATCH_DEADLINE_MS,
    github: {
      runUrl,
      eventName: e.GITHUB_EVENT_NAME,
      token: e.GITHUB_TOKEN,
      repository: e.GITHUB_REPOSITORY,
      apiUrl: e.GITHUB_API_URL,
      refName: e.GITHUB_REF_NAME,
      workflowRef: e.GITHUB_WORKFLOW_REF,
    },
    thresholds,
  };
}

const HOUR_MS = 3_600_000;
export const DEFAULT_BATCH_DEADLINE_MS = 20 * HOUR_MS;

/** A batch deadline: 1 h to 23 h (OpenAI closes a batch at 24 h), with its unit; null otherwise. */
function parseBatchDeadline(text: string): number | null {
  const ms = durationMs(text);
  return ms !== null && ms >= HOUR_MS && ms <= 23 * HOUR_MS ? ms : null;
}

/** STRUKT_ALLOW_INSECURE_DB: `1`/`0` or on/off; null for anything else. */
function parseAllow(value: string): boolean | null {
  return value === '1' ? true : value === '0' ? false : parseSwitch(value);
}
