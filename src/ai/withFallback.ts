import { DeadlineExceededError, attemptsOf } from '../lib/retry.ts';
import { classifyAiError } from './failures.ts';
import { createOfflineWriter } from './offlineWriter.ts';
import { QuotaExceededError, type AiWriter, type CallContext, type Written } from './types.ts';

/**
 * A writer that never fails a user for an AI problem: when `primary` throws, the result comes
 * from `fallback`, recorded as method 'fallback' with a short reason code and the tries the
 * failed call used. Two errors pass through:
 * - QuotaExceededError stops the run: every later user would fail the same way, and the
 *   operator must act.
 * - DeadlineExceededError means the call never started (the time budget was spent): nothing
 *   failed, so nothing is written in its place and the job leaves that user to the next run.
 *   A call that was tried and then ran out of time does fall back.
 */
export function withFallback(
  primary: AiWriter,
  fallback: AiWriter = createOfflineWriter('fallback'),
): AiWriter {
  async function guarded<T>(
    run: () => Promise<Written<T>>,
    rescue: () => Promise<Written<T>>,
  ): Promise<Written<T>> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof QuotaExceededError || error instanceof DeadlineExceededError) throw error;
      const written = await rescue();
      return {
        ...written,
        method: 'fallback',
        // An error that did not come through withRetry was a single try.
        attempts: attemptsOf(error) ?? 1,
        fallbackReason: classifyAiError(error).reason,
      };
    }
  }

  return {
    kind: primary.kind,
    model: primary.model,
    writeDigest: (facts, ctx?: CallContext) =>
      guarded(
        () => primary.writeDigest(facts, ctx),
        () => fallback.writeDigest(facts, ctx),
      ),
    writePlan: (input, ctx?: CallContext) =>
      guarded(
        () => primary.writePlan(input, ctx),
        () => fallback.writePlan(input, ctx),
      ),
    usage: () => primary.usage(),
    ...(primary.capacity ? { capacity: () => primary.capacity!() } : {}),
  };
}
