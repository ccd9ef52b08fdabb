import { templateDigest } from '../domain/digestTemplate.ts';
import { fallbackPlan } from '../domain/plan.ts';
import type { AiWriter, Usage } from './types.ts';

/**
 * A writer that makes no external call: template digests and deterministic plans. `method`
 * says what its results are recorded as — 'template' when offline writing is the plan (demo,
 * no AI consent), 'fallback' when it stands in for a failed AI call. The plan job records both
 * as the app's 'fallback', with a reason.
 */
export function createOfflineWriter(method: 'template' | 'fallback' = 'template'): AiWriter {
  const usage: Usage = { requests: 0, promptTokens: 0, completionTokens: 0, estimatedCostUsd: 0 };
  return {
    kind: 'offline',
    model: null,
    async writeDigest(facts) {
      return { value: templateDigest(facts), method, model: null, attempts: 0 };
    },
    async writePlan(input) {
      return { value: fallbackPlan(input), method, model: null, attempts: 0 };
    },
    usage: () => ({ ...usage }),
  };
}
