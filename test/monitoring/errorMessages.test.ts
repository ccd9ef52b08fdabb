import { describe, expect, it } from 'vitest';
import {
  groupErrorMessages,
  MAX_MESSAGE_CHARS,
  MAX_MESSAGE_GROUPS,
  maskErrorMessage,
  safeRunUrl,
} from '../../src/monitoring/errorMessages.ts';
import type { RunSample, RunSampleStatus } from '../../src/monitoring/evaluate.ts';

const USER_ID = '8f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const OTHER_ID = '1c8f2d4e-2222-4333-9444-a55566667777';
const RUN_URL = 'https://github.com/strukt/strukt-cron/actions/runs/123456789';

describe('maskErrorMessage', () => {
  it.each([
    // scrub first: ids, emails, keys.
    { text: `no digest for ${USER_ID}`, masked: 'no digest for [id]' },
    { text: 'could not email maya@example.com', masked: 'could not email [email]' },
    { text: 'Incorrect API key provided: sk-proj-abcdefgh1234', masked: 'Incorrect API key provided: [key]' },
    // Quoted values: PostgreSQL quotes the value it refused.
    {
      text: 'duplicate key value violates unique constraint "digests_user_period_key"',
      masked: 'duplicate key value violates unique constraint [text]',
    },
    {
      text: "invalid input syntax for type uuid: 'abc-123'",
      masked: 'invalid input syntax for type uuid: [text]',
    },
    { text: "value 'x' and value 'y'", masked: 'value [text] and value [text]' },
    { text: 'said “hello there” and ‘bye’', masked: 'said [text] and [text]' },
    // An apostrophe opens no quote.
    { text: "can't connect, isn't ready", masked: "can't connect, isn't ready" },
    // Name-like words mid-sentence; a run of them is one [name].
    { text: 'could not write the digest for Maya Patel', masked: 'could not write the digest for [name]' },
    { text: 'plan for Maya, then for Jo', masked: 'plan for [name], then for [name]' },
    { text: 'no plan for José Álvarez', masked: 'no plan for [name]' },
    // Capitalised for a reason: opening the text or a sentence; technical words; not plain words.
    { text: 'Timeout after 30000 ms', masked: 'Timeout after 30000 ms' },
    { text: 'read failed. Retrying in 5 s', masked: 'read failed. Retrying in 5 s' },
    { text: 'status: Unauthorized', masked: 'status: Unauthorized' },
    {
      text: 'HTTP 503 Service Unavailable from Supabase',
      masked: 'HTTP 503 Service Unavailable from Supabase',
    },
    { text: 'call to OpenAI failed with TimeoutError', masked: 'call to OpenAI failed with TimeoutError' },
    {
      text: 'the Edge Function answered 429 Too Many Requests',
      masked: 'the Edge Function answered 429 Too Many Requests',
    },
    // One line, trimmed.
    { text: '  first line\n\n  second\tline  ', masked: 'first line second line' },
    { text: '', masked: '' },
  ])('$text → $masked', ({ text, masked }) => {
    expect(maskErrorMessage(text)).toBe(masked);
  });

  it(`keeps a message of ${MAX_MESSAGE_CHARS} characters whole, cuts a longer one with an ellipsis`, () => {
    expect(MAX_MESSAGE_CHARS).toBe(200);
    const exact = 'e'.repeat(MAX_MESSAGE_CHARS);
    expect(maskErrorMessage(exact)).toBe(exact);
    const cut = maskErrorMessage('e'.repeat(MAX_MESSAGE_CHARS + 1));
    expect(cut).toBe(`${'e'.repeat(MAX_MESSAGE_CHARS - 1)}…`);
    expect(cut).toHaveLength(MAX_MESSAGE_CHARS);
  });

  it('masks before it cuts, so no part of an id across the cut is shown', () => {
    const masked = maskErrorMessage(`${'e'.repeat(190)} ${USER_ID} tail`);
    expect(masked).toBe(`${'e'.repeat(190)} [id] tail`);
    const cutInside = maskErrorMessage(`${'e'.repeat(195)} ${USER_ID} tail`);
    expect(cutInside).toBe(`${'e'.repeat(195)} [id…`);
    expect(cutInside).not.toContain(USER_ID.slice(0, 4));
  });

  it('collapses whitespace before it cuts: a stack below the first line counts as one line', () => {
    const message = `Error: read failed\n${'    at fn (/src/x.ts:1:2)\n'.repeat(20)}`;
    const masked = maskErrorMessage(message);
    expect(masked).not.toContain('\n');
    expect(masked.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(masked.startsWith('Error: read failed at fn (/src/x.ts:1:2) at fn')).toBe(true);
  });
});

describe('safeRunUrl', () => {
  it.each([RUN_URL, `${RUN_URL}/attempts/2`, 'https://ghe.example.com:8443/org/repo.name/actions/runs/42'])(
    'keeps %s',
    (url) => {
      expect(safeRunUrl(url)).toBe(url);
    },
  );

  it.each([
    null,
    undefined,
    '',
    'http://github.com/o/r/actions/runs/1',
    'javascript:alert(1)//actions/runs/1',
    'https://github.com/o/r/actions/runs/abc',
    'https://github.com/o/r/actions/runs/1?x=1',
    'https://github.com/o/r/actions/runs/1)[click](https://evil.example',
    'https://github.com/o/r/actions/runs/1 more',
    'https://github.com/o/r/pull/1',
    'https://github.com/o/r/actions/runs/1/attempts/',
  ])('drops %s', (url) => {
    expect(safeRunUrl(url)).toBeNull();
  });
});

let counter = 0;
function run(
  errorMessage: string | null,
  runTime: string,
  more: { status?: RunSampleStatus; runUrl?: string | null } = {},
): RunSample {
  counter += 1;
  return {
    runId: `run-${counter}`,
    runTime,
    status: more.status ?? 'error',
    durationMs: 1000,
    attempts: 1,
    errorMessage,
    runUrl: more.runUrl ?? null,
  };
}

describe('groupErrorMessages', () => {
  it('has nothing to show for no runs', () => {
    expect(groupErrorMessages([])).toEqual({ top: [], distinct: 0 });
  });

  it('leaves out successful runs and runs without a message', () => {
    const runs = [
      run('should not show', '2025-11-01T00:00:00Z', { status: 'success' }),
      run(null, '2025-11-02T00:00:00Z'),
      run('', '2025-11-03T00:00:00Z'),
      run('   \n', '2025-11-04T00:00:00Z'),
      run('partial failure', '2025-11-05T00:00:00Z', { status: 'partial_success' }),
    ];
    expect(groupErrorMessages(runs)).toEqual({
      top: [{ message: 'partial failure', runs: 1, lastSeen: '2025-11-05T00:00:00.000Z', runUrl: null }],
      distinct: 1,
    });
  });

  it('groups messages that differ only in what masking hides', () => {
    const runs = [
      run(`no digest for ${USER_ID}`, '2025-11-01T10:00:00Z'),
      run(`no digest for ${OTHER_ID}`, '2025-11-03T10:00:00Z'),
      run('no digest for\n  8F1C2D3E-4B5A-4C6D-8E7F-9A0B1C2D3E4F', '2025-11-02T10:00:00Z'),
    ];
    expect(groupErrorMessages(runs)).toEqual({
      top: [{ message: 'no digest for [id]', runs: 3, lastSeen: '2025-11-03T10:00:00.000Z', runUrl: null }],
      distinct: 1,
    });
  });

  it('lists the most frequent first; ties latest first, then alphabetically', () => {
    const runs = [
      run('b rare', '2025-11-09T00:00:00Z'),
      run('a common', '2025-11-01T00:00:00Z'),
      run('a common', '2025-11-02T00:00:00Z'),
      run('c tied late', '2025-11-08T00:00:00Z'),
      run('d tied same time', '2025-11-05T00:00:00Z'),
      run('e tied same time', '2025-11-05T00:00:00Z'),
    ];
    expect(groupErrorMessages(runs).top.map((g) => g.message)).toEqual([
      'a common',
      'b rare',
      'c tied late',
      'd tied same time',
      'e tied same time',
    ]);
  });

  it(`shows at most ${MAX_MESSAGE_GROUPS} groups by default, or the limit given, and counts them all`, () => {
    expect(MAX_MESSAGE_GROUPS).toBe(5);
    const runs = Array.from({ length: 8 }, (_, i) =>
      run(`failure number ${i}`, `2025-11-0${i + 1}T00:00:00Z`),
    );
    const all = groupErrorMessages(runs);
    expect(all.top).toHaveLength(5);
    expect(all.distinct).toBe(8);
    // All tied at one run: the latest first.
    expect(all.top.map((g) => g.message)).toEqual([7, 6, 5, 4, 3].map((i) => `failure number ${i}`));
    expect(groupErrorMessages(runs, 2)).toMatchObject({ distinct: 8, top: [{ runs: 1 }, { runs: 1 }] });
    expect(groupErrorMessages(runs, 0).top).toEqual([]);
  });

  it('links the latest failing run that recorded a safe run URL', () => {
    const older = 'https://github.com/o/r/actions/runs/100';
    const newer = 'https://github.com/o/r/actions/runs/200';
    const runs = [
      run('boom', '2025-11-01T00:00:00Z', { runUrl: older }),
      run('boom', '2025-11-03T00:00:00Z', { runUrl: newer }),
      run('boom', '2025-11-02T00:00:00Z', { runUrl: 'https://github.com/o/r/actions/runs/150' }),
      // The latest run of all: its link is not safe to show, so the one before it is linked.
      run('boom', '2025-11-04T00:00:00Z', { runUrl: 'javascript:alert(1)' }),
      // A later success never provides the link.
      run('boom', '2025-11-05T00:00:00Z', {
        status: 'success',
        runUrl: 'https://github.com/o/r/actions/runs/900',
      }),
    ];
    expect(groupErrorMessages(runs).top).toEqual([
      { message: 'boom', runs: 4, lastSeen: '2025-11-04T00:00:00.000Z', runUrl: newer },
    ]);
  });

  it('shows no message text but the masked one', () => {
    const runs = [run(`Could not write for Maya Patel (${USER_ID}) "row value"`, '2025-11-01T00:00:00Z')];
    const { top } = groupErrorMessages(runs);
    expect(top[0]?.message).toBe('Could not write for [name] ([id]) [text]');
    expect(JSON.stringify(top)).not.toMatch(/Maya|Patel|row value|8f1c2d3e/);
  });
});
