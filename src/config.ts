import { z } from 'zod';

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
  /** Direct PostgreSQL connection string; selects the `postgres` transport when Supabase is not set. */
  databaseUrl: string | null;
  /** OpenAI key; without it only the offline writer can run. */
  openaiApiKey: string | null;
  /** OpenAI-compatible base URL (proxies, the fake server in tests). @default the SDK's own */
  openaiBaseUrl: string | null;
  /** @default 'gpt-4o-mini' */
  openaiModel: string;
  /** A second bearer token the edge functions accept, so callers need not hold the service-role key. */
  cronSecret: string | null;
  /** Where the embedded database keeps its files. @default '.strukt/data' */
  dataDir: string;
  /** GitHub run context, when running inside Actions (for links in run records). */
  github: { runUrl: string | null; eventName: string | null };
}

const SECRET_NAMES = new Set([
  'SUPABASE_SERVICE_ROLE_KEY',
  'OPENAI_API_KEY',
  'STRUKT_CRON_SECRET',
  'DATABASE_URL',
]);

const optional = z
  .string()
  .transform((v) => v.trim())
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional()
  .transform((v) => v ?? null);

const httpUrl = optional.refine((v) => v === null || /^https?:\/\/[^\s/]+/.test(v), {
  message: 'Expected an http(s) URL like https://abcd.supabase.co',
});

const postgresUrl = optional.refine((v) => v === null || /^postgres(ql)?:\/\//.test(v), {
  message: 'Expected a connection string starting postgres:// or postgresql://',
});

const envSchema = z.object({
  SUPABASE_URL: httpUrl,
  SUPABASE_SERVICE_ROLE_KEY: optional,
  DATABASE_URL: postgresUrl,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: httpUrl,
  OPENAI_MODEL: optional.refine((v) => v === null || /^[\w.:-]+$/.test(v), {
    message: 'Expected a model name like gpt-4o-mini',
  }),
  STRUKT_CRON_SECRET: optional.refine((v) => v === null || v.length >= 16, {
    message: 'Expected at least 16 characters',
  }),
  STRUKT_DATA_DIR: optional,
  GITHUB_SERVER_URL: optional,
  GITHUB_REPOSITORY: optional,
  GITHUB_RUN_ID: optional,
  GITHUB_EVENT_NAME: optional,
});

/** A configuration or usage problem: the CLI exits 2 on it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadConfigOptions {
  /**
   * How to name a variable in errors when its value came from elsewhere, e.g.
   * `{ SUPABASE_URL: "input 'supabase-url'" }` in an action, so the user fixes the right thing.
   */
  labels?: Partial<Record<string, string>>;
}

/** Reads and validates the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  options: LoadConfigOptions = {},
): Config {
  const label = (name: string) => options.labels?.[name] ?? name;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const came = SECRET_NAMES.has(name) ? '(value hidden)' : JSON.stringify(env[name]);
      return `${label(name)}: ${issue.message}; got ${came}`;
    });
    const what = problems.length === 1 ? 'setting' : 'settings';
    throw new ConfigError(`Invalid ${what}:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if ((e.SUPABASE_URL === null) !== (e.SUPABASE_SERVICE_ROLE_KEY === null)) {
    const missing = e.SUPABASE_URL === null ? 'SUPABASE_URL' : 'SUPABASE_SERVICE_ROLE_KEY';
    throw new ConfigError(
      `${label(missing)} is not set. ${label('SUPABASE_URL')} and ${label('SUPABASE_SERVICE_ROLE_KEY')} go together (the supabase transport needs both).`,
    );
  }
  const runUrl =
    e.GITHUB_SERVER_URL && e.GITHUB_REPOSITORY && e.GITHUB_RUN_ID
      ? `${e.GITHUB_SERVER_URL}/${e.GITHUB_REPOSITORY}/actions/runs/${e.GITHUB_RUN_ID}`
      : null;
  return {
    supabaseUrl: e.SUPABASE_URL?.replace(/\/+$/, '') ?? null,
    supabaseServiceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY,
    databaseUrl: e.DATABASE_URL,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    openaiModel: e.OPENAI_MODEL ?? 'gpt-4o-mini',
    cronSecret: e.STRUKT_CRON_SECRET,
    dataDir: e.STRUKT_DATA_DIR ?? '.strukt/data',
    github: { runUrl, eventName: e.GITHUB_EVENT_NAME },
  };
}
