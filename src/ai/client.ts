/** The OpenAI SDK client both writers use, configured from Config alone. */
import OpenAI from 'openai';

export function createOpenAiClient(opts: {
  apiKey: string;
  baseURL?: string | null | undefined;
  maxRetries: number;
  timeoutMs: number;
  fetch?: typeof fetch | undefined;
}): OpenAI {
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
    logLevel: 'off',
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
}
