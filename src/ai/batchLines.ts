/**
 * The lines of a Batch API file: what batch mode writes (one request per user, named by a
 * custom_id that says which job, period and shard it belongs to, never who it is for) and what
 * it reads back (an answer or an error per custom_id, in any order, a line possibly cut short).
 */
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';

/**
 * A request's custom_id: `digest-2025-11-09-s0of1-000042`. The sequence number is the request's
 * place in the batch; strukt.ai_batch_requests maps it to the user (the file leaves this machine,
 * the map does not).
 */
export function customIdOf(parts: {
  job: string;
  day: string;
  shardIndex: number;
  shardCount: number;
  seq: number;
}): string {
  const job = parts.job === 'weekly-digest' ? 'digest' : 'plan';
  return `${job}-${parts.day}-s${parts.shardIndex}of${parts.shardCount}-${String(parts.seq).padStart(6, '0')}`;
}

/** The batch statuses after which nothing more will happen. */
export const FINISHED_STATUSES: ReadonlySet<string> = new Set([
  'completed',
  'failed',
  'expired',
  'cancelled',
]);

/** One line of the input file (without its newline). */
export function requestLine(customId: string, body: ChatCompletionCreateParamsNonStreaming): string {
  return JSON.stringify({ custom_id: customId, method: 'POST', url: '/v1/chat/completions', body });
}

/** What one line of an output or error file says. */
export type BatchAnswer =
  | { kind: 'answer'; customId: string; completion: ChatCompletion }
  | { kind: 'error'; customId: string; code: string }
  /** Not JSON, or no custom_id: the request it answered cannot be known (its user is served later). */
  | { kind: 'unreadable' };

/** Reads one line of an output or error file. Never throws. */
export function parseAnswerLine(line: string): BatchAnswer {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { kind: 'unreadable' };
  }
  if (typeof raw !== 'object' || raw === null) return { kind: 'unreadable' };
  const record = raw as {
    custom_id?: unknown;
    response?: { status_code?: unknown; body?: unknown } | null;
    error?: { code?: unknown } | null;
  };
  if (typeof record.custom_id !== 'string' || record.custom_id === '') return { kind: 'unreadable' };
  const customId = record.custom_id;
  if (record.error != null) return { kind: 'error', customId, code: codeOf(record.error.code) };
  const status = record.response?.status_code;
  const body = record.response?.body as
    { choices?: unknown; error?: { code?: unknown; type?: unknown } } | undefined;
  if (status !== 200 || typeof body !== 'object' || body === null) {
    return {
      kind: 'error',
      customId,
      code: codeOf(body?.error?.code ?? body?.error?.type ?? `http_${String(status)}`),
    };
  }
  if (!Array.isArray(body.choices)) return { kind: 'error', customId, code: 'no_choices' };
  return { kind: 'answer', customId, completion: body as ChatCompletion };
}

/** A short code for the reason recorded with a fallback: letters, digits and underscores only. */
function codeOf(value: unknown): string {
  const text = typeof value === 'string' && value !== '' ? value : 'unknown';
  return text.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40);
}
