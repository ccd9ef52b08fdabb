/**
 * What a run in batch mode holds: the Batch API client, the model its requests name, how long a
 * batch may take, and the tokens of the answers it collected, billed at the Batch API's price.
 */
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { BatchClient } from './batchClient.ts';
import { BATCH_DISCOUNT, DEFAULT_PRICES, usageOf, type PriceTable } from './prices.ts';
import type { Usage } from './types.ts';

/** How much one batch's input file may hold. */
export interface BatchLimits {
  /** Request lines: OpenAI takes at most 50,000. */
  requests: number;
  /** Bytes: OpenAI takes a file of at most 200 MB. */
  bytes: number;
}

/**
 * OpenAI's limits for one batch file, the size with a margin. A digest request is 2 KiB with few
 * messages (the bench's users) and about 4 KB with ten 200-character excerpts, so 50,000 of them
 * can pass 200 MB. What does not fit waits for the next run.
 */
export const BATCH_LIMITS: BatchLimits = { requests: 50_000, bytes: 190 * 1024 * 1024 };

export interface BatchWriter {
  readonly client: BatchClient;
  readonly model: string;
  /** After this long a batch still running is cancelled and its users served directly. */
  readonly deadlineMs: number;
  readonly limits: BatchLimits;
  /** Counts one answer collected: its tokens, at the batch price. */
  heard(completion: ChatCompletion): void;
  usage(): Usage;
}

export function createBatchWriter(opts: {
  client: BatchClient;
  model: string;
  deadlineMs: number;
  prices?: PriceTable;
  /** @default BATCH_LIMITS */
  limits?: BatchLimits;
}): BatchWriter {
  const prices = { ...DEFAULT_PRICES, ...opts.prices };
  const totals = { requests: 0, promptTokens: 0, completionTokens: 0 };
  return {
    client: opts.client,
    model: opts.model,
    deadlineMs: opts.deadlineMs,
    limits: opts.limits ?? BATCH_LIMITS,
    heard(completion) {
      totals.requests += 1;
      totals.promptTokens += completion.usage?.prompt_tokens ?? 0;
      totals.completionTokens += completion.usage?.completion_tokens ?? 0;
    },
    // Priced by the model that answered as the requests named it (the batch's answers may name
    // a dated snapshot of it, which priceOf maps back).
    usage: () => usageOf(totals, opts.model, prices, BATCH_DISCOUNT),
  };
}
