import type { Config } from '../config/config.ts';
import type { AiMode } from '../config/runOptions.ts';
import { ConfigError } from '../lib/errors.ts';
import { favourSmallHeap } from '../lib/heap.ts';
import { createBatchClient, type BatchClient } from './batchClient.ts';
import { createBatchWriter, type BatchWriter } from './batchWriter.ts';
import { createOfflineWriter } from './offlineWriter.ts';
import { createOpenAiWriter } from './openaiWriter.ts';
import type { AiWriter } from './types.ts';
import { withFallback } from './withFallback.ts';

export interface Writers {
  /** For users who consented to OpenAI processing. */
  ai: AiWriter;
  /** For everyone else: templates from their own figures. */
  template: AiWriter;
}

/**
 * The writers a run uses. `openai` (the default) needs OPENAI_API_KEY and fails fast without
 * it; `offline` writes templates and calls no one.
 */
export function createWriters(
  config: Pick<Config, 'openaiApiKey' | 'openaiBaseUrl' | 'openaiModel'>,
  mode: AiMode,
  deps: { sleep?: (ms: number) => Promise<void>; concurrency?: number; dryRun?: boolean } = {},
): Writers {
  const template = createOfflineWriter('template');
  if (mode === 'offline') return { ai: template, template };
  // A dry run decides who would get an AI-written text but calls no one, so it needs no key.
  if (deps.dryRun && !config.openaiApiKey) return { ai: dryRunWriter(config.openaiModel), template };
  if (!config.openaiApiKey) {
    throw new ConfigError(
      'OPENAI_API_KEY is not set. Set it to write digests and plans with OpenAI, or pass --ai offline ' +
        '(action input ai: offline) to write them from templates.',
    );
  }
  // Hundreds of requests in flight for seconds each: keep the heap near its live size.
  favourSmallHeap();
  const openai = createOpenAiWriter({
    apiKey: config.openaiApiKey,
    baseURL: config.openaiBaseUrl,
    model: config.openaiModel,
    concurrency: deps.concurrency,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });
  return { ai: withFallback(openai, createOfflineWriter('fallback')), template };
}

/** Stands in for the OpenAI writer in dry runs: it has the writer's identity but is never called. */
function dryRunWriter(model: string): AiWriter {
  const refuse = () => Promise.reject(new Error('A dry run makes no OpenAI calls.'));
  return {
    kind: 'openai',
    model,
    writeDigest: refuse,
    writePlan: refuse,
    usage: () => ({ requests: 0, promptTokens: 0, completionTokens: 0, estimatedCostUsd: 0 }),
  };
}

/**
 * Batch mode's Batch API (`--ai batch`); the direct writer of createWriters(…, 'openai') serves
 * the users of a batch that expired. A dry run without a key gets a client that is never called.
 */
export function createBatchWriterFor(
  config: Pick<Config, 'openaiApiKey' | 'openaiBaseUrl' | 'openaiModel' | 'batchDeadlineMs'>,
  deps: { dryRun?: boolean } = {},
): BatchWriter {
  let client: BatchClient;
  if (config.openaiApiKey) {
    client = createBatchClient({ apiKey: config.openaiApiKey, baseURL: config.openaiBaseUrl });
  } else if (deps.dryRun) {
    const refuse = () => {
      throw new Error('A dry run makes no OpenAI calls.');
    };
    client = { submit: refuse, findByKey: refuse, retrieve: refuse, cancel: refuse, lines: refuse };
  } else {
    throw new ConfigError(
      "OPENAI_API_KEY is not set. Batch mode (--ai batch) submits to OpenAI's Batch API and needs it; " +
        'pass --ai offline to write templates instead.',
    );
  }
  return createBatchWriter({ client, model: config.openaiModel, deadlineMs: config.batchDeadlineMs });
}
