/**
 * The chat-completion requests the OpenAI writers send, and how an answer becomes a checked
 * digest or plan: one definition for the direct writer (openaiWriter.ts) and the Batch API
 * (batch mode sends the same body in a JSONL line and checks its answer the same way).
 */
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import type { z } from 'zod';
import {
  DIGEST_SCHEMA_NAME,
  buildDigestPrompt,
  digestJsonSchema,
  digestSchema,
  validateDigest,
  type Digest,
  type DigestFacts,
} from '../domain/digest.ts';
import {
  PLAN_SCHEMA_NAME,
  buildPlanPrompt,
  planJsonSchema,
  planSchema,
  validatePlan,
  type Plan,
  type PlanInput,
} from '../domain/plan.ts';
import { AiOutputError } from './types.ts';

// Upper bounds on output, so a runaway answer cannot cost much; both leave ample room.
const MAX_DIGEST_TOKENS = 700;
const MAX_PLAN_TOKENS = 3000;

/** What one digest or plan asks of the model, and how its answer is checked. */
export interface ChatRequest<T> {
  schemaName: string;
  jsonSchema: Record<string, unknown>;
  schema: z.ZodType<T>;
  messages: { system: string; user: string };
  maxTokens: number;
  validate: (value: T) => string[];
}

export function digestRequest(facts: DigestFacts): ChatRequest<Digest> {
  return {
    schemaName: DIGEST_SCHEMA_NAME,
    jsonSchema: digestJsonSchema,
    schema: digestSchema,
    messages: buildDigestPrompt(facts),
    maxTokens: MAX_DIGEST_TOKENS,
    validate: (d) => validateDigest(d, facts),
  };
}

export function planRequest(input: PlanInput): ChatRequest<Plan> {
  return {
    schemaName: PLAN_SCHEMA_NAME,
    jsonSchema: planJsonSchema,
    schema: planSchema,
    messages: buildPlanPrompt(input),
    maxTokens: MAX_PLAN_TOKENS,
    validate: (p) => validatePlan(p, input),
  };
}

/** The body of POST /v1/chat/completions: strict structured output, bounded length. */
export function chatBody<T>(model: string, req: ChatRequest<T>): ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    messages: [
      { role: 'system', content: req.messages.system },
      { role: 'user', content: req.messages.user },
    ],
    response_format: {
      type: 'json_schema',
      json_schema: { name: req.schemaName, strict: true, schema: req.jsonSchema },
    },
    max_completion_tokens: req.maxTokens,
  };
}

/** Turns a completion into a checked value, or throws AiOutputError saying what was wrong. */
export function interpret<T>(completion: ChatCompletion, req: ChatRequest<T>): T {
  const choice = completion.choices[0];
  if (!choice) throw new AiOutputError('empty', 'Expected one choice in the completion, got none');
  const { message } = choice;
  if (message.refusal) throw new AiOutputError('refusal', `The model refused to write the ${req.schemaName}`);
  if (choice.finish_reason === 'content_filter') {
    throw new AiOutputError('content_filter', `The content filter stopped the ${req.schemaName}`);
  }
  const content = message.content;
  if (content === null || content.trim() === '') {
    throw new AiOutputError(
      'empty',
      `Expected JSON content, got ${content === null ? 'null' : 'an empty string'} (finish_reason ${choice.finish_reason})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    throw new AiOutputError(
      'malformed_json',
      `Expected JSON content, got ${content.length} characters that do not parse (finish_reason ${choice.finish_reason})`,
    );
  }
  const parsed = req.schema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`);
    throw new AiOutputError(
      'schema_invalid',
      `Expected output matching the ${req.schemaName} schema, got ${where.length} problem(s): ${where.slice(0, 5).join('; ')}`,
      where,
    );
  }
  const problems = req.validate(parsed.data);
  if (problems.length > 0) {
    throw new AiOutputError('invalid', `The ${req.schemaName} failed ${problems.length} check(s)`, problems);
  }
  return parsed.data;
}
