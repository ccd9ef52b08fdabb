/**
 * OpenAI's Batch API as batch mode uses it: upload a JSONL file of chat-completion requests,
 * create a batch over it, poll it, cancel it, and read its output and error files line by line.
 *
 * What the API does that the code must respect (learned against the fake server's scripted
 * batches, test/support/fakeOpenAIBatches.test.ts): a file's content is a streamed response, and
 * a line may not parse; unset Batch fields are null; output order is not input order (answers are
 * matched by custom_id); and a retried create can make a second batch, so creation is not retried
 * blindly: a failed create is looked up by the submission key in the batch's metadata first.
 */
import type { Uploadable } from 'openai/uploads';
import { createOpenAiClient } from './client.ts';
import type { Batch } from 'openai/resources/batches';

export interface SubmittedBatch {
  batchId: string;
  inputFileId: string;
  /** The batch was found by its key after a create that seemed to fail (or by a later run). */
  adopted: boolean;
}

export interface BatchClient {
  /** Uploads the input file (JSONL: one request per line) and creates a batch keyed `key`. */
  submit(args: { key: string; file: Uploadable; metadata: Record<string, string> }): Promise<SubmittedBatch>;
  /** The batch created with this submission key among the most recent ones, or null. */
  findByKey(key: string): Promise<Batch | null>;
  retrieve(batchId: string): Promise<Batch>;
  cancel(batchId: string): Promise<Batch>;
  /** A file's lines, streamed: memory stays flat however large the file. */
  lines(fileId: string): AsyncIterable<string>;
}

export interface BatchClientOptions {
  apiKey: string;
  /** An OpenAI-compatible base URL ending in /v1. @default OpenAI's own */
  baseURL?: string | null;
  /** @default 120000: an upload of tens of megabytes takes a while */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The metadata key a batch's submission key is kept under. */
const KEY_FIELD = 'strukt_key';
/** How many of the most recent batches a lookup by key reads (two pages). */
const LOOKUP_LIMIT = 200;

export function createBatchClient(opts: BatchClientOptions): BatchClient {
  const client = createOpenAiClient({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    // Reads (retrieve, list, content) and the upload are safe to repeat: the SDK's retries stay on
    // for them. batches.create turns them off (see submit).
    maxRetries: 2,
    timeoutMs: opts.timeoutMs ?? 120_000,
    fetch: opts.fetch,
  });

  async function findByKey(key: string): Promise<Batch | null> {
    let seen = 0;
    for await (const batch of client.batches.list({ limit: 100 })) {
      if (batch.metadata?.[KEY_FIELD] === key) return batch;
      if (++seen >= LOOKUP_LIMIT) break;
    }
    return null;
  }

  return {
    async submit({ key, file: content, metadata }) {
      const found = await findByKey(key);
      if (found) return { batchId: found.id, inputFileId: found.input_file_id, adopted: true };
      const file = await client.files.create({
        file: content,
        purpose: 'batch',
      });
      try {
        const batch = await client.batches.create(
          {
            input_file_id: file.id,
            endpoint: '/v1/chat/completions',
            completion_window: '24h',
            metadata: { ...metadata, [KEY_FIELD]: key },
          },
          // A retry after a lost answer could create a second batch of the same requests.
          { maxRetries: 0 },
        );
        return { batchId: batch.id, inputFileId: file.id, adopted: false };
      } catch (error) {
        // The answer may have been lost after the batch was made: look before giving up.
        const made = await findByKey(key).catch(() => null);
        if (made) return { batchId: made.id, inputFileId: made.input_file_id, adopted: true };
        throw error;
      }
    },
    findByKey,
    retrieve: (batchId) => client.batches.retrieve(batchId),
    cancel: (batchId) => client.batches.cancel(batchId),
    async *lines(fileId) {
      const response = await client.files.content(fileId);
      if (!response.body) return;
      const decoder = new TextDecoder();
      let rest = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        rest += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = rest.indexOf('\n')) >= 0) {
          const line = rest.slice(0, newline).trim();
          rest = rest.slice(newline + 1);
          if (line !== '') yield line;
        }
      }
      rest += decoder.decode();
      if (rest.trim() !== '') yield rest.trim();
    },
  };
}
