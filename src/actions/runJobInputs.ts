/**
 * The run-job action's inputs (actions/run-job/action.yml), read and validated once into one typed
 * object. Secrets are masked before anything can print them; every error names the input.
 */
import { configFromInputs, type InputSource, type InputVariables } from '../config/actionInputs.ts';
import { parseOnOff } from '../config/switches.ts';
import type { Config } from '../config/config.ts';
import { parseAiMode, parseBoolean, parseRunOptions } from '../config/runOptions.ts';
import type { AiMode } from '../config/runOptions.ts';
import { chooseTransport } from '../db/open.ts';
import { getJob, JobNameError } from '../domain/jobs.ts';
import type { JobDefinition } from '../domain/jobs.ts';
import type { RunOptions } from '../domain/runRequest.ts';
import { ConfigError } from '../lib/errors.ts';
import { expectedHttpsUrl, isSecureHttpUrl } from '../lib/loopback.ts';

export type RunJobMode = 'run' | 'invoke';
export type FailOn = 'error' | 'partial';

export interface RunJobInputs {
  job: JobDefinition;
  /** `run`: on this runner; `invoke`: the deployed edge function. @default 'run' */
  mode: RunJobMode;
  /** Writer for consenting users (mode run). @default 'openai' */
  ai: AiMode;
  /** Which status fails the step besides error. @default 'error' */
  failOn: FailOn;
  options: RunOptions;
  /** Validated credentials and GitHub context; inputs win over the runner's environment. */
  config: Config;
  /** Mode invoke only: where the edge functions live and the bearer key they accept. */
  invoke: { baseUrl: string; key: string } | null;
  /**
   * The job summary can be read by anyone: the repository is public, or its visibility is unknown
   * (input 'repository-visibility' empty). @default true
   */
  publicSummary: boolean;
}

/** Input name → the environment variable it stands for in `loadConfig`. */
const INPUT_VARIABLES: InputVariables = {
  'supabase-url': 'SUPABASE_URL',
  'supabase-service-role-key': 'SUPABASE_SERVICE_ROLE_KEY',
  'database-url': 'DATABASE_URL',
  'openai-api-key': 'OPENAI_API_KEY',
  'openai-model': 'OPENAI_MODEL',
  'batch-deadline': 'STRUKT_BATCH_DEADLINE',
};

/**
 * Reads every input once. `env` is the runner's environment (GITHUB_* context, and credentials a
 * workflow may set as env instead of inputs); a non-empty input overrides the variable.
 */
export function readRunJobInputs(
  core: InputSource,
  env: Record<string, string | undefined>,
  now?: () => Date,
): RunJobInputs {
  const input = (name: string) => core.getInput(name).trim();
  // First, so that every secret is masked before a later error or log line could show it.
  const config = configFromInputs(core, env, INPUT_VARIABLES);

  const job = readJob(input('job'));
  const mode = oneOf(input('mode') || 'run', 'mode', ['run', 'invoke'] as const);
  const failOn = oneOf(input('fail-on') || 'error', 'fail-on', ['error', 'partial'] as const);
  const visibility = input('repository-visibility') || 'public';
  const publicSummary =
    oneOf(visibility, 'repository-visibility', ['public', 'private', 'internal'] as const) === 'public';
  const ai = parseAiMode(input('ai'), "input 'ai'") ?? 'openai';

  const options = parseRunOptions(
    {
      dryRun: parseBoolean(input('dry-run'), "input 'dry-run'"),
      asOf: input('as-of'),
      users: input('users'),
      shard: input('shard'),
      concurrency: input('concurrency'),
      timeBudget: input('time-budget'),
    },
    {
      trigger: config.github.eventName === 'schedule' ? 'schedule' : 'dispatch',
      source: 'github',
      runUrl: config.github.runUrl,
      ...(now ? { now } : {}),
    },
    {
      asOf: "input 'as-of'",
      users: "input 'users'",
      shard: "input 'shard'",
      concurrency: "input 'concurrency'",
      timeBudget: "input 'time-budget'",
    },
  );

  // Empty: the runner's STRUKT_NUDGES here; for invoke, the function's own setting (nothing sent).
  const nudges = parseOnOff(input('nudges'), "input 'nudges'");
  if (mode === 'run') {
    options.nudges = nudges ?? config.nudges;
    if (chooseTransport(config) === 'embedded') {
      throw new ConfigError(
        "No database given. Expected inputs 'supabase-url' and 'supabase-service-role-key', or 'database-url'.",
      );
    }
    return { job, mode, ai, failOn, options, config, invoke: null, publicSummary };
  }
  if (options.shard) {
    throw new ConfigError(
      `Invalid input 'shard' '${input('shard')}' with mode invoke. Expected it empty: ` +
        'the edge function runs every user in one call.',
    );
  }
  if (nudges !== null) options.nudges = nudges;
  const invoke = readInvokeTarget(input('functions-url'), config);
  return { job, mode, ai, failOn, options, config, invoke, publicSummary };
}

function readJob(value: string): JobDefinition {
  if (!value) {
    throw new ConfigError("Input 'job' is empty. Expected weekly-digest, user-status or plan-refresh.");
  }
  try {
    return getJob(value);
  } catch (error) {
    if (error instanceof JobNameError) {
      throw new ConfigError(`Invalid input 'job': ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function readInvokeTarget(functionsUrl: string, config: Config): { baseUrl: string; key: string } {
  const baseUrl = functionsUrl || (config.supabaseUrl ? `${config.supabaseUrl}/functions/v1` : '');
  if (!baseUrl) {
    throw new ConfigError(
      "Mode invoke needs the edge functions' address. Expected input 'functions-url' or 'supabase-url'.",
    );
  }
  // The bearer key goes to this address: never in clear to another machine.
  if (!URL.canParse(baseUrl) || !isSecureHttpUrl(new URL(baseUrl))) {
    throw new ConfigError(
      `Invalid input 'functions-url' '${baseUrl}'. Expected ${expectedHttpsUrl('https://abcd.supabase.co/functions/v1')}.`,
    );
  }
  const key = config.supabaseServiceRoleKey ?? config.cronSecret;
  if (!key) {
    throw new ConfigError(
      "Mode invoke needs a bearer key. Expected input 'supabase-service-role-key' (or STRUKT_CRON_SECRET in env).",
    );
  }
  return { baseUrl: baseUrl.replace(/\/+$/, ''), key };
}

function oneOf<T extends string>(value: string, name: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`Invalid input '${name}' '${value}'. Expected ${allowed.join(' or ')}.`);
}
