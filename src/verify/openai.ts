/**
 * OpenAI check: the key is accepted by a real, minimal request — a one-token chat completion with
 * the configured model, which also proves the model is available and the quota is not spent
 * (a models listing would miss both).
 */
import OpenAI, { APIConnectionError, APIError } from 'openai';
import { describeError } from '../lib/sanitize.ts';
import { countConsentingUsers } from '../monitoring/consent.ts';
import { fail, isSkipped, pass, skip, warn, type Check, type Verdict } from './types.ts';

const keyAccepted: Check = {
  group: 'openai',
  name: 'key accepted',
  timeoutMs: 20_000,
  async run(ctx) {
    if (ctx.options.skipOpenai) return skip('--skip-openai');
    const config = ctx.config;
    if (!config) return skip('the configuration is invalid (see configuration / environment)');
    if (!config.openaiApiKey) return skip('OPENAI_API_KEY is not set');
    const client = new OpenAI({
      apiKey: config.openaiApiKey,
      baseURL: config.openaiBaseUrl ?? undefined,
      maxRetries: 0,
      timeout: 15_000,
      fetch: ctx.options.fetch,
    });
    const started = Date.now();
    try {
      await client.chat.completions.create({
        model: config.openaiModel,
        messages: [{ role: 'user', content: 'Reply with OK.' }],
        max_completion_tokens: 1,
      });
      return pass(`a 1-token completion with ${config.openaiModel} succeeded (${Date.now() - started} ms)`);
    } catch (error) {
      return judge(error, config.openaiModel);
    }
  },
};

function judge(error: unknown, model: string): Verdict {
  const keyFix = 'Set OPENAI_API_KEY to an active key (OpenAI dashboard → API keys).';
  if (error instanceof APIConnectionError) {
    return fail(
      `OpenAI did not answer: ${describeError(error)}`,
      "Check the network and OPENAI_BASE_URL (unset it to use OpenAI's own API).",
    );
  }
  if (!(error instanceof APIError)) return fail(`the request failed: ${describeError(error)}`, keyFix);
  const code = typeof error.code === 'string' ? error.code : '';
  if (error.status === 401) return fail(`the key was refused (HTTP 401${code ? ` ${code}` : ''})`, keyFix);
  if (error.status === 403) {
    return fail(`the key may not use ${model} (HTTP 403${code ? ` ${code}` : ''})`, keyFix);
  }
  if (error.status === 404 || code === 'model_not_found') {
    return fail(
      `model ${model} is not available to this key`,
      'Set OPENAI_MODEL to a model the key may use (default gpt-4o-mini).',
    );
  }
  if (code === 'insufficient_quota') {
    return fail(
      'the key is valid but its quota is spent (insufficient_quota): runs would stop at the first digest',
      'Add credit or raise the limit in the OpenAI dashboard (Billing), or use another project key.',
    );
  }
  // The key got past authentication; what was refused is this probe, not the key.
  if (error.status === 429) return pass('the key is accepted (rate-limited right now: HTTP 429)');
  if (error.status === 400)
    return pass(`the key is accepted (the probe itself was refused: HTTP 400${code ? ` ${code}` : ''})`);
  return fail(`OpenAI answered HTTP ${error.status}: ${describeError(error)}`, keyFix);
}

/**
 * Only users with an active openai_processing consent get AI text; the others get templates. A key
 * with no consenting user is money and setup that write nothing: a warning, not a failure (a new
 * deployment may simply have no users yet).
 */
const consentGiven: Check = {
  group: 'openai',
  name: 'users with AI consent',
  async run(ctx) {
    const config = ctx.config;
    if (!config) return skip('the configuration is invalid (see configuration / environment)');
    if (!config.openaiApiKey) return skip('OPENAI_API_KEY is not set: every user gets templates');
    const db = await ctx.db();
    if (isSkipped(db)) return db;
    const users = await countConsentingUsers(db);
    if (users === 0) {
      return warn(
        'OPENAI_API_KEY is set, but no user has an openai_processing consent: every digest and plan is a template',
        'Nothing to fix if that is expected. AI text needs a user_consents row (consent_type ' +
          "'openai_processing', granted, not withdrawn), which the STRUKT app writes when a user agrees.",
      );
    }
    return pass(`${users} user${users === 1 ? ' has' : 's have'} an openai_processing consent`);
  },
};

export function openaiChecks(): Check[] {
  return [keyAccepted, consentGiven];
}
