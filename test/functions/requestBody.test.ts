import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_REQUEST_USERS } from '../../src/functions/contract.ts';
import { readRequestBody } from '../../src/functions/requestBody.ts';

const URL_ = 'http://127.0.0.1/functions/v1/checkUserStatus';
const FIELDS = 'dryRun, asOf, users, timeBudgetMs, nudges, ai, detail';

function post(body?: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request(URL_, { method: 'POST', body, headers });
}

function postJson(value: unknown): Request {
  return post(JSON.stringify(value), { 'content-type': 'application/json' });
}

/** A chunked body: `chunks` pieces of `size` bytes, no Content-Length; records how far it was read. */
function streamed(chunks: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= chunks) return controller.close();
      state.pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  const request = new Request(URL_, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
  return { request, state };
}

function badRequest(error: string) {
  return { ok: false, status: 400, code: 'bad_request', error };
}

describe('readRequestBody: accepted bodies', () => {
  it.each([
    { name: 'no body at all', request: () => post() },
    { name: 'an empty body', request: () => post('') },
    { name: 'a body of whitespace only', request: () => post(' \n\t\r\n ') },
    { name: 'an empty object', request: () => postJson({}) },
  ])('$name means every default: {}', async ({ request }) => {
    expect(await readRequestBody(request())).toEqual({ ok: true, body: {} });
  });

  it('returns every field as sent', async () => {
    const body = {
      dryRun: true,
      asOf: '2025-11-09T21:00:00Z',
      users: ['0b7e1c3d-1111-4222-8333-944455556666', '1c8f2d4e-2222-4333-9444-a55566667777'],
      timeBudgetMs: 90_000,
      nudges: false,
      ai: 'batch',
      detail: true,
    };
    expect(await readRequestBody(postJson(body))).toEqual({ ok: true, body });
  });

  it.each([
    // The seed's `curl -d '{...}'` sends this content type: the body is read as JSON on purpose.
    { contentType: 'application/x-www-form-urlencoded' },
    { contentType: 'text/plain;charset=UTF-8' },
    { contentType: 'application/octet-stream' },
    { contentType: null },
  ])('reads a JSON body whatever the content type says: $contentType', async ({ contentType }) => {
    const headers: Record<string, string> = contentType === null ? {} : { 'content-type': contentType };
    const request = post('{"dryRun":true,"nudges":true}', headers);
    if (contentType === null) request.headers.delete('content-type');
    expect(await readRequestBody(request)).toEqual({ ok: true, body: { dryRun: true, nudges: true } });
  });

  it('reads a body sent without Content-Length (chunked)', async () => {
    const encoded = new TextEncoder().encode('{"detail":true}');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoded.slice(0, 5));
        controller.enqueue(encoded.slice(5));
        controller.close();
      },
    });
    const request = new Request(URL_, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(await readRequestBody(request)).toEqual({ ok: true, body: { detail: true } });
  });

  it('reads UTF-8 with a byte-order mark, and non-ASCII text', async () => {
    expect(await readRequestBody(post('\uFEFF{"dryRun":true}'))).toEqual({
      ok: true,
      body: { dryRun: true },
    });
    expect(await readRequestBody(postJson({ users: ['ünïcødé-ïd'] }))).toEqual({
      ok: true,
      body: { users: ['ünïcødé-ïd'] },
    });
  });

  it('accepts the limits the schema sets: MAX_REQUEST_USERS users, 64-character values, 1 ms to 6 hours', async () => {
    const users = Array.from({ length: MAX_REQUEST_USERS }, (_, i) => `u${i}`);
    expect(await readRequestBody(postJson({ users }))).toEqual({ ok: true, body: { users } });
    expect(await readRequestBody(postJson({ users: ['x'.repeat(64)], asOf: 'y'.repeat(64) }))).toEqual({
      ok: true,
      body: { users: ['x'.repeat(64)], asOf: 'y'.repeat(64) },
    });
    expect(await readRequestBody(postJson({ timeBudgetMs: 1 }))).toEqual({
      ok: true,
      body: { timeBudgetMs: 1 },
    });
    expect(await readRequestBody(postJson({ timeBudgetMs: 6 * 3_600_000 }))).toEqual({
      ok: true,
      body: { timeBudgetMs: 21_600_000 },
    });
  });
});

describe('readRequestBody: text that is not a JSON object', () => {
  it('refuses text that is not JSON, saying why', async () => {
    const read = await readRequestBody(post('{"dryRun": true', { 'content-type': 'application/json' }));
    expect(read).toMatchObject({ ok: false, status: 400, code: 'bad_request' });
    if (read.ok) throw new Error('expected a refusal');
    // The parser's own reason, after the module's prefix.
    expect(read.error).toMatch(/^Invalid JSON body: \S.*JSON/);
  });

  it('keeps the JSON error short', async () => {
    const read = await readRequestBody(post(`{"asOf": "${'x'.repeat(5000)}`));
    expect(read).toMatchObject({ ok: false, status: 400, code: 'bad_request' });
    if (read.ok) throw new Error('expected a refusal');
    expect(read.error.startsWith('Invalid JSON body: ')).toBe(true);
    expect(read.error.length).toBeLessThanOrEqual('Invalid JSON body: '.length + 200);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const read = await readRequestBody(post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])));
    expect(read).toEqual(badRequest('Invalid JSON body: expected UTF-8 text.'));
  });

  it.each([
    { text: 'null', got: 'null' },
    { text: '[]', got: 'an array' },
    { text: '[{"dryRun":true}]', got: 'an array' },
    { text: '42', got: 'number' },
    { text: '"dryRun"', got: 'string' },
    { text: 'true', got: 'boolean' },
  ])('refuses $text: got $got', async ({ text, got }) => {
    expect(await readRequestBody(post(text))).toEqual(
      badRequest(`Invalid body: expected a JSON object with optional fields ${FIELDS}; got ${got}.`),
    );
  });
});

describe('readRequestBody: fields', () => {
  it.each([
    // A misspelt dryRun must not turn a dry run into a real one.
    { body: { dryrun: true }, error: `Invalid body: unknown field(s) 'dryrun'; expected only ${FIELDS}.` },
    {
      body: { dryRun: true, user: ['u'], extra: 1 },
      error: `Invalid body: unknown field(s) 'user', 'extra'; expected only ${FIELDS}.`,
    },
    {
      body: { users: [] },
      error:
        "Invalid body: field 'users': expected at least one user id (leave the field out to run for every user).",
    },
  ])('refuses $body with its own message', async ({ body, error }) => {
    expect(await readRequestBody(postJson(body))).toEqual(badRequest(error));
  });

  it('cuts an unknown field name to 40 characters', async () => {
    const name = 'k'.repeat(100);
    expect(await readRequestBody(postJson({ [name]: 1 }))).toEqual(
      badRequest(`Invalid body: unknown field(s) '${'k'.repeat(37)}...'; expected only ${FIELDS}.`),
    );
  });

  it.each([
    { body: { dryRun: 'true' }, field: 'dryRun', says: /boolean/ },
    { body: { dryRun: 1 }, field: 'dryRun', says: /boolean/ },
    { body: { dryRun: null }, field: 'dryRun', says: /boolean/ },
    { body: { nudges: 'yes' }, field: 'nudges', says: /boolean/ },
    // A caller may pick direct or batch; offline is the deployment's own choice.
    { body: { ai: 'offline' }, field: 'ai', says: /openai.*batch/ },
    { body: { detail: 0 }, field: 'detail', says: /boolean/ },
    { body: { asOf: 1762722000000 }, field: 'asOf', says: /string/ },
    { body: { asOf: 'x'.repeat(65) }, field: 'asOf', says: /64/ },
    { body: { users: 'u1,u2' }, field: 'users', says: /array/ },
    { body: { users: [7] }, field: 'users.0', says: /string/ },
    { body: { users: ['ok', 'x'.repeat(65)] }, field: 'users.1', says: /64/ },
    { body: { users: Array.from({ length: 1_001 }, () => 'u') }, field: 'users', says: /1000/ },
    { body: { timeBudgetMs: '1000' }, field: 'timeBudgetMs', says: /number/ },
    { body: { timeBudgetMs: 0 }, field: 'timeBudgetMs', says: />=1/ },
    { body: { timeBudgetMs: -5 }, field: 'timeBudgetMs', says: />=1/ },
    { body: { timeBudgetMs: 1.5 }, field: 'timeBudgetMs', says: /int/ },
    { body: { timeBudgetMs: 6 * 3_600_000 + 1 }, field: 'timeBudgetMs', says: /21600000/ },
  ])('refuses $field in $body', async ({ body, field, says }) => {
    const read = await readRequestBody(postJson(body));
    if (read.ok) throw new Error(`expected ${JSON.stringify(body)} to be refused`);
    expect(read).toMatchObject({ status: 400, code: 'bad_request' });
    expect(read.error.startsWith(`Invalid body: field '${field}': `)).toBe(true);
    expect(read.error).toMatch(says);
    expect(read.error.endsWith('.')).toBe(true);
    // One problem, one clause.
    expect(read.error.split('; ')).toHaveLength(1);
  });

  it('names several problems in one answer, at most five', async () => {
    const read = await readRequestBody(
      postJson({ dryRun: 1, asOf: 2, users: 3, timeBudgetMs: 'x', nudges: 4, detail: 5 }),
    );
    if (read.ok) throw new Error('expected a refusal');
    const clauses = read.error
      .replace(/^Invalid body: /, '')
      .replace(/\.$/, '')
      .split('; ');
    expect(clauses).toHaveLength(5);
    expect(clauses.map((c) => /^field '(\w+)'/.exec(c)?.[1])).toEqual([
      'dryRun',
      'asOf',
      'users',
      'timeBudgetMs',
      'nudges',
    ]);
  });
});

describe('readRequestBody: size', () => {
  const tooLarge = (max: number) => ({
    ok: false,
    status: 413,
    code: 'payload_too_large',
    error: `Request body too large. Expected at most ${max} bytes.`,
  });

  it(`refuses a body over MAX_BODY_BYTES (${MAX_BODY_BYTES}) by default, with 413`, async () => {
    expect(MAX_BODY_BYTES).toBe(64 * 1024);
    const text = `{"asOf":"${'x'.repeat(MAX_BODY_BYTES)}"}`;
    expect(await readRequestBody(post(text))).toEqual(tooLarge(MAX_BODY_BYTES));
  });

  it('accepts a body of exactly the limit, refuses one byte more', async () => {
    const exact = `{"asOf":"${'x'.repeat(20)}"}`;
    const limit = new TextEncoder().encode(exact).byteLength;
    expect(await readRequestBody(post(exact), limit)).toEqual({ ok: true, body: { asOf: 'x'.repeat(20) } });
    expect(await readRequestBody(post(`${exact} `), limit)).toEqual(tooLarge(limit));
  });

  it('counts bytes, not characters', async () => {
    const text = '{"asOf":"éééé"}'; // 15 characters, 19 bytes
    expect(await readRequestBody(post(text), 18)).toEqual(tooLarge(18));
    expect(await readRequestBody(post(text), 19)).toEqual({ ok: true, body: { asOf: 'éééé' } });
  });

  it('refuses on a Content-Length over the limit without reading the body', async () => {
    const request = post('{}', { 'content-length': '101' });
    expect(await readRequestBody(request, 100)).toEqual(tooLarge(100));
    expect(request.bodyUsed).toBe(false);
  });

  it('holds the most user ids a request may name (MAX_REQUEST_USERS UUIDs) within the default limit', async () => {
    const uuids = (n: number) =>
      Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(await readRequestBody(postJson({ users: uuids(MAX_REQUEST_USERS) }))).toMatchObject({ ok: true });
    // One more id is the schema's refusal (a 400 naming the field), not a 413: the size is no obstacle.
    expect(await readRequestBody(postJson({ users: uuids(MAX_REQUEST_USERS + 1) }))).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('holds the limit when Content-Length claims less than is sent', async () => {
    const big = `{"asOf":"${'x'.repeat(200)}"}`;
    expect(await readRequestBody(post(big, { 'content-length': '2' }), 100)).toEqual(tooLarge(100));
  });

  it('ignores a Content-Length that is not a number, and reads what comes', async () => {
    expect(await readRequestBody(post('{"nudges":true}', { 'content-length': 'lots' }), 100)).toEqual({
      ok: true,
      body: { nudges: true },
    });
  });

  it('stops reading a chunked body as soon as it passes the limit, and cancels the rest', async () => {
    const { request, state } = streamed(1000, 10);
    expect(await readRequestBody(request, 35)).toEqual(tooLarge(35));
    // Four chunks of 10 bytes pass 35; the other 996 are never pulled.
    expect(state.pulled).toBeLessThan(10);
    expect(state.cancelled).toBe(true);
  });

  it('reads a chunked body within the limit to its end', async () => {
    const { request, state } = streamed(3, 10);
    expect(await readRequestBody(request, 30)).toEqual({ ok: true, body: {} });
    expect(state.pulled).toBe(3);
    expect(state.cancelled).toBe(false);
  });
});
