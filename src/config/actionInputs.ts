/**
 * The one place action inputs become configuration, for both actions (run-job and cron-health).
 * An input stands for an environment variable of `loadConfig` and wins over it when non-empty;
 * secrets are masked in the runner's log before anything can print them, and every error names
 * the input the user would fix.
 */
import { passwordsOf, registerSecrets } from '../lib/sanitize.ts';
import { loadConfig, type Config } from './config.ts';

/** The part of `@actions/core` that reads inputs and masks secrets. */
export interface InputSource {
  getInput(name: string): string;
  setSecret(secret: string): void;
}

/** Input name → the environment variable it stands for. */
export type InputVariables = Readonly<Record<string, string>>;

/** Variables whose values are secrets, wherever they come from. */
const SECRET_VARIABLES = new Set([
  'SUPABASE_SERVICE_ROLE_KEY',
  'DATABASE_URL',
  'OPENAI_API_KEY',
  'STRUKT_CRON_SECRET',
  'STRUKT_LOG_REF_KEY',
  'GITHUB_TOKEN',
]);

/**
 * Reads `inputs` over the runner's environment `env` (GITHUB_* context, STRUKT_THRESHOLD_*, and
 * credentials a workflow may set as env instead of inputs) into one validated Config.
 */
export function configFromInputs(
  core: InputSource,
  env: Record<string, string | undefined>,
  inputs: InputVariables,
): Config {
  const masked = new Set<string>();
  const mask = (value: string | null | undefined) => {
    for (const secret of [value, ...passwordsOf(value)]) {
      if (!secret || masked.has(secret)) continue;
      masked.add(secret);
      core.setSecret(secret);
    }
  };
  const fromInputs: Record<string, string> = {};
  const labels: Record<string, string> = {};
  for (const [name, variable] of Object.entries(inputs)) {
    const value = core.getInput(name).trim();
    // Masked first, so no later error or log line can show them.
    if (SECRET_VARIABLES.has(variable)) mask(value);
    if (value) fromInputs[variable] = value;
    // Errors name what the user set, and a missing value by the input that would supply it.
    if (value || !env[variable]?.trim()) labels[variable] = `input '${name}'`;
  }
  // Secrets the environment supplied instead of inputs are masked as well.
  for (const variable of SECRET_VARIABLES) mask(env[variable]?.trim());
  // And kept out of the error texts this step builds, wherever they end up (src/lib/sanitize.ts).
  registerSecrets(masked);
  return loadConfig({ ...env, ...fromInputs }, { labels });
}
