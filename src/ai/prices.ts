/** What OpenAI calls cost: list prices by model, and the Batch API's discount. */
import type { Usage } from './types.ts';

/** USD per million tokens, by model. */
export type PriceTable = Record<string, { inputPerMTok: number; outputPerMTok: number }>;

/** Public list prices of direct requests; a dated snapshot (gpt-4o-2024-08-06) is priced as its model. */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
};

/** The Batch API bills input and output at half the price of a direct request. */
export const BATCH_DISCOUNT = 0.5;

/** The price of a model, or of the model a dated snapshot belongs to; null when unknown. */
export function priceOf(model: string, prices: PriceTable): PriceTable[string] | null {
  return prices[model] ?? prices[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')] ?? null;
}

/** Usage with its estimated cost; `discount` 0.5 for tokens billed through the Batch API. */
export function usageOf(
  totals: { requests: number; promptTokens: number; completionTokens: number },
  model: string,
  prices: PriceTable,
  discount = 1,
): Usage {
  const price = priceOf(model, prices);
  const usage: Usage = {
    ...totals,
    estimatedCostUsd: price
      ? ((totals.promptTokens * price.inputPerMTok + totals.completionTokens * price.outputPerMTok) *
          discount) /
        1e6
      : 0,
  };
  if (!price) usage.costNote = `No price known for model ${model}; its cost is counted as 0.`;
  return usage;
}
