/**
 * The fake OpenAI's files and Batch API, driven only through the official SDK as the product
 * will drive it: upload a JSONL file, create a batch, poll it, download its output and error
 * files, cancel it, page through the list.
 */
import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from './fakeOpenAI.ts';

const NOW = Date.UTC(2025, 0, 5, 20, 0, 0);
const NOW_S = NOW / 1000;
const MODEL = 'gpt-4o-mini';

let fake: FakeOpenAI | null = null;

afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function setup(opts: FakeOpenAIOptions = {}): Promise<{ fake: FakeOpenAI; client: OpenAI }> {
  fake = await startFakeOpenAI({ now: () => NOW, ...opts });
  // maxRetries 0: every answer the fake gives reaches the test as it was sent.
  return { fake, client: new OpenAI({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 }) };
}

/** A chat completions request with a strict schema, as the direct writer sends one. */
function chatBody(user: string, model = MODEL) {
  return {
    model,
    messages: [
      { role: 'system', content: 'You write a short weekly fitness digest.' },
      { role: 'user', content: `Summarise the week of ${user}.` },
    ],
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'digest',
        strict: true,
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['headline', 'workouts'],
          properties: {
            headline: { type: 'string' },
            workouts: { type: 'integer', minimum: 0, maximum: 14 },
          },
        },
      },
    },
  };
}

function requestLine(customId: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: chatBody(customId),
    ...overrides,
  });
}

function jsonl(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

async function upload(client: OpenAI, text: string, name = 'digests.jsonl') {
  return client.files.create({ file: await toFile(Buffer.from(text), name), purpose: 'batch' });
}

/** Uploads one request line per custom id and creates a batch of them. */
async function createBatch(client: OpenAI, customIds: string[], metadata?: Record<string, string>) {
  const file = await upload(client, jsonl(customIds.map((id) => requestLine(id))));
  return client.batches.create({
    input_file_id: file.id,
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
    ...(metadata ? { metadata } : {}),
  });
}

/** A file's content as files.content returns it: a fetch Response. */
async function download(client: OpenAI, fileId: string): Promise<string> {
  const response = await client.files.content(fileId);
  return response.text();
}

interface OutputLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: Record<string, unknown> } | null;
  error: { code: string; message: string } | null;
}

async function downloadLines(client: OpenAI, fileId: string | null | undefined): Promise<OutputLine[]> {
  expect(fileId).toEqual(expect.any(String));
  const text = await download(client, fileId!);
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as OutputLine);
}

describe('fake OpenAI files', () => {
  it('stores a multipart upload and answers the File object and the raw content', async () => {
    const { fake, client } = await setup();
    const text = jsonl([requestLine('user-1'), requestLine('user-2')]);

    const file = await upload(client, text, 'week-2.jsonl');

    expect(file).toEqual({
      id: expect.stringMatching(/^file-/),
      object: 'file',
      bytes: Buffer.byteLength(text),
      created_at: NOW_S,
      expires_at: NOW_S + 30 * 86_400,
      filename: 'week-2.jsonl',
      purpose: 'batch',
      status: 'processed',
      status_details: null,
    });
    expect(await client.files.retrieve(file.id)).toEqual(file);
    expect(await download(client, file.id)).toBe(text);
    expect(fake.files.get(file.id)?.text).toBe(text);
    expect(fake.batchRequestCounts()).toEqual({
      'files.create': 1,
      'files.retrieve': 1,
      'files.content': 1,
    });
    // Batch traffic is not chat completions traffic.
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a batch file that is not .jsonl and an unknown purpose, as OpenAI does', async () => {
    const { fake, client } = await setup();

    await expect(upload(client, requestLine('user-1'), 'digests.json')).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('Must be .jsonl'),
    });
    await expect(
      client.files.create({
        file: await toFile(Buffer.from('{}\n'), 'x.jsonl'),
        purpose: 'batches' as 'batch',
      }),
    ).rejects.toMatchObject({ status: 400, param: 'purpose' });
    await expect(client.files.content('file-missing')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(fake.files.list()).toHaveLength(0);
  });

  it('deletes a file', async () => {
    const { fake, client } = await setup();
    const file = await upload(client, jsonl([requestLine('user-1')]));

    expect(await client.files.delete(file.id)).toEqual({ id: file.id, object: 'file', deleted: true });
    expect(fake.files.get(file.id)).toBeUndefined();
    await expect(client.files.retrieve(file.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('fake OpenAI batches', () => {
  it('runs a batch validating → in_progress → finalizing → completed, answering each line as the direct endpoint', async () => {
    const { fake, client } = await setup();

    const created = await createBatch(client, ['user-1', 'user-2', 'user-3'], { run: 'run-42' });

    expect(created).toMatchObject({
      id: expect.stringMatching(/^batch_/),
      object: 'batch',
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      status: 'validating',
      created_at: NOW_S,
      expires_at: NOW_S + 86_400,
      in_progress_at: null,
      output_file_id: null,
      error_file_id: null,
      errors: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: { run: 'run-42' },
    });
    // Without autoAdvance a batch waits for the test.
    expect((await client.batches.retrieve(created.id)).status).toBe('validating');

    fake.batches.advance(created.id);
    const running = await client.batches.retrieve(created.id);
    expect(running).toMatchObject({
      status: 'in_progress',
      in_progress_at: NOW_S,
      model: MODEL,
      request_counts: { total: 3, completed: 0, failed: 0 },
    });

    fake.batches.process(created.id, 1);
    expect((await client.batches.retrieve(created.id)).request_counts).toEqual({
      total: 3,
      completed: 1,
      failed: 0,
    });

    fake.batches.advance(created.id);
    const finalizing = await client.batches.retrieve(created.id);
    expect(finalizing).toMatchObject({ status: 'finalizing', finalizing_at: NOW_S, output_file_id: null });
    expect(finalizing.request_counts).toEqual({ total: 3, completed: 3, failed: 0 });

    fake.batches.advance(created.id);
    const done = await client.batches.retrieve(created.id);
    expect(done).toMatchObject({ status: 'completed', completed_at: NOW_S, error_file_id: null });
    expect(done.usage?.total_tokens).toBeGreaterThan(0);
    // A terminal batch stays as it is.
    expect(fake.batches.advance(created.id)).toEqual(done);

    const output = await downloadLines(client, done.output_file_id);
    expect(output.map((l) => l.custom_id)).toEqual(['user-1', 'user-2', 'user-3']);
    expect(new Set(output.map((l) => l.id)).size).toBe(3);
    expect(output.every((l) => l.error === null && l.response?.status_code === 200)).toBe(true);
    expect(fake.files.get(done.output_file_id!)?.file).toMatchObject({
      purpose: 'batch_output',
      filename: `${done.id}_output.jsonl`,
    });

    // The body of a line is what chat.completions answers for the same request.
    const direct = await client.chat.completions.create(
      chatBody('user-2') as OpenAI.ChatCompletionCreateParamsNonStreaming,
    );
    const { id: lineId, ...lineBody } = output[1]!.response!.body as { id: string };
    const { id: directId, ...directBody } = direct;
    expect(lineId).not.toBe(directId);
    expect(lineBody).toEqual(directBody);
    expect(JSON.parse(String(direct.choices[0]?.message.content))).toEqual({
      headline: expect.any(String),
      workouts: 0,
    });
    expect(done.usage?.total_tokens).toBe(3 * direct.usage!.total_tokens);
  });

  it("answers batch lines with the fake's content option, as it answers direct requests", async () => {
    const { fake, client } = await setup({
      content: (body) => ({
        headline: `for ${JSON.stringify(body.messages).match(/user-\d/)?.[0]}`,
        workouts: 3,
      }),
    });
    const created = await createBatch(client, ['user-1', 'user-2']);

    const done = fake.batches.settle(created.id);

    const output = await downloadLines(client, done.output_file_id);
    const contents = output.map(
      (l) => (l.response?.body as unknown as OpenAI.ChatCompletion).choices[0]?.message.content,
    );
    expect(contents.map((c) => JSON.parse(String(c)))).toEqual([
      { headline: 'for user-1', workouts: 3 },
      { headline: 'for user-2', workouts: 3 },
    ]);
  });

  it('moves one step on each retrieve with autoAdvance', async () => {
    const { fake, client } = await setup({ batchScript: { autoAdvance: true } });
    const created = await createBatch(client, ['user-1', 'user-2']);

    const seen: string[] = [];
    for (let i = 0; i < 4; i++) seen.push((await client.batches.retrieve(created.id)).status);

    expect(seen).toEqual(['in_progress', 'finalizing', 'completed', 'completed']);
    expect(fake.batchRequestCounts()['batches.retrieve']).toBe(4);
  });

  it('puts scripted line failures in the error file and malformed lines in the output file', async () => {
    const { fake, client } = await setup();
    fake.batches.setScript({
      failLines: (customId) => customId === 'user-2',
      lineError: {
        status: 400,
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
        message: 'Too long.',
      },
      lineFaults: (customId) => (customId === 'user-4' ? 'refusal' : null),
      malformedOutputLines: 1,
    });
    const created = await createBatch(client, ['user-1', 'user-2', 'user-3', 'user-4']);

    const done = fake.batches.settle(created.id);
    expect(done.status).toBe('completed');
    expect((await client.batches.retrieve(created.id)).request_counts).toEqual({
      total: 4,
      completed: 3,
      failed: 1,
    });

    const errors = await downloadLines(client, done.error_file_id);
    expect(errors).toEqual([
      {
        id: expect.any(String),
        custom_id: 'user-2',
        response: {
          status_code: 400,
          request_id: expect.any(String),
          body: {
            error: {
              message: 'Too long.',
              type: 'invalid_request_error',
              param: null,
              code: 'context_length_exceeded',
            },
          },
        },
        error: null,
      },
    ]);

    const raw = (await download(client, done.output_file_id!)).trimEnd().split('\n');
    expect(raw).toHaveLength(3);
    expect(() => JSON.parse(raw[0]!)).toThrow(SyntaxError);
    expect(raw[0]).toContain('"custom_id":"user-1"');
    const [user3, user4] = raw.slice(1).map((l) => JSON.parse(l) as OutputLine);
    expect(user3?.custom_id).toBe('user-3');
    expect(user4?.custom_id).toBe('user-4');
    const message = (user4?.response?.body as unknown as OpenAI.ChatCompletion).choices[0]?.message;
    expect(message).toMatchObject({ content: null, refusal: expect.any(String) });
  });

  it('answers a line whose body is not a chat request with a 400 in the error file', async () => {
    const { fake, client } = await setup();
    const file = await upload(
      client,
      jsonl([requestLine('user-1'), requestLine('user-2', { body: { model: MODEL, prompt: 'hi' } })]),
    );
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });

    const done = fake.batches.settle(created.id);

    expect(done.status).toBe('completed');
    expect(done.request_counts).toEqual({ total: 2, completed: 1, failed: 1 });
    const [error] = await downloadLines(client, done.error_file_id);
    expect(error).toMatchObject({ custom_id: 'user-2', response: { status_code: 400 }, error: null });
  });

  it('writes output lines in reverse when scripted, so readers must key on custom_id', async () => {
    const { client } = await setup({ batchScript: { outputOrder: 'reversed', autoAdvance: true } });
    const created = await createBatch(client, ['a', 'b', 'c']);
    let batch = created;
    while (batch.status !== 'completed') batch = await client.batches.retrieve(created.id);

    const output = await downloadLines(client, batch.output_file_id);
    expect(output.map((l) => l.custom_id)).toEqual(['c', 'b', 'a']);
  });

  it('fails a malformed input file after validating, with errors.data per line', async () => {
    const { fake, client } = await setup();
    const file = await upload(
      client,
      jsonl([
        requestLine('user-1'),
        '{"custom_id": "user-2", "method": "POST"',
        requestLine('user-1'),
        requestLine('user-4', { url: '/v1/embeddings' }),
        requestLine('user-5', { method: 'GET' }),
        requestLine('user-6', { body: chatBody('user-6', 'gpt-4o') }),
      ]),
    );
    // OpenAI accepts the upload and the create; the batch fails while validating.
    expect(file.status).toBe('processed');
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    expect(created.status).toBe('validating');

    fake.batches.advance(created.id);
    const failed = await client.batches.retrieve(created.id);

    expect(failed).toMatchObject({
      status: 'failed',
      failed_at: NOW_S,
      in_progress_at: null,
      output_file_id: null,
      error_file_id: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
    });
    expect(failed.errors?.object).toBe('list');
    expect(failed.errors?.data?.map((e) => [e.code, e.line])).toEqual([
      ['invalid_json_line', 2],
      ['duplicate_custom_id', 3],
      ['url_mismatch', 4],
      ['invalid_request', 5],
      ['model_mismatch', 6],
    ]);
    expect(failed.errors?.data?.every((e) => typeof e.message === 'string' && e.message !== '')).toBe(true);
  });

  it('fails an empty input file, and a well-formed one scripted to fail', async () => {
    const { fake, client } = await setup();
    const empty = await upload(client, '');
    const emptyBatch = await client.batches.create({
      input_file_id: empty.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    expect(fake.batches.advance(emptyBatch.id).errors?.data.map((e) => e.code)).toEqual(['empty_file']);

    fake.batches.setScript({ outcome: 'failed' });
    const scripted = await createBatch(client, ['user-1']);
    fake.batches.advance(scripted.id);
    const failed = await client.batches.retrieve(scripted.id);
    expect(failed.status).toBe('failed');
    expect(failed.errors?.data?.[0]).toMatchObject({ code: 'token_limit_exceeded', line: null });
  });

  it('refuses a create with a bad input file, endpoint, window or metadata', async () => {
    const { fake, client } = await setup();
    const ok = await upload(client, jsonl([requestLine('user-1')]));
    const notBatch = await client.files.create({
      file: await toFile(Buffer.from('{}\n'), 'notes.jsonl'),
      purpose: 'user_data',
    });
    const params = {
      input_file_id: ok.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    } as const;

    await expect(client.batches.create({ ...params, input_file_id: 'file-missing' })).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
    await expect(client.batches.create({ ...params, input_file_id: notBatch.id })).rejects.toMatchObject({
      status: 400,
      param: 'input_file_id',
    });
    await expect(
      client.batches.create({ ...params, completion_window: '48h' as '24h' }),
    ).rejects.toMatchObject({
      status: 400,
      param: 'completion_window',
    });
    await expect(client.batches.create({ ...params, endpoint: '/v1/embeddings' })).rejects.toMatchObject({
      status: 400,
      param: 'endpoint',
    });
    await expect(
      client.batches.create({ ...params, metadata: { note: 'x'.repeat(513) } }),
    ).rejects.toMatchObject({ status: 400, param: 'metadata' });
    expect(fake.batches.list()).toHaveLength(0);
    await expect(client.batches.retrieve('batch_missing')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('expires with partial output: answered lines in the output file, the rest batch_expired', async () => {
    const { fake, client } = await setup({ batchScript: { outcome: 'expired', linesBeforeExpiry: 2 } });
    const created = await createBatch(client, ['u1', 'u2', 'u3', 'u4', 'u5']);

    fake.batches.advance(created.id);
    fake.batches.advance(created.id);
    const expired = await client.batches.retrieve(created.id);

    expect(expired).toMatchObject({
      status: 'expired',
      expired_at: NOW_S,
      completed_at: null,
      request_counts: { total: 5, completed: 2, failed: 0 },
    });
    const output = await downloadLines(client, expired.output_file_id);
    expect(output.map((l) => l.custom_id)).toEqual(['u1', 'u2']);
    const errors = await downloadLines(client, expired.error_file_id);
    expect(errors.map((l) => l.custom_id)).toEqual(['u3', 'u4', 'u5']);
    for (const line of errors) {
      expect(line.response).toBeNull();
      expect(line.error).toEqual({ code: 'batch_expired', message: expect.any(String) });
    }
  });

  it('expires on demand after the lines processed so far', async () => {
    const { fake, client } = await setup();
    const created = await createBatch(client, ['u1', 'u2', 'u3']);
    fake.batches.advance(created.id);
    fake.batches.process(created.id, 1);

    fake.batches.expire(created.id);

    const expired = await client.batches.retrieve(created.id);
    expect(expired.status).toBe('expired');
    expect((await downloadLines(client, expired.output_file_id)).map((l) => l.custom_id)).toEqual(['u1']);
    expect((await downloadLines(client, expired.error_file_id)).map((l) => l.custom_id)).toEqual([
      'u2',
      'u3',
    ]);
  });

  it('cancels: cancelling, then cancelled with the lines already answered', async () => {
    const { fake, client } = await setup();
    const created = await createBatch(client, ['u1', 'u2', 'u3', 'u4']);
    fake.batches.advance(created.id);
    fake.batches.process(created.id, 2);

    const cancelling = await client.batches.cancel(created.id);
    expect(cancelling).toMatchObject({ status: 'cancelling', cancelling_at: NOW_S, cancelled_at: null });
    // Cancelling twice is answered the same; the batch waits in cancelling.
    expect((await client.batches.cancel(created.id)).status).toBe('cancelling');
    expect((await client.batches.retrieve(created.id)).status).toBe('cancelling');

    fake.batches.advance(created.id);
    const cancelled = await client.batches.retrieve(created.id);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelled_at: NOW_S,
      request_counts: { total: 4, completed: 2, failed: 0 },
    });
    expect((await downloadLines(client, cancelled.output_file_id)).map((l) => l.custom_id)).toEqual([
      'u1',
      'u2',
    ]);
    const errors = await downloadLines(client, cancelled.error_file_id);
    expect(errors.map((l) => [l.custom_id, l.error?.code])).toEqual([
      ['u3', 'batch_cancelled'],
      ['u4', 'batch_cancelled'],
    ]);
    expect(fake.batchRequestCounts()['batches.cancel']).toBe(2);
  });

  it('refuses to cancel a finished batch', async () => {
    const { fake, client } = await setup();
    const created = await createBatch(client, ['u1']);
    fake.batches.settle(created.id);

    await expect(client.batches.cancel(created.id)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    expect(fake.batches.get(created.id).status).toBe('completed');
  });

  it('lists batches newest first in pages the SDK follows with after', async () => {
    const { fake, client } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createBatch(client, [`u${i}`])).id);

    const first = await client.batches.list({ limit: 2 });
    expect(first.data.map((b) => b.id)).toEqual([ids[4], ids[3]]);
    expect(first.has_more).toBe(true);

    const all: string[] = [];
    for await (const batch of client.batches.list({ limit: 2 })) all.push(batch.id);
    expect(all).toEqual([...ids].reverse());
    // One request for the first page, then three for the pages of 2, 2 and 1.
    expect(fake.batchRequestCounts()['batches.list']).toBe(4);
    expect(fake.batchRequests.filter((r) => r.endpoint === 'batches.list').at(-1)?.path).toBe('/v1/batches');
  });

  it('scripts each batch from its create, e.g. by metadata', async () => {
    const { fake, client } = await setup({
      batchScript: ({ metadata }) => (metadata?.job === 'plans' ? { outcome: 'expired' } : {}),
    });
    const digests = await createBatch(client, ['u1', 'u2'], { job: 'digests' });
    const plans = await createBatch(client, ['u1', 'u2'], { job: 'plans' });

    expect(fake.batches.settle(digests.id).status).toBe('completed');
    expect(fake.batches.settle(plans.id).status).toBe('expired');
  });
});
