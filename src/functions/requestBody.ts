/**
 * Reads and validates the optional JSON body of a function request, within a size limit that
 * holds whatever Content-Length claims (a chunked body has none, and a header can lie).
 */
import { z } from 'zod';
import { MAX_BODY_BYTES, requestBodySchema, type RequestBody } from './contract.ts';

export type BodyRead =
  | { ok: true; body: RequestBody }
  | { ok: false; status: 400 | 413; code: 'bad_request' | 'payload_too_large'; error: string };

const FIELDS = Object.keys(requestBodySchema.shape).join(', ');

export async function readRequestBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<BodyRead> {
  const tooLarge = {
    ok: false,
    status: 413,
    code: 'payload_too_large',
    error: `Request body too large. Expected at most ${maxBytes} bytes.`,
  } as const;
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) return tooLarge;

  const bytes = await readCapped(request.body, maxBytes);
  if (bytes === null) return tooLarge;

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return badRequest('Invalid JSON body: expected UTF-8 text.');
  }
  // No body (the seed's curl examples send none) means every default.
  if (text.trim() === '') return { ok: true, body: {} };

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return badRequest(`Invalid JSON body: ${clip(reason)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return badRequest(`Invalid body: expected a JSON object with optional fields ${FIELDS}; got ${got}.`);
  }
  const parsed = requestBodySchema.safeParse(value);
  if (!parsed.success) return badRequest(describeIssues(parsed.error));
  return { ok: true, body: parsed.data };
}

/** The body's bytes, or null as soon as they pass `maxBytes` (the rest is never read). */
async function readCapped(stream: ReadableStream<Uint8Array> | null, maxBytes: number) {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => `'${clip(k, 40)}'`).join(', ');
      return `unknown field(s) ${keys}; expected only ${FIELDS}`;
    }
    const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
    return `field '${field}': ${issue.message}`;
  });
  return `Invalid body: ${lines.join('; ')}.`;
}

function badRequest(error: string): BodyRead {
  return { ok: false, status: 400, code: 'bad_request', error };
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
