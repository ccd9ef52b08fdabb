/**
 * Batch mode (`--ai batch`) end to end on PostgreSQL and through the PostgREST gateway (the
 * supabase transport), against the fake OpenAI server's /v1/files and /v1/batches: submit →
 * poll → collect, failed / invalid / missing lines, expiry and the deadline served directly,
 * nothing written twice by two collectors, and plans as well as digests.
 */
import { afterAll, beforeAll, beforeEach, describe as vitestDescribe, expect, it } from 'vitest';
import { createBatchClient } from '../../src/ai/batchClient.ts';
import { createBatchWriter, type BatchLimits, type BatchWriter } from '../../src/ai/batchWriter.ts';
import { createOpenAiWriter } from '../../src/ai/openaiWriter.ts';
import { withFallback } from '../../src/ai/withFallback.ts';
import { createSupabaseDb } from '../../src/db/supabase.ts';
import type { Db } from '../../src/db/types.ts';
import { planRefreshJob } from '../../src/jobs/planRefresh.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import type { RunReport } from '../../src/runs/types.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI.ts';
import { addMessage, addPlan, addUser, addWorkout, resetData } from '../support/fixtures.ts';
import { testKeys } from '../support/jwt.ts';
import { loggedRuns } from '../support/runLog.ts';
import { startGateway, type Gateway } from '../support/postgrestGateway.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

// The gateway needs a server it can reach by URL (PGlite has none): skipped only outside CI
// when TEST_DATABASE_URL is not set.
const describe = runServerSuites ? vitestDescribe : vitestDescribe.skip;

const JWT_SECRET = 'test-secret-of-at-least-32-characters!!';
/** An hour after the Sunday 20:00 slot: the digest period is 2 Nov 20:00 → 9 Nov 20:00. */
const AS_OF = '2025-11-09T21:00:00Z';
const HOUR = 3_600_000;

let t: TestDatabase;
let fake: FakeOpenAI;
let gateway: Gateway;
let supabase: Db;

beforeAll(async () => {
  if (!runServerSuites) return;
  t = await createTestDatabase();
  fake = await startFakeOpenAI();
  gateway = await startGateway({ databaseUrl: t.url!, jwtSecret: JWT_SECRET });
  supabase = createSupabaseDb({ url: gateway.url, serviceRoleKey: testKeys(JWT_SECRET).serviceRole });
});
afterAll(async () => {
  await supabase?.close();
  await gateway?.close();
  await fake?.close();
  await t?.drop();
});

const direct = () =>
  withFallback(
    createOpenAiWriter({
      apiKey: 'sk-test-key',
      baseURL: fake.url,
      model: 'gpt-4o-mini',
      sleep: async () => {},
    }),
  );
const batchWriter = (deadlineMs = 20 * HOUR, limits?: BatchLimits): BatchWriter =>
  createBatchWriter({
    client: createBatchClient({ apiKey: 'sk-test-key', baseURL: fake.url }),
    model: 'gpt-4o-mini',
    deadlineMs,
    ...(limits ? { limits } : {}),
  });

/** A digest run in batch mode at `asOf`, `later` ms after AS_OF by the run's clock. */
const digestRun = (
  db: Db,
  opts: { later?: number; batch?: BatchWriter; shard?: { index: number; count: number } } = {},
) =>
  runTestJob(
    weeklyDigestJob,
    db,
    testOptions(
      new Date(Date.parse(AS_OF) + (opts.later ?? 0)).toISOString(),
      opts.shard ? { shard: opts.shard } : {},
    ),
    { ai: direct(), batch: opts.batch ?? batchWriter(), now: () => Date.now() + (opts.later ?? 0) },
  );

/** Active users of the period: `consenting` with openai_processing consent, then one without. */
async function users(consenting: number): Promise<{ ids: string[]; declined: string }> {
  const ids: string[] = [];
  for (let i = 0; i < consenting; i++) {
    const id = await addUser(t.sql, { consent: true });
    await addWorkout(t.sql, id, '2025-11-04T18:00:00Z', 40 + i);
    await addMessage(t.sql, id, '2025-11-05T09:00:00Z', 'Good week so far');
    ids.push(id);
  }
  const declined = await addUser(t.sql, { consent: false });
  await addWorkout(t.sql, declined, '2025-11-06T10:00:00Z', 30);
  return { ids, declined };
}

const digests = (sql = t.sql) =>
  sql.query<{ user_id: string; generation_method: string; reason: string | null; n: number }>(
    `select user_id, generation_method, details ->> 'fallback_reason' as reason, count(*) over (partition by user_id)::int as n
     from ai_coach_notes order by user_id`,
  );
const batchRows = () =>
  t.sql.query<{
    state: string;
    openai_batch_id: string | null;
    request_count: number;
    counts: Record<string, number>;
  }>(`select state, openai_batch_id, request_count, counts from strukt.ai_batches order by submitted_at`);

function lastBatchId(): string {
  const all = fake.batches.list();
  return all[all.length - 1]!.id;
}

beforeEach(async () => {
  if (!runServerSuites) return;
  await resetData(t.sql);
  await t.sql.exec('truncate strukt.ai_batches cascade');
  fake.batches.setScript(undefined);
});

describe('batch mode, weekly digest', () => {
  it.each(['postgres', 'supabase'] as const)(
    'submits the consenting users, writes templates for the rest at once, then a later run collects the answers (%s)',
    async (transport) => {
      const db = transport === 'postgres' ? t.db : supabase;
      const { ids, declined } = await users(3);

      const batchesBefore = fake.batches.list().length;
      const first = await digestRun(db);
      expect(first.status).toBe('success');
      expect(first.message).toMatch(/^Generated 1 weekly digests; submitted 3 requests in batch batch_\w+/);
      expect(first.figures['batch.submitted']).toBe(3);
      expect(first.counts.skipped).toEqual({ submitted_in_batch: 3 });
      // The file holds the requests, named by custom_id only: no user id leaves with it.
      const input = fake.files.get(fake.batches.get(lastBatchId()).input_file_id)!.text;
      expect(input.trim().split('\n')).toHaveLength(3);
      for (const id of ids) expect(input).not.toContain(id);
      expect(input).toMatch(/"custom_id":"digest-2025-11-09-s0of1-000001"/);
      expect(await digests()).toEqual([
        { user_id: declined, generation_method: 'template', reason: null, n: 1 },
      ]);

      // Still running: nothing collected, nothing submitted again.
      const second = await digestRun(db, { later: HOUR });
      expect(second.figures['batch.running']).toBe(1);
      expect(second.figures['batch.in_flight']).toBe(1);
      expect(fake.batches.list()).toHaveLength(batchesBefore + 1);

      fake.batches.settle(lastBatchId());
      const third = await digestRun(db, { later: 2 * HOUR });
      expect(third.status).toBe('success');
      expect(third.message).toMatch(/Generated 3 weekly digests; collected batch batch_\w+ \(3 requests\)/);
      expect(third.figures).toMatchObject({ 'batch.collected': 3, 'digests.ai': 3 });
      expect(third.ai.batch).toMatchObject({ requests: 3 });
      expect(third.ai.batch!.estimatedCostUsd).toBeGreaterThan(0);
      const written = await digests();
      expect(
        written
          .filter((d) => d.generation_method === 'ai')
          .map((d) => d.user_id)
          .sort(),
      ).toEqual([...ids].sort());
      expect(written.every((d) => d.n === 1)).toBe(true);
      expect((await batchRows()).map((b) => b.state)).toEqual(['collected']);

      // Nothing left: a fourth run submits nothing and writes nothing.
      const fourth = await digestRun(db, { later: 3 * HOUR });
      expect(fourth.figures['batch.submitted']).toBeUndefined();
      expect(fourth.counts.considered).toBe(0);
    },
  );

  it('fills a batch up to its request limit; the rest wait, partial, for the run after its collection', async () => {
    const { ids } = await users(3);
    const small = () => batchWriter(20 * HOUR, { requests: 2, bytes: 1024 * 1024 });
    const first = await digestRun(t.db, { batch: small() });
    expect(first.figures['batch.submitted']).toBe(2);
    expect(first.status).toBe('partial_success');
    expect(first.counts).toMatchObject({ remaining: 1 });
    expect(
      fake.files.get(fake.batches.get(lastBatchId()).input_file_id)!.text.trim().split('\n'),
    ).toHaveLength(2);
    fake.batches.settle(lastBatchId());
    // Collects the two, then submits the third.
    const second = await digestRun(t.db, { later: HOUR, batch: small() });
    expect(second.figures).toMatchObject({ 'batch.collected': 2, 'batch.submitted': 1 });
    expect(second.status).toBe('success');
    fake.batches.settle(lastBatchId());
    await digestRun(t.db, { later: 2 * HOUR, batch: small() });
    const written = await digests();
    expect(written.filter((d) => ids.includes(d.user_id)).map((d) => [d.generation_method, d.n])).toEqual([
      ['ai', 1],
      ['ai', 1],
      ['ai', 1],
    ]);
  });

  it('opens no batch when not one request fits its byte limit: every consenting user waits', async () => {
    await users(2);
    const made = fake.batches.list().length;
    const report = await digestRun(t.db, { batch: batchWriter(20 * HOUR, { requests: 50_000, bytes: 100 }) });
    expect(report.status).toBe('partial_success');
    expect(report.counts).toMatchObject({ remaining: 2 });
    expect(report.figures['batch.submitted']).toBeUndefined();
    expect(fake.batches.list()).toHaveLength(made);
    expect(await batchRows()).toEqual([]);
  });

  it('gives a failed, an invalid and a missing line the template with the reason, and counts them', async () => {
    const { ids } = await users(4);
    fake.batches.setScript({
      failLines: (_id, i) => i === 0,
      lineFaults: (_id, i) => (i === 1 ? 'malformed' : null),
      malformedOutputLines: (_id, i) => i === 2,
    });
    await digestRun(t.db);
    fake.batches.settle(lastBatchId());
    const collect = await digestRun(t.db, { later: HOUR });
    expect(collect.figures).toMatchObject({
      'batch.collected': 1,
      'batch.failed': 3,
      'batch.fell_back': 3,
      'digests.ai': 1,
      'digests.fallback': 3,
    });
    const reasons = (await digests()).filter((d) => ids.includes(d.user_id)).map((d) => String(d.reason));
    expect(reasons.sort()).toEqual(['batch_malformed_json', 'batch_missing', 'batch_server_error', 'null']);
    expect((await batchRows())[0]!.counts).toMatchObject({ collected: 1, failed: 3, fell_back: 3 });
  });

  it('serves the users of an expired batch with the direct writer, once, keeping the answers it has', async () => {
    const { ids } = await users(4);
    fake.batches.setScript({ outcome: 'expired', linesBeforeExpiry: 1 });
    await digestRun(t.db);
    fake.batches.settle(lastBatchId());
    const before = fake.requests.length;
    const collect = await digestRun(t.db, { later: HOUR });
    expect(collect.figures).toMatchObject({
      'batch.collected': 1,
      'batch.served_directly': 3,
      'digests.ai': 4,
    });
    // Three direct chat completions, one per user the batch did not answer.
    expect(fake.requests.length - before).toBe(3);
    const written = await digests();
    expect(
      written.filter((d) => ids.includes(d.user_id)).every((d) => d.generation_method === 'ai' && d.n === 1),
    ).toBe(true);
    expect((await batchRows())[0]!.state).toBe('expired');
    await digestRun(t.db, { later: 2 * HOUR });
    expect((await digests()).every((d) => d.n === 1)).toBe(true);
  });

  it('serves the users of a batch that failed validation with the direct writer', async () => {
    await users(3);
    fake.batches.setScript({ outcome: 'failed' });
    await digestRun(t.db);
    fake.batches.settle(lastBatchId());
    const collect = await digestRun(t.db, { later: HOUR });
    expect(collect.figures).toMatchObject({ 'batch.served_directly': 3, 'digests.ai': 3 });
    expect(collect.message).toMatch(/failed batch batch_\w+ \(3 requests\)/);
    expect((await batchRows())[0]!.state).toBe('failed');
  });

  it('cancels a batch past its deadline and serves its users directly', async () => {
    await users(2);
    await digestRun(t.db, { batch: batchWriter(2 * HOUR) });
    // Never advanced: still validating three hours on, past the two-hour deadline.
    const late = await digestRun(t.db, { later: 3 * HOUR });
    expect(late.figures).toMatchObject({ 'batch.cancelled_past_deadline': 1, 'batch.served_directly': 2 });
    expect(fake.batchRequestCounts()['batches.cancel']).toBeGreaterThanOrEqual(1);
    expect((await batchRows())[0]!.state).toBe('cancelled');
    expect((await digests()).filter((d) => d.generation_method === 'ai')).toHaveLength(2);
  });

  it('two collectors at once: one collects, each digest is written once', async () => {
    await users(6);
    await digestRun(t.db);
    fake.batches.settle(lastBatchId());
    // Two shards run side by side (leases per shard), and each polls every open batch of the job.
    // The files download slowly, so whichever claims the batch first still holds it when the other
    // tries: the race is real every time, not only when the timing happens to overlap.
    const slow = (): BatchWriter => {
      const writer = batchWriter();
      const client = writer.client;
      return createBatchWriter({
        model: writer.model,
        deadlineMs: writer.deadlineMs,
        client: {
          ...client,
          async *lines(fileId) {
            await new Promise((resolve) => setTimeout(resolve, 400));
            yield* client.lines(fileId);
          },
        },
      });
    };
    const [a, b] = await Promise.all([
      digestRun(t.db, { later: HOUR, shard: { index: 0, count: 2 }, batch: slow() }),
      digestRun(t.db, { later: HOUR, shard: { index: 1, count: 2 }, batch: slow() }),
    ]);
    const collected = (a.figures['batch.collected'] ?? 0) + (b.figures['batch.collected'] ?? 0);
    expect(collected).toBe(6);
    expect([a, b].filter((r: RunReport) => r.figures['batch.held_by_another_run'] === 1)).toHaveLength(1);
    const written = await digests();
    expect(written.filter((d) => d.generation_method === 'ai')).toHaveLength(6);
    expect(written.every((d) => d.n === 1)).toBe(true);
  });

  it('a run in direct mode collects the open batch first, then writes the new candidates directly', async () => {
    const { ids } = await users(2);
    await digestRun(t.db);
    fake.batches.settle(lastBatchId());
    const late = await addUser(t.sql, { consent: true });
    await addWorkout(t.sql, late, '2025-11-07T18:00:00Z', 30);
    const before = fake.requests.length;
    const direct_ = await runTestJob(
      weeklyDigestJob,
      t.db,
      testOptions(new Date(Date.parse(AS_OF) + HOUR).toISOString()),
      { ai: direct(), batch: batchWriter(), submitBatches: false, now: () => Date.now() + HOUR },
    );
    expect(direct_.figures).toMatchObject({ 'batch.collected': 2, 'digests.ai': 3 });
    expect(direct_.figures['batch.submitted']).toBeUndefined();
    // One chat completion: the user the batch did not hold.
    expect(fake.requests.length - before).toBe(1);
    const written = await digests();
    expect(
      written.filter((d) => [...ids, late].includes(d.user_id)).every((d) => d.generation_method === 'ai'),
    ).toBe(true);
  });

  it('adopts a batch OpenAI made whose recording was lost, and collects it', async () => {
    await users(2);
    await digestRun(t.db);
    // As if the run had stopped between OpenAI's answer and recording it.
    await t.sql.exec(
      `update strukt.ai_batches set state = 'submitting', openai_batch_id = null, input_file_id = null`,
    );
    fake.batches.settle(lastBatchId());
    const made = fake.batches.list().length;
    const collect = await digestRun(t.db, { later: HOUR });
    expect(collect.figures).toMatchObject({ 'batch.collected': 2, 'digests.ai': 2 });
    // Adopted, not submitted again.
    expect(fake.batches.list()).toHaveLength(made);
    expect((await batchRows()).map((b) => [b.state, b.openai_batch_id])).toEqual([
      ['collected', lastBatchId()],
    ]);
  });

  it('a batch it cannot collect costs that batch, not the run: its own users are still written', async () => {
    await users(1);
    await digestRun(t.db);
    await t.sql.exec(`update strukt.ai_batches set openai_batch_id = 'batch_gone'`);
    const late = await addUser(t.sql, { consent: false });
    await addWorkout(t.sql, late, '2025-11-07T18:00:00Z', 30);
    const next = await digestRun(t.db, { later: HOUR, batch: batchWriter() });
    // Its one user is left for the next run: partial, and the run log says why.
    expect(next.status).toBe('partial_success');
    expect(next.counts).toMatchObject({ remaining: 1 });
    expect(next.figures['batch.collect_failed']).toBe(1);
    expect(next.errors.join('\n')).toMatch(/collect batch batch_gone/);
    expect(next.message).toMatch(/could not collect 1 batch \(the next run tries again\)/);
    expect((await digests()).map((d) => d.user_id)).toContain(late);
    const logged = (await loggedRuns(t.sql, 'generateWeeklyDigest')).at(-1);
    expect(logged).toMatchObject({
      status: 'partial_success',
      errorMessage: expect.stringMatching(/batch_gone/),
    });
  });

  it('a submit that fails before reaching OpenAI closes its batch at once: the next run submits', async () => {
    await users(2);
    const made = fake.batches.list().length;
    // No folder for the request file (os.tmpdir() reads TMPDIR at each call).
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = '/nonexistent/strukt-test-tmp';
    let failed: RunReport;
    try {
      failed = await digestRun(t.db);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(failed.status).toBe('error');
    expect(failed.message).toMatch(/ENOENT/);
    expect(await batchRows()).toMatchObject([{ state: 'abandoned', openai_batch_id: null }]);
    expect(fake.batches.list()).toHaveLength(made);
    // A minute later, not ten: nothing stands in the way.
    const next = await digestRun(t.db, { later: 60_000 });
    expect(next.figures['batch.submitted']).toBe(2);
  });

  it('a dry run decides who would be submitted and sends nothing', async () => {
    await users(2);
    const before = fake.batchRequests.length;
    const report = await runTestJob(weeklyDigestJob, t.db, testOptions(AS_OF, { dryRun: true }), {
      ai: direct(),
      batch: batchWriter(),
    });
    expect(report.message).toBe(
      'Dry run: would generate 3 weekly digests; would submit 2 requests in a batch',
    );
    expect(fake.batchRequests.length).toBe(before);
    expect(await batchRows()).toEqual([]);
  });
});

describe('batch mode, plan refresh', () => {
  it('submits the plans of consenting onboarded users and collects them as new plan versions', async () => {
    const id = await addUser(t.sql, { consent: true });
    await addWorkout(t.sql, id, '2025-11-08T18:00:00Z', 40);
    const plan = (later: number) =>
      runTestJob(planRefreshJob, t.db, testOptions(new Date(Date.parse(AS_OF) + later).toISOString()), {
        ai: direct(),
        batch: batchWriter(),
        now: () => Date.now() + later,
      });
    const submit = await plan(0);
    expect(submit.figures['batch.submitted'], JSON.stringify(submit)).toBe(1);
    // Two hours later the as-of has moved, but the batch is open: nothing is submitted again.
    const again = await plan(2 * HOUR);
    expect(again.figures['batch.in_flight']).toBe(1);
    expect(fake.batches.list().filter((b) => b.metadata?.['strukt_job'] === 'plan-refresh')).toHaveLength(1);
    fake.batches.settle(lastBatchId());
    const collect = await plan(3 * HOUR);
    expect(
      collect.figures,
      JSON.stringify([submit, again, collect].map((r) => [r.message, r.figures])),
    ).toMatchObject({ 'batch.collected': 1, 'plans.ai': 1 });
    const plans = await t.sql.query<{ generation_method: string }>(
      `select generation_method from plans where user_id = $1 order by version`,
      [id],
    );
    expect(plans).toEqual([{ generation_method: 'ai' }]);
  });

  // The STRUKT app writes plans too (a user asks for a new one): hours pass between submit and
  // collect, and a plan made in between must stay the newest, not be buried under the batch's.
  const planRun = (later: number) =>
    runTestJob(planRefreshJob, t.db, testOptions(new Date(Date.parse(AS_OF) + later).toISOString()), {
      ai: direct(),
      batch: batchWriter(),
      now: () => Date.now() + later,
    });
  const versions = (id: string) =>
    t.sql.query<{ version: number; generation_method: string }>(
      `select version, generation_method from plans where user_id = $1 order by version`,
      [id],
    );

  it.each([
    ['completes', 'completed'],
    ['expires before answering', 'expired'],
  ] as const)(
    'a batch that %s leaves a plan the app wrote after the submit as the newest',
    async (_what, outcome) => {
      const kept = await addUser(t.sql, { consent: true });
      const refreshed = await addUser(t.sql, { consent: true });
      for (const id of [kept, refreshed]) {
        await addWorkout(t.sql, id, '2025-11-08T18:00:00Z', 40);
        await addPlan(t.sql, id, 1, '2025-09-01T10:00:00Z'); // stale: a candidate
      }
      if (outcome === 'expired') fake.batches.setScript({ outcome: 'expired', linesBeforeExpiry: 0 });
      const submit = await planRun(0);
      expect(submit.figures['batch.submitted']).toBe(2);
      // An hour later the app writes `refreshed` a plan of its own: version 2.
      await addPlan(t.sql, refreshed, 2, new Date(Date.parse(AS_OF) + HOUR).toISOString());
      fake.batches.settle(lastBatchId());
      const collect = await planRun(3 * HOUR);
      expect(collect.figures, JSON.stringify(collect.figures)).toMatchObject({
        'batch.superseded': 1,
        ...(outcome === 'completed' ? { 'batch.collected': 1 } : { 'batch.served_directly': 1 }),
        'plans.ai': 1,
      });
      // Every user the run took up is accounted for: the superseded one is not among them.
      const c = collect.counts;
      const skipped = Object.values(c.skipped).reduce((a, b) => a + b, 0);
      expect(c.considered).toBe(c.succeeded + c.failed + skipped + c.remaining);
      expect(await versions(refreshed)).toEqual([
        { version: 1, generation_method: 'manual' },
        { version: 2, generation_method: 'manual' },
      ]);
      expect(await versions(kept)).toEqual([
        { version: 1, generation_method: 'manual' },
        { version: 2, generation_method: 'ai' },
      ]);
    },
  );
});
