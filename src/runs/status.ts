import type { RunStatus } from './types.ts';

/**
 * The run's honest status (DESIGN §5): error when it failed fatally or nothing succeeded while
 * something failed; partial_success when some users failed or the time budget left some for
 * the next run; success otherwise (including a run with nothing to do).
 */
export function classifyStatus(outcome: {
  succeeded: number;
  failed: number;
  remaining: number;
  fatal: boolean;
}): RunStatus {
  if (outcome.fatal) return 'error';
  if (outcome.failed > 0 && outcome.succeeded === 0) return 'error';
  if (outcome.failed > 0 || outcome.remaining > 0) return 'partial_success';
  return 'success';
}
