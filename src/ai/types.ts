/**
 * The contract between the jobs and whatever writes digests and plans.
 *
 * Glossary:
 * - writer: writes one digest or plan per call; `openai` calls the API, `offline` uses the
 *   deterministic templates.
 * - attempt: one try of one external call (one HTTP request); `attempts` of a result is how
 *   many tries the call needed (0 when no external call was made).
 * - method: how a result was written: 'ai' (OpenAI), 'template' (by design, e.g. no AI
 *   consent or the offline demo) or 'fallback' (AI was wanted but failed). Plans are recorded
 *   in the app's terms, where 'template' is a 'fallback' with a reason (planRefresh.ts).
 * - deadline: the epoch ms after which no call may start, so a run stays in its time budget.
 */
import type { Digest, DigestFacts } from '../domain/digest.ts';
import type { Plan, PlanInput } from '../domain/plan.ts';

export type GenerationMethod = 'ai' | 'template' | 'fallback';

export interface Written<T> {
  value: T;
  method: GenerationMethod;
  /** The model that wrote it; null when no model did. */
  model: string | null;
  /** Tries the external call used: 0 for offline writing, including a fallback after 0 tries. */
  attempts: number;
  /** Why AI was not used, when method is 'fallback': a short code, never text from user data. */
  fallbackReason?: string;
}

export interface CallContext {
  /** Epoch ms: no call may start after it. */
  deadline?: number;
}

export interface Usage {
  /** HTTP requests sent, failed ones included (what rate limits count). */
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** From the writer's price table; 0 for a model without a price (see `costNote`). */
  estimatedCostUsd: number;
  /** Set when the cost could not be estimated, naming the model. */
  costNote?: string;
}

export interface AiWriter {
  readonly kind: 'openai' | 'offline';
  readonly model: string | null;
  writeDigest(facts: DigestFacts, ctx?: CallContext): Promise<Written<Digest>>;
  writePlan(input: PlanInput, ctx?: CallContext): Promise<Written<Plan>>;
  /** Totals since the writer was created. */
  usage(): Usage;
  /**
   * Calls worth having in progress at once now: what the writer keeps in flight plus the calls
   * waiting out a retry delay. Fewer leave its rate limit unused; more only wait in its queue.
   * Absent for writers with no limit of their own (offline).
   */
  capacity?(): number;
}

/**
 * OpenAI answered 429 insufficient_quota: the account is out of credit, which waiting will not
 * fix. Fatal for the run; the writer sends nothing more once it has seen it.
 */
export class QuotaExceededError extends Error {
  override name = 'QuotaExceededError';
}

/** Why a model's answer could not be used. */
export type OutputProblem =
  'refusal' | 'content_filter' | 'empty' | 'malformed_json' | 'schema_invalid' | 'invalid';

/**
 * The model answered, but not with something usable. `details` may quote model output: keep it
 * out of logs and reasons that leave the process.
 */
export class AiOutputError extends Error {
  override name = 'AiOutputError';
  readonly problem: OutputProblem;
  readonly details: string[];

  constructor(problem: OutputProblem, message: string, details: string[] = []) {
    super(message);
    this.problem = problem;
    this.details = details;
  }
}
