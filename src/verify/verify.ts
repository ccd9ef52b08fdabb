import type { Config } from '../config/config.ts';
import { buildChecks } from './checks.ts';
import { createVerifySession } from './context.ts';
import { runChecks } from './run.ts';
import type { CheckResult, VerifyOptions, VerifyResult } from './types.ts';

export interface VerifyInput {
  /** null when loading the configuration failed; `configError` then says why. */
  config: Config | null;
  configError: string | null;
  options: VerifyOptions;
  /** Called as each check finishes, for live output. */
  onResult?: (result: CheckResult) => void;
  now?: () => Date;
}

/**
 * Runs every check that applies and closes what it opened. A failure to close comes back as a
 * warning: the verdicts stand.
 */
export async function verifyDeployment(
  input: VerifyInput,
): Promise<{ result: VerifyResult; warning: string | null }> {
  const session = createVerifySession(input);
  try {
    const result = await runChecks(buildChecks(session), session, input.onResult);
    return { result, warning: await session.close() };
  } catch (error) {
    await session.close();
    throw error;
  }
}
