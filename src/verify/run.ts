import { describeError } from '../lib/sanitize.ts';
import {
  isSkipped,
  isWarned,
  type Check,
  type CheckOutcome,
  type CheckResult,
  type VerifyContext,
  type VerifyResult,
} from './types.ts';

const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * Runs the checks one after another (they share one database session, and role-switching
 * transactions must not interleave with the dry runs). A check that throws or times out fails
 * with the error as its reason; it never stops the others.
 */
export async function runChecks(
  checks: readonly Check[],
  ctx: VerifyContext,
  onResult: (result: CheckResult) => void = () => {},
  now: () => number = Date.now,
): Promise<VerifyResult> {
  const started = now();
  const results: CheckResult[] = [];
  for (const check of checks) {
    const begun = now();
    const outcome = await settle(check, ctx);
    const result = toResult(check, outcome, Math.max(0, Math.round(now() - begun)));
    results.push(result);
    onResult(result);
  }
  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  const failed = count('fail');
  return {
    ok: failed === 0,
    transport: ctx.transport,
    passed: count('pass'),
    failed,
    skipped: count('skip'),
    warned: count('warn'),
    durationMs: Math.max(0, Math.round(now() - started)),
    checks: results,
  };
}

async function settle(check: Check, ctx: VerifyContext): Promise<CheckOutcome> {
  const timeoutMs = check.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          reason: `no answer within ${Math.round(timeoutMs / 1000)} s`,
          fix: 'Check that the database / service this check talks to is reachable from here, then run verify again.',
        }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([check.run(ctx), timeout]);
  } catch (error) {
    return {
      ok: false,
      reason: `the check itself failed: ${describeError(error)}`,
      fix: 'Read the error above; if it names the database, check the connection settings and run verify again.',
    };
  } finally {
    clearTimeout(timer);
  }
}

function toResult(check: Check, outcome: CheckOutcome, durationMs: number): CheckResult {
  const base = { group: check.group, name: check.name, durationMs };
  if (isSkipped(outcome)) return { ...base, status: 'skip', reason: outcome.reason };
  if (isWarned(outcome)) return { ...base, status: 'warn', reason: outcome.reason, fix: outcome.fix };
  if (outcome.ok) return { ...base, status: 'pass', reason: outcome.reason };
  return {
    ...base,
    status: 'fail',
    reason: outcome.reason,
    fix: outcome.fix ?? 'See docs/troubleshooting.md.',
  };
}
