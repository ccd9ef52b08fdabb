import { describe, expect, it } from 'vitest';
import { customIdOf, parseAnswerLine, requestLine } from '../../src/ai/batchLines.ts';

describe('customIdOf', () => {
  it('names the job, day, shard and place in the batch, and nothing about the user', () => {
    expect(
      customIdOf({ job: 'weekly-digest', day: '2025-11-09', shardIndex: 1, shardCount: 4, seq: 42 }),
    ).toBe('digest-2025-11-09-s1of4-000042');
    expect(
      customIdOf({ job: 'plan-refresh', day: '2025-11-10', shardIndex: 0, shardCount: 1, seq: 50000 }),
    ).toBe('plan-2025-11-10-s0of1-050000');
  });
});

describe('requestLine', () => {
  it('is one JSON line for /v1/chat/completions with the custom_id and the body as given', () => {
    const line = requestLine('digest-x-000001', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      custom_id: 'digest-x-000001',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
    });
  });
});

describe('parseAnswerLine', () => {
  const completion = { id: 'c1', object: 'chat.completion', model: 'gpt-4o-mini', choices: [] };

  it('reads an answer', () => {
    const line = JSON.stringify({
      id: 'r1',
      custom_id: 'a',
      response: { status_code: 200, request_id: 'q', body: completion },
      error: null,
    });
    expect(parseAnswerLine(line)).toEqual({ kind: 'answer', customId: 'a', completion });
  });

  it.each([
    [{ custom_id: 'b', response: null, error: { code: 'batch_expired', message: 'x' } }, 'batch_expired'],
    [
      {
        custom_id: 'b',
        response: { status_code: 500, body: { error: { type: 'server_error' } } },
        error: null,
      },
      'server_error',
    ],
    [
      { custom_id: 'b', response: { status_code: 429, body: { error: { code: 'rate_limit_exceeded' } } } },
      'rate_limit_exceeded',
    ],
    [{ custom_id: 'b', response: { status_code: 502, body: null } }, 'http_502'],
    [{ custom_id: 'b', response: { status_code: 200, body: { nothing: true } } }, 'no_choices'],
    [{ custom_id: 'b', error: { code: 'weird code!' } }, 'weird_code_'],
  ])('reads an error line as a short code: %j', (record, code) => {
    expect(parseAnswerLine(JSON.stringify(record))).toEqual({ kind: 'error', customId: 'b', code });
  });

  it.each([
    '{"custom_id": "c", "response": {"status_co',
    'not json',
    '[]',
    '{"response": {}}',
    '{"custom_id": ""}',
    'null',
  ])('never throws on a line it cannot use: %s', (line) => {
    expect(parseAnswerLine(line)).toEqual({ kind: 'unreadable' });
  });
});
