import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  OpenAI
} from "./chunk-L6ZWD2HZ.js";

// src/ai/client.ts
function createOpenAiClient(opts) {
  return new OpenAI({
    apiKey: opts.apiKey,
    // null rather than undefined: the SDK would otherwise read OPENAI_* variables itself, and
    // config.ts is the one place the environment is read.
    baseURL: opts.baseURL ?? null,
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: opts.maxRetries,
    timeout: opts.timeoutMs,
    // Failures are reported by the caller, sanitized; the SDK's logs could carry request details.
    logLevel: "off",
    ...opts.fetch ? { fetch: opts.fetch } : {}
  });
}

// src/ai/batchClient.ts
var KEY_FIELD = "strukt_key";
var LOOKUP_LIMIT = 200;
function createBatchClient(opts) {
  const client = createOpenAiClient({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    // Reads (retrieve, list, content) and the upload are safe to repeat: the SDK's retries stay on
    // for them. batches.create turns them off (see submit).
    maxRetries: 2,
    timeoutMs: opts.timeoutMs ?? 12e4,
    fetch: opts.fetch
  });
  async function findByKey(key) {
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
        purpose: "batch"
      });
      try {
        const batch = await client.batches.create(
          {
            input_file_id: file.id,
            endpoint: "/v1/chat/completions",
            completion_window: "24h",
            metadata: { ...metadata, [KEY_FIELD]: key }
          },
          // A retry after a lost answer could create a second batch of the same requests.
          { maxRetries: 0 }
        );
        return { batchId: batch.id, inputFileId: file.id, adopted: false };
      } catch (error) {
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
      let rest = "";
      for await (const chunk of response.body) {
        rest += decoder.decode(chunk, { stream: true });
        let newline;
        while ((newline = rest.indexOf("\n")) >= 0) {
          const line = rest.slice(0, newline).trim();
          rest = rest.slice(newline + 1);
          if (line !== "") yield line;
        }
      }
      rest += decoder.decode();
      if (rest.trim() !== "") yield rest.trim();
    }
  };
}

export {
  createOpenAiClient,
  createBatchClient
};
