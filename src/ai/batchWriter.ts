/**
 * What a run in batch mode holds: the Batch API client, the model its requests name, how long a
 * batch may take, and the tokens of the answers it collected, billed at the Batch API's price.
 */
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { BatchClient } from './batchClient.ts';
import { BATCH_DISCOUNT, DEFAULT_PRICES, usageOf, type PriceTable } from './prices.ts';
import type { Usage } from './types.ts';

export interface BatchWriter {
  readonly client: BatchClient;
  readonly model: string;
  /** After this long a batch still running is cancelled and its users served directly. */
  readonly deadlineMs: number;
  /** Counts one answer collected: its tokens, at the batch price. */
  heard(completion: ChatCompletion): void;
  usage(): Usage;
}

export function createBatchWriter(opts: {
  client: BatchClient;
  model: string;
  deadlineMs: number;
  prices?: PriceTable;
}): BatchWriter {
  const prices = { ...DEFAULT_PRICES, ...opts.prices };
  const totals = { requests: 0, promptTokens: 0, completionTokens: 0 };
  return {
    client: opts.client,
    model: opts.model,
    deadlineMs: opts.deadlineMs,
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
