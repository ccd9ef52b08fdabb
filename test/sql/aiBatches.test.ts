/**
 * Migration 20261201000200_ai_batches: the OpenAI batches of `--ai batch` mode, through the typed
 * wrappers of src/sql/batches.ts on real PostgreSQL.
 *
 * - A batch opens as `submitting`, at most one unclosed per job, period and shard (also when two
 *   runs open it at once), and the same key again is the same batch.
 * - Request lines are added only while `submitting`, duplicates ignored, at most 1,000 per call.
 * - Collectors take a batch with a lease: of two claiming at once exactly one holds it; a lease
 *   that ran out can be taken over; only the holder (or anyone, when nobody holds it) closes it.
 * - Health sees every unclosed batch and those closed since a time, with the failed lines' share.
 * - Only service_role may call the functions; the migration rolls back and applies again.
 */
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateDown, migrateUp } from '../../src/db/migrate.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/db/migrations.ts';
import {
  addBatchRequests,
  batchHealth,
  batchRequests,
  batchUsers,
  claimBatch,
  closeBatch,
  markBatchSubmitted,
  noteBatchStatus,
  openBatch,
  unclosedBatches,
  type BatchRequest,
  type BatchRow,
  type OpenBatchArgs,
} from '../../src/sql/batches.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const OURS = '20261201000200';
const AS_OF = '2025-11-09T20:00:00Z';
const PERIOD = { p_period_start: '2025-11-02T20:00:00Z', p_period_end: '2025-11-09T20:00:00Z' };
const NEXT_PERIOD = { p_period_start: '2025-11-09T20:00:00Z', p_period_end: '2025-11-16T20:00:00Z' };

const FUNCTIONS = [
  'cron_batch_open',
  'cron_batch_add_requests',
  'cron_batch_submitted',
  'cron_batches_unclosed',
  'cron_batch_claim',
  'cron_batch_note_status',
  'cron_batch_users',
  'cron_batch_requests',
  'cron_batch_close',
  'cron_batch_health',
];

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await t.sql.exec('truncate strukt.ai_batches cascade');
});

function batch(over: Partial<OpenBatchArgs> = {}): OpenBatchArgs {
  return {
    p_key: randomUUID(),
    p_job: 'weekly-digest',
    p_as_of: AS_OF,
    ...PERIOD,
    p_shard_index: 0,
    p_shard_count: 1,
    p_deadline_at: '2025-11-10T20:00:00Z',
    p_run_id: 'run-a',
    ...over,
  };
}

/** Opens a batch that must be new; returns its key. */
async function opened(over: Partial<OpenBatchArgs> = {}): Promise<string> {
  const args = batch(over);
  const [row] = await openBatch(t.db, args);
  expect(row).toMatchObject({ key: args.p_key, created: true });
  return args.p_key;
}

function lines(prefix: string, n: number): BatchRequest[] {
  return Array.from({ length: n }, (_, i) => ({
    custom_id: `${prefix}-${i + 1}`,
    user_id: randomUUID(),
    basis: null,
  }));
}

async function row(key: string): Promise<Record<string, unknown>> {
  const [r] = await t.sql.query<Record<string, unknown>>(
    `select key, state, request_count, openai_batch_id, input_file_id, openai_status, claimed_by,
            claimed_until is not null as leased, closed_at is not null as closed, counts
     from strukt.ai_batches where key = $1`,
    [key],
  );
  return r!;
}

describe('cron_batch_open', () => {
  it('records a submitting batch with every column, created true', async () => {
    const args = batch();
    const rows = await openBatch(t.db, args);
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r).toMatchObject({
      key: args.p_key,
      job: 'weekly-digest',
      shard_index: 0,
      shard_count: 1,
      openai_batch_id: null,
      input_file_id: null,
      request_count: 0,
      state: 'submitting',
      openai_status: null,
      run_id: 'run-a',
      claimed_by: null,
      claimed_until: null,
      closed_at: null,
      counts: {},
      created: true,
    });
    expect(Date.parse(r.as_of)).toBe(Date.parse(AS_OF));
    expect(Date.parse(r.period_start!)).toBe(Date.parse(PERIOD.p_period_start));
    expect(Date.parse(r.period_end!)).toBe(Date.parse(PERIOD.p_period_end));
    expect(Date.parse(r.deadline_at)).toBe(Date.parse('2025-11-10T20:00:00Z'));
    expect(Math.abs(Date.parse(r.submitted_at) - Date.now())).toBeLessThan(60_000);
    expect(Object.keys(r).sort()).toEqual(
      [
        'key',
        'job',
        'as_of',
        'period_start',
        'period_end',
        'shard_index',
        'shard_count',
        'openai_batch_id',
        'input_file_id',
        'request_count',
        'state',
        'openai_status',
        'submitted_at',
        'deadline_at',
        'run_id',
        'claimed_by',
        'claimed_until',
        'closed_at',
        'counts',
        'created',
      ].sort(),
    );
  });

  it('returns the unclosed batch of the same job, period and shard instead of a second one', async () => {
    const first = await opened();
    const [again] = await openBatch(t.db, batch({ p_run_id: 'run-b' }));
    expect(again).toMatchObject({ key: first, created: false, run_id: 'run-a', state: 'submitting' });
    // The same key again: the same batch, whatever else is passed.
    const [same] = await openBatch(t.db, batch({ p_key: first, p_shard_index: 1, p_shard_count: 2 }));
    expect(same).toMatchObject({ key: first, created: false, shard_index: 0, shard_count: 1 });

    // Another shard, another period, another job: each a batch of its own.
    await opened({ p_shard_index: 1, p_shard_count: 2 });
    await opened({ p_shard_index: 0, p_shard_count: 2 });
    await opened({ ...NEXT_PERIOD });
    await opened({ p_job: 'plan-refresh' });
    expect(
      await t.sql.query(`select count(*)::int as n from strukt.ai_batches where closed_at is null`),
    ).toEqual([{ n: 5 }]);
  });

  it('tells periods apart by the as-of when the job has none', async () => {
    const noPeriod = { p_job: 'plan-refresh' as const, p_period_start: null, p_period_end: null };
    const first = await opened(noPeriod);
    const [again] = await openBatch(t.db, batch(noPeriod));
    expect(again).toMatchObject({ key: first, created: false, period_start: null });
    await opened({ ...noPeriod, p_as_of: '2025-11-10T20:00:00Z' });
  });

  it('opens a new batch once the previous one of its shard is closed', async () => {
    const first = await opened();
    expect(
      await closeBatch(t.db, {
        p_key: first,
        p_run_id: 'run-a',
        p_state: 'abandoned',
        p_openai_status: null,
        p_counts: {},
      }),
    ).toBe(true);
    const second = await opened({ p_run_id: 'run-b' });
    expect(second).not.toBe(first);
    // The closed one's key still names the closed batch.
    const [old] = await openBatch(t.db, batch({ p_key: first }));
    expect(old).toMatchObject({ key: first, created: false, state: 'abandoned' });
  });

  it('lets exactly one of two runs opening the same shard at once create it', async () => {
    const a = batch({ p_run_id: 'run-a' });
    const b = batch({ p_run_id: 'run-b' });
    const [[ra], [rb]] = await Promise.all([openBatch(t.db, a), openBatch(t.db, b)]);
    expect([ra!.created, rb!.created].sort()).toEqual([false, true]);
    expect(ra!.key).toBe(rb!.key);
    expect(await unclosedBatches(t.db, { p_job: null })).toHaveLength(1);
  });

  it('refuses arguments that make no batch, saying what was expected', async () => {
    const cases: [Partial<OpenBatchArgs>, RegExp][] = [
      [{ p_job: 'daily' as never }, /p_job must be weekly-digest or plan-refresh, got 'daily'/],
      [{ p_shard_index: 1, p_shard_count: 1 }, /p_shard_index must be from 0 to 0 .*got 1/],
      [{ p_shard_count: 0 }, /p_shard_count must be at least 1, got 0/],
      [{ p_key: '' }, /p_key must be a non-empty text/],
      [{ ...PERIOD, p_period_end: PERIOD.p_period_start }, /p_period_end must be after p_period_start/],
    ];
    for (const [over, message] of cases) {
      await expect(openBatch(t.db, batch(over))).rejects.toMatchObject({
        code: '22023',
        message: expect.stringMatching(message),
      });
    }
    expect(await unclosedBatches(t.db, { p_job: null })).toEqual([]);
  });
});

describe('cron_batch_add_requests', () => {
  it('adds new lines only, and keeps request_count the number of lines', async () => {
    const key = await opened();
    const three = lines('u', 3);
    expect(await addBatchRequests(t.db, { p_key: key, p_requests: three })).toBe(3);
    expect(await row(key)).toMatchObject({ request_count: 3 });

    // One line already there, one new, one for a user the batch already has.
    const more = [
      three[0]!,
      { custom_id: 'u-4', user_id: randomUUID() },
      { custom_id: 'u-5', user_id: three[1]!.user_id },
    ];
    expect(await addBatchRequests(t.db, { p_key: key, p_requests: more })).toBe(1);
    expect(await row(key)).toMatchObject({ request_count: 4 });
    // An empty list adds nothing. Through SQL: the direct transport's toParam sends an empty JS
    // array as a PostgreSQL array ('{}', which jsonb reads as an object), so the wrapper cannot.
    expect(await t.sql.query(`select * from public.cron_batch_add_requests($1, '[]'::jsonb)`, [key])).toEqual(
      [{ added: 0 }],
    );
  });

  it('refuses more than 1,000 lines in a call, and malformed lines', async () => {
    const key = await opened();
    await expect(addBatchRequests(t.db, { p_key: key, p_requests: lines('u', 1001) })).rejects.toMatchObject({
      code: '22023',
      message: expect.stringMatching(/at most 1000 request lines, got 1001/),
    });
    expect(await addBatchRequests(t.db, { p_key: key, p_requests: lines('u', 1000) })).toBe(1000);
    await expect(
      addBatchRequests(t.db, { p_key: key, p_requests: [{ custom_id: 'x', user_id: 'not-a-uuid' }] }),
    ).rejects.toMatchObject({ code: '22023', message: expect.stringMatching(/"user_id": uuid/) });
    expect(await row(key)).toMatchObject({ request_count: 1000 });
  });

  it("records each line's basis and gives it back through cron_batch_users and cron_batch_requests", async () => {
    const key = await opened();
    const [a, b, c] = lines('b', 3);
    // A plan version, none (a digest's line), and a line that leaves it out.
    const sent = [
      { ...a!, basis: 7 },
      { ...b!, basis: null },
      { custom_id: c!.custom_id, user_id: c!.user_id },
    ];
    expect(await addBatchRequests(t.db, { p_key: key, p_requests: sent })).toBe(3);
    const expected = [
      { ...a!, basis: 7 },
      { ...b!, basis: null },
      { ...c!, basis: null },
    ];
    expect(await batchRequests(t.db, { p_key: key, p_after: null, p_limit: 10 })).toEqual(expected);
    expect(await batchUsers(t.db, { p_key: key, p_custom_ids: [a!.custom_id, c!.custom_id] })).toEqual([
      expected[0],
      expected[2],
    ]);
  });

  it.each([
    ['text', '"3"'],
    ['a fraction', '1.5'],
    ['too large for an integer', '12345678901'],
    ['an object', '{"v": 1}'],
  ])('refuses a basis that is %s (22023), adding nothing', async (_what, basis) => {
    const key = await opened();
    const line = `{"custom_id": "x-1", "user_id": "${randomUUID()}", "basis": ${basis}}`;
    await expect(
      t.sql.query(`select * from public.cron_batch_add_requests($1, $2::jsonb)`, [key, `[${line}]`]),
    ).rejects.toMatchObject({
      code: '22023',
      message: expect.stringMatching(/"basis": whole number or null/),
    });
    expect(await row(key)).toMatchObject({ request_count: 0 });
  });

  it('adds nothing to a batch no longer submitting (55000), or to no batch', async () => {
    const key = await opened();
    await addBatchRequests(t.db, { p_key: key, p_requests: lines('u', 2) });
    await markBatchSubmitted(t.db, {
      p_key: key,
      p_openai_batch_id: 'batch_1',
      p_input_file_id: 'file_1',
      p_request_count: 2,
    });
    await expect(addBatchRequests(t.db, { p_key: key, p_requests: lines('v', 1) })).rejects.toMatchObject({
      code: '55000',
      message: expect.stringMatching(
        /is submitted, and request lines can be added only while it is submitting/,
      ),
    });
    await expect(
      addBatchRequests(t.db, { p_key: randomUUID(), p_requests: lines('v', 1) }),
    ).rejects.toMatchObject({ code: '22023', message: expect.stringMatching(/no batch/) });
    expect(await t.sql.query(`select count(*)::int as n from strukt.ai_batch_requests`)).toEqual([{ n: 2 }]);
  });
});

describe('cron_batch_submitted', () => {
  it('turns a submitting batch submitted with OpenAI’s ids, once', async () => {
    const key = await opened();
    await addBatchRequests(t.db, { p_key: key, p_requests: lines('u', 3) });
    const args = {
      p_key: key,
      p_openai_batch_id: 'batch_abc',
      p_input_file_id: 'file_abc',
      p_request_count: 3,
    };
    expect(await markBatchSubmitted(t.db, args)).toBe(true);
    expect(await row(key)).toMatchObject({
      state: 'submitted',
      openai_batch_id: 'batch_abc',
      input_file_id: 'file_abc',
      request_count: 3,
      closed: false,
    });
    expect(await markBatchSubmitted(t.db, { ...args, p_openai_batch_id: 'batch_other' })).toBe(false);
    expect(await row(key)).toMatchObject({ openai_batch_id: 'batch_abc' });
    expect(await markBatchSubmitted(t.db, { ...args, p_key: randomUUID() })).toBe(false);
  });
});

describe('cron_batches_unclosed', () => {
  it('lists the unclosed batches of a job, or of all, oldest first', async () => {
    const digestOld = await opened();
    const plan = await opened({ p_job: 'plan-refresh' });
    const digestNew = await opened({ ...NEXT_PERIOD });
    const closed = await opened({ p_shard_index: 1, p_shard_count: 2 });
    await t.sql.query(
      `update strukt.ai_batches set submitted_at = case key when $1 then timestamptz '2025-11-09T20:01:00Z'
         when $2 then '2025-11-09T20:02:00Z' when $3 then '2025-11-09T20:03:00Z' else '2025-11-09T20:00:00Z' end`,
      [digestOld, plan, digestNew],
    );
    await closeBatch(t.db, {
      p_key: closed,
      p_run_id: 'run-a',
      p_state: 'failed',
      p_openai_status: 'failed',
      p_counts: {},
    });

    const digests = await unclosedBatches(t.db, { p_job: 'weekly-digest' });
    expect(digests.map((b) => b.key)).toEqual([digestOld, digestNew]);
    expect(digests[0]).not.toHaveProperty('created');
    expect(Object.keys(digests[0]!)).toHaveLength(19);
    expect((await unclosedBatches(t.db, { p_job: null })).map((b) => b.key)).toEqual([
      digestOld,
      plan,
      digestNew,
    ]);
    expect((await unclosedBatches(t.db, { p_job: 'plan-refresh' })).map((b) => b.key)).toEqual([plan]);
    await expect(unclosedBatches(t.db, { p_job: 'daily' as never })).rejects.toMatchObject({ code: '22023' });
  });
});

describe('cron_batch_claim', () => {
  it('gives a batch to exactly one of two runs claiming at once', async () => {
    const key = await opened();
    for (let i = 0; i < 5; i++) {
      await t.sql.query(
        `update strukt.ai_batches set claimed_by = null, claimed_until = null where key = $1`,
        [key],
      );
      const [a, b] = await Promise.all([
        claimBatch(t.db, { p_key: key, p_run_id: 'run-a', p_lease_seconds: 600 }),
        claimBatch(t.db, { p_key: key, p_run_id: 'run-b', p_lease_seconds: 600 }),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect(await row(key)).toMatchObject({ claimed_by: a ? 'run-a' : 'run-b', leased: true });
    }
  });

  it('renews for the holder, refuses another run until the lease runs out', async () => {
    const key = await opened();
    expect(await claimBatch(t.db, { p_key: key, p_run_id: 'run-a', p_lease_seconds: 600 })).toBe(true);
    expect(await claimBatch(t.db, { p_key: key, p_run_id: 'run-a', p_lease_seconds: 600 })).toBe(true);
    expect(await claimBatch(t.db, { p_key: key, p_run_id: 'run-b', p_lease_seconds: 600 })).toBe(false);
    expect(await row(key)).toMatchObject({ claimed_by: 'run-a' });

    await t.sql.query(
      `update strukt.ai_batches set claimed_until = now() - interval '1 second' where key = $1`,
      [key],
    );
    expect(await claimBatch(t.db, { p_key: key, p_run_id: 'run-b', p_lease_seconds: 60 })).toBe(true);
    const [lease] = await t.sql.query<{ secs: number }>(
      `select round(extract(epoch from claimed_until - now()))::int as secs from strukt.ai_batches where key = $1`,
      [key],
    );
    expect(lease!.secs).toBeGreaterThan(50);
    expect(lease!.secs).toBeLessThanOrEqual(60);
    expect(await row(key)).toMatchObject({ claimed_by: 'run-b' });
  });

  it('claims no closed or unknown batch, and refuses a lease out of range', async () => {
    const key = await opened();
    await closeBatch(t.db, {
      p_key: key,
      p_run_id: 'run-a',
      p_state: 'abandoned',
      p_openai_status: null,
      p_counts: {},
    });
    expect(await claimBatch(t.db, { p_key: key, p_run_id: 'run-a', p_lease_seconds: 600 })).toBe(false);
    expect(await claimBatch(t.db, { p_key: randomUUID(), p_run_id: 'run-a', p_lease_seconds: 600 })).toBe(
      false,
    );
    for (const secs of [0, 86401]) {
      await expect(
        claimBatch(t.db, { p_key: key, p_run_id: 'run-a', p_lease_seconds: secs }),
      ).rejects.toMatchObject({
        code: '22023',
        message: `p_lease_seconds must be from 1 to 86400, got ${secs}`,
      });
    }
  });
});

describe('cron_batch_note_status', () => {
  it('records OpenAI’s latest status', async () => {
    const key = await opened();
    await noteBatchStatus(t.db, { p_key: key, p_openai_status: 'validating' });
    expect(await row(key)).toMatchObject({ openai_status: 'validating' });
    await noteBatchStatus(t.db, { p_key: key, p_openai_status: 'in_progress' });
    const [listed] = await unclosedBatches(t.db, { p_job: 'weekly-digest' });
    expect(listed).toMatchObject({ key, openai_status: 'in_progress' });
    // An unknown key changes nothing and is no error.
    await noteBatchStatus(t.db, { p_key: randomUUID(), p_openai_status: 'completed' });
    expect(await row(key)).toMatchObject({ openai_status: 'in_progress' });
  });
});

describe('cron_batch_users', () => {
  it('gives the users of the batch’s own lines among the ids asked for', async () => {
    const key = await opened();
    const other = await opened({ p_shard_index: 1, p_shard_count: 2 });
    const mine = lines('c', 4);
    const theirs = lines('x', 2);
    await addBatchRequests(t.db, { p_key: key, p_requests: mine });
    await addBatchRequests(t.db, { p_key: other, p_requests: theirs });

    const users = await batchUsers(t.db, {
      p_key: key,
      p_custom_ids: ['c-3', 'c-1', 'x-1', 'unknown'],
    });
    expect(users).toEqual([mine[0], mine[2]]);
    expect(await batchUsers(t.db, { p_key: other, p_custom_ids: ['c-1', 'x-2'] })).toEqual([theirs[1]]);
    expect(await batchUsers(t.db, { p_key: key, p_custom_ids: [] })).toEqual([]);
    await expect(
      batchUsers(t.db, { p_key: key, p_custom_ids: Array.from({ length: 1001 }, (_, i) => `c-${i}`) }),
    ).rejects.toMatchObject({
      code: '22023',
      message: expect.stringMatching(/at most 1000 ids, got 1001 ids/),
    });
  });
});

describe('cron_batch_requests', () => {
  it('pages through the batch’s lines by custom_id', async () => {
    const key = await opened();
    const other = await opened({ p_shard_index: 1, p_shard_count: 2 });
    const five = lines('r', 5);
    await addBatchRequests(t.db, {
      p_key: key,
      p_requests: [five[3]!, five[0]!, five[4]!, five[2]!, five[1]!],
    });
    await addBatchRequests(t.db, { p_key: other, p_requests: lines('r', 3) });

    const seen: BatchRequest[][] = [];
    let after: string | null = null;
    for (;;) {
      const page: BatchRequest[] = await batchRequests(t.db, { p_key: key, p_after: after, p_limit: 2 });
      if (page.length === 0) break;
      seen.push(page);
      after = page.at(-1)!.custom_id;
    }
    expect(seen).toEqual([[five[0], five[1]], [five[2], five[3]], [five[4]]]);
    // The limit is taken as 1 to 1,000.
    expect(await batchRequests(t.db, { p_key: key, p_after: null, p_limit: 0 })).toEqual([five[0]]);
    expect(await batchRequests(t.db, { p_key: key, p_after: null, p_limit: 5000 })).toEqual(five);
    expect(await batchRequests(t.db, { p_key: randomUUID(), p_after: null, p_limit: 10 })).toEqual([]);
  });
});

describe('cron_batch_close', () => {
  it('closes a batch for its holder only, once, with its state and counts', async () => {
    const key = await opened();
    await markBatchSubmitted(t.db, {
      p_key: key,
      p_openai_batch_id: 'b1',
      p_input_file_id: 'f1',
      p_request_count: 4,
    });
    await noteBatchStatus(t.db, { p_key: key, p_openai_status: 'completed' });
    const close = (runId: string) =>
      closeBatch(t.db, {
        p_key: key,
        p_run_id: runId,
        p_state: 'collected',
        p_openai_status: null,
        p_counts: { collected: 3, failed: 1, fell_back: 1 },
      });

    await expect(
      closeBatch(t.db, {
        p_key: key,
        p_run_id: 'run-a',
        p_state: 'submitted' as never,
        p_openai_status: null,
        p_counts: {},
      }),
    ).rejects.toMatchObject({
      code: '22023',
      message: "p_state must be collected, expired, failed, cancelled or abandoned, got 'submitted'",
    });

    expect(await claimBatch(t.db, { p_key: key, p_run_id: 'run-b', p_lease_seconds: 600 })).toBe(true);
    expect(await close('run-a')).toBe(false);
    expect(await row(key)).toMatchObject({ state: 'submitted', closed: false, claimed_by: 'run-b' });

    expect(await close('run-b')).toBe(true);
    expect(await row(key)).toMatchObject({
      state: 'collected',
      closed: true,
      openai_status: 'completed',
      counts: { collected: 3, failed: 1, fell_back: 1 },
      claimed_by: null,
      leased: false,
    });
    expect(await close('run-b')).toBe(false);
    expect(await unclosedBatches(t.db, { p_job: null })).toEqual([]);
  });

  it('closes a batch nobody holds, or whose holder’s lease ran out, for any run', async () => {
    const free = await opened();
    expect(
      await closeBatch(t.db, {
        p_key: free,
        p_run_id: 'run-c',
        p_state: 'expired',
        p_openai_status: 'expired',
        p_counts: {},
      }),
    ).toBe(true);
    expect(await row(free)).toMatchObject({ state: 'expired', openai_status: 'expired' });

    const stale = await opened({ ...NEXT_PERIOD });
    await claimBatch(t.db, { p_key: stale, p_run_id: 'run-a', p_lease_seconds: 600 });
    await t.sql.query(
      `update strukt.ai_batches set claimed_until = now() - interval '1 second' where key = $1`,
      [stale],
    );
    expect(
      await closeBatch(t.db, {
        p_key: stale,
        p_run_id: 'run-c',
        p_state: 'cancelled',
        p_openai_status: null,
        p_counts: {},
      }),
    ).toBe(true);
    expect(await row(stale)).toMatchObject({ state: 'cancelled', openai_status: null, claimed_by: null });
  });
});

describe('cron_batch_health', () => {
  it('shows every unclosed batch and those closed since p_since, with past_deadline and failed_share', async () => {
    const now = Date.now();
    const late = await opened({ p_deadline_at: '2025-11-10T20:00:00Z' });
    const onTime = await opened({ ...NEXT_PERIOD, p_deadline_at: new Date(now + 86_400_000).toISOString() });
    const failing = await opened({ p_shard_index: 1, p_shard_count: 2 });
    await markBatchSubmitted(t.db, {
      p_key: failing,
      p_openai_batch_id: 'b-f',
      p_input_file_id: 'f-f',
      p_request_count: 20,
    });
    await closeBatch(t.db, {
      p_key: failing,
      p_run_id: 'run-a',
      p_state: 'collected',
      p_openai_status: 'completed',
      p_counts: { collected: 15, failed: 5 },
    });
    const old = await opened({ p_job: 'plan-refresh' });
    await closeBatch(t.db, {
      p_key: old,
      p_run_id: 'run-a',
      p_state: 'abandoned',
      p_openai_status: null,
      p_counts: {},
    });
    await t.sql.query(
      `update strukt.ai_batches set submitted_at = now() - interval '3 days', closed_at = now() - interval '2 days'
       where key = $1`,
      [old],
    );
    // Submission order, for the expected order of the rows.
    await t.sql.query(
      `update strukt.ai_batches set submitted_at = now() - case key when $1 then interval '3 minutes'
         when $2 then interval '2 minutes' else interval '1 minute' end where key in ($1, $2, $3)`,
      [late, onTime, failing],
    );

    const rows = await batchHealth(t.db, {
      p_as_of: new Date(now).toISOString(),
      p_since: new Date(now - 86_400_000).toISOString(),
    });
    expect(rows.map((r) => r.key)).toEqual([late, onTime, failing]);
    expect(
      rows.map(({ key, job, state, past_deadline, failed_share, request_count, openai_batch_id }) => ({
        key,
        job,
        state,
        past_deadline,
        failed_share,
        request_count,
        openai_batch_id,
      })),
    ).toEqual([
      {
        key: late,
        job: 'weekly-digest',
        state: 'submitting',
        past_deadline: true,
        failed_share: null,
        request_count: 0,
        openai_batch_id: null,
      },
      {
        key: onTime,
        job: 'weekly-digest',
        state: 'submitting',
        past_deadline: false,
        failed_share: null,
        request_count: 0,
        openai_batch_id: null,
      },
      {
        key: failing,
        job: 'weekly-digest',
        state: 'collected',
        past_deadline: false,
        failed_share: 0.25,
        request_count: 20,
        openai_batch_id: 'b-f',
      },
    ]);
    expect(rows[2]!.closed_at).not.toBeNull();
    expect(rows[2]!.openai_status).toBe('completed');
    expect(Object.keys(rows[0]!).sort()).toEqual(
      [
        'key',
        'job',
        'openai_batch_id',
        'state',
        'openai_status',
        'request_count',
        'submitted_at',
        'deadline_at',
        'closed_at',
        'past_deadline',
        'failed_share',
      ].sort(),
    );

    // With p_since before the old batch closed, it is there too.
    const all = await batchHealth(t.db, {
      p_as_of: new Date(now).toISOString(),
      p_since: new Date(now - 5 * 86_400_000).toISOString(),
    });
    expect(all.map((r) => r.key)).toEqual([old, late, onTime, failing]);
    expect(all[0]).toMatchObject({ state: 'abandoned', past_deadline: false, failed_share: null });
  });
});

describe('privileges', () => {
  it('lets service_role call every cron_batch_* function, and neither anon nor authenticated', async () => {
    const grants = await t.sql.query<{
      name: string;
      service: boolean;
      anon: boolean;
      authenticated: boolean;
    }>(
      `select p.proname as name,
              has_function_privilege('service_role', p.oid, 'execute') as service,
              has_function_privilege('anon', p.oid, 'execute') as anon,
              has_function_privilege('authenticated', p.oid, 'execute') as authenticated
       from pg_proc p
       where p.pronamespace = 'public'::regnamespace and p.proname = any ($1)
       order by p.proname`,
      [FUNCTIONS],
    );
    expect(grants).toEqual(
      [...FUNCTIONS].sort().map((name) => ({ name, service: true, anon: false, authenticated: false })),
    );
    const definer = await t.sql.query<{ n: number }>(
      `select count(*)::int as n from pg_proc p
       where p.pronamespace = 'public'::regnamespace and p.proname = any ($1) and p.prosecdef
         and p.proconfig @> array['search_path=""']`,
      [FUNCTIONS],
    );
    expect(definer).toEqual([{ n: FUNCTIONS.length }]);

    const tables = await t.sql.query<Record<string, boolean>>(
      `select bool_or(has_table_privilege(r, c, 'select,insert,update,delete')) as any_privilege
       from unnest(array['anon', 'authenticated', 'service_role']) r,
            unnest(array['strukt.ai_batches', 'strukt.ai_batch_requests']) c`,
    );
    expect(tables).toEqual([{ any_privilege: false }]);

    // As anon, the call itself is refused.
    await t.sql.exec('begin');
    try {
      await t.sql.exec('set local role anon');
      await expect(t.sql.query(`select * from public.cron_batches_unclosed(null)`)).rejects.toMatchObject({
        code: '42501',
      });
    } finally {
      await t.sql.exec('rollback');
    }
  });
});

describe('migrating', () => {
  async function stepsFromOurs(): Promise<number> {
    const files = await readdir(DEFAULT_MIGRATIONS_DIR);
    return files.filter((f) => /^\d{14}_.+\.sql$/.test(f) && f.slice(0, 14) >= OURS).length;
  }

  it('rolls back (tables and functions gone) and applies again', async () => {
    await opened();
    await migrateDown(t.sql, await stepsFromOurs());
    try {
      expect(
        await t.sql.query(
          `select to_regclass('strukt.ai_batches') as batches, to_regclass('strukt.ai_batch_requests') as requests,
                  (select count(*)::int from pg_proc where proname like 'cron\\_batch%' or proname like 'check\\_batch\\_%')
                    as functions`,
        ),
      ).toEqual([{ batches: null, requests: null, functions: 0 }]);
    } finally {
      await migrateUp(t.sql);
    }
    const key = await opened();
    expect((await unclosedBatches(t.db, { p_job: null })).map((b: BatchRow) => b.key)).toEqual([key]);
  });
});
